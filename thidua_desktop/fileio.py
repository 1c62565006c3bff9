"""Writing exported files safely: never a half-written document under the real name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from thidua_desktop.errors import UserError
from thidua_desktop.store.faults import disk_full_message, is_disk_full, unwritable_folder_message
from thidua_desktop.store.pending import noted


def _default_mode() -> int:
    """The permissions a plain `open(path, "w")` would give (mkstemp gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place.

    On an error the temporary file is removed and `path` is untouched. A file
    held open by another program (Excel on Windows) gets a Vietnamese sentence.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"Thư mục “{path.parent}” không tồn tại; hãy chọn nơi lưu khác.")
    try:
        handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                            dir=path.parent)
    except OSError as exc:
        raise UserError(unwritable_folder_message(path.parent, exc)) from exc
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with noted(tmp):  # a kill leaves `tmp`; the next start removes it
            yield tmp
            os.chmod(tmp, _default_mode())
            os.replace(tmp, path)
    except PermissionError as exc:
        raise UserError(
            f"Không ghi được “{path.name}”: tệp đang mở trong chương trình khác hoặc thư mục "
            "không cho ghi. Hãy đóng tệp rồi thử lại."
        ) from exc
    except OSError as exc:
        if is_disk_full(exc):
            raise UserError(disk_full_message(path.parent)) from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)
