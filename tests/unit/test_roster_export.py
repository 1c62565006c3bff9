"""export-roster: the workbook, the Word table and the CSV read back match the database."""

from __future__ import annotations

import csv
import shutil
import subprocess

import docx
import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from thidua_desktop.cli import main
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database

CSV_COLUMNS = ["unit", "name", "sex", "birth_year", "ethnicity", "position", "workplace",
               "category", "achievement", "note"]
LABELS = {"exemplary": "Điển hình tiên tiến", "guest": "Khách mời", "leader": "Lãnh đạo"}


def expected_rows(path, code="dh-hon-quan"):
    """The roster straight from SQLite: attending delegates in Vietnamese name order."""
    db = open_database(path, create=False, readonly=True)
    try:
        return [dict(r) for r in db.query(
            "SELECT p.full_name, p.sex, p.birth_year, p.ethnicity, p.position, p.workplace, "
            "d.achievement, d.note, d.category, COALESCE(k.name || ' ' || u.name, '') AS unit "
            "FROM delegates d JOIN persons p ON p.id = d.person_id JOIN events e ON e.id = d.event_id "
            "LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN unit_kinds k ON k.code = u.kind "
            "WHERE e.code = ? AND d.status != 'absent' ORDER BY p.sort_key, d.id", [code])]
    finally:
        db.close()


def remark(row) -> str:
    parts = [] if row["category"] == "exemplary" else [LABELS[row["category"]]]
    if row["note"]:
        parts.append(row["note"])
    return "; ".join(parts)


def export(demo_path, out, code="dh-hon-quan", *extra) -> int:
    """The roster as one list in name order (--by-name) unless `extra` says otherwise."""
    options = list(extra) or ["--by-name"]
    return main(["export-roster", "--db", str(demo_path), "--event", code, "--out", str(out),
                 *[o for o in options if o]])


def header_row(ws) -> int:
    return next(r for r in range(1, 30) if ws.cell(row=r, column=1).value == "STT")


def test_xlsx_rows_match_the_database_with_nam_nu_right(demo_path, tmp_path):
    with _absent_one(demo_path):
        pass
    out = tmp_path / "ds.xlsx"
    assert export(demo_path, out) == 0
    expected = expected_rows(demo_path)
    assert len(expected) == 90  # one of the 91 marked absent
    ws = openpyxl.load_workbook(out).active
    head = header_row(ws)
    assert ws.cell(row=head, column=3).value == "Năm sinh"
    assert [ws.cell(row=head + 1, column=c).value for c in (3, 4)] == ["Nam", "Nữ"]
    assert f"C{head}:D{head}" in {str(r) for r in ws.merged_cells.ranges}
    got = [[c.value for c in row] for row in ws.iter_rows(
        min_row=head + 2, max_row=head + 1 + len(expected), max_col=9)]
    assert len(got) == len(expected)
    for number, (cells, row) in enumerate(zip(got, expected, strict=True), start=1):
        stt, name, nam, nu, ethnicity, position, workplace, achievement, note = cells
        assert stt == number and name == row["full_name"]
        assert (nam, nu) == ((row["birth_year"], None) if row["sex"] == "Nam" else (None, row["birth_year"]))
        assert (ethnicity, position, workplace) == (row["ethnicity"], row["position"], row["workplace"])
        assert (achievement or "") == row["achievement"] and (note or "") == remark(row)
    total = ws.cell(row=head + 2 + len(expected), column=1).value
    men = sum(r["sex"] == "Nam" for r in expected)
    assert total == f"Tổng cộng: 90 đại biểu ({men} nam, {90 - men} nữ)"
    texts = {c.value for row in ws.iter_rows(max_row=head - 1) for c in row if c.value}
    assert {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"} <= texts
    assert any("ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN HỚN QUẢN" in t for t in texts)
    below = {c.value for row in ws.iter_rows(min_row=head + 3 + len(expected)) for c in row if c.value}
    assert {"TM. BAN TỔ CHỨC", "TRƯỞNG BAN"} <= below


def _absent_one(path):
    """Mark one district delegate absent: the official list leaves them out."""
    import contextlib

    @contextlib.contextmanager
    def go():
        db = open_database(path)
        try:
            did = db.execute(
                "SELECT d.id FROM delegates d JOIN events e ON e.id = d.event_id "
                "WHERE e.code = 'dh-hon-quan' ORDER BY d.id LIMIT 1").fetchone()[0]
            rs.update_delegates(db, [did], {"status": "absent"})
            yield db
        finally:
            db.close()
    return go()


def test_xlsx_page_setup_and_styles(demo_path, tmp_path):
    out = tmp_path / "ds.xlsx"
    assert export(demo_path, out) == 0
    ws = openpyxl.load_workbook(out).active
    head = header_row(ws)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    # 100 %, never shrunk: the columns fit the page (the conformance checker measures it).
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 100
    assert ws.print_title_rows == f"${head}:${head + 1}"
    anchors = [(head, c) for c in range(1, 10) if c != 4] + [(head + 1, 3), (head + 1, 4)]
    data = [(r, c) for r in (head + 2, head + 50) for c in range(1, 10)]
    for row, col in anchors + data:
        cell = ws.cell(row=row, column=col)
        assert not isinstance(cell, MergedCell)
        assert cell.font.name == "Times New Roman" and cell.font.sz == 13
        sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
        if (row, col) != (head, 3):  # "Năm sinh" spans C:D; its right edge is D's
            assert all(side.style == "thin" for side in sides), (row, col)
    # The merged parts keep the outline: A's lower half has its bottom line.
    assert ws.cell(row=head + 1, column=1).border.bottom.style == "thin"
    assert ws.cell(row=head, column=2).font.b and not ws.cell(row=head + 2, column=2).font.b


def test_long_text_rows_are_tall_enough(demo_path, tmp_path):
    db = open_database(demo_path)
    did = db.execute("SELECT d.id FROM delegates d JOIN events e ON e.id = d.event_id "
                     "WHERE e.code = 'dh-hon-quan' ORDER BY d.id LIMIT 1").fetchone()[0]
    rs.update_delegates(db, [did], {"achievement": "Bằng khen của Chủ tịch UBND tỉnh " * 6})
    db.close()
    out = tmp_path / "ds.xlsx"
    assert export(demo_path, out) == 0
    ws = openpyxl.load_workbook(out).active
    heights = {}
    for row in ws.iter_rows(min_row=header_row(ws) + 2):
        if row[7].value and "Bằng khen của Chủ tịch UBND tỉnh Bằng" in row[7].value:
            heights["long"] = ws.row_dimensions[row[0].row].height
        elif row[1].value and not heights.get("short"):
            heights["short"] = (ws.row_dimensions[row[0].row].height
                                or ws.sheet_format.defaultRowHeight)
    # 198 characters in a 29-character column: seven lines of 16 pt.
    assert heights["long"] >= 7 * 16 and heights["long"] > heights["short"]


def test_docx_table_matches_the_database(demo_path, tmp_path):
    out = tmp_path / "ds.docx"
    assert export(demo_path, out) == 0
    expected = expected_rows(demo_path)
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert table.rows[0].cells[2].text == "Năm sinh"
    assert [table.rows[1].cells[i].text for i in (2, 3)] == ["Nam", "Nữ"]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    body = table.rows[2:2 + len(expected)]
    for number, (row, want) in enumerate(zip(body, expected, strict=True), start=1):
        cells = [c.text for c in row.cells]
        year = str(want["birth_year"])
        assert cells[0] == str(number) and cells[1] == want["full_name"]
        assert cells[2:4] == ([year, ""] if want["sex"] == "Nam" else ["", year])
        assert cells[4:8] == [want["ethnicity"], want["position"], want["workplace"], want["achievement"]]
        assert cells[8] == remark(want)
    assert table.rows[2 + len(expected)].cells[1].text.startswith(f"Tổng cộng: {len(expected)} đại biểu")
    text = "\n".join(p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TM. BAN TỔ CHỨC" in text
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_csv_follows_the_contract(demo_path, tmp_path):
    out = tmp_path / "ds.csv"
    assert export(demo_path, out) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:10] == CSV_COLUMNS
    expected = expected_rows(demo_path)
    assert len(rows) - 1 == len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        record = dict(zip(rows[0], got, strict=True))
        assert record["name"] == want["full_name"] and record["sex"] == want["sex"]
        assert record["birth_year"] == str(want["birth_year"]) and record["unit"] == want["unit"]
        assert record["category"] == LABELS[want["category"]]
        assert [record[k] for k in ("ethnicity", "position", "workplace", "achievement", "note")] == [
            want["ethnicity"], want["position"], want["workplace"], want["achievement"], want["note"]]


def test_no_cell_ever_becomes_a_formula(demo_path, tmp_path):
    db = open_database(demo_path)
    event = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    rs.add_person_delegate(db, event, rs.PersonData(
        full_name="=HYPERLINK(\"http://x\",\"A\")", sex="Nam", birth_year=1980, ethnicity="+Kinh",
        position="-1+2", workplace="@SUM(A1)"), rs.DelegateData(achievement="=1+1", note="-ghi"))
    db.close()
    xlsx, csv_out = tmp_path / "ds.xlsx", tmp_path / "ds.csv"
    assert export(demo_path, xlsx) == 0 and export(demo_path, csv_out) == 0
    ws = openpyxl.load_workbook(xlsx).active
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    # In .xlsx the text stays exactly as typed (a string cell, quote prefix), no stray apostrophe.
    names = {c.value: c for c in ws["B"] if isinstance(c.value, str)}
    planted = "=HYPERLINK(\"http://x\",\"A\")"
    assert planted in names and names[planted].quotePrefix
    assert "-1+2" in [c.value for c in ws["F"]] and "@SUM(A1)" in [c.value for c in ws["G"]]
    with open(csv_out, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            assert not any(v.startswith(("=", "+", "-", "@")) for v in row)


def test_unknown_sex_keeps_the_year_in_the_remark(demo_path, tmp_path):
    db = open_database(demo_path)
    did = db.execute("SELECT d.id FROM delegates d JOIN events e ON e.id = d.event_id "
                     "WHERE e.code = 'dh-hon-quan' AND d.category = 'exemplary' LIMIT 1").fetchone()[0]
    year = rs.read_fields(db, [did], ["birth_year"])[did]["birth_year"]
    rs.update_delegates(db, [did], {"sex": None})
    db.close()
    out = tmp_path / "ds.xlsx"
    assert export(demo_path, out) == 0
    ws = openpyxl.load_workbook(out).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[8] and "chưa rõ giới tính" in r[8])
    assert row[2] is None and row[3] is None and str(year) in row[8]


@pytest.mark.parametrize("name", ["ds.pdf", "ds", "ds.xls"])
def test_unknown_extension_exits_2_and_writes_nothing(demo_path, tmp_path, capsys, name):
    out = tmp_path / name
    assert export(demo_path, out) == 2
    assert not out.exists() and list(tmp_path.iterdir()) == [demo_path]
    assert ".xlsx" in capsys.readouterr().err


def test_unknown_event_and_missing_folder_exit_2(demo_path, tmp_path, capsys):
    assert export(demo_path, tmp_path / "ds.xlsx", code="khong-co") == 2
    assert "dh-hon-quan" in capsys.readouterr().err
    assert export(demo_path, tmp_path / "no" / "ds.xlsx") == 2
    assert "không tồn tại" in capsys.readouterr().err
    assert not (tmp_path / "ds.xlsx").exists()


def test_commune_roster_is_a_conference_list(demo_path, tmp_path):
    out = tmp_path / "tl.xlsx"
    assert export(demo_path, out, code="hn-tan-loi") == 0
    ws = openpyxl.load_workbook(out).active
    texts = [c.value for row in ws.iter_rows(max_row=header_row(ws)) for c in row if c.value]
    assert "BAN TỔ CHỨC HỘI NGHỊ" in texts and "UBND XÃ TÂN LỢI" in texts
    # Two header rows, the data, the total line, a blank row, the signature block's
    # seven rows (authority, title, four for the signature, the name).
    assert len(expected_rows(demo_path, "hn-tan-loi")) == ws.max_row - header_row(ws) - 10


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler not installed")
def test_libreoffice_opens_the_workbook_and_prints_every_row(demo_path, tmp_path):
    out = tmp_path / "ds.xlsx"
    assert export(demo_path, out) == 0
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180)
    pdf = tmp_path / "ds.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    expected = expected_rows(demo_path)
    assert all(row["full_name"] in text for row in expected)
    assert text.count("Năm sinh") >= 2  # the header is printed again on the next pages
    assert "Tổng cộng: 91 đại biểu" in text


def test_csv_quick_check_knows_every_character_safe_cell_guards():
    from thidua_desktop.export.roster_csv import _RISKY
    from thidua_desktop.export.state_format import safe_cell

    for code in range(32 * 4):
        text = chr(code) + "x"
        assert (safe_cell(text) != text) == (chr(code) in _RISKY), repr(chr(code))
