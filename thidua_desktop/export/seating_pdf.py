"""The seating plan (sơ đồ chỗ ngồi) and the seat list, as one PDF (A4 landscape).

Page 1: the hall seen from the back, the stage on top, row 1 nearest to it;
each seat a box with its number and the seated delegate's given name (the
name a hall steward calls), coloured by delegation or category (the guests
of the guest list as "Khách mời"); reserved rows labelled; aisles as gaps
between blocks. Then the list of delegates and guests in Vietnamese name
order with their row and seat, for the ushers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from sqlite_utils import Database

from thidua_desktop.domain.names import given_name, sort_key
from thidua_desktop.export.badge_pdf import PALETTE, fit, ink, palette_colours
from thidua_desktop.export.state_format import (
    pdf_document,
    pdf_fonts,
    pdf_page_number,
    pdf_styles,
    pdf_table_chunks,
    usable_width_mm,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import repository, seating
from thidua_desktop.services.event_day_people import DayPerson, day_people, guest_people

NBSP = "\u00a0"
LIST_HEAD = ("STT", "Họ và tên", "Đơn vị", "Thành phần", "Hàng", "Ghế")


@dataclass(frozen=True)
class SeatingPlan:
    """The hall, who sits where, and the colours of the groups (plain data); a group is the
    delegation (`by` 'unit') or the category ('category')."""

    event_name: str
    hall: seating.Hall
    people: tuple[DayPerson, ...]
    colours: dict[str, str]
    by: str = "unit"

    def group(self, person: DayPerson) -> str:
        """The delegation or category `person` is coloured by (a guest of the guest list: "Khách mời")."""
        return person.category if self.by == "category" or person.delegate_id < 0 else person.unit

    def at(self) -> dict[tuple[int, int], DayPerson]:
        """{(row, seat): person}."""
        return {(p.row, p.seat_number): p for p in self.people if p.row}


def seating_plan(db: Database, event_id: int, by: str = "unit") -> SeatingPlan:
    """The event's hall and seated people; a colour per delegation (or category, protocol order)."""
    delegates = day_people(db, event_id, attending=True)
    ordered = sorted(delegates, key=lambda p: (p.protocol_order, p.category)) if by == "category" else delegates
    guests = guest_people(db, event_id)  # in the hall too, coloured as "Khách mời" (after the delegations)
    groups = dict.fromkeys([p.category if by == "category" else p.unit for p in ordered]
                           + [p.category for p in guests])
    colours = palette_colours(groups)
    return SeatingPlan(" ".join(repository.event(db, event_id).name.split()), seating.hall(db, event_id),
                       tuple(guests + delegates), colours, by)


def _plan_flowable(plan: SeatingPlan, width: float, height: float):
    from reportlab.lib.colors import HexColor, black
    from reportlab.platypus import Flowable

    hall = plan.hall
    gaps = len(hall.blocks()) - 1
    label_w = 62.0
    seat_w = (width - label_w - gaps * 10) / hall.seats
    seat_h = min(28.0, (height - 40) / hall.rows)
    seated = plan.at()
    f = pdf_fonts()

    class _Plan(Flowable):
        def wrap(self, *_args):
            return width, 40 + hall.rows * seat_h

        def draw(self):
            c = self.canv
            top = 40 + hall.rows * seat_h
            c.setLineWidth(0.6)
            c.rect(label_w + width * 0.2, top - 22, width * 0.6 - label_w, 18)
            c.setFont(f.bold, 11)
            c.drawCentredString(label_w + width * 0.5 - label_w / 2, top - 17, "SÂN KHẤU")
            for row in range(1, hall.rows + 1):
                y = top - 40 - row * seat_h
                c.setFillColor(black)
                c.setFont(f.bold, 7)
                # The label whole within the label column: smaller, then on two lines (`fit`),
                # the block of lines centred on the row.
                reserved = fit(hall.row_label(row), label_w - 4, (6, 5)) if hall.row_label(row) else []
                first = y + seat_h / 2 - 2 + len(reserved) * 3.5
                c.drawString(0, first, f"Hàng {row}")
                for index, (line, size) in enumerate(reserved):
                    c.setFont(f.italic, size)
                    c.drawString(0, first - 7 - index * 6, line)
                x = label_w
                for block_index, (first, last) in enumerate(hall.blocks()):
                    if block_index:
                        x += 10
                    for seat in range(first, last + 1):
                        person = seated.get((row, seat))
                        fill = plan.colours.get(plan.group(person), PALETTE[0]) if person is not None else ""
                        if fill:
                            c.setFillColor(HexColor(fill))
                        c.setStrokeColor(black)
                        c.rect(x + 0.6, y + 0.6, seat_w - 1.2, seat_h - 1.2, stroke=1, fill=bool(fill))
                        c.setFillColor(HexColor(ink(fill)) if fill else black)  # black or white, whichever reads
                        c.setFont(f.regular, 5.5)
                        c.drawCentredString(x + seat_w / 2, y + seat_h - 7, str(seat))
                        if person is not None:
                            (text, size), *_ = fit(given_name(person.name), seat_w - 2, (7, 3.5), True)
                            c.setFont(f.bold, size)
                            c.drawCentredString(x + seat_w / 2, y + 4, text)
                        x += seat_w
            c.setFillColor(black)

    return _Plan()


def _legend(plan: SeatingPlan, styles: dict) -> list:
    from reportlab.platypus import Paragraph

    seated = {plan.group(p) for p in plan.people if p.row}
    used = [g for g in plan.colours if g in seated]  # the colours' (protocol) order, as in the window
    # No-break spaces inside an entry: a line breaks only between entries, never inside a name.
    names = {u: escape(u or "Chưa rõ đơn vị").replace(" ", NBSP) for u in used}
    parts = [f'<font color="{plan.colours[u]}">■</font>{NBSP}{names[u]}' for u in used]
    return [Paragraph("; ".join(parts), styles["plain"])] if parts else []


def write_seating_pdf(plan: SeatingPlan, path: str | Path) -> Path:
    """The plan (page 1) and the seat list (following pages)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    path = Path(path)
    s = pdf_styles()
    width = usable_width_mm(landscape=True) * mm
    story = [Paragraph("SƠ ĐỒ CHỖ NGỒI", s["title"]), Paragraph(escape(plan.event_name), s["subtitle"]),
             _plan_flowable(plan, width, 120 * mm), Spacer(1, 3 * mm), *_legend(plan, s)]
    seated = sorted((p for p in plan.people if p.row), key=lambda p: sort_key(p.name))
    unseated = [p for p in plan.people if not p.row]
    rows = [[Paragraph(h, s["cell_bold"]) for h in LIST_HEAD]]
    for number, p in enumerate(seated + unseated, start=1):
        rows.append([Paragraph(str(number), s["cell_center"]), Paragraph(escape(p.name), s["cell"]),
                     Paragraph(escape(p.unit), s["cell"]), Paragraph(escape(p.category), s["cell"]),
                     Paragraph(str(p.row or ""), s["cell_center"]),
                     Paragraph(str(p.seat_number or "chưa xếp"), s["cell_center"])])
    widths = [14 * mm, 70 * mm, 70 * mm, 0, 18 * mm, 24 * mm]
    widths[3] = width - sum(widths)
    story += [PageBreak(), Paragraph("DANH SÁCH CHỖ NGỒI", s["title"]), Spacer(1, 3 * mm)]
    story += pdf_table_chunks(rows, widths, style=[("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    with atomic_output(path) as tmp:
        doc = pdf_document(tmp, landscape=True, title=f"Sơ đồ chỗ ngồi - {plan.event_name}")
        doc.build(story, onLaterPages=pdf_page_number)
    return path
