"""Helpers for the migration tests: a file of an older schema, whole tables, rows kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

RELEASE1 = Path(__file__).resolve().parent / "data" / "previous_release" / "demo_release1.sqlite"


def tables(conn) -> dict[str, list]:
    """Every row of every table (not the search index's, nor the migrations' record), in rowid order."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'delegate_search%' AND name != '_sqlite_migrations'")]
    return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


def assert_kept(before: dict[str, list], after: dict[str, list]) -> None:
    """Every old row and value is still there (a migration adds columns after the old ones)."""
    old_columns = {t: len(rows[0]) for t, rows in before.items() if rows}
    for table, rows in before.items():
        assert [r[:old_columns.get(table, 0)] for r in after[table]] == rows, table


def file_of_schema(tmp_path: Path, upto: int) -> Path:
    """A copy of the first release's demo file brought to schema `upto` (no later migration)."""
    from sqlite_utils import Database

    from thidua_desktop.store.migrations import build_migrations, migration_files

    folder = tmp_path / f"db{upto}"
    folder.mkdir()
    for number, file in migration_files():
        if number <= upto:
            shutil.copyfile(file, folder / file.name)
    path = tmp_path / f"schema{upto}.sqlite"
    shutil.copyfile(RELEASE1, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    build_migrations(folder).apply(Database(conn))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == upto
    conn.close()
    return path


def release1_copy(tmp_path: Path) -> Path:
    """A copy of the first release's demo file (never the file itself: opening migrates it)."""
    path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, path)
    return path


def opened_keeping(path: Path, version: int):
    """The file opened (so migrated) after checking it reached `version` with every old row kept."""
    from thidua_desktop.store.database import open_database

    conn = sqlite3.connect(path)
    before = tables(conn)
    conn.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= version
    assert_kept(before, tables(db.conn))
    return db
