"""Certificates (Giấy khen, Bằng khen): on plain A4 with a frame, or onto a pre-printed blank.

The texts of each certificate come from the round (`certificates`); where
they print comes from a layout (export/certificate_layouts.py: the field
positions of each blank and the offset saved for each printer, added to
every field). A pre-printed blank carries the heading, the title and the
frame, so only the fields are printed; the "a4" layout draws everything
itself, with a double frame. The calibration page marks every field with a
cross, to measure the offset a printer needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.errors import UserError, ValidationError
from thidua_desktop.export.certificate_layouts import (  # noqa: F401 - the layouts' names, used from here too
    BUILT_IN,
    FIELD_LABELS,
    MAX_OFFSET_MM,
    SETTINGS_KEY,
    Field,
    Layout,
    field_positions,
    forget_offset,
    layout_for,
    printer_name,
    save_offset,
    saved_offsets,
)
from thidua_desktop.export.state_format import (
    MOTTO_1,
    MOTTO_2,
    Letterhead,
    pdf_canvas_maker,
    pdf_fonts,
    place_date_line,
    state_date,
    text_width_pt,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import awards_service as svc


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
    blank: str = ""  # the pre-printed blank its form is given on ("Giấy khen", "Bằng khen"; "" none)


def _blank_kinds(db: Database, rnd: svc.Round) -> set[str]:
    """The blanks ("Giấy khen", "Bằng khen") the round's approved awards are given on; with none approved yet,
    those of the forms in force for the round."""
    forms = svc.form_set_of(db, rnd)
    codes = {p.form_code for p in svc.proposals(db, rnd, state="approved")}
    chosen = [f for f in forms.forms if f.code in codes] if codes else list(forms.forms)
    return {f.certificate for f in chosen if f.certificate}


def fitting_layouts(db: Database, rnd: svc.Round) -> tuple[str, ...]:
    """The layouts the round's certificates may be printed with: plain A4 always, a blank only when one of
    the round's forms is given on it (a Giấy khen blank for Giấy khen, a Bằng khen blank for Bằng khen)."""
    kinds = _blank_kinds(db, rnd)
    return tuple(code for code, layout in BUILT_IN.items() if not layout.blank or layout.title in kinds)


def certificates(db: Database, rnd: svc.Round, layout: Layout | None = None) -> list[Certificate]:
    """One certificate per approved proposal, in the decision's order; on a blank `layout` only those whose
    form is given on that blank, UserError (a sentence) when none is."""
    approved = svc.proposals(db, rnd, state="approved")
    if not approved:
        raise ValidationError("Đợt này chưa có đề nghị nào được khen thưởng để in giấy khen.")
    out = _all_certificates(db, rnd, approved)
    if layout is None or not layout.blank:
        return out
    fits = [c for c in out if c.blank == layout.title]
    if not fits:
        kinds = sorted({c.blank for c in out if c.blank})
        given = (" (khen thưởng của đợt in trên phôi " + " và ".join(kinds) + ")") if kinds else ""
        raise UserError(f"“{layout.name}” chỉ dùng cho {layout.title.lower()}; đợt “{rnd.name}” không có "
                        f"{layout.title.lower()} nào{given}. Hãy chọn phôi phù hợp hoặc in trên A4 có khung.")
    return fits


def _all_certificates(db: Database, rnd: svc.Round, approved: list) -> list[Certificate]:
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
            decision=_decision_line(rnd), date=date, sign_title="CHỦ TỊCH",
            sign_name=rnd.signer_name, blank=form.certificate if form else ""))
    return scrub(out)


def _decision_line(rnd: svc.Round) -> str:
    """"Quyết định số 125/QĐ-UBND ngày 10/6/2025": the number and its date as the state format cites them."""
    number = f"Quyết định số {rnd.decision_number or '...'}"
    return f"{number} ngày {state_date(rnd.decision_date)}" if rnd.decision_date else number


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
        canvas.setTitle(layout.title)
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
            canvas.drawString((x + 2) * mm, (h - y + 1.5) * mm, f"{FIELD_LABELS.get(name, name)} ({x:g}; {y:g} mm)")
        dx, dy = layout.offset
        printer = f"máy in “{layout.printer}”" if layout.printer else "độ lệch chung (không theo máy in)"
        canvas.drawCentredString(w / 2 * mm, (h - 16) * mm, f"{layout.name} - {printer}: độ lệch hiện tại ngang "
                                 f"{dx:+.1f} mm, dọc {dy:+.1f} mm.")
        canvas.drawCentredString(w / 2 * mm, (h - 23) * mm, "In trang này lên giấy trắng, đặt phôi lên trên, "
                                 "đo khoảng lệch của dấu chữ thập rồi nhập vào hộp In giấy khen.")
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
    doc.core_properties.title = layout.title
    doc.core_properties.author = "Thi đua Desktop"
    from thidua_desktop.export.award_docx import save_atomic

    return save_atomic(doc, path)
