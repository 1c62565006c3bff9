"""One writer per database file: a lock file beside it, held with an OS lock.

The lock file `<name>.lock` records who holds it (computer, user, process,
since when) so a second copy of the app can say so. The OS lock (flock on
POSIX, a byte-range lock on Windows) is what counts: the OS drops it when the
holding process dies, so a crash or a killed process never leaves the file
locked for good; the stale lock file is simply taken over.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from thidua_desktop.errors import DatabaseError
from thidua_desktop.store.faults import disk_full_message, is_disk_full

log = logging.getLogger(__name__)

# Windows locks a byte range; lock a byte far past the JSON so it stays readable.
_WIN_LOCK_OFFSET = 1 << 20


class LockedError(DatabaseError):
    """Another copy of the app has the file open for writing."""

    def __init__(self, message: str, holder: LockHolder | None):
        super().__init__(message)
        self.holder = holder


class LockUnavailableError(DatabaseError):
    """The lock file cannot be created (read-only folder or medium)."""


@dataclass
class LockHolder:
    """Who holds a lock, as written in the lock file."""

    host: str = ""
    user: str = ""
    pid: int = 0
    since: str = ""

    def describe(self) -> str:
        """A Vietnamese phrase: 'trên máy X (người dùng Y) từ 08:30 ngày 18/06/2025'."""
        parts = []
        if self.host:
            parts.append(f"trên máy “{self.host}”")
        if self.user:
            parts.append(f"(người dùng {self.user})")
        try:
            when = dt.datetime.fromisoformat(self.since)
            parts.append(f"từ {when:%H:%M} ngày {when:%d/%m/%Y}")
        except (TypeError, ValueError):
            pass
        return " ".join(parts)


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a database: `thidua.sqlite.lock` beside `thidua.sqlite`."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def read_holder(db_path: str | Path) -> LockHolder | None:
    """What the lock file says, or None when there is none or it is unreadable."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockHolder(
            host=str(data.get("host", "")), user=str(data.get("user", "")),
            pid=int(data.get("pid", 0)), since=str(data.get("since", "")),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _try_os_lock(fd: int) -> bool:
    """Take the OS lock on `fd` without waiting; False when someone else holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


class DatabaseLock:
    """The held lock on one database file; `release()` (or the process ending) frees it."""

    def __init__(self, db_path: Path, fd: int):
        self.db_path = db_path
        self.path = lock_path(db_path)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        """True until released."""
        return self._fd is not None

    def release(self) -> None:
        """Free the lock and remove the lock file (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            # Remove while still holding the lock, so nobody takes over a file being deleted.
            self.path.unlink()
        except OSError:
            pass  # on Windows an open file cannot be removed; it is reused next time
        try:
            _os_unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()

    def __del__(self) -> None:  # the OS frees it anyway; this keeps tests tidy
        try:
            self.release()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass


def acquire_lock(db_path: str | Path) -> DatabaseLock:
    """Take the writer's lock on `db_path`.

    Raises LockedError (naming the holder) when another copy of the app has it,
    LockUnavailableError when the lock file cannot be created (read-only place).
    """
    db_path = Path(db_path)
    path = lock_path(db_path)
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _unavailable(path, exc) from exc
        if not _try_os_lock(fd):
            os.close(fd)
            holder = read_holder(db_path)
            who = holder.describe() if holder else ""
            raise LockedError(
                f"Tệp “{db_path.name}” đang được mở để ghi bởi một cửa sổ Thi đua Desktop khác"
                + (f" {who}" if who else "")
                + ". Mỗi tệp chỉ được một cửa sổ ghi cùng lúc. Hãy đóng cửa sổ kia, "
                "hoặc mở tệp ở chế độ chỉ đọc.",
                holder,
            )
        # The previous holder may have removed the file between our open and lock:
        # then we locked a file nobody else will look at. Start again.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except OSError:
            same = False
        if not same:
            _os_unlock(fd)
            os.close(fd)
            continue
        try:
            _write_holder(fd)
        except OSError as exc:  # a full disk: the window must survive and say so
            _os_unlock(fd)
            os.close(fd)
            raise _unavailable(path, exc) from exc
        log.info("locked %s", db_path)
        return DatabaseLock(db_path, fd)
    raise LockUnavailableError(f"Không giữ được khoá của tệp “{db_path.name}”; hãy thử lại.")


def _write_holder(fd: int) -> None:
    data = json.dumps({
        "host": socket.gethostname(), "user": _user(), "pid": os.getpid(),
        "since": dt.datetime.now().isoformat(timespec="seconds"),
        "program": "Thi đua Desktop",
    }, ensure_ascii=False).encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.ftruncate(fd, len(data))


def _unavailable(path: Path, exc: OSError) -> LockUnavailableError:
    if is_disk_full(exc):
        return LockUnavailableError(disk_full_message(path.parent))
    return LockUnavailableError(
        f"Không tạo được tệp khoá “{path.name}” bên cạnh tệp dữ liệu "
        f"({exc.strerror or exc}); thư mục có thể chỉ cho phép đọc."
    )
