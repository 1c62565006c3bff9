"""One owner of "which event a deadline counts from": the timeline, dossier items and speech
vetting give the same date for a chained milestone and for a deadline on the group's event."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.services import agenda_speeches, repository, timeline_service
from thidua_desktop.services.dossier_due import DueResolver
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.services.unit_list import UnitSpec
from thidua_desktop.templates.loader import load_template, parse_template

CHAIN = {"kind": "after", "milestone": "member_reports", "offset_days": 5}
GROUP = {"kind": "event", "event": "cluster", "of": "group", "offset_days": -20}
DATES = {"Cụm thi đua số 1": "2026-04-10", "Cụm thi đua số 2": "2026-05-20"}


@pytest.fixture
def plan(memory_db):
    data = copy.deepcopy(load_template("tinh-dai-hoi-2026").data)
    data["milestones"].append({"code": "chained", "title": "Cụm trưởng tổng hợp báo cáo",
                               "due": {**CHAIN, "source": "thử"}, "applies_to": "group_members"})
    units = [UnitSpec("xa", f"Xã {i}", (group,), i in (1, 4))
             for i, group in enumerate(["Cụm thi đua số 1"] * 3 + ["Cụm thi đua số 2"] * 3, start=1)]
    plan_id = create_plan(memory_db, parse_template(data), "Đồng Nai", units)
    for name, date in DATES.items():
        memory_db.execute(
            "UPDATE events SET date = ? WHERE unit_id = (SELECT u.id FROM units u WHERE u.kind = 'cum' "
            "AND ('Cụm thi đua ' || u.name) = ?)", [date, name])
    return memory_db, plan_id


def _unit(db, name):
    return db.execute("SELECT id FROM units WHERE name = ?", [name]).fetchone()[0]


def _cluster_event(db, name):
    return db.execute("SELECT e.id FROM events e JOIN units u ON u.id = e.unit_id "
                      "WHERE e.type_code = 'cluster' AND 'Cụm thi đua ' || u.name = ?", [name]).fetchone()[0]


@pytest.mark.parametrize(("member", "cluster"), [("Xã 2", "Cụm thi đua số 1"), ("Xã 5", "Cụm thi đua số 2")])
def test_timeline_and_dossier_items_agree_on_group_and_chained_deadlines(plan, member, cluster):
    db, plan_id = plan
    uid = _unit(db, member)
    tl = timeline_service.timeline(db, plan_id, as_of=dt.date(2026, 1, 1))
    code_of = {m.id: m.code for m in tl.data.milestones}
    lines = {code_of[ln.milestone_id]: ln.due for ln in tl.lines if ln.unit_id == uid}
    cluster_day = dt.date.fromisoformat(DATES[cluster])
    # Expected from the cluster's date alone: 20 days before it, then 5 days after that.
    assert lines["member_reports"] == cluster_day - dt.timedelta(days=20)
    assert lines["chained"] == cluster_day - dt.timedelta(days=15)
    # A dossier item of the member, whatever event its run belongs to (here the province's).
    province = db.execute("SELECT id FROM events WHERE plan_id = ? AND type_code = 'province'",
                          [plan_id]).fetchone()[0]
    items = DueResolver(db, plan_id, uid, None, province)
    assert items.due(json.dumps(GROUP)) == lines["member_reports"]
    assert items.due(CHAIN) == lines["chained"]
    # The same resolver as the timeline's, asked directly.
    resolver = timeline_service.resolver_for(db, plan_id)
    assert resolver.deadline_due(Deadline.from_dict(CHAIN), uid) == lines["chained"]


def test_speech_vetting_counts_from_the_same_event(plan):
    db, plan_id = plan
    event = repository.event(db, _cluster_event(db, "Cụm thi đua số 2"))
    rules = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    # The template's vetting rule: 10 days before the event itself.
    assert agenda_speeches.vetting_deadline(db, event) == dt.date(2026, 5, 10)
    items = DueResolver(db, plan_id, event.unit_id, event.id, event.id)
    assert items.due({"kind": "event", "offset_days": -10}) == dt.date(2026, 5, 10)
    # A vetting rule that names another event type counts from that event, not this one.
    rules["speeches"]["vetting_deadline"] = {"kind": "event", "event": "province", "offset_days": -3}
    db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(rules, ensure_ascii=False), plan_id])
    db.execute("UPDATE events SET date = '2026-08-20' WHERE plan_id = ? AND type_code = 'province'", [plan_id])
    assert agenda_speeches.vetting_deadline(db, event) == dt.date(2026, 8, 17)
    items = DueResolver(db, plan_id, event.unit_id, event.id, event.id)  # reads the plan afresh
    assert items.due({"kind": "event", "event": "province", "offset_days": -3}) == dt.date(2026, 8, 17)


def test_a_unit_outside_any_cluster_has_no_group_deadline(plan):
    db, plan_id = plan
    organiser = db.execute("SELECT organiser_id FROM plans WHERE id = ?", [plan_id]).fetchone()[0]
    assert DueResolver(db, plan_id, organiser, None, None).due(GROUP) is None
