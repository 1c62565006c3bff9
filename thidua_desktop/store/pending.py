"""Temporary files being written, noted down so that the next start removes what a kill left.

An export is written to a hidden temporary file beside its target and a
backup to `<name>.sqlite.tmp` (with SQLite's `-journal`); both are renamed
into place at the end. A process killed half way leaves them behind, in any
folder the officer chose. So before writing, each one is noted in a small
file `<pid>-<n>.txt` in the app's own folder; the note goes when the write
ends. At the next start, notes of processes that no longer run are read,
their temporary files removed, and the notes dropped.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from thidua_desktop.paths import documents_dir

log = logging.getLogger(__name__)

_counter = itertools.count(1)
# SQLite's side files of a database being written.
_SIDE = ("-journal", "-wal", "-shm")


def notes_dir() -> Path:
    """Where the notes live (the app's folder in the documents folder)."""
    return documents_dir() / "ThiDua" / ".dang-ghi"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


@contextlib.contextmanager
def noted(tmp: Path) -> Iterator[None]:
    """Note `tmp` for the length of the block (a failure to note never stops the write)."""
    note = notes_dir() / f"{os.getpid()}-{next(_counter)}.txt"
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(str(Path(tmp).resolve()), encoding="utf-8")
    except OSError as exc:
        log.warning("could not note temporary file %s: %s", tmp, exc)
        note = None
    try:
        yield
    finally:
        if note is not None:
            note.unlink(missing_ok=True)


def remove_leftovers() -> list[Path]:
    """Remove the temporary files noted by processes that no longer run; return them."""
    folder = notes_dir()
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for note in folder.glob("*.txt"):
        try:
            pid = int(note.name.split("-", 1)[0])
        except ValueError:
            note.unlink(missing_ok=True)
            continue
        if _pid_alive(pid):
            continue
        try:
            tmp = Path(note.read_text(encoding="utf-8").strip())
        except OSError:
            continue
        for path in [tmp] + [tmp.with_name(tmp.name + side) for side in _SIDE]:
            try:
                if path.is_file():
                    path.unlink()
                    removed.append(path)
            except OSError as exc:  # still open elsewhere, or a read-only medium now
                log.warning("could not remove leftover %s: %s", path, exc)
        note.unlink(missing_ok=True)
    if removed:
        log.info("removed temporary files left by killed work: %s", removed)
    return removed
