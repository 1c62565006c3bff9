"""Writing milestones: add, edit, delete with undo snapshots, progress for many units, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import milestone_service as ms
from thidua_desktop.services import repository
from thidua_desktop.services import timeline_service as ts

D = dt.date


def _mid(db, code):
    return db.execute("SELECT id FROM milestones WHERE code = ?", [code]).fetchone()[0]


def _dump(db):
    """Every row the milestone writes can touch, to compare before and after."""
    return (
        list(db.query("SELECT * FROM milestones ORDER BY id")),
        list(db.query("SELECT * FROM milestone_units ORDER BY milestone_id, unit_id")),
        list(db.query("SELECT * FROM milestone_progress ORDER BY milestone_id, unit_id")),
    )


def test_add_edit_delete_and_restore_a_milestone(demo_db):
    plan_id = repository.plans(demo_db)[0].id
    before = _dump(demo_db)
    units = [u.id for u in repository.units(demo_db)][:2]
    mid = ms.add_milestone(demo_db, plan_id, ms.MilestoneData(
        title="  Gửi danh sách khen thưởng  ", due_kind="event", rel_event_type="commune",
        offset_days=-7, applies_to="selected", unit_ids=units, responsible="UBND xã"))
    row = demo_db["milestones"].get(mid)
    assert row["title"] == "Gửi danh sách khen thưởng" and row["code"] == "gui_danh_sach_khen_thuong"
    assert row["position"] == 13
    tl = ts.timeline(demo_db, plan_id, D(2025, 1, 1))
    assert [ln.unit_id for ln in tl.lines_of(mid)] == units
    # Edit: now every unit, a fixed date; progress rows follow.
    snap = ms.update_milestone(demo_db, mid, ms.MilestoneData(
        title="Gửi danh sách khen thưởng", due_kind="fixed", due_date=D(2025, 5, 5), applies_to="units"))
    tl = ts.timeline(demo_db, plan_id, D(2025, 1, 1))
    assert len(tl.lines_of(mid)) == 13 and {ln.due for ln in tl.lines_of(mid)} == {D(2025, 5, 5)}
    ms.restore(demo_db, snap)
    assert [ln.unit_id for ln in ts.timeline(demo_db, plan_id, D(2025, 1, 1)).lines_of(mid)] == units
    ms.set_progress(demo_db, [(mid, units[0])], "done", D(2025, 3, 1))
    deleted = ms.delete_milestone(demo_db, mid)
    assert demo_db.execute("SELECT count(*) FROM milestone_progress WHERE milestone_id = ?",
                           [mid]).fetchone()[0] == 0
    ms.restore(demo_db, deleted)
    assert demo_db["milestone_progress"].get((mid, units[0]))["done_on"] == "2025-03-01"
    ms.delete_milestone(demo_db, mid)
    assert _dump(demo_db) == before


def test_progress_for_many_units_at_once_and_its_undo(demo_db):
    mid = _mid(demo_db, "commune_results")
    pending = [r[0] for r in demo_db.execute(
        "SELECT unit_id FROM milestone_progress WHERE milestone_id = ? AND state != 'done'", [mid])]
    assert len(pending) == 3
    before = _dump(demo_db)
    previous = ms.set_progress(demo_db, [(mid, u) for u in pending], "done", D(2025, 4, 16), "Nộp bổ sung")
    tl = ts.timeline(demo_db, 1, D(2025, 4, 20))
    assert all(tl.line(mid, u).state == "done" and tl.line(mid, u).days_late == 6 for u in pending)
    assert all(tl.line(mid, u).note == "Nộp bổ sung" for u in pending)
    ms.restore_progress(demo_db, previous)
    assert _dump(demo_db) == before


@pytest.mark.parametrize(("pairs", "state", "done_on", "fragment"), [
    ("pending", "done", None, "ngày hoàn thành"),
    ("pending", "done", "tomorrow", "chưa tới"),
    ([], "done", D(2025, 4, 1), "ít nhất một ô"),
    ("office_on_unit", "done", D(2025, 4, 1), "không áp dụng"),
    ("pending", "finished", D(2025, 4, 1), "không hợp lệ"),
])
def test_bad_progress_writes_nothing(demo_db, pairs, state, done_on, fragment):
    mid = _mid(demo_db, "commune_results")
    unit = repository.units(demo_db)[5].id
    if pairs == "pending":
        pairs = [(mid, unit)]
    elif pairs == "office_on_unit":
        pairs = [(mid, unit), (_mid(demo_db, "district_event"), unit)]
    if done_on == "tomorrow":
        done_on = dt.date.today() + dt.timedelta(days=1)
    before = _dump(demo_db)
    with pytest.raises(ValidationError) as err:
        ms.set_progress(demo_db, pairs, state, done_on)
    assert fragment in err.value.message
    assert _dump(demo_db) == before


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"title": "  "}, "tên mốc"),
    ({"due_kind": "fixed", "due_date": None}, "ngày hết hạn"),
    ({"due_kind": "month", "due_year": 2025, "due_period": 13}, "Tháng phải từ 1 đến 12"),
    ({"due_kind": "quarter", "due_year": 2025, "due_period": 0}, "Quý phải từ 1 đến 4"),
    ({"due_kind": "quarter", "due_year": 1800, "due_period": 1}, "Năm phải"),
    ({"due_kind": "event"}, "chọn sự kiện"),
    ({"due_kind": "event", "rel_event_id": 999}, "không thuộc kế hoạch"),
    ({"due_kind": "after", "rel_milestone_id": None}, "mốc trước"),
    ({"due_kind": "after", "rel_milestone_id": "commune_results", "offset_days": -3}, "từ 0 trở lên"),
    ({"due_kind": "after", "rel_milestone_id": "self"}, "vòng lặp"),
    ({"due_kind": "after", "rel_milestone_id": "delegate_list"}, "vòng lặp"),
    ({"applies_to": "selected", "unit_ids": []}, "ít nhất một đơn vị"),
    ({"code": "video"}, "đã có"),
    ({"code": "mã có dấu!"}, "chỉ được dùng"),
])
def test_bad_milestone_edits_write_nothing(demo_db, fields, fragment):
    target = _mid(demo_db, "commune_results")
    data = ms.data_of(demo_db, target)
    for key, value in fields.items():
        if key == "rel_milestone_id" and isinstance(value, str):
            value = target if value == "self" else _mid(demo_db, value)
        setattr(data, key, value)
    before = _dump(demo_db)
    with pytest.raises(ValidationError) as err:
        ms.update_milestone(demo_db, target, data)
    assert fragment in err.value.message
    assert _dump(demo_db) == before


def test_a_milestone_others_follow_cannot_be_deleted(demo_db):
    before = _dump(demo_db)
    with pytest.raises(ValidationError) as err:
        ms.delete_milestone(demo_db, _mid(demo_db, "unit_plans"))
    assert "Lập dự toán kinh phí Hội nghị cấp xã" in err.value.message
    assert _dump(demo_db) == before


def test_same_title_gets_a_new_code(demo_db):
    data = ms.MilestoneData(title="Video", due_kind="fixed", due_date=D(2025, 5, 1))
    first = ms.add_milestone(demo_db, 1, data)
    second = ms.add_milestone(demo_db, 1, data)
    codes = [demo_db["milestones"].get(i)["code"] for i in (first, second)]
    assert codes == ["video_2", "video_3"]


@pytest.mark.parametrize("days", [-1, 91, "7"])
def test_soon_days_out_of_range(memory_db, days):
    with pytest.raises(ValidationError):
        ms.set_soon_days(memory_db, days)
    assert ts.soon_days(memory_db) == 7
