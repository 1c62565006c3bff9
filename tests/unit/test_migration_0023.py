"""Migration 0023: the leaders' index and the search index's event token (issue 18).

A first-release file is carried forward with nothing lost; the search index
names each delegate's event and follows every write; a search counted inside
the index gives exactly what the delegates' table gives.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.services import roster_service as rs
from thidua_desktop.services import roster_window as rw
from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).resolve().parents[1] / "data" / "previous_release" / "demo_release1.sqlite"
SEARCHES = ["n", "q", "e", "1", "_1", "nguyen", "nguyen van", "thi", "xa tan", "zzq", "đ", "Đức"]


def _tables(conn) -> dict[str, list]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'delegate_search%' AND name != '_sqlite_migrations'")]
    return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


def _wrong_tokens(db) -> int:
    return db.execute("SELECT count(*) FROM delegates d LEFT JOIN delegate_search s ON s.rowid = d.id "
                      "WHERE s.event IS NOT '_' || d.event_id").fetchone()[0]


def _by_table(db, event_id, text) -> int:
    where, params = rw.where_clause(event_id, rw.RosterFilter(search=text))
    return db.execute(f"SELECT count(*) FROM delegates d WHERE {' AND '.join(where)}", params).fetchone()[0]


def _events(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT event_id FROM delegates ORDER BY 1")]


def test_a_first_release_file_is_carried_forward(tmp_path):
    path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, path)
    conn = sqlite3.connect(path)
    before = _tables(conn)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert version < 23 and before["delegates"]
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 23
    after = _tables(db.conn)
    old_columns = {t: len(rows[0]) for t, rows in before.items() if rows}
    for table, rows in before.items():  # every old row and value kept (new columns after them)
        assert [r[:old_columns.get(table, 0)] for r in after[table]] == rows, table
    columns = [r[1] for r in db.execute("PRAGMA table_info(delegate_search)")]
    assert columns == ["name", "position", "workplace", "ethnicity", "unit", "event"]
    assert db.execute("SELECT count(*) FROM delegate_search").fetchone()[0] == len(before["delegates"])
    assert _wrong_tokens(db) == 0
    assert db.execute("INSERT INTO delegate_search(delegate_search) VALUES('integrity-check')")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for event_id in _events(db):
        for text in SEARCHES:
            assert rw.count(db, event_id, rw.RosterFilter(search=text)) == _by_table(db, event_id, text), text
    db.close()


def test_the_leaders_of_an_event_are_read_from_their_index(demo_db):
    sql = ("SELECT x.id FROM delegates x WHERE x.event_id = ? AND x.status != 'absent' "
           "AND x.category IN ('leader', 'guest') ORDER BY x.protocol_rank = 0, x.protocol_rank, x.id")
    plan = " ".join(r[3] for r in demo_db.execute("EXPLAIN QUERY PLAN " + sql, [1]))
    assert "delegates_event_leaders" in plan and "TEMP B-TREE" not in plan


def test_the_attending_delegates_are_counted_from_their_index(demo_db):
    from thidua_desktop.services import repository

    sql = "SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent'"
    plan = " ".join(r[3] for r in demo_db.execute("EXPLAIN QUERY PLAN " + sql, [1]))
    assert "delegates_event_present" in plan
    event_id = _events(demo_db)[0]
    before = repository.delegate_count(demo_db, event_id)
    did = demo_db.execute("SELECT id FROM delegates WHERE event_id = ? AND status != 'absent' LIMIT 1",
                          [event_id]).fetchone()[0]
    demo_db.execute("UPDATE delegates SET status = 'absent' WHERE id = ?", [did])
    assert repository.delegate_count(demo_db, event_id) == before - 1
    demo_db.execute("UPDATE delegates SET status = 'confirmed' WHERE id = ?", [did])
    assert repository.delegate_count(demo_db, event_id) == before


def test_the_event_token_follows_every_write(demo_db):
    db = demo_db
    events = _events(db)
    assert len(events) >= 2
    first, second = events[:2]
    did = rs.add_person_delegate(db, first, rs.PersonData(full_name="Quách Thị Quỳnh", workplace="Xã Đồng Nơ"),
                                 rs.DelegateData())
    assert _wrong_tokens(db) == 0
    assert rw.count(db, first, rw.RosterFilter(search="quynh quach")) == 1
    db.execute("UPDATE delegates SET event_id = ? WHERE id = ?", [second, did])  # moved to another event
    assert _wrong_tokens(db) == 0
    assert rw.count(db, first, rw.RosterFilter(search="quynh quach")) == 0
    assert rw.count(db, second, rw.RosterFilter(search="quynh quach")) == 1
    rs.update_delegates(db, [did], {"full_name": "Quách Thị Quế"})
    unit = db.execute("SELECT id FROM units ORDER BY id LIMIT 1").fetchone()[0]
    rs.update_delegates(db, [did], {"unit_id": unit})
    db.execute("UPDATE units SET name = name || ' Mới' WHERE id = ?", [unit])
    assert _wrong_tokens(db) == 0
    assert rw.count(db, second, rw.RosterFilter(search="que quach")) == 1
    db.execute("DELETE FROM delegates WHERE id = ?", [did])
    assert db.execute("SELECT count(*) FROM delegate_search WHERE rowid = ?", [did]).fetchone()[0] == 0
    for event_id in events:
        for text in SEARCHES:
            assert rw.count(db, event_id, rw.RosterFilter(search=text)) == _by_table(db, event_id, text)


@pytest.mark.parametrize("text", ["1", "2", "_1", "1_"])
def test_a_typed_digit_or_underscore_never_reaches_the_event_tokens(demo_db, text):
    # Every delegate has a token "_<event id>": a typed "1" must not find them all.
    assert rw.search_words("_") == [] and rw.search_words(text) == [text.strip("_")]
    for event_id in _events(demo_db):
        counted = rw.count(demo_db, event_id, rw.RosterFilter(search=text))
        assert counted == _by_table(demo_db, event_id, text)
        total = rw.count(demo_db, event_id, rw.RosterFilter())
        assert counted < total


def test_a_search_with_another_filter_is_counted_the_same(demo_db):
    event_id = _events(demo_db)[0]
    for status in ("nominated", "confirmed", "absent"):
        flt = rw.RosterFilter(search="thi", status=status)
        ids = rw.page_ids(demo_db, event_id, flt, 0, 100_000)
        assert rw.count(demo_db, event_id, flt) == len(ids)
