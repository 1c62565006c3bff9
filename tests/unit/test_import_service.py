"""Landing roster files in the database: every person right, whole file or nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import SAMPLES  # noqa: E402
from openpyxl import Workbook

from thidua_desktop.cli import main
from thidua_desktop.services import import_service, repository

SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx"))
CATEGORY = {"exemplary": "Điển hình tiên tiến", "guest": "Khách mời", "leader": "Lãnh đạo"}


def _delegates(db, event_id, source):
    return list(db.query(
        "SELECT p.*, d.category, d.achievement, d.unit_id AS nominated_by FROM delegates d "
        "JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? AND d.source_file = ? ORDER BY d.id",
        [event_id, source]))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_sample_lands_with_every_field_right(demo_db, path):
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    roster = import_service.read_file(demo_db, path)
    plan = import_service.plan_import(demo_db, event.id, roster)
    assert plan.can_land, plan.errors
    assert plan.unit_label.endswith(truth["commune"])
    added = import_service.apply_import(demo_db, plan)
    rows = _delegates(demo_db, event.id, path.name)
    assert added == len(rows) == len(truth["people"])
    for got, want in zip(rows, truth["people"], strict=True):
        assert got["full_name"] == want["name"]
        assert got["sex"] == want["sex"]
        assert got["birth_year"] == want["birth_year"]
        assert got["birth_date"] == want.get("birth_date")
        assert got["ethnicity"] == want["ethnicity"]
        assert got["position"] == want["position"]
        assert got["workplace"] == want["workplace"]
        assert CATEGORY[got["category"]] == want["category"]
        assert got["achievement"] == want["achievement"]
        assert got["nominated_by"] == plan.unit_id


def test_reimporting_the_same_file_adds_nobody(demo_db):
    event = repository.event_by_code(demo_db, "hn-tan-loi")
    path = SAMPLES / "xa_tan_loi_split_year.xlsx"
    first = import_service.apply_import(demo_db, import_service.plan_import(
        demo_db, event.id, import_service.read_file(demo_db, path)))
    plan = import_service.plan_import(demo_db, event.id, import_service.read_file(demo_db, path))
    assert all(r.action == import_service.SKIP for r in plan.rows)
    assert any("Có thể trùng" in w for r in plan.rows for w in r.notes)
    assert not any("Có thể trùng" in w for r in plan.rows for w in r.person.warnings)
    assert first > 0 and import_service.apply_import(demo_db, plan) == 0


def _bad_workbook(path, *, missing_name_row: bool):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN HƯNG"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"])
    ws.append([1, "Nguyễn Văn An", "Nam", "01/02/1980", "Kinh", "Nông dân", "Thôn 1"])
    ws.append([2, "" if missing_name_row else "Lê Thị Hoa", "Nữ", "03/04/1985", "Kinh", "Giáo viên", "Trường Tiểu học"])
    ws.append([3, "Trần Văn Bình", "Nam", "05/06/1990", "Kinh", "Công nhân", "Công ty"])
    wb.save(path)
    return path


def test_a_file_with_an_error_lands_nothing(demo_path, tmp_path, capsys):
    bad = _bad_workbook(tmp_path / "tan_hung.xlsx", missing_name_row=True)
    before = sqlite3.connect(demo_path).execute("SELECT count(*) FROM delegates").fetchone()[0]
    code = main(["import-roster", "--db", str(demo_path), "--event", "dh-hon-quan", "--json", str(bad)])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out[0]["imported"] == 0 and out[0]["errors"]
    assert "Dòng 5" in out[0]["errors"][0]
    after = sqlite3.connect(demo_path).execute("SELECT count(*) FROM delegates").fetchone()[0]
    assert after == before


def test_unit_from_the_title_block_and_the_cli_contract(demo_path, tmp_path, capsys):
    good = _bad_workbook(tmp_path / "tan_hung.xlsx", missing_name_row=False)
    code = main(["import-roster", "--db", str(demo_path), "--event", "dh-hon-quan", "--json", str(good)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"file", "imported", "warnings", "errors"} <= set(out[0]) and out[0]["imported"] == 3
    assert out[0]["status"] == "landed"
    conn = sqlite3.connect(demo_path)
    units = conn.execute(
        "SELECT DISTINCT u.name FROM delegates d JOIN units u ON u.id = d.unit_id WHERE d.source_file = ?",
        ["tan_hung.xlsx"]).fetchall()
    assert units == [("Tân Hưng",)]
    assert conn.execute("SELECT count(*) FROM import_mappings").fetchone()[0] == 1


def test_dry_run_writes_nothing(demo_path, capsys):
    before = demo_path.read_bytes()
    path = SAMPLES / "xa_thanh_an_flat.xlsx"
    code = main(["import-roster", "--db", str(demo_path), "--event", "dh-hon-quan", "--dry-run", "--json", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out[0]["imported"] == 21
    conn = sqlite3.connect(demo_path)
    assert conn.execute("SELECT count(*) FROM delegates WHERE source_file != ''").fetchone()[0] == 0
    del before


@pytest.mark.parametrize("content, fragment", [
    (b"this is not a spreadsheet", "Không nhập được tệp"),
    (b"PK\x03\x04broken zip", "Không nhập được tệp"),
])
def test_unreadable_file_exits_2_and_nothing_lands(demo_path, tmp_path, capsys, content, fragment):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(content)
    good = SAMPLES / "xa_thanh_an_flat.xlsx"
    code = main(["import-roster", "--db", str(demo_path), "--event", "dh-hon-quan", str(good), str(bad)])
    assert code == 2
    assert fragment in capsys.readouterr().err
    conn = sqlite3.connect(demo_path)
    assert conn.execute("SELECT count(*) FROM delegates WHERE source_file != ''").fetchone()[0] == 0


def test_unknown_unit_is_an_error(demo_db):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    roster = import_service.read_file(demo_db, SAMPLES / "xa_thanh_an_flat.xlsx")
    plan = import_service.plan_import(demo_db, event.id, roster, unit_name="Xã Không Có")
    assert not plan.can_land and "Không có đơn vị" in plan.errors[0]


def test_a_folder_imports_every_workbook(demo_path, capsys):
    code = main(["import-roster", "--db", str(demo_path), "--event", "dh-hon-quan", "--json", str(SAMPLES)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and len(out) == len(SAMPLE_FILES)
    assert sum(r["imported"] for r in out) == sum(
        len(json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["people"]) for p in SAMPLE_FILES)


def test_undo_import_removes_exactly_what_it_added(demo_db):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    count = demo_db.execute("SELECT count(*) FROM delegates").fetchone()[0]
    people = demo_db.execute("SELECT count(*) FROM persons").fetchone()[0]
    plan = import_service.plan_import(demo_db, event.id, import_service.read_file(
        demo_db, SAMPLES / "xa_tan_loi_split_year.xlsx"))
    added = import_service.apply_import(demo_db, plan)
    assert demo_db.execute("SELECT count(*) FROM delegates").fetchone()[0] == count + added
    import_service.undo_import(demo_db, plan)
    assert demo_db.execute("SELECT count(*) FROM delegates").fetchone()[0] == count
    assert demo_db.execute("SELECT count(*) FROM persons").fetchone()[0] == people


def test_the_mapping_chosen_once_is_used_for_the_next_file_with_that_header(demo_db):
    path = SAMPLES / "xa_thanh_an_flat.xlsx"
    roster = import_service.read_file(demo_db, path)
    assert "ethnicity" in roster.mapping
    # The officer unmaps the ethnicity column and imports: the choice is remembered.
    chosen = {k: v for k, v in roster.mapping.items() if k != "ethnicity"}
    import_service.remember_mapping(demo_db, roster.header_key, chosen)
    again = import_service.read_file(demo_db, path)
    assert again.mapping == chosen
    assert all(p.ethnicity == "" for p in again.people)
