"""Automatic rotating backups: one on opening, then one a day, keeping the last N.

Each is a full copy through SQLite's online backup API (safe while the window
writes), with the attached dossier files (unchanged ones hard-linked to the
previous backup). N is the setting `backup.keep` in the database (default 10).
A copy identical to the newest one is not made, so opening the file many
times a day does not push older, different copies out of the rotation.
Manual backups and the copies kept by a restore are never removed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from thidua_desktop.errors import DatabaseError, ValidationError
from thidua_desktop.store.backup import attachments_dir, backup_database, backups_dir

if TYPE_CHECKING:  # sqlite_utils loads when a file is opened, not with this module
    from sqlite_utils import Database

log = logging.getLogger(__name__)

SETTING_KEEP = "backup.keep"
DEFAULT_KEEP = 10
MAX_KEEP = 365
DAILY = dt.timedelta(days=1)
AUTO_TAG = "tu-dong"
_STAMP = "%Y%m%d-%H%M%S"


def keep_count(db: Database | None) -> int:
    """How many automatic backups to keep (the `backup.keep` setting)."""
    if db is None:
        return DEFAULT_KEEP
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTING_KEEP]).fetchone()
        value = int(json.loads(row[0])) if row else DEFAULT_KEEP
    except (ValueError, TypeError, json.JSONDecodeError):
        return DEFAULT_KEEP
    return min(max(value, 1), MAX_KEEP)


def set_keep_count(db: Database, count: int) -> None:
    """Change how many automatic backups are kept (1 to 365)."""
    if not isinstance(count, int) or not 1 <= count <= MAX_KEEP:
        raise ValidationError(
            f"Số bản sao lưu tự động cần giữ phải từ 1 đến {MAX_KEEP} (đã nhập: {count})."
        )
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [SETTING_KEEP, json.dumps(count)],
    )


def _pattern(db_path: Path) -> re.Pattern:
    return re.compile(rf"^{re.escape(db_path.stem)}-{AUTO_TAG}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite$")


def auto_backups(db_path: str | Path) -> list[tuple[dt.datetime, Path]]:
    """The automatic backups of `db_path` with their times, newest first."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern, found = _pattern(db_path), []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_file():
            found.append((dt.datetime.strptime(match.group(1), _STAMP), int(match.group(2) or 1), path))
    # Several in one second get -2, -3...: the counter orders them.
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(when, path) for when, _n, path in found]


def _last_change(db_path: Path) -> float:
    """When the data last changed: the file, its write-ahead log, the attachments."""
    times = [db_path.stat().st_mtime]
    wal = db_path.with_name(db_path.name + "-wal")
    # An empty -wal is created by merely opening the file; it says nothing.
    if wal.is_file() and wal.stat().st_size > 0:
        times.append(wal.stat().st_mtime)
    files = attachments_dir(db_path)
    if files.is_dir():
        times += [p.stat().st_mtime for p in files.rglob("*")]
        times.append(files.stat().st_mtime)
    return max(times)


def _target(db_path: Path, when: dt.datetime) -> Path:
    """A new name; within one second the counter only grows, even after older ones are pruned."""
    folder = backups_dir(db_path)
    base = f"{db_path.stem}-{AUTO_TAG}-{when.strftime(_STAMP)}"
    taken = [0] + [int(m.group(1) or 1) for p in folder.glob(f"{base}*.sqlite*")
                   if (m := re.match(rf"^{re.escape(base)}(?:-(\d+))?\.sqlite", p.name))]
    counter = max(taken) + 1
    return folder / (f"{base}.sqlite" if counter == 1 else f"{base}-{counter}.sqlite")


def make_auto_backup(db_path: str | Path, keep: int = DEFAULT_KEEP,
                     now: dt.datetime | None = None, force: bool = False) -> Path | None:
    """Make an automatic backup now (unless nothing changed since the newest); prune to `keep`.

    Returns the new backup, or None when none was needed.
    """
    db_path = Path(db_path)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    existing = auto_backups(db_path)
    if existing and not force:
        newest = existing[0][1]
        # The backup's mtime is when it started reading (set below), so any later write counts.
        if _last_change(db_path) < newest.stat().st_mtime:
            log.info("no automatic backup of %s: unchanged since %s", db_path, newest.name)
            return None
    previous = existing[0][1] if existing else None
    target = _target(db_path, now)
    started = time.time()
    out = backup_database(db_path, target, previous=previous)
    os.utime(out, (started, started))
    log.info("automatic backup of %s to %s", db_path, out)
    prune(db_path, keep)
    return out


def backup_is_due(db_path: str | Path, now: dt.datetime | None = None) -> bool:
    """True when the newest automatic backup is a day old (or there is none)."""
    existing = auto_backups(db_path)
    now = now or dt.datetime.now()
    return not existing or now - existing[0][0] >= DAILY


def backup_if_due(db_path: str | Path, keep: int = DEFAULT_KEEP,
                  now: dt.datetime | None = None) -> Path | None:
    """The daily backup: make one when the newest is a day old."""
    if not backup_is_due(db_path, now):
        return None
    return make_auto_backup(db_path, keep, now)


def prune(db_path: str | Path, keep: int) -> list[Path]:
    """Remove automatic backups beyond the newest `keep` (and their attachments)."""
    db_path = Path(db_path)
    removed = []
    for _when, path in auto_backups(db_path)[max(keep, 1):]:
        try:
            path.unlink()
            files = attachments_dir(path)
            if files.is_dir():
                shutil.rmtree(files, ignore_errors=True)
            removed.append(path)
        except OSError as exc:
            log.warning("could not remove old backup %s: %s", path, exc)
    folder = backups_dir(db_path)
    if folder.is_dir():
        # Left by a backup killed before these were noted for the next start (store/pending.py).
        for stale in [*folder.glob("*.sqlite.tmp"), *folder.glob("*.sqlite.tmp-journal")]:
            stale.unlink(missing_ok=True)
    return removed


def safe_auto_backup(db_path: str | Path, db: Database | None, daily: bool = False,
                     now: dt.datetime | None = None) -> tuple[Path | None, str | None]:
    """An automatic backup that never stops the work: (backup or None, problem sentence or None)."""
    keep = keep_count(db)
    try:
        made = backup_if_due(db_path, keep, now) if daily else make_auto_backup(db_path, keep, now)
    except (OSError, sqlite3.Error, DatabaseError) as exc:
        log.warning("automatic backup of %s failed: %s", db_path, exc)
        if isinstance(exc, DatabaseError):
            reason = exc.message
        else:
            reason = getattr(exc, "strerror", None) or str(exc)
        return None, (
            f"Không tạo được bản sao lưu tự động ({reason}). Công việc vẫn được lưu vào tệp; "
            "hãy kiểm tra chỗ trống trên ổ đĩa hoặc dùng Tệp > Sao lưu…"
        )
    return made, None
