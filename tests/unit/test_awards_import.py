"""A unit's proposal workbook into a round: sections, columns, all rows or none, the honoured flag."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import openpyxl
import pytest

from thidua_desktop.services import awards_history as ah
from thidua_desktop.services import awards_service as svc
from thidua_desktop.services.awards_import import NoProposalsError, import_proposals
from thidua_desktop.store.database import open_database

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị công tác", "Hình thức khen thưởng",
          "Tóm tắt thành tích"]


def _workbook(path, body):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    ws.append([])
    ws.append(HEADER)
    ws.append([str(i) for i in range(1, len(HEADER) + 1)])  # the column numbers under the header
    for row in body:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def setting(demo_path):
    """A second round (before 1 July 2025: the district's forms) and an honoured person of the demo."""
    db = open_database(demo_path)
    rnd = svc.create_round(db, "kt-2025-2", "Đợt hai", 2025, plan_id=1, issuer_unit_id=1, council_members=9,
                           meeting_date=dt.date(2025, 6, 20))
    honoured = db.execute("SELECT a.name, a.birth_year FROM awards w JOIN awardees a ON a.id = w.awardee_id "
                          "WHERE w.year = 2020 AND w.form_code = 'gk_huyen' ORDER BY a.id LIMIT 1").fetchone()
    unit = db.execute("SELECT id FROM units WHERE name = 'Tân Lợi'").fetchone()[0]
    yield db, rnd, honoured, unit


def test_sections_columns_and_the_honoured_flag(setting, tmp_path):
    db, rnd, honoured, unit = setting
    path = _workbook(tmp_path / "de-nghi.xlsx", [
        ["I. TẬP THỂ"],
        ["1", "Hội Cựu chiến binh xã Tân Lợi", "", "", "", "", "Giấy khen của Chủ tịch UBND huyện", "Hoàn thành tốt"],
        ["II. CÁ NHÂN"],
        ["1", honoured[0], honoured[1], "Nam", "Nông dân", "Thôn 3", "Giấy khen", "Sản xuất giỏi"],
        ["2", "Lê Thị Hoa", "12/03/1985", "nữ", "Giáo viên", "Trường Tiểu học Tân Lợi", "gk_huyen", "Dạy giỏi"],
    ])
    result = import_proposals(db, rnd, unit, path)
    assert (result.added, result.collectives, result.persons) == (3, 1, 2)
    assert result.honoured == [honoured[0]]
    props = {p.name: p for p in svc.proposals(db, rnd)}
    assert props["Hội Cựu chiến binh xã Tân Lợi"].kind == "collective"
    hoa = props["Lê Thị Hoa"]
    assert (hoa.kind, hoa.birth_year, hoa.sex, hoa.form_code, hoa.unit_id) == ("person", 1985, "Nữ", "gk_huyen", unit)
    assert {p.form_code for p in props.values()} == {"gk_huyen"}
    flags = ah.honoured_flags(db, rnd, list(props.values()))
    assert [props[honoured[0]].id] == list(flags)


@pytest.mark.parametrize("bad_rows, words", [
    ([["2", "Trần Văn Nam", "1970", "Nam", "", "", "Huân chương Lao động", ""]], "Dòng 8: hình thức"),
    ([["2", "Trần Văn Nam", "1970", "Khác", "", "", "Giấy khen", ""]], "Dòng 8: Giới tính"),
    ([["I. TẬP THỂ"], ["1", "Hội Cựu chiến binh xã Tân Lợi", "", "", "", "", "Lao động tiên tiến", ""]],
     "Dòng 9: Hình thức “Lao động tiên tiến” không dành cho tập thể"),
])
def test_one_bad_row_refuses_the_whole_file(setting, tmp_path, bad_rows, words):
    db, rnd, _honoured, unit = setting
    path = _workbook(tmp_path / "loi.xlsx", [
        ["II. CÁ NHÂN"],
        ["1", "Lê Thị Hoa", "1985", "Nữ", "Giáo viên", "Trường Tiểu học", "Giấy khen", ""],
        *bad_rows,
    ])
    before = db.execute("SELECT COUNT(*) FROM award_proposals").fetchone()[0]
    with pytest.raises(NoProposalsError) as err:
        import_proposals(db, rnd, unit, path)
    assert words in err.value.message and "chưa ghi dòng nào" in err.value.message
    assert db.execute("SELECT COUNT(*) FROM award_proposals").fetchone()[0] == before


def test_a_file_without_a_header_or_twice_the_same(setting, tmp_path):
    db, rnd, _honoured, unit = setting
    wb = openpyxl.Workbook()
    wb.active.append(["chỉ có chữ"])
    wb.save(tmp_path / "trong.xlsx")
    with pytest.raises(NoProposalsError) as err:
        import_proposals(db, rnd, unit, tmp_path / "trong.xlsx")
    assert "Không tìm thấy dòng tiêu đề" in err.value.message
    path = _workbook(tmp_path / "hai-lan.xlsx", [["1", "Lê Thị Hoa", "1985", "Nữ", "", "", "Giấy khen", ""]])
    import_proposals(db, rnd, unit, path)
    with pytest.raises(NoProposalsError) as err:
        import_proposals(db, rnd, unit, path)  # the same unit sends its list again
    assert "đã được đề nghị" in err.value.message


def test_command_dry_run_then_import(setting, demo_path, tmp_path):
    db, _rnd, _honoured, _unit = setting
    db.close()
    path = _workbook(tmp_path / "de-nghi.xlsx", [["1", "Lê Thị Hoa", "1985", "Nữ", "", "", "Giấy khen", ""]])

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "thidua_desktop", "import-awards", "--db", str(demo_path),
                               "--round", "kt-2025-2", "--unit", "xã Tân Lợi", *extra, str(path)],
                              capture_output=True, text=True, encoding="utf-8")

    dry = run("--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["added"] == 1 and "Có thể nhập 1" in dry.stderr
    check = open_database(demo_path)
    try:
        rnd = svc.round_by_code(check, "kt-2025-2")
        assert svc.proposals(check, rnd) == []
    finally:
        check.close()
    done = run()
    assert done.returncode == 0 and "Đã nhập 1 đề nghị của Xã Tân Lợi" in done.stderr
    again = run()
    assert again.returncode == 1 and "chưa ghi dòng nào" in again.stderr
    wrong = subprocess.run([sys.executable, "-m", "thidua_desktop", "import-awards", "--db", str(demo_path),
                            "--round", "kt-2025-2", "--unit", "Không Có", str(path)], capture_output=True,
                           text=True, encoding="utf-8")
    assert wrong.returncode == 2 and "Không có đơn vị" in wrong.stderr
