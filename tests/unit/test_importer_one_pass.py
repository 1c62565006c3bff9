"""Each distinct cell text is decoded once; what a row reports stays that row's own.

The builder remembers what it read of a text (the end-of-list checks and the
column decoder) and the header classifier remembers its labels: a text that
repeats on many rows must still warn on each of those rows, a TCVN3 column must
still be converted on every row, and the memory stays bounded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from thidua_desktop.importer import parse_roster, sheet_text
from thidua_desktop.importer.header_detect import classify, is_header_row
from thidua_desktop.importer.legacy_encoding import unicode_to_tcvn3

HEAD = ["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ", "Đơn vị công tác", "Ghi chú"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append([])
    ws.append(HEAD)
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
