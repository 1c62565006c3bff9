"""Faults of the file and its disk, each named in its own Vietnamese sentence.

One owner for: is the file empty, can the app write here, does another
program hold an SQLite lock on it, is this error a full disk. The window
(store/startup.py), the headless commands (commands/_common.py) and the
command line's last resort (cli.py) all ask here, so a fault reads the same
wherever it happens.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from pathlib import Path

from thidua_desktop.errors import DatabaseError

# Another program's lock: how long "wait" waits before asking again.
WAIT_SECONDS = 10.0
_POLL = 0.2

READ, WRITE = "read", "write"
# Less free space than this and an I/O error is taken for a full disk.
_ROOM = 256 * 1024
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


class DiskFullError(DatabaseError):
    """The disk (or the quota) is full; nothing was written."""


def disk_full_message(where: Path | None = None) -> str:
    """The sentence for a full disk."""
    place = f" chứa “{where}”" if where else ""
    return (f"Ổ đĩa{place} đã đầy nên không ghi được. Không có gì bị ghi dở: dữ liệu vẫn như "
            "trước khi làm. Hãy giải phóng dung lượng (xoá bớt tệp, dọn thùng rác) rồi thử lại.")


def is_empty_file(path: Path) -> bool:
    """True when `path` is a file of zero bytes."""
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def empty_file_message(path: Path) -> str:
    """The sentence for a zero-byte database file."""
    return (f"Tệp dữ liệu “{path.name}” rỗng (0 byte): không có dữ liệu nào trong tệp. Có thể "
            "tệp bị chép dở hoặc bị ghi đè. Tệp được để nguyên; hãy mở một bản sao lưu "
            "(thư mục “…-sao-luu” bên cạnh) hoặc chọn tệp khác.")


def missing_message(path: Path) -> str:
    """'Not found' or 'empty', whichever is true."""
    if is_empty_file(path):
        return empty_file_message(path)
    return f"Không tìm thấy tệp dữ liệu “{path}”."


def writable(path: Path) -> bool:
    """Can the app write this file and create its journal beside it?"""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)


def readonly_reason(path: Path) -> str:
    """Why `path` is read-only, for the sentences below."""
    if not os.access(path.parent, os.W_OK):  # the whole stick, or its folder
        return f"thư mục “{path.parent}” chỉ cho phép đọc (hoặc thiết bị đang bật chống ghi)"
    return "tệp chỉ cho phép đọc"


def readonly_note(path: Path) -> str:
    """The window's sentence: the file opens read-only, and why."""
    return (f"Tệp “{path.name}” không ghi được: {readonly_reason(path)}. Tệp được mở ở chế độ "
            "chỉ đọc: xem và xuất được, không sửa được. Muốn sửa, hãy chép tệp vào máy "
            "hoặc tắt chống ghi của thiết bị.")


def readonly_refusal(path: Path) -> str:
    """The headless sentence: a writing command cannot run on a read-only file."""
    return (f"Tệp “{path.name}” không ghi được: {readonly_reason(path)}. Lệnh này cần ghi vào "
            "tệp nên không chạy; các lệnh chỉ xem và xuất vẫn dùng được. Tệp không bị thay đổi.")


def damaged_refusal(path: Path) -> str:
    """The headless sentence: a file that fails the quick check is not written."""
    return (f"Tệp dữ liệu “{path.name}” bị hỏng (kiểm tra nhanh thấy dữ liệu không còn nguyên "
            "vẹn) nên lệnh này không ghi vào tệp. Tệp không bị thay đổi. Hãy mở tệp trong cửa "
            "sổ để khôi phục từ bản sao lưu, hoặc dùng lệnh “restore”.")


def is_locked_error(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked' / 'busy'."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def is_disk_full(exc: BaseException) -> bool:
    """True for ENOSPC/EDQUOT and SQLite's 'database or disk is full' (SQLITE_FULL)."""
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == 13 or "disk is full" in str(exc).lower()
    return False


def sqlite_lock(path: Path, need_write: bool) -> str | None:
    """Does another program hold an SQLite lock? READ (cannot even read), WRITE, or None.

    Probes without waiting: a read of the schema, then (when `need_write`) an
    immediate write transaction that is rolled back at once. Nothing is written.
    """
    from thidua_desktop.store.database import connect_readonly

    try:
        conn = connect_readonly(path, timeout=0)
    except sqlite3.Error as exc:
        return READ if is_locked_error(exc) else None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return READ if is_locked_error(exc) else None
    finally:
        conn.close()
    if not need_write or not writable(path):
        return None
    conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        return WRITE if is_locked_error(exc) else None
    finally:
        conn.close()
    return None


def wait_for_sqlite_lock(path: Path, need_write: bool, seconds: float | None = None) -> bool:
    """Wait up to `seconds` for another program's lock to go; True when it went."""
    deadline = time.monotonic() + (WAIT_SECONDS if seconds is None else seconds)
    while sqlite_lock(path, need_write) is not None:
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)
    return True


def locked_message(path: Path, level: str) -> str:
    """The sentence for another program's lock (a SQLite viewer, a sync or backup tool)."""
    head = (f"Tệp “{path.name}” đang bị một chương trình khác khoá (ví dụ phần mềm xem SQLite, "
            "phần mềm đồng bộ hoặc sao lưu đang mở tệp)")
    if level == READ:
        return head + ", nên hiện không đọc được. Hãy đóng chương trình đó rồi chờ hoặc thử lại."
    return head + (", nên hiện không ghi được. Có thể chờ chương trình đó xong, hoặc mở tệp ở "
                   "chế độ chỉ đọc để xem và xuất.")


def locked_refusal(path: Path, level: str) -> str:
    """The headless sentence for another program's lock."""
    return locked_message(path, level) + " Lệnh không chạy; tệp không bị thay đổi."


def no_room(folder: Path) -> bool:
    """True when the disk holding `folder` is (nearly) full."""
    try:
        return shutil.disk_usage(folder).free < _ROOM
    except OSError:
        return False


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's own verdict that the file is damaged (CORRUPT, NOTADB)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def fault_message(exc: BaseException, path: Path | None = None) -> str | None:
    """The sentence for an OS or SQLite error that is a fault of the disk, or None.

    SQLite reports a full disk while growing its `-shm` as a disk I/O error;
    the free space of the file's folder tells the two apart.
    """
    if is_disk_full(exc) or (path is not None and isinstance(exc, sqlite3.OperationalError)
                             and "i/o" in str(exc).lower() and no_room(path.parent)):
        return disk_full_message(path.parent if path else None)
    if is_locked_error(exc) and path is not None:
        return locked_message(path, WRITE) + " Việc vừa làm không được ghi; tệp không bị thay đổi."
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return f"Không ghi được “{exc.filename or path}”: thiết bị chỉ cho phép đọc (chống ghi)."
    return None


def unwritable_folder_message(folder: Path, exc: BaseException) -> str:
    """The sentence for a folder the app must write into but cannot (backups, exports)."""
    if is_disk_full(exc):
        return disk_full_message(folder)
    return (f"Không ghi được vào thư mục “{folder}”: thư mục chỉ cho phép đọc, không có quyền "
            "ghi hoặc thiết bị đang bật chống ghi. Hãy chọn thư mục khác. Tệp dữ liệu không bị "
            "thay đổi.")


def is_readonly_oserror(exc: BaseException) -> bool:
    """True for an OS error that means 'you may not write here'."""
    return isinstance(exc, OSError) and exc.errno in _READONLY_ERRNOS
