"""The reward list and the signed-receipt list as Excel, in the state format.

The sheet holds one table (AwardDoc.sheet_rows): heading, title, the table
with its header repeated on every page, the signature; column widths chosen
so that the table fits the width of an A4 page at 100 %.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

from thidua_desktop.export import award_content as ac
from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.state_format import SIZES, wrap_lines

# Column widths (default-font digits) by header: the table fits a portrait A4 page.
_WIDTHS = {"STT": 5, "Loại": 8, "Họ và tên / Tên tập thể": 22, "Chức vụ, đơn vị công tác": 21,
           "Đơn vị đề nghị": 14, "Đơn vị": 16, "Hình thức": 14, "Ký nhận": 13}
_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _height(values, widths) -> float:
    """Row height for wrapped text, measured (spreadsheet programs do not grow rows a library wrote)."""
    size = SIZES["body"].used
    lines = max(len(wrap_lines(str(v or ""), size, sfx.column_pt(w) - 7)) for v, w in zip(values, widths, strict=True))
    return lines * size * 1.25 + 4


def build(doc: ac.AwardDoc):
    """The openpyxl Workbook of a list-like AwardDoc (list, receipts)."""
    header, rows = doc.sheet_rows
    wb = sfx.xlsx_workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ncols = len(header)
    for col, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 14)
    split = 3 if ncols > 5 else 2  # the issuer's columns: about 60 mm, its name on one line
    row = sfx.xlsx_letterhead(ws, doc.letterhead, ncols, list(doc.title), split=split)
    note = next((b.text for b in doc.blocks if isinstance(b, ac.Para) and b.text), "")
    if note:
        sfx.put(ws, row - 1, 1, ncols, note, sfx.font(italic=True))
        row += 1
    first = row
    for col, text in enumerate(header, start=1):
        cell = sfx.put(ws, row, col, col, text, sfx.font(bold=True))
        cell.border = _GRID
    ws.row_dimensions[row].height = _height(header, [_WIDTHS.get(name, 14) for name in header])
    for values in rows:
        row += 1
        for col, text in enumerate(values, start=1):
            align = sfx.CENTER if col == 1 else Alignment(horizontal="left", vertical="center", wrap_text=True)
            cell = sfx.put(ws, row, col, col, text, sfx.font(), align)
            cell.border = _GRID
        height = _height(values, [_WIDTHS.get(name, 14) for name in header])
        # The receipt list leaves room to sign in every row.
        ws.row_dimensions[row].height = max(height, 32) if "Ký nhận" in header else height
    last = sfx.xlsx_signature(ws, row + 2, ncols, doc.signature, doc.recipients, split=split)
    sfx.xlsx_page_setup(ws, last, ncols, landscape=False, title_rows=(first, first))
    wb.properties.title = doc.file_title
    wb.properties.creator = "Thi đua Desktop"
    return wb


def write_xlsx(doc: ac.AwardDoc, path: str | Path) -> Path:
    """Write the list as an .xlsx file."""
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(build(doc), path)
