"""The reminder list as an Excel workbook: every item still owed, unit by unit.

Sheet "Nhắc nộp": one row per item (unit, item, delegate, copies, due date,
status, note) under the state letterhead, with a filter and frozen header.
Sheet "Tổng hợp": one row per unit with its counts and earliest deadline.
Both in the state format (state_format_xlsx): A4 landscape at 100 % with the
NĐ 30 margins, the header row printed on every page, page numbers from page
2, and the office's signature block after the total.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.state_format import Signature, xlsx_cell
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services.dossier_reminders import ReminderSet

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_OVERDUE = PatternFill("solid", fgColor="F8D7DA")
_FIX = PatternFill("solid", fgColor="FFE0B2")

LIST_HEADERS = ("STT", "Đơn vị", "Hồ sơ còn thiếu", "Đại biểu", "Số bản", "Hạn nộp", "Tình trạng", "Ghi chú")
LIST_WIDTHS = (5, 16, 31, 17, 6, 11, 14, 14)  # 114 characters: A4 landscape at 100 %
SUMMARY_HEADERS = ("STT", "Đơn vị", "Số mục còn thiếu", "Cần bổ sung", "Đã quá hạn", "Hạn sớm nhất")
SUMMARY_WIDTHS = (6, 26, 16, 14, 14, 16)


SIZE = 12  # table text of a working list; prints at 100 %, above the 11 pt floor


def _font(bold=False, italic=False) -> Font:
    return Font(name="Times New Roman", size=SIZE, bold=bold, italic=italic)


def _widths(ws, widths) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _header(ws, row: int, headers) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.alignment, cell.border = _font(bold=True), _CENTER, _BOX
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _put(ws, row: int, col: int, value, align=_WRAP, fill=None) -> None:
    cell = xlsx_cell(ws, row, col, value)
    cell.font, cell.alignment, cell.border = _font(), align, _BOX
    if fill is not None:
        cell.fill = fill


def _height(values, widths) -> float:
    """Row height for wrapped text (spreadsheet programs do not grow rows written by a library)."""
    # A column of w digits holds about 0.85 w letters of Times New Roman 12 once words wrap.
    lines = max(math.ceil(len(str(v or "")) / (0.85 * w)) or 1 for v, w in zip(values, widths, strict=True))
    return 16.5 * lines


def write_reminder_list(reminders: ReminderSet, path: str | Path) -> Path:
    """Write the reminder workbook; return its path."""
    path = Path(path)
    wb = sfx.xlsx_workbook()
    ws = wb.active
    ws.title = "Nhắc nộp"
    titles = ["DANH SÁCH ĐƠN VỊ CHƯA NỘP ĐỦ HỒ SƠ",
              f"{reminders.run_name} (tính đến ngày {format_date(reminders.as_of)})"]
    _widths(ws, LIST_WIDTHS)
    row = sfx.xlsx_letterhead(ws, reminders.letterhead, len(LIST_HEADERS), titles)
    _header(ws, row, LIST_HEADERS)
    first = row
    number = 0
    for letter in reminders.letters:
        for line in letter.lines:
            number += 1
            row += 1
            fill = _FIX if line.state == "needs_fix" else (_OVERDUE if line.overdue else None)
            status = "Cần bổ sung" if line.state == "needs_fix" else "Chưa nộp"
            if line.overdue:
                status += " (quá hạn)"
            values = (number, letter.unit_name, line.name, line.delegate, line.copies, line.due_text, status,
                      line.note if line.state == "needs_fix" else ("" if line.required else "Không bắt buộc"))
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, _CENTER if col in (1, 5, 6) else _WRAP, fill if col == 7 else None)
            ws.row_dimensions[row].height = _height(values, LIST_WIDTHS)
    if number:
        ws.auto_filter.ref = f"A{first}:{get_column_letter(len(LIST_HEADERS))}{row}"
    row += 1
    total = ws.cell(row=row, column=1, value=f"Tổng cộng: {len(reminders.letters)} đơn vị, {number} mục hồ sơ")
    total.font = _font(bold=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(LIST_HEADERS))
    _close(ws, row + 2, len(LIST_HEADERS), first, reminders)
    _summary(wb.create_sheet("Tổng hợp"), reminders)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def _summary(ws, reminders: ReminderSet) -> None:
    _widths(ws, SUMMARY_WIDTHS)
    row = sfx.xlsx_letterhead(ws, reminders.letterhead, len(SUMMARY_HEADERS),
                              ["TỔNG HỢP ĐƠN VỊ CHƯA NỘP ĐỦ HỒ SƠ",
                               f"{reminders.run_name} (tính đến ngày {format_date(reminders.as_of)})"])
    _header(ws, row, SUMMARY_HEADERS)
    first = row
    for number, letter in enumerate(reminders.letters, start=1):
        row += 1
        dues = [line.due for line in letter.lines if line.due]
        values = (number, letter.unit_name, sum(line.state == "missing" for line in letter.lines),
                  sum(line.state == "needs_fix" for line in letter.lines),
                  sum(line.overdue for line in letter.lines), format_date(min(dues)) if dues else "—")
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, _WRAP if col == 2 else _CENTER)
    _close(ws, row + 2, len(SUMMARY_HEADERS), first, reminders)


def _close(ws, row: int, ncols: int, header_row: int, reminders: ReminderSet) -> None:
    """The signature block, then the page set-up whose print area ends with it."""
    sign = reminders.signer
    last = sfx.xlsx_signature(ws, row, ncols, Signature(sign.title, sign.name, sign.role))
    sfx.xlsx_page_setup(ws, last, ncols, landscape=True, title_rows=(header_row, header_row))
