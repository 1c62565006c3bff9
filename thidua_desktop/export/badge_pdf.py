"""Badges (thẻ đại biểu) several per A4, and table name cards (biển tên), as PDF.

Badge: 90 x 65 mm, eight to an A4 sheet (2 x 4) with crop-friendly gaps; a
colour band on top names the category (or the delegation) in white or black
(whichever reads on the band: `ink`), the
event's name under it, the name in bold, the fields the officer chose
(position, delegation, category, seat), and a QR code holding the badge
code with the code printed under it, so the door's scanner and a person
both read it.

Names are never cut: a text is set at the largest size up to its maximum
that fits the width; one that does not fit at the smallest size is broken
into two lines at the word that balances them best (each line then fitted
again). Name card: A4 (or A5) landscape folded along its long middle, the
name on both halves (the upper one upside down) so it reads from either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.export.state_format import pdf_canvas_maker, pdf_fonts, text_width_pt
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import repository
from thidua_desktop.services.event_day_people import DayPerson, day_people, guest_people

FIELDS = {"position": "Chức vụ", "unit": "Đoàn", "category": "Thành phần", "seat": "Chỗ ngồi"}
DEFAULT_FIELDS = ("position", "unit", "seat")
BADGE_MM = (90.0, 65.0)
GRID = (2, 4)  # columns x rows on A4 portrait
NAME_PT = (18.0, 9.0)  # largest and smallest size of the name
FIELD_PT = (10.0, 6.5)
CARD_NAME_PT = (66.0, 20.0)
# Group colours (badge bands, seats, legends): 12 dark hues (white text) then 12 light ones (black
# text), each at least ΔE 16 (CIE76) from every other, so no two groups in a 24 look alike.
PALETTE = ("#B71C1C", "#E65100", "#827717", "#2E7D32", "#00695C", "#1565C0", "#283593", "#6A1B9A",
           "#AD1457", "#5D4037", "#455A64", "#212121",
           "#FDD835", "#9CCC65", "#4DD0E1", "#90CAF9", "#F48FB1", "#CE93D8", "#FFB74D", "#EF9A9A",
           "#80CBC4", "#E0E0E0", "#BCAAA4", "#D4E157")


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of "#RRGGBB"."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(colour: str) -> str:
    """"#000000" or "#FFFFFF", whichever contrasts more with `colour` (text on a band or a seat)."""
    lum = luminance(colour)
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#FFFFFF"


def palette_colours(keys) -> dict[str, str]:
    """One colour per key in the order given (protocol order), the palette repeating past its end."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(dict.fromkeys(keys))}


@dataclass(frozen=True)
class BadgeSheet:
    """What badges and name cards print: the event and its people, plain data."""

    event_name: str
    people: tuple[DayPerson, ...]
    colour_by: str = "category"  # or "unit"
    fields: tuple[str, ...] = DEFAULT_FIELDS
    colours: dict[str, str] = field(default_factory=dict)  # band key -> colour

    def band(self, p: DayPerson) -> tuple[str, str]:
        """(text, colour) of a person's band."""
        key = p.category if self.colour_by == "category" else (p.unit or "Đại biểu")
        return key, self.colours.get(key, PALETTE[0])


def badge_sheet(db: Database, event_id: int, fields: tuple[str, ...] = DEFAULT_FIELDS,
                colour_by: str = "category", guests: bool = False) -> BadgeSheet:
    """The event's people who come with a colour for each category (protocol order) or delegation;
    with `guests` (name cards), the guest list first."""
    people = tuple((guest_people(db, event_id) if guests else []) + day_people(db, event_id, attending=True))
    if colour_by == "category":
        keys = [p.category for p in sorted(people, key=lambda p: p.protocol_order)]
    else:
        keys = [p.unit or "Đại biểu" for p in people]
    colours = palette_colours(keys)
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        from thidua_desktop.errors import UserError

        raise UserError(f"Trường không có trên thẻ: {', '.join(unknown)}; chọn trong: {', '.join(FIELDS)}.")
    return BadgeSheet(" ".join(repository.event(db, event_id).name.split()), people, colour_by,
                      tuple(fields), colours)


def fit(text: str, width: float, sizes: tuple[float, float], bold: bool = False) -> list[tuple[str, float]]:
    """Lines and sizes that print `text` whole within `width` points (never cut)."""
    high, low = sizes
    size = high
    while size > low and text_width_pt(text, size, bold) > width:
        size -= 0.5
    if text_width_pt(text, size, bold) <= width:
        return [(text, size)]
    if " " not in text:  # one word wider than the badge at the smallest size: smaller still
        return [(text, width / text_width_pt(text, 1, bold))]
    words = text.split()
    best = min(range(1, len(words)), key=lambda i: max(text_width_pt(" ".join(words[:i]), 1, bold),
                                                       text_width_pt(" ".join(words[i:]), 1, bold)))
    lines = [" ".join(words[:best]), " ".join(words[best:])]
    size = min(high, min(width / text_width_pt(line, 1, bold) for line in lines))
    return [(line, size) for line in lines]


def draw_lines(c, lines, x_mid: float, top: float, bold: bool, leading: float = 1.18,
               left: bool = False) -> float:
    """Lines centred on `x_mid` (or starting at it, `left`) from `top` down; returns the y under them."""
    f = pdf_fonts()
    y = top
    for text, size in lines:
        y -= size
        c.setFont(f.bold if bold else f.regular, size)
        (c.drawString if left else c.drawCentredString)(x_mid, y, text)
        y -= size * (leading - 1)
    return y


def _qr(c, code: str, x: float, y: float, side: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(code, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def draw_badge(c, sheet: BadgeSheet, p: DayPerson, x: float, y: float) -> None:
    """One badge with its lower-left corner at (x, y) points."""
    from reportlab.lib.colors import HexColor, black
    from reportlab.lib.units import mm

    w, h = BADGE_MM[0] * mm, BADGE_MM[1] * mm
    pad = 3 * mm
    c.setStrokeColor(black)
    c.setLineWidth(0.4)
    c.rect(x, y, w, h)
    band_text, colour = sheet.band(p)
    band_h = 11 * mm
    c.setFillColor(HexColor(colour))
    c.rect(x, y + h - band_h, w, band_h, stroke=0, fill=1)
    c.setFillColor(HexColor(ink(colour)))
    draw_lines(c, fit(f"ĐẠI BIỂU - {band_text.upper()}", w - 2 * pad, (12, 6), True),
                x + w / 2, y + h - 3 * mm, True)
    c.setFillColor(black)
    below = draw_lines(c, fit(sheet.event_name, w - 2 * pad, (7.5, 5.5)), x + w / 2,
                        y + h - band_h - 1.5 * mm, False)
    qr_side = 21 * mm
    text_w = w - 3 * pad - qr_side
    mid = x + pad + text_w / 2
    below = draw_lines(c, fit(p.name, text_w, NAME_PT, True), mid, below - 2.5 * mm, True)
    values = {"position": p.position, "unit": p.unit, "category": p.category, "seat": p.seat}
    for key in sheet.fields:
        if values.get(key):
            text = values[key] if key in ("position", "unit") else f"{FIELDS[key]}: {values[key]}"
            below = draw_lines(c, fit(text, text_w, FIELD_PT, key == "seat"), mid, below - 1.2 * mm,
                                key == "seat")
    qx, qy = x + w - pad - qr_side, y + pad + 3 * mm
    _qr(c, p.badge_code, qx, qy, qr_side)
    c.setFont(pdf_fonts().bold, 8)
    c.drawCentredString(qx + qr_side / 2, y + pad, p.badge_code)


def sheet_canvas(path: Path, pagesize: tuple[float, float], title: str):
    """A canvas of `pagesize` points in our fonts, titled, for drawn sheets (badges, cards, envelopes)."""
    c = pdf_canvas_maker()(str(path), pagesize=pagesize)
    c.setTitle(title)
    c.setAuthor("Thi đua Desktop")
    return c


def badge_positions() -> list[tuple[float, float]]:
    """Lower-left corners of the badges on an A4 page, top row first (points)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    cols, rows = GRID
    gap = 4 * mm
    w, h = BADGE_MM[0] * mm, BADGE_MM[1] * mm
    left = (A4[0] - cols * w - (cols - 1) * gap) / 2
    bottom = (A4[1] - rows * h - (rows - 1) * gap) / 2
    return [(left + col * (w + gap), bottom + (rows - 1 - row) * (h + gap))
            for row in range(rows) for col in range(cols)]


def write_badges_pdf(sheet: BadgeSheet, path: str | Path) -> Path:
    """Badges, eight per A4 page."""
    from reportlab.lib.pagesizes import A4

    path = Path(path)
    spots = badge_positions()
    with atomic_output(path) as tmp:
        c = sheet_canvas(tmp, A4, f"Thẻ đại biểu - {sheet.event_name}")
        for index, person in enumerate(sheet.people):
            if index and index % len(spots) == 0:
                c.showPage()
            draw_badge(c, sheet, person, *spots[index % len(spots)])
        c.save()
    return path


def write_cards_pdf(sheet: BadgeSheet, path: str | Path, a5: bool = False) -> Path:
    """Name cards: one A4 (or A5, `a5`) landscape sheet a person, folded in two along the long middle.

    An A5 card is the A4 one at 1/√2: every size and margin scales with the sheet, so the largest
    name is 66 pt on A4 and about 47 pt on A5, still shrunk (never cut) to fit.
    """
    from reportlab.lib.pagesizes import A4, A5, landscape
    from reportlab.lib.units import mm

    path = Path(path)
    width, height = landscape(A5 if a5 else A4)
    k = width / landscape(A4)[0]
    half = height / 2
    name_pt = (CARD_NAME_PT[0] * k, CARD_NAME_PT[1] * k)
    with atomic_output(path) as tmp:
        c = sheet_canvas(tmp, (width, height), f"Biển tên - {sheet.event_name}")
        for index, p in enumerate(sheet.people):
            if index:
                c.showPage()
            c.setDash(3, 3)
            c.setLineWidth(0.3)
            c.line(10 * mm * k, half, width - 10 * mm * k, half)  # the fold
            c.setDash()
            for flipped in (False, True):
                c.saveState()
                if flipped:  # the half that faces the other way once folded
                    c.translate(width, height)
                    c.rotate(180)
                lines = fit(p.name, width - 30 * mm * k, name_pt, True)
                block = sum(size * 1.18 for _t, size in lines)
                detail = fit(p.position or p.unit, width - 40 * mm * k, (22 * k, 12 * k)) \
                    if (p.position or p.unit) else []
                block += sum(size * 1.18 for _t, size in detail) + 4 * mm * k
                top = half / 2 + block / 2
                below = draw_lines(c, lines, width / 2, top, True)
                draw_lines(c, detail, width / 2, below - 4 * mm * k, False)
                if p.seat:  # small, by the table's edge: where the usher and the person look for it
                    draw_lines(c, fit(p.seat, width - 40 * mm * k, (12 * k, 9 * k)), width / 2, 16 * mm * k, False)
                c.restoreState()
        c.save()
    return path
