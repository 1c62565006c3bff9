"""Row by row: errors and warnings, sections, the end of the list, mapping, progress, cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from thidua_desktop.importer import ImportCancelled, ImportFileError, header_key, parse_roster

HEAD = ["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ", "Đơn vị công tác", "Ghi chú"]


def _xlsx(tmp_path: Path, rows: list[list], title: str = "UBND XÃ TÂN LỢI",
          head: list | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(head or HEAD)
    for row in rows:
        ws.append(row)
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    return path


def _one(tmp_path: Path, row: list, **kwargs):
    roster = parse_roster(_xlsx(tmp_path, [row], **kwargs))
    assert len(roster.people) == 1
    return roster.people[0]


def test_clean_row_has_no_messages(tmp_path: Path) -> None:
    person = _one(tmp_path, [1, "Lê Văn An", 1980, None, "Kinh", "Nông dân", "Thôn 1", None])
    assert (person.name, person.sex, person.birth_year, person.row_number) == (
        "Lê Văn An", "Nam", 1980, 4)
    assert person.category == "Điển hình tiên tiến"
    assert person.warnings == [] and person.errors == []


@pytest.mark.parametrize("row, message", [
    ([1, None, 1980, None, "Kinh", "Nông dân", "Thôn 1"], "Thiếu họ tên."),
    ([1, "Lê Văn An", 1980, 1981, "Kinh", "Nông dân", "Thôn 1"], "cả cột Nam và cột Nữ"),
    ([1, "Lê Văn An", "khoảng 1980", None, "Kinh"], "Không hiểu năm sinh «khoảng 1980»."),
])
def test_row_errors(tmp_path: Path, row, message) -> None:
    person = _one(tmp_path, row)
    assert any(message in e for e in person.errors), person.errors


@pytest.mark.parametrize("row, message", [
    ([1, "Lê Văn An", 1890, None, "Kinh", "Nông dân", "Thôn 1"], "Năm sinh 1890 bất thường"),
    ([1, "Lê Văn An", 1980, None, "Sao Hỏa", "Nông dân", "Thôn 1"],
     "Dân tộc «Sao Hỏa» không có trong danh mục 54 dân tộc."),
    ([1, "Lê Văn An", 1980, None, None, "Nông dân", "Thôn 1"], "Chưa ghi dân tộc."),
    ([1, "Lê Văn An", "31/02/1980", None, "Kinh"], "không có thật"),
])
def test_row_warnings(tmp_path: Path, row, message) -> None:
    person = _one(tmp_path, row)
    assert any(message in w for w in person.warnings), person.warnings
    assert person.errors == []


def test_duplicate_within_the_file(tmp_path: Path) -> None:
    row = [1, "Lê Văn An", 1980, None, "Kinh", "Nông dân", "Thôn 1"]
    roster = parse_roster(_xlsx(tmp_path, [row, [2, "LÊ VĂN AN", 1980, None, "Kinh"]]))
    assert "Trùng họ tên và năm sinh với dòng 4." in roster.people[1].warnings


def test_note_gives_category_and_other_notes_stay(tmp_path: Path) -> None:
    roster = parse_roster(_xlsx(tmp_path, [
        [1, "Lê Văn An", 1980, None, "Kinh", "Bí thư", "Đảng ủy xã", "Khách mời"],
        [2, "Trần Thị Bé", None, 1985, "Kinh", "Chủ tịch", "UBND xã", "LÃNH ĐẠO"],
        [3, "Hồ Văn Cư", 1970, None, "Kinh", "Nông dân", "Thôn 2", "Đã nghỉ hưu"],
    ]))
    assert [(p.category, p.note) for p in roster.people] == [
        ("Khách mời", ""), ("Lãnh đạo", ""), ("Điển hình tiên tiến", "Đã nghỉ hưu")]


def test_sections_blank_rows_numbering_and_end(tmp_path: Path) -> None:
    roster = parse_roster(_xlsx(tmp_path, [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ["I", "Đại biểu khách mời"],
        [1, "Lê Văn An", 1980, None, "Kinh", "Bí thư", "Đảng ủy xã"],
        [],
        ["B. LÃNH ĐẠO"],
        [2, "Trần Thị Bé", None, 1985, "Kinh", "Chủ tịch", "UBND xã"],
        [None, "Tổng cộng: 2 người"],
        [3, "Hồ Văn Cư", None, None, "Kinh", "Nông dân", "Thôn 2"],
        [None, "Người lập biểu", None, None, None, None, "TM. UBND XÃ"],
        [None, "Nguyễn Văn Ký", None, None, None, None, "Phạm Văn Chủ"],
        [4, "Võ Thị Dần", None, 1990, "Kinh", "Giáo viên", "Trường Tiểu học"],
    ]))
    assert [(p.name, p.category) for p in roster.people] == [
        ("Lê Văn An", "Khách mời"), ("Trần Thị Bé", "Lãnh đạo"),
        ("Võ Thị Dần", "Lãnh đạo")]
    assert "Dòng này nằm dưới dòng tổng cộng/chữ ký, hãy kiểm tra." in roster.people[2].warnings
    assert roster.warnings == [
        "Bỏ qua 1 dòng sau chỗ kết thúc danh sách (dòng tổng cộng, chữ ký, dòng trống hoặc "
        "bảng thứ hai; dòng 11); nếu là đại biểu, hãy chuyển lên trên."]


def test_flat_layout_messages(tmp_path: Path) -> None:
    head = ["TT", "Họ tên", "Giới tính", "Ngày sinh", "Dân tộc", "Chức vụ, đơn vị công tác",
            "Thành phần"]
    roster = parse_roster(_xlsx(tmp_path, [
        [1, "Lê Văn An", "Nam", dt.datetime(1980, 5, 6), "Kinh", "Nông dân", "Đại biểu mới"],
        [2, "Lê Thị Bé", "không rõ", "06/05/1981", "Kinh", "Y sĩ, Trạm Y tế", "Khách mời"],
    ], head=head))
    first, second = roster.people
    assert (first.birth_date, first.position, first.workplace) == (dt.date(1980, 5, 6),
                                                                  "Nông dân", "")
    assert "Không tách được chức vụ và đơn vị công tác (thiếu dấu phẩy)." in first.warnings
    assert any("Không rõ thành phần «Đại biểu mới»" in w for w in first.warnings)
    assert second.sex is None and "Không hiểu giới tính «không rõ»." in second.warnings
    assert (second.position, second.workplace, second.category) == ("Y sĩ", "Trạm Y tế",
                                                                   "Khách mời")


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    roster = parse_roster(_xlsx(tmp_path, [[1, "Lê Văn An", "Kinh"]],
                                head=["STT", "Họ và tên", "Dân tộc"]))
    assert any(w.startswith("Không thấy cột năm sinh hay ngày sinh") for w in roster.warnings)
    assert "Không thấy cột «Chức vụ»." in roster.warnings
    # without a birth column the file says it once; the row lands, its year to be completed
    assert roster.people[0].errors == [] and roster.people[0].birth_year is None
    assert not any("năm sinh" in w for w in roster.people[0].warnings)


def test_a_missing_year_is_a_warning_not_an_error(tmp_path: Path) -> None:
    roster = parse_roster(_xlsx(tmp_path, [[1, "Lê Văn An", None, None, "Kinh", "Nông dân", "Thôn 1"],
                                           [2, "Lê Thị Bé", None, 1990, "Kinh", "Nông dân", "Thôn 1"]]))
    first, second = roster.people
    assert first.errors == [] and first.birth_year is None
    assert any(w.startswith("Thiếu năm sinh") for w in first.warnings)
    assert second.birth_year == 1990 and not any("Thiếu năm sinh" in w for w in second.warnings)


def test_unit_hint_forms(tmp_path: Path) -> None:
    row = [1, "Lê Văn An", 1980, None, "Kinh"]
    for title, unit in [("ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI", "Tân Khai"),
                        ("UBND phường An Lộc", "An Lộc"), ("UBND HUYỆN HỚN QUẢN", None),
                        ("UBND XÃ TÂN LỢI - HUYỆN HỚN QUẢN", "Tân Lợi"),
                        ("UBND X· T¢N LîI", "Tân Lợi"),  # TCVN3 small letters (.VnTimeH)
                        ("UBND X‚ T¢N LœI", "Tân Lợi")]:  # TCVN3 capitals
        assert parse_roster(_xlsx(tmp_path, [row], title=title)).unit_hint == unit


def test_mapping_override_and_header_key(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [[1, "Lê Văn An", 1980, None, "Kinh", "Nông dân", "Thôn 1"]])
    guessed = parse_roster(path)
    assert guessed.header_key == header_key(HEAD) == (
        "stt|ho va ten|nam|nu|dan toc|chuc vu|don vi cong tac|ghi chu")
    swapped = dict(guessed.mapping, position=6, workplace=5)
    person = parse_roster(path, mapping=swapped).people[0]
    assert (person.position, person.workplace) == ("Thôn 1", "Nông dân")
    with pytest.raises(ImportFileError) as info:
        parse_roster(path, mapping={"ethnicity": 4})
    assert "cột «Họ và tên»" in info.value.message


def test_progress_and_cancel(tmp_path: Path) -> None:
    rows = [[i, f"Người Số {i}", 1970 + i % 30, None, "Kinh", "Nông dân", "Thôn"]
            for i in range(1, 1201)]
    path = _xlsx(tmp_path, rows)
    calls = []
    roster = parse_roster(path, progress=lambda done, total: calls.append((done, total)))
    assert len(roster.people) == 1200
    assert calls[-1][0] == calls[-1][1] == 1203
    assert len(calls) >= 4
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(ImportCancelled):
        parse_roster(path, cancel=cancel)


def test_later_sheet_is_found_and_sheet_can_be_chosen(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Bìa"
    wb.active["A1"] = "Hướng dẫn"
    ws = wb.create_sheet("DS")
    ws.append(["Họ và tên", "Năm sinh", "Giới tính"])
    ws.append(["Lê Văn An", 1980, "Nam"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    assert parse_roster(path).sheet == "DS"
    with pytest.raises(ImportFileError) as info:
        parse_roster(path, sheet="Bìa")
    assert info.value.kind == "no_header"


def test_hidden_sheet_comes_after_visible_ones(tmp_path: Path) -> None:
    wb = Workbook()
    old = wb.active
    old.title = "Cũ"
    old.append(["Họ và tên", "Năm sinh"])
    old.append(["Người Cũ", 1950])
    old.sheet_state = "hidden"
    new = wb.create_sheet("Mới")
    new.append(["Họ và tên", "Năm sinh"])
    new.append(["Người Mới", 1990])
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    assert [p.name for p in parse_roster(path).people] == ["Người Mới"]


@pytest.mark.parametrize("encode", ["tcvn3", "vni"])
def test_legacy_csv_bytes(tmp_path: Path, encode: str) -> None:
    from thidua_desktop.importer.legacy_encoding import unicode_to_tcvn3, unicode_to_vni

    to_legacy = unicode_to_tcvn3 if encode == "tcvn3" else unicode_to_vni
    lines = ["STT;Họ và tên;Năm sinh;Giới tính;Dân tộc;Chức vụ",
             "1;Nguyễn Văn Đức;1980;Nam;Kinh;Trưởng thôn",
             "2;Lê Thị Lý;1991;Nữ;S'tiêng;Hội viên Hội Phụ nữ"]
    path = tmp_path / "cu.csv"
    path.write_bytes("\r\n".join(to_legacy(line) for line in lines).encode("cp1252"))
    roster = parse_roster(path)
    assert (roster.charset, roster.encoding) == ("cp1252", encode)
    assert [(p.name, p.sex, p.ethnicity, p.position) for p in roster.people] == [
        ("Nguyễn Văn Đức", "Nam", "Kinh", "Trưởng thôn"),
        ("Lê Thị Lý", "Nữ", "S'tiêng", "Hội viên Hội Phụ nữ")]
