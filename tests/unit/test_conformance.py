"""Every export, read back and measured against NĐ 30/2020 (tests/unit/conformance.py).

Three events of different levels (a district congress, a commune conference,
and a province congress made from the district one) and every document type:
roster (xlsx, docx), programme and script (pdf, docx), the timeline report
(xlsx), the reminder list (xlsx) and letters (pdf, docx). Then the checker
itself is shown to fail on a document made wrong on purpose.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest
from conformance import Expect, check_docx, check_pdf, check_xlsx

from thidua_desktop.export import state_format as sf
from thidua_desktop.export.program_export import export_program
from thidua_desktop.export.roster_common import write_roster
from thidua_desktop.store.database import open_database

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

EVENTS = ("dh-hon-quan", "hn-tan-loi", "dh-tinh")
ROSTER = Expect(header_text="STT", signature="TRƯỞNG BAN", landscape=True)
PROGRAMME = Expect(header_text="Thời gian", landscape=False)
SCRIPT = Expect(header_text="Thời gian", rows_whole=False, landscape=False)
AS_OF = dt.date(2025, 4, 15)


def _make_province_event(db) -> None:
    """The district congress moved up: organised by a province, level province."""
    province = db["units"].insert({"name": "Bình Phước", "kind": "tinh", "position": 0}).last_pk
    db.execute("UPDATE units SET parent_id = ? WHERE parent_id IS NULL AND id != ?", [province, province])
    db.execute("UPDATE events SET code = 'dh-tinh', level = 'province', unit_id = ?, "
               "name = 'ĐẠI HỘI THI ĐUA YÊU NƯỚC TỈNH BÌNH PHƯỚC LẦN THỨ VI (2025 – 2030)' "
               "WHERE code = 'dh-hon-quan'", [province])


@pytest.fixture(scope="module")
def exported(demo_master, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(event, kind): file} for every event and document type, plus the plan-level ones."""
    folder = tmp_path_factory.mktemp("conformance")
    files: dict[tuple[str, str], Path] = {}
    for code in EVENTS:
        path = folder / f"{code}.sqlite"
        shutil.copyfile(demo_master, path)
        db = open_database(path)
        try:
            if code == "dh-tinh":
                with db.conn:
                    _make_province_event(db)
            event_id = db.execute("SELECT id FROM events WHERE code = ?", [code]).fetchone()[0]
            for suffix in (".xlsx", ".docx"):
                out = folder / f"{code}-roster{suffix}"
                write_roster(db, event_id, out)
                files[(code, f"roster{suffix}")] = out
            for suffix in (".pdf", ".docx"):
                for script in (False, True):
                    out = folder / f"{code}-{'script' if script else 'programme'}{suffix}"
                    export_program(db, event_id, out, script=script)
                    files[(code, out.name.split("-")[-1])] = out
        finally:
            db.close()
    files.update(_plan_documents(folder, folder / "dh-hon-quan.sqlite"))
    return files


def _plan_documents(folder: Path, db_path: Path) -> dict:
    from thidua_desktop.export.progress_xlsx import export_progress
    from thidua_desktop.export.reminder_docx import write_letters_docx
    from thidua_desktop.export.reminder_pdf import write_letters_pdf
    from thidua_desktop.export.reminder_xlsx import write_reminder_list
    from thidua_desktop.services import dossier_service
    from thidua_desktop.services import timeline_service as ts
    from thidua_desktop.services.dossier_reminders import build_reminders

    db = open_database(db_path)
    try:
        run_id = dossier_service.runs(db)[0].id
        rem = build_reminders(db, run_id, as_of=AS_OF)
        letter = max(rem.letters, key=lambda x: len(x.lines))
        out = {("plan", "timeline.xlsx"): export_progress(db, ts.timeline(db, 1, AS_OF), folder / "tl.xlsx"),
               ("plan", "reminders.xlsx"): write_reminder_list(rem, folder / "rem.xlsx"),
               ("plan", "letter.pdf"): write_letters_pdf(rem, folder / "letter.pdf", [letter]),
               ("plan", "letter.docx"): write_letters_docx(rem, folder / "letter.docx", [letter])}
        return out
    finally:
        db.close()


CASES = [(code, kind, expect) for code in EVENTS for kind, expect in (
    ("roster.xlsx", ROSTER), ("roster.docx", ROSTER), ("programme.pdf", PROGRAMME),
    ("programme.docx", PROGRAMME), ("script.pdf", SCRIPT), ("script.docx", SCRIPT))]
CASES += [("plan", "timeline.xlsx", Expect(header_text="STT", signature="TRƯỞNG PHÒNG", landscape=True)),
          ("plan", "reminders.xlsx", Expect(signature="TRƯỞNG PHÒNG", landscape=True)),
          ("plan", "letter.pdf", Expect(header_text="", signature="TRƯỞNG PHÒNG", landscape=False,
                                        small_texts={"V/v đôn đốc nộp hồ sơ sau Hội nghị cấp xã"})),
          ("plan", "letter.docx", Expect(header_text="STT", signature="TRƯỞNG PHÒNG", landscape=False))]


def check(path: Path, expect: Expect) -> list[str]:
    """The checker for the file's type (PDFs are measured with poppler's pdftotext)."""
    if path.suffix == ".pdf" and shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    return {".pdf": check_pdf, ".docx": check_docx, ".xlsx": check_xlsx}[path.suffix](path, expect)


@pytest.mark.parametrize("code, kind, expect", CASES, ids=[f"{c}-{k}" for c, k, _e in CASES])
def test_every_export_conforms(exported, code, kind, expect):
    assert check(exported[(code, kind)], expect) == []


def test_the_province_event_is_headed_by_the_province(exported):
    import docx

    doc = docx.Document(str(exported[("dh-tinh", "roster.docx")]))
    heading = [p.text for c in doc.tables[0].rows[0].cells for p in c.paragraphs]
    assert "UBND TỈNH BÌNH PHƯỚC" in heading


# --- the checker fails on a wrong document -------------------------------------

def _copy(src: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(src, tmp_path / src.name))


@pytest.mark.parametrize("left_mm, fails", [(29.5, True), (30, False), (35, False), (35.5, True)])
def test_checker_measures_the_docx_left_margin_at_its_edges(exported, tmp_path, left_mm, fails):
    import docx
    from docx.shared import Mm

    path = _copy(exported[("hn-tan-loi", "roster.docx")], tmp_path)
    doc = docx.Document(str(path))
    doc.sections[0].left_margin = Mm(left_mm)
    doc.save(str(path))
    problems = check_docx(path, ROSTER)
    assert any("left margin" in p for p in problems) == fails


@pytest.mark.parametrize("scale, fails", [(84, True), (85, False), (100, False)])
def test_checker_measures_printed_size_in_excel(exported, tmp_path, scale, fails):
    """13 pt cells: at 84 % they print at 10.9 pt (fails), at 85 % 11.05 pt (passes)."""
    import openpyxl

    path = _copy(exported[("hn-tan-loi", "roster.xlsx")], tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    # Keep the heading's small but legal 12 pt out of the question: only the table counts here.
    for row in ws.iter_rows():
        for cell in row:
            if cell.value and cell.font.sz and cell.font.sz < 13:
                font = copy.copy(cell.font)
                font.sz = 13
                cell.font = font
    ws.page_setup.scale = scale
    wb.save(path)
    problems = check_xlsx(path, ROSTER)
    assert any("prints at" in p for p in problems) == fails


def test_checker_fails_a_fit_to_width_roster_that_shrinks_below_11_pt(exported, tmp_path):
    import openpyxl
    from openpyxl.worksheet.properties import PageSetupProperties

    path = _copy(exported[("hn-tan-loi", "roster.xlsx")], tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.column_dimensions["H"].width = 120  # the old layout's wide grid, fitted to the page
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)
    assert any("prints at" in p for p in check_xlsx(path, ROSTER))


@pytest.mark.parametrize("size, fails", [(11, True), (12, False), (13, False), (14, True)])
def test_checker_knows_the_national_name_size(exported, tmp_path, size, fails):
    import docx
    from docx.shared import Pt

    path = _copy(exported[("dh-hon-quan", "programme.docx")], tmp_path)
    doc = docx.Document(str(path))
    for par in doc.tables[0].rows[0].cells[1].paragraphs:
        if par.text == sf.MOTTO_1:
            par.runs[0].font.size = Pt(size)
    doc.save(str(path))
    assert any(sf.MOTTO_1 in p for p in check_docx(path, PROGRAMME)) == fails


@needs_poppler
@pytest.mark.parametrize("share, fails", [(0.30, True), (0.34, False), (0.5, False), (0.56, True)])
def test_checker_measures_the_issuer_rule_in_pdf(tmp_path, monkeypatch, share, fails):
    """The PDF rule at a share of the issuer's line: the decree allows 1/3 to 1/2."""
    monkeypatch.setattr(sf, "ISSUER_RULE_SHARE", share)
    path = tmp_path / "x.pdf"
    lh = sf.Letterhead("UBND HUYỆN HỚN QUẢN", "BAN TỔ CHỨC ĐẠI HỘI", "", "Hớn Quản", dt.date(2025, 6, 18))
    sf.pdf_document(path).build(sf.pdf_letterhead(lh), onLaterPages=sf.pdf_page_number)
    assert any("issuer rule" in p for p in check_pdf(path, Expect())) == fails


@needs_poppler
def test_checker_fails_a_wrong_motto_rule_and_a_small_table(tmp_path, monkeypatch):
    from reportlab.platypus import Paragraph

    monkeypatch.setattr(sf, "motto_rule_pt", lambda: 52 * 72 / 25.4)
    path = tmp_path / "x.pdf"
    lh = sf.Letterhead("UBND HUYỆN HỚN QUẢN", "PHÒNG NỘI VỤ", "", "Hớn Quản", dt.date(2025, 6, 18))
    small = sf.pdf_styles()["cell"].clone("small", fontSize=11)
    sf.pdf_document(path).build(sf.pdf_letterhead(lh) + [Paragraph("Bảng chữ nhỏ", small)])
    problems = check_pdf(path, Expect())
    assert any(p.startswith("motto rule") for p in problems)  # 52 mm under 56 mm of text
    assert any("Bảng chữ nhỏ" in p and "11" in p for p in problems)


def test_checker_fails_text_after_the_signature_in_word(exported, tmp_path):
    import docx

    path = _copy(exported[("hn-tan-loi", "roster.docx")], tmp_path)
    doc = docx.Document(str(path))
    doc.add_paragraph("Ghi chú thêm sau chữ ký")
    doc.save(str(path))
    assert any("after the signature" in p for p in check_docx(path, ROSTER))


def test_checker_fails_split_rows_and_a_missing_page_number(exported, tmp_path):
    import docx
    from docx.oxml.ns import qn

    path = _copy(exported[("hn-tan-loi", "roster.docx")], tmp_path)
    doc = docx.Document(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    flag = table.rows[5]._tr.trPr.find(qn("w:cantSplit"))
    flag.getparent().remove(flag)
    doc.sections[0].different_first_page_header_footer = False
    doc.save(str(path))
    problems = check_docx(path, ROSTER)
    assert "1 table rows may break across pages" in problems
    assert any("page 1" in p for p in problems)


@pytest.mark.parametrize("indent_pt, fails", [(0, True), (60, False)])
def test_checker_measures_the_word_issuer_rule(exported, tmp_path, indent_pt, fails):
    """Indents of 0 make the rule the column's width, far over half the issuer's line."""
    import docx
    from docx.shared import Pt

    path = _copy(exported[("dh-hon-quan", "roster.docx")], tmp_path)
    doc = docx.Document(str(path))
    left = doc.tables[0].rows[0].cells[0]
    rule = next(p for p in left.paragraphs if not p.text and "w:pBdr" in p._p.xml)
    if indent_pt == 0:
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Pt(0)
    doc.save(str(path))
    assert any("rule under “BAN TỔ CHỨC" in p for p in check_docx(path, ROSTER)) == fails


@pytest.mark.parametrize("count, fails", [(3, True), (9, False), (12, False), (14, True)])
def test_checker_measures_the_excel_issuer_rule(exported, tmp_path, count, fails):
    """Underscores of 6 pt under “BAN TỔ CHỨC HỘI NGHỊ” (146 pt): 0.12, 0.37, 0.49, 0.58 of it."""
    import openpyxl

    path = _copy(exported[("hn-tan-loi", "roster.xlsx")], tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    rule = next(c for row in ws.iter_rows(max_row=6) for c in row if c.value and set(str(c.value)) == {"_"})
    rule.value = "_" * count
    wb.save(path)
    assert any("issuer rule" in p for p in check_xlsx(path, ROSTER)) == fails


def test_checker_knows_the_orientation(exported):
    """The roster is landscape: checked as if it had to be portrait, it fails."""
    portrait = Expect(header_text="STT", signature="TRƯỞNG BAN", landscape=False)
    for kind in ("roster.xlsx", "roster.docx"):
        assert any("landscape" in p for p in check(exported[("hn-tan-loi", kind)], portrait))


@pytest.mark.parametrize("kind", ["roster.xlsx", "roster.docx"])
def test_checker_wants_the_date_line_italic(exported, tmp_path, kind):
    path = _copy(exported[("hn-tan-loi", kind)], tmp_path)
    if kind.endswith(".xlsx"):
        import openpyxl

        wb = openpyxl.load_workbook(path)
        cell = next(c for row in wb.active.iter_rows(max_row=6) for c in row
                    if isinstance(c.value, str) and ", ngày" in c.value)
        font = copy.copy(cell.font)
        font.i = False
        cell.font = font
        wb.save(path)
    else:
        import docx

        doc = docx.Document(str(path))
        par = next(p for p in doc.tables[0].rows[0].cells[1].paragraphs if ", ngày" in p.text)
        par.runs[0].italic = False
        doc.save(str(path))
    assert any("date line" in p for p in check(path, ROSTER))
