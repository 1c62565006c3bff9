"""The delegates of an event as the day's documents print them (plain data, no Qt).

One read gives invitations, badges, name cards and the seating list the same
people in the same order: delegation (unit) order as the roster prints it,
then protocol rank and name. Stored text passes through `scrub`, so a file
of an earlier release with stray control characters still prints.

Invitations go to everyone listed; what is printed for the hall (badges,
name cards, the seating plan and list) goes to who will come: `attending`
drops a delegate who declined and prints a substitute's name in the
delegate's place (the delegate's code and seat stay, so the badge scans).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.domain.unit_names import written_sql
from thidua_desktop.services.seating import guest_key, seat_label, seats


@dataclass(frozen=True)
class DayPerson:
    """One delegate with everything a day document may print."""

    delegate_id: int
    name: str
    sex: str
    position: str
    workplace: str
    unit: str
    category_code: str
    category: str  # the plan's label
    protocol_order: int
    badge_code: str
    seat: str  # "Hàng 3 - Ghế 12" or ""
    row: int | None
    seat_number: int | None
    presidium: bool
    invitation: str
    substitute_name: str
    unit_id: int | None = None
    address: str = ""  # where the unit is: "Xã Tân Lợi, huyện Hớn Quản" (labels, envelopes); see day_people

    @property
    def salutation(self) -> str:
        """"Ông" / "Bà" / "Ông (Bà)" when the sex is not known."""
        return {"Nam": "Ông", "Nữ": "Bà"}.get(self.sex, "Ông (Bà)")


_SQL = """
SELECT d.id, p.full_name, COALESCE(p.sex, ''), p.position, p.workplace,
       COALESCE({unit}, ''),
       COALESCE(NULLIF(d.category_code, ''), d.category), COALESCE(c.label, d.category),
       COALESCE(c.protocol_order, 99), x.badge_code, s.row, s.seat, d.presidium,
       x.invitation, x.substitute_name, d.unit_id, d.category IN ('leader', 'guest') AND d.unit_id = e.unit_id,
       COALESCE((SELECT lower(pk.name) || ' ' || pu.name FROM units pu JOIN unit_kinds pk
                 ON pk.code = pu.kind WHERE pu.id = u.parent_id), '')
FROM delegates d JOIN persons p ON p.id = d.person_id
JOIN events e ON e.id = d.event_id
JOIN delegate_event_day x ON x.delegate_id = d.id
LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN unit_kinds k ON k.code = u.kind
LEFT JOIN delegate_categories c ON c.plan_id = e.plan_id
     AND c.code = COALESCE(NULLIF(d.category_code, ''), d.category)
LEFT JOIN seat_assignments s ON s.delegate_id = d.id
WHERE d.event_id = ? {extra}
ORDER BY COALESCE(u.position, 1e9), u.id, d.protocol_rank, d.sort_key, d.id
"""


def day_people(db: Database, event_id: int, delegate_ids: list[int] | None = None,
               attending: bool = False) -> list[DayPerson]:
    """The event's delegates (or those listed), in delegation then name order; with `attending`,
    those who will be in the hall: no one who declined, a substitute under their own name.

    The address is the delegation's place, except for a leader or guest entered under the host
    whose office names a body above the event (`agenda_roles.upper_office`: "Sở Nội vụ tỉnh Bình
    Phước" at a district congress): the letter goes to that agency, their workplace, not the host."""
    from thidua_desktop.services.agenda_roles import upper_office

    names_upper = None
    extra, params = "", [event_id]
    if attending:
        extra = "AND x.invitation != 'declined' "
    if delegate_ids is not None:
        extra += f"AND d.id IN ({','.join('?' * len(delegate_ids))})"
        params += list(delegate_ids)
    out = []
    for row in db.execute(_SQL.format(extra=extra, unit=written_sql()), params):
        (did, name, sex, position, workplace, unit, code, label, order, badge, srow, sseat,
         presidium, invitation, substitute, unit_id, hosts_guest, parent) = row
        place = (srow, sseat) if srow else None
        address = ", ".join(t for t in (unit, parent) if t)
        if hosts_guest and workplace.strip():
            names_upper = names_upper or upper_office(db, event_id)  # read once, only when needed
            if names_upper(workplace, position):
                address = workplace
        if attending and invitation == "substitute" and substitute.strip():
            # The substitute's sex and position are not known: none is printed rather than the delegate's.
            name, sex, position, workplace = substitute, "", "", ""
        out.append(DayPerson(did, name, sex, position, workplace, unit, code, label, order, badge,
                             seat_label(place), srow, sseat, bool(presidium), invitation, substitute,
                             unit_id, address))
    return scrub(out)


def guest_people(db: Database, event_id: int) -> list[DayPerson]:
    """The event's guest list (event_guests) as the hall's cards and plan print them: first, in list
    order, under "Khách mời", the position and agency as the detail, with their seat (guest_seats).
    A guest has no badge code, so guests go on name cards, not on badges; their id is
    `seating.guest_key` (negative)."""
    from thidua_desktop.services.event_guests import guests

    placed = seats(db, event_id)
    out = []
    for g in guests(db, event_id):
        place = placed.get(guest_key(g.id))
        out.append(DayPerson(guest_key(g.id), g.full_name, "", g.detail, "", g.agency, "guest", "Khách mời", 0,
                             "", seat_label(place), *(place or (None, None)), False, "invited", ""))
    return scrub(out)
