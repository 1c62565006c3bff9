"""The schema as numbered SQL files in `db/`, applied through sqlite-utils' Migrations.

Each file `NNNN_name.sql` is one migration, run in one transaction together
with its record and the new `PRAGMA user_version` (= NNNN).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from thidua_desktop.domain.names import text_key
from thidua_desktop.paths import migrations_dir

if TYPE_CHECKING:  # sqlite_utils loads when migrations are built, not with the version look-up
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "thidua_desktop"
_FILE_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migration_files(folder: Path | None = None) -> list[tuple[int, Path]]:
    """The numbered SQL files, in order."""
    folder = folder or migrations_dir()
    found = []
    for path in folder.iterdir():
        match = _FILE_RE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    return found


def latest_version(folder: Path | None = None) -> int:
    """The schema version this build of the app writes."""
    files = migration_files(folder)
    return files[-1][0] if files else 0


def split_statements(sql: str) -> list[str]:
    """Split a SQL script into complete statements (executescript would COMMIT)."""
    statements, current = [], []
    for line in sql.splitlines(keepends=True):
        current.append(line)
        candidate = "".join(current)
        if sqlite3.complete_statement(candidate):
            if candidate.strip():
                statements.append(candidate.strip())
            current = []
    rest = "".join(current).strip()
    # Trailing comments without a statement are fine; anything else is a bug.
    if rest and not all(ln.strip().startswith("--") or not ln.strip() for ln in rest.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {rest[:80]!r}")
    return statements


def build_migrations(folder: Path | None = None) -> Migrations:
    """A Migrations object with one function per SQL file."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for number, path in migration_files(folder):
        migrations(name=path.stem)(_sql_migration(number, path))
    return migrations


def _sql_migration(number: int, path: Path):
    def apply(db: Database) -> None:
        # Keys only the application can compute, for migrations that fill them (0024).
        db.conn.create_function("text_key", 1, text_key, deterministic=True)
        for statement in split_statements(path.read_text(encoding="utf-8")):
            db.conn.execute(statement)
        db.conn.execute(f"PRAGMA user_version = {int(number)}")

    apply.__name__ = path.stem
    return apply
