"""The plan timeline: every milestone's due date for every unit it applies to, and its state.

Reading is split from computing: `load()` turns the database into plain data,
`compute()` resolves deadlines and states without touching the database (so
the window can recompute on every change and the benchmark can time it).

Deadline shapes (see domain/deadlines.py): fixed date, month, quarter, relative
to an event (a per-unit milestone with `rel_event_type` hangs on each unit's
own event of that type, an office one on `rel_event_id`), and after another
milestone (a chain). A chain never makes a milestone due before the one it
follows: the due date is clamped and a warning says so. `DeadlineResolver` is
the one owner of "which event a deadline counts from" (`event_of`) and of any
deadline's date for a unit (`deadline_due`): dossier items (dossier_due) and
speech vetting (agenda_speeches) ask it too.

States as of a date: `done` (progress 'done' with done_on on or before that
date), `overdue`, `due_soon` (within N days, N a setting, 7 by default) and
`open`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline, format_date
from thidua_desktop.domain.models import Unit, parse_date
from thidua_desktop.domain.names import fold
from thidua_desktop.services import repository, unit_groups
from thidua_desktop.templates.model import PlanRules

SOON_SETTING = "timeline.due_soon_days"
DEFAULT_SOON_DAYS = 7
STATES = ("done", "overdue", "due_soon", "open")
STATE_LABELS = {
    "done": "Hoàn thành", "overdue": "Quá hạn", "due_soon": "Sắp đến hạn", "open": "Chưa đến hạn",
}
PROGRESS_LABELS = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Hoàn thành"}
# One palette for the window and the exported workbook: (strong, light background).
STATE_COLOURS = {
    "done": ("#2E7D32", "#D7EFD9"),
    "overdue": ("#C62828", "#F8D4D4"),
    "due_soon": ("#B26A00", "#FFE9B3"),
    "open": ("#4A6785", "#E8EEF5"),
}
# Sorting by lateness: overdue first (the longer, the higher), then due soon, open, done.
_RANK = {"overdue": 3, "due_soon": 2, "open": 1, "done": 0}


@dataclass(frozen=True)
class Milestone:
    """A milestone of a plan, as stored."""

    id: int
    plan_id: int
    code: str
    title: str
    due_kind: str
    due_date: dt.date | None
    due_year: int | None
    due_period: int | None
    rel_event_id: int | None
    rel_event_type: str | None
    rel_milestone_id: int | None
    offset_days: int
    responsible: str
    partners: str
    applies_to: str
    source: str
    position: int
    rel_scope: str = "own"  # "group": the event of the unit's group (its cluster)

    @property
    def deadline(self) -> Deadline:
        """The deadline shape (references stay ids)."""
        if self.due_kind in ("event", "after"):
            ref = self.rel_event_id if self.due_kind == "event" else self.rel_milestone_id
            return Deadline(self.due_kind, ref=ref, offset_days=self.offset_days)
        return Deadline(self.due_kind, date=self.due_date, year=self.due_year, period=self.due_period)

    def describe(self) -> str:
        """The deadline as the plans write it ("trước ngày 10/04/2025", "Quý I năm 2025"...)."""
        if self.due_kind == "fixed" and self.due_date is None:
            return "chưa đặt ngày"
        if self.due_kind in ("month", "quarter") and not (self.due_year and self.due_period):
            return "chưa đặt kỳ"
        return self.deadline.describe()


@dataclass(frozen=True)
class EventMark:
    """An event as the timeline draws it."""

    id: int
    code: str
    name: str
    type_code: str
    unit_id: int
    unit_name: str
    date: dt.date | None
    is_pilot: bool
    level: str


@dataclass(frozen=True)
class Line:
    """One milestone for one unit: its due date and state as of a date."""

    milestone_id: int
    unit_id: int
    unit_name: str
    due: dt.date | None
    state: str  # done | overdue | due_soon | open
    progress: str  # todo | doing | done (as stored)
    done_on: dt.date | None
    days_late: int | None  # overdue: days past due; done: days done after the due date
    days_left: int | None  # not done: days until due (negative when overdue)
    event_id: int | None = None  # the event the deadline hangs on, if any
    clamped: bool = False
    note: str = ""

    @property
    def lateness(self) -> int:
        """A number that sorts the latest first (overdue by days, then due soon, open, done)."""
        rank = _RANK[self.state] * 100_000
        if self.state == "overdue":
            return rank + (self.days_late or 0)
        if self.state in ("due_soon", "open"):
            return rank + 50_000 - min(self.days_left if self.days_left is not None else 49_999, 49_999)
        return rank + (self.days_late or 0)


@dataclass(frozen=True)
class ChainWarning:
    """A chained milestone the data asked to fall due before the one it follows."""

    milestone_id: int
    message: str


@dataclass
class TimelineData:
    """Everything `compute()` needs, read from the database once."""

    plan_id: int
    organiser: Unit
    units: list[Unit]  # the organiser first, then the subordinate units in order
    milestones: list[Milestone]
    events: list[EventMark]
    targets: dict[int, list[int]]  # milestone id -> unit ids it applies to
    progress: dict[tuple[int, int], tuple[str, dt.date | None, str]]  # (m, u) -> state, done_on, note
    own_events: dict[tuple[str, int], int] = field(default_factory=dict)  # (type, unit) -> event id
    type_names: dict[str, str] = field(default_factory=dict)  # event type code -> its name
    groups_of: dict[int, list[int]] = field(default_factory=dict)  # unit -> its groups


@dataclass
class Timeline:
    """The computed timeline of one plan as of a date."""

    data: TimelineData
    as_of: dt.date
    soon_days: int
    lines: list[Line]
    warnings: list[ChainWarning]
    _index: dict[tuple[int, int], Line] = field(default_factory=dict, repr=False)
    _by_milestone: dict[int, list[Line]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(ln.milestone_id, ln.unit_id): ln for ln in self.lines}
        for ln in self.lines:
            self._by_milestone.setdefault(ln.milestone_id, []).append(ln)

    @property
    def milestones(self) -> list[Milestone]:
        """The plan's milestones in order."""
        return self.data.milestones

    @property
    def units(self) -> list[Unit]:
        """The organiser then the subordinate units."""
        return self.data.units

    @property
    def events(self) -> list[EventMark]:
        """The plan's events."""
        return self.data.events

    def line(self, milestone_id: int, unit_id: int) -> Line | None:
        """The line of a milestone for a unit (None when it does not apply)."""
        return self._index.get((milestone_id, unit_id))

    def lines_of(self, milestone_id: int) -> list[Line]:
        """Every unit's line of one milestone."""
        return list(self._by_milestone.get(milestone_id, ()))

    def counts(self, milestone_id: int) -> dict[str, int]:
        """How many lines of a milestone are in each state."""
        counts = dict.fromkeys(STATES, 0)
        for ln in self.lines_of(milestone_id):
            counts[ln.state] += 1
        return counts

    def todo(self) -> list[Line]:
        """Overdue and due-soon lines, the most urgent first."""
        urgent = [ln for ln in self.lines if ln.state in ("overdue", "due_soon")]
        return sorted(urgent, key=lambda ln: (-ln.lateness, ln.due or dt.date.max, ln.unit_name))

    def milestone(self, milestone_id: int) -> Milestone | None:
        """A milestone by id."""
        return next((m for m in self.data.milestones if m.id == milestone_id), None)

    def summary_state(self, milestone_id: int) -> str | None:
        """The state a milestone shows as a whole: the worst of its lines (None without lines)."""
        states = {ln.state for ln in self._by_milestone.get(milestone_id, ())}
        if not states:
            return None
        for state in ("overdue", "due_soon", "open"):
            if state in states:
                return state
        return "done"

    def period_start(self, milestone_id: int) -> dt.date | None:
        """Where a Gantt bar starts: the month's or quarter's first day, or the milestone followed."""
        m = self.milestone(milestone_id)
        if m is None:
            return None
        if m.due_kind == "month" and m.due_year and m.due_period:
            return dt.date(m.due_year, m.due_period, 1)
        if m.due_kind == "quarter" and m.due_year and m.due_period:
            return dt.date(m.due_year, 3 * m.due_period - 2, 1)
        if m.due_kind == "after" and m.rel_milestone_id:
            dues = [ln.due for ln in self._by_milestone.get(m.rel_milestone_id, ()) if ln.due]
            return min(dues) if dues else None
        return None


# --- reading ---------------------------------------------------------------

def soon_days(db: Database) -> int:
    """N in "due within N days" (a setting, 7 by default)."""
    value = repository.get_setting(db, SOON_SETTING, DEFAULT_SOON_DAYS)
    return int(value) if isinstance(value, int | float) and value >= 0 else DEFAULT_SOON_DAYS


def milestone_from_row(row: dict) -> Milestone:
    """A Milestone from a `milestones` row."""
    return Milestone(
        id=row["id"], plan_id=row["plan_id"], code=row["code"], title=row["title"],
        due_kind=row["due_kind"], due_date=parse_date(row["due_date"]), due_year=row["due_year"],
        due_period=row["due_period"], rel_event_id=row["rel_event_id"],
        rel_event_type=row["rel_event_type"], rel_milestone_id=row["rel_milestone_id"],
        offset_days=row["offset_days"] or 0, responsible=row["responsible"],
        partners=row["partners"], applies_to=row["applies_to"], source=row["source"],
        position=row["position"], rel_scope=row.get("rel_scope") or "own",
    )


def milestones(db: Database, plan_id: int) -> list[Milestone]:
    """The plan's milestones in order."""
    rows = db.query("SELECT * FROM milestones WHERE plan_id = ? ORDER BY position, id", [plan_id])
    return [milestone_from_row(r) for r in rows]


def load(db: Database, plan_id: int) -> TimelineData:
    """Read one plan's milestones, events, targets and progress."""
    plan = repository.plan(db, plan_id)
    organiser = repository.unit(db, plan.organiser_id)
    units = [organiser, *repository.units(db, organiser.id)]
    items = milestones(db, plan_id)
    events = [
        EventMark(e.id, e.code, e.name, e.type_code, e.unit_id, e.unit_name, e.date, e.is_pilot, e.level)
        for e in repository.events(db, plan_id)
    ]
    selected: dict[int, list[int]] = {}
    for mid, uid in db.execute(
        "SELECT mu.milestone_id, mu.unit_id FROM milestone_units mu "
        "JOIN milestones m ON m.id = mu.milestone_id WHERE m.plan_id = ?", [plan_id]
    ):
        selected.setdefault(mid, []).append(uid)
    order = {u.id: i for i, u in enumerate(units)}
    # "units" means the member units; a cluster or bloc itself is reached by a group target.
    subordinate = [u.id for u in units[1:] if u.level != "group"]
    targets = {}
    for m in items:
        if m.applies_to == "office":
            targets[m.id] = [organiser.id]
        elif m.applies_to == "units":
            targets[m.id] = subordinate
        else:
            targets[m.id] = sorted(selected.get(m.id, []), key=lambda u: order.get(u, 1 << 30))
    progress = {
        (r[0], r[1]): (r[2], parse_date(r[3]), r[4] or "")
        for r in db.execute(
            "SELECT p.milestone_id, p.unit_id, p.state, p.done_on, p.note FROM milestone_progress p "
            "JOIN milestones m ON m.id = p.milestone_id WHERE m.plan_id = ?", [plan_id]
        )
    }
    own, type_names = _own_events(repository.plan_rules(db, plan_id), events, units)
    return TimelineData(plan_id, organiser, units, items, events, targets, progress, own, type_names,
                        unit_groups.groups_of(db))


def _own_events(rules: PlanRules, events: list[EventMark], units: list[Unit]):
    """(event type, unit) -> that unit's event; pilot types map to the pilot unit's event."""
    own = {(e.type_code, e.unit_id): e.id for e in events}
    by_name = {fold(u.name): u.id for u in units}
    for code, (piloted, pilot) in rules.pilot_units.items():
        unit_id = by_name.get(fold(pilot))
        if unit_id is not None and (piloted, unit_id) in own:
            own[(code, unit_id)] = own[(piloted, unit_id)]
    return own, dict(rules.event_type_names)


# --- computing ---------------------------------------------------------------

def compute(data: TimelineData, as_of: dt.date, soon: int = DEFAULT_SOON_DAYS) -> Timeline:
    """Resolve every due date and state (no database access)."""
    resolver = DeadlineResolver(data)
    names = {u.id: u.display_name for u in data.units}
    lines = []
    for m in data.milestones:
        for uid in data.targets.get(m.id, []):
            due, event_id, clamped = resolver.due(m.id, uid)
            stored, done_on, note = data.progress.get((m.id, uid), ("todo", None, ""))
            lines.append(_line(m.id, uid, names.get(uid, f"#{uid}"), due, stored, done_on, note,
                               as_of, soon, event_id, clamped))
    return Timeline(data, as_of, soon, lines, list(resolver.warnings.values()))


def _line(mid, uid, unit_name, due, stored, done_on, note, as_of, soon, event_id, clamped) -> Line:
    # Done as of the date only when it was done on or before it (or when no date was kept).
    done = stored == "done" and (done_on is None or done_on <= as_of)
    if done:
        late = (done_on - due).days if (done_on and due and done_on > due) else 0
        return Line(mid, uid, unit_name, due, "done", stored, done_on, late, None, event_id,
                    clamped, note)
    progress = "todo" if stored == "done" else stored  # done only after as_of: not yet, then
    if due is None:
        return Line(mid, uid, unit_name, None, "open", progress, None, None, None, event_id,
                    clamped, note)
    left = (due - as_of).days
    state = "overdue" if left < 0 else ("due_soon" if left <= soon else "open")
    return Line(mid, uid, unit_name, due, state, progress, None, -left if left < 0 else None,
                left, event_id, clamped, note)


class DeadlineResolver:
    """The one resolver of milestone dates per (milestone, unit): chains followed once,
    a chained milestone kept after the one it follows, loops detected."""

    def __init__(self, data: TimelineData):
        self.data = data
        self.by_id = {m.id: m for m in data.milestones}
        self.events = {e.id: e for e in data.events}
        self.by_type: dict[str, list[EventMark]] = {}
        for e in data.events:
            self.by_type.setdefault(e.type_code, []).append(e)
        for (etype, _uid), eid in data.own_events.items():
            if etype not in self.by_type:
                self.by_type.setdefault(etype, [])
            if self.events[eid] not in self.by_type[etype]:
                self.by_type[etype].append(self.events[eid])
        self.target_sets = {mid: set(uids) for mid, uids in data.targets.items()}
        self.codes = {m.code: m.id for m in data.milestones if m.code}
        self.memo: dict[tuple[int, int], tuple[dt.date | None, int | None, bool]] = {}
        self.visiting: set[tuple[int, int]] = set()
        self.warnings: dict[int, ChainWarning] = {}

    def due(self, mid: int, uid: int) -> tuple[dt.date | None, int | None, bool]:
        """(due date, event it hangs on, clamped?) of a milestone for a unit."""
        key = (mid, uid)
        if key in self.memo:
            return self.memo[key]
        if key in self.visiting:
            self._warn(mid, "Mốc “{t}” nằm trong một vòng lặp (mốc này đi sau chính nó); "
                            "hãy chọn lại mốc trước của nó.")
            return None, None, False
        self.visiting.add(key)
        try:
            result = self._resolve(self.by_id[mid], uid)
        finally:
            self.visiting.discard(key)
        self.memo[key] = result
        return result

    def _resolve(self, m: Milestone, uid: int):
        if m.due_kind == "fixed":
            return m.due_date, None, False
        if m.due_kind in ("month", "quarter"):
            if not (m.due_year and m.due_period):
                return None, None, False
            return m.deadline.resolve(), None, False
        if m.due_kind == "event":
            event = self._event_for(m, uid)
            if event is None or event.date is None:
                return None, event.id if event else None, False
            return event.date + dt.timedelta(days=m.offset_days), event.id, False
        prev = self.by_id.get(m.rel_milestone_id) if m.rel_milestone_id else None
        if prev is None:
            self._warn(m.id, "Mốc “{t}” đi sau một mốc không còn trong kế hoạch; "
                             "hãy chọn lại mốc trước của nó.")
            return None, None, False
        base, event_id = self._predecessor_due(prev, uid)
        if base is None:
            return None, event_id, False
        due = base + dt.timedelta(days=m.offset_days)
        if due < base:
            self._warn(m.id, f"Mốc “{{t}}” được đặt {-m.offset_days} ngày trước mốc “{prev.title}” "
                             f"mà nó phải đi sau; hạn được giữ bằng hạn của mốc trước "
                             f"({format_date(base)}). Hãy sửa số ngày của mốc này.")
            return base, event_id, True
        return due, event_id, False

    def milestone_due_for(self, mid: int, uid: int) -> dt.date | None:
        """A milestone's date for a unit: its own line, else the latest of its units' dates.

        Dossier items and reminders that hang on a milestone read it here, so
        they agree with the timeline (chains, clamps and loops included).
        """
        prev = self.by_id.get(mid)
        return self._predecessor_due(prev, uid)[0] if prev is not None else None

    def _predecessor_due(self, prev: Milestone, uid: int):
        """The predecessor's due date for this unit; the latest of all its units otherwise."""
        if uid in self.target_sets.get(prev.id, ()):
            due, event_id, _ = self.due(prev.id, uid)
            return due, event_id
        dues = [self.due(prev.id, other)[0] for other in self.data.targets.get(prev.id, [])]
        dues = [d for d in dues if d is not None]
        return (max(dues) if dues else None), None

    def _event_for(self, m: Milestone, uid: int) -> EventMark | None:
        return self.event_of(m.rel_event_type, m.rel_scope, uid, fixed_event_id=m.rel_event_id)

    def event_of(self, ref: str | None, scope: str, uid: int, own_event_id: int | None = None,
                 fixed_event_id: int | None = None) -> EventMark | None:
        """Which event a deadline counts from, for one unit: the one answer for milestones,
        dossier items and speech vetting.

        - scope "group": the event of type `ref` held by a group (cluster, bloc) of the unit;
        - no `ref`: the unit's own event (`own_event_id`: a dossier run's or a speech's), else
          the event the deadline was tied to (`fixed_event_id`);
        - `ref` the type of that own event: the same;
        - else the unit's own event of that type (the organiser has none), then the tied
          event, then the plan's one event of that type (none when there are several).
        """
        if scope == "group":
            for gid in self.data.groups_of.get(uid, []):
                own = self.data.own_events.get((ref, gid))
                if own is not None:
                    return self.events.get(own)
            return None
        own_event = self.events.get(own_event_id) if own_event_id is not None else None
        tied = self.events.get(fixed_event_id) if fixed_event_id is not None else None
        if not ref:
            return own_event or tied
        if own_event is not None and own_event.type_code == ref:
            return own_event
        if uid != self.data.organiser.id:
            own = self.data.own_events.get((ref, uid))
            if own is not None:
                return self.events.get(own)
        if tied is not None:
            return tied
        candidates = self.by_type.get(ref, [])
        return candidates[0] if len(candidates) == 1 else None

    def deadline_due(self, deadline: Deadline, uid: int, own_event_id: int | None = None,
                     fallback_event_id: int | None = None) -> dt.date | None:
        """Any deadline's date for one unit (dossier items, speech vetting, reminders).

        `fallback_event_id` (a dossier run's event) answers an event deadline with no
        event of its own or of its type found for the unit.
        """
        if deadline.kind == "event":
            event = self.event_of(deadline.ref, deadline.scope, uid, own_event_id)
            fallback = self.events.get(fallback_event_id) if fallback_event_id is not None else None
            if event is None and deadline.scope != "group" and fallback is not None and (
                    not deadline.ref or fallback.type_code == deadline.ref):
                event = fallback
            return event.date + dt.timedelta(days=deadline.offset_days) if event and event.date else None
        if deadline.kind == "after":
            mid = self.codes.get(deadline.ref, deadline.ref if deadline.ref in self.by_id else None)
            base = self.milestone_due_for(mid, uid) if mid is not None else None
            return base + dt.timedelta(days=deadline.offset_days) if base else None
        return deadline.resolve()

    def _warn(self, mid: int, template: str) -> None:
        if mid not in self.warnings:
            self.warnings[mid] = ChainWarning(mid, template.replace("{t}", self.by_id[mid].title))


def resolver_for(db: Database, plan_id: int) -> DeadlineResolver:
    """The plan's deadline resolver (reads the plan once; reuse it for many units)."""
    return DeadlineResolver(load(db, plan_id))


def timeline(db: Database, plan_id: int, as_of: dt.date | None = None,
             soon: int | None = None) -> Timeline:
    """Load and compute one plan's timeline as of a date (default today)."""
    return compute(load(db, plan_id), as_of or dt.date.today(), soon_days(db) if soon is None else soon)


def plan_ids(db: Database) -> list[int]:
    """Every plan id, oldest first."""
    return [r[0] for r in db.execute("SELECT id FROM plans ORDER BY id")]


def line_json(tl: Timeline, ln: Line) -> dict:
    """One line in the `timeline` command's JSON shape (plus extra keys)."""
    m = tl.milestone(ln.milestone_id)
    return {
        "milestone": m.title, "unit": ln.unit_name, "due": ln.due.isoformat() if ln.due else None,
        "state": ln.state, "code": m.code, "plan_id": tl.data.plan_id, "unit_id": ln.unit_id,
        "progress": ln.progress, "done_on": ln.done_on.isoformat() if ln.done_on else None,
        "days_late": ln.days_late, "days_left": ln.days_left, "deadline": m.describe(),
        "responsible": m.responsible, "clamped": ln.clamped,
    }


def cell_text(ln: Line, long: bool = False) -> str:
    """What a grid cell says: the date done, the days late or left, or the due date."""
    def day(value: dt.date) -> str:
        return format_date(value) if long else f"{value.day:02d}/{value.month:02d}"

    if ln.state == "done":
        text = ("" if long else "✓ ") + (day(ln.done_on) if ln.done_on else "Hoàn thành")
        if ln.days_late:
            text += f" (trễ {ln.days_late} ngày)" if long else f" (+{ln.days_late})"
        return text
    if ln.state == "overdue":
        text = f"Trễ {ln.days_late} ngày"
    elif ln.state == "due_soon":
        text = "Đến hạn hôm nay" if ln.days_left == 0 else f"Còn {ln.days_left} ngày"
    else:
        text = f"Hạn {day(ln.due)}" if ln.due else "Chưa có hạn"
    if ln.progress == "doing":
        text = text + " (đang thực hiện)" if long else "◐ " + text
    return text
