"""Each distinct cell text is decoded once; what a row reports stays that row's own.

The builder remembers what it read of a text (the end-of-list checks and the
column decoder) and the header classifier remembers its labels: a text that
repeats on many rows must still warn on each of those rows, a TCVN3 column must
still be converted on every row, and the memory stays bounded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from thidua_desktop.importer import parse_roster, sheet_text
from thidua_desktop.importer.header_detect import classify, is_header_row
from thidua_desktop.importer.legacy_encoding import unicode_to_tcvn3

HEAD = ["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ", "Đơn vị công tác", "Ghi chú"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]


def _xlsx(tmp_path: Path, rows: list[list], head: list[str] = HEAD) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append([])
    ws.append(head)
    for row in rows:
        ws.append(row)
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    return path


def test_a_repeated_hidden_character_warns_on_every_row(tmp_path):
    position = "Cán\u202ebộ"  # the same text on rows 1 and 3: decoded once, said twice
    rows = [[1, NAMES[0], 1980, None, "Kinh", position, "UBND xã", None],
            [2, NAMES[1], None, 1985, "Kinh", "Cán bộ", "UBND xã", None],
            [3, NAMES[2], 1990, None, "Kinh", position, "UBND xã", None]]
    people = parse_roster(_xlsx(tmp_path, rows)).people
    removed = [any(w.startswith("Đã bỏ") for w in p.warnings) for p in people]
    assert removed == [True, False, True]
    assert [p.position for p in people] == ["Cánbộ", "Cán bộ", "Cánbộ"]


def test_a_legacy_column_is_converted_on_every_row_it_repeats_on(tmp_path):
    legacy = unicode_to_tcvn3("Chủ tịch Hội Nông dân")
    rows = [[i + 1, unicode_to_tcvn3(name), 1980 + i, None, unicode_to_tcvn3("Kinh"), legacy,
             unicode_to_tcvn3("Xã Tân Lợi"), None] for i, name in enumerate(NAMES)]
    roster = parse_roster(_xlsx(tmp_path, rows))
    assert [p.name for p in roster.people] == NAMES
    assert {p.position for p in roster.people} == {"Chủ tịch Hội Nông dân"}
    assert any("TCVN3" in w for w in roster.warnings)


def test_the_decoder_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(sheet_text, "MEMO_LIMIT", 3)
    decoder = sheet_text.ColumnDecoder({0: ["Nguyễn Văn An"]}, {}, [])
    texts = [f"Tổ {n}\u200b" for n in range(6)]
    for text in texts + texts:  # over the limit: still right, still reported, not kept
        assert decoder.decode(0, text) == (text.replace("\u200b", ""), False)
        assert decoder.take_removed() == ["ký tự ẩn"]
    assert len(decoder._decoded) == 3


@pytest.mark.parametrize("cells, header", [
    (["Họ và tên", "Năm sinh", "", ""], False),  # two labels: not a second table's header
    (["Họ và tên", "Năm sinh", "Chức vụ", ""], True),  # three: it is
    (["Họ và tên", "Năm sinh", "Chức vụ", "Ghi chú"], True),
    (["Nguyễn Văn An", "1980", "Chủ tịch", "Kinh"], False),
])
def test_second_header_needs_three_labels(cells, header):
    assert is_header_row(cells) is header


def test_remembered_labels_classify_as_before():
    assert classify("Họ và tên") == "name"
    assert classify("Họ và tên") == "name"  # from memory
    assert classify("Năm sinh", "Nam") == "birth_year_male"
    assert classify("Năm sinh", "Nữ") == "birth_year_female"
    assert classify("Nguyễn Văn An") is None


# Birth cells are parsed once per distinct value (row_builder) and the values shared:
# one row's date must not reach another row of the same year, and cells Python counts
# equal (True and 1) must not share a reading. A numbered row is a person even when its
# texts read like a header (the header guess is skipped there).
BIRTH_HEAD = ["STT", "Họ và tên", "Năm sinh", "Ngày sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"]


def test_a_date_from_one_row_does_not_reach_another_row_of_the_same_year(tmp_path):
    roster = parse_roster(_xlsx(tmp_path, head=BIRTH_HEAD, rows=[
        [1, "Lê Văn An", 1980, "12/03/1980", "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", 1980, None, "Kinh", "Nông dân", "Thôn 2"],
        [3, "Phạm Văn Cường", 1980, "05/06/1980", "Kinh", "Nông dân", "Thôn 3"],
    ]))
    dates = [(p.birth_year, p.birth_date) for p in roster.people]
    assert dates == [(1980, dt.date(1980, 3, 12)), (1980, None), (1980, dt.date(1980, 6, 5))]


def test_a_mark_and_the_number_one_are_read_apart(tmp_path):
    roster = parse_roster(_xlsx(tmp_path, head=BIRTH_HEAD, rows=[
        [1, "Lê Văn An", True, None, "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", 1, None, "Kinh", "Nông dân", "Thôn 2"],
        [3, "Phạm Văn Cường", True, None, "Kinh", "Nông dân", "Thôn 3"],
    ]))
    first, second, third = roster.people
    assert not first.errors and first.birth_year is None
    assert any("Không hiểu năm sinh «1»" in e for e in second.errors)
    assert (third.errors, third.birth_year) == (first.errors, None)


def test_the_same_odd_year_warns_on_every_row(tmp_path):
    year = dt.date.today().year - 5  # five years old: unlikely for a delegate
    roster = parse_roster(_xlsx(tmp_path, head=BIRTH_HEAD, rows=[
        [1, "Lê Văn An", year, None, "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", year, None, "Kinh", "Nông dân", "Thôn 2"],
    ]))
    assert all(any(f"Năm sinh {year} bất thường" in w for w in p.warnings) for p in roster.people)


def test_a_numbered_row_is_a_person_even_when_it_reads_like_a_header(tmp_path):
    """(An unnumbered second header ending the list: test_importer_rows.)"""
    header_like = ["Họ và tên", "Năm sinh", "Ngày sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"]
    person = [1, "Lê Văn An", 1980, None, "Kinh", "Nông dân", "Thôn 1"]
    later = [3, "Phạm Văn Cường", 1981, None, "Kinh", "Nông dân", "Thôn 3"]
    numbered = parse_roster(_xlsx(tmp_path, head=BIRTH_HEAD, rows=[person, [2, *header_like], later]))
    assert [p.row_number for p in numbered.people] == [4, 5, 6]
    assert numbered.people[1].name == "Họ Và Tên"
