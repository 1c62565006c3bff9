"""Migration 0028: the person's sex and birth year copied onto their delegate rows, indexed.

A first-release file and a file of the previous schema (0027) are carried
forward with nothing lost and every copy equal to its person's. The copies
stay equal through every write path that changes a person's sex or birth year
or makes a delegate row: an edit, a bulk edit, their undo, a new delegate, the
import's batched landing (new persons and merged ones), a promotion and its
undo, a deletion restored after the person changed, a delegate moved to
another person. The writers give the copies in their INSERT (the trigger then
has nothing to do); a wrong copy given is corrected.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from migration_helpers import file_of_schema, opened_keeping, release1_copy

from thidua_desktop.services import import_service as s
from thidua_desktop.services import repository
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"


def _wrong_copies(db) -> list[tuple]:
    """(id, copies, person's) of every delegate whose copies differ from its person's."""
    return db.execute("SELECT d.id, d.sex, d.birth_year, p.sex, p.birth_year FROM delegates d "
                      "JOIN persons p ON p.id = d.person_id "
                      "WHERE d.sex IS NOT p.sex OR d.birth_year IS NOT p.birth_year").fetchall()


def _copies(db, delegate_id) -> tuple:
    return db.execute("SELECT sex, birth_year FROM delegates WHERE id = ?", [delegate_id]).fetchone()


def _carried_forward(path: Path) -> None:
    db = opened_keeping(path, 28)
    assert _wrong_copies(db) == []
    # The copies really were filled: as many known sexes and years as the persons hold.
    filled = db.execute("SELECT count(d.sex), count(d.birth_year) FROM delegates d").fetchone()
    theirs = db.execute("SELECT count(p.sex), count(p.birth_year) FROM delegates d "
                        "JOIN persons p ON p.id = d.person_id").fetchone()
    assert filled == theirs and min(filled) > 0
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"delegates_order_sex", "delegates_order_birth_year"} <= names
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_first_release_file_is_carried_forward(tmp_path):
    _carried_forward(release1_copy(tmp_path))


def test_a_file_of_the_previous_schema_is_carried_forward(tmp_path):
    """Schema 0027, with unknown sexes and years among the persons."""
    path = file_of_schema(tmp_path, 27)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE persons SET sex = NULL WHERE id % 5 = 0")
        conn.execute("UPDATE persons SET birth_year = NULL WHERE id % 7 = 0")
    conn.close()
    _carried_forward(path)
    db = open_database(path)
    assert db.execute("SELECT count(*) FROM delegates WHERE sex IS NULL").fetchone()[0] > 0
    assert db.execute("SELECT count(*) FROM delegates WHERE birth_year IS NULL").fetchone()[0] > 0
    db.close()


def _person_of(db, delegate_id) -> int:
    return db.execute("SELECT person_id FROM delegates WHERE id = ?", [delegate_id]).fetchone()[0]


def test_edits_bulk_edits_and_their_undo_keep_the_copies(demo_db):
    db = demo_db
    event_id = repository.event_by_code(db, EVENT).id
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? ORDER BY id LIMIT 8",
                                    [event_id])]
    before = rs.read_fields(db, ids[:1], ["sex", "birth_year"])
    new_sex = "Nữ" if before[ids[0]]["sex"] != "Nữ" else "Nam"
    rs.update_delegates(db, ids[:1], {"sex": new_sex, "birth_year": "1961"})
    assert _copies(db, ids[0]) == (new_sex, 1961)
    # The person's other delegate rows (other events) follow too.
    person = _person_of(db, ids[0])
    assert {r for r in db.execute("SELECT sex, birth_year FROM delegates WHERE person_id = ?",
                                  [person])} == {(new_sex, 1961)}
    rs.restore_fields(db, before)  # undo
    assert _copies(db, ids[0]) == (before[ids[0]]["sex"], before[ids[0]]["birth_year"])
    bulk_before = rs.read_fields(db, ids, ["birth_year", "sex"])
    rs.update_delegates(db, ids, {"birth_year": 1977, "sex": None})  # a bulk edit
    assert {_copies(db, i) for i in ids} == {(None, 1977)}
    rs.restore_fields(db, bulk_before)
    assert [_copies(db, i) for i in ids] == [(bulk_before[i]["sex"], bulk_before[i]["birth_year"])
                                             for i in ids]
    assert _wrong_copies(db) == []


def test_new_delegates_promotion_deletion_and_a_moved_row_keep_the_copies(demo_db):
    db = demo_db
    event_id = repository.event_by_code(db, "hn-tan-loi").id  # a commune's: it sends delegates up
    unit_id = db.execute("SELECT unit_id FROM delegates WHERE event_id = ? AND unit_id IS NOT NULL",
                         [event_id]).fetchone()[0]
    added = rs.add_person_delegate(db, event_id, rs.PersonData("Trần Thị Ánh", sex="Nữ", birth_year=1988),
                                   rs.DelegateData(unit_id=unit_id))
    assert _copies(db, added) == ("Nữ", 1988)
    upper = rs.upper_event_id(db, event_id)
    assert upper is not None
    created, links = rs.promote_upward(db, [added], upper)
    assert len(created) == 1 and _copies(db, created[0]) == ("Nữ", 1988)
    rs.update_delegates(db, [added], {"sex": "Nam"})  # the person: both events' rows follow
    assert _copies(db, created[0]) == ("Nam", 1988)
    rs.undo_promote(db, links, created)
    # A deletion undone after the person changed: the restored row reads the person's values.
    gone = rs.delete_delegates(db, [added])
    db.execute("UPDATE persons SET sex = 'Nữ', birth_year = 1990 WHERE id = ?", [_person_of_gone(gone)])
    rs.restore_deleted(db, gone)
    assert _copies(db, added) == ("Nữ", 1990)
    # A delegate row moved to another person reads that person's values.
    other = rs.add_person(db, rs.PersonData("Lò Văn Páo", sex="Nam", birth_year=1955))
    db.execute("UPDATE delegates SET person_id = ? WHERE id = ?", [other, added])
    assert _copies(db, added) == ("Nam", 1955)
    # Writing the same values again rewrites no delegate row (the trigger's WHEN).
    changes = db.conn.total_changes
    db.execute("UPDATE persons SET sex = 'Nam', birth_year = 1955 WHERE id = ?", [other])
    assert db.conn.total_changes - changes == 1
    assert _wrong_copies(db) == []


def _person_of_gone(gone: rs.DeletedDelegates) -> int:
    return gone.delegates[0]["person_id"]


def test_writers_give_the_copies_and_a_wrong_one_is_corrected(demo_db):
    db = demo_db
    event_id = repository.event_by_code(db, EVENT).id
    with db.atomic():
        person_id, keys = rs.add_person_keyed(db, rs.PersonData("Hà Văn Mười", sex="Nam", birth_year=1966))
    assert (keys["sex"], keys["birth_year"]) == ("Nam", 1966)
    row = rs.ready_delegate_row(db, event_id, person_id, rs.DelegateData(), keys)
    assert (row["sex"], row["birth_year"]) == ("Nam", 1966)
    looked_up = rs.ready_delegate_row(db, event_id, person_id, rs.DelegateData())  # read here
    assert (looked_up["sex"], looked_up["birth_year"]) == ("Nam", 1966)
    # Given right, the copying trigger changes nothing more than given wrong (one UPDATE fewer).
    changes = db.conn.total_changes
    right = rs.add_delegate(db, event_id, person_id, rs.DelegateData(), new_person=True, person_keys=keys)
    right_changes = db.conn.total_changes - changes
    second = rs.add_person(db, rs.PersonData("Hà Thị Mai", sex="Nữ", birth_year=1970))
    wrong_keys = {**rs.person_keys_of(db, [second])[second], "sex": "Nam", "birth_year": 2001}
    changes = db.conn.total_changes
    wrong = rs.add_delegate(db, event_id, second, rs.DelegateData(), new_person=True, person_keys=wrong_keys)
    assert db.conn.total_changes - changes == right_changes + 1
    assert _copies(db, right) == ("Nam", 1966) and _copies(db, wrong) == ("Nữ", 1970)


def test_the_import_lands_new_and_merged_persons_with_their_copies(demo_db, tmp_path, monkeypatch):
    """The batched landing gives each delegate row its person's sex and year (a merged
    person's from the file), so the trigger has nothing to correct."""
    from openpyxl import Workbook

    db = demo_db
    event_id = repository.event_by_code(db, EVENT).id
    elsewhere = db.execute(
        "SELECT full_name, birth_year, sex FROM persons p WHERE birth_year IS NOT NULL AND sex IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM delegates d WHERE d.person_id = p.id AND d.event_id = ?) "
        "ORDER BY id LIMIT 1", [event_id]).fetchone()
    assert elsewhere is not None
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"])
    ws.append([1, "Nguyễn Văn An", "Nam", 1970, "Kinh", "Nông dân", "Thôn 1"])
    ws.append([2, "Lê Thị Hoa", "Nữ", None, "Tày", "Giáo viên", "Trường Tiểu học"])
    ws.append([3, elsewhere[0], elsewhere[2], elsewhere[1], "Kinh", "Công nhân", "Công ty"])
    ws.append([4, "Đặng Thị Ánh", "", 1990, "Kinh", "Ngư dân", "Thôn 3"])
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    plan = s.plan_import(db, event_id, s.read_file(db, path), "Tân Lợi")
    assert plan.can_land, plan.errors
    assert any(r.action == s.MERGE and r.match_id for r in plan.rows)  # a merged person
    landed: list[dict] = []
    real = s.insert_many

    def spy(db_, table, rows):
        if table == "delegates":
            landed.extend(rows)
        real(db_, table, rows)

    monkeypatch.setattr(s, "insert_many", spy)
    s.apply_import(db, plan)
    assert len(landed) == 4
    persons = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, sex, birth_year FROM persons")}
    assert [(row["sex"], row["birth_year"]) for row in landed] == [persons[row["person_id"]] for row in landed]
    assert {(row["sex"], row["birth_year"]) for row in landed} >= {("Nam", 1970), ("Nữ", None),
                                                                     (None, 1990), elsewhere[2:0:-1]}
    assert _wrong_copies(db) == []
