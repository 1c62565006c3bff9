"""Migration 0024: stored Vietnamese keys of the roster's text columns (issue 18).

A first-release file and a file of the previous schema (0023, the release
before this one) are carried forward with nothing lost and every key filled;
each write path keeps the keys equal to `text_key` of their text; a sort by a
keyed column is one walk of its index (no temporary B-tree in the plan).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from migration_helpers import assert_kept, file_of_schema, release1_copy, tables

from thidua_desktop.domain.names import DELEGATE_SORT_KEYS, PERSON_SORT_KEYS, text_key
from thidua_desktop.services import roster_service as rs
from thidua_desktop.services import roster_window as rw
from thidua_desktop.store.database import open_database


def _wrong_keys(db) -> list[tuple]:
    """(table, id, column) of every stored key that is not text_key of its text."""
    wrong = []
    for table, keys in (("persons", PERSON_SORT_KEYS), ("delegates", DELEGATE_SORT_KEYS)):
        for column, key in keys.items():
            wrong += [(table, i, column) for i, text, stored in db.execute(
                f"SELECT id, {column}, {key} FROM {table}") if stored != text_key(text)]
    for key in PERSON_SORT_KEYS.values():  # the delegates' copies of their person's keys
        wrong += [("delegates", i, key) for (i,) in db.execute(
            f"SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
            f"WHERE d.{key} IS NOT p.{key}")]
    return wrong


def _carried_forward(path: Path) -> None:
    conn = sqlite3.connect(path)
    before = tables(conn)
    conn.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 24
    assert_kept(before, tables(db.conn))
    filled = db.execute("SELECT count(*) FROM persons WHERE position_sort != ''").fetchone()[0]
    assert filled > 0  # the demo's persons have positions: the keys are really computed
    assert _wrong_keys(db) == []
    db.close()


def test_a_first_release_file_is_carried_forward(tmp_path):
    _carried_forward(release1_copy(tmp_path))


def test_a_file_of_the_previous_schema_is_carried_forward(tmp_path):
    """A file made by the schema up to 0023 (the current main before this), with texts the
    keys must order: đ, tones, empty values."""
    path = file_of_schema(tmp_path, 23)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE persons SET position = 'Bí thư Đảng ủy', workplace = '' WHERE id % 3 = 0")
        conn.execute("UPDATE persons SET ethnicity = '' WHERE id % 3 = 1")
        conn.execute("UPDATE delegates SET note = 'Đề nghị khen', field = 'Giáo dục' WHERE id % 2 = 0")
    conn.close()
    _carried_forward(path)


@pytest.fixture
def demo(tmp_path):
    from thidua_desktop.services.demo import build_demo

    path = tmp_path / "demo.sqlite"
    build_demo(path)
    db = open_database(path)
    yield db
    db.close()


def test_every_write_path_keeps_the_keys(demo):
    db = demo
    event_id, unit_id = db.execute("SELECT event_id, unit_id FROM delegates LIMIT 1").fetchone()
    added = rs.add_person_delegate(db, event_id, rs.PersonData(
        full_name="Trần Thị Ánh", ethnicity="Ê Đê", position="Phó Chủ tịch", workplace="Xã Đắk Mil"),
        rs.DelegateData(category="exemplary", unit_id=unit_id, note="Ứng cử", field="Y tế"))
    assert db.execute("SELECT position_sort, note_sort FROM delegates WHERE id = ?", [added]).fetchone() == (
        text_key("Phó Chủ tịch"), text_key("Ứng cử"))
    some = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? LIMIT 5", [event_id])]
    rs.update_delegates(db, [*some, added], {"workplace": "Trường Tiểu học Ấp Bắc", "note": "Đã mời"})
    rs.update_delegates(db, [added], {"position": "", "achievement": "Hoàn thành xuất sắc"})
    upper = db.execute("SELECT id FROM events WHERE id != ? LIMIT 1", [event_id]).fetchone()[0]
    rs.promote(db, [added], upper)
    # A person listed at two events: their keys follow an edit made from either.
    twice = db.execute("SELECT person_id FROM delegates GROUP BY person_id HAVING count(*) > 1"
                       ).fetchone()[0]
    one = db.execute("SELECT id FROM delegates WHERE person_id = ? LIMIT 1", [twice]).fetchone()[0]
    rs.update_delegates(db, [one], {"ethnicity": "Chăm"})
    assert db.execute("SELECT count(*) FROM delegates WHERE ethnicity_sort = ?",
                      [text_key("Chăm")]).fetchone()[0] >= 2
    other = db.execute("SELECT id FROM persons WHERE position != '' AND id NOT IN "
                       "(SELECT person_id FROM delegates WHERE event_id = ?)", [event_id]).fetchone()[0]
    db.execute("UPDATE delegates SET person_id = ? WHERE id = ?", [other, added])  # trigger path
    assert db.execute("SELECT position_sort FROM delegates WHERE id = ?", [added]).fetchone()[0] != ""
    assert _wrong_keys(db) == []


@pytest.mark.parametrize("field", sorted(rw.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("flt", [rw.RosterFilter(), rw.RosterFilter(status="confirmed")])
def test_a_sort_by_a_keyed_column_walks_its_index(demo, field, descending, flt):
    event_id = demo.execute("SELECT event_id FROM delegates LIMIT 1").fetchone()[0]
    statements = []
    demo.conn.set_trace_callback(statements.append)
    ids = rw.page_ids(demo, event_id, flt, 10, 64, descending, key=rw.SORT_KEYS[field])
    demo.conn.set_trace_callback(None)
    sql = next(s for s in statements if s.startswith("SELECT d.id"))
    plan = " ".join(r[3] for r in demo.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "TEMP B-TREE" not in plan
    assert f"delegates_event_{field}" in plan
    # The same rows as a plain sort of (key, name key, id) in Python.
    key = rw.SORT_KEYS[field]
    where, params = rw.where_clause(event_id, flt)
    rows = demo.execute(f"SELECT d.id, {'p' if field in PERSON_SORT_KEYS else 'd'}.{field}, "
                        f"d.sort_key FROM delegates d JOIN persons p ON p.id = d.person_id "
                        f"WHERE {' AND '.join(where)}", params).fetchall()
    expected = [i for _k, _s, i in sorted(((text_key(v), s, i) for i, v, s in rows),
                                          reverse=descending)]
    assert ids == expected[10:74] and ids
    assert key in rw.SORT_KEYS.values()


def test_an_unknown_key_is_refused(demo):
    with pytest.raises(ValueError):
        rw.page_ids(demo, 1, rw.RosterFilter(), 0, 10, key="note; DROP TABLE persons")
