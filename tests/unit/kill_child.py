"""The process the kill tests shoot: runs real work, says how far it got, can pause mid-write.

    python kill_child.py PAUSE_AT MODE ARGS...

PAUSE_AT > 0 stops the process (asleep, holding its open transaction) at the
PAUSE_AT-th write it makes, after printing "PAUSE": the parent then kills it
exactly in the middle of a transaction (or of a file being written). 0 never
pauses; the parent kills at a random moment.

MODE:
  cli ARGS...            run `thidua-desktop ARGS...` (import-roster, export-roster, backup)
  edits DB COUNT         a burst of COUNT edits, each one action in one transaction,
                         printing "DONE i" after each commit
  mimic-import DB EVENT_CODE FILES...   import rows through roster_service, one
                         transaction per "file" (used until import-roster exists)

Writes counted: INSERT/UPDATE/DELETE statements on the app's connection, zip
members written (xlsx/docx exports), attachment copies (backup).
"""

from __future__ import annotations

import json
import sys
import time
import zipfile

PAUSE_SECONDS = 120
_count = 0
_pause_at = 0


def _tick(what: str) -> None:
    global _count
    _count += 1
    if _count == 1:
        print("WRITING", flush=True)  # lets the parent aim random kills at the writing phase
    if _pause_at and _count == _pause_at:
        print(f"PAUSE {what}", flush=True)
        time.sleep(PAUSE_SECONDS)


_last = ""


def _trace(statement: str) -> None:
    global _last
    # SQLite reports a statement again each time one of its triggers starts (and the
    # triggers' own statements prefixed with "--"): one write of the app is counted once.
    repeated = statement == _last
    if not statement.startswith("--"):
        _last = statement
    if repeated:
        return
    head = statement.lstrip()[:7].upper()
    if head.startswith(("INSERT", "UPDATE", "DELETE")):
        _tick(head)


def install_hooks() -> None:
    """Count the writes of the app's connections, of zip files and of attachment copies."""
    from thidua_desktop.store import backup, database

    original_connect = database._connect

    def connect(path, readonly):
        conn = original_connect(path, readonly)
        conn.set_trace_callback(_trace)
        return conn

    database._connect = connect
    original_writestr = zipfile.ZipFile.writestr

    def writestr(self, *args, **kwargs):
        _tick("zip")
        return original_writestr(self, *args, **kwargs)

    zipfile.ZipFile.writestr = writestr
    original_copy = backup.copy_attachments

    def copy_attachments(*args, **kwargs):
        _tick("attachments")
        return original_copy(*args, **kwargs)

    backup.copy_attachments = copy_attachments


def run_edits(db_path: str, count: int) -> None:
    """A burst of edits like the officer's: each adds a person and their delegate entry."""
    from thidua_desktop.services import repository
    from thidua_desktop.services.roster_service import (
        DelegateData,
        PersonData,
        add_delegate,
        add_person,
    )
    from thidua_desktop.store.database import open_database

    db = open_database(db_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    print("READY", flush=True)
    for i in range(count):
        with db.atomic():
            person = add_person(db, PersonData(full_name=f"Người Thử {i:04d}", birth_year=1980))
            add_delegate(db, event.id, person, DelegateData(note=f"edit-{i}"))
            db.execute("UPDATE settings SET value = ? WHERE key = 'kill.last'", [json.dumps(i)])
        print(f"DONE {i}", flush=True)


def run_mimic_import(db_path: str, code: str, files: list[str]) -> None:
    """Many rows per 'file' in one transaction, as the importer does."""
    from thidua_desktop.services import repository
    from thidua_desktop.services.roster_service import (
        DelegateData,
        PersonData,
        add_delegate,
        add_person,
    )
    from thidua_desktop.store.database import open_database

    db = open_database(db_path)
    event = repository.event_by_code(db, code)
    for name in files:
        rows = int(name.split(":")[1])
        with db.atomic():
            for i in range(rows):
                person = add_person(db, PersonData(full_name=f"Đại Biểu {name} {i}", birth_year=1990))
                add_delegate(db, event.id, person, DelegateData(source_file=name))
        print(f"DONE {name}", flush=True)


def main(argv: list[str]) -> None:
    global _pause_at
    _pause_at = int(argv[0])
    mode, rest = argv[1], argv[2:]
    install_hooks()
    print("STARTED", flush=True)
    if mode == "cli":
        from thidua_desktop.cli import main as cli_main

        code = cli_main(rest)
        print(f"EXIT {code}", flush=True)
    elif mode == "edits":
        run_edits(rest[0], int(rest[1]))
    elif mode == "mimic-import":
        run_mimic_import(rest[0], rest[1], rest[2:])
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(f"WRITES {_count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
