"""Plain records of the domain, read from the store (no Qt, no SQL here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unit:
    """An organisation: the organiser or one of its subordinate units."""

    id: int
    name: str
    kind: str
    kind_name: str
    level: str
    parent_id: int | None
    is_organiser: bool

    @property
    def display_name(self) -> str:
        """“Xã Tân Lợi”."""
        return f"{self.kind_name} {self.name}"


@dataclass(frozen=True)
class Plan:
    """The guiding document (Kế hoạch)."""

    id: int
    organiser_id: int
    template_id: str | None
    number: str
    issued_on: dt.date | None
    issuer: str
    place: str
    title: str
    edition: str
    review_period: str
    direction_period: str
    legal_bases: list[str] = field(default_factory=list)
    # The plan's rules are not here: read them typed, `repository.plan_rules(db, plan_id)`.


@dataclass(frozen=True)
class Event:
    """A congress or conference of one unit."""

    id: int
    plan_id: int
    code: str
    type_code: str
    name: str
    form: str
    level: str
    unit_id: int
    unit_name: str
    parent_event_id: int | None
    date: dt.date | None
    due: dt.date | None
    start_time: str
    session_minutes: int
    venue: str
    is_pilot: bool
    max_delegates: int | None
    exemplary_share: float | None
    presidium_min: int | None
    presidium_max: int | None
    presidium_exemplary: float | None
    leadership: str
    status: str


def parse_date(text: str | None) -> dt.date | None:
    """ISO text to a date (None stays None)."""
    return dt.date.fromisoformat(text) if text else None
