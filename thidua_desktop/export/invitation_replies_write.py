"""Lay out the replies documents (export/invitation_replies.RepliesDoc) as .xlsx and .pdf.

Two tables, the list and the figures, each with the same head style, in
Times New Roman 12 with thin borders; the figures' unit rows and TỔNG SỐ are
numbers (a sum in Excel adds them), TỔNG SỐ in bold.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from thidua_desktop.export.invitation_replies import (
    FIG_HEAD,
    FIG_TITLE,
    FIG_WIDTHS,
    LIST_HEAD,
    LIST_WIDTHS,
    TITLE,
    TOTAL,
    RepliesDoc,
    figure_rows,
)
from thidua_desktop.export.state_format import wrap_lines, xlsx_cell
from thidua_desktop.fileio import atomic_output

_LEFT = {LIST_HEAD: (1, 2, 3, 5), FIG_HEAD: (1,)}  # 0-based columns of text read left to right


CELL_PT = 12  # the workbook's cells: Times New Roman 12


def row_height(values, widths) -> float:
    """A row's height for its wrapped text, measured (spreadsheet programs do not grow rows a library wrote)."""
    from thidua_desktop.export.state_format_xlsx import column_pt

    lines = max(len(wrap_lines(str(v), CELL_PT, column_pt(w) - 7)) for v, w in zip(values, widths, strict=True))
    return lines * CELL_PT * 1.25 + 3


def _tables(doc: RepliesDoc) -> tuple[tuple, ...]:
    """(sheet title, heading, head, widths, rows) of the list and the figures."""
    return (("Danh sách trả lời", TITLE, LIST_HEAD, LIST_WIDTHS, list(doc.rows)),
            ("Số liệu", FIG_TITLE, FIG_HEAD, FIG_WIDTHS, figure_rows(doc)))


def write_xlsx(doc: RepliesDoc, path: Path) -> Path:
    """The workbook: the list on its sheet, the figures on the next, signed at the end of each."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from thidua_desktop.export import state_format_xlsx as sfx

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = sfx.xlsx_workbook()
    for index, (title, heading, head, widths, rows) in enumerate(_tables(doc)):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        # Three columns under the issuer: its name on one line (two are too narrow for “UBND HUYỆN …”).
        row = sfx.xlsx_letterhead(ws, doc.letterhead, len(head), [heading, doc.event_name.upper()], split=3)
        first = row
        ws.row_dimensions[row].height = row_height(head, widths)
        for col, text in enumerate(head, start=1):
            cell = xlsx_cell(ws, row, col, text)
            cell.font, cell.border = Font(name="Times New Roman", size=CELL_PT, bold=True), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for values in rows:
            row += 1
            ws.row_dimensions[row].height = row_height(values, widths)  # programs do not grow rows we wrote
            bold = values[1] == TOTAL and head is FIG_HEAD
            for col, value in enumerate(values):
                cell = xlsx_cell(ws, row, col + 1, value)
                cell.font, cell.border = Font(name="Times New Roman", size=CELL_PT, bold=bold), box
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal="left" if col in _LEFT[head] else "center")
        ws.freeze_panes = ws.cell(row=first + 1, column=1)
        last = sfx.xlsx_signature(ws, row + 2, len(head), doc.signature)
        sfx.xlsx_page_setup(ws, last, len(head), landscape=True, title_rows=(first, first))
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def write_pdf(doc: RepliesDoc, path: Path) -> Path:
    """The PDF: the list, then the figures and the signature kept on one page (A4 landscape)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    from thidua_desktop.export import state_format as sf

    s = sf.pdf_styles()
    width = sf.usable_width_mm(landscape=True) * mm
    story = list(sf.pdf_letterhead(doc.letterhead, width))
    for index, (_title, heading, head, shares, rows) in enumerate(_tables(doc)):
        data = [[Paragraph(h, s["cell_bold"]) for h in head]]
        for r in rows:
            total = r[1] == TOTAL
            data.append([Paragraph(escape(str(v)), s["cell_bold"] if total else s["cell"] if col in _LEFT[head]
                                   else s["cell_center"]) for col, v in enumerate(r)])
        tables = sf.pdf_table_chunks(data, [width * x / sum(shares) for x in shares],
                                     style=[("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                            ("TOPPADDING", (0, 0), (-1, -1), 1),
                                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
        if index == 0:
            story += [Paragraph(heading, s["title"]), Paragraph(escape(doc.event_name.upper()), s["subtitle"]),
                      Spacer(1, 3 * mm), *tables]
        else:  # the figures follow the list and keep the signature with them: it never stands alone
            story.append(KeepTogether([Paragraph(heading, s["title"]), Spacer(1, 3 * mm),
                                       *tables, sf.pdf_signature(doc.signature, s, width=width)]))
    with atomic_output(path) as tmp:
        sf.pdf_document(tmp, landscape=True, title=f"Trả lời giấy mời - {doc.event_name}").build(
            story, onLaterPages=sf.pdf_page_number)
    return path
