"""Online backup and restore through SQLite's backup API."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from thidua_desktop.errors import DatabaseError
from thidua_desktop.store.database import _check_header, _identify


def attachments_dir(db_path: Path) -> Path:
    """The folder beside the database that holds attached dossier files."""
    return db_path.with_name(db_path.stem + "-tep-dinh-kem")


def backups_dir(db_path: Path) -> Path:
    """The folder beside the database that holds automatic backups."""
    return db_path.with_name(db_path.stem + "-sao-luu")


def _timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def backup_database(db_path: str | Path, out: str | Path | None = None) -> Path:
    """Copy the live database (and its attachments) to `out` through the backup API."""
    db_path = Path(db_path)
    if not _check_header(db_path):
        raise DatabaseError(f"Không tìm thấy tệp dữ liệu “{db_path}”.")
    if out is None:
        folder = backups_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{db_path.stem}-{_timestamp()}.sqlite"
    out = Path(out)
    if out.resolve() == db_path.resolve():
        raise DatabaseError("Tệp sao lưu phải khác tệp dữ liệu đang dùng.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    src = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
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
    tmp.replace(out)
    files = attachments_dir(db_path)
    if files.is_dir():
        shutil.copytree(files, attachments_dir(out), dirs_exist_ok=True)
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
