"""The agenda (chương trình) of an event: ordered items with a running clock.

Standard items come from the plan's rules (`agenda.items`: kind, title,
minutes, required, congress_only, in_standard, event_types), never from
code: every item is offered in the palette; the standard agenda of an event
takes those `in_standard` (default true) whose `event_types` (default all)
include the event's type. Start times are computed:
the event's start plus the durations before, unless an item is pinned to a
clock time. Every write keeps positions 1..n without gaps and runs in one
transaction. Speeches and videos live in `agenda_speeches`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.models import Event
from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import repository
from thidua_desktop.templates.model import FormRule, PlanRules

FREE = "free"
MAX_MINUTES = 600
_TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:hg.]\s*(\d{1,2})\s*$", re.IGNORECASE)
ITEM_FIELDS = ("kind", "title", "duration_min", "pinned_start", "presenter_delegate_id",
               "presenter_text", "notes")


@dataclass(frozen=True)
class StandardItem:
    """One standard item of the plan's template, with its placeholders filled."""

    kind: str
    title: str
    minutes: int
    required: bool
    congress_only: bool
    note: str
    order: int  # its rank in the template: the required order
    in_standard: bool = True  # put in a new agenda (False: offered in the palette only)
    event_types: tuple[str, ...] = ()  # the event types whose standard agenda has it (empty: all)

    def standard_for(self, type_code: str) -> bool:
        """True when the standard agenda of an event of this type holds the item."""
        return in_standard_agenda({"in_standard": self.in_standard, "event_types": self.event_types}, type_code)


@dataclass(frozen=True)
class AgendaItem:
    """One row of the agenda, with its computed clock."""

    id: int
    event_id: int
    position: int
    kind: str
    title: str
    duration_min: int
    pinned_start: str | None
    presenter_delegate_id: int | None
    presenter_text: str
    notes: str
    start: int  # minutes since midnight
    end: int
    presenter_name: str = ""
    presenter_label: str = ""  # "Đồng chí Lê Quang Quân, Bí thư Huyện ủy" or the free text

    @property
    def has_presenter(self) -> bool:
        """True when a delegate or a free text says who does it."""
        return bool(self.presenter_delegate_id or self.presenter_text.strip())


@dataclass(frozen=True)
class Agenda:
    """The whole agenda of an event, with the session's frame."""

    event: Event
    form: FormRule
    items: list[AgendaItem]
    start: int
    end: int
    session_end: int

    @property
    def over_minutes(self) -> int:
        """How far the last item ends past the session's end (0 when within)."""
        return max(0, self.end - self.session_end)

    @property
    def total_minutes(self) -> int:
        """Sum of the durations."""
        return sum(i.duration_min for i in self.items)


# --- clock --------------------------------------------------------------------

def parse_clock(text: str | None) -> int | None:
    """"07:30" / "7h30" / "7.30" -> minutes since midnight; "" -> None; bad -> ValidationError."""
    if text is None or not str(text).strip():
        return None
    match = _TIME_RE.match(str(text))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(f"Giờ “{text}” không hợp lệ; hãy viết dạng giờ:phút, ví dụ 07:30.")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_clock(minutes: int) -> str:
    """Minutes since midnight -> "HH:MM"."""
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def spoken_clock(minutes: int) -> str:
    """"07 giờ 30 phút", as invitations and programmes write the time."""
    return f"{(minutes // 60) % 24:02d} giờ {minutes % 60:02d} phút"


def compute_clock(start: int, rows: list[tuple[int, str | None]]) -> list[tuple[int, int]]:
    """(start, end) per (duration, pinned) row: the running clock, pins override."""
    clock, out = start, []
    for duration, pinned in rows:
        pin = parse_clock(pinned) if pinned else None
        if pin is not None:
            clock = pin
        out.append((clock, clock + duration))
        clock += duration
    return out


# --- rules --------------------------------------------------------------------

def event_form(rules: PlanRules, form_code: str) -> FormRule:
    """The form of an event from the typed rules (a bare congress/conference guess when absent)."""
    found = rules.forms.get(form_code)
    if found is not None:
        return found
    kind = "congress" if form_code == "congress" else "conference"
    return FormRule(form_code, form_code, kind, kind == "congress", "none")


def is_congress(form: FormRule) -> bool:
    """Congress (Đại hội) rather than a conference (Hội nghị)."""
    return form.kind == "congress"


def event_word(form: dict) -> str:
    """"Đại hội" or "Hội nghị": how the documents name the event."""
    return "Đại hội" if is_congress(form) else "Hội nghị"


def flag_salute_allowed(form: FormRule, item: StandardItem | None) -> bool:
    """A flag salute belongs to the event when its form has one (and a congress-only item: a congress)."""
    allowed = form.flag_salute  # the model's default: a congress has one
    if item is not None and item.congress_only:
        allowed = allowed and is_congress(form)
    return allowed


def _placeholders(db: Database, plan_id: int) -> dict[str, str]:
    plan = repository.plan(db, plan_id)
    return {"review_period": plan.review_period, "direction_period": plan.direction_period,
            "edition": plan.edition}


def _fill(text: str, names: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: names.get(m.group(1), m.group(0)), text)


def in_standard_agenda(item: dict, type_code: str) -> bool:
    """True when a template's agenda item belongs in the standard agenda of this event type."""
    listed = item.get("event_types") or ()
    return item.get("in_standard", True) is not False and (not listed or type_code in listed)


def standard_items(db: Database, plan_id: int) -> list[StandardItem]:
    """The template's standard items, in their required order, titles filled (the typed model's
    `agenda` block: nothing here parses the plan's JSON)."""
    names = _placeholders(db, plan_id)
    return [StandardItem(kind=item.kind, title=_fill(item.title, names), minutes=item.minutes,
                         required=item.required, congress_only=item.congress_only, note=item.note,
                         order=order, in_standard=item.in_standard, event_types=item.event_types)
            for order, item in enumerate(repository.plan_rules(db, plan_id).agenda)]


def palette(db: Database, event_id: int) -> list[StandardItem]:
    """Standard items the event may hold (a flag salute only where its form allows)."""
    event = repository.event(db, event_id)
    form = event_form(repository.plan_rules(db, event.plan_id), event.form)
    return [
        s for s in standard_items(db, event.plan_id)
        if s.kind != "flag_salute" or flag_salute_allowed(form, s)
    ]


# --- reading ------------------------------------------------------------------

def honorific(sex: str | None, party_member: bool, category: str) -> str:
    """"Đồng chí" for leaders, guests and party members; "Ông"/"Bà" otherwise."""
    if category in ("leader", "guest") or party_member:
        return "Đồng chí"
    return "Bà" if sex == "Nữ" else "Ông"


def _overlap(pw: list[str], ww: list[str]) -> int:
    """How many words the position ends with and the workplace starts with.

    Two or more words match without case; one word only when written the same
    and capitalised ("UBND"), so "huyện" never glues to "Huyện ủy".
    """
    for n in range(min(len(pw), len(ww)), 0, -1):
        if n == 1:
            return 1 if pw[-1] == ww[0] and pw[-1][:1].isupper() else 0
        if [fold(w) for w in pw[-n:]] == [fold(w) for w in ww[:n]]:
            return n
    return 0


def position_phrase(position: str, workplace: str, unit: str = "", unit_name: str = "") -> str:
    """"Bí thư Huyện ủy" + "Huyện ủy Hớn Quản" -> "Bí thư Huyện ủy Hớn Quản".

    The unit that nominated the person ("xã Thanh An") is added when its
    name (`unit_name`, default `unit`) is not already said.
    """
    position, workplace = clean_text(position), clean_text(workplace)
    if not workplace or fold(workplace) in fold(position):
        phrase = position
    elif not position:
        phrase = workplace
    else:
        pw, ww = position.split(" "), workplace.split(" ")
        overlap = _overlap(pw, ww)
        phrase = " ".join(pw + ww[overlap:]) if overlap else f"{position}, {workplace}"
    if unit and fold(unit_name or unit) not in fold(phrase):
        phrase = f"{phrase}, {unit}" if phrase else unit
    return phrase


def presenter_label(name: str, position: str, sex: str | None, party: bool, category: str,
                    workplace: str = "", unit: str = "", unit_name: str = "") -> str:
    """"Đồng chí Lê Quang Quân, Bí thư Huyện ủy Hớn Quản"."""
    label = f"{honorific(sex, party, category)} {name}"
    phrase = position_phrase(position, workplace, unit, unit_name)
    return f"{label}, {phrase}" if phrase else label


# Columns and joins that name a delegate as the documents do (used by every agenda query).
PERSON_COLS = (
    "p.full_name, p.position AS p_position, p.workplace AS p_workplace, p.sex, p.party_member, "
    "d.category, d.sector, pk.name AS unit_kind, pu.name AS unit_name, "
    "pu.is_organiser AS unit_is_organiser, pu.id AS person_unit_id"
)


def person_joins(delegate_col: str) -> str:
    """LEFT JOINs from a delegate id column to its person and nominating unit."""
    return (
        f" LEFT JOIN delegates d ON d.id = {delegate_col}"
        " LEFT JOIN persons p ON p.id = d.person_id"
        " LEFT JOIN units pu ON pu.id = COALESCE(d.unit_id, p.unit_id)"
        " LEFT JOIN unit_kinds pk ON pk.code = pu.kind "
    )


def unit_phrase(kind_name: str | None, name: str | None) -> str:
    """"xã Thanh An" (the kind in lower case, as sentences write it)."""
    if not name:
        return ""
    return f"{(kind_name or '').lower()} {name}".strip()


def label_of(row: dict, host_unit_id: int | None = None) -> str:
    """The presenter label of a row carrying PERSON_COLS ("" without a person)."""
    if not row.get("full_name"):
        return ""
    # The organiser's and the host's own people need no "xã Tân Lợi" after their office.
    own = row["unit_is_organiser"] or row["person_unit_id"] == host_unit_id
    unit = "" if own else unit_phrase(row["unit_kind"], row["unit_name"])
    return presenter_label(row["full_name"], row["p_position"] or "", row["sex"],
                           bool(row["party_member"]), row["category"] or "",
                           row["p_workplace"] or "", unit, row["unit_name"] or "")


_ITEMS_SQL = (
    "SELECT a.*, " + PERSON_COLS + " FROM agenda_items a" + person_joins("a.presenter_delegate_id")
    + "WHERE a.event_id = ? ORDER BY a.position, a.id"
)


def agenda(db: Database, event_id: int) -> Agenda:
    """The event's agenda with the running clock and the session's end."""
    event = repository.event(db, event_id)
    form = event_form(repository.plan_rules(db, event.plan_id), event.form)
    start = parse_clock(event.start_time) or 7 * 60 + 30
    rows = list(db.query(_ITEMS_SQL, [event_id]))
    clocks = compute_clock(start, [(r["duration_min"], r["pinned_start"]) for r in rows])
    items = []
    for row, (begin, end) in zip(rows, clocks, strict=True):
        label = label_of(row, event.unit_id) or row["presenter_text"]
        items.append(AgendaItem(
            id=row["id"], event_id=event_id, position=row["position"], kind=row["kind"],
            title=row["title"], duration_min=row["duration_min"], pinned_start=row["pinned_start"],
            presenter_delegate_id=row["presenter_delegate_id"], presenter_text=row["presenter_text"],
            notes=row["notes"], start=begin, end=end, presenter_name=row["full_name"] or "",
            presenter_label=label,
        ))
    end = items[-1].end if items else start
    return Agenda(event, form, items, start, end, start + event.session_minutes)


@dataclass(frozen=True)
class PresenterChoice:
    """A delegate who may present an item."""

    delegate_id: int
    label: str
    category: str
    presidium: bool


def presenter_choices(db: Database, event_id: int) -> list[PresenterChoice]:
    """Delegates of the event in protocol order: presidium, leaders and guests, then exemplars."""
    host = repository.event(db, event_id).unit_id
    rows = db.query(
        "SELECT d.id AS delegate_id, d.presidium, " + PERSON_COLS + " FROM delegates x"
        + person_joins("x.id") + "WHERE x.event_id = ? AND x.status != 'absent' "
        "ORDER BY d.presidium DESC, d.category = 'exemplary', d.protocol_rank = 0, d.protocol_rank, "
        "p.sort_key, d.id", [event_id])
    return [PresenterChoice(r["delegate_id"], label_of(r, host), r["category"], bool(r["presidium"]))
            for r in rows]


def item_row(db: Database, item_id: int) -> dict:
    """The stored row of one item (for undo)."""
    rows = list(db.query("SELECT * FROM agenda_items WHERE id = ?", [item_id]))
    if not rows:
        raise NotFoundError(f"Không còn mục chương trình số {item_id}; hãy tải lại chương trình.")
    return rows[0]


# --- writing ------------------------------------------------------------------

def _count(db: Database, event_id: int) -> int:
    return db.execute("SELECT count(*) FROM agenda_items WHERE event_id = ?", [event_id]).fetchone()[0]


def _renumber(db: Database, event_id: int, ordered_ids: list[int]) -> None:
    for position, item_id in enumerate(ordered_ids, start=1):
        db.execute("UPDATE agenda_items SET position = ? WHERE id = ?", [position, item_id])


def _ids(db: Database, event_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM agenda_items WHERE event_id = ? ORDER BY position, id", [event_id])]


def clean_title(raw, message: str) -> str:
    """Cleaned text that must not be empty (`message` otherwise)."""
    text = clean_text(raw)
    if not text:
        raise ValidationError(message)
    return text


def clean_minutes(raw, low: int, example: int) -> int:
    """A whole number of minutes in low..MAX_MINUTES, with a sentence when not."""
    try:
        minutes = int(str(raw).strip())
    except ValueError as exc:
        raise ValidationError(f"Thời lượng “{raw}” không hợp lệ; hãy nhập số phút, ví dụ {example}.") from exc
    if not low <= minutes <= MAX_MINUTES:
        raise ValidationError(f"Thời lượng phải từ {low} đến {MAX_MINUTES} phút (đã nhập {minutes}).")
    return minutes


def check_delegate(db: Database, event_id: int, delegate_id: int | None, message: str) -> int | None:
    """None, or a delegate of this very event (`message` otherwise)."""
    if delegate_id is not None:
        row = db.execute("SELECT event_id FROM delegates WHERE id = ?", [delegate_id]).fetchone()
        if row is None or row[0] != event_id:
            raise ValidationError(message)
    return delegate_id


def clean_changes(db: Database, event_id: int, changes: dict) -> dict:
    """Validate edits of an item; a Vietnamese sentence for each bad value."""
    out = {}
    for key, raw in changes.items():
        if key not in ITEM_FIELDS:
            raise ValueError(f"unknown agenda field {key}")
        if key == "title":
            out[key] = clean_title(raw, "Nội dung của mục chương trình không được để trống.")
        elif key == "duration_min":
            out[key] = clean_minutes(raw, 0, 15)
        elif key == "pinned_start":
            pin = parse_clock(raw)
            out[key] = format_clock(pin) if pin is not None else None
        elif key == "presenter_delegate_id":
            out[key] = check_delegate(db, event_id, raw,
                                      "Người thực hiện phải là đại biểu của chính sự kiện này.")
        elif key == "kind":
            out[key] = clean_text(raw) or FREE
        else:
            out[key] = clean_text(raw)
    return out


def insert_item(db: Database, event_id: int, position: int | None = None, kind: str = FREE,
                title: str | None = None, duration_min: int | None = None, **fields) -> int:
    """Insert an item at `position` (1-based; default last); a standard kind takes the template's title and minutes."""
    event = repository.event(db, event_id)
    standard = {s.kind: s for s in standard_items(db, event.plan_id)}
    if kind != FREE and kind not in standard:
        raise ValidationError(f"Mục chuẩn “{kind}” không có trong kế hoạch; hãy chọn một mục trong bảng mẫu.")
    base = standard.get(kind)
    values = clean_changes(db, event_id, {
        "kind": kind,
        "title": title if title is not None else (base.title if base else "Nội dung mới"),
        "duration_min": duration_min if duration_min is not None else (base.minutes if base else 10),
        **fields,
    })
    with db.atomic():
        ids = _ids(db, event_id)
        position = len(ids) + 1 if position is None else max(1, min(position, len(ids) + 1))
        new_id = db["agenda_items"].insert({"event_id": event_id, "position": 0, **values}).last_pk
        ids.insert(position - 1, new_id)
        _renumber(db, event_id, ids)
    return new_id


def restore_item(db: Database, row: dict) -> int:
    """Put a deleted item back with its id and position (undo of delete), with its signing
    units and the talks that were shown within it."""
    row = dict(row)
    units = row.pop("signing_units", [])
    talks = row.pop("attached_talks", [])
    with db.atomic():
        ids = _ids(db, row["event_id"])
        db["agenda_items"].insert(dict(row, position=0))
        ids.insert(max(0, min(row["position"] - 1, len(ids))), row["id"])
        _renumber(db, row["event_id"], ids)
        for position, unit_id in enumerate(units):
            db.execute("INSERT INTO agenda_item_units (item_id, unit_id, position) VALUES (?, ?, ?)",
                       [row["id"], unit_id, position])
        for talk in talks:
            db.execute("UPDATE speeches SET agenda_item_id = ? WHERE id = ?", [row["id"], talk])
    return row["id"]


def delete_item(db: Database, item_id: int) -> dict:
    """Delete an item; return its row (with its signing units and attached talks) so it can be restored."""
    row = item_row(db, item_id)
    row["signing_units"] = [r[0] for r in db.execute(
        "SELECT unit_id FROM agenda_item_units WHERE item_id = ? ORDER BY position", [item_id])]
    row["attached_talks"] = [r[0] for r in db.execute(
        "SELECT id FROM speeches WHERE agenda_item_id = ?", [item_id])]
    with db.atomic():
        db.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])
        _renumber(db, row["event_id"], _ids(db, row["event_id"]))
    return row


def move_item(db: Database, item_id: int, to_position: int) -> int:
    """Move an item to `to_position` (1-based, clamped); return its old position."""
    row = item_row(db, item_id)
    with db.atomic():
        ids = _ids(db, row["event_id"])
        old = ids.index(item_id) + 1
        ids.remove(item_id)
        to_position = max(1, min(to_position, len(ids) + 1))
        ids.insert(to_position - 1, item_id)
        _renumber(db, row["event_id"], ids)
    return old


def update_item(db: Database, item_id: int, **changes) -> dict:
    """Change fields of an item; return the old values of those fields (for undo)."""
    row = item_row(db, item_id)
    values = clean_changes(db, row["event_id"], changes)
    if "presenter_delegate_id" in values and values["presenter_delegate_id"] and "presenter_text" not in values:
        values["presenter_text"] = ""  # a delegate replaces a free text
    old = {k: row[k] for k in values}
    with db.atomic():
        db["agenda_items"].update(item_id, values)
    return old


def fill_standard_agenda(db: Database, event_id: int) -> list[int]:
    """Give an empty agenda the standard items of the event's type and form; return the new ids."""
    if _count(db, event_id):
        raise ValidationError("Chương trình đã có nội dung; hãy xóa hết trước khi tạo lại theo mẫu.")
    type_code = repository.event(db, event_id).type_code
    created = []
    with db.atomic():
        for item in palette(db, event_id):
            if item.standard_for(type_code):
                created.append(insert_item(db, event_id, None, item.kind))
    return created


def set_event_frame(db: Database, event_id: int, start_time: str | None = None,
                    session_minutes: int | None = None) -> dict:
    """Change when the session starts and how long it lasts; return the old values (for undo)."""
    event = repository.event(db, event_id)
    changes, old = {}, {}
    if start_time is not None:
        pin = parse_clock(start_time)
        if pin is None:
            raise ValidationError("Hãy nhập giờ bắt đầu, ví dụ 07:30.")
        changes["start_time"], old["start_time"] = format_clock(pin), event.start_time
    if session_minutes is not None:
        minutes = clean_minutes(session_minutes, 30, 240)
        changes["session_minutes"], old["session_minutes"] = minutes, event.session_minutes
    if changes:
        with db.atomic():
            db["events"].update(event_id, changes)
    return old
