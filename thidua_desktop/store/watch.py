"""Is the open file still there? A USB stick pulled or a share gone mid-session.

The window asks `FileWatch.problem()` every few seconds and before trusting
an error from SQLite. When the file is gone the window closes its connection
(so nothing is written to a file that no longer exists) and says so: every
completed action was already committed to the file itself.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

_DISCONNECT_WORDS = ("disk i/o error", "input/output error", "unable to open database file", "no such file",
                     "readonly database", "read-only database")


class FileWatch:
    """Remembers which file was opened at `path` and tells when it is gone or replaced."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._stat: os.stat_result | None = os.stat(self.path)
        except OSError:
            self._stat = None

    def problem(self) -> str | None:
        """A Vietnamese sentence when the file is no longer usable where it was, else None."""
        try:
            current = os.stat(self.path)
        except OSError:
            return gone_message(self.path)
        if self._stat is not None and not os.path.samestat(current, self._stat):
            return (
                f"Tệp dữ liệu “{self.path.name}” vừa bị thay bằng một tệp khác từ bên ngoài "
                "chương trình (chép đè hoặc đồng bộ). Chương trình đã đóng tệp để không ghi "
                "lẫn vào tệp mới; mọi thay đổi trước đó đã được lưu. Hãy mở lại tệp."
            )
        return None

    def is_back(self) -> bool:
        """True when a file is again at the path (the stick was plugged back in)."""
        try:
            return self.path.is_file() and self.path.stat().st_size > 0
        except OSError:
            return False


def gone_message(path: Path) -> str:
    """The sentence for a file that disappeared while open."""
    return (
        f"Không còn thấy tệp dữ liệu “{path.name}” trong “{path.parent}” — có thể USB đã bị "
        "rút hoặc ổ mạng mất kết nối. Mọi thay đổi đã làm trước đó đều đã được lưu vào tệp. "
        "Chương trình đã đóng tệp để không mất thêm gì; hãy cắm lại thiết bị rồi mở lại tệp."
    )


def is_disconnect_error(exc: BaseException) -> bool:
    """True for the SQLite errors a vanished file or device produces."""
    if not isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError | OSError):
        return False
    text = str(exc).lower()
    return any(word in text for word in _DISCONNECT_WORDS)
