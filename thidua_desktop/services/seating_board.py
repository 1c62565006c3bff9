"""What the seating window shows and the single edits it makes, as plain data. No Qt.

The board is the hall, every delegate of the event with the group they are
coloured by (delegation or category), the guests of the guest list (keyed by
`seating.guest_key`, grouped "Khách mời"), and who sits where. Edits are small
(seat one delegate, free one seat) and every one can be undone by putting a
whole snapshot of the event's seats back (`restore`), which is also how an
automatic assignment or a hall change is undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import given_name
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import seating
from thidua_desktop.services.seating import Hall

Place = tuple[int, int]
AISLES_MAX_TEXT = 200  # what the aisle field may hold before it is read


@dataclass(frozen=True)
class BoardPerson:
    """A delegate (or a guest: negative id) as the plan shows them."""

    delegate_id: int
    name: str
    group: str  # delegation or category, the colour
    kind: str  # 'presidium', 'guest' or ''
    absent: bool  # absent, or declined the invitation: not expected in the hall

    @property
    def is_guest(self) -> bool:
        """On the guest list, not a delegate of a unit."""
        return self.delegate_id < 0

    @property
    def short(self) -> str:
        """The name written on a seat: the given name (tên), as on the printed plan."""
        return given_name(self.name)


@dataclass(frozen=True)
class Counts:
    """The figures over the plan."""

    seats: int
    taken: int
    reserved: int
    unseated: int  # delegates without a seat
    guests: int = 0  # guests of the guest list without a seat

    def sentence(self) -> str:
        """"288 ghế · 250 đã có người · 38 trống · 48 ghế dành riêng · 3 đại biểu chưa có ghế"
        and, when guests have none, "· 2 khách mời chưa có ghế"."""
        guests = f" · {self.guests} khách mời chưa có ghế" if self.guests else ""
        return (f"{self.seats} ghế · {self.taken} đã có người · {self.seats - self.taken} trống · "
                f"{self.reserved} ghế dành riêng · {self.unseated} đại biểu chưa có ghế{guests}")


@dataclass(frozen=True)
class Board:
    """The hall, the people in seating order, and who sits where."""

    hall: Hall
    people: dict[int, BoardPerson]
    seats: dict[int, Place]
    groups: tuple[str, ...]  # in protocol order: the legend and the colours

    def at(self) -> dict[Place, int]:
        """{(row, seat): delegate}."""
        return {place: d for d, place in self.seats.items()}

    def unseated(self) -> list[BoardPerson]:
        """Guests, then delegates, expected in the hall without a seat, in seating order."""
        return [p for p in self.people.values() if not p.absent and p.delegate_id not in self.seats]

    def counts(self) -> Counts:
        """Seats, taken, reserved, unseated delegates and guests."""
        unseated = self.unseated()
        guests = sum(1 for p in unseated if p.is_guest)
        return Counts(self.hall.capacity, len(self.seats), self.hall.reserved_seats, len(unseated) - guests,
                      guests)


def board(db: Database, event_id: int, by: str = "unit") -> Board:
    """The event's plan, delegates grouped `by` delegation ('unit') or category."""
    if by not in seating.BY:
        raise ValidationError(f"Cách tô màu không hợp lệ: “{by}”.")
    away = f", d.status = 'absent' OR {seating.DECLINED}"
    rows = db.execute(seating.people_sql(by, "1", away), [event_id]).fetchall()
    guests = {g.delegate_id: BoardPerson(g.delegate_id, g.name, g.group, g.kind, False)
              for g in seating.guest_people(db, event_id)}
    delegates = {r[0]: BoardPerson(r[0], r[1], r[2] or "", r[3], bool(r[4])) for r in rows}
    people = guests | delegates  # guests first: they take the guest rows first
    seats = {d: place for d, place in seating.seats(db, event_id).items() if d in people}
    # The delegates' groups keep their (protocol) order; the guests' group joins theirs or comes last.
    groups = tuple(dict.fromkeys([p.group for p in delegates.values()] + [p.group for p in guests.values()]))
    return Board(seating.hall(db, event_id), people, seats, groups)


def _present(db: Database, event_id: int) -> set[int]:
    """Keys of everyone who may sit: the event's delegates and guests."""
    return {r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? UNION ALL "
                                     "SELECT -id FROM event_guests WHERE event_id = ?", [event_id, event_id])}


def _check_delegate(db: Database, event_id: int, delegate_id: int) -> None:
    if delegate_id < 0:
        found = db.execute("SELECT 1 FROM event_guests WHERE id = ? AND event_id = ?",
                           [-delegate_id, event_id]).fetchone()
        if found is None:
            raise ValidationError("Khách mời này không còn trong danh sách khách mời của sự kiện.")
        return
    found = db.execute("SELECT 1 FROM delegates WHERE id = ? AND event_id = ?", [delegate_id, event_id]).fetchone()
    if found is None:
        raise ValidationError("Đại biểu này không còn trong danh sách của sự kiện.")


def place(db: Database, event_id: int, delegate_id: int, row: int, seat: int) -> None:
    """Seat a delegate; whoever sat there takes the delegate's old seat, or none (then unseated)."""
    _check_delegate(db, event_id, delegate_id)
    seating.move(db, event_id, delegate_id, row, seat)


def unseat(db: Database, event_id: int, delegate_id: int) -> None:
    """Free the delegate's seat."""
    _check_delegate(db, event_id, delegate_id)
    seating.free_seat(db, delegate_id)


def restore(db: Database, event_id: int, placed: dict[int, Place]) -> None:
    """Put back a snapshot of the event's seats (`seating.seats`). A delegate deleted since,
    or a seat no longer in the hall, is left out: there is no one or nowhere to seat."""
    h = seating.hall(db, event_id)
    present = _present(db, event_id)
    with db.atomic():
        seating.put_seats(db, event_id, {d: (r, s) for d, (r, s) in placed.items()
                                         if d in present and r <= h.rows and s <= h.seats})


def stored_hall(db: Database, event_id: int) -> Hall | None:
    """The hall saved for the event, or None when it uses the default."""
    found = db.execute("SELECT 1 FROM event_halls WHERE event_id = ?", [event_id]).fetchone()
    return seating.hall(db, event_id) if found else None


def put_hall(db: Database, event_id: int, hall: Hall | None) -> None:
    """Save a hall, or go back to the default one (None); seats outside it are freed."""
    if hall is not None:
        seating.save_hall(db, event_id, hall)
        return
    with db.atomic():
        db.conn.execute("DELETE FROM event_halls WHERE event_id = ?", [event_id])
        seating.drop_outside(db, event_id, seating.hall(db, event_id))


def outside(db: Database, event_id: int, hall: Hall) -> int:
    """How many seated delegates and guests would lose their seat in `hall`."""
    return sum(1 for r, s in seating.seats(db, event_id).values() if r > hall.rows or s > hall.seats)


def parse_aisles(text: str, seats: int) -> tuple[int, ...]:
    """"6, 18" -> (6, 18): the seat numbers an aisle follows, each inside the row."""
    text = text.strip()
    if len(text) > AISLES_MAX_TEXT:
        raise ValidationError(f"Ô lối đi dài quá {AISLES_MAX_TEXT} ký tự.")
    if not text:
        return ()
    parts = [p for p in re.split(r"[,;\s]+", text) if p]
    bad = [p for p in parts if not p.isascii() or not p.isdigit()]
    if bad:
        raise ValidationError(f"Lối đi phải là các số ghế cách nhau bởi dấu phẩy, ví dụ “6, 18”; "
                              f"“{bad[0][:20]}” không phải số ghế.")
    aisles = sorted({int(p) for p in parts})
    if seats < 2:
        raise ValidationError("Mỗi hàng chỉ có một ghế nên không có lối đi.")
    for aisle in aisles:
        if not 0 < aisle < seats:
            raise ValidationError(f"Lối đi sau ghế số {aisle} nằm ngoài hàng ghế (1 đến {seats - 1}).")
    return tuple(aisles)
