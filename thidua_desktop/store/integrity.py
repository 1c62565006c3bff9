"""Is the file whole? A quick check at start-up, and finding the latest good backup."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from thidua_desktop.store.backup import backups_dir
from thidua_desktop.store.faults import is_damage

log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    """The outcome of PRAGMA quick_check (or integrity_check) on one file."""

    ok: bool
    details: list[str]

    def summary(self, limit: int = 3) -> str:
        """The first few problems on one line (for the log and the message)."""
        return "; ".join(self.details[:limit])


def _readonly_connect(path: Path) -> sqlite3.Connection:
    from thidua_desktop.store.database import connect_readonly

    return connect_readonly(path)


def check_file(path: str | Path, full: bool = False) -> CheckResult:
    """Run PRAGMA quick_check (or integrity_check when `full`) on `path`, read-only.

    Never raises for a damaged file: damage is the result, not an error. A full
    disk or another program's lock is not damage: that error is raised.
    """
    path = Path(path)
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = _readonly_connect(path)
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise
        return CheckResult(False, [str(exc)])
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return CheckResult(False, [str(exc)])
    finally:
        conn.close()
    ok = rows == ["ok"]
    if not ok:
        log.warning("%s of %s failed: %s", pragma, path, rows[:5])
    return CheckResult(ok, [] if ok else rows)


def is_good_copy(path: Path) -> bool:
    """True when `path` is a whole database of this app (not newer than this build)."""
    from thidua_desktop.errors import DatabaseError
    from thidua_desktop.store.database import _check_header, _identify

    try:
        if not _check_header(path):
            return False
        conn = _readonly_connect(path)
    except (DatabaseError, sqlite3.Error):
        return False
    try:
        _identify(conn, path)
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except (DatabaseError, sqlite3.Error):
        return False
    finally:
        conn.close()


def backup_candidates(db_path: str | Path) -> list[Path]:
    """Backups of `db_path`, newest first (automatic, manual and pre-upgrade copies)."""
    db_path = Path(db_path)
    found = []
    folder = backups_dir(db_path)
    if folder.is_dir():
        found += [p for p in folder.glob("*.sqlite") if p.is_file()]
    found += [p for p in db_path.parent.glob(f"{db_path.stem}.truoc-nang-cap-v*.sqlite") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_good_backup(db_path: str | Path) -> Path | None:
    """The newest backup of `db_path` that passes the quick check, or None."""
    for candidate in backup_candidates(db_path):
        if is_good_copy(candidate):
            return candidate
        log.warning("backup %s is not usable", candidate)
    return None
