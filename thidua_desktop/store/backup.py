"""Online backup and restore through SQLite's backup API."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from thidua_desktop.errors import DatabaseError
from thidua_desktop.store.database import _check_header, _identify, connect_readonly
from thidua_desktop.store.faults import is_disk_full, missing_message, unwritable_folder_message
from thidua_desktop.store.pending import noted


def attachments_dir(db_path: Path) -> Path:
    """The folder beside the database that holds attached dossier files."""
    return db_path.with_name(db_path.stem + "-tep-dinh-kem")


def backups_dir(db_path: Path) -> Path:
    """The folder beside the database that holds automatic backups."""
    return db_path.with_name(db_path.stem + "-sao-luu")


def _timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def copy_attachments(source: Path, target: Path, previous: Path | None = None) -> None:
    """Copy the attachments folder; files unchanged since `previous` are hard-linked.

    Rotating backups would otherwise hold N full copies of every scanned
    dossier. A link is only made when size and modification time match, and
    falls back to a copy where links are not supported (FAT32 sticks).
    """
    for src in sorted(source.rglob("*")):
        rel = src.relative_to(source)
        dest = target / rel
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        old = previous / rel if previous is not None else None
        if old is not None and old.is_file() and not dest.exists():
            a, b = src.stat(), old.stat()
            if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
                try:
                    os.link(old, dest)
                    continue
                except OSError:
                    pass
        shutil.copy2(src, dest)


def backup_database(
    db_path: str | Path, out: str | Path | None = None, previous: Path | None = None
) -> Path:
    """Copy the live database (and its attachments) to `out` through the backup API.

    `previous` is an earlier backup whose unchanged attachments are linked, not copied.
    """
    db_path = Path(db_path)
    if not _check_header(db_path):
        raise DatabaseError(missing_message(db_path))
    out = Path(out) if out is not None else (
        backups_dir(db_path) / f"{db_path.stem}-{_timestamp()}.sqlite")
    if out.resolve() == db_path.resolve():
        raise DatabaseError("Tệp sao lưu phải khác tệp dữ liệu đang dùng.")
    tmp = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)  # left by a backup that was killed
        with noted(tmp):  # a kill leaves `tmp` and its journal; the next start removes them
            _copy_to(db_path, tmp, out, previous)
    except (OSError, sqlite3.OperationalError) as exc:
        _remove_partial(tmp)
        if isinstance(exc, sqlite3.OperationalError) and not is_disk_full(exc) \
                and "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise
        raise DatabaseError(unwritable_folder_message(out.parent, exc)) from exc
    return out


def _copy_to(db_path: Path, tmp: Path, out: Path, previous: Path | None) -> None:
    src = connect_readonly(db_path)
    try:
        _identify(src, db_path)
        dest = sqlite3.connect(str(tmp))
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        src.close()
    files = attachments_dir(db_path)
    if files.is_dir():
        copy_attachments(files, attachments_dir(out), attachments_dir(previous) if previous else None)
    # The backup file appears last: when it exists, its attachments are complete.
    tmp.replace(out)


def _remove_partial(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(tmp.name + "-journal")):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def copy_damaged(db_path: str | Path, out: str | Path | None = None) -> Path:
    """Copy a damaged database byte for byte (with its write-ahead log), as it is.

    SQLite's backup API may stop at the damage; a plain copy keeps everything
    there is for the one who will try to repair it.
    """
    db_path = Path(db_path)
    out = Path(out) if out is not None else (
        backups_dir(db_path) / f"{db_path.stem}-hong-{_timestamp()}.sqlite")
    tmp = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with noted(tmp):
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.is_file():
                shutil.copy2(wal, out.with_name(out.name + "-wal"))
            shutil.copy2(db_path, tmp)
            tmp.replace(out)
    except OSError as exc:
        _remove_partial(tmp)
        raise DatabaseError(unwritable_folder_message(out.parent, exc)) from exc
    return out


def restore_database(db_path: str | Path, backup: str | Path) -> Path | None:
    """Replace the database by `backup`; keep a copy of what it replaces. Return that copy."""
    db_path, backup = Path(db_path), Path(backup)
    if not _check_header(backup):
        raise DatabaseError(f"Không tìm thấy tệp sao lưu “{backup}”.")
    check = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        _identify(check, backup)
        ok = check.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"Tệp sao lưu “{backup.name}” bị hỏng ({exc}).") from exc
    finally:
        check.close()
    if ok != "ok":
        raise DatabaseError(f"Tệp sao lưu “{backup.name}” bị hỏng; không khôi phục.")
    kept = None
    if _check_header(db_path):
        kept = backup_database(
            db_path, backups_dir(db_path) / f"{db_path.stem}-truoc-khoi-phuc-{_timestamp()}.sqlite"
        )
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(db_path))
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    files = attachments_dir(backup)
    if files.is_dir():
        shutil.copytree(files, attachments_dir(db_path), dirs_exist_ok=True)
    return kept
