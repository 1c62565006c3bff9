"""Landing the corpus and judging several files: whole files or nothing, every file reported."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import Workbook
from roster_corpus import BY_NAME, write_csv, write_xlsx

from thidua_desktop.cli import main
from thidua_desktop.services import import_service, repository
from thidua_desktop.services.import_judge import judge

EVENT = "dh-hon-quan"


def _cli(demo_path, *args):
    return main(["import-roster", "--db", str(demo_path), "--event", EVENT, "--json", *map(str, args)])


def _landed(demo_path, source: str) -> list[tuple]:
    conn = sqlite3.connect(demo_path)
    try:
        return conn.execute(
            "SELECT p.full_name, p.birth_year, d.collective, u.name FROM delegates d "
            "JOIN persons p ON p.id = d.person_id LEFT JOIN units u ON u.id = d.unit_id "
            "WHERE d.source_file = ? ORDER BY d.id", [source]).fetchall()
    finally:
        conn.close()


def _roster(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị công tác"])
    for i, (name, year) in enumerate(rows, 1):
        ws.append([i, name, year, "Nam", "Kinh", "Nông dân", "Thôn 1"])
    wb.save(path)
    return path


def test_collectives_and_persons_land_from_an_award_list(demo_path, tmp_path, capsys):
    path = write_xlsx(BY_NAME["award_proposal"], tmp_path / "de_nghi.xlsx")
    code = _cli(demo_path, "--unit", "Tân Lợi", path)
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out[0]["imported"] == 5 and out[0]["status"] == "landed"
    rows = _landed(demo_path, "de_nghi.xlsx")
    assert rows == [
        ("Phòng Tư pháp", None, "Phòng Tư pháp", "Tân Lợi"),
        ("Nguyễn Văn Tám", None, "", "Tân Lợi"),
        ("Trần Quốc Toản", None, "", "Tân Lợi"),
        ("Lê Thị Hoa", None, "", "Tân Lợi"),
        ("Trường Tiểu học Kim Đồng", None, "Trường Tiểu học Kim Đồng", "Tân Lợi"),
    ]
    # a missing year lands, and the rules say it until it is completed
    assert any("Sau khi nhập:" in w and "chưa có năm sinh" in w for w in out[0]["warnings"])


def test_section_rows_set_each_rows_unit(demo_path, tmp_path, capsys):
    path = write_xlsx(BY_NAME["sections_merged"], tmp_path / "hai_xa.xlsx")
    code = _cli(demo_path, path)
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    assert [(r[0], r[3]) for r in _landed(demo_path, "hai_xa.xlsx")] == [
        ("Y Bih Niê", "Tân Lợi"), ("H'Hen Mlô", "Tân Lợi"), ("Vũ Minh Tuấn", "Tân Lợi"),
        ("Thạch Sa Rên", "An Khương"), ("Kim Thị Sóc", "An Khương")]
    assert not any("đơn vị tổ chức" in w for w in out[0]["warnings"])


def test_the_organiser_fallback_is_said(demo_path, tmp_path, capsys):
    path = write_xlsx(BY_NAME["software_headers"], tmp_path / "phan_mem.xlsx")
    code = _cli(demo_path, path)
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert any("đơn vị tổ chức" in w and "Hớn Quản" in w for w in out[0]["warnings"])


def test_a_plain_list_needs_columns_then_lands_and_is_remembered(demo_path, tmp_path, capsys):
    path = write_csv(BY_NAME["plain_list"], tmp_path / "danh_sach.csv")
    assert _cli(demo_path, path) == 2
    out = json.loads(capsys.readouterr().out)
    assert out[0]["status"] == "unreadable" and "--columns" in out[0]["errors"][0]
    code = _cli(demo_path, "--unit", "Tân Lợi", "--columns", "name=A,sex=B,birth=C,ethnicity=D,position=E",
                path)
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out[0]["imported"] == 3
    conn = sqlite3.connect(demo_path)
    assert conn.execute(
        "SELECT p.full_name, p.sex, p.birth_year, p.ethnicity, p.position FROM delegates d JOIN "
        "persons p ON p.id = d.person_id WHERE d.source_file = 'danh_sach.csv' ORDER BY d.id"
    ).fetchall() == [("Nguyễn Văn Bình", "Nam", 1966, "Kinh", "Nông dân"),
                     ("Trương Thị Cúc", "Nữ", 1972, "Kinh", "Buôn bán"),
                     ("Tô Văn Dậu", "Nam", 1981, "Kinh", "Thợ mộc")]
    conn.close()
    # the next file of that shape is read with the same columns, without --columns
    other = BY_NAME["plain_list"]
    other.rows[1][0] = "Lê Văn Mới"
    again = write_csv(other, tmp_path / "danh_sach_2.csv")
    other.rows[1][0] = "Nguyễn Văn Bình"
    assert _cli(demo_path, "--unit", "Tân Lợi", "--dry-run", again) == 0
    again_out = json.loads(capsys.readouterr().out)[0]
    assert again_out["imported"] == 1, again_out  # two are already delegates: skipped


@pytest.mark.parametrize("spec, fragment", [
    ("sex=B", "cần chỉ cột họ tên"),
    ("name=B,tuoi=C", "không hiểu «tuoi=C»"),
    ("name=B,birth=", "không hiểu"),
    ("name=B,name=C", "hai lần"),
])
def test_bad_columns_get_a_sentence(demo_path, tmp_path, capsys, spec, fragment):
    path = _roster(tmp_path / "a.xlsx", [("Lê Văn An", 1980)])
    assert _cli(demo_path, "--columns", spec, path) == 2
    captured = capsys.readouterr()
    assert fragment in captured.err
    assert fragment in json.loads(captured.out)[0]["errors"][0]


def test_every_file_is_judged_before_any_lands(demo_path, tmp_path, capsys):
    """The middle file has a year the parser accepts and the database refuses."""
    first = _roster(tmp_path / "1.xlsx", [("Lê Văn An", 1980), ("Lê Văn Bình", 1981)])
    middle = _roster(tmp_path / "2.xlsx", [("Trần Văn Cư", 1982), ("Trần Văn Cổ", 1890)])
    last = _roster(tmp_path / "3.xlsx", [("Võ Văn Dũng", 1983)])
    code = _cli(demo_path, "--dry-run", first, middle, last)
    dry = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(r["imported"], r["status"]) for r in dry] == [
        (2, "would_land"), (0, "refused"), (1, "would_land")]
    assert any("Trần Văn Cổ" in e and "1890" in e for e in dry[1]["errors"])
    assert _landed(demo_path, "1.xlsx") == [] and _landed(demo_path, "2.xlsx") == []
    code = _cli(demo_path, first, middle, last)
    real = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(r["imported"], r["status"]) for r in real] == [(2, "landed"), (0, "refused"), (1, "landed")]
    assert [r["errors"] for r in real] == [r["errors"] for r in dry]
    assert len(_landed(demo_path, "1.xlsx")) == 2 and _landed(demo_path, "2.xlsx") == []
    assert len(_landed(demo_path, "3.xlsx")) == 1


def test_an_unreadable_file_is_reported_with_the_others_and_nothing_lands(demo_path, tmp_path, capsys):
    good = _roster(tmp_path / "1.xlsx", [("Lê Văn An", 1980)])
    bad = tmp_path / "2.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    also = _roster(tmp_path / "3.xlsx", [("Võ Văn Dũng", 1983)])
    assert _cli(demo_path, good, bad, also) == 2
    out = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in out] == ["not_landed", "unreadable", "not_landed"]
    assert _landed(demo_path, "1.xlsx") == [] and _landed(demo_path, "3.xlsx") == []


def test_judging_leaves_the_database_and_the_rows_as_they_were(demo_db, tmp_path):
    event = repository.event_by_code(demo_db, EVENT)
    path = _roster(tmp_path / "1.xlsx", [("Lê Văn An", 1980), ("Lê Văn An", 1980)])
    roster = import_service.read_file(demo_db, path)
    before = demo_db.execute("SELECT count(*) FROM delegates").fetchone()[0]
    parsed = [list(p.warnings) for p in roster.people]
    plan = import_service.plan_import(demo_db, event.id, roster, "Tân Lợi")
    judge(demo_db, [plan])
    once = [list(r.messages) for r in plan.rows], list(plan.rule_findings)
    judge(demo_db, [plan])
    assert ([list(r.messages) for r in plan.rows], list(plan.rule_findings)) == once
    assert [list(p.warnings) for p in roster.people] == parsed
    assert demo_db.execute("SELECT count(*) FROM delegates").fetchone()[0] == before
    assert plan.created_delegates == [] and plan.can_land
