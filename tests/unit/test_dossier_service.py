"""Dossier runs: starting, following the roster, states, late marking, templates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import dossier_service, dossier_templates, repository
from thidua_desktop.services.dossier_templates import TemplateItemData
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.services.roster_service import (
    DelegateData,
    PersonData,
    add_delegate,
    add_person,
    promote,
)
from thidua_desktop.templates.loader import load_template, parse_template


@pytest.fixture
def plan(memory_db):
    """A fresh Hớn Quản plan (no delegates, no runs) with commune events dated."""
    db = memory_db
    plan_id = create_plan(db, load_template("hon-quan-2025"), "Hớn Quản")
    events = repository.events(db, plan_id)
    communes = [e for e in events if e.type_code == "commune"]
    for i, event in enumerate(communes):
        db.execute("UPDATE events SET date = ? WHERE id = ?", [f"2025-03-{i + 2:02d}", event.id])
    district = next(e for e in events if e.type_code == "district")
    db.execute("UPDATE events SET date = '2025-06-18' WHERE id = ?", [district.id])
    return db, plan_id, communes, district


def _delegate(db, event, name):
    pid = add_person(db, PersonData(full_name=name, sex="Nam", birth_year=1980, unit_id=event.unit_id))
    return add_delegate(db, event.id, pid, DelegateData(unit_id=event.unit_id, status="confirmed"))


def _codes(db, run_id, unit_id):
    return sorted((i.item_code, i.delegate_name) for i in dossier_service.items(db, run_id=run_id, unit_id=unit_id))


def test_start_run_covers_every_commune_with_per_delegate_items(plan):
    db, plan_id, communes, district = plan
    first = communes[0]
    sent = [_delegate(db, first, n) for n in ("Nguyễn Văn An", "Lê Thị Hoa", "Trần Văn Bình")]
    _delegate(db, first, "Phạm Văn Cường")  # stays at the commune
    promote(db, sent, district.id)
    run_id = dossier_service.start_run(db, "commune_post_event", first.id)
    units = {i.unit_id for i in dossier_service.items(db, run_id=run_id)}
    assert units == {e.unit_id for e in communes}
    tpl = next(d for d in load_template("hon-quan-2025").data["dossiers"] if d["code"] == "commune_post_event")
    per_unit = [i["code"] for i in tpl["items"] if not i["per_delegate"]]
    per_delegate = [i["code"] for i in tpl["items"] if i["per_delegate"]]
    owed = _codes(db, run_id, first.unit_id)
    assert len(owed) == len(per_unit) + len(sent) * len(per_delegate)
    assert sorted(n for c, n in owed if c in per_delegate) == ["Lê Thị Hoa", "Nguyễn Văn An", "Trần Văn Bình"]
    # A commune with nobody sent upward owes only the per-unit items.
    assert [c for c, _ in _codes(db, run_id, communes[1].unit_id)] == sorted(per_unit)
    due = {i.due for i in dossier_service.items(db, run_id=run_id)}
    assert due == {dt.date(2025, 4, 10)}
    assert dossier_service.run(db, run_id).due == dt.date(2025, 4, 10)


def test_district_run_covers_the_organiser_by_default(plan):
    db, plan_id, communes, district = plan
    run_id = dossier_service.start_run(db, "district_to_province", district.id)
    units = {i.unit_id for i in dossier_service.items(db, run_id=run_id)}
    assert units == {district.unit_id} == {repository.organiser(db).id}


def test_chosen_units_and_empty_choice(plan):
    db, plan_id, communes, district = plan
    chosen = [communes[2].unit_id, communes[4].unit_id]
    run_id = dossier_service.start_run(db, "commune_post_event", communes[0].id, unit_ids=chosen)
    assert {i.unit_id for i in dossier_service.items(db, run_id=run_id)} == set(chosen)
    with pytest.raises(ValidationError):
        dossier_service.start_run(db, "commune_post_event", communes[0].id, unit_ids=[])


def test_items_follow_the_roster(plan):
    db, plan_id, communes, district = plan
    event = communes[0]
    a, b, c = (_delegate(db, event, n) for n in ("Nguyễn Văn An", "Lê Thị Hoa", "Trần Văn Bình"))
    promote(db, [a, b], district.id)
    run_id = dossier_service.start_run(db, "commune_post_event", event.id)
    before = len(dossier_service.items(db, run_id=run_id, unit_id=event.unit_id))

    promote(db, [c], district.id)
    report = dossier_service.sync_delegate_items(db, event.id)
    assert report.added == 1 and report.removed == 0
    mine = [i for i in dossier_service.items(db, run_id=run_id, unit_id=event.unit_id) if i.delegate_id]
    assert len(mine) == 3 and len(dossier_service.items(db, run_id=run_id, unit_id=event.unit_id)) == before + 1

    # Taking b back removes its still-missing item; a's received item is kept, flagged.
    item_a = next(i for i in mine if i.delegate_id == a)
    dossier_service.set_item_state(db, item_a.id, "received", "2025-04-01")
    db.execute("UPDATE delegates SET promoted_to_id = NULL WHERE id IN (?, ?)", [a, b])
    report = dossier_service.sync_delegate_items(db)
    assert report.removed == 1
    left = {i.delegate_id: i for i in dossier_service.items(db, run_id=run_id, unit_id=event.unit_id) if i.delegate_id}
    assert set(left) == {a, c}
    assert left[a].still_sent is False and left[a].state == "received" and left[c].still_sent
    assert dossier_service.sync_runs(db).changed is False  # idempotent


def test_due_dates_follow_the_event_and_the_template(plan):
    db, plan_id, communes, district = plan
    event = communes[0]
    run_id = dossier_service.start_run(db, "commune_post_event", event.id)
    tpl = next(t for t in dossier_templates.templates(db, plan_id) if t.code == "commune_post_event")
    first = tpl.items[0]
    dossier_templates.update_item(db, first.id, TemplateItemData(
        first.name, {"kind": "event", "offset_days": 15}, copies=2))
    owed = {i.unit_id: i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == first.id}
    assert owed[event.unit_id].due == repository.event(db, event.id).date + dt.timedelta(days=15)
    assert owed[event.unit_id].copies == 2
    db.execute("UPDATE events SET date = '2025-03-20' WHERE id = ?", [event.id])
    dossier_service.sync_runs(db)
    assert dossier_service.item(db, owed[event.unit_id].id).due == dt.date(2025, 4, 4)
    # The other shapes resolve too: month, quarter, another event type, a milestone.
    for due, expected in (
        ({"kind": "month", "year": 2025, "month": 2}, dt.date(2025, 2, 28)),
        ({"kind": "quarter", "year": 2025, "quarter": 2}, dt.date(2025, 6, 30)),
        ({"kind": "event", "event": "district", "offset_days": -20}, dt.date(2025, 5, 29)),
        ({"kind": "after", "milestone": "commune_results", "offset_days": 5}, dt.date(2025, 4, 15)),
    ):
        dossier_templates.update_item(db, first.id, TemplateItemData(first.name, due))
        assert dossier_service.item(db, owed[event.unit_id].id).due == expected, due


@pytest.mark.parametrize(("state", "received", "note", "shown", "late"), [
    ("received", "2025-04-09", "", "received", False),
    ("received", "2025-04-10", "", "received", False),
    ("received", "2025-04-14", "", "late", True),
    ("accepted", "2025-04-14", "", "late", True),
    ("accepted", "2025-04-02", "", "accepted", False),
    ("needs_fix", "2025-04-14", "Thiếu dấu", "needs_fix", True),
    ("missing", None, "", "missing", False),
])
def test_late_is_received_after_the_due_date(plan, state, received, note, shown, late):
    db, plan_id, communes, district = plan
    run_id = dossier_service.start_run(db, "commune_post_event", communes[0].id)
    item = dossier_service.items(db, run_id=run_id)[0]
    dossier_service.set_item_state(db, item.id, state, received, note)
    again = dossier_service.item(db, item.id)
    assert (again.display_state, again.late) == (shown, late)
    assert again.overdue(dt.date(2025, 4, 11)) == (state in ("missing", "needs_fix"))
    assert not again.overdue(dt.date(2025, 4, 10))


def test_state_changes_are_validated_and_exactly_undoable(plan):
    db, plan_id, communes, district = plan
    run_id = dossier_service.start_run(db, "commune_post_event", communes[0].id)
    item_id = dossier_service.items(db, run_id=run_id)[0].id
    with pytest.raises(ValidationError):
        dossier_service.set_item_state(db, item_id, "lost")
    with pytest.raises(ValidationError, match="ngày nhận"):
        dossier_service.set_item_state(db, item_id, "received")
    with pytest.raises(ValidationError, match="bổ sung"):
        dossier_service.set_item_state(db, item_id, "needs_fix", "2025-04-01")
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        dossier_service.set_item_state(db, item_id, "received", "10/04/2025")
    before = dossier_service.item_state(db, item_id)
    dossier_service.set_item_state(db, item_id, "needs_fix", "2025-04-01", "Thiếu chữ ký")
    dossier_service.set_item_state(db, item_id, "accepted")  # keeps the received date
    assert dossier_service.item_state(db, item_id) == dossier_service.ItemState("accepted", "2025-04-01", "")
    dossier_service.write_item_state(db, item_id, before)
    assert dossier_service.item_state(db, item_id) == before


def test_template_edits_reach_runs_and_the_plan_rules(plan):
    db, plan_id, communes, district = plan
    run_id = dossier_service.start_run(db, "commune_post_event", communes[0].id)
    tpl = next(t for t in dossier_templates.templates(db, plan_id) if t.code == "commune_post_event")
    assert tpl.event_type == "commune" and tpl.submitted_to == "Phòng Nội vụ"
    new_id = dossier_templates.add_item(db, tpl.id, TemplateItemData(
        "Ảnh tư liệu Hội nghị", {"kind": "fixed", "date": "2025-04-20"}, required=False), position=0)
    added = [i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == new_id]
    assert len(added) == len(communes) and {i.due for i in added} == {dt.date(2025, 4, 20)}
    rules = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    mirrored = next(d for d in rules["dossiers"] if d["code"] == "commune_post_event")
    assert mirrored["items"][0]["name"] == "Ảnh tư liệu Hội nghị" and mirrored["items"][0]["required"] is False
    parse_template(rules)  # still a valid template, so "save the plan as a template" keeps the edit

    removed = dossier_templates.remove_item(db, new_id)
    assert not [i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == new_id]
    dossier_templates.restore_item(db, removed)
    assert dossier_templates.template(db, tpl.id).items[0].id == new_id
    assert len([i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == new_id]) == len(communes)

    recorded = next(i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == new_id)
    dossier_service.set_item_state(db, recorded.id, "received", "2025-04-01")
    with pytest.raises(ValidationError, match="Đã có đơn vị nộp"):
        dossier_templates.remove_item(db, new_id)


def test_template_item_validation_and_copies(plan):
    db, plan_id, communes, district = plan
    tpl = dossier_templates.templates(db, plan_id)[0]
    with pytest.raises(ValidationError, match="không được để trống"):
        dossier_templates.add_item(db, tpl.id, TemplateItemData("  ", {"kind": "fixed", "date": "2025-04-10"}))
    with pytest.raises(ValidationError, match="Số bản"):
        dossier_templates.add_item(db, tpl.id, TemplateItemData("Tờ trình", {"kind": "fixed", "date": "2025-04-10"},
                                                                 copies=0))
    with pytest.raises(ValidationError, match="Hạn nộp"):
        dossier_templates.add_item(db, tpl.id, TemplateItemData("Tờ trình", {"kind": "month", "year": 2025,
                                                                             "month": 13}))
    copy_id = dossier_templates.create_template(db, plan_id, "Hồ sơ khen thưởng cấp xã", "commune",
                                                "Phòng Nội vụ", copy_from=tpl.id)
    copy = dossier_templates.template(db, copy_id)
    assert [i.name for i in copy.items] == [i.name for i in tpl.items] and copy.code != tpl.code
    dossier_templates.move_item(db, copy.items[0].id, +1)
    assert dossier_templates.template(db, copy_id).items[1].id == copy.items[0].id
    with pytest.raises(ValidationError, match="Loại sự kiện"):
        dossier_templates.create_template(db, plan_id, "X", "province_gala")
    dossier_templates.delete_template(db, copy_id)
    assert copy_id not in {t.id for t in dossier_templates.templates(db, plan_id)}


def test_template_in_use_cannot_be_deleted(plan):
    db, plan_id, communes, district = plan
    dossier_service.start_run(db, "commune_post_event", communes[0].id)
    tpl = next(t for t in dossier_templates.templates(db, plan_id) if t.code == "commune_post_event")
    with pytest.raises(ValidationError, match="đợt hồ sơ"):
        dossier_templates.delete_template(db, tpl.id)


def test_template_item_owed_both_per_delegate_and_per_proposal_is_refused(plan):
    db, plan_id = plan[0], plan[1]
    tpl = dossier_templates.templates(db, plan_id)[0]
    before = db.execute("SELECT COUNT(*) FROM dossier_template_items").fetchone()[0]
    both = TemplateItemData("Báo cáo", {"kind": "event", "offset_days": 5}, per_delegate=True, per_proposal=True)
    with pytest.raises(ValidationError) as err:
        dossier_templates.add_item(db, tpl.id, both)
    assert "không cả hai" in err.value.message
    assert db.execute("SELECT COUNT(*) FROM dossier_template_items").fetchone()[0] == before
    # One flag alone is kept, read back and mirrored into the plan's rules (so a saved template keeps it).
    item_id = dossier_templates.add_item(db, tpl.id, TemplateItemData(
        "Báo cáo thành tích", {"kind": "event", "offset_days": 5}, per_proposal=True))
    item = next(i for i in dossier_templates.template(db, tpl.id).items if i.id == item_id)
    assert item.per_proposal and item.owed_per == "Mỗi đề nghị" and item.data().per_proposal
    rules = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    mirrored = [i for d in rules["dossiers"] for i in d["items"] if i["name"] == "Báo cáo thành tích"]
    assert mirrored and mirrored[0]["per_proposal"] is True
    assert all("per_proposal" not in i for d in rules["dossiers"] for i in d["items"] if i["name"] != "Báo cáo thành tích")
