"""The programme as Word (python-docx): the same letterhead, title and table as the PDF.

`docx_heading` and `docx_grid` are shared with the run-of-show script.
"""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from pathlib import Path

from docx.table import _Cell
from sqlite_utils import Database

from thidua_desktop.export import state_format as sf
from thidua_desktop.export import state_format_docx as sfd
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
    run = par.add_run()
    sfd.run_text(run._r, text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return par


def docx_heading(doc, letterhead, heading: str, event_name: str, lines: list[str]) -> None:
    """Letterhead, then the centred title block."""
    from docx.shared import Pt

    sfd.docx_letterhead(doc, letterhead)
    names = title_lines(event_name)
    sfd.docx_title(doc, [heading, *names])
    for line in lines:
        _par(doc, line, italic=True, center=True)
    sfd.rule(doc, sfd.usable(doc), int(Pt(sf.title_rule_pt(names))))
    _par(doc, "")


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
    sfd.repeat_header(table.rows[0])
    sfd.cant_split(table.rows[0])
    return table


def docx_row(table, widths_mm: tuple[float, ...], whole: bool = False, shape=None):
    """A new row whose cells have the fixed widths (Word needs them per cell).

    `whole`: the row never breaks across pages (a script item may be longer
    than a page, so only the programme asks for it). `shape(cells)`, when given,
    formats the fresh empty cells (an indent, a border).

    The first row of each kind is built through python-docx; its empty XML is kept
    on the table and each further row is a copy of it (python-docx's add_row and
    per-cell width setters search the element's children at every call: most of
    a programme's time).
    """
    templates = table.__dict__.setdefault("_row_templates", {})
    key = (widths_mm, whole, shape)
    template = templates.get(key)
    if template is not None:
        tr = deepcopy(template)
        table._tbl.append(tr)  # rows are the table's last children
        return [_Cell(tc, table) for tc in tr.tc_lst]
    from docx.shared import Mm

    row = table.add_row()
    if whole:
        sfd.cant_split(row)
    cells = row.cells
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)
    if shape is not None:
        shape(cells)
    templates[key] = deepcopy(row._tr)
    return cells


def put_text(cell, text: str) -> None:
    """`cell.paragraphs[0].text = text` on a fresh cell, without python-docx's clearing
    first (an XPath compiled at each call): the same run, the same XML."""
    sfd.run_text(cell._tc.p_lst[0].add_r(), text)


def _centred_time(cells) -> None:
    """A programme row: the time centred."""
    cells[0].paragraphs[0].alignment = 1


def _detail_cells(cells) -> None:
    """A detail line's row: the content indented, no line above it."""
    from docx.shared import Mm

    cells[1].paragraphs[0].paragraph_format.left_indent = Mm(2)
    for cell in cells:
        _no_border(cell, "top")


def program_docx(doc_data: ProgramDoc):
    """A python-docx Document of the programme."""
    doc = sfd.docx_document()
    sfd.docx_page_numbers(doc)
    docx_heading(doc, doc_data.letterhead, doc_data.heading, doc_data.event_name, doc_data.lines)
    table = docx_grid(doc, HEADERS, WIDTHS_MM)
    for row in doc_data.rows:
        above = docx_row(table, WIDTHS_MM, whole=True, shape=_centred_time)
        for cell, text in zip(above, (row.time, row.title, row.presenter), strict=True):
            put_text(cell, text)
        # Details one per row, no line above them: a page breaks between two, never inside one.
        for detail in row.details:
            cells = docx_row(table, WIDTHS_MM, whole=True, shape=_detail_cells)
            put_text(cells[1], detail)
            for upper in above:
                _no_border(upper, "bottom")
            above = cells
    sfd.docx_end(doc)
    return doc


def _no_border(cell, side: str) -> None:
    """No line on one side of a cell (both cells of an edge say so, or the table's line wins)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    borders = props.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        props.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "nil")
    borders.append(edge)


def write_program_docx(db: Database, event_id: int, out: str | Path, date: dt.date | None = None) -> Path:
    """Write the programme of an event to `out` (.docx)."""
    out = Path(out)
    program_docx(program_document(db, event_id, date)).save(str(out))
    return out
