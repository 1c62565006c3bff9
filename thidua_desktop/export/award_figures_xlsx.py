"""The award figures for the summary report as one Excel sheet, in the state format.

Heading, title with the period, then each table of services.awards_figures
(its title, a header, the rows, the total in bold), the signature of whoever
drew it up. The officer writes the report's text around these figures.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.state_format import Letterhead, Signature
from thidua_desktop.services.awards_figures import FigureTable

_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LABEL_WIDTH, YEAR_WIDTH = 28, 7


def build(tables: list[FigureTable], letterhead: Letterhead, period: str):
    """The workbook (tables must share their columns: the same years)."""
    tables = scrub(tables)
    wb = sfx.xlsx_workbook()
    ws = wb.active
    ws.title = "Số liệu khen thưởng"
    ncols = len(tables[0].header)
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for col in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(col)].width = YEAR_WIDTH
    split = 2  # the label and one year under the issuer; the motto needs the width of the rest
    row = sfx.xlsx_letterhead(ws, letterhead, ncols, ["SỐ LIỆU KHEN THƯỞNG", f"Giai đoạn {period}"], split=split)
    first_header = None
    for table in tables:
        sfx.put(ws, row, 1, ncols, table.title, sfx.font(bold=True), Alignment(horizontal="left"))
        row += 1
        first_header = first_header or row
        for col, text in enumerate(table.header, start=1):
            sfx.put(ws, row, col, col, text, sfx.font(bold=True)).border = _GRID
        for values in table.rows:
            row += 1
            total = values[0] == "Tổng cộng"
            for col, value in enumerate(values, start=1):
                align = Alignment(horizontal="left", vertical="center", wrap_text=True) if col == 1 else sfx.CENTER
                sfx.put(ws, row, col, col, value, sfx.font(bold=total or col == ncols), align).border = _GRID
            if len(str(values[0])) > LABEL_WIDTH:
                ws.row_dimensions[row].height = 34
        row += 2
    last = sfx.xlsx_signature(ws, row, ncols, Signature("Người lập biểu"), split=split)
    landscape = ncols > 10
    sfx.xlsx_page_setup(ws, last, ncols, landscape=landscape, title_rows=(first_header, first_header),
                        title_cols="A:A")
    wb.properties.title = f"Số liệu khen thưởng {period}"
    wb.properties.creator = "Thi đua Desktop"
    return wb


def write_figures_xlsx(tables: list[FigureTable], letterhead: Letterhead, period: str, path: str | Path) -> Path:
    """Write the figures workbook."""
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(build(tables, letterhead, period), path)
