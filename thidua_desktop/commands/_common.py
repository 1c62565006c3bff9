"""Opening the database for a headless command."""

from __future__ import annotations

from sqlite_utils import Database

from thidua_desktop.cli import db_path
from thidua_desktop.store.database import open_database


def open_existing(args, readonly: bool = False) -> Database:
    """Open the --db file, which must exist (exit 2 with a sentence otherwise)."""
    return open_database(db_path(args), create=False, readonly=readonly)
