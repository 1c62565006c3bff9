"""Limits checked while rows stream by (importer/bounded.py), each at, under and over its edge."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from thidua_desktop.importer import bounded, cfb
from thidua_desktop.importer.bounded import ReadBudget, bounded_rows, column_letters
from thidua_desktop.importer.errors import ImportFileError
from thidua_desktop.importer.readers import open_workbook
from thidua_desktop.importer.safety import Limits, check_file
from thidua_desktop.importer.xlsx_stream import check_shared_strings

P = Path("ds.xlsx")


def _read(rows, **limits):
    return list(bounded_rows(iter(rows), ReadBudget(P, Limits(**limits))))


def _refusal(rows, **limits) -> str:
    with pytest.raises(ImportFileError) as info:
        _read(rows, **limits)
    assert info.value.kind == "too_big"
    return info.value.reason


def test_trailing_cells_and_rows_are_trimmed_gaps_filled():
    rows = [(1, ["a", None, "", None], None), (3, ["b"], None), (4, [None, None], None),
            (1_000_000, [None] * 50, None)]
    assert _read(rows, max_rows=10, max_columns=2) == [(["a"], None), ([], None), (["b"], None)]


@pytest.mark.parametrize("row, ok", [(99, True), (100, True), (101, False)])
def test_row_limit(row, ok):
    rows = [(1, ["x"], None), (row, ["y"], None)]
    if ok:
        assert len(_read(rows, max_rows=100)) == row
    else:
        assert "dòng 101" in _refusal(rows, max_rows=100) and "100 dòng" in _refusal(rows, max_rows=100)


def test_empty_rows_past_the_limit_cost_nothing():
    assert _read([(1, ["x"], None), (5_000_000, [None], None)], max_rows=10) == [(["x"], None)]


@pytest.mark.parametrize("width, ok", [(199, True), (200, True), (201, False)])
def test_column_limit(width, ok):
    rows = [(1, [None] * (width - 1) + ["v"], None)]
    if ok:
        assert len(_read(rows)[0][0]) == width
    else:
        assert f"cột {column_letters(200)}" in _refusal(rows) and "200 cột" in _refusal(rows)


@pytest.mark.parametrize("length, ok", [(32_766, True), (32_767, True), (32_768, False)])
def test_cell_text_limit(length, ok):
    rows = [(2, [None, "a" * length], None)]
    if ok:
        assert _read(rows)[1][0][1] == "a" * length
    else:
        assert "ô B2" in _refusal(rows) and "32.768 ký tự" in _refusal(rows)


@pytest.mark.parametrize("cells, ok", [(9, True), (10, True), (11, False)])
def test_cell_limit_counts_used_width(cells, ok):
    rows = [(i + 1, [1], None) for i in range(cells)]
    if ok:
        assert len(_read(rows, max_cells=10)) == cells
    else:
        assert "10 ô" in _refusal(rows, max_cells=10)


@pytest.mark.parametrize("chars, ok", [(99, True), (100, True), (101, False)])
def test_total_text_limit(chars, ok):
    rows = [(1, ["a" * (chars - 50)], None), (2, ["b" * 50], None)]
    if ok:
        assert len(_read(rows, max_text_chars=100)) == 2
    else:
        assert "100 ký tự chữ" in _refusal(rows, max_text_chars=100)


def test_time_cap(monkeypatch):
    clock = iter([0.0] + [1000.0] * 10)
    monkeypatch.setattr(bounded.time, "monotonic", lambda: next(clock))
    assert "quá 60 giây" in _refusal([(1, ["x"], None)])


def test_memory_cap(monkeypatch):
    sizes = iter([100, 100 + 1025 * 2**20])
    monkeypatch.setattr(bounded, "current_memory", lambda: next(sizes))
    assert "1024 MB bộ nhớ" in _refusal([(1, ["x"], None)])


def test_memory_under_the_cap(monkeypatch):
    sizes = iter([100, 100 + 1023 * 2**20])
    monkeypatch.setattr(bounded, "current_memory", lambda: next(sizes))
    assert _read([(1, ["x"], None)]) == [(["x"], None)]


def test_current_memory_on_this_platform():
    value = bounded.current_memory()
    assert value is None or value > 1024 * 1024


def _xlsx(path: Path, rows_xml: str, strings: list[str] | None = None) -> Path:
    """A minimal workbook written by hand: what openpyxl would never write."""
    shared = strings is not None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                   'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="applicati'
                   'on/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
                   'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
                   '-officedocument.spreadsheetml.worksheet+xml"/>'
                   + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                      'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "")
                   + "</Types>")
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxml'
                   'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                   'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxml'
                   'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"'
                   '/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
                   ' Target="worksheets/sheet1.xml"/>'
                   + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                      '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
                   + "</Relationships>")
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas'
                   f'.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows_xml}</sheetData>'
                   '</worksheet>')
        if shared:
            body = "".join(f"<si><t>{s}</t></si>" for s in strings)
            z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.'
                       f'openxmlformats.org/spreadsheetml/2006/main">{body}</sst>')
    return path


def _rows_of(path: Path, **limits) -> list:
    lim = Limits(**limits)
    with open_workbook(path, check_file(path), lim) as book:
        return list(book.sheet(book.sheet_names[0]).rows)


def test_xlsx_row_with_an_empty_cell_at_xfd_is_not_kept_wide(tmp_path):
    xml = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="XFD1" s="0"/></row>'
    assert _rows_of(_xlsx(tmp_path / "a.xlsx", xml)) == [(["Họ và tên"], ["Calibri"])]


def test_xlsx_value_at_xfd_is_refused_before_the_row_is_built(tmp_path):
    xml = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    with pytest.raises(ImportFileError) as info:
        _rows_of(_xlsx(tmp_path / "a.xlsx", xml))
    assert "cột XFD (cột thứ 16.384)" in info.value.reason


@pytest.mark.parametrize("count, ok", [(9, True), (10, True), (11, False)])
def test_shared_strings_are_counted_before_openpyxl_loads_them(tmp_path, count, ok):
    path = _xlsx(tmp_path / "s.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                 [f"s{i}" for i in range(count)])
    budget = ReadBudget(path, Limits(max_cells=10))
    with zipfile.ZipFile(path) as archive:
        if ok:
            check_shared_strings(archive, budget)
        else:
            with pytest.raises(ImportFileError, match="hơn 10 chuỗi"):
                check_shared_strings(archive, budget)


def test_one_long_shared_string_is_refused(tmp_path):
    path = _xlsx(tmp_path / "s.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["a" * 41])
    with pytest.raises(ImportFileError, match="dài 41 ký tự"):
        _rows_of(path, max_cell_chars=40)
    assert _rows_of(path, max_cell_chars=41) == [(["a" * 41], ["Calibri"])]


def test_shared_strings_with_a_dtd_are_damage_not_expansion(tmp_path):
    path = _xlsx(tmp_path / "s.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["x"])
    data = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    data["xl/sharedStrings.xml"] = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]>'
                                    + data["xl/sharedStrings.xml"].split(b"?>", 1)[1])
    with zipfile.ZipFile(path, "w") as z:
        for name, blob in data.items():
            z.writestr(name, blob)
    with pytest.raises(ImportFileError) as info:
        _rows_of(path)
    assert info.value.kind == "corrupt"


def test_csv_rows_are_bounded(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Năm sinh\n" + "".join(f"A{i},1980\n" for i in range(20)), encoding="utf-8")
    assert len(_rows_of(path, max_rows=21)) == 21
    with pytest.raises(ImportFileError, match="dòng 21"):
        _rows_of(path, max_rows=20)


def test_csv_field_over_the_csv_module_limit_gets_the_cell_sentence(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Năm sinh\n" + "a" * 200_000 + ",1980\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="ký tự của một ô"):
        _rows_of(path)


def _difat_loop(count: int) -> bytes:
    """A compound file whose DIFAT chain points at its own sector, with the given count."""
    import struct
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
    from make_rosters import _cfb

    data = bytearray(_cfb({"Workbook": b"\x09\x08" + b"\0" * 5000}))
    own = len(data) // 512 - 1  # index of the sector appended below
    data[0x44:0x4C] = struct.pack("<II", own, count)
    data += struct.pack("<128I", *([0xFFFFFFFF] * 127 + [own]))
    return bytes(data)


@pytest.mark.parametrize("count", [2**32 - 1, 3])
def test_self_referencing_difat_is_damage(count):
    with pytest.raises(cfb.CfbError):
        cfb.stream_names(_difat_loop(count))


def test_fat_count_larger_than_the_file_is_damage():
    import struct

    data = bytearray(_difat_loop(0))
    data[0x2C:0x30] = struct.pack("<I", 10**6)
    with pytest.raises(cfb.CfbError, match="larger than the file"):
        cfb.stream_names(bytes(data))


def test_one_invalid_utf8_byte_keeps_the_file_utf8(tmp_path):
    from thidua_desktop.importer import parse_roster

    path = tmp_path / "ds.csv"
    text = "Họ và tên,Giới tính,Năm sinh,Dân tộc\nNguyễn Thị Ánh,Nữ,1985,Kinh\nLê Văn Đức,Nam,1979,Kinh\n"
    path.write_bytes(text.encode("utf-8").replace(b"1979", b"1979\xff", 1))
    roster = parse_roster(path)
    assert [p.name for p in roster.people] == ["Nguyễn Thị Ánh", "Lê Văn Đức"]


def test_a_header_at_row_500_is_named_not_called_empty(tmp_path):
    from thidua_desktop.importer import parse_roster

    path = tmp_path / "ds.csv"
    path.write_text("\n" * 499 + "Họ và tên,Năm sinh\nLê Văn Đức,1979\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        parse_roster(path)
    assert info.value.kind == "no_header" and "bắt đầu từ dòng 500" in info.value.reason
