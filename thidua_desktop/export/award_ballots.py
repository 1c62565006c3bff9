"""Ballot papers (phiếu biểu quyết) for the council: two per A4 sheet, one paper per unit.

Each paper lists one unit's proposals (at most PER_PAPER) with the boxes
"Đồng ý" / "Không đồng ý", and carries its number ("Phiếu 3/13"). A set holds
one paper per unit for each member present (or each member when the meeting
is not yet set), so the officer prints the file once. PDF draws two papers
on a sheet with a dashed cutting line between them; Word puts two papers on a
page the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export.state_format import (
    A4_MM,
    MARGINS_MM,
    SIZES,
    pdf_canvas_maker,
    pdf_fonts,
    pdf_styles,
    usable_width_mm,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import awards_service as svc

PER_SHEET = 2
PER_PAPER = 8
HEADER = ("STT", "Họ và tên / Tên tập thể", "Đồng ý", "Không đồng ý")
WIDTHS_MM = (14, 0, 22, 34)


@dataclass(frozen=True)
class Paper:
    """One ballot paper."""

    council: str  # "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG HUYỆN HỚN QUẢN"
    subject: str  # "Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện"
    number: str  # "Xã An Phú - Phiếu 3/13"
    rows: tuple[tuple[str, str], ...]  # (STT, name)


@dataclass(frozen=True)
class BallotSet:
    """Every paper to print, in order, and how many copies of each series it holds."""

    papers: tuple[Paper, ...]
    copies: int
    title: str


def ballot_set(db: Database, rnd: svc.Round, copies: int | None = None) -> BallotSet:
    """The papers of a round: one per unit (split every PER_PAPER), times the copies."""
    props = [p for p in svc.proposals(db, rnd) if p.state != "proposed"] or svc.proposals(db, rnd)
    if not props:
        raise svc.ValidationError("Đợt này chưa có đề nghị nào để in phiếu biểu quyết.")
    upper, _place = svc.issuer_name(db, rnd)
    council = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG " + upper.removeprefix("UBND ").strip()
    series: list[tuple[str, list]] = []
    for p in props:
        if not series or series[-1][0] != p.unit or len(series[-1][1]) >= PER_PAPER:
            series.append((p.unit, []))
        series[-1][1].append(p)
    copies = copies or rnd.members_present or rnd.council_members or 1
    papers = []
    for _copy in range(copies):
        for index, (unit, items) in enumerate(series, start=1):
            forms = sorted({p.form_name for p in items})
            papers.append(Paper(council, f"Đề nghị tặng {', '.join(forms)}", f"{unit} - Phiếu {index}/{len(series)}",
                                tuple((str(p.position_in_list), p.name) for p in items)))
    return scrub(BallotSet(tuple(papers), copies, f"Phiếu biểu quyết - {rnd.name}"))


def _paper_flowables(paper: Paper, styles: dict) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    width = usable_width_mm() * mm
    widths = [w * mm for w in WIDTHS_MM]
    widths[1] = width - sum(widths)
    rows = [[Paragraph(h, styles["cell_bold"]) for h in HEADER]]
    rows += [[Paragraph(n, styles["cell_center"]), Paragraph(escape(name), styles["cell"]), "", ""]
             for n, name in paper.rows]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [Paragraph(escape(paper.council), styles["subtitle"]),
            Paragraph("PHIẾU BIỂU QUYẾT", styles["title"]),
            Paragraph(escape(paper.subject), styles["center"]),
            Paragraph(f"<b>{escape(paper.number)}</b>", styles["center"]),
            Spacer(1, 2 * mm), table, Spacer(1, 2 * mm),
            Paragraph("Đánh dấu X vào một ô của mỗi dòng; dòng đánh dấu cả hai ô hoặc bỏ trống là không hợp lệ.",
                      styles["center_italic"])]


def write_pdf(data: BallotSet, path: str | Path) -> Path:
    """Two papers per A4 sheet, a dashed cutting line between them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, KeepInFrame

    path = Path(path)
    styles = pdf_styles()
    half = A4_MM[1] / 2
    with atomic_output(path) as tmp:
        canvas = pdf_canvas_maker()(str(tmp), pagesize=A4)
        canvas.setTitle(data.title)
        canvas.setAuthor("Thi đua Desktop")
        for start in range(0, len(data.papers), PER_SHEET):
            for slot, paper in enumerate(data.papers[start:start + PER_SHEET]):
                top = A4_MM[1] - MARGINS_MM["top"] if slot == 0 else half - 6
                bottom = half + 6 if slot == 0 else MARGINS_MM["bottom"]
                frame = Frame(MARGINS_MM["left"] * mm, bottom * mm, usable_width_mm() * mm, (top - bottom) * mm,
                              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
                frame.addFromList([KeepInFrame(usable_width_mm() * mm, (top - bottom) * mm,
                                               _paper_flowables(paper, styles), mode="shrink")], canvas)
            canvas.setDash(4, 3)
            canvas.setLineWidth(0.4)
            canvas.line(MARGINS_MM["left"] * mm, half * mm, (A4_MM[0] - MARGINS_MM["right"]) * mm, half * mm)
            canvas.setDash()
            canvas.showPage()
        canvas.save()
    return path


def write_docx(data: BallotSet, path: str | Path) -> Path:
    """The same papers in Word, two on a page, a dashed line between them."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    from thidua_desktop.export import state_format_docx as sfd

    path = Path(path)
    doc = sfd.docx_document()
    for index, paper in enumerate(data.papers):
        if index and index % PER_SHEET == 0:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif index:
            cut = sfd.par(doc, "- " * 38, size=SIZES["body"].used)
            cut.paragraph_format.space_before = cut.paragraph_format.space_after = Pt(10)
        sfd.par(doc, paper.council, bold=True)
        sfd.par(doc, "PHIẾU BIỂU QUYẾT", bold=True, size=SIZES["title"].used)
        sfd.par(doc, paper.subject)
        sfd.par(doc, paper.number, bold=True)
        table = doc.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            sfd._clear(cell)
            sfd.par(cell, text, bold=True)
        sfd.repeat_header(table.rows[0])
        sfd.cant_split(table.rows[0])
        for number, name in paper.rows:
            row = table.add_row()
            sfd.cant_split(row)
            cells = row.cells
            for cell, text in zip(cells, (number, name, "", ""), strict=True):
                sfd._clear(cell)
                sfd.par(cell, text, center=text != name)
        widths = [Mm(w) for w in WIDTHS_MM]
        widths[1] = sfd.usable(doc) - sum(widths)
        sfd.set_widths(table, widths)
        sfd.par(doc, "Đánh dấu X vào một ô của mỗi dòng; dòng đánh dấu cả hai ô hoặc bỏ trống là không hợp lệ.",
                italic=True)
    doc.core_properties.title = data.title
    doc.core_properties.author = "Thi đua Desktop"
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(doc, path)
