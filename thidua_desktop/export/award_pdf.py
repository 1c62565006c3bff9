"""Any document of a reward round (an AwardDoc) as PDF, in the state format.

The letterhead, title, signature, "Nơi nhận" and page numbers are the state
format's own (state_format); this module only lays out the blocks.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from thidua_desktop.export import award_content as ac
from thidua_desktop.export.state_format import (
    pdf_document,
    pdf_fonts,
    pdf_letterhead,
    pdf_page_number,
    pdf_rule,
    pdf_signature,
    pdf_styles,
    title_rule_pt,
    usable_width_mm,
)
from thidua_desktop.fileio import atomic_output

_PARA_STYLE = {"body": "body", "center": "center", "bold_center": "subtitle", "italic_center": "center_italic",
               "bold": "plain", "title": "title"}


def _widths(table: ac.Table) -> list[float]:
    from reportlab.lib.units import mm

    total = usable_width_mm() * mm
    fixed = [w * mm for w in table.widths_mm]
    rest = total - sum(fixed)
    return [w if w else rest for w in fixed]


def pdf_table(table: ac.Table, styles: dict):
    """A gridded table with its header repeated; a one-cell row spans the table."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as RLTable

    def cell(text, col):
        return Paragraph(escape(text), styles["cell_center" if col in table.centred else "cell"])

    rows = [[Paragraph(escape(h), styles["cell_bold"]) for h in table.header]]
    spans = []
    for index, row in enumerate(table.rows, start=1):
        if len(row) == 1:
            rows.append([Paragraph(f"<b>{escape(row[0])}</b>", styles["cell"])] + [""] * (len(table.header) - 1))
            spans.append(("SPAN", (0, index), (-1, index)))
        else:
            rows.append([cell(text, col) for col, text in enumerate(row)])
    heights = [None] + [table.min_row_mm * mm if table.min_row_mm else None] * len(table.rows)
    out = RLTable(rows, colWidths=_widths(table), rowHeights=heights, repeatRows=1)
    out.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *spans,
    ]))
    return out


def story(doc: ac.AwardDoc) -> list:
    """The flowables of one AwardDoc."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    styles = pdf_styles()
    flow = list(pdf_letterhead(doc.letterhead))
    flow.append(Paragraph(escape(doc.title[0]), styles["title"]))
    for line in doc.title[1:]:
        flow.append(Paragraph(escape(line), styles["subtitle"]))
    flow.append(pdf_rule(title_rule_pt(list(doc.title[1:] or doc.title)), space_after=8))
    signed = False
    for block in doc.blocks:
        if isinstance(block, ac.Para):
            if not block.text:
                continue
            text = f"<b>{escape(block.text)}</b>" if block.style == "bold" else escape(block.text)
            flow.append(Paragraph(text, styles[_PARA_STYLE[block.style]]))
        elif isinstance(block, ac.Table):
            flow += [Spacer(1, 2 * mm), pdf_table(block, styles), Spacer(1, 3 * mm)]
        elif isinstance(block, ac.PageBreak):
            flow.append(PageBreak())
        elif isinstance(block, ac.SignHere) and doc.signature:
            flow.append(pdf_signature(doc.signature, styles, doc.recipients))
            signed = True
    if doc.signature and not signed:
        flow.append(pdf_signature(doc.signature, styles, doc.recipients))
    return flow


def write_pdf(doc: ac.AwardDoc, path: str | Path) -> Path:
    """Write the document as an A4 PDF with page numbers from page 2."""
    path = Path(path)
    with atomic_output(path) as tmp:
        pdf_document(tmp, title=doc.file_title).build(story(doc), onLaterPages=pdf_page_number)
    return path
