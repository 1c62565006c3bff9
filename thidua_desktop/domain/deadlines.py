"""Deadline shapes found in the seed plans, and how each resolves to a date.

- fixed:   {"kind": "fixed", "date": "2025-04-10"}
- month:   {"kind": "month", "year": 2025, "month": 1}       -> last day of the month
- quarter: {"kind": "quarter", "year": 2025, "quarter": 1}   -> last day of the quarter
- event:   {"kind": "event", "event": TYPE, "offset_days": -10}  -> event date + offset
           (without "event": the event the item belongs to; with "of": "group":
           the event of TYPE held by the group the unit belongs to, its cluster)
- after:   {"kind": "after", "milestone": CODE, "offset_days": 0} -> that due date + offset
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

KINDS = ("fixed", "month", "quarter", "event", "after")
SCOPES = ("own", "group")
MAX_OFFSET_DAYS = 3660  # ten years either way: a plan's deadlines never reach further
# How the editors name each shape, in the order above.
KIND_LABELS = (
    ("fixed", "Trước một ngày cố định"),
    ("month", "Trong một tháng"),
    ("quarter", "Trong một quý"),
    ("event", "Tính theo ngày tổ chức sự kiện"),
    ("after", "Sau một mốc công việc khác"),
)


@dataclass(frozen=True)
class Deadline:
    """One deadline, in any of the five shapes."""

    kind: str
    date: dt.date | None = None
    year: int | None = None
    period: int | None = None  # month 1-12 or quarter 1-4
    ref: str | int | None = None  # event or milestone reference
    offset_days: int = 0
    scope: str = "own"  # event shape: the unit's own event, or its group's ("group")

    @classmethod
    def from_dict(cls, data: Mapping) -> Deadline:
        """Read the JSON shape used in templates (raises ValueError when malformed)."""
        kind = data.get("kind")
        if kind not in KINDS:
            raise ValueError(f"unknown deadline kind {kind!r}")
        offset = data.get("offset_days", 0)
        if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > MAX_OFFSET_DAYS:
            raise ValueError(f"offset_days must be a whole number of days within ±{MAX_OFFSET_DAYS}")
        if kind in ("month", "quarter") and not 1900 <= int(data["year"]) <= 2200:
            raise ValueError(f"year {data['year']} out of range")
        if kind == "fixed":
            return cls(kind, date=dt.date.fromisoformat(str(data["date"])))
        if kind == "month":
            month = int(data["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} out of range")
            return cls(kind, year=int(data["year"]), period=month)
        if kind == "quarter":
            quarter = int(data["quarter"])
            if not 1 <= quarter <= 4:
                raise ValueError(f"quarter {quarter} out of range")
            return cls(kind, year=int(data["year"]), period=quarter)
        if kind == "event":
            # No "event" key: the event the item belongs to (its own event).
            scope = data.get("of", "own")
            if scope not in SCOPES:
                raise ValueError(f"“of” must be one of {', '.join(SCOPES)}, not {scope!r}")
            return cls(kind, ref=data.get("event"), offset_days=offset, scope=scope)
        return cls(kind, ref=data["milestone"], offset_days=offset)

    def to_dict(self) -> dict:
        """The JSON shape."""
        if self.kind == "fixed":
            return {"kind": "fixed", "date": self.date.isoformat()}
        if self.kind == "month":
            return {"kind": "month", "year": self.year, "month": self.period}
        if self.kind == "quarter":
            return {"kind": "quarter", "year": self.year, "quarter": self.period}
        key = "event" if self.kind == "event" else "milestone"
        out = {"kind": self.kind, key: self.ref, "offset_days": self.offset_days}
        if self.scope != "own":
            out["of"] = self.scope
        return out

    def resolve(
        self,
        event_date: Callable[[str | int], dt.date | None] | None = None,
        milestone_due: Callable[[str | int], dt.date | None] | None = None,
    ) -> dt.date | None:
        """The due date, or None when the event or milestone it hangs on has no date."""
        if self.kind == "fixed":
            return self.date
        if self.kind == "month":
            return dt.date(self.year, self.period, calendar.monthrange(self.year, self.period)[1])
        if self.kind == "quarter":
            month = self.period * 3
            return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])
        lookup = event_date if self.kind == "event" else milestone_due
        base = lookup(self.ref) if lookup else None
        return base + dt.timedelta(days=self.offset_days) if base else None

    def describe(self) -> str:
        """A Vietnamese phrase as the plans write it."""
        if self.kind == "fixed":
            return f"trước ngày {self.date.day:02d}/{self.date.month:02d}/{self.date.year}"
        if self.kind == "month":
            return f"trong tháng {self.period:02d}/{self.year}"
        if self.kind == "quarter":
            roman = ("I", "II", "III", "IV")[self.period - 1]
            return f"trong Quý {roman} năm {self.year}"
        days = abs(self.offset_days)
        if self.kind == "event":
            whose = " của cụm, khối" if self.scope == "group" else ""
            if self.offset_days < 0:
                return f"ít nhất {days} ngày trước ngày tổ chức{whose}"
            if self.offset_days > 0:
                return f"{days} ngày sau ngày tổ chức{whose}"
            return f"đúng ngày tổ chức{whose}"
        return f"{days} ngày sau mốc trước" if days else "ngay sau mốc trước"


def format_date(value: dt.date | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
