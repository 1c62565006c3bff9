"""The state format (NĐ 30/2020 Phụ lục I) in Excel, drawn from state_format's numbers.

A spreadsheet has no drawn lines, so the motto's rule is its cell's underline
(exactly the text's length) and the issuer's rule a run of underscores as long
as state_format measures it (an underscore is half an em in Times New Roman,
and its glyphs join into one line). Page set-up: A4, the decree's margins,
print titles, page numbers from page 2 at the top centre, a print area that
ends with the signature, and a scale of 100 %: a sheet wider than the page is
split over pages with its first columns repeated, never shrunk below 11 pt.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from thidua_desktop.export.state_format import (
    A4_MM,
    FONT_NAME,
    MARGINS_MM,
    MOTTO_1,
    MOTTO_2,
    SIZES,
    Letterhead,
    Recipients,
    Signature,
    issuer_rule_pt,
    place_date_line,
    text_width_pt,
    xlsx_cell,
)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
MM_PER_INCH = 25.4
UNDERSCORE = "_"


def xlsx_workbook():
    """A new workbook whose default font is Times New Roman 11.

    Column widths are counted in the default font's digits: with Calibri, a
    machine without it (LibreOffice on Linux falls back to DejaVu Sans) prints
    every column a quarter wider and the table spills onto extra pages. Times
    New Roman (or metric-compatible Liberation Serif) has 7-pixel digits at
    11 pt, like Calibri, so Excel and LibreOffice print the same widths.
    """
    from openpyxl import Workbook
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    default = Font(name=FONT_NAME, size=11, family=1)
    wb._fonts = IndexedList([default])  # font 0: cells without a font of their own
    wb._named_styles["Normal"].font = default
    return wb


def column_pt(width_chars: float) -> float:
    """Printed width of a column of `width_chars` (the default font's 7-pixel digits, 96 dpi)."""
    return (int(width_chars * 7 + 0.5) + 5) * 0.75


def issuer_rule_text(issuer: str, column_width_pt: float) -> str:
    """Underscores as long as the issuer's rule (state_format.issuer_rule_pt)."""
    size = SIZES["issuer"].used
    rule = issuer_rule_pt(issuer, column_width_pt)
    return UNDERSCORE * max(1, round(rule / text_width_pt(UNDERSCORE, size, bold=True)))


def font(size: float | None = None, bold=False, italic=False, underline=None) -> Font:
    """Times New Roman at `size` (body size by default)."""
    return Font(name=FONT_NAME, size=size or SIZES["body"].used, bold=bold, italic=italic,
                underline=underline)


def put(ws, row, col1, col2, text, style: Font, align=CENTER):
    """A value across merged columns `col1..col2` of `row`; returns the cell."""
    if col2 > col1:
        ws.merge_cells(start_row=row, start_column=col1, end_row=row, end_column=col2)
    cell = xlsx_cell(ws, row, col1, text)
    cell.font, cell.alignment = style, align
    return cell


def _span_pt(ws, col1: int, col2: int) -> float:
    return sum(column_pt(ws.column_dimensions[get_column_letter(c)].width or 8.43)
               for c in range(col1, col2 + 1))


def xlsx_letterhead(ws, lh: Letterhead, ncols: int, title_lines: list[str] | None = None,
                    first_row: int = 1, split: int | None = None) -> int:
    """Issuer (left) and motto (right) as merged cells, the rules, titles; return the next row.

    Set the column widths first: the issuer's rule is measured on its columns.
    """
    split = split or max(2, ncols * 2 // 5)
    row = first_row
    put(ws, row, 1, split, lh.issuer_upper, font(SIZES["upper"].used))
    put(ws, row, split + 1, ncols, MOTTO_1, font(SIZES["motto1"].used, bold=True))
    put(ws, row + 1, 1, split, lh.issuer, font(SIZES["issuer"].used, bold=True))
    # The motto's rule is its underline: the text's own length, as the decree asks.
    put(ws, row + 1, split + 1, ncols, MOTTO_2, font(SIZES["motto2"].used, bold=True, underline="single"))
    rule = put(ws, row + 2, 1, split, issuer_rule_text(lh.issuer, _span_pt(ws, 1, split)),
               font(SIZES["issuer"].used, bold=True))
    # Underscores hang below the baseline: bottom-aligned in a row of one line they show whole.
    rule.alignment = Alignment(horizontal="center", vertical="bottom")
    ws.row_dimensions[row + 2].height = 12
    if lh.number:
        put(ws, row + 3, 1, split, lh.number, font(SIZES["number"].used))
    put(ws, row + 3, split + 1, ncols, place_date_line(lh), font(SIZES["date"].used, italic=True))
    row += 5
    for i, line in enumerate(title_lines or []):
        put(ws, row, 1, ncols, line, font(SIZES["title" if i == 0 else "subject"].used, bold=True))
        ws.row_dimensions[row].height = 20 if len(line) < 110 else 36
        row += 1
    return row + 1


def xlsx_signature(ws, row: int, ncols: int, signature: Signature,
                   recipients: Recipients | None = None, split: int | None = None) -> int:
    """"Nơi nhận" (left columns) beside the signature block (right); return the last row used."""
    split = split or max(2, ncols * 2 // 5)
    lines = [(line, font(SIZES["sign"].used, bold=True)) for line in signature.lines]
    lines += [("", None)] * 4 + [(signature.name, font(SIZES["sign"].used, bold=True))]
    left = []
    if recipients:
        left = [(Recipients.HEAD, font(SIZES["recipients_head"].used, bold=True, italic=True))]
        left += [(item, font(SIZES["recipients"].used)) for item in recipients.items]
    last = row
    for offset in range(max(len(lines), len(left))):
        if offset < len(left):
            text, style = left[offset]
            put(ws, row + offset, 1, split, text, style, Alignment(horizontal="left", vertical="center"))
        if offset < len(lines) and lines[offset][1] is not None:
            put(ws, row + offset, split + 1, ncols, lines[offset][0], lines[offset][1])
        last = row + offset
    return last


def xlsx_page_setup(ws, last_row: int, ncols: int, landscape: bool, title_rows: tuple[int, int],
                    title_cols: str | None = None) -> None:
    """A4, NĐ 30 margins, 100 %, print titles, page number from page 2 top centre, print area."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = 100
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins.left = MARGINS_MM["left"] / MM_PER_INCH
    ws.page_margins.right = MARGINS_MM["right"] / MM_PER_INCH
    ws.page_margins.top = MARGINS_MM["top"] / MM_PER_INCH
    ws.page_margins.bottom = MARGINS_MM["bottom"] / MM_PER_INCH
    ws.page_margins.header = 10 / MM_PER_INCH
    ws.page_margins.footer = 8 / MM_PER_INCH
    # Page numbers: top centre, not on the first page (NĐ 30 Phụ lục I, Mục II.10).
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = SIZES["page"].used
    ws.print_area = f"A1:{get_column_letter(ncols)}{last_row}"


def printable_width_pt(landscape: bool) -> float:
    """Width inside the margins, points."""
    paper = A4_MM[1] if landscape else A4_MM[0]
    return (paper - MARGINS_MM["left"] - MARGINS_MM["right"]) / MM_PER_INCH * 72
