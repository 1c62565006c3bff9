"""Due dates of dossier items: a template item's deadline resolved for one unit.

A deadline of the "event" shape hangs on the unit's own event (no `event` key,
or the unit's own event type), or on the plan's one event of the named type;
an "after" deadline hangs on a milestone of the plan, itself resolved the same
way (milestones may chain). No Qt, no writes.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class DueResolver:
    """Resolves deadlines for one unit of one run (cached per instance)."""

    def __init__(self, db: Database, plan_id: int, unit_id: int, own_event_id: int | None,
                 run_event_id: int | None):
        self.db = db
        self.plan_id = plan_id
        self.unit_id = unit_id
        own = db.execute("SELECT date, type_code FROM events WHERE id = ?",
                         [own_event_id]).fetchone() if own_event_id else None
        run = db.execute("SELECT date, type_code FROM events WHERE id = ?",
                         [run_event_id]).fetchone() if run_event_id else None
        self.own_date, self.own_type = (_date(own[0]), own[1]) if own else (None, None)
        self.run_date, self.run_type = (_date(run[0]), run[1]) if run else (None, None)
        self._milestones: dict[str, dt.date | None] = {}

    def due(self, due_json: str | dict) -> dt.date | None:
        """The date a deadline (JSON text or dict) falls on for this unit, or None."""
        data = json.loads(due_json) if isinstance(due_json, str) else due_json
        if not data:
            return None
        try:
            deadline = Deadline.from_dict(data)
        except (KeyError, ValueError, TypeError):
            return None
        return deadline.resolve(event_date=self.event_date, milestone_due=self.milestone_due)

    def event_date(self, ref) -> dt.date | None:
        """The date of the event a deadline names (None: the unit's own event)."""
        if ref is None or ref == self.own_type:
            return self.own_date or (self.run_date if ref is None else None)
        rows = self.db.execute(
            "SELECT date FROM events WHERE plan_id = ? AND type_code = ? ORDER BY id",
            [self.plan_id, ref]).fetchall()
        if len(rows) == 1:
            return _date(rows[0][0])
        if ref == self.run_type:
            return self.run_date
        return None

    def milestone_due(self, code, _depth: int = 0) -> dt.date | None:
        """A milestone's due date, following "after" chains (at most 20 deep)."""
        if code in self._milestones:
            return self._milestones[code]
        rows = list(self.db.query(
            "SELECT m.*, e.date AS rel_date, r.code AS rel_code FROM milestones m "
            "LEFT JOIN events e ON e.id = m.rel_event_id "
            "LEFT JOIN milestones r ON r.id = m.rel_milestone_id "
            "WHERE m.plan_id = ? AND m.code = ?", [self.plan_id, code]))
        self._milestones[code] = None  # a cycle resolves to "no date", not a recursion error
        result = self._milestone_date(rows[0], _depth) if rows and _depth < 20 else None
        self._milestones[code] = result
        return result

    def _milestone_date(self, m: dict, depth: int) -> dt.date | None:
        kind, offset = m["due_kind"], dt.timedelta(days=m["offset_days"] or 0)
        if kind == "fixed":
            return _date(m["due_date"])
        if kind == "month":
            return Deadline("month", year=m["due_year"], period=m["due_period"]).resolve()
        if kind == "quarter":
            return Deadline("quarter", year=m["due_year"], period=m["due_period"]).resolve()
        if kind == "event":
            base = _date(m["rel_date"]) if m["rel_date"] else (
                self.event_date(m["rel_event_type"]) if m["rel_event_type"] else None)
            return base + offset if base else None
        base = self.milestone_due(m["rel_code"], depth + 1) if m["rel_code"] else None
        return base + offset if base else None
