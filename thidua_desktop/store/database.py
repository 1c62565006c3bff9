"""Open the one SQLite file safely: pragmas, version checks, backup, migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from thidua_desktop.errors import DatabaseError, NewerDatabaseError, NotOurDatabaseError
from thidua_desktop.store.faults import (
    DiskFullError,
    fault_message,
    is_damage,
    missing_message,
    no_room,
    writable,
)
from thidua_desktop.store.migrations import build_migrations, latest_version

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

# PRAGMA application_id marks files written by this app ("TDDK").
APPLICATION_ID = 0x5444444B
SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_header(path: Path) -> bool:
    """True when the file exists and is not empty; raise when it is not SQLite."""
    if not path.exists():
        return False
    if path.is_dir():
        raise NotOurDatabaseError(f"“{path}” là một thư mục, không phải tệp dữ liệu.")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise DatabaseError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
    if not head:
        return False
    if head != SQLITE_MAGIC:
        raise NotOurDatabaseError(
            f"Tệp “{path.name}” không phải là tệp dữ liệu của Thi đua Desktop. "
            "Hãy chọn tệp .sqlite do chương trình tạo ra."
        )
    return True


def connect_readonly(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection, also on a read-only folder or write-protected medium.

    A WAL file needs its `-shm` beside it; where that cannot be created (a
    read-only place, a full disk), the file is opened as immutable: nobody can
    change it there anyway.
    """
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        stuck = not writable(Path(path)) or no_room(Path(path).parent)
        if not ("unable to open" in text or "i/o" in text) or not stuck:
            conn.close()
            raise
        conn.close()
        conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=timeout,
                               check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = connect_readonly(path)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's PRAGMA user_version."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _identify(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's version; refuse foreign or newer files without writing."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = schema_version(conn)
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
    except sqlite3.OperationalError as exc:
        if not is_damage(exc):  # a full disk, a lock, a pulled stick: not damage
            raise _operational_error(path, exc) from exc
        raise NotOurDatabaseError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải cơ sở dữ liệu SQLite ({exc})."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise NotOurDatabaseError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải cơ sở dữ liệu SQLite ({exc})."
        ) from exc
    if tables and app_id != APPLICATION_ID:
        raise NotOurDatabaseError(
            f"Tệp “{path.name}” là cơ sở dữ liệu của một chương trình khác, "
            "không phải của Thi đua Desktop. Tệp không bị thay đổi."
        )
    if version > latest_version():
        raise NewerDatabaseError(
            f"Tệp “{path.name}” được tạo bởi phiên bản mới hơn của Thi đua Desktop "
            f"(cấu trúc dữ liệu số {version}, phiên bản này chỉ hiểu đến số {latest_version()}). "
            "Hãy cập nhật chương trình; tệp không bị thay đổi."
        )
    return version


def copy_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the file aside through the backup API before the schema changes."""
    target = path.with_name(f"{path.stem}.truoc-nang-cap-v{version}{path.suffix or '.sqlite'}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(
            f"{path.stem}.truoc-nang-cap-v{version}-{counter}{path.suffix or '.sqlite'}"
        )
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("copied %s to %s before migrating from version %s", path, target, version)
    return target


def _database(conn: sqlite3.Connection) -> Database:
    """sqlite_utils' Database over our connection, without third-party sqlite-utils plugins.

    None is part of the program, and looking for them reads every installed
    package's entry points (~14 ms at start-up). sqlite_utils itself (~75 ms
    to import) is imported here, when a file is opened, not with this module.
    """
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def open_database(path: str | Path, *, readonly: bool = False, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the app's database at `path`."""
    path = Path(path)
    existed = _check_header(path)
    if not existed and (readonly or not create):
        raise DatabaseError(missing_message(path))
    if not existed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Không tạo được thư mục “{path.parent}”: {exc.strerror}.") from exc
    try:
        conn = _connect(path, readonly)
    except sqlite3.OperationalError as exc:
        raise _operational_error(path, exc) from exc
    except sqlite3.Error as exc:
        raise DatabaseError(f"Không mở được tệp “{path}”: {exc}.") from exc
    try:
        version = _identify(conn, path)
        if readonly:
            if version < latest_version():
                raise DatabaseError(
                    f"Tệp “{path.name}” thuộc phiên bản cũ và cần nâng cấp; "
                    "không thể nâng cấp khi mở ở chế độ chỉ đọc."
                )
            return _database(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        db = _database(conn)
        migrations = build_migrations()
        if migrations.pending(db):
            if existed and version > 0:
                copy_before_migration(conn, path, version)
            migrations.apply(db)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        return db
    except sqlite3.OperationalError as exc:
        conn.close()
        raise _operational_error(path, exc) from exc
    except BaseException:
        conn.close()
        raise


def open_before_check(path: str | Path, *, readonly: bool = False) -> Database | None:
    """The app's file opened for reading before its quick check has ended; None if that would write.

    The connection refuses every write (PRAGMA query_only) until
    `allow_writes`: nothing may write to a file before the check has passed.
    A file that opening would write (one needing an upgrade, one not yet in
    WAL mode) gives None: it is opened with `open_database` after the check.
    Raises as `open_database` does for a file that is not ours or is newer.
    """
    path = Path(path)
    if not _check_header(path):
        return None
    conn = _connect(path, readonly)
    try:
        conn.execute("PRAGMA query_only = ON")
        version = _identify(conn, path)
        if version < latest_version() or (
                not readonly and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"):
            conn.close()
            return None
        conn.execute("PRAGMA synchronous = FULL")
        db = _database(conn)
        if build_migrations().pending(db):
            conn.close()
            return None
        return db
    except BaseException:
        conn.close()
        raise


def allow_writes(db: Database) -> None:
    """Lift `open_before_check`'s refusal of writes (the quick check has passed)."""
    db.conn.execute("PRAGMA query_only = OFF")


def _operational_error(path: Path, exc: sqlite3.OperationalError) -> DatabaseError:
    sentence = fault_message(exc, path)
    if sentence is not None:
        return (DiskFullError if "đầy" in sentence else DatabaseError)(sentence)
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"Tệp “{path.name}” chỉ cho phép đọc; không thể ghi thay đổi.")
    if "locked" in text or "busy" in text:
        return DatabaseError(f"Tệp “{path.name}” đang được một chương trình khác sử dụng.")
    return DatabaseError(f"Không mở được tệp “{path.name}”: {exc}.")


def open_memory_database() -> Database:
    """A fresh in-memory database with the full schema (tests, previews)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    db = _database(conn)
    build_migrations().apply(db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return db
