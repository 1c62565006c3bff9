"""Opening the database for a headless command, refusing each fault with its sentence."""

from __future__ import annotations

from sqlite_utils import Database

from thidua_desktop.cli import db_path
from thidua_desktop.errors import DatabaseError
from thidua_desktop.store import faults
from thidua_desktop.store.database import _check_header, open_database
from thidua_desktop.store.integrity import check_file


def open_existing(args, readonly: bool = False) -> Database:
    """Open the --db file, which must exist (exit 2 with a sentence otherwise).

    A command that writes refuses a read-only file, a damaged one (it fails the
    quick check) and one another program holds locked; a command that only
    reads refuses only a file it cannot read. Nothing is written by a refusal.
    """
    path = db_path(args)
    if _check_header(path):
        level = faults.sqlite_lock(path, need_write=not readonly)
        if level == faults.READ or (level and not readonly):
            raise DatabaseError(faults.locked_refusal(path, level))
        if not readonly:
            if not faults.writable(path):
                raise DatabaseError(faults.readonly_refusal(path))
            if not check_file(path).ok:
                raise DatabaseError(faults.damaged_refusal(path))
    return open_database(path, create=False, readonly=readonly)
