"""Envelopes (DL, 220 x 110 mm) and address labels (2 x 7 on A4, 99.1 x 38.1 mm) for the invitations.

Each addressee is one letter of an InvitationSet — a delegate, a unit's
head or a guest — so the envelopes go with the letters in the same order.
Envelope: the sender (the organiser and "BAN TỔ CHỨC …") top left with the
invitation's number, "Kính gửi:" and the addressee in the right-hand block
(the space a window envelope or a post office reads). Labels: the common
2 x 7 sheet of 99.1 x 38.1 mm labels (A4, 15.15 mm top, 4.65 mm left
margins, 2.5 mm between the columns), the addressee centred on each.

Names are never cut: the badge rule (badge_pdf.fit) shrinks a line to its
smallest size, then breaks it into two balanced lines, each fitted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thidua_desktop.export.badge_pdf import draw_lines, fit, sheet_canvas
from thidua_desktop.export.invitation_content import InvitationSet
from thidua_desktop.fileio import atomic_output

ENVELOPE_MM = (220.0, 110.0)  # DL, landscape
# The addressee's block on the envelope: from this x to the right margin, from this y (from the top) down.
ENVELOPE_BLOCK_MM = (95.0, 48.0)
ENVELOPE_MARGIN_MM = 10.0
LABEL_MM = (99.1, 38.1)
LABEL_GRID = (2, 7)  # columns x rows on A4 portrait
LABEL_MARGINS_MM = (4.65, 15.15)  # left, top
LABEL_GAP_MM = 2.5  # between the columns; the rows touch
LABEL_PAD_MM = 4.0
NAME_PT = {"envelope": (16.0, 9.0), "label": (13.0, 7.0)}
DETAIL_PT = {"envelope": (12.0, 9.0), "label": (10.0, 8.0)}  # below: two lines rather than smaller


@dataclass(frozen=True)
class Addressee:
    """Who an envelope or label goes to."""

    name: str  # "Ông Nguyễn Văn An" / "Ủy ban nhân dân xã Tân Lợi"
    detail: str  # position and workplace, may be ""
    address: str  # may be ""


@dataclass(frozen=True)
class Mailing:
    """The sender and the addressees, plain data."""

    sender: tuple[str, ...]  # "UBND HUYỆN HỚN QUẢN", "BAN TỔ CHỨC ĐẠI HỘI"
    number: str  # "Số: 25/GM-BTC"
    addressees: tuple[Addressee, ...]


def mailing(inv: InvitationSet) -> Mailing:
    """One addressee per letter of the set, in its order."""
    lh = inv.letterhead
    people = tuple(Addressee(letter.to or letter.addressee, letter.addressee_detail, letter.address)
                   for letter in inv.letters)
    return Mailing(tuple(t for t in (lh.issuer_upper, lh.issuer) if t), lh.number, people)


def _block(a: Addressee, width: float, kind: str) -> list[tuple[list[tuple[str, float]], bool]]:
    """The addressee's lines, fitted to `width` points: (lines, bold) groups."""
    groups = [(fit(a.name, width, NAME_PT[kind], True), True)]
    for text in (a.detail, a.address):
        if text:
            groups.append((fit(text, width, DETAIL_PT[kind]), False))
    return groups


def _height(groups, gap: float) -> float:
    return sum(size * 1.18 for lines, _b in groups for _t, size in lines) + gap * (len(groups) - 1)


def envelope_block(a: Addressee) -> tuple[float, float, float]:
    """(left x, width, top y) of the addressee's block on an envelope, points from the lower left."""
    from reportlab.lib.units import mm

    x = ENVELOPE_BLOCK_MM[0] * mm
    return x, ENVELOPE_MM[0] * mm - ENVELOPE_MARGIN_MM * mm - x, (ENVELOPE_MM[1] - ENVELOPE_BLOCK_MM[1]) * mm


def draw_envelope(c, m: Mailing, a: Addressee) -> None:
    """One DL envelope on the current page."""
    from reportlab.lib.units import mm

    h = ENVELOPE_MM[1] * mm
    margin = ENVELOPE_MARGIN_MM * mm
    column = 80 * mm
    y = h - margin
    for index, text in enumerate(m.sender):
        y = draw_lines(c, fit(text, column, (11, 7), index == len(m.sender) - 1), margin + column / 2, y,
                       index == len(m.sender) - 1)
    if m.number:
        draw_lines(c, fit(m.number, column, (11, 7)), margin + column / 2, y - 2 * mm, False)
    x, width, top = envelope_block(a)
    y = draw_lines(c, [("Kính gửi:", 12.0)], x, top, False, left=True) - 2 * mm
    for lines, bold in _block(a, width, "envelope"):
        y = draw_lines(c, lines, x, y, bold, left=True) - 1.5 * mm


def write_envelopes_pdf(m: Mailing, path: str | Path) -> Path:
    """One envelope a page, DL 220 x 110 mm (printers take it fed short edge first)."""
    from reportlab.lib.units import mm

    path = Path(path)
    with atomic_output(path) as tmp:
        c = sheet_canvas(tmp, (ENVELOPE_MM[0] * mm, ENVELOPE_MM[1] * mm), "Phong bì giấy mời")
        for index, a in enumerate(m.addressees):
            if index:
                c.showPage()
            draw_envelope(c, m, a)
        c.save()
    return path


def label_positions() -> list[tuple[float, float]]:
    """Lower-left corners of the labels on an A4 page, top row first, left to right (points)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    cols, rows = LABEL_GRID
    w, h = LABEL_MM[0] * mm, LABEL_MM[1] * mm
    left, top = LABEL_MARGINS_MM[0] * mm, A4[1] - LABEL_MARGINS_MM[1] * mm
    return [(left + col * (w + LABEL_GAP_MM * mm), top - (row + 1) * h)
            for row in range(rows) for col in range(cols)]


def draw_label(c, a: Addressee, x: float, y: float) -> None:
    """One label with its lower-left corner at (x, y), the text centred both ways."""
    from reportlab.lib.units import mm

    w, h = LABEL_MM[0] * mm, LABEL_MM[1] * mm
    pad = LABEL_PAD_MM * mm
    groups = _block(a, w - 2 * pad, "label")
    top = y + h / 2 + _height(groups, 1 * mm) / 2
    for lines, bold in groups:
        top = draw_lines(c, lines, x + w / 2, top, bold) - 1 * mm


def write_labels_pdf(m: Mailing, path: str | Path, outlines: bool = False) -> Path:
    """Fourteen labels an A4 page; `outlines` draws each label's edge faintly (for a test print on plain paper)."""
    from reportlab.lib.colors import lightgrey
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    path = Path(path)
    spots = label_positions()
    with atomic_output(path) as tmp:
        c = sheet_canvas(tmp, A4, "Nhãn địa chỉ giấy mời")
        for index, a in enumerate(m.addressees):
            if index and index % len(spots) == 0:
                c.showPage()
            x, y = spots[index % len(spots)]
            if outlines:
                c.setStrokeColor(lightgrey)
                c.setLineWidth(0.25)
                c.roundRect(x, y, LABEL_MM[0] * mm, LABEL_MM[1] * mm, 2 * mm)
            draw_label(c, a, x, y)
        c.save()
    return path
