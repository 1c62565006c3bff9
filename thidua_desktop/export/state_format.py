"""The state format for administrative documents (Nghị định 30/2020/NĐ-CP).

Issuing body top left, national motto block top right, the place-and-date line,
A4, Times New Roman (or the bundled metric-compatible Liberation Serif, with
full Vietnamese coverage, always embedded), page numbers from page 2, the
signature block. Shared by every PDF, Word and Excel document the app writes.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.paths import fonts_dir

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
# NĐ 30/2020 Phụ lục I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, its number, where and when."""

    issuer_upper: str  # "UBND HUYỆN HỚN QUẢN" (the body above), may be ""
    issuer: str  # "PHÒNG NỘI VỤ" / "BAN TỔ CHỨC ĐẠI HỘI" (bold)
    number: str  # "Số: 215/KH-UBND", may be ""
    place: str  # "Hớn Quản"
    date: dt.date | None  # None prints "ngày ... tháng ... năm YYYY"
    year: int | None = None  # the year for a blank date line


def place_date_line(lh: Letterhead) -> str:
    """"Hớn Quản, ngày 18 tháng 6 năm 2025" (NĐ 30 writes days < 10 and months < 3 with a 0)."""
    if lh.date is None:
        year = lh.year or dt.date.today().year
        return f"{lh.place}, ngày ... tháng ... năm {year}"
    day = f"{lh.date.day:02d}" if lh.date.day < 10 else str(lh.date.day)
    month = f"{lh.date.month:02d}" if lh.date.month < 3 else str(lh.date.month)
    return f"{lh.place}, ngày {day} tháng {month} năm {lh.date.year}"


def _organiser_names(db: Database, unit_id: int) -> tuple[str, str]:
    row = db.execute(
        "SELECT u.name, k.name FROM units u JOIN unit_kinds k ON k.code = u.kind WHERE u.id = ?",
        [unit_id],
    ).fetchone()
    return (row[0], row[1]) if row else ("", "")


def letterhead_for_event(db: Database, event_id: int, issuer: str = "BAN TỔ CHỨC") -> Letterhead:
    """The event's organiser ("UBND XÃ TÂN LỢI") above `issuer`, dated the event's date."""
    row = db.execute("SELECT unit_id, date FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise ValueError(f"no event {event_id}")
    name, kind = _organiser_names(db, row[0])
    date = dt.date.fromisoformat(row[1]) if row[1] else None
    return Letterhead(f"UBND {kind} {name}".upper(), issuer, "", name, date,
                      date.year if date else None)


def letterhead_for_plan(db: Database, plan_id: int, issuer: str = "PHÒNG NỘI VỤ",
                        date: dt.date | None = None, number: str = "") -> Letterhead:
    """The plan's organiser ("UBND HUYỆN HỚN QUẢN") above `issuer`."""
    row = db.execute("SELECT organiser_id, place FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise ValueError(f"no plan {plan_id}")
    name, kind = _organiser_names(db, row[0])
    return Letterhead(f"UBND {kind} {name}".upper(), issuer, number, row[1] or name, date)


def safe_cell(value):
    """For CSV: text that a spreadsheet would run as a formula gets a leading ' (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def xlsx_guard(cells) -> None:
    """For openpyxl: cells that openpyxl took for formulas become text, exactly as typed.

    In .xlsx only a value starting with "=" is stored as a formula; it is kept
    as a string with Excel's quote prefix, so no stray apostrophe is printed
    (text such as "- Chiến sĩ thi đua" stays as the officer typed it).
    """
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"
            cell.quotePrefix = True


def xlsx_cell(ws, row: int, column: int, value):
    """ws.cell(row, column, value) that never writes a formula; returns the cell."""
    cell = ws.cell(row=row, column=column, value=value)
    xlsx_guard((cell,))
    return cell


# --- fonts ------------------------------------------------------------------

@dataclass(frozen=True)
class PdfFonts:
    """Registered reportlab font names."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    family: str  # human name, for reports


_SYSTEM_TIMES = {
    "win32": [Path(r"C:\Windows\Fonts")],
    "linux": [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/usr/share/fonts/TTF")],
    "darwin": [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")],
}
_TIMES_FILES = [
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
     "Times_New_Roman_Bold_Italic.ttf"),
    ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
     "Times New Roman Bold Italic.ttf"),
]
_BUNDLED = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf")
_registered: PdfFonts | None = None


def font_files() -> tuple[str, tuple[Path, Path, Path, Path]]:
    """(family name, four TTF paths): Times New Roman when installed, else Liberation Serif."""
    platform = "win32" if sys.platform == "win32" else ("darwin" if sys.platform == "darwin" else "linux")
    for folder in _SYSTEM_TIMES[platform]:
        for names in _TIMES_FILES:
            paths = tuple(folder / n for n in names)
            if all(p.exists() for p in paths):
                return "Times New Roman", paths  # type: ignore[return-value]
    return "Liberation Serif", tuple(fonts_dir() / n for n in _BUNDLED)  # type: ignore[return-value]


def pdf_fonts() -> PdfFonts:
    """Register the serif family with reportlab once (TTF: always embedded, subset)."""
    global _registered
    if _registered is not None:
        return _registered
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family, paths = font_files()
    names = ("TD-Serif", "TD-Serif-Bold", "TD-Serif-Italic", "TD-Serif-BoldItalic")
    for name, path in zip(names, paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    addMapping(names[0], 0, 0, names[0])
    addMapping(names[0], 1, 0, names[1])
    addMapping(names[0], 0, 1, names[2])
    addMapping(names[0], 1, 1, names[3])
    _registered = PdfFonts(*names, family=family)
    return _registered


# --- reportlab ----------------------------------------------------------------

def pdf_styles(size: float = 13) -> dict:
    """Paragraph styles in the serif family, NĐ 30 sizes."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    f = pdf_fonts()
    lead = size * 1.25
    return {
        "body": ParagraphStyle("body", fontName=f.regular, fontSize=size, leading=lead,
                               alignment=TA_JUSTIFY, firstLineIndent=28, spaceAfter=4),
        "plain": ParagraphStyle("plain", fontName=f.regular, fontSize=size, leading=lead),
        "title": ParagraphStyle("title", fontName=f.bold, fontSize=14, leading=18,
                                alignment=TA_CENTER, spaceBefore=10, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=f.bold, fontSize=size, leading=lead,
                                   alignment=TA_CENTER, spaceAfter=8),
        "center": ParagraphStyle("center", fontName=f.regular, fontSize=size, leading=lead,
                                 alignment=TA_CENTER),
        "center_italic": ParagraphStyle("center_italic", fontName=f.italic, fontSize=size,
                                        leading=lead, alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", fontName=f.bold, fontSize=12, leading=15, alignment=TA_CENTER),
        "motto2": ParagraphStyle("motto2", fontName=f.bold, fontSize=13, leading=16, alignment=TA_CENTER),
        "issuer": ParagraphStyle("issuer", fontName=f.regular, fontSize=12, leading=15, alignment=TA_CENTER),
        "issuer_bold": ParagraphStyle("issuer_bold", fontName=f.bold, fontSize=12, leading=15,
                                      alignment=TA_CENTER),
        "date": ParagraphStyle("date", fontName=f.italic, fontSize=size, leading=lead, alignment=TA_CENTER),
        "small": ParagraphStyle("small", fontName=f.regular, fontSize=11, leading=13.5),
        "small_bold": ParagraphStyle("small_bold", fontName=f.bold, fontSize=11, leading=13.5),
        "small_italic": ParagraphStyle("small_italic", fontName=f.italic, fontSize=11, leading=13.5),
        "cell": ParagraphStyle("cell", fontName=f.regular, fontSize=12, leading=14.5),
        "cell_center": ParagraphStyle("cell_center", fontName=f.regular, fontSize=12, leading=14.5,
                                      alignment=TA_CENTER),
        "cell_bold": ParagraphStyle("cell_bold", fontName=f.bold, fontSize=12, leading=14.5,
                                    alignment=TA_CENTER),
        "right": ParagraphStyle("right", fontName=f.regular, fontSize=size, leading=lead, alignment=TA_RIGHT),
        "sign_title": ParagraphStyle("sign_title", fontName=f.bold, fontSize=size, leading=lead,
                                     alignment=TA_CENTER),
        "sign_name": ParagraphStyle("sign_name", fontName=f.bold, fontSize=size, leading=lead,
                                    alignment=TA_CENTER),
    }


def pdf_canvas_maker():
    """A Canvas class whose initial font is ours, so no unembedded Helvetica is referenced.

    Pass it to `doc.build(story, canvasmaker=pdf_canvas_maker())`; `pdf_document`
    documents do this by themselves.
    """
    from reportlab.pdfgen.canvas import Canvas

    fonts = pdf_fonts()

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            if not kwargs.get("initialFontName"):
                kwargs["initialFontName"] = fonts.regular
            kwargs["invariant"] = 1  # reproducible files: no timestamps, fixed ids
            super().__init__(*args, **kwargs)

    return _Canvas


def pdf_document(path: str | Path, landscape: bool = False, title: str = ""):
    """A4 document template with NĐ 30 margins, our fonts only (see pdf_canvas_maker)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    size = to_landscape(A4) if landscape else A4

    class _Doc(SimpleDocTemplate):
        def build(self, flowables, **kwargs):
            kwargs.setdefault("canvasmaker", pdf_canvas_maker())
            return super().build(flowables, **kwargs)

    return _Doc(
        str(path), pagesize=size, title=title, author="Thi đua Desktop",
        initialFontName=pdf_fonts().regular, invariant=1,
        leftMargin=MARGINS_MM["left"] * mm, rightMargin=MARGINS_MM["right"] * mm,
        topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm,
    )


class _Rule:
    """A short centred line under a heading (the underline of NĐ 30 blocks)."""

    def __init__(self, width_pt: float):
        self.width = width_pt

    def flowable(self):
        from reportlab.platypus.flowables import HRFlowable

        return HRFlowable(width=self.width, thickness=0.6, color="black", spaceBefore=1,
                          spaceAfter=3, hAlign="CENTER")


def pdf_letterhead(lh: Letterhead, available_width: float | None = None) -> list:
    """The two-column header: issuing body left, motto right, then the date line."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    s = pdf_styles()
    width = available_width or (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) * mm
    left_w = width * 0.40
    right_w = width - left_w
    left = []
    if lh.issuer_upper:
        left.append(Paragraph(lh.issuer_upper, s["issuer"]))
    left.append(Paragraph(lh.issuer, s["issuer_bold"]))
    left.append(_Rule(28 * mm).flowable())
    if lh.number:
        left.append(Paragraph(lh.number, s["center"]))
    right = [
        Paragraph(MOTTO_1, s["motto"]),
        Paragraph(MOTTO_2, s["motto2"]),
        _Rule(52 * mm).flowable(),
        Paragraph(place_date_line(lh), s["date"]),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def pdf_signature(title: str, name: str, styles: dict | None = None, role: str = "") -> object:
    """The signature block on the right: role (e.g. "TM. BAN TỔ CHỨC"), title, space, name."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    s = styles or pdf_styles()
    cell = []
    if role:
        cell.append(Paragraph(role, s["sign_title"]))
    cell += [Paragraph(title, s["sign_title"]), Spacer(1, 22 * mm), Paragraph(name, s["sign_name"])]
    width = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) * mm
    table = Table([["", cell]], colWidths=[width * 0.45, width * 0.55])
    # Plain-string cells use the table's font: ours, never reportlab's default Helvetica.
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def pdf_page_number(canvas, doc) -> None:
    """Page number at the top centre; use as `onLaterPages` (none on page 1, per NĐ 30)."""
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont(pdf_fonts().regular, 13)
    width, height = doc.pagesize
    canvas.drawCentredString(width / 2, height - 12 * mm, str(doc.page))
    canvas.restoreState()


def pdf_table_chunks(rows: list, col_widths: list[float], header_rows: int = 1,
                     chunk: int = 300, style=None) -> list:
    """A long table as several Tables of `chunk` rows, fixed widths, header repeated.

    One reportlab Table over thousands of rows lays out worse than linearly;
    chunks keep it linear.
    """
    from reportlab.platypus import Table

    header, body = rows[:header_rows], rows[header_rows:]
    tables = []
    for start in range(0, max(len(body), 1), chunk):
        part = header + body[start:start + chunk]
        table = Table(part, colWidths=col_widths, repeatRows=header_rows)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular)])
        if style is not None:
            table.setStyle(style)
        tables.append(table)
    return tables


# --- python-docx --------------------------------------------------------------

def docx_document(landscape: bool = False, size_pt: float = 13):
    """A new A4 Word document with NĐ 30 margins and Times New Roman."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(size_pt)
    # East-Asian font slot too, so Word never substitutes another face.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    style.paragraph_format.space_after = Pt(0)
    return doc


def _docx_par(cell_or_doc, text: str, bold=False, italic=False, size=None, center=True,
              underline=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    par = cell_or_doc.add_paragraph()
    if center:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return par


def docx_letterhead(doc, lh: Letterhead) -> None:
    """The two-column header table without borders."""
    usable = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    widths = (int(usable * 0.40), int(usable * 0.60))
    left.width, right.width = widths
    # Word reads cell widths, LibreOffice the grid: set both, or the motto wraps.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    if lh.issuer_upper:
        _docx_par(left, lh.issuer_upper, size=12)
    _docx_par(left, lh.issuer, bold=True, size=12)
    _docx_par(left, "―――――", size=8)
    if lh.number:
        _docx_par(left, lh.number)
    _docx_par(right, MOTTO_1, bold=True, size=12)
    _docx_par(right, MOTTO_2, bold=True, size=13, underline=True)
    _docx_par(right, "")
    _docx_par(right, place_date_line(lh), italic=True)


def docx_signature(doc, title: str, name: str, role: str = "") -> None:
    """Signature block on the right half."""
    table = doc.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    if role:
        _docx_par(cell, role, bold=True)
    _docx_par(cell, title, bold=True)
    for _ in range(4):
        _docx_par(cell, "")
    _docx_par(cell, name, bold=True)


def docx_page_numbers(doc) -> None:
    """A PAGE field centred in the header, hidden on the first page (NĐ 30)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# --- openpyxl -----------------------------------------------------------------

def xlsx_letterhead(ws, lh: Letterhead, ncols: int, title_lines: list[str] | None = None,
                    first_row: int = 1, split: int | None = None) -> int:
    """Issuer (left half) and motto (right half) as merged cells, then titles; return next row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    split = split or max(2, ncols * 2 // 5)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(row, col1, col2, text, bold=False, italic=False, size=13, underline=None):
        ws.merge_cells(f"{get_column_letter(col1)}{row}:{get_column_letter(col2)}{row}")
        cell = xlsx_cell(ws, row, col1, text)
        cell.font = Font(name="Times New Roman", size=size, bold=bold, italic=italic, underline=underline)
        cell.alignment = center

    row = first_row
    put(row, 1, split, lh.issuer_upper, size=12)
    put(row, split + 1, ncols, MOTTO_1, bold=True, size=12)
    put(row + 1, 1, split, lh.issuer, bold=True, size=12, underline="single")
    put(row + 1, split + 1, ncols, MOTTO_2, bold=True, size=13, underline="single")
    if lh.number:
        put(row + 2, 1, split, lh.number, size=12)
    put(row + 2, split + 1, ncols, place_date_line(lh), italic=True)
    row += 4
    for i, line in enumerate(title_lines or []):
        put(row, 1, ncols, line, bold=True, size=14 if i == 0 else 13)
        ws.row_dimensions[row].height = 20 if len(line) < 110 else 36
        row += 1
    return row + 1
