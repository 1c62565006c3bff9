"""Header labels read by meaning, names taken apart, columns checked against their data."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.importer import column_check as C
from thidua_desktop.importer import person_names as N
from thidua_desktop.importer.columns_option import parse_columns
from thidua_desktop.importer.header_detect import classify, find_header, guess_mapping


@pytest.mark.parametrize("label, field", [
    ("hoten", "name"), ("hoTen", "name"), ("HO VA TEN", "name"), ("Họ và tên của bạn", "name"),
    ("Tên tập thể/cá nhân/hộ gia đình", "name"), ("Tên đại biểu", "name"), ("Full name", "name"),
    ("gioitinh", "sex"), ("Giới Tính", "sex"), ("ngaysinh", "birth_date"),
    ("Ngày tháng\nnăm sinh", "birth_date"), ("Date of birth", "birth_date"), ("Năm sinh", "birth_year"),
    ("dantoc", "ethnicity"), ("chucvu", "position"), ("Chức danh", "position"),
    ("donVi", "workplace"), ("Phòng (Đơn Vị)", "workplace"), ("Đơn vị/Vị trí công tác", "workplace"),
    ("Tên đơn vị", "workplace"), ("Chức vụ, đơn vị công tác", "position_workplace"),
    ("Họ và tên đệm", "family_name"), ("Họ", "family_name"), ("TAPTHE/CANHAN", "kind"),
    ("Hình thức khen thưởng", "achievement"), ("Thành tích đạt được", "achievement"),
    ("Ghi chú", "note"), ("STT", "stt"),
    # near misses: labels that hold the letters of a field but not its meaning
    ("Ngày chính thức", None), ("Ngày vào Đảng", None), ("Quê quán", None), ("Mã Đối Tượng", None),
    ("Số CMND/CCCD", None), ("Dấu thời gian", None), ("Nơi sinh", None),
])
def test_labels_by_meaning(label, field):
    assert classify(label) == field


def test_family_and_given_columns_make_the_name():
    assert guess_mapping(["STT", "Họ", "Tên", "Năm sinh"]) == {
        "stt": 0, "family_name": 1, "given_name": 2, "birth_year": 3}
    assert guess_mapping(["STT", "Tên", "Năm sinh"]) == {"stt": 0, "name": 1, "birth_year": 2}
    assert guess_mapping(["Họ", "Năm sinh", "Dân tộc"]) == {"birth_year": 1, "ethnicity": 2}


def test_a_header_three_rows_deep_with_merges():
    rows = [["STT", "Họ và tên", "Thông tin", None, None],
            [None, None, "Ngày sinh", None, "Dân tộc"],
            [None, None, "Nam", "Nữ", None],
            [1, "Lê Văn An", 1980, None, "Kinh"]]
    merges = [(0, 2, 0, 4), (1, 2, 1, 3), (0, 0, 2, 0), (0, 1, 2, 1), (1, 4, 2, 4)]
    header = find_header(rows, merges)
    assert (header.row, header.height) == (0, 3)
    assert header.mapping == {"stt": 0, "name": 1, "birth_year_male": 2, "birth_year_female": 3,
                              "ethnicity": 4}


def test_day_month_year_columns_give_the_year():
    header = find_header([["STT", "Họ và tên", "Ngày sinh", None, None, "Chức vụ"],
                          [None, None, "Ngày", "Tháng", "Năm", None],
                          [1, "Lê Văn An", 12, 5, 1980, "Nông dân"]],
                         [(0, 2, 0, 4), (0, 0, 1, 0), (0, 1, 1, 1), (0, 5, 1, 5)])
    assert header.mapping == {"stt": 0, "name": 1, "birth_year": 4, "position": 5}


@pytest.mark.parametrize("text, name, sex, rank, kind", [
    ("Ông Nguyễn Văn Tám", "Nguyễn Văn Tám", "Nam", "", "person"),
    ("Bà Lê Thị Hoa", "Lê Thị Hoa", "Nữ", "", "person"),
    ("Ông Ích Khiêm", "Ông Ích Khiêm", None, "", "person"),  # "Ông" is also a surname
    ("Đại tá Trần Quốc Toản", "Trần Quốc Toản", None, "Đại tá", "person"),
    ("TS. Lê Văn Bảy", "Lê Văn Bảy", None, "TS", "person"),
    ("Đại tá", "Đại Tá", None, "", "person"),  # a rank alone is not taken off nothing
    ("Trương Văn Bình", "Trương Văn Bình", None, "", "person"),
    ("Đoàn Văn Hậu", "Đoàn Văn Hậu", None, "", "person"),
    ("Phòng Tư pháp", "Phòng Tư pháp", None, "", "collective"),
    ("UBND xã Tân Lợi", "UBND xã Tân Lợi", None, "", "collective"),
    ("Tổ", "Tổ", None, "", "person"),  # one word names no collective
])
def test_names_taken_apart(text, name, sex, rank, kind):
    parts = N.split_name(text)
    assert (parts.name, parts.sex, parts.rank, parts.kind) == (name, sex, rank, kind)


@pytest.mark.parametrize("family, given, joined", [
    ("Lê", "Dũng", "Lê Dũng"), ("Phạm Thị Thu", "Hà", "Phạm Thị Thu Hà"),
    ("Trần Văn", "Văn", "Trần Văn Văn"), ("Lê Văn Dũng", "Dũng", "Lê Văn Dũng"), ("", "An", "An"),
])
def test_family_and_given_joined(family, given, joined):
    assert N.joined(family, given) == joined


@pytest.mark.parametrize("text, kind", [
    ("TAPTHE", "collective"), ("Tập thể", "collective"), ("CANHAN", "person"),
    ("cá nhân", "person"), ("?", None)])
def test_kind_cells(text, kind):
    assert N.kind_of(text) == kind


def test_a_column_off_by_one_is_found_only_when_clearly_better():
    rows = [[1, "CB01", "Nguyễn Hữu Thắng", "Chi cục trưởng", 1972],
            [2, "CB02", "Lương Thị Xuân", "Đội phó", 1989]]
    mapping = {"stt": 0, "name": 1, "position": 2, "birth_year": 3}
    assert C.misfits(rows, mapping) == ["name", "birth_year"]
    assert C.shifted(rows, mapping, 5) == {"stt": 1, "name": 2, "position": 3, "birth_year": 4}
    good = {"stt": 0, "name": 2, "position": 3, "birth_year": 4}
    assert C.misfits(rows, good) == [] and C.shifted(rows, good, 5) is None


@pytest.mark.parametrize("share, flagged", [(1, True), (2, False), (3, False)])
def test_the_misfit_edge_is_half(share, flagged):
    """A name column is flagged when fewer than half its cells are names (edge at 2 of 4)."""
    cells = ["Nguyễn Văn An", "Lê Thị Bé", "Trần Văn Cư"][:share] + ["Chi cục trưởng"] * (4 - share)
    rows = [[c] for c in cells]
    assert (C.misfits(rows, {"name": 0}) == ["name"]) is flagged


def test_columns_option():
    assert parse_columns("name=B,sex=C,birth=D,ethnicity=AA") == {
        "name": 1, "sex": 2, "birth_year": 3, "ethnicity": 26}
    assert parse_columns("family=1, given=2") == {"family_name": 0, "given_name": 1}
    for bad in ("name=0", "sex=B", "name=B,foo=C", "name"):
        with pytest.raises(UserError):
            parse_columns(bad)
