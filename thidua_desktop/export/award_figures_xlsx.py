"""The award figures for the summary report as an Excel workbook, in the state format.

Heading, title with the period, then each table of services.awards_figures
(its title, a header, the rows, the total in bold), the signature of whoever
drew it up; the delegates' structure (services.awards_figures_delegates) on a
second sheet of the same shape, since its columns are levels, not years.
The officer writes the report's text around these figures.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.state_format import MOTTO_1, SIZES, Letterhead, Signature, text_width_pt
from thidua_desktop.services.awards_figures import FigureTable
from thidua_desktop.services.awards_figures_delegates import TITLE as STRUCTURE_TITLE

_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LABEL_WIDTH, YEAR_WIDTH, LEVEL_WIDTH = 28, 7, 13
MOTTO_PAD_PT = 16  # the cell's inner margins and a spreadsheet's wider rendering of the font


def build(tables: list[FigureTable], letterhead: Letterhead, period: str):
    """The workbook: the tables over the years on one sheet, the delegates' structure (its columns
    are levels, not years) on a sheet of its own, each a document with heading and signature."""
    tables = scrub(tables)
    wb = sfx.xlsx_workbook()
    by_years = [t for t in tables if t.title != STRUCTURE_TITLE]
    others = [t for t in tables if t.title == STRUCTURE_TITLE]
    sheets = [("Số liệu khen thưởng", "SỐ LIỆU KHEN THƯỞNG", by_years, YEAR_WIDTH),
              ("Cơ cấu đại biểu", "CƠ CẤU ĐẠI BIỂU", others, LEVEL_WIDTH)]
    first = True
    for name, heading, group, width in sheets:
        if not group:
            continue
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name
        _sheet(ws, group, letterhead, [heading, f"Giai đoạn {period}"], width)
    wb.properties.title = f"Số liệu khen thưởng {period}"
    wb.properties.creator = "Thi đua Desktop"
    return wb


def motto_fitting_width(columns: int, width: float) -> float:
    """The value columns' width: `width`, or wider when the national name over `columns` of them would wrap
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT / NAM" over six narrow year columns)."""
    need = text_width_pt(MOTTO_1, SIZES["motto1"].used, bold=True) + MOTTO_PAD_PT
    while columns * sfx.column_pt(width) < need:
        width += 0.5
    return width


def _sheet(ws, tables: list[FigureTable], letterhead: Letterhead, title: list[str], width: float) -> None:
    """One sheet: heading, the tables (they share their columns), the signature."""
    ncols = max(len(t.header) for t in tables)
    # The issuer over the label and one narrow year column; wide level columns leave the motto all but the label.
    split = 2 if width == YEAR_WIDTH else 1
    width = motto_fitting_width(ncols - split, width)
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for col in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = sfx.xlsx_letterhead(ws, letterhead, ncols, title, split=split)
    first_header = None
    for table in tables:
        sfx.put(ws, row, 1, ncols, table.title, sfx.font(bold=True), Alignment(horizontal="left"))
        row += 1
        first_header = first_header or row
        for col, text in enumerate(table.header, start=1):
            cell = sfx.put(ws, row, col, col, text, sfx.font(bold=True), sfx.CENTER)
            cell.border = _GRID
        for values in table.rows:
            row += 1
            total = values[0] == "Tổng cộng"
            for col, value in enumerate(values, start=1):
                align = Alignment(horizontal="left", vertical="center", wrap_text=True) if col == 1 else sfx.CENTER
                bold = total or table.header[col - 1] == "Cộng"
                sfx.put(ws, row, col, col, value, sfx.font(bold=bold), align).border = _GRID
            if len(str(values[0])) > LABEL_WIDTH:
                ws.row_dimensions[row].height = 34
        row += 2
    last = sfx.xlsx_signature(ws, row, ncols, Signature("Người lập biểu"), split=split)
    sfx.xlsx_page_setup(ws, last, ncols, landscape=ncols > 10, title_rows=(first_header, first_header),
                        title_cols="A:A")


def write_figures_xlsx(tables: list[FigureTable], letterhead: Letterhead, period: str, path: str | Path) -> Path:
    """Write the figures workbook."""
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(build(tables, letterhead, period), path)
