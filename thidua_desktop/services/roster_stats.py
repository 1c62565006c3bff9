"""Counts and shares of an event's roster against the plan's rules.

The rules are data: the event row holds its quotas (maximum, exemplary share,
presidium or chair panel size), the plan's copy of its template holds the
structure to watch (the typed `StructureRules` of the plan). The rules panel and the
`check` rules both read this summary. Absent delegates are not counted.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.services import repository
from thidua_desktop.templates.model import AgeBand, StructureRules

# Labels of the structure criteria a template may watch or give a share for.
CRITERIA = {
    "women": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số",
    "direct_worker": "Trực tiếp sản xuất, công tác",
    "religion": "Có tôn giáo",
    "party_member": "Đảng viên",
}
LEADERSHIP_LABELS = {"presidium": "Đoàn Chủ tịch", "chair_panel": "Chủ tọa", "none": ""}


@dataclass(frozen=True)
class Share:
    """One criterion: how many of `base` delegates meet it, and its bounds if any."""

    key: str
    label: str
    count: int
    base: int
    minimum: float | None = None
    maximum: float | None = None

    @property
    def share(self) -> float:
        """count / base (0 when there is nobody)."""
        return self.count / self.base if self.base else 0.0

    @property
    def ok(self) -> bool | None:
        """True/False against the bounds (whole percents, as reports print them); None without."""
        if self.minimum is None and self.maximum is None:
            return None
        pct = round(self.share * 100)
        if self.minimum is not None and pct < round(self.minimum * 100):
            return False
        if self.maximum is not None and pct > round(self.maximum * 100):
            return False
        return True


@dataclass(frozen=True)
class Panel:
    """The presidium (congress) or chair panel (conference) of an event."""

    kind: str  # "presidium" | "chair_panel" | "none"
    count: int
    exemplary: int
    minimum: int | None
    maximum: int | None
    exemplary_share: float | None
    rows: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """"Đoàn Chủ tịch" or "Chủ tọa"."""
        return LEADERSHIP_LABELS.get(self.kind, "")

    @property
    def exemplary_needed(self) -> int:
        """Exemplars the panel needs (a third of 10 is 4: at least the share)."""
        if not self.exemplary_share:
            return 0
        return math.ceil(self.count * self.exemplary_share - 0.001)


@dataclass(frozen=True)
class RosterStats:
    """The roster of one event, counted."""

    event_id: int
    event_code: str
    level: str
    total: int
    max_delegates: int | None
    exemplary: int
    guests: int
    leaders: int
    absent: int
    exemplary_target: float | None
    structure_base: str  # "exemplary" | "all": whom the structure shares count
    structure: list[Share] = field(default_factory=list)
    sectors: list[tuple[str, int]] = field(default_factory=list)
    fields: list[tuple[str, int]] = field(default_factory=list)
    age_bands: list[tuple[str, int]] = field(default_factory=list)
    panel: Panel | None = None
    rules: StructureRules = field(default_factory=StructureRules)  # the plan's structure rules
    reference_year: int = 0

    @property
    def exemplary_share(self) -> Share:
        """Exemplary delegates among all counted ones, against the event's share."""
        return Share("exemplary", "Điển hình tiên tiến", self.exemplary, self.total,
                     self.exemplary_target, None)


@dataclass(frozen=True)
class EventRules:
    """An event's quotas and its plan's structure rules."""

    id: int
    code: str
    level: str
    date: dt.date | None
    max_delegates: int | None
    exemplary_share: float | None
    leadership: str
    panel_min: int | None
    panel_max: int | None
    panel_exemplary: float | None
    structure: StructureRules
    exemplary_kinds: dict[str, str]


def event_rules(db: Database, event_id: int) -> EventRules:
    """Read the event's quotas and the structure rules of its plan."""
    row = db.execute(
        "SELECT e.id, e.code, e.level, e.date, e.max_delegates, e.exemplary_share, e.leadership, "
        "e.presidium_min, e.presidium_max, e.presidium_exemplary, e.plan_id "
        "FROM events e WHERE e.id = ?", [event_id]).fetchone()
    if row is None:
        raise LookupError(f"no event {event_id}")
    rules = repository.plan_rules(db, row[10])
    return EventRules(
        id=row[0], code=row[1], level=row[2],
        date=dt.date.fromisoformat(row[3]) if row[3] else None,
        max_delegates=row[4], exemplary_share=row[5], leadership=row[6], panel_min=row[7],
        panel_max=row[8], panel_exemplary=row[9], structure=rules.structure,
        exemplary_kinds=rules.exemplary_kinds,
    )


# Every count is an aggregate in SQLite: a roster of 10,000 never crosses into Python row by row.
_COUNTED = ("FROM delegates d JOIN persons p ON p.id = d.person_id "
            "WHERE d.event_id = ? AND d.status != 'absent'")


def _bounds(structure: StructureRules, key: str) -> tuple[float | None, float | None]:
    return structure.min_shares.get(key), structure.max_shares.get(key)


def age_band(age: int, bands: tuple[AgeBand, ...]) -> str | None:
    """The label of the first band `age` fits in (None: older than every band)."""
    for band in bands:
        if age <= band.max:
            return band.label
    return None


def ethnic_minority(ethnicity: str | None, majority_folded: str) -> bool:
    """A recorded ethnicity other than the plan's majority (compared folded: "KINH" is "Kinh")."""
    return bool(ethnicity) and fold(ethnicity) != majority_folded


def summarize(db: Database, event_id: int, as_of: dt.date | None = None) -> RosterStats:
    """Count the roster of one event against its rules."""
    er = event_rules(db, event_id)
    st = er.structure
    by_category: dict[str, int] = {}
    absent = 0
    for category, is_absent, n in db.execute(
            "SELECT category, status = 'absent', count(*) FROM delegates WHERE event_id = ? "
            "GROUP BY 1, 2", [event_id]):
        if is_absent:
            absent += n
        else:
            by_category[category] = by_category.get(category, 0) + n
    base_name = st.share_base
    base_sql = _COUNTED + (" AND d.category = 'exemplary'" if base_name == "exemplary" else "")

    def grouped(expr: str) -> list[tuple]:
        return db.execute(f"SELECT {expr}, count(*) {base_sql} GROUP BY 1", [event_id]).fetchall()

    size, women, direct, party = db.execute(
        f"SELECT count(*), total(p.sex = 'Nữ'), total(d.direct_worker), total(p.party_member) "
        f"{base_sql}", [event_id]).fetchone()
    majority = fold(st.majority_ethnicity)
    counts = {
        "women": int(women), "direct_worker": int(direct), "party_member": int(party),
        "ethnic_minority": sum(n for v, n in grouped("p.ethnicity") if ethnic_minority(v, majority)),
        "religion": sum(n for v, n in grouped("p.religion")
                        if v and fold(v) not in ("khong", "khong co")),
    }
    keys = [k for k in st.watch if k in counts]
    keys += [k for k in st.min_shares if k in counts and k not in keys]
    keys += [k for k in st.max_shares if k in counts and k not in keys]
    structure = [Share(k, CRITERIA[k], counts[k], size, *_bounds(st, k)) for k in keys]
    ref = (er.date or as_of or dt.date.today()).year
    bands = st.age_bands
    age_counts = {b.label: 0 for b in bands}
    for year, n in grouped("p.birth_year"):
        label = age_band(ref - year, bands) if year else None
        if label is not None:
            age_counts[label] += n
    panel = None
    if er.leadership != "none":
        members = db.execute(
            "SELECT id, category FROM delegates WHERE event_id = ? AND status != 'absent' "
            "AND presidium = 1", [event_id]).fetchall()
        panel = Panel(er.leadership, len(members), sum(1 for _i, c in members if c == "exemplary"),
                      er.panel_min, er.panel_max, er.panel_exemplary, tuple(i for i, _c in members))
    return RosterStats(
        event_id=er.id, event_code=er.code, level=er.level, total=sum(by_category.values()),
        max_delegates=er.max_delegates, exemplary=by_category.get("exemplary", 0),
        guests=by_category.get("guest", 0), leaders=by_category.get("leader", 0),
        absent=absent, exemplary_target=er.exemplary_share,
        structure_base=base_name, structure=structure,
        sectors=_mix(grouped("d.sector"), list(st.sectors)),
        fields=_mix(grouped("d.field"), list(st.fields)),
        age_bands=list(age_counts.items()), panel=panel, rules=st, reference_year=ref,
    )


def _mix(pairs: list[tuple], listed: list[str]) -> list[tuple[str, int]]:
    """Counts per listed value (in the template's order), then others, then blanks."""
    counts: dict[str, int] = {name: 0 for name in listed}
    blank = 0
    for text, n in pairs:
        if text:
            counts[text] = counts.get(text, 0) + n
        else:
            blank += n
    out = list(counts.items())
    if blank:
        out.append(("(chưa ghi)", blank))
    return out
