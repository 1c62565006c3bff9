"""Deadlines and states of the plan timeline: every shape, every state, chains and their clamp."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.services import milestone_service as ms
from thidua_desktop.services import repository
from thidua_desktop.services import timeline_service as ts
from thidua_desktop.services.plan_service import UnitSpec, create_plan
from thidua_desktop.templates.loader import load_template

D = dt.date


@pytest.fixture
def plan(memory_db):
    """A Hớn Quản plan with three communes (An Phú the second; Tân Lợi the pilot), dated events."""
    units = [UnitSpec("xa", "An Phú"), UnitSpec("xa", "Tân Lợi"), UnitSpec("xa", "Minh Đức")]
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản", units)
    dates = {"hn-an-phu": "2025-03-10", "hn-tan-loi": "2025-02-20", "hn-minh-duc": "2025-03-20",
             "dh-hon-quan": "2025-06-18"}
    for code, date in dates.items():
        memory_db.execute("UPDATE events SET date = ? WHERE code = ?", [date, code])
    return memory_db, plan_id


def _unit_ids(db):
    return {u.name: u.id for u in repository.units(db)}


def _event(db, code):
    return repository.event_by_code(db, code)


def _add(db, plan_id, **kw):
    kw.setdefault("title", "Mốc thử")
    return ms.add_milestone(db, plan_id, ms.MilestoneData(**kw))


@pytest.mark.parametrize(("fields", "expected"), [
    ({"due_kind": "fixed", "due_date": D(2025, 4, 10)}, D(2025, 4, 10)),
    ({"due_kind": "month", "due_year": 2025, "due_period": 1}, D(2025, 1, 31)),
    ({"due_kind": "month", "due_year": 2024, "due_period": 2}, D(2024, 2, 29)),
    ({"due_kind": "month", "due_year": 2025, "due_period": 2}, D(2025, 2, 28)),
    ({"due_kind": "quarter", "due_year": 2025, "due_period": 1}, D(2025, 3, 31)),
    ({"due_kind": "quarter", "due_year": 2025, "due_period": 2}, D(2025, 6, 30)),
    ({"due_kind": "quarter", "due_year": 2025, "due_period": 4}, D(2025, 12, 31)),
    ({"due_kind": "event", "rel_event_type": "district", "offset_days": -15}, D(2025, 6, 3)),
    ({"due_kind": "event", "rel_event_type": "district", "offset_days": 10}, D(2025, 6, 28)),
    ({"due_kind": "event", "rel_event_type": "district", "offset_days": 0}, D(2025, 6, 18)),
    ({"due_kind": "after", "chain_to": "commune_results", "offset_days": 10}, D(2025, 4, 20)),
    ({"due_kind": "after", "chain_to": "district_event", "offset_days": 0}, D(2025, 6, 30)),
])
def test_every_deadline_shape_for_the_office(plan, fields, expected):
    db, plan_id = plan
    chain_to = fields.pop("chain_to", None)
    if chain_to:
        fields["rel_milestone_id"] = db.execute(
            "SELECT id FROM milestones WHERE code = ?", [chain_to]).fetchone()[0]
    mid = _add(db, plan_id, **fields)
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    (line,) = tl.lines_of(mid)
    assert line.unit_id == tl.data.organiser.id
    assert line.due == expected
    assert not tl.warnings


def test_per_unit_event_milestones_hang_on_each_units_own_event(plan):
    db, plan_id = plan
    mid = _add(db, plan_id, due_kind="event", rel_event_type="commune", offset_days=-10,
               applies_to="units")
    db.execute("UPDATE events SET date = NULL WHERE code = 'hn-minh-duc'")
    tl = ts.timeline(db, plan_id, D(2025, 3, 5))
    ids = _unit_ids(db)
    got = {ln.unit_id: (ln.due, ln.state, ln.event_id) for ln in tl.lines_of(mid)}
    assert got == {
        ids["An Phú"]: (D(2025, 2, 28), "overdue", _event(db, "hn-an-phu").id),
        ids["Tân Lợi"]: (D(2025, 2, 10), "overdue", _event(db, "hn-tan-loi").id),
        ids["Minh Đức"]: (None, "open", _event(db, "hn-minh-duc").id),  # no date yet: no due date
    }


def test_per_unit_milestone_on_an_upper_event_falls_back_to_that_event(plan):
    db, plan_id = plan
    district = _event(db, "dh-hon-quan")
    mid = _add(db, plan_id, due_kind="event", rel_event_id=district.id, offset_days=-20,
               applies_to="units")
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    assert {ln.due for ln in tl.lines_of(mid)} == {D(2025, 5, 29)}
    assert len(tl.lines_of(mid)) == 3


def test_pilot_type_resolves_to_the_pilot_units_event(plan):
    db, plan_id = plan
    ids = _unit_ids(db)
    mid = _add(db, plan_id, due_kind="event", rel_event_type="pilot", offset_days=-7,
               applies_to="selected", unit_ids=[ids["Tân Lợi"]])
    office = _add(db, plan_id, title="Duyệt kịch bản Hội nghị điểm", due_kind="event",
                  rel_event_type="pilot", offset_days=-15)
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    assert [(ln.unit_id, ln.due) for ln in tl.lines_of(mid)] == [(ids["Tân Lợi"], D(2025, 2, 13))]
    assert [ln.due for ln in tl.lines_of(office)] == [D(2025, 2, 5)]


def test_chain_of_per_unit_milestones_follows_each_unit(plan):
    db, plan_id = plan
    first = _add(db, plan_id, title="Họp chuẩn bị", due_kind="event", rel_event_type="commune",
                 offset_days=-5, applies_to="units")
    second = _add(db, plan_id, title="Gửi giấy mời", due_kind="after", rel_milestone_id=first,
                  offset_days=2, applies_to="units")
    office = _add(db, plan_id, title="Tổng hợp", due_kind="after", rel_milestone_id=first, offset_days=3)
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    ids = _unit_ids(db)
    assert tl.line(second, ids["An Phú"]).due == D(2025, 3, 7)
    assert tl.line(second, ids["Minh Đức"]).due == D(2025, 3, 17)
    # The office waits for the last unit.
    assert tl.lines_of(office)[0].due == D(2025, 3, 18)


def test_a_chain_asked_to_run_backwards_is_clamped_and_reported(plan):
    db, plan_id = plan
    base = db.execute("SELECT id FROM milestones WHERE code = 'commune_results'").fetchone()[0]
    mid = _add(db, plan_id, title="Tổng hợp sớm", due_kind="after", rel_milestone_id=base, offset_days=0)
    # The data asks for 5 days *before* the milestone it follows (an old file, a hand edit).
    db.execute("UPDATE milestones SET offset_days = -5 WHERE id = ?", [mid])
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    (line,) = tl.lines_of(mid)
    assert line.due == D(2025, 4, 10) and line.clamped
    (warning,) = tl.warnings
    assert warning.milestone_id == mid
    assert "Tổng hợp sớm" in warning.message and "10/04/2025" in warning.message
    from thidua_desktop.services.rules import timeline_rules

    findings = timeline_rules.run(db, [e.id for e in repository.events(db)], D(2025, 1, 1))
    chain = [f for f in findings if f.rule == "timeline.chain"]
    assert len(chain) == 1 and chain[0].severity == "warning" and chain[0].rows == (mid,)


def test_a_loop_in_the_chain_gives_no_date_and_a_warning(plan):
    db, plan_id = plan
    a = _add(db, plan_id, title="A", due_kind="fixed", due_date=D(2025, 5, 1))
    b = _add(db, plan_id, title="B", due_kind="after", rel_milestone_id=a, offset_days=1)
    db.execute("UPDATE milestones SET due_kind = 'after', rel_milestone_id = ?, due_date = NULL "
               "WHERE id = ?", [b, a])
    tl = ts.timeline(db, plan_id, D(2025, 1, 1))
    assert tl.lines_of(a)[0].due is None and tl.lines_of(b)[0].due is None
    assert any("vòng lặp" in w.message for w in tl.warnings)


@pytest.mark.parametrize(("due", "stored", "done_on", "soon", "state", "late", "left"), [
    (D(2025, 4, 10), "done", D(2025, 4, 1), 7, "done", 0, None),
    (D(2025, 4, 10), "done", D(2025, 4, 14), 7, "done", 4, None),          # done late
    (D(2025, 4, 10), "done", D(2025, 4, 20), 7, "overdue", 5, -5),         # done after the as-of date
    (D(2025, 4, 30), "done", D(2025, 4, 20), 7, "open", None, 15),         # ... and not yet due
    (D(2025, 4, 14), "todo", None, 7, "overdue", 1, -1),
    (D(2025, 4, 15), "todo", None, 7, "due_soon", None, 0),                # due today
    (D(2025, 4, 22), "todo", None, 7, "due_soon", None, 7),
    (D(2025, 4, 23), "todo", None, 7, "open", None, 8),
    (D(2025, 4, 23), "doing", None, 10, "due_soon", None, 8),
    (D(2025, 4, 16), "todo", None, 0, "open", None, 1),
    (D(2025, 4, 15), "todo", None, 0, "due_soon", None, 0),
])
def test_states_as_of_a_date(plan, due, stored, done_on, soon, state, late, left):
    db, plan_id = plan
    mid = _add(db, plan_id, due_kind="fixed", due_date=due)
    org = repository.organiser(db).id
    db.execute("UPDATE milestone_progress SET state = ?, done_on = ? WHERE milestone_id = ?",
               [stored, done_on.isoformat() if done_on else None, mid])
    line = ts.timeline(db, plan_id, D(2025, 4, 15), soon).line(mid, org)
    assert (line.state, line.days_late, line.days_left) == (state, late, left)
    assert line.progress == ("todo" if stored == "done" and state != "done" else stored)


def test_soon_days_is_a_setting_seven_by_default(plan):
    db, plan_id = plan
    mid = _add(db, plan_id, due_kind="fixed", due_date=D(2025, 4, 25))
    assert ts.soon_days(db) == 7
    assert ts.timeline(db, plan_id, D(2025, 4, 15)).lines_of(mid)[0].state == "open"
    ms.set_soon_days(db, 10)
    assert ts.soon_days(db) == 10
    assert ts.timeline(db, plan_id, D(2025, 4, 15)).lines_of(mid)[0].state == "due_soon"


def test_moving_an_event_moves_its_relative_deadlines(plan):
    db, plan_id = plan
    district = _event(db, "dh-hon-quan")
    video = db.execute("SELECT id FROM milestones WHERE code = 'video'").fetchone()[0]
    assert ts.timeline(db, plan_id, D(2025, 1, 1)).lines_of(video)[0].due == D(2025, 6, 3)
    old = ms.move_event(db, district.id, D(2025, 6, 25))
    assert old == D(2025, 6, 18)
    assert ts.timeline(db, plan_id, D(2025, 1, 1)).lines_of(video)[0].due == D(2025, 6, 10)


def test_todo_lists_overdue_then_due_soon(plan):
    db, plan_id = plan
    tl = ts.timeline(db, plan_id, D(2025, 4, 15))
    todo = tl.todo()
    assert todo and all(ln.state in ("overdue", "due_soon") for ln in todo)
    states = [ln.state for ln in todo]
    assert states == sorted(states, key=lambda s: s != "overdue")
    overdue = [ln.days_late for ln in todo if ln.state == "overdue"]
    assert overdue == sorted(overdue, reverse=True)


@pytest.mark.parametrize(("state", "done_on", "due", "progress", "short", "long"), [
    ("done", D(2025, 4, 1), D(2025, 4, 10), "done", "✓ 01/04", "01/04/2025"),
    ("done", D(2025, 4, 14), D(2025, 4, 10), "done", "✓ 14/04 (+4)", "14/04/2025 (trễ 4 ngày)"),
    ("overdue", None, D(2025, 4, 10), "todo", "Trễ 5 ngày", "Trễ 5 ngày"),
    ("due_soon", None, D(2025, 4, 18), "doing", "◐ Còn 3 ngày", "Còn 3 ngày (đang thực hiện)"),
    ("open", None, D(2025, 6, 30), "todo", "Hạn 30/06", "Hạn 30/06/2025"),
    ("open", None, None, "todo", "Chưa có hạn", "Chưa có hạn"),
])
def test_cell_text(state, done_on, due, progress, short, long):
    as_of = D(2025, 4, 15)
    late = (done_on - due).days if state == "done" and done_on > due else (
        (as_of - due).days if state == "overdue" else (0 if state == "done" else None))
    left = (due - as_of).days if due and state != "done" else None
    line = ts.Line(1, 1, "Xã A", due, state, progress, done_on, late, left)
    assert ts.cell_text(line) == short
    assert ts.cell_text(line, long=True) == long
