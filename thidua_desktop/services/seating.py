"""The hall and its seats: layout (rows x seats, aisles, reserved rows) and assignment.

The hall is rows numbered from the stage (1) back, seats numbered from the
left as the hall faces the stage. Aisles fall after given seat numbers and
split each row into blocks. Reserved rows take the presidium ("presidium")
or the guests ("guest") first; everyone else fills the other rows front to
back, left to right, kept together by delegation (unit) or by category in
protocol order, then in name order. No Qt.

The guests of the guest list (event_guests) sit too (table guest_seats,
migration 0026): where a seat is keyed by a person, a guest's key is the
negative of the guest's id (`guest_key`), so one {key: (row, seat)} holds
everyone in the hall and an undo snapshot puts guests back with delegates.
Guests take the reserved guest rows first, before delegates of the guest kind.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.domain.unit_names import written_sql
from thidua_desktop.errors import ValidationError

RESERVED_KINDS = {"presidium": "Đoàn Chủ tịch", "guest": "Khách mời"}
BY = {"unit": "theo đơn vị", "category": "theo thành phần"}
MAX_SIDE = 100
LABEL_MAX = 40  # a reserved row's label, printed beside the row
_SEAT_INSERT = "INSERT INTO seat_assignments (event_id, delegate_id, row, seat) VALUES (?, ?, ?, ?)"
_GUEST_INSERT = "INSERT INTO guest_seats (event_id, guest_id, row, seat) VALUES (?, ?, ?, ?)"
SEAT_TABLES = ("seat_assignments", "guest_seats")
HALL_NAME = ("CASE WHEN x.invitation = 'substitute' AND x.substitute_name != '' "
             "THEN x.substitute_name ELSE p.full_name END")  # who sits there: a substitute in the delegate's place
DECLINED = "COALESCE(x.invitation, '') = 'declined'"


@dataclass(frozen=True)
class Hall:
    """A hall: `rows` x `seats`, aisles after the seat numbers listed, reserved rows
    ({row: kind}) and their own labels ({row: label}; a row without one is named by its kind)."""

    rows: int
    seats: int
    aisles: tuple[int, ...] = ()
    reserved: dict[int, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)

    def row_label(self, row: int) -> str:
        """What a reserved row is called ('' for an ordinary row)."""
        kind = self.reserved.get(row, "")
        return (self.labels.get(row) or RESERVED_KINDS.get(kind, "")) if kind else ""

    @property
    def reserved_seats(self) -> int:
        """Seats in reserved rows inside the hall."""
        return self.seats * sum(1 for row in self.reserved if 1 <= row <= self.rows)

    def blocks(self) -> list[tuple[int, int]]:
        """(first, last) seat of each block between aisles."""
        edges = [0, *sorted(a for a in self.aisles if 0 < a < self.seats), self.seats]
        return [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]

    @property
    def capacity(self) -> int:
        """Seats in the hall."""
        return self.rows * self.seats


def validate(hall: Hall) -> Hall:
    """The hall as given, or a Vietnamese sentence saying what is wrong."""
    if not (1 <= hall.rows <= MAX_SIDE and 1 <= hall.seats <= MAX_SIDE):
        raise ValidationError(f"Số hàng và số ghế mỗi hàng phải từ 1 đến {MAX_SIDE}.")
    for aisle in hall.aisles:
        if not 0 < aisle < hall.seats:
            raise ValidationError(f"Lối đi sau ghế số {aisle} nằm ngoài hàng ghế (1 đến {hall.seats - 1}).")
    for row, kind in hall.reserved.items():
        if not 1 <= row <= hall.rows:
            raise ValidationError(f"Hàng dành riêng số {row} không có trong hội trường ({hall.rows} hàng).")
        if kind not in RESERVED_KINDS:
            raise ValidationError(f"Loại hàng dành riêng không hợp lệ: “{kind}”.")
    for row, label in hall.labels.items():
        if row not in hall.reserved:
            raise ValidationError(f"Hàng {row} không dành riêng nên không có nhãn.")
        if len(label) > LABEL_MAX:
            raise ValidationError(f"Nhãn của hàng {row} dài quá {LABEL_MAX} ký tự.")
        if label != clean_text(label):
            raise ValidationError(f"Nhãn của hàng {row} có ký tự điều khiển hoặc khoảng trắng thừa.")
    return hall


def default_hall(delegates: int) -> Hall:
    """A hall for `delegates`: 20 seats a row in three blocks, row 1 presidium, row 2 guests."""
    seats = 20
    rows = min(MAX_SIDE, max(3, math.ceil(delegates / seats) + 2))
    return Hall(rows, seats, (5, 15), {1: "presidium", 2: "guest"})


def hall(db: Database, event_id: int) -> Hall:
    """The event's hall, or a default sized for its roster."""
    row = db.execute("SELECT rows, seats, aisles, reserved, labels FROM event_halls WHERE event_id = ?",
                     [event_id]).fetchone()
    if row is None:
        count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
        return default_hall(count)
    reserved = {int(k): v for k, v in json.loads(row[3] or "{}").items()}
    labels = {int(k): v for k, v in json.loads(row[4] or "{}").items()}
    return Hall(row[0], row[1], tuple(json.loads(row[2] or "[]")), reserved, labels)


def save_hall(db: Database, event_id: int, new: Hall) -> None:
    """Store the hall; seats outside it lose their delegates."""
    validate(new)
    with db.atomic():
        db.conn.execute(
            "INSERT OR REPLACE INTO event_halls (event_id, rows, seats, aisles, reserved, labels) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [event_id, new.rows, new.seats, json.dumps(sorted(set(new.aisles))),
             json.dumps({str(k): v for k, v in sorted(new.reserved.items())}),
             json.dumps({str(k): v for k, v in sorted(new.labels.items()) if v}, ensure_ascii=False)])
        drop_outside(db, event_id, new)


def drop_outside(db: Database, event_id: int, h: Hall) -> None:
    """Free the seats (delegates' and guests') that are not in hall `h`."""
    for table in SEAT_TABLES:
        db.conn.execute(f"DELETE FROM {table} WHERE event_id = ? AND (row > ? OR seat > ?)",
                        [event_id, h.rows, h.seats])


def guest_key(guest_id: int) -> int:
    """A guest's key among delegates' ids: negative, so the two never meet."""
    return -guest_id


def seats_needed(db: Database, event_id: int) -> tuple[int, int]:
    """(delegates, guests) the hall must hold: the event's maximum of delegates (or more when more
    are listed and coming) and its guest list."""
    most, listed, guests = db.execute(
        "SELECT COALESCE(e.max_delegates, 0), (SELECT count(*) FROM delegates d LEFT JOIN delegate_event_day x "
        "ON x.delegate_id = d.id WHERE d.event_id = e.id AND d.status != 'absent' AND NOT "
        f"{DECLINED}), (SELECT count(*) FROM event_guests g WHERE g.event_id = e.id) "
        "FROM events e WHERE e.id = ?", [event_id]).fetchone()
    return max(most, listed), guests


def shortfall(db: Database, event_id: int, h: Hall | None = None) -> str:
    """A sentence when the hall (`h`, or the event's) has fewer seats than it must hold; '' otherwise."""
    h = h or hall(db, event_id)
    delegates, guests = seats_needed(db, event_id)
    if h.capacity >= delegates + guests:
        return ""
    whom = f"{delegates} đại biểu" + (f" và {guests} khách mời" if guests else "")
    return (f"Hội trường {h.rows} hàng × {h.seats} ghế = {h.capacity} ghế, ít hơn {whom} của sự kiện "
            f"(cần ít nhất {delegates + guests} ghế); hãy thêm hàng hoặc ghế mỗi hàng.")


@dataclass(frozen=True)
class Seated:
    """One delegate (or guest: `guest_key`) in the order seats are given."""

    delegate_id: int
    name: str
    group: str  # the delegation or category they sit with
    kind: str  # 'presidium', 'guest' or ''


def people_sql(by: str, where: str = f"d.status != 'absent' AND NOT {DECLINED}", extra: str = "") -> str:
    """The event's delegates in seating order (group, protocol rank, name): id, name (a
    substitute's when one was sent), group, kind and any `extra` columns, for one parameter,
    the event id. One owner of that order; by default who declined or is absent is left out."""
    if by == "unit":
        group = f"COALESCE({written_sql()}, '')"
        order = "COALESCE(u.position, 1e9), u.id"
    else:
        group = "COALESCE(c.label, d.category)"
        order = "COALESCE(c.protocol_order, 1e9), c.code"
    return f"""
        SELECT d.id, {HALL_NAME}, {group},
               CASE WHEN d.presidium THEN 'presidium' WHEN d.category = 'guest' THEN 'guest' ELSE '' END
               {extra}
        FROM delegates d JOIN persons p ON p.id = d.person_id
        JOIN events e ON e.id = d.event_id
        LEFT JOIN delegate_event_day x ON x.delegate_id = d.id
        LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN unit_kinds k ON k.code = u.kind
        LEFT JOIN delegate_categories c ON c.plan_id = e.plan_id
             AND c.code = COALESCE(NULLIF(d.category_code, ''), d.category)
        WHERE d.event_id = ? AND {where}
        ORDER BY {order}, d.protocol_rank, d.sort_key, d.id"""


def guest_people(db: Database, event_id: int) -> list[Seated]:
    """The event's guest list in list order, keyed by `guest_key`, grouped as "Khách mời"."""
    return [Seated(guest_key(gid), name, RESERVED_KINDS["guest"], "guest") for gid, name in db.execute(
        "SELECT id, full_name FROM event_guests WHERE event_id = ? ORDER BY position_no, id", [event_id])]


def _people(db: Database, event_id: int, by: str) -> list[Seated]:
    return guest_people(db, event_id) + [Seated(*r) for r in db.execute(people_sql(by), [event_id])]


def seat_order(h: Hall) -> dict[str, list[tuple[int, int]]]:
    """Seats in filling order: reserved rows per kind, and the other rows ('')."""
    order: dict[str, list[tuple[int, int]]] = {"presidium": [], "guest": [], "": []}
    for row in range(1, h.rows + 1):
        kind = h.reserved.get(row, "")
        order[kind].extend((row, seat) for seat in range(1, h.seats + 1))
    return order


def plan_seats(h: Hall, people: list[Seated]) -> tuple[dict[int, tuple[int, int]], list[Seated]]:
    """{delegate: (row, seat)} and who found no seat. Reserved rows go to their kind
    first; who does not fit there sits in the other rows, with the rest."""
    free = seat_order(h)
    placed: dict[int, tuple[int, int]] = {}
    rest: list[Seated] = []
    for person in people:
        if person.kind and free[person.kind]:
            placed[person.delegate_id] = free[person.kind].pop(0)
        else:
            rest.append(person)
    unseated = []
    for person in rest:
        if free[""]:
            placed[person.delegate_id] = free[""].pop(0)
        else:
            unseated.append(person)
    return placed, unseated


def assign(db: Database, event_id: int, by: str = "unit") -> list[Seated]:
    """Seat the event's delegates automatically (replacing earlier seats); who found no seat."""
    if by not in BY:
        raise ValidationError(f"Cách xếp chỗ không hợp lệ: “{by}”.")
    placed, unseated = plan_seats(hall(db, event_id), _people(db, event_id, by))
    with db.atomic():
        put_seats(db, event_id, placed)
    return unseated


def assigned_sentence(db: Database, event_id: int, left: list[Seated]) -> str:
    """What automatic seating did, delegates and guests of the guest list counted apart:
    "Đã xếp chỗ; còn 3 đại biểu và 2 khách mời chưa có ghế (hội trường không đủ chỗ)."."""
    guests = sum(1 for s in left if s.delegate_id < 0)
    delegates = len(left) - guests
    if not left:
        listed = db.execute("SELECT 1 FROM event_guests WHERE event_id = ? LIMIT 1", [event_id]).fetchone()
        return "Đã xếp chỗ cho mọi đại biểu" + (" và khách mời." if listed else ".")
    whom = " và ".join(f"{n} {word}" for n, word in ((delegates, "đại biểu"), (guests, "khách mời")) if n)
    return f"Đã xếp chỗ; còn {whom} chưa có ghế (hội trường không đủ chỗ)."


def put_seats(db: Database, event_id: int, placed: dict[int, tuple[int, int]]) -> None:
    """Replace the event's seats by `placed` ({key: (row, seat)}, guests by `guest_key`); the
    caller holds the transaction and has checked the keys and places."""
    for table in SEAT_TABLES:
        db.conn.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
    db.conn.executemany(_SEAT_INSERT, [(event_id, k, r, s) for k, (r, s) in placed.items() if k > 0])
    db.conn.executemany(_GUEST_INSERT, [(event_id, -k, r, s) for k, (r, s) in placed.items() if k < 0])


def free_seat(db: Database, key: int) -> None:
    """Free the seat of a delegate or (negative key) a guest."""
    if key < 0:
        db.conn.execute("DELETE FROM guest_seats WHERE guest_id = ?", [-key])
    else:
        db.conn.execute("DELETE FROM seat_assignments WHERE delegate_id = ?", [key])


def _take(db: Database, event_id: int, key: int, place: tuple[int, int]) -> None:
    if key < 0:
        db.conn.execute(_GUEST_INSERT, [event_id, -key, *place])
    else:
        db.conn.execute(_SEAT_INSERT, [event_id, key, *place])


def move(db: Database, event_id: int, delegate_id: int, row: int, seat: int) -> None:
    """Put a delegate (or a guest: negative key) on a seat; whoever sat there takes the old seat (or none)."""
    h = hall(db, event_id)
    if not (1 <= row <= h.rows and 1 <= seat <= h.seats):
        raise ValidationError(f"Ghế hàng {row}, số {seat} không có trong hội trường.")
    with db.atomic():
        now = seats(db, event_id)
        old = now.get(delegate_id)
        other = next((k for k, place in now.items() if place == (row, seat)), None)
        free_seat(db, delegate_id)
        if other is not None:
            free_seat(db, other)
            if old:
                _take(db, event_id, other, old)
        _take(db, event_id, delegate_id, (row, seat))


def seats(db: Database, event_id: int) -> dict[int, tuple[int, int]]:
    """{delegate: (row, seat)} of the event, with its guests under `guest_key`."""
    return {d: (r, s) for d, r, s in db.execute(
        "SELECT delegate_id, row, seat FROM seat_assignments WHERE event_id = ? "
        "UNION ALL SELECT -guest_id, row, seat FROM guest_seats WHERE event_id = ?", [event_id, event_id])}


def seat_label(place: tuple[int, int] | None) -> str:
    """"Hàng 3 - Ghế 12" ('' when not seated)."""
    return f"Hàng {place[0]} - Ghế {place[1]}" if place else ""
