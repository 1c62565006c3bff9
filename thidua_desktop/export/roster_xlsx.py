"""The danh sách trích ngang as an Excel workbook in the official layout.

Issuing body and national motto, title, a two-row header with Năm sinh split
into Nam | Nữ (the year under the person's sex), STT, borders, Times New Roman
13, A4 landscape fitted to the page width, header rows repeated on every
printed page, a total line and the signature block.

Kept lean for long rosters: values go in with `ws.append`, and the data cells
of one column share one style array (openpyxl's public style setters cost
several microseconds per cell; sharing is safe because nothing restyles a
single cell afterwards).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from thidua_desktop.export.roster_common import RosterDocument, atomic_output
from thidua_desktop.export.state_format import MARGINS_MM, xlsx_guard, xlsx_letterhead

FONT = "Times New Roman"
SIZE = 13
# (header, width in characters, horizontal alignment of the data cells)
COLUMNS = (
    ("STT", 5, "center"),
    ("Họ và tên", 24, "left"),
    ("Nam", 7, "center"),
    ("Nữ", 7, "center"),
    ("Dân tộc", 10, "center"),
    ("Chức vụ", 20, "left"),
    ("Đơn vị công tác", 28, "left"),
    ("Thành tích, hình thức khen thưởng", 40, "left"),
    ("Ghi chú", 13, "left"),
)
NCOLS = len(COLUMNS)
LINE_PT = 16.0  # one line of Times New Roman 13, with leading
# Characters that fit on one line of a column, word wrap included (measured by
# rendering with LibreOffice: about 1.1 of the width in Excel units at 13 pt).
_CAPACITY = tuple(max(4, int(width * 1.1)) for _t, width, _a in COLUMNS)
_TEXT_COLUMNS = (1, 4, 5, 6, 7, 8)  # 0-based: name, ethnicity, position, workplace, ...
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _mm_to_inch(mm: float) -> float:
    return round(mm / 25.4, 3)


def _header(ws, row: int) -> None:
    """Two header rows: Năm sinh over Nam | Nữ, the other titles merged down."""
    bold = Font(name=FONT, size=SIZE, bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = [title for title, _w, _a in COLUMNS]
    top[2], top[3] = "Năm sinh", None
    second = [None] * NCOLS
    second[2], second[3] = "Nam", "Nữ"
    for offset, values in enumerate((top, second)):
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row=row + offset, column=col, value=text)
            cell.font, cell.alignment, cell.border = bold, center, BORDER
    for col in range(1, NCOLS + 1):
        letter = get_column_letter(col)
        if col not in (3, 4):
            ws.merge_cells(f"{letter}{row}:{letter}{row + 1}")
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)


def _style_arrays(ws, row: int) -> list:
    """Style the first data row through the public API; return its per-column style arrays."""
    font = Font(name=FONT, size=SIZE)
    arrays = []
    for col, (_title, _width, align) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=row, column=col)
        cell.font, cell.border = font, BORDER
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        arrays.append(cell._style)
    return arrays


def _values(number: int, line) -> tuple:
    nam = line.birth_year if line.sex == "Nam" else None
    nu = line.birth_year if line.sex == "Nữ" else None
    return (number, line.name, nam, nu, line.ethnicity, line.position, line.workplace,
            line.achievement, line.remark)


def _wrapped(text: str, capacity: int) -> int:
    """Lines a text takes when wrapped at word boundaries (long words broken)."""
    lines, used = 1, 0
    for word in text.split(" "):
        size = len(word)
        if used and used + 1 + size > capacity:
            lines, used = lines + 1, 0
        if used:
            used += 1
        while size > capacity:
            lines, size = lines + 1, size - capacity
        used += size
    return lines


def _lines_needed(values: tuple, known: dict) -> int:
    """Printed lines of the tallest cell of a row (spreadsheets do not grow rows by themselves).

    `known` caches texts already measured: rosters repeat positions and achievements.
    """
    lines = 1
    for col in _TEXT_COLUMNS:
        text = values[col]
        cap = _CAPACITY[col]
        if text and len(text) > cap:
            key = (text, cap)
            count = known.get(key)
            if count is None:
                count = known[key] = _wrapped(text, cap)
            if count > lines:
                lines = count
    return lines


def _signature(ws, row: int, doc: RosterDocument) -> None:
    bold = Font(name=FONT, size=SIZE, bold=True)
    italic = Font(name=FONT, size=SIZE, italic=True)
    center = Alignment(horizontal="center", vertical="center")
    first, last = 6, NCOLS
    for offset, (text, font) in enumerate(
        ((doc.sign_role, bold), (doc.sign_title, bold), ("(Ký, ghi rõ họ tên, đóng dấu)", italic))
    ):
        ws.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=last)
        cell = ws.cell(row=row + offset, column=first, value=text)
        cell.font, cell.alignment = font, center


def write_roster_xlsx(doc: RosterDocument, path: str | Path) -> Path:
    """Write the roster workbook to `path` (atomically); return the path."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for col, (_title, width, _align) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    head = xlsx_letterhead(ws, doc.letterhead, NCOLS, doc.title_lines, split=4)
    _header(ws, head)
    first = head + 2
    # One line is the sheet's default height; only taller rows get a height of their own.
    ws.sheet_format.defaultRowHeight = LINE_PT + 3
    ws.sheet_format.customHeight = True
    heights = ws.row_dimensions
    known: dict = {}
    for number, line in enumerate(doc.lines, start=1):
        values = _values(number, line)
        ws.append(values)
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            xlsx_guard(ws[ws.max_row])
        lines = _lines_needed(values, known)
        if lines > 1:
            heights[first + number - 1].height = LINE_PT * lines + 3
    arrays = _style_arrays(ws, first) if doc.lines else []
    if doc.lines:
        for row in ws.iter_rows(min_row=first + 1, max_row=first + len(doc.lines) - 1,
                                max_col=NCOLS):
            for cell, array in zip(row, arrays, strict=True):
                cell._style = array
    total = first + len(doc.lines)
    ws.cell(row=total, column=2, value=doc.total_text)
    ws.merge_cells(start_row=total, start_column=2, end_row=total, end_column=NCOLS)
    for col in range(1, NCOLS + 1):
        cell = ws.cell(row=total, column=col)
        cell.font, cell.border = Font(name=FONT, size=SIZE, bold=True), BORDER
        cell.alignment = Alignment(horizontal="left", vertical="center")
    _signature(ws, total + 2, doc)
    _page_setup(ws, head)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)


def _page_setup(ws, header_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as needed down
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = _mm_to_inch(MARGINS_MM["left"])
    ws.page_margins.right = _mm_to_inch(MARGINS_MM["right"])
    ws.page_margins.top = _mm_to_inch(MARGINS_MM["top"])
    ws.page_margins.bottom = _mm_to_inch(MARGINS_MM["bottom"])
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = f"{FONT},Regular"
    ws.oddFooter.center.size = 11
    ws.freeze_panes = ws.cell(row=header_row + 2, column=1)
