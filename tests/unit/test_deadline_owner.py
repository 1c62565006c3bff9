"""One owner for milestone dates: dossier items agree with the timeline."""

from __future__ import annotations

import datetime as dt

from thidua_desktop.services import timeline_service
from thidua_desktop.services.dossier_due import DueResolver
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.templates.loader import load_template


def _chain(db, offset):
    plan_id = create_plan(db, load_template("hon-quan-2025"), "Hớn Quản")
    org = db.execute("SELECT organiser_id FROM plans WHERE id = ?", [plan_id]).fetchone()[0]
    a = db["milestones"].insert({"plan_id": plan_id, "code": "a", "title": "A", "due_kind": "fixed",
                                 "due_date": "2025-05-10", "applies_to": "office", "position": 90}).last_pk
    b = db["milestones"].insert({"plan_id": plan_id, "code": "b", "title": "B", "due_kind": "after",
                                 "rel_milestone_id": a, "offset_days": offset, "applies_to": "office",
                                 "position": 91}).last_pk
    for mid in (a, b):
        db["milestone_progress"].insert({"milestone_id": mid, "unit_id": org})
    return plan_id, org, b


def test_a_chained_milestone_stays_after_the_one_it_follows_everywhere(memory_db):
    plan_id, org, b = _chain(memory_db, -5)
    tl = timeline_service.timeline(memory_db, plan_id, as_of=dt.date(2025, 1, 1))
    line = tl.line(b, org)
    assert line.due == dt.date(2025, 5, 10)  # clamped to A's date
    resolver = DueResolver(memory_db, plan_id, org, None, None)
    assert resolver.due({"kind": "after", "milestone": "b", "offset_days": 0}) == line.due
    assert resolver.due({"kind": "after", "milestone": "b", "offset_days": 1}) == dt.date(2025, 5, 11)


def test_a_positive_offset_is_followed_the_same(memory_db):
    plan_id, org, b = _chain(memory_db, 3)
    resolver = DueResolver(memory_db, plan_id, org, None, None)
    assert resolver.due({"kind": "after", "milestone": "b"}) == dt.date(2025, 5, 13)
    assert resolver.due({"kind": "after", "milestone": "nope"}) is None
