"""The shared document format: fonts embedded, letterhead text, formula-safe cells."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from thidua_desktop.export import state_format as sf
from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.export import state_format_xlsx as sfx


@pytest.mark.parametrize(
    "value, expected",
    [("=SUM(A1)", "'=SUM(A1)"), ("+84 912", "'+84 912"), ("-1", "'-1"), ("@x", "'@x"),
     ("Nguyễn Văn Đức", "Nguyễn Văn Đức"), (1975, 1975), (None, None)],
)
def test_safe_cell_never_lets_a_formula_through(value, expected):
    assert sf.safe_cell(value) == expected


@pytest.mark.parametrize(
    "date, expected",
    [(dt.date(2025, 6, 18), "Hớn Quản, ngày 18 tháng 6 năm 2025"),
     (dt.date(2025, 2, 5), "Hớn Quản, ngày 05 tháng 02 năm 2025"),
     (None, "Hớn Quản, ngày ... tháng ... năm 2025")],
)
def test_place_date_line(date, expected):
    lh = sf.Letterhead("UBND HUYỆN HỚN QUẢN", "BAN TỔ CHỨC", "", "Hớn Quản", date, 2025)
    assert sf.place_date_line(lh) == expected


@pytest.mark.parametrize("date, expected", [
    (dt.date(2025, 6, 10), "10/6/2025"), (dt.date(2025, 6, 9), "09/6/2025"),  # day at and under 10
    (dt.date(2025, 3, 11), "11/3/2025"), (dt.date(2025, 2, 11), "11/02/2025"),  # month at and under 3
    (dt.date(2025, 12, 31), "31/12/2025"), (dt.date(2025, 1, 1), "01/01/2025"), (None, "…/…/…"),
])
def test_state_date_writes_leading_zeros_only_under_the_edges(date, expected):
    assert sf.state_date(date) == expected


def test_pdf_letterhead_text_and_embedded_fonts(tmp_path, demo_db):
    from reportlab.platypus import Paragraph

    event_id = demo_db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    lh = sf.letterhead_for_event(demo_db, event_id)
    path = tmp_path / "x.pdf"
    doc = sf.pdf_document(path)
    styles = sf.pdf_styles()
    story = sf.pdf_letterhead(lh) + [Paragraph("Nội dung " * 400, styles["body"])]
    story.append(sf.pdf_signature(sf.Signature("TRƯỞNG BAN", "Nguyễn Văn Hạ"), styles))
    doc.build(story, onLaterPages=sf.pdf_page_number)
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    for fragment in ("UBND HUYỆN HỚN QUẢN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hớn Quản, ngày 18 tháng 6 năm 2025"):
        assert fragment in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType"  # never an unembedded base-14 font
    assert all("Serif" in f or "Times" in f for f in fonts)
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = out.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows)


def test_docx_letterhead_and_page_numbers(tmp_path):
    from docx import Document

    doc = sfd.docx_document()
    lh = sf.Letterhead("UBND HUYỆN HỚN QUẢN", "PHÒNG NỘI VỤ", "Số: 12/NV", "Hớn Quản", dt.date(2025, 4, 1))
    sfd.docx_letterhead(doc, lh)
    sfd.docx_page_numbers(doc)
    path = tmp_path / "x.docx"
    doc.save(path)
    again = Document(path)
    cells = [p.text for c in again.tables[0].rows[0].cells for p in c.paragraphs]
    assert "PHÒNG NỘI VỤ" in cells and "Số: 12/NV" in cells
    assert "Hớn Quản, ngày 01 tháng 4 năm 2025" in cells
    assert again.styles["Normal"].font.name == "Times New Roman"
    assert abs(again.sections[0].page_width.mm - 210) < 1


def test_xlsx_letterhead(tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    lh = sf.Letterhead("UBND HUYỆN HỚN QUẢN", "PHÒNG NỘI VỤ", "", "Hớn Quản", None, 2025)
    next_row = sfx.xlsx_letterhead(wb.active, lh, 10, ["DANH SÁCH", "=cmd|' /C calc'!A0"])
    wb.save(tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if c.value]
    values = [c.value for c in cells]
    assert sf.MOTTO_1 in values and "DANH SÁCH" in values
    assert "=cmd|' /C calc'!A0" in values  # kept exactly, as text
    assert all(c.data_type != "f" for c in cells)
    assert next_row > 6
