"""The state format for administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The single owner of the layout every writer shares: the heading block (upper
body, issuing body and its rule; national motto and its rule), the number and
the place-and-date line, the title, page numbers, "Nơi nhận" and the signature
block, with the sizes, margins and rule lengths the decree sets. This module
holds the data, the measures and the PDF (reportlab) part; state_format_docx
and state_format_xlsx draw the same block in Word and Excel from the same
numbers. Writers get a Letterhead and a Signature as plain data, built here
from the plan or event (letterhead_for_event / letterhead_for_plan), and never
query anything themselves.

Font: Times New Roman, or the bundled metric-compatible Liberation Serif (full
Vietnamese coverage, always embedded in PDF); rule lengths are measured with
these metrics, so they hold in every writer.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.paths import fonts_dir

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
# NĐ 30/2020 Phụ lục I, Mục I.4 (định lề trang): top and bottom 20-25 mm,
# left 30-35 mm, right 15-20 mm, on A4 (210 x 297 mm).
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
MARGIN_RANGES_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
A4_MM = (210, 297)
FONT_NAME = "Times New Roman"  # Phụ lục I, Mục I.2: phông chữ Times New Roman, màu đen


@dataclass(frozen=True)
class Size:
    """One element's size: the decree's range (pt) and the size we print."""

    low: float
    high: float
    used: float


# Phụ lục I, Mục II (sizes in pt, (from, to, what we use)) and the style it asks for.
SIZES = {
    "upper": Size(12, 13, 12),        # tên cơ quan chủ quản: in hoa, đứng, không đậm
    "issuer": Size(12, 13, 12),       # tên cơ quan ban hành: in hoa, đứng, đậm
    "number": Size(13, 13, 13),       # "Số": cỡ 13, đứng
    "motto1": Size(12, 13, 12),       # Quốc hiệu: in hoa, đứng, đậm
    "motto2": Size(13, 14, 13),       # Tiêu ngữ: in thường, đứng, đậm
    "date": Size(13, 14, 13),         # địa danh, ngày tháng: in thường, nghiêng
    "title": Size(13, 14, 14),        # tên loại văn bản: in hoa, đứng, đậm
    "subject": Size(13, 14, 13),      # trích yếu nội dung: đứng, đậm
    "letter_subject": Size(12, 13, 12),  # trích yếu công văn (V/v ...): đứng
    "body": Size(13, 14, 13),         # nội dung văn bản (tables too: the issue asks 13-14)
    "sign": Size(13, 14, 13),         # quyền hạn, chức vụ, họ tên người ký: in hoa / đậm
    "recipients_head": Size(12, 12, 12),  # "Nơi nhận:": nghiêng, đậm
    "recipients": Size(11, 11, 11),   # phần liệt kê nơi nhận: đứng
    "page": Size(13, 14, 13),         # số trang: đứng, giữa lề trên, không hiện ở trang 1
}
# Phụ lục I, Mục II.2-3: the rule under the issuing body is 1/3 to 1/2 of its
# line, centred under it; the rule under the motto is exactly its length.
ISSUER_RULE_SHARE = 0.4
ISSUER_RULE_RANGE = (1 / 3, 1 / 2)
RULE_THICKNESS_PT = 0.6
# The smallest text a spreadsheet may print at once fitted to the page (issue 14).
MIN_PRINTED_PT = 11
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


@dataclass(frozen=True)
class Signature:
    """The signature block: authority line ("TM. BAN TỔ CHỨC", may be ""), title, name."""

    title: str
    name: str = ""
    role: str = ""

    @property
    def lines(self) -> list[str]:
        """Authority and title lines, upper case as the decree writes them."""
        return [t.upper() for t in (self.role, self.title) if t]


@dataclass(frozen=True)
class Recipients:
    """"Nơi nhận:" and its list ("- Như trên;", "- Lưu: VT."), beside the signature."""

    items: tuple[str, ...] = field(default_factory=lambda: ("- Lưu: VT.",))

    HEAD = "Nơi nhận:"


def text_width_pt(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of `text` in points, measured with the serif family's metrics."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    f = pdf_fonts()
    name = {(False, False): f.regular, (True, False): f.bold, (False, True): f.italic,
            (True, True): f.bold_italic}[(bold, italic)]
    return stringWidth(text, name, size)


def wrap_lines(text: str, size: float, width_pt: float, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `width_pt` (a word longer stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width_pt(f"{lines[-1]} {word}", size, bold) <= width_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def issuer_rule_pt(issuer: str, column_pt: float) -> float:
    """The rule under the issuing body: 0.4 of its widest printed line (decree: 1/3 to 1/2)."""
    size = SIZES["issuer"].used
    widest = max(text_width_pt(line, size, bold=True) for line in wrap_lines(issuer, size, column_pt, True))
    return ISSUER_RULE_SHARE * widest


def motto_rule_pt() -> float:
    """The rule under the motto: the motto's own length (decree: bằng độ dài của dòng chữ)."""
    return text_width_pt(MOTTO_2, SIZES["motto2"].used, bold=True)


def title_rule_pt(lines: list[str], size: float = SIZES["subject"].used) -> float:
    """The rule under a title block: 0.4 of its widest bold line (decree: 1/3 to 1/2)."""
    return ISSUER_RULE_SHARE * max((text_width_pt(line, size, bold=True) for line in lines), default=0)


def usable_width_mm(landscape: bool = False) -> float:
    """Text width of an A4 page inside the margins."""
    return (A4_MM[1] if landscape else A4_MM[0]) - MARGINS_MM["left"] - MARGINS_MM["right"]


# Share of the text width for the issuer's column; the motto takes the rest.
ISSUER_SHARE = 0.40


def _day_month(day: dt.date) -> tuple[str, str]:
    """Day and month as NĐ 30 writes them: a leading 0 only for days < 10 and months < 3."""
    return (f"{day.day:02d}" if day.day < 10 else str(day.day),
            f"{day.month:02d}" if day.month < 3 else str(day.month))


def state_date(day: dt.date | None) -> str:
    """"10/6/2025", "05/02/2025": a date cited in a text ("…/…/…" when not known yet)."""
    if day is None:
        return "…/…/…"
    d, m = _day_month(day)
    return f"{d}/{m}/{day.year}"


def place_date_line(lh: Letterhead) -> str:
    """"Hớn Quản, ngày 18 tháng 6 năm 2025" (NĐ 30 writes days < 10 and months < 3 with a 0)."""
    if lh.date is None:
        year = lh.year or dt.date.today().year
        return f"{lh.place}, ngày ... tháng ... năm {year}"
    day, month = _day_month(lh.date)
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

def pdf_styles(size: float = SIZES["body"].used) -> dict:
    """Paragraph styles in the serif family, at the sizes of SIZES (NĐ 30 Phụ lục I)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    f = pdf_fonts()
    lead = size * 1.25

    def style(name, font, pt, align=TA_CENTER, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=pt, leading=pt * 1.22, alignment=align, **kw)

    cell = SIZES["body"].used  # table text is body text: 13 pt
    return {
        "body": ParagraphStyle("body", fontName=f.regular, fontSize=size, leading=lead,
                               alignment=TA_JUSTIFY, firstLineIndent=28, spaceAfter=4),
        "plain": ParagraphStyle("plain", fontName=f.regular, fontSize=size, leading=lead),
        "title": style("title", f.bold, SIZES["title"].used, spaceBefore=10, spaceAfter=2),
        "subtitle": style("subtitle", f.bold, SIZES["subject"].used, spaceAfter=8),
        "center": style("center", f.regular, size),
        "center_italic": style("center_italic", f.italic, size),
        "motto": style("motto", f.bold, SIZES["motto1"].used),
        "motto2": style("motto2", f.bold, SIZES["motto2"].used),
        "issuer": style("issuer", f.regular, SIZES["upper"].used),
        "issuer_bold": style("issuer_bold", f.bold, SIZES["issuer"].used),
        "letter_subject": style("letter_subject", f.regular, SIZES["letter_subject"].used),
        "number": style("number", f.regular, SIZES["number"].used, spaceBefore=2),
        "date": style("date", f.italic, SIZES["date"].used),
        "recipients_head": style("recipients_head", f.bold_italic, SIZES["recipients_head"].used,
                                 TA_JUSTIFY),
        "recipients": style("recipients", f.regular, SIZES["recipients"].used, TA_JUSTIFY),
        "cell": style("cell", f.regular, cell, TA_LEFT),
        "cell_left": style("cell_left", f.regular, cell, TA_LEFT),
        "cell_center": style("cell_center", f.regular, cell),
        "cell_bold": style("cell_bold", f.bold, cell),
        "right": ParagraphStyle("right", fontName=f.regular, fontSize=size, leading=lead, alignment=TA_RIGHT),
        "sign_title": style("sign_title", f.bold, SIZES["sign"].used),
        "sign_name": style("sign_name", f.bold, SIZES["sign"].used),
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
    """A4 document template with NĐ 30 margins (MARGINS_MM), our fonts only (see pdf_canvas_maker)."""
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


def pdf_rule(width_pt: float, space_after: float = 3):
    """A centred solid rule of `width_pt` (the decree's đường kẻ ngang, nét liền)."""
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(width=width_pt, thickness=RULE_THICKNESS_PT, color="black", spaceBefore=2.5,
                      spaceAfter=space_after, hAlign="CENTER")


def pdf_letterhead(lh: Letterhead, available_width: float | None = None) -> list:
    """The two-column heading: issuing body and its rule left, motto and its rule right.

    Both rules are measured from their text (issuer_rule_pt, motto_rule_pt).
    """
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    s = pdf_styles()
    width = available_width or usable_width_mm() * mm
    left_w = width * ISSUER_SHARE
    right_w = width - left_w
    left = []
    if lh.issuer_upper:
        left.append(Paragraph(lh.issuer_upper, s["issuer"]))
    left.append(Paragraph(lh.issuer, s["issuer_bold"]))
    left.append(pdf_rule(issuer_rule_pt(lh.issuer, left_w)))
    if lh.number:
        left.append(Paragraph(lh.number, s["number"]))
    right = [
        Paragraph(MOTTO_1, s["motto"]),
        Paragraph(MOTTO_2, s["motto2"]),
        pdf_rule(motto_rule_pt(), space_after=6),
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


def pdf_recipients(recipients: Recipients, styles: dict | None = None) -> list:
    """"Nơi nhận:" (12 pt bold italic) and its list (11 pt), as the decree sets them."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    s = styles or pdf_styles()
    return [Paragraph(Recipients.HEAD, s["recipients_head"])] + [
        Paragraph(escape(item), s["recipients"]) for item in recipients.items]


def pdf_signature(signature: Signature, styles: dict | None = None,
                  recipients: Recipients | None = None, width: float | None = None) -> object:
    """The signature block on the right, "Nơi nhận" on the left, kept on one page."""
    from xml.sax.saxutils import escape

    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    s = styles or pdf_styles()
    cell = [Paragraph(escape(line), s["sign_title"]) for line in signature.lines]
    cell += [Spacer(1, 22 * mm), Paragraph(escape(signature.name) or "&nbsp;", s["sign_name"])]
    width = width or usable_width_mm() * mm
    left = pdf_recipients(recipients, s) if recipients else ""
    table = Table([[left, cell]], colWidths=[width * 0.45, width * 0.55])
    # Plain-string cells use the table's font: ours, never reportlab's default Helvetica.
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


PAGE_NUMBER_FROM_TOP_MM = 12  # inside the top margin (20 mm), centred


def pdf_page_number(canvas, doc) -> None:
    """Page number at the top centre; use as `onLaterPages` (none on page 1, per NĐ 30)."""
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont(pdf_fonts().regular, SIZES["page"].used)
    width, height = doc.pagesize
    canvas.drawCentredString(width / 2, height - PAGE_NUMBER_FROM_TOP_MM * mm, str(doc.page))
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
