"""Due dates of dossier items: a template item's deadline resolved for one unit.

A deadline of the "event" shape hangs on the unit's own event (no `event` key,
or the unit's own event type), or on the plan's one event of the named type;
an "after" deadline hangs on a milestone of the plan, whose date comes from
the timeline's `DeadlineResolver` (the one place chains are followed). No Qt,
no writes.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.services.unit_groups import group_event


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
        self._resolver = None
        self._codes: dict[str, int] = {}

    def due(self, due_json: str | dict) -> dt.date | None:
        """The date a deadline (JSON text or dict) falls on for this unit, or None."""
        data = json.loads(due_json) if isinstance(due_json, str) else due_json
        if not data:
            return None
        try:
            deadline = Deadline.from_dict(data)
        except (KeyError, ValueError, TypeError):
            return None
        if deadline.kind == "event" and deadline.scope == "group":
            # The event of the group (cluster, bloc) the unit belongs to.
            found = group_event(self.db, self.unit_id, deadline.ref)
            base = _date(found[1]) if found else None
            return base + dt.timedelta(days=deadline.offset_days) if base else None
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

    def milestone_due(self, code) -> dt.date | None:
        """A milestone's date for this unit, from the timeline's resolver (one owner)."""
        if self._resolver is None:
            from thidua_desktop.services import timeline_service

            data = timeline_service.load(self.db, self.plan_id)
            self._resolver = timeline_service.DeadlineResolver(data)
            self._codes = {m.code: m.id for m in data.milestones}
        mid = self._codes.get(code)
        return self._resolver.milestone_due_for(mid, self.unit_id) if mid is not None else None
