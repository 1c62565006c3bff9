"""Online backup and restore through SQLite's backup API."""

from __future__ import annotations

import datetime as dt
import os
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
    tmp.unlink(missing_ok=True)  # left by a backup that was killed
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
    files = attachments_dir(db_path)
    if files.is_dir():
        copy_attachments(files, attachments_dir(out), attachments_dir(previous) if previous else None)
    # The backup file appears last: when it exists, its attachments are complete.
    tmp.replace(out)
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
