"""Cell-level reading: cleaning, names, birth values, sex, category, ethnicity, header labels."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.importer import fields as F
from thidua_desktop.importer.header_detect import classify, find_header, is_numbering_row
from thidua_desktop.importer.sheet_text import is_stop_row
from thidua_desktop.importer.text_clean import clean_cell, name_case


@pytest.mark.parametrize("raw, clean", [
    ("  Thạch  Đức\u00a0 Khánh ", "Thạch Đức Khánh"),
    ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed (NFD) input
    ("Lê\u200b Văn\tAn\n", "Lê Văn An"),
    (1995.0, "1995"),
    (None, ""),
])
def test_clean_cell(raw, clean) -> None:
    assert clean_cell(raw) == clean


@pytest.mark.parametrize("raw, name", [
    ("LÝ NGỌC THẢO", "Lý Ngọc Thảo"),
    ("  HUỲNH  THỊ  TRANG ", "Huỳnh Thị Trang"),
    ("đỗ minh sơn", "Đỗ Minh Sơn"),
    ("ĐIỂU K'LANG", "Điểu K'Lang"),
    ("Điểu K’Lang", "Điểu K'Lang"),
    ("nguyễn văn An", "Nguyễn Văn An"),
    ("Y-BLIM NIÊ", "Y-Blim Niê"),
])
def test_name_case(raw, name) -> None:
    assert name_case(raw) == name


@pytest.mark.parametrize("value, year, date", [
    (1985, 1985, None),
    (1985.0, 1985, None),
    ("1985", 1985, None),
    ("25/02/1966", 1966, dt.date(1966, 2, 25)),
    ("5-7-1984", 1984, dt.date(1984, 7, 5)),
    ("05.07.1984", 1984, dt.date(1984, 7, 5)),
    ("1984-07-05", 1984, dt.date(1984, 7, 5)),
    ("07/1984", 1984, None),
    (dt.datetime(1990, 3, 4), 1990, dt.date(1990, 3, 4)),
    (dt.date(1990, 3, 4), 1990, dt.date(1990, 3, 4)),
    (32936, 1990, dt.date(1990, 3, 4)),  # an Excel day number without its date format
    ("12/03/85", 1985, dt.date(1985, 3, 12)),
])
def test_parse_birth(value, year, date) -> None:
    birth = F.parse_birth(value)
    assert (birth.year, birth.date, birth.problem) == (year, date, None)


@pytest.mark.parametrize("value, problem", [
    ("31/02/1990", "không có thật"),
    ("khoảng 1970", "Không hiểu năm sinh «khoảng 1970»"),
    (12.5, "Không hiểu năm sinh"),
])
def test_parse_birth_problems(value, problem) -> None:
    assert problem in F.parse_birth(value).problem


def test_parse_birth_mark_and_empty() -> None:
    assert F.parse_birth("x").mark and F.parse_birth("X").mark
    assert F.parse_birth(None).empty and F.parse_birth("  ").empty


def test_year_warning() -> None:
    today = dt.date(2025, 3, 1)
    assert F.year_warning(1980, today) is None
    assert "bất thường" in F.year_warning(2020, today)
    assert "bất thường" in F.year_warning(1900, today)


@pytest.mark.parametrize("text, sex", [
    ("Nam", "Nam"), ("nam", "Nam"), ("NỮ", "Nữ"), ("Nu", "Nữ"), ("nữ.", "Nữ"), ("?", None),
])
def test_parse_sex(text, sex) -> None:
    assert F.parse_sex(text) == sex


@pytest.mark.parametrize("text, category", [
    ("Khách mời", "Khách mời"), ("KHÁCH MỜI", "Khách mời"), ("Lãnh đạo", "Lãnh đạo"),
    ("Đại biểu điển hình tiên tiến", "Điển hình tiên tiến"), ("Đã nghỉ hưu", None), ("", None),
])
def test_parse_category(text, category) -> None:
    assert F.parse_category(text) == category


def test_split_position_workplace() -> None:
    assert F.split_position_workplace("Công chức Văn hóa - Xã hội, UBND xã Minh Đức") == (
        "Công chức Văn hóa - Xã hội", "UBND xã Minh Đức")
    assert F.split_position_workplace("Nông dân") is None


@pytest.mark.parametrize("text, known, shown", [
    ("Kinh", True, "Kinh"), ("S'tiêng", True, "S'tiêng"), ("S'TIÊNG", True, "S'tiêng"),
    ("SÁN DÌU", True, "Sán Dìu"), ("Bru - Vân Kiều", True, "Bru - Vân Kiều"),
    ("dân tộc Tày", True, "dân tộc Tày"), ("Kinh (Việt)", False, "Kinh (Việt)"),
    ("Hoa Kỳ", False, "Hoa Kỳ"),
])
def test_ethnicity(text, known, shown) -> None:
    assert F.ethnicity_known(text) is known
    assert F.ethnicity_display(text) == shown


@pytest.mark.parametrize("label, sub, field", [
    ("Họ và tên", "", "name"), ("Họ tên đại biểu", "", "name"), ("HỌ VÀ TÊN", "", "name"),
    ("Tên đơn vị", "", "workplace"), ("Năm sinh", "Nam", "birth_year_male"),
    ("Năm sinh", "Nữ", "birth_year_female"), ("Nam", "", "birth_year_male"),
    ("Năm sinh", "", "birth_year"), ("Ngày, tháng, năm sinh", "", "birth_date"),
    ("Giới tính", "", "sex"), ("Chức vụ, đơn vị công tác", "", "position_workplace"),
    ("Chức danh", "", "position"), ("Nơi công tác", "", "workplace"),
    ("Thành tích / Hình thức khen thưởng", "", "achievement"), ("Thành phần", "", "category"),
    ("Ghi chú", "", "note"), ("STT", "", "stt"), ("TT", "", "stt"), ("Quê quán", "", None),
])
def test_classify(label, sub, field) -> None:
    assert classify(label, sub) == field


def test_two_row_header_without_merge_information() -> None:
    rows = [["DANH SÁCH"], [], ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc"],
            [None, None, "Nam", "Nữ"], [1, "Lê An", 1980, None, "Kinh"]]
    header = find_header(rows)
    assert (header.row, header.height, header.data_start) == (2, 2, 4)
    assert header.mapping == {"stt": 0, "name": 1, "birth_year_male": 2,
                              "birth_year_female": 3, "ethnicity": 4}
    assert header.labels[3] == "Năm sinh Nữ"


def test_no_header() -> None:
    assert find_header([["Báo cáo"], ["Họ và tên"]]) is None  # a name column alone is not enough
    assert find_header([]) is None


def test_numbering_and_stop_rows() -> None:
    assert is_numbering_row(["(1)", "(2)", "(3)", "", "(5)"])
    assert is_numbering_row(["1", "2", "3", "4"])
    assert not is_numbering_row(["1", "Lê Văn An", "1980"])
    assert is_stop_row([None, "Tổng cộng: 23 đại biểu"])
    assert is_stop_row([None, "Tæng céng: 23 ®¹i biÓu"])  # TCVN3
    assert is_stop_row(["TM. ỦY BAN NHÂN DÂN"])
    assert is_stop_row(["Tân Lợi, ngày 10 tháng 3 năm 2025"])
    assert is_stop_row(["NGƯỜI LẬP BIỂU"])
    assert not is_stop_row(["Nguyễn Văn Cộng", "Chủ tịch UBND"])
