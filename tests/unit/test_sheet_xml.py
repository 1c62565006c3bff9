"""The one-pass expat reading of a worksheet (importer/sheet_xml.py) against openpyxl's own parser.

openpyxl's streaming sheet parser is the independent reference: for every
kind of cell (shared and inline strings, rich text with phonetic runs,
numbers, dates and durations by style, booleans, errors, cached formula
results, ISO dates, rows and cells without a reference) both must give the
same values, columns, styles and row numbers, and so must every workbook of
the samples, the test corpus and one saved by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES  # noqa: E402
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from thidua_desktop.importer import parse_roster
from thidua_desktop.importer.errors import ImportFileError
from thidua_desktop.importer.readers import open_workbook
from thidua_desktop.importer.safety import DEFAULT_LIMITS, check_file
from thidua_desktop.importer.sheet_xml import parse_rows

DATA = Path(__file__).resolve().parents[1] / "data" / "rosters"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.", "+xml")

STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="[h]:mm:ss"/></numFmts><fonts count="2"><font><name val="Calibri"/></font>'
          '<font><name val=".VnTime"/></font></fonts><fills count="1"><fill><patternFill '
          'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs><cellXfs count="4">'
          '<xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="164" fontId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1"/>'
          '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')

ROWS = (
    '<row r="1"><c r="A1" t="s" s="3"><v>0</v></c>'
    '<c r="B1" t="inlineStr"><is><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r>'
    '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c>'
    '<c r="C1" t="b"><v>1</v></c><c r="D1"><v>42</v></c><c r="E1"><v>1.5</v></c>'
    '<c r="F1"><v>1e3</v></c><c r="G1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" s="1"><v>45000</v></c><c r="B2" s="2"><v>0.5</v></c>'
    '<c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><f>A1&amp;"x"</f><v>abc</v></c>'
    '<c r="E2" t="d"><v>2024-01-02T00:00:00</v></c><c r="F2"><v/></c>'
    '<c r="G2" t="inlineStr"/><c r="H2" t="inlineStr"><is><t/></is></c>'
    '<c r="I2" t="inlineStr"><is><t xml:space="preserve">  hai  khoảng </t></is></c>'
    '<c r="J2" s="1"><v>1e20</v></c></row>'
    '<row><c><v>7</v></c><c t="inlineStr"><is><t>không có r</t></is></c><c/><c><v>9</v></c></row>'
    '<row r="5.0"><c r="C5"><v> 8 </v></c></row>'
    '<row r="6"/>'
    '<row r="7"><c r="A7" t="inlineStr"><v>99</v><is><t>chữ</t></is></c>'
    '<c r="B7" t="n"><v>3</v><v>4</v></c></row>'
)


def _book(path: Path, rows: str, doctype: str = "") -> Path:
    """A workbook written by hand with styles and shared strings (what openpyxl never writes)."""
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="/xl/{name}" ContentType="{_TYPES[0]}{kind}{_TYPES[1]}"/>'
                      for name, kind in (("workbook.xml", "sheet.main"),
                                         ("worksheets/sheet1.xml", "worksheet"),
                                         ("styles.xml", "styles"),
                                         ("sharedStrings.xml", "sharedStrings")))
            + "</Types>",
        "_rels/.rels":
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/relationships/{kind}" Target="{target}"/>'
                for i, kind, target in ((1, "worksheet", "worksheets/sheet1.xml"),
                                        (2, "styles", "styles.xml"),
                                        (3, "sharedStrings", "sharedStrings.xml")))
            + "</Relationships>",
        "xl/styles.xml": '<?xml version="1.0"?>' + STYLES,
        "xl/sharedStrings.xml":
            f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>Họ và tên</t></si>'
            '<si><r><t>Chức </t></r><r><t>vụ</t></r></si></sst>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0"?>{doctype}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>'
            '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return path


def _both(path: Path) -> list[tuple[list, list]]:
    """Each sheet's rows by openpyxl's parser and by parse_rows, as (row, [(col, value, style)])."""
    wb = load_workbook(path, read_only=True, data_only=True)
    out = []
    for ws in wb.worksheets:
        args = (ws._shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's "not a valid date", said by both
            with ws._get_source() as source:
                parser = WorkSheetParser(source, args[0], data_only=True, epoch=args[3],
                                         date_formats=args[1], timedelta_formats=args[2])
                old = [(number, [(c["column"], c["value"], int(c["style_id"] or 0)) for c in cells
                                 if c["value"] is not None and c["value"] != ""])
                       for number, cells in parser.parse()]
            with ws._get_source() as source:
                new = list(parse_rows(source, *args))
        out.append((old, new))
    wb.close()
    return out


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    [(old, new)] = _both(_book(tmp_path / "k.xlsx", ROWS))
    assert new == old
    # and what that is, written out: a wrong reference would not pass this
    assert new == [
        (1, [(1, "Họ và tên", 3), (2, "Nguyễn Văn An", 0), (3, True, 0), (4, 42, 0), (5, 1.5, 0),
             (6, 1000.0, 0), (7, "Chức vụ", 0)]),
        (2, [(1, dt.datetime(2023, 3, 15), 1), (2, dt.timedelta(hours=12), 2), (3, "#N/A", 0),
             (4, "abc", 0), (5, dt.datetime(2024, 1, 2), 0), (9, "  hai  khoảng ", 0),
             (10, "#VALUE!", 1)]),
        (3, [(1, 7, 0), (2, "không có r", 0), (4, 9, 0)]),
        (5, [(3, 8, 0)]),
        (6, []),
        (7, [(1, "chữ", 0), (2, 3, 0)]),
    ]


@pytest.mark.parametrize("path", [
    *sorted(SAMPLES.glob("*.xlsx")), *sorted(DATA.glob("*.xlsx")), *sorted(DATA.glob("writers/*.xlsx"))],
    ids=lambda p: p.name)
def test_every_corpus_workbook_reads_as_openpyxl_reads_it(path):
    sheets = _both(path)
    assert sheets and any(new for _old, new in sheets)
    for old, new in sheets:
        assert new == old


def test_a_libreoffice_copy_gives_the_people_of_the_original():
    """Shared strings, LibreOffice's styles and attributes: the same roster, the same people."""
    copy = parse_roster(DATA / "writers" / "xa_tan_loi_libreoffice.xlsx")
    original = parse_roster(SAMPLES / "xa_tan_loi_split_year.xlsx")
    assert len(copy.people) == len(original.people) > 5
    fields = ("name", "sex", "birth_year", "birth_date", "ethnicity", "position", "workplace",
              "category", "achievement", "note", "errors", "warnings")
    assert [[getattr(p, f) for f in fields] for p in copy.people] == \
        [[getattr(p, f) for f in fields] for p in original.people]


def test_the_reader_gives_values_and_fonts_of_the_cells(tmp_path):
    path = _book(tmp_path / "k.xlsx", ROWS)
    with pytest.warns(UserWarning, match="1e\\+20 is not a valid date"), \
            open_workbook(path, check_file(path), DEFAULT_LIMITS) as book:
        rows = list(book.sheet("DS").rows)
    assert rows[0] == (["Họ và tên", "Nguyễn Văn An", True, 42, 1.5, 1000.0, "Chức vụ"],
                       [".VnTime", "Calibri", None, None, None, None, "Calibri"])
    assert rows[3] == ([], None)  # row 4 is missing: an empty row fills the gap
    assert rows[4] == ([None, None, 8], [None, None, None])


def test_an_entity_declaration_is_damage_a_plain_doctype_is_not(tmp_path):
    entity = _book(tmp_path / "e.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>',
                   '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>')
    with pytest.raises(ImportFileError) as info, open_workbook(entity, check_file(entity),
                                                               DEFAULT_LIMITS) as book:
        list(book.sheet("DS").rows)
    assert info.value.kind == "corrupt"
    plain = _book(tmp_path / "p.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>', "<!DOCTYPE worksheet>")
    with open_workbook(plain, check_file(plain), DEFAULT_LIMITS) as book:
        assert list(book.sheet("DS").rows) == [([1], [None])]


@pytest.mark.parametrize("size, calls", [((1 << 16) - 1, 1), (1 << 16, 1), ((1 << 16) + 1, 2)])
def test_the_clock_is_looked_at_after_each_64_kb(size, calls):
    head = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = "</t></is></c></row></sheetData></worksheet>"
    xml = (head + "a" * (size - len(head) - len(tail)) + tail).encode("ascii")
    assert len(xml) == size
    seen = []
    rows = list(parse_rows(io.BytesIO(xml), [], set(), set(), None, lambda: seen.append(1)))
    assert len(seen) == calls
    assert rows == [(1, [(1, "a" * (size - len(head) - len(tail)), 0)])]


def test_a_damaged_element_beside_the_cells_no_longer_refuses_them(tmp_path):
    """openpyxl's parser built the page margins too and refused a bad one; only cells are read now."""
    path = _book(tmp_path / "m.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
                 '<pageMargins left="abc" right="0.7" top="0.7" bottom="0.7" header="0.3" footer="0.3"/>'
                 '<sheetData>')
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    with ws._get_source() as source, pytest.raises(TypeError):
        list(WorkSheetParser(source, ws._shared_strings, data_only=True).parse())
    wb.close()
    with open_workbook(path, check_file(path), DEFAULT_LIMITS) as book:
        assert list(book.sheet("DS").rows) == [([1], [None])]
