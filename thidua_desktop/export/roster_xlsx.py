"""The danh sách trích ngang as an Excel workbook in the official layout.

Issuing body and national motto, title, a two-row header with Năm sinh split
into Nam | Nữ (the year under the person's sex), STT, borders, Times New Roman
13 printed at 100 % (the columns fit A4 landscape inside the NĐ 30 margins, so
nothing is shrunk), header rows repeated on every printed page, a heading row
and a subtotal per delegation, the total line and the signature block
(state_format_xlsx).

Kept lean for long rosters: values go in with `ws.append`, and the data cells
of one column share one style array (openpyxl's public style setters cost
several microseconds per cell; sharing is safe because nothing restyles a
single cell afterwards).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.roster_common import RosterDocument, atomic_output
from thidua_desktop.export.state_format import FONT_NAME, SIZES, xlsx_guard

FONT = FONT_NAME
SIZE = SIZES["body"].used
# (header, width in characters, horizontal alignment of the data cells): 126
# characters print 691 pt wide (state_format_xlsx.column_pt), inside the 714 pt
# of A4 landscape's text width, so the sheet prints at 100 %.
COLUMNS = (
    ("STT", 5, "center"),
    ("Họ và tên", 22, "left"),
    ("Nam", 6, "center"),
    ("Nữ", 6, "center"),
    ("Dân tộc", 8, "center"),
    ("Chức vụ", 16, "left"),
    ("Đơn vị công tác", 22, "left"),
    ("Thành tích, hình thức khen thưởng", 29, "left"),
    ("Ghi chú", 12, "left"),
)
NCOLS = len(COLUMNS)
LINE_PT = 16.0  # one line of Times New Roman 13, with leading
# Characters that fit on one line of a column, word wrap included: a column of
# w default-font digits is 5.25 w + 3.75 pt, a Vietnamese letter of Times New
# Roman 13 about 5.9 pt, so about 0.85 w (checked by rendering with LibreOffice).
_CAPACITY = tuple(max(4, int(width * 0.85)) for _t, width, _a in COLUMNS)
_TEXT_COLUMNS = (1, 4, 5, 6, 7, 8)  # 0-based: name, ethnicity, position, workplace, ...
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


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


def _merged_row(ws, row: int, text: str) -> None:
    """A row across all columns: a delegation heading, a subtotal or the total."""
    xlsx_guard((ws.cell(row=row, column=1, value=text),))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=NCOLS)
    bold = Font(name=FONT, size=SIZE, bold=True)
    left = Alignment(horizontal="left", vertical="center")
    for col in range(1, NCOLS + 1):
        cell = ws.cell(row=row, column=col)
        cell.font, cell.border, cell.alignment = bold, BORDER, left


SEAT_COLUMNS = (("STT", 6), ("Đơn vị", 40), ("Chỉ tiêu", 11), ("Đã cử", 11), ("Còn lại", 11))


def _seats_sheet(wb, doc: RosterDocument) -> None:
    """A second sheet, "Chỉ tiêu": each unit's seats, the delegates it sent and what is left."""
    ws = wb.create_sheet("Chỉ tiêu")
    plain, bold = Font(name=FONT, size=SIZE), Font(name=FONT, size=SIZE, bold=True)
    ws.append([title for title, _w in SEAT_COLUMNS])
    for number, line in enumerate(doc.seats, start=1):
        ws.append([number, line.unit, line.seats, line.filled, line.seats - line.filled])
    total = sum(s.seats for s in doc.seats), sum(s.filled for s in doc.seats)
    ws.append(["", "Tổng cộng", total[0], total[1], total[0] - total[1]])
    for col, (_t, width) in enumerate(SEAT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last = len(doc.seats) + 2
    for row in ws.iter_rows(min_row=1, max_row=last):
        for cell in row:
            cell.font = bold if cell.row in (1, last) else plain
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="left" if cell.column == 2 else "center", vertical="center")
    ws.freeze_panes = "A2"
    end = sfx.xlsx_signature(ws, last + 2, len(SEAT_COLUMNS), doc.signature, split=2)
    sfx.xlsx_page_setup(ws, end, len(SEAT_COLUMNS), landscape=True, title_rows=(1, 1))


def write_roster_xlsx(doc: RosterDocument, path: str | Path) -> Path:
    """Write the roster workbook to `path` (atomically); return the path."""
    wb = sfx.xlsx_workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for col, (_title, width, _align) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    head = sfx.xlsx_letterhead(ws, doc.letterhead, NCOLS, doc.title_lines, split=4)
    _header(ws, head)
    # One line is the sheet's default height; only taller rows get a height of their own.
    ws.sheet_format.defaultRowHeight = LINE_PT + 3
    ws.sheet_format.customHeight = True
    heights = ws.row_dimensions
    known: dict = {}
    merged: list[tuple[int, str]] = []
    line_rows: list[int] = []
    current = head + 1  # the row ws.append wrote last (ws.max_row scans every cell: O(n) a call)
    for row in doc.print_rows():
        current += 1
        if row.kind != "line":
            ws.append((row.text,))
            merged.append((current, row.text))
            continue
        values = _values(row.number, row.line)
        ws.append(values)
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            xlsx_guard([ws.cell(row=current, column=c) for c in range(1, NCOLS + 1)])
        lines = _lines_needed(values, known)
        if lines > 1:
            heights[current].height = LINE_PT * lines + 3
        line_rows.append(current)
    if line_rows:
        arrays = _style_arrays(ws, line_rows[0])
        # ws.cell is a dict look-up; ws[row] would scan every cell for the sheet's width.
        for number in line_rows[1:]:
            for col, array in enumerate(arrays, start=1):
                ws.cell(row=number, column=col)._style = array
    for number, text in merged:
        _merged_row(ws, number, text)
    last = sfx.xlsx_signature(ws, current + 2, NCOLS, doc.signature, split=4)
    sfx.xlsx_page_setup(ws, last, NCOLS, landscape=True, title_rows=(head, head + 1))
    ws.print_options.horizontalCentered = True
    ws.freeze_panes = ws.cell(row=head + 2, column=1)
    if doc.seats:
        _seats_sheet(wb, doc)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)
