"""The danh sách trích ngang as a Word document in the state document format.

A4 landscape, NĐ 30 margins, Times New Roman 13; the heading block, the title,
then the same table as the Excel roster (Năm sinh over Nam | Nữ): header rows
repeated on every page, no row ever split across pages, a heading row per
delegation kept with its first delegate, subtotals, the total and the
signature as the table's last, borderless, unsplittable row (never alone on a
page); page numbers from page 2 at the top centre (state_format_docx).
Rows are copies of prepared rows (python-docx builds a cell in tens of
microseconds; a copied row costs one XML deep copy).
"""

from __future__ import annotations

import copy
import gc
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.export.roster_common import RosterDocument, atomic_output
from thidua_desktop.export.state_format import SIZES

CELL_PT = SIZES["body"].used
# (header, width in mm, centred?) — 252 mm is A4 landscape inside the NĐ 30 margins.
COLUMNS = (
    ("STT", 13, True), ("Họ và tên", 42, False), ("Nam", 15, True), ("Nữ", 15, True),
    ("Dân tộc", 19, True), ("Chức vụ", 34, False), ("Đơn vị công tác", 42, False),
    ("Thành tích, hình thức khen thưởng", 48, False), ("Ghi chú", 24, False),
)


def _set_cell(cell, text: str, bold=False, center=False, size=CELL_PT) -> None:
    par = cell.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    run = par.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _header(table) -> None:
    top, second = table.rows[0], table.rows[1]
    for cell in (*top.cells, *second.cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for i, (title, _w, _c) in enumerate(COLUMNS):
        if i in (2, 3):
            _set_cell(second.cells[i], title, bold=True, center=True)
        else:
            _set_cell(top.cells[i], title, bold=True, center=True)
    _set_cell(top.cells[2], "Năm sinh", bold=True, center=True)
    top.cells[2].merge(top.cells[3])
    for i in range(len(COLUMNS)):
        if i not in (2, 3):
            top.cells[i].merge(second.cells[i])
    for row in (top, second):
        sfd.repeat_header(row)
        sfd.cant_split(row)


def _cells_text(number: int, line) -> list[str]:
    nam = str(line.birth_year) if line.sex == "Nam" and line.birth_year else ""
    nu = str(line.birth_year) if line.sex == "Nữ" and line.birth_year else ""
    return [str(number), line.name, nam, nu, line.ethnicity, line.position, line.workplace,
            line.achievement, line.remark]


def _widths(table) -> None:
    """Grid widths (LibreOffice reads these) and cell widths (Word reads these)."""
    for column, (_t, width, _c) in zip(table.columns, COLUMNS, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, (_t, width, _c) in zip(row.cells, COLUMNS, strict=True):
            cell.width = Mm(width)


def _merged_proto(table, bold: bool, keep_with_next: bool):
    """A prepared row whose cells are merged into one; returns (tr, its w:t)."""
    row = table.add_row()
    _set_cell(row.cells[0], "-", bold=bold)
    merged = row.cells[0].merge(row.cells[len(COLUMNS) - 1])
    merged.paragraphs[0].paragraph_format.keep_with_next = keep_with_next
    sfd.cant_split(row)
    return row._tr


def _signature_row(table, signature) -> None:
    """The signature as the table's last row, without borders, unsplittable.

    A separate table after the roster is laid out on its own: LibreOffice does not
    keep a multi-page table's last rows with a following table, so the signature
    fell alone on a last page. As a row of the same table it brings at least the
    total (and the repeated header) to its page in LibreOffice; Word also honours
    the keepNext of the last delegate and the subtotal.
    """
    row = table.add_row()
    left = row.cells[0].merge(row.cells[4])
    right = row.cells[5].merge(row.cells[len(COLUMNS) - 1])
    for cell in (left, right):
        tc_pr = cell._tc.get_or_add_tcPr()
        borders = tc_pr.makeelement(qn("w:tcBorders"), {})
        for side in ("left", "bottom", "right"):
            borders.append(borders.makeelement(qn(f"w:{side}"), {qn("w:val"): "nil"}))
        tc_pr.append(borders)
    first = right.paragraphs[0]
    first.paragraph_format.space_before = Pt(6)
    for line in signature.lines:
        sfd.par(right, line, bold=True, size=SIZES["sign"].used)
    for _ in range(4):
        sfd.par(right)
    sfd.par(right, signature.name, bold=True, size=SIZES["sign"].used)
    sfd.cant_split(row)


def write_roster_docx(doc_data: RosterDocument, path: str | Path) -> Path:
    """Write the roster document to `path` (atomically); return the path."""
    doc = sfd.docx_document(landscape=True)
    sfd.docx_page_numbers(doc)
    sfd.docx_letterhead(doc, doc_data.letterhead)
    sfd.docx_title(doc, doc_data.title_lines)
    sfd.par(doc).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=3, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table)
    _header(table)
    line_proto = table.rows[2]
    for i, (_t, _w, centred) in enumerate(COLUMNS):
        _set_cell(line_proto.cells[i], "-", center=centred)  # a run with a w:t to fill
    sfd.cant_split(line_proto)
    protos = {"line": line_proto._tr, "group": _merged_proto(table, True, True),
              "subtotal": _merged_proto(table, True, False), "total": _merged_proto(table, True, True)}
    texts = {kind: [tc.find(".//" + qn("w:t")) for tc in tr.iter(qn("w:tc"))] for kind, tr in protos.items()}
    rows_xml = []
    for row in doc_data.print_rows():
        values = _cells_text(row.number, row.line) if row.kind == "line" else [row.text]
        for element, value in zip(texts[row.kind], values, strict=True):
            element.text = value
        rows_xml.append(copy.deepcopy(protos[row.kind]))
    tbl = table._tbl
    for tr in protos.values():
        tbl.remove(tr)
    for tr in rows_xml:
        tbl.append(tr)
    # The last delegate and the totals go with the signature: never a page with it alone.
    for tr in rows_xml[-3:]:
        for p in tr.iter(qn("w:p")):
            p_pr = p.get_or_add_pPr()
            p_pr.insert(0, p_pr.makeelement(qn("w:keepNext"), {}))
    _signature_row(table, doc_data.signature)
    sfd.docx_end(doc)
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
    # The document's objects sit in reference cycles: without a collection each
    # export of 10,000 rows in the window kept ~250 MB more (bench FINDINGS).
    del doc, table, tbl, rows_xml, protos, texts
    gc.collect()
    return Path(path)
