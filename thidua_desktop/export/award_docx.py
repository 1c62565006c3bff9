"""Any document of a reward round (an AwardDoc) as Word, in the state format.

Same content as the PDF (award_pdf): the office edits the Word file before
signing. Heading, title, signature and page numbers are state_format_docx's.
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.export import award_content as ac
from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.fileio import atomic_output


def _para(doc, block: ac.Para) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if not block.text:
        return
    style = block.style
    paragraph = sfd.par(doc, block.text, bold=style in ("bold_center", "bold", "title"),
                        italic=style == "italic_center", center=style not in ("body", "bold"),
                        size=14 if style == "title" else None)
    fmt = paragraph.paragraph_format
    if style == "body":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(28)
    fmt.space_after = Pt(4)
    if style in ("bold", "title", "bold_center"):
        fmt.keep_with_next = True
        fmt.space_before = Pt(6)


def docx_table(doc, table: ac.Table) -> None:
    """A gridded table, header repeated, rows never split; a one-cell row spans the table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    widths = [Mm(w) if w else 0 for w in table.widths_mm]
    rest = sfd.usable(doc) - sum(widths)
    widths = [w or rest for w in widths]
    out = doc.add_table(rows=1, cols=len(table.header))
    out.style = "Table Grid"
    out.autofit = False
    for cell, text in zip(out.rows[0].cells, table.header, strict=True):
        sfd._clear(cell)
        sfd.par(cell, text, bold=True)
    sfd.repeat_header(out.rows[0])
    sfd.cant_split(out.rows[0])
    for row in table.rows:
        new = out.add_row()
        sfd.cant_split(new)
        if table.min_row_mm:
            new.height = Mm(table.min_row_mm)
        cells = new.cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            sfd._clear(merged)
            sfd.par(merged, row[0], bold=True, center=False)
            continue
        for col, (cell, text) in enumerate(zip(cells, row, strict=True)):
            sfd._clear(cell)
            paragraph = sfd.par(cell, text, center=col in table.centred)
            if col not in table.centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sfd.set_widths(out, widths)


def build(doc_data: ac.AwardDoc):
    """The python-docx Document of an AwardDoc."""
    from docx.enum.text import WD_BREAK

    doc = sfd.docx_document()
    sfd.docx_page_numbers(doc)
    sfd.docx_letterhead(doc, doc_data.letterhead)
    sfd.docx_title(doc, list(doc_data.title))
    signed = False
    for block in doc_data.blocks:
        if isinstance(block, ac.Para):
            _para(doc, block)
        elif isinstance(block, ac.Table):
            docx_table(doc, block)
            sfd.par(doc)
        elif isinstance(block, ac.PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, ac.SignHere) and doc_data.signature:
            sfd.docx_signature(doc, doc_data.signature, doc_data.recipients)
            signed = True
    if doc_data.signature and not signed:
        sfd.docx_signature(doc, doc_data.signature, doc_data.recipients)
    elif signed:
        sfd.docx_end(doc)
    doc.core_properties.title = doc_data.file_title
    doc.core_properties.author = "Thi đua Desktop"
    return doc


def save_atomic(document, path: str | Path) -> Path:
    """Save a python-docx Document or an openpyxl Workbook in place of `path`, whole or not at all."""
    path = Path(path)
    with atomic_output(path) as tmp:
        document.save(str(tmp))
    return path


def write_docx(doc_data: ac.AwardDoc, path: str | Path) -> Path:
    """Write the document as a Word file."""
    return save_atomic(build(doc_data), path)
