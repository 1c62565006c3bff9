"""Due dates of dossier items: a template item's deadline resolved for one unit.

Which event a deadline counts from, and a milestone's date, are answered by
the timeline's `DeadlineResolver` (`event_of`, `deadline_due`): the one owner,
shared with the timeline and speech vetting. Here: the unit, its own event
(the run's line) and the run's event, and one resolver read per plan. No Qt,
no writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline


class DueResolver:
    """Resolves deadlines for one unit of one run.

    `shared`: a callable giving the plan's DeadlineResolver, so that a run of many
    units reads the plan once (timeline_service.resolver_for, cached by the caller).
    """

    def __init__(self, db: Database, plan_id: int, unit_id: int, own_event_id: int | None,
                 run_event_id: int | None, shared: Callable[[], object] | None = None):
        self.db = db
        self.plan_id = plan_id
        self.unit_id = unit_id
        self.own_event_id = own_event_id
        self.run_event_id = run_event_id
        self._shared = shared
        self._resolver = None

    def resolver(self):
        """The plan's DeadlineResolver (read on first use)."""
        if self._resolver is None:
            if self._shared is not None:
                self._resolver = self._shared()
            else:
                from thidua_desktop.services import timeline_service

                self._resolver = timeline_service.resolver_for(self.db, self.plan_id)
        return self._resolver

    def due(self, due_json: str | dict) -> dt.date | None:
        """The date a deadline (JSON text or dict) falls on for this unit, or None."""
        data = json.loads(due_json) if isinstance(due_json, str) else due_json
        if not data:
            return None
        try:
            deadline = Deadline.from_dict(data)
        except (KeyError, ValueError, TypeError):
            return None
        if deadline.kind not in ("event", "after"):
            return deadline.resolve()
        return self.resolver().deadline_due(deadline, self.unit_id, self.own_event_id, self.run_event_id)
