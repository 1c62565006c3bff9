"""An event's seat rule changed after the plan was made: recompute the seats and save them.

The plan service shares each upper event's seats once, from the template
(`services/seat_allocation.py`). Here the officer changes, for one event,
the rule (equal, proportional to a unit figure, per category, fixed per
unit, none), the figures the proportional rule weighs (`units.staff_count`)
and, under the fixed rule, each unit's seats. `preview` gives the seats the
new rule yields (live, nothing written); `save` writes them where the roster's
seats panel, `check` and the exports read them (`event_seats`,
`event_category_seats`, `events.seat_rule`; under the fixed rule the rule also
lists the units whose seats were typed, so a number typed equal to the
per-unit figure reopens as typed). `snapshot`/`restore` give the
window its undo. Every value is checked first; a bad one gets a Vietnamese
sentence and nothing is written. No Qt.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.delegate_categories import plan_categories
from thidua_desktop.services.plan_service import TYPED_UNITS, WINDOW_SOURCE
from thidua_desktop.services.roster_query import event_units
from thidua_desktop.services.seat_allocation import allocate
from thidua_desktop.templates.model_categories import SEAT_RULES, SeatRule, read_seat_rule
from thidua_desktop.templates.model_reader import Reader

RULE_NAMES = {
    "equal": "Chia đều cho các đơn vị",
    "proportional": "Theo tỷ lệ số liệu của đơn vị",
    "per_category": "Theo từng thành phần đại biểu",
    "fixed": "Số ghế cố định cho mỗi đơn vị",
    "none": "Không phân bổ chỉ tiêu",
}
MAX_SEATS = 10_000  # one unit's seats (the template's bound for per_unit)
MAX_FIGURE = 10_000_000  # a unit's figure (staff, members, population)


@dataclass(frozen=True)
class Sender:
    """A unit that sends delegates to the event, with the figure the proportional rule weighs."""

    unit_id: int
    name: str
    figure: int | None


@dataclass(frozen=True)
class SeatChoice:
    """What the officer chose: the rule, its figures, and the seats typed per unit (fixed)."""

    rule: str = "equal"
    per_unit: int | None = None
    figures: dict[int, int | None] = field(default_factory=dict)  # unit -> figure
    fixed: dict[int, int] = field(default_factory=dict)  # unit -> seats typed (fixed rule)
    typed: frozenset[int] | None = None  # stored: the units typed over the figure (None: not recorded)


@dataclass(frozen=True)
class SeatPreview:
    """The seats a choice yields: per unit, per (unit, category), their total."""

    seats: dict[int, int]
    by_category: dict[tuple[int, str], int]

    @property
    def total(self) -> int:
        """Seats given in all."""
        return sum(self.seats.values())


def senders(db: Database, event_id: int) -> list[Sender]:
    """The units that may send delegates (roster_query.event_units without the host), in unit order."""
    host = repository.event(db, event_id).unit_id
    ids = [(uid, name) for uid, name in event_units(db, event_id) if uid != host]
    figures = dict(db.execute("SELECT id, staff_count FROM units").fetchall())
    return [Sender(uid, name, figures.get(uid)) for uid, name in ids]


def current(db: Database, event_id: int) -> SeatChoice:
    """The event's rule as stored (blank: equal, as release 1), its figures and its seats."""
    text = db.execute("SELECT seat_rule FROM events WHERE id = ?", [event_id]).fetchone()[0]
    try:
        stored = json.loads(text or "null")
    except ValueError:
        stored = None
    # The template's reader types it (a value it refuses falls back to its default).
    rule = read_seat_rule(stored if isinstance(stored, dict) else None, Reader([]), "seat_rule")
    people = senders(db, event_id)
    seats = dict(db.execute("SELECT unit_id, seats FROM event_seats WHERE event_id = ?", [event_id]).fetchall())
    listed = stored.get(TYPED_UNITS) if isinstance(stored, dict) else None
    typed = frozenset(u for u in listed if isinstance(u, int)) if isinstance(listed, list) else None
    return SeatChoice(rule.rule, rule.per_unit, {s.unit_id: s.figure for s in people},
                      {s.unit_id: seats[s.unit_id] for s in people if s.unit_id in seats}, typed)


def fixed_start(db: Database, event_id: int, start: SeatChoice) -> tuple[int, dict[int, int]]:
    """The per-unit figure the fixed rule starts from, and the units typed over it.

    A stored fixed rule keeps its figure. Otherwise it is the seats most units
    have now (16 when 210 seats are shared among 13 units; the smaller on a tie),
    or the maximum shared equally when no seats are stored, so switching to the
    fixed rule shows and saves that figure rather than 0. Under a stored fixed
    rule the typed units are the ones it lists (`TYPED_UNITS`, saved since the
    list was kept: a number typed equal to the figure stays typed); a rule saved
    before then has its units whose seats differ from the figure.
    """
    seats = list(start.fixed.values())
    if start.rule == "fixed" and start.per_unit is not None:
        per_unit = start.per_unit
    elif seats:
        counts = Counter(seats)
        per_unit = min(counts, key=lambda n: (-counts[n], n))
    else:
        people = senders(db, event_id)
        most = repository.event(db, event_id).max_delegates or 0
        per_unit = most // len(people) if people else 0
    if start.rule != "fixed":
        typed = {}
    elif start.typed is not None:
        typed = {uid: n for uid, n in start.fixed.items() if uid in start.typed}
    else:
        typed = {uid: n for uid, n in start.fixed.items() if n != per_unit}
    return min(per_unit, MAX_SEATS), typed


def _bounded(value, label: str, top: int) -> int | None:
    """A whole number 0..top, or None for blank; a sentence otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise ValidationError(f"{label} “{value}” không hợp lệ; nhập một số nguyên từ 0 đến {top:,}."
                              .replace(",", ".")) from exc
    if not 0 <= number <= top:
        raise ValidationError(f"{label} phải từ 0 đến {top:,}, không phải {number}.".replace(",", "."))
    return number


def checked(db: Database, event_id: int, choice: SeatChoice) -> SeatChoice:
    """The choice with every number bounded; a Vietnamese sentence for the first bad value."""
    if choice.rule not in SEAT_RULES:
        raise ValidationError(f"Quy tắc phân bổ “{choice.rule}” không có; hãy chọn một trong: "
                              + ", ".join(RULE_NAMES.values()) + ".")
    people = {s.unit_id: s.name for s in senders(db, event_id)}
    figures = {uid: _bounded(choice.figures.get(uid), f"Số liệu của {name}", MAX_FIGURE)
               for uid, name in people.items()}
    fixed = {}
    per_unit = _bounded(choice.per_unit, "Số ghế mỗi đơn vị", MAX_SEATS)
    if choice.rule == "fixed":
        for uid, name in people.items():
            typed = _bounded(choice.fixed.get(uid), f"Số ghế của {name}", MAX_SEATS)
            fixed[uid] = (per_unit or 0) if typed is None else typed
    return SeatChoice(choice.rule, per_unit, figures, fixed)


def preview(db: Database, event_id: int, choice: SeatChoice) -> SeatPreview:
    """The seats the choice gives each unit (and each unit's categories); checks it first.

    A sentence when the choice cannot give seats: no sending unit, no maximum for
    a rule that shares it, no figure at all for the proportional rule, no category
    with a limit for the per-category rule, fixed seats over the event's maximum.
    """
    choice = checked(db, event_id, choice)
    event = repository.event(db, event_id)
    people = senders(db, event_id)
    if choice.rule == "none":
        return SeatPreview({}, {})
    if not people:
        raise ValidationError(f"{event.unit_name} tổ chức sự kiện này nhưng không có đơn vị nào cử đại biểu "
                              "về dự, nên không có chỉ tiêu để chia; hãy chọn “Không phân bổ chỉ tiêu”.")
    if choice.rule == "fixed":
        total = sum(choice.fixed.values())
        if event.max_delegates and total > event.max_delegates:
            raise ValidationError(
                f"Tổng số ghế cố định là {total}, vượt {total - event.max_delegates} so với số đại biểu "
                f"tối đa {event.max_delegates} của sự kiện; hãy bớt số ghế của một số đơn vị.")
        return SeatPreview(dict(choice.fixed), {})
    if choice.rule in ("equal", "proportional") and not event.max_delegates:
        raise ValidationError("Sự kiện chưa có số đại biểu tối đa, nên không chia được chỉ tiêu theo quy tắc "
                              "này; hãy chọn “Số ghế cố định cho mỗi đơn vị”.")
    if choice.rule == "proportional" and not any(choice.figures.values()):
        raise ValidationError("Chưa đơn vị nào có số liệu để chia theo tỷ lệ; hãy nhập số liệu "
                              "(ví dụ số cán bộ, đảng viên) ở cột Số liệu.")
    categories = plan_categories(db, event.plan_id)
    if choice.rule == "per_category" and not any(c.quota is not None or c.share is not None
                                                 for c in categories):
        raise ValidationError("Chưa thành phần đại biểu nào có số lượng hay tỷ lệ tối đa riêng, nên không "
                              "chia được theo thành phần; hãy đặt ở Sự kiện > Thành phần đại biểu.")
    seats, by_category = allocate(SeatRule(choice.rule, choice.per_unit),
                                  event.max_delegates, event.exemplary_share,
                                  [(s.unit_id, choice.figures.get(s.unit_id)) for s in people], categories)
    return SeatPreview(seats, by_category)


def _rule_json(choice: SeatChoice, typed: list[int]) -> str:
    entry: dict = {"rule": choice.rule, "source": WINDOW_SOURCE}
    if choice.rule == "fixed" and choice.per_unit is not None:
        entry["per_unit"] = choice.per_unit
    if choice.rule == "fixed":
        entry[TYPED_UNITS] = typed
    return json.dumps(entry, ensure_ascii=False)


def _typed(db: Database, event_id: int, choice: SeatChoice) -> list[int]:
    """The sending units given a number of their own in `choice.fixed` (before `checked` fills the rest)."""
    ids = {s.unit_id for s in senders(db, event_id)}
    return sorted(uid for uid, value in choice.fixed.items()
                  if uid in ids and value is not None and str(value).strip())


def snapshot(db: Database, event_id: int) -> dict:
    """Everything `save` may change, to put back on undo."""
    return {
        "seat_rule": db.execute("SELECT seat_rule FROM events WHERE id = ?", [event_id]).fetchone()[0],
        "seats": db.execute("SELECT unit_id, seats FROM event_seats WHERE event_id = ?", [event_id]).fetchall(),
        "by_category": db.execute("SELECT unit_id, category, seats FROM event_category_seats "
                                  "WHERE event_id = ?", [event_id]).fetchall(),
        "figures": [(s.unit_id, s.figure) for s in senders(db, event_id)],
    }


def restore(db: Database, event_id: int, state: dict) -> None:
    """Put back what `snapshot` saw (inside the caller's transaction)."""
    repository.event(db, event_id)  # a vanished event: a sentence, nothing written
    db.execute("UPDATE events SET seat_rule = ? WHERE id = ?", [state["seat_rule"], event_id])
    db.execute("DELETE FROM event_seats WHERE event_id = ?", [event_id])
    db.execute("DELETE FROM event_category_seats WHERE event_id = ?", [event_id])
    db.conn.executemany("INSERT INTO event_seats(event_id, unit_id, seats) VALUES (?, ?, ?)",
                   [(event_id, uid, n) for uid, n in state["seats"]])
    db.conn.executemany("INSERT INTO event_category_seats(event_id, unit_id, category, seats) VALUES (?, ?, ?, ?)",
                   [(event_id, uid, code, n) for uid, code, n in state["by_category"]])
    db.conn.executemany("UPDATE units SET staff_count = ? WHERE id = ?", [(f, uid) for uid, f in state["figures"]])


def save(db: Database, event_id: int, choice: SeatChoice) -> SeatPreview:
    """Check the choice, recompute the seats and store them with the rule and the figures.

    Raises ValidationError (nothing written) for a bad value. The caller holds the
    transaction (the window's command does).
    """
    typed = _typed(db, event_id, choice)
    choice = checked(db, event_id, choice)
    result = preview(db, event_id, choice)
    db.execute("UPDATE events SET seat_rule = ? WHERE id = ?", [_rule_json(choice, typed), event_id])
    db.execute("DELETE FROM event_seats WHERE event_id = ?", [event_id])
    db.execute("DELETE FROM event_category_seats WHERE event_id = ?", [event_id])
    db.conn.executemany("INSERT INTO event_seats(event_id, unit_id, seats) VALUES (?, ?, ?)",
                   [(event_id, uid, n) for uid, n in result.seats.items()])
    db.conn.executemany("INSERT INTO event_category_seats(event_id, unit_id, category, seats) VALUES (?, ?, ?, ?)",
                   [(event_id, uid, code, n) for (uid, code), n in result.by_category.items()])
    db.conn.executemany("UPDATE units SET staff_count = ? WHERE id = ?",
                   [(f, uid) for uid, f in choice.figures.items()])
    return result
