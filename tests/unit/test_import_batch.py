"""The batched landing (one executemany per table) gives exactly what landing row by row gave.

The reference below is the landing of the first releases, row by row through
the roster service's public one-row functions (add_person_keyed, add_delegate),
run on a second copy of the same file: every column of the new persons and
delegates, the search index and the ids must come out the same.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from openpyxl import Workbook

from thidua_desktop.domain.names import fold, sort_key, text_key
from thidua_desktop.errors import ValidationError
from thidua_desktop.importer.person_names import COLLECTIVE
from thidua_desktop.services import import_service as s
from thidua_desktop.services import repository
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"
COUNCIL = "Thành viên Hội đồng Thi đua - Khen thưởng"


def _reference_land(db, plan: s.ImportPlan) -> int:
    """Release 1's apply_import: one validated INSERT per person and per delegate."""
    categories = s.plan_words_categories(db, plan.event_id)
    added = 0
    with db.atomic():
        for row in plan.rows:
            if not row.importable:
                continue
            p = row.person
            unit_id = row.unit_id or plan.unit_id
            key = None
            if row.action == s.MERGE and row.match_id:
                person_id = row.match_id
                if db.execute("SELECT 1 FROM delegates WHERE event_id = ? AND person_id = ?",
                              [plan.event_id, person_id]).fetchone():
                    continue
            else:
                person_id, key = rs.add_person_keyed(db, rs.PersonData(
                    full_name=p.name, sex=p.sex, birth_year=p.birth_year,
                    birth_date=p.birth_date.isoformat() if p.birth_date else None,
                    ethnicity=p.ethnicity, position=p.position, workplace=p.workplace,
                    unit_id=unit_id))
                plan.created_persons.append(person_id)
            category, code = s.row_category(categories, p)
            delegate_id = rs.add_delegate(db, plan.event_id, person_id, rs.DelegateData(
                category=category, category_code=code, achievement=p.achievement, note=p.note,
                collective=p.collective if p.kind == COLLECTIVE else "",
                direct_worker=category == "exemplary" and s._is_direct_worker(p.position),
                unit_id=unit_id, source_file=plan.roster.path.name,
            ), new_person=row.action != s.MERGE or not row.match_id, person_keys=key)
            plan.created_delegates.append(delegate_id)
            added += 1
    return added


def _someone_elsewhere(db, event_id):
    """A person of the demo who is not a delegate of the event (an import row merges into them)."""
    return db.execute(
        "SELECT full_name, birth_year FROM persons p WHERE birth_year IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM delegates d WHERE d.person_id = p.id AND d.event_id = ?) ORDER BY id LIMIT 1",
        [event_id]).fetchone()


def _someone_here(db, event_id):
    return db.execute(
        "SELECT p.full_name, p.birth_year FROM persons p JOIN delegates d ON d.person_id = p.id "
        "WHERE d.event_id = ? AND p.birth_year IS NOT NULL ORDER BY p.id LIMIT 1", [event_id]).fetchone()


def _workbook(path, elsewhere, here):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append(["STT", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Thành tích", "Ghi chú"])
    rows = [
        ["Nguyễn Văn An", "Nam", 1970, "Kinh", "Nông dân", "Thôn 1", "Sản xuất giỏi", COUNCIL],
        ["Lê Thị Hoa", "Nữ", 1975, "Tày", "Giáo viên", "Trường Tiểu học Kim Đồng", "", "Khách mời"],
        [elsewhere[0], "Nam", elsewhere[1], "Kinh", "Công nhân", "Công ty Giày da", "", ""],
        ["Trần  Văn   Bình ", "Nam", 1980, "Kinh", "Chủ tịch UBND xã", "UBND xã", "", "Lãnh đạo"],
        [elsewhere[0], "Nam", elsewhere[1], "Kinh", "Công nhân", "Công ty Giày da", "", ""],
        [here[0], "Nữ", here[1], "Kinh", "", "", "", ""],
        ["Phòng Tư pháp", "", None, "", "", "", "Tập thể lao động tiên tiến", ""],
        ["Đặng Thị Ánh", "Nữ", 1990, "Kinh", "Ngư dân", "Thôn 3", "Ngư dân giỏi", ""],
    ]
    for i, values in enumerate(rows, 1):
        ws.append([i, *values])
    wb.save(path)
    return path


def _plan(db, path):
    event = repository.event_by_code(db, EVENT)
    plan = s.plan_import(db, event.id, s.read_file(db, path), "Tân Lợi")
    assert plan.can_land, plan.errors
    return plan


def _added(db, table, after):
    cursor = db.execute(f"SELECT * FROM {table} WHERE id > ? ORDER BY id", [after])
    return [d[0] for d in cursor.description], cursor.fetchall()


def _search(db, after):
    return db.execute("SELECT rowid, name, position, workplace, ethnicity, unit, event "
                      "FROM delegate_search WHERE rowid > ? ORDER BY rowid", [after]).fetchall()


def _plan_categories(db):
    event_id = repository.event_by_code(db, EVENT).id
    plan_id = db.execute("SELECT plan_id FROM events WHERE id = ?", [event_id]).fetchone()[0]
    db["delegate_categories"].insert({"plan_id": plan_id, "code": "council", "label": COUNCIL,
                                      "base": "guest", "words": '["hội đồng thi đua"]',
                                      "protocol_order": 0})


def test_batched_landing_gives_every_column_the_row_by_row_landing_gave(demo_path, tmp_path):
    other = tmp_path / "reference.sqlite"
    shutil.copyfile(demo_path, other)
    new, old = open_database(demo_path), open_database(other)
    for db in (new, old):
        _plan_categories(db)
    event_id = repository.event_by_code(new, EVENT).id
    path = _workbook(tmp_path / "ds.xlsx", _someone_elsewhere(new, event_id), _someone_here(new, event_id))
    last = {t: new.execute(f"SELECT max(id) FROM {t}").fetchone()[0] for t in ("persons", "delegates")}
    new_plan, old_plan = _plan(new, path), _plan(old, path)
    assert [r.action for r in new_plan.rows].count(s.MERGE) == 2  # the same person twice
    assert [r.action for r in new_plan.rows].count(s.SKIP) == 1
    added = s.apply_import(new, new_plan)
    assert added == _reference_land(old, old_plan) == 6  # 8 rows: one skipped, one merged twice
    for table in ("persons", "delegates"):
        columns, rows = _added(new, table, last[table])
        assert (columns, rows) == _added(old, table, last[table])
        assert rows, table
    assert _search(new, last["delegates"]) == _search(old, last["delegates"])
    assert new_plan.created_persons == old_plan.created_persons
    assert new_plan.created_delegates == old_plan.created_delegates
    # the ids SQLite would have given, in file order; each delegate row is its plan row
    assert new_plan.created_delegates == list(range(last["delegates"] + 1, last["delegates"] + 7))
    assert new_plan.created_persons == list(range(last["persons"] + 1, last["persons"] + 6))
    names = [new_plan.delegate_rows[d].person.name for d in new_plan.created_delegates]
    assert names == [new.execute("SELECT p.full_name FROM delegates d JOIN persons p ON p.id = "
                                 "d.person_id WHERE d.id = ?", [d]).fetchone()[0]
                     for d in new_plan.created_delegates]
    # and independently of the reference: the keys are the domain's, the category the plan's
    row = new.execute("SELECT p.full_name, p.name_key, p.sort_key, p.position_sort, d.sort_key, "
                      "d.position_sort, d.category, d.category_code, d.achievement_sort FROM delegates d "
                      "JOIN persons p ON p.id = d.person_id WHERE d.id = ?",
                      [new_plan.created_delegates[0]]).fetchone()
    assert row == ("Nguyễn Văn An", fold("Nguyễn Văn An"), sort_key("Nguyễn Văn An"), text_key("Nông dân"),
                   sort_key("Nguyễn Văn An"), text_key("Nông dân"), "guest", "council",
                   text_key("Sản xuất giỏi"))
    assert new.execute("SELECT full_name FROM persons WHERE id = ?",
                       [new_plan.created_persons[2]]).fetchone()[0] == "Trần Văn Bình"
    badges = new.execute("SELECT count(*) FROM delegate_event_day WHERE delegate_id > ?",
                         [last["delegates"]]).fetchone()[0]
    assert badges == 6
    s.undo_import(new, new_plan)
    assert _added(new, "persons", last["persons"])[1] == _added(new, "delegates", last["delegates"])[1] == []
    new.close()
    old.close()


def _counts(db):
    return [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("persons", "delegates")]


def _file_refused_by(db, tmp_path, trigger: str):
    """The test workbook, with `trigger` (SQL) added to the database; the counts before."""
    event_id = repository.event_by_code(db, EVENT).id
    path = _workbook(tmp_path / "ds.xlsx", _someone_elsewhere(db, event_id), _someone_here(db, event_id))
    db.execute(trigger)
    return path, _counts(db)


def test_a_row_the_database_refuses_in_the_batch_is_named_and_nothing_lands(demo_db, tmp_path):
    path, before = _file_refused_by(demo_db, tmp_path, (
        "CREATE TRIGGER refuse_one BEFORE INSERT ON persons WHEN NEW.full_name = 'Trần Văn Bình' "
        "BEGIN SELECT RAISE(ABORT, 'no'); END"))
    plan = _plan(demo_db, path)
    with pytest.raises(s.RowRefused) as info:
        s.apply_import(demo_db, plan)
    assert info.value.row.person.name == "Trần Văn Bình"
    assert info.value.message == "Dòng 6 (Trần Văn Bình): cơ sở dữ liệu không nhận dữ liệu này"
    assert _counts(demo_db) == before


def test_a_row_the_checks_refuse_is_named_before_anything_is_inserted(demo_db, tmp_path, monkeypatch):
    event_id = repository.event_by_code(demo_db, EVENT).id
    path = _workbook(tmp_path / "ds.xlsx", _someone_elsewhere(demo_db, event_id),
                     _someone_here(demo_db, event_id))
    plan = _plan(demo_db, path)
    plan.rows[7].person.position = "x" * 301  # past Chức vụ's limit, caught by person_row
    inserted = []
    monkeypatch.setattr(s, "insert_many", lambda *a: inserted.append(a))
    with pytest.raises(s.RowRefused) as info:
        s.apply_import(demo_db, plan)
    assert info.value.message.startswith("Dòng 10 (Đặng Thị Ánh): ") and "Chức vụ" in info.value.message
    assert inserted == []


def test_category_codes_are_asked_once_each(demo_db):
    event_id = repository.event_by_code(demo_db, EVENT).id
    _plan_categories(demo_db)
    person_id = rs.add_person(demo_db, rs.PersonData("Hà Văn Mười"))
    known: dict[str, bool] = {}
    row = rs.ready_delegate_row(demo_db, event_id, person_id, rs.DelegateData(category_code="council"),
                                None, known)
    assert known == {"council": True} and row["category_code"] == "council"
    assert row["sort_key"] == sort_key("Hà Văn Mười")  # read from the person: no keys given
    known["council"] = False  # what is remembered decides: the database is not asked again
    with pytest.raises(ValidationError, match="“council” không có trong kế hoạch"):
        rs.ready_delegate_row(demo_db, event_id, person_id, rs.DelegateData(category_code="council"),
                              None, known)
    with pytest.raises(ValidationError, match="“khong-co” không có trong kế hoạch"):
        rs.ready_delegate_row(demo_db, event_id, person_id, rs.DelegateData(category_code="khong-co"),
                              None, known)
    assert known["khong-co"] is False


def test_next_id_is_the_id_sqlite_gives(tmp_path):
    db = open_database(tmp_path / "n.sqlite")
    assert rs.next_id(db, "persons") == 1  # an empty table
    for name in ("A", "B", "C"):
        rs.add_person(db, rs.PersonData(name))
    db.execute("DELETE FROM persons WHERE id = 2")
    assert rs.next_id(db, "persons") == 4
    db.execute("DELETE FROM persons WHERE id = 3")
    assert rs.next_id(db, "persons") == 2 == rs.add_person(db, rs.PersonData("D"))
    db.close()


def test_insert_many_keeps_the_order_across_column_sets(tmp_path):
    db = open_database(tmp_path / "m.sqlite")
    rows = [{"id": 5, "full_name": "A"}, {"id": 6, "full_name": "B"},
            {"id": 7, "full_name": "C", "phone": "1"}, {"id": 8, "full_name": "D"}]
    rs.insert_many(db, "persons", rows)
    assert db.execute("SELECT id, full_name, phone FROM persons ORDER BY id").fetchall() == [
        (5, "A", ""), (6, "B", ""), (7, "C", "1"), (8, "D", "")]
    with pytest.raises(sqlite3.IntegrityError):
        rs.insert_many(db, "persons", [{"id": 9, "full_name": "E"}, {"id": 5, "full_name": "F"}])
    db.close()


def test_an_error_that_ends_the_transaction_is_not_replayed_row_by_row(demo_db, tmp_path):
    """Landing one by one outside the transaction would not be all or nothing: the error goes up."""
    path, before = _file_refused_by(demo_db, tmp_path, (
        "CREATE TRIGGER end_all BEFORE INSERT ON delegates WHEN NEW.collective = 'Phòng Tư pháp' "
        "BEGIN SELECT RAISE(ROLLBACK, 'gone'); END"))
    plan = _plan(demo_db, path)
    with pytest.raises(sqlite3.IntegrityError, match="gone"):
        s.apply_import(demo_db, plan)
    assert not demo_db.conn.in_transaction
    assert _counts(demo_db) == before
