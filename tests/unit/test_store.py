"""The data store: pragmas, migrations, version checks, backup and restore."""

from __future__ import annotations

import sqlite3

import pytest

from thidua_desktop.errors import DatabaseError, NewerDatabaseError, NotOurDatabaseError
from thidua_desktop.store.backup import backup_database, restore_database
from thidua_desktop.store.database import APPLICATION_ID, open_database, schema_version
from thidua_desktop.store.migrations import latest_version, migration_files, split_statements


def test_fresh_file_gets_full_schema_and_safe_pragmas(db_path):
    db = open_database(db_path)
    assert schema_version(db.conn) == latest_version() >= 2
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [p.stem for _n, p in migration_files()]
    db.close()


def test_foreign_keys_enforced_on_every_connection(db_path):
    open_database(db_path).close()
    db = open_database(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO units(name, kind) VALUES ('X', 'no-such-kind')")
    db.close()


def test_upgrade_from_previous_version_copies_file_first(db_path, tmp_path):
    first, second = migration_files()[0], migration_files()[1]
    conn = sqlite3.connect(db_path)
    for statement in split_statements(first[1].read_text(encoding="utf-8")):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {first[0]}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO unit_kinds(code, name, level) VALUES ('xa', 'Xã', 'commune')")
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('thidua_desktop', ?, 'x')", [first[1].stem])
    conn.commit()
    conn.close()
    db = open_database(db_path)
    assert schema_version(db.conn) == latest_version()
    assert db["import_mappings"].exists()
    assert db.execute("SELECT name FROM unit_kinds").fetchall() == [("Xã",)]
    copies = list(tmp_path.glob("thidua.truoc-nang-cap-v1*.sqlite"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == first[0]
    assert old.execute("SELECT count(*) FROM unit_kinds").fetchone()[0] == 1
    old.close()
    db.close()
    del second


def test_newer_file_is_refused_untouched(db_path):
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError) as info:
        open_database(db_path)
    assert "phiên bản mới hơn" in info.value.message
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("content", [b"hello, not a database", b"PK\x03\x04 zip file"])
def test_not_a_database_is_refused(db_path, content):
    db_path.write_bytes(content)
    with pytest.raises(NotOurDatabaseError) as info:
        open_database(db_path)
    assert "không phải là tệp dữ liệu" in info.value.message
    assert db_path.read_bytes() == content


def test_other_apps_sqlite_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE foo (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotOurDatabaseError) as info:
        open_database(db_path)
    assert "chương trình khác" in info.value.message


def test_missing_file_without_create(tmp_path):
    with pytest.raises(DatabaseError) as info:
        open_database(tmp_path / "none.sqlite", create=False)
    assert "Không tìm thấy" in info.value.message


def test_atomic_rolls_back_every_step(memory_db):
    with pytest.raises(RuntimeError):
        with memory_db.atomic():
            memory_db.execute("INSERT INTO unit_kinds(code, name, level) VALUES ('a', 'A', 'commune')")
            raise RuntimeError("boom")
    assert memory_db.execute("SELECT count(*) FROM unit_kinds").fetchone()[0] == 0


def test_backup_and_restore_keep_a_copy(demo_path, tmp_path):
    out = backup_database(demo_path, tmp_path / "copy.sqlite")
    db = open_database(demo_path)
    db.execute("DELETE FROM delegates")
    db.close()
    kept = restore_database(demo_path, out)
    assert kept is not None and kept.exists()
    db = open_database(demo_path)
    assert db.execute("SELECT count(*) FROM delegates").fetchone()[0] > 250
    db.close()
    old = sqlite3.connect(kept)
    assert old.execute("SELECT count(*) FROM delegates").fetchone()[0] == 0
    old.close()


def test_restore_refuses_a_damaged_backup(demo_path, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage")
    with pytest.raises(DatabaseError):
        restore_database(demo_path, bad)
    db = open_database(demo_path)
    assert db.execute("SELECT count(*) FROM delegates").fetchone()[0] > 250
    db.close()
