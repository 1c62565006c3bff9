"""The programme as Word (python-docx): the same letterhead, title and table as the PDF.

`docx_heading` and `docx_grid` are shared with the run-of-show script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.export import state_format as sf
from thidua_desktop.export.program_content import HEADERS, ProgramDoc, program_document
from thidua_desktop.export.program_pdf import WIDTHS_MM, title_lines


def _par(container, text: str, bold=False, italic=False, size=None, center=False, indent_mm=0.0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    par = container.add_paragraph()
    if center:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent_mm:
        par.paragraph_format.left_indent = Mm(indent_mm)
    run = par.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return par


def docx_heading(doc, letterhead, heading: str, event_name: str, lines: list[str]) -> None:
    """Letterhead, then the centred title block."""
    from docx.shared import Pt

    sf.docx_letterhead(doc, letterhead)
    # Word and LibreOffice lay columns out by the table grid, not by cell widths alone.
    _fix_grid(doc.tables[-1])
    _par(doc, "")
    _par(doc, heading, bold=True, size=14, center=True).paragraph_format.space_before = Pt(6)
    for part in title_lines(event_name):
        _par(doc, part, bold=True, size=13, center=True)
    for line in lines:
        _par(doc, line, italic=True, center=True)
    _par(doc, "―――――――", center=True, size=8)


def _fix_grid(table) -> None:
    for column, cell in zip(table.columns, table.rows[0].cells, strict=True):
        column.width = cell.width


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    props.append(mark)


def docx_grid(doc, header: tuple[str, ...], widths_mm: tuple[float, ...]):
    """A bordered table with a bold header row repeated on each page; returns it."""
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, cell, text, width in zip(table.columns, table.rows[0].cells, header, widths_mm,
                                         strict=True):
        column.width = cell.width = Mm(width)
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = 1  # centre
    _repeat_header(table.rows[0])
    return table


def docx_row(table, widths_mm: tuple[float, ...]):
    """A new row whose cells have the fixed widths (Word needs them per cell)."""
    from docx.shared import Mm

    cells = table.add_row().cells
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return cells


def program_docx(doc_data: ProgramDoc):
    """A python-docx Document of the programme."""
    doc = sf.docx_document()
    sf.docx_page_numbers(doc)
    docx_heading(doc, doc_data.letterhead, doc_data.heading, doc_data.event_name, doc_data.lines)
    table = docx_grid(doc, HEADERS, WIDTHS_MM)
    for row in doc_data.rows:
        time_cell, content, presenter = docx_row(table, WIDTHS_MM)
        time_cell.paragraphs[0].text = row.time
        time_cell.paragraphs[0].alignment = 1
        content.paragraphs[0].text = row.title
        for detail in row.details:
            _par(content, detail, size=11, indent_mm=2)
        presenter.paragraphs[0].text = row.presenter
    return doc


def write_program_docx(db: Database, event_id: int, out: str | Path, date: dt.date | None = None) -> Path:
    """Write the programme of an event to `out` (.docx)."""
    out = Path(out)
    program_docx(program_document(db, event_id, date)).save(str(out))
    return out
