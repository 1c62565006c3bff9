"""Certificates (Giấy khen, Bằng khen): on plain A4 with a frame, or onto a pre-printed blank.

A layout names where each field is printed, in millimetres from the sheet's
top-left corner, with the printer's offset (dx, dy) added to every field: a
pre-printed blank carries the heading, the title and the frame, so only the
fields are printed; the "a4" layout draws everything itself, with a double
frame. Layouts are data: the built-in ones below, and the officer's own
saved in the `settings` table (key "award_blank_layouts"), where the offsets
found with the calibration page are kept per printer (`save_offset`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.export.state_format import (
    MOTTO_1,
    MOTTO_2,
    Letterhead,
    pdf_canvas_maker,
    pdf_fonts,
    place_date_line,
    text_width_pt,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import awards_service as svc

SETTINGS_KEY = "award_blank_layouts"
MAX_OFFSET_MM = 30


@dataclass(frozen=True)
class Field:
    """Where one field prints: centre x and baseline y (mm from the top-left), size, bold, width."""

    x: float
    y: float
    size: float
    bold: bool = False
    italic: bool = False
    width: float = 200  # longer text is made smaller to fit


@dataclass(frozen=True)
class Layout:
    """A certificate layout; `blank` layouts print the fields only."""

    code: str
    name: str
    page_mm: tuple[float, float]  # (width, height): A4 landscape is (297, 210)
    fields: dict
    blank: bool
    offset: tuple[float, float] = (0.0, 0.0)


_A4_FIELDS = {
    "motto1": Field(148.5, 30, 13, bold=True), "motto2": Field(148.5, 36, 14, bold=True),
    "upper": Field(148.5, 50, 14, bold=True, width=230), "issuer": Field(148.5, 58, 14, bold=True),
    "title": Field(148.5, 75, 32, bold=True), "awardee": Field(148.5, 92, 22, bold=True, width=230),
    "detail": Field(148.5, 102, 14, italic=True, width=230), "achievement": Field(148.5, 115, 15, width=230),
    "decision": Field(148.5, 126, 13, italic=True, width=230), "date": Field(200, 146, 13, italic=True),
    "sign_title": Field(200, 155, 14, bold=True), "sign_name": Field(200, 186, 14, bold=True),
}
BUILT_IN = {
    "a4": Layout("a4", "A4 ngang, giấy trắng có khung", (297, 210), _A4_FIELDS, blank=False),
    "giay_khen": Layout("giay_khen", "Phôi Giấy khen in sẵn (A4 ngang)", (297, 210), {
        "awardee": Field(148.5, 96, 22, bold=True, width=220), "detail": Field(148.5, 107, 14, italic=True,
                                                                               width=220),
        "achievement": Field(148.5, 121, 15, width=220), "decision": Field(148.5, 134, 13, italic=True, width=220),
        "date": Field(205, 150, 13, italic=True), "sign_name": Field(205, 188, 14, bold=True),
    }, blank=True),
}


@dataclass(frozen=True)
class Certificate:
    """The texts of one certificate."""

    upper: str
    issuer: str
    title: str
    awardee: str
    detail: str
    achievement: str
    decision: str
    date: str
    sign_title: str
    sign_name: str


def certificates(db: Database, rnd: svc.Round) -> list[Certificate]:
    """One certificate per approved proposal, in the decision's order."""
    approved = svc.proposals(db, rnd, state="approved")
    if not approved:
        raise ValidationError("Đợt này chưa có đề nghị nào được khen thưởng để in giấy khen.")
    upper, place = svc.issuer_name(db, rnd)
    body = upper.removeprefix("UBND ").strip()
    forms = svc.form_set_of(db, rnd)
    # The state format's own date line (NĐ 30: a leading 0 only for days < 10 and months < 3).
    date = place_date_line(Letterhead("", "", "", place, rnd.decision_date, rnd.year))
    out = []
    for p in approved:
        form = forms.form(p.form_code)
        title = (form.certificate if form and form.certificate else p.form_name).upper()
        detail = ", ".join(t for t in (p.position, p.workplace) if t) if p.kind == "person" else p.unit
        name = (("Ông " if p.sex == "Nam" else "Bà " if p.sex == "Nữ" else "") + p.name) if p.kind == "person" \
            else p.name
        out.append(Certificate(
            upper=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {body}", issuer="TẶNG", title=title, awardee=name, detail=detail,
            achievement=f"Đã có thành tích xuất sắc trong {rnd.name[:1].lower() + rnd.name[1:]}",
            decision=f"Quyết định số {rnd.decision_number or '...'}", date=date, sign_title="CHỦ TỊCH",
            sign_name=rnd.signer_name))
    return scrub(out)


# --- layouts ------------------------------------------------------------------

def _saved(db: Database) -> dict:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTINGS_KEY]).fetchone()
    try:
        return json.loads(row[0]) if row else {}
    except ValueError:
        return {}


def layout_for(db: Database, code: str) -> Layout:
    """The layout `code` with the offset saved for it; NotFoundError names the known ones."""
    base = BUILT_IN.get(code)
    if base is None:
        raise NotFoundError(f"Không có mẫu in giấy khen “{code}” (có: {', '.join(BUILT_IN)}).")
    offset = _saved(db).get(code, {}).get("offset", [0, 0])
    return replace(base, offset=(float(offset[0]), float(offset[1])))


def save_offset(db: Database, code: str, dx: float, dy: float) -> Layout:
    """Keep the printer's offset for a layout (found with the calibration page), bounded."""
    if code not in BUILT_IN:
        raise ValidationError(f"Không có mẫu in giấy khen “{code}”.")
    for value in (dx, dy):
        if not -MAX_OFFSET_MM <= float(value) <= MAX_OFFSET_MM:
            raise ValidationError(f"Độ lệch {value} mm quá lớn; chỉ chỉnh trong khoảng ±{MAX_OFFSET_MM} mm.")
    saved = _saved(db)
    saved.setdefault(code, {})["offset"] = [round(float(dx), 1), round(float(dy), 1)]
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                   "excluded.value", [SETTINGS_KEY, json.dumps(saved)])
    return layout_for(db, code)


def field_positions(layout: Layout) -> dict[str, tuple[float, float]]:
    """Where each field prints on the sheet (mm from the top-left), the offset applied."""
    dx, dy = layout.offset
    return {name: (f.x + dx, f.y + dy) for name, f in layout.fields.items()}


# --- PDF ----------------------------------------------------------------------

def _fit(text: str, f: Field) -> float:
    from reportlab.lib.units import mm

    size = f.size
    # Smaller until it fits the field's width, but never under 13 pt (body size).
    while size > 13 and text_width_pt(text, size, f.bold) > f.width * mm:
        size -= 0.5
    return size


def _font(f: Field) -> str:
    fonts = pdf_fonts()
    return {(False, False): fonts.regular, (True, False): fonts.bold, (False, True): fonts.italic,
            (True, True): fonts.bold_italic}[(f.bold, f.italic)]


def _draw(canvas, layout: Layout, name: str, text: str) -> None:
    from reportlab.lib.units import mm

    f = layout.fields.get(name)
    if f is None or not text:
        return
    x, y = field_positions(layout)[name]
    canvas.setFont(_font(f), _fit(text, f))
    canvas.drawCentredString(x * mm, (layout.page_mm[1] - y) * mm, text)


def _frame(canvas, layout: Layout) -> None:
    from reportlab.lib.units import mm

    w, h = layout.page_mm
    canvas.setLineWidth(2.2)
    canvas.rect(12 * mm, 12 * mm, (w - 24) * mm, (h - 24) * mm)
    canvas.setLineWidth(0.7)
    canvas.rect(16 * mm, 16 * mm, (w - 32) * mm, (h - 32) * mm)


def _a4_heading(canvas, layout: Layout, cert: Certificate) -> None:
    """The plain-A4 certificate's own heading: national name, motto and its rule, issuer, title."""
    from reportlab.lib.units import mm

    _draw(canvas, layout, "motto1", MOTTO_1)
    _draw(canvas, layout, "motto2", MOTTO_2)
    x, y = field_positions(layout)["motto2"]
    half = text_width_pt(MOTTO_2, layout.fields["motto2"].size, True) / 2
    canvas.setLineWidth(0.6)
    canvas.line(x * mm - half, (layout.page_mm[1] - y - 1.8) * mm, x * mm + half, (layout.page_mm[1] - y - 1.8) * mm)
    for name in ("upper", "issuer", "title", "sign_title"):
        _draw(canvas, layout, name, getattr(cert, name))


def write_pdf(certs: list[Certificate], layout: Layout, path: str | Path) -> Path:
    """One certificate per sheet, on the layout's page."""
    from reportlab.lib.units import mm

    path = Path(path)
    w, h = layout.page_mm
    with atomic_output(path) as tmp:
        canvas = pdf_canvas_maker()(str(tmp), pagesize=(w * mm, h * mm))
        canvas.setTitle("Giấy khen")
        canvas.setAuthor("Thi đua Desktop")
        for cert in certs:
            if not layout.blank:
                _frame(canvas, layout)
                _a4_heading(canvas, layout, cert)
            for name in ("awardee", "detail", "achievement", "decision", "date", "sign_name"):
                _draw(canvas, layout, name, getattr(cert, name))
            canvas.showPage()
        canvas.save()
    return path


def write_calibration(layout: Layout, path: str | Path) -> Path:
    """A test sheet: a cross and the field's name at every field, a millimetre scale on two edges."""
    from reportlab.lib.units import mm

    path = Path(path)
    w, h = layout.page_mm
    with atomic_output(path) as tmp:
        canvas = pdf_canvas_maker()(str(tmp), pagesize=(w * mm, h * mm))
        canvas.setTitle(f"Canh chỉnh - {layout.name}")
        canvas.setLineWidth(0.3)
        for x in range(0, int(w) + 1, 5):  # scale along the top edge, every 5 mm, long tick each 10 mm
            canvas.line(x * mm, h * mm, x * mm, (h - (6 if x % 10 == 0 else 3)) * mm)
        for y in range(0, int(h) + 1, 5):
            canvas.line(0, (h - y) * mm, (6 if y % 10 == 0 else 3) * mm, (h - y) * mm)
        canvas.setFont(pdf_fonts().regular, 13)
        for name, (x, y) in field_positions(layout).items():
            canvas.line((x - 5) * mm, (h - y) * mm, (x + 5) * mm, (h - y) * mm)
            canvas.line(x * mm, (h - y - 5) * mm, x * mm, (h - y + 5) * mm)
            canvas.drawString((x + 2) * mm, (h - y + 1.5) * mm, f"{name} ({x:.0f}; {y:.0f} mm)")
        dx, dy = layout.offset
        canvas.drawCentredString(w / 2 * mm, (h - 16) * mm, f"{layout.name}: độ lệch hiện tại ngang {dx:+.1f} mm, "
                                 f"dọc {dy:+.1f} mm. Đặt phôi lên trang này, đo độ lệch, nhập vào Khen thưởng.")
        canvas.showPage()
        canvas.save()
    return path


# --- Word ---------------------------------------------------------------------

def write_docx(certs: list[Certificate], layout: Layout, path: str | Path) -> Path:
    """The same certificates in Word (A4 landscape, one per page), for the office to adjust."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    from thidua_desktop.export import state_format_docx as sfd

    path = Path(path)
    doc = sfd.docx_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(layout.page_mm[0]), Mm(layout.page_mm[1])
    for index, cert in enumerate(certs):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if not layout.blank:
            sfd.par(doc, MOTTO_1, bold=True)
            sfd.par(doc, MOTTO_2, bold=True, size=14, underline=True)
            sfd.par(doc, cert.upper, bold=True, size=14).paragraph_format.space_before = Pt(10)
            sfd.par(doc, cert.issuer, bold=True, size=14)
            sfd.par(doc, cert.title, bold=True, size=30)
        else:
            sfd.par(doc).paragraph_format.space_before = Pt(150)
        sfd.par(doc, cert.awardee, bold=True, size=22)
        sfd.par(doc, cert.detail, italic=True, size=14)
        sfd.par(doc, cert.achievement, size=15)
        sfd.par(doc, cert.decision, italic=True)
        for text, bold, italic in ((cert.date, False, True), (cert.sign_title if not layout.blank else "", True,
                                                               False)):
            paragraph = sfd.par(doc, text, bold=bold, italic=italic)
            paragraph.paragraph_format.left_indent = Mm(120)
        spacer = sfd.par(doc)
        spacer.paragraph_format.space_before = Pt(40)
        sfd.par(doc, cert.sign_name, bold=True, size=14).paragraph_format.left_indent = Mm(120)
    doc.core_properties.title = "Giấy khen"
    doc.core_properties.author = "Thi đua Desktop"
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(doc, path)
