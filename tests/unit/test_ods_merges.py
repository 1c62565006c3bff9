"""Merged ranges of .ods files (importer/ods_merges.py): placed by counting repeated rows and
cells, covered cells included; clipped and bounded by the limits; filled by the importer."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from thidua_desktop.importer import ImportFileError, Limits, parse_roster
from thidua_desktop.importer.bounded import ReadBudget
from thidua_desktop.importer.ods_merges import ods_merges
from thidua_desktop.importer.safety import DEFAULT_LIMITS

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
         'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
         'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
         'office:version="1.2"><office:body><office:spreadsheet>')
_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_MANIFEST = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
             '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
             'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
             'manifest:media-type="text/xml"/></manifest:manifest>')


def ods(path: Path, tables: str, head: str = _HEAD) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", head + tables + _TAIL)
        z.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def table(name: str, rows: str) -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


def row(cells: str, repeat: int = 1) -> str:
    attr = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attr}>{cells}</table:table-row>"


def cell(text: object = None, rows: object = None, cols: object = None, repeat: object = None) -> str:
    attrs = "".join(f' table:{k}="{v}"' for k, v in (("number-rows-spanned", rows),
                                                     ("number-columns-spanned", cols),
                                                     ("number-columns-repeated", repeat)) if v)
    if text is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(text, int):
        return (f'<table:table-cell office:value-type="float" office:value="{text}"{attrs}>'
                f"<text:p>{text}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{text}</text:p></table:table-cell>'


def covered(repeat: int = 1) -> str:
    attr = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:covered-table-cell{attr}/>"


def merges_of(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict:
    return ods_merges(path, ReadBudget(path, limits))


def test_cells_are_placed_by_counting_repeated_and_covered_cells(tmp_path):
    rows = (row(cell("a") + cell(repeat=3) + cell("x", cols=2) + covered() + cell("y", rows=2, cols=3))
            + row(covered(2) + cell("b") + covered(2) + cell("z") + covered(3)))
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)))
    # a (0), three empty cells (1-3), x over 4-5, y over 6-8 on rows 0-1
    assert got == {"S": [(0, 4, 0, 5), (0, 6, 1, 8)]}


def test_a_span_crossing_a_block_of_repeated_rows_and_the_next_span_after_it(tmp_path):
    rows = (row(cell("h")) + row(cell("u", rows=5))
            + row(covered(), repeat=3)  # rows 2-4, all covered by the span from row 1
            + row(covered()) + row(cell("v", rows=2)) + row(covered()))
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)))
    assert got == {"S": [(1, 0, 5, 0), (6, 0, 7, 0)]}


def test_a_spanning_cell_in_repeated_rows_and_columns_is_one_merge_per_repetition(tmp_path):
    rows = row(cell("a") + cell("x", cols=2, repeat=2) + covered(), repeat=3)
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)))
    assert got == {"S": [(r, c, r, c + 1) for r in range(3) for c in (1, 2)]}


def test_each_sheet_has_its_own_merges_and_rows_counted_from_its_top(tmp_path):
    first = table("Một", row(cell("a")) * 4 + row(cell("b", rows=2)) + row(covered()))
    second = table("Hai", row(cell("c", cols=2) + covered()) + row(cell("d")))
    got = merges_of(ods(tmp_path / "a.ods", first + second))
    assert got == {"Một": [(4, 0, 5, 0)], "Hai": [(0, 0, 0, 1)]}


@pytest.mark.parametrize("value", ["-3", "0", "abc", "1"])
def test_malformed_or_unit_counts_count_as_one(tmp_path, value):
    rows = row(cell("a", rows=value, cols=value, repeat=value) + cell("b", rows=2)) + row(covered(2))
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)))
    assert got == {"S": [(0, 1, 1, 1)]}


@pytest.mark.parametrize("start, want", [
    (7, [(7, 0, 9, 0)]),  # just under the edge: clipped to the last row allowed
    (8, [(8, 0, 9, 0)]),  # a span starting on the row before the last
    (9, []),  # at the last row allowed: nothing left to merge
    (10, []),  # past it: not placed at all
])
def test_a_span_at_the_last_row_allowed_is_clipped(tmp_path, start, want):
    rows = row(cell(), repeat=start) + row(cell("u", rows=999_999_999))
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)), Limits(max_rows=10))
    assert got == {"S": want}


def test_a_hostile_span_is_clipped_to_the_limits(tmp_path):
    rows = row(cell("u", rows=10**12, cols=10**9))
    limits = Limits(max_rows=50, max_columns=20, max_cells=2000)
    got = merges_of(ods(tmp_path / "a.ods", table("S", rows)), limits)
    assert got == {"S": [(0, 0, 49, 19)]}


@pytest.mark.parametrize("repeat, refused", [(99, False), (100, False), (101, True)])
def test_the_cells_covered_by_all_merges_are_bounded_by_max_cells(tmp_path, repeat, refused):
    rows = row(cell("x", cols=2) + covered(), repeat=repeat)  # 2 cells per repetition
    path = ods(tmp_path / "a.ods", table("S", rows))
    limits = Limits(max_cells=200)
    if not refused:
        assert len(merges_of(path, limits)["S"]) == repeat
        return
    with pytest.raises(ImportFileError) as caught:
        merges_of(path, limits)
    assert caught.value.kind == "too_big" and "vùng gộp ô" in caught.value.reason
    assert "200" in caught.value.reason


def test_a_bomb_of_repeated_spans_is_refused_quickly(tmp_path):
    rows = row(cell("x", rows=40_000, cols=100, repeat=16_000), repeat=1_000_000)
    path = ods(tmp_path / "a.ods", table("S", rows))
    assert path.stat().st_size < 2048
    with pytest.raises(ImportFileError) as caught:
        merges_of(path)
    assert caught.value.kind == "too_big"


def test_entity_declarations_are_refused_not_expanded(tmp_path):
    head = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            + _HEAD.split("?>", 1)[1])
    path = ods(tmp_path / "a.ods", table("S", row(cell("&b;"))), head=head)
    with pytest.raises(ImportFileError) as caught:
        merges_of(path)
    assert caught.value.kind == "corrupt" and "LibreOffice" in caught.value.reason


def test_a_unit_merged_down_to_the_last_row_reaches_every_person(tmp_path):
    header = row(cell("STT") + cell("Họ và tên") + cell("Năm sinh") + cell("Nơi công tác"))
    people = [("Lê Văn An", 1980), ("Trần Thị Bình", 1985), ("Y Bih Niê", 1990)]
    rows = header
    for i, (name, year) in enumerate(people):
        unit = cell("Thôn 2", rows=len(people)) if i == 0 else covered()
        rows += row(cell(i + 1) + cell(name) + cell(year) + unit)
    roster = parse_roster(ods(tmp_path / "ds.ods", table("Danh sách", rows)))
    assert [(p.name, p.birth_year, p.workplace) for p in roster.people] == [
        (name, year, "Thôn 2") for name, year in people]
