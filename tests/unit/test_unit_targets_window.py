"""Targets chosen in the window for milestones and dossier checklists: every shape, kept by
"save as template", refused with a sentence when the plan has no such kind or group."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from thidua_desktop.cli import main
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import dossier_service, dossier_templates
from thidua_desktop.services import milestone_service as ms
from thidua_desktop.services import unit_targets as ut
from thidua_desktop.services.plan_service import create_plan, plan_to_template
from thidua_desktop.services.unit_list import UnitSpec
from thidua_desktop.store.database import open_database, open_memory_database
from thidua_desktop.templates.loader import parse_template


def _ids(db, sql, args=()):
    return {r[0] for r in db.execute(sql, args)}


def _plan(db):
    return db.execute("SELECT id FROM plans ORDER BY id LIMIT 1").fetchone()[0]


def _reached(db, mid):
    return _ids(db, "SELECT unit_id FROM milestone_progress WHERE milestone_id = ?", [mid])


@pytest.fixture
def province(tmp_path):
    """3 clusters of 2 communes and 1 bloc of 2 departments; the first member heads each."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Loại", "Cụm/Khối", "Trưởng cụm, khối"])
    for c in range(3):
        for i in range(2):
            ws.append([f"Xã X{c * 2 + i + 1}", "Xã", f"Cụm thi đua số {c + 1}", "x" if i == 0 else ""])
    for i in range(2):
        ws.append([f"Sở S{i + 1}", "Sở", "Khối thi đua số 1", "x" if i == 0 else ""])
    wb.save(tmp_path / "units.xlsx")
    assert main(["init", "--db", str(tmp_path / "p.sqlite"), "--template", "tinh-dai-hoi-2026",
                 "--organiser", "Đồng Nai", "--units", str(tmp_path / "units.xlsx")]) == 0
    db = open_database(tmp_path / "p.sqlite")
    yield db
    db.close()


def test_choices_list_units_kinds_and_groups_apart(province):
    offer = ut.choices(province, _plan(province))
    assert [name for _id, name in offer.units][:2] == ["Xã X1", "Xã X2"] and len(offer.units) == 8
    assert dict(offer.kinds) == {"xa": "Xã", "so": "Sở"}
    assert offer.groups == ["Cụm thi đua số 1", "Cụm thi đua số 2", "Cụm thi đua số 3", "Khối thi đua số 1"]


def test_a_milestone_for_one_kind_reaches_those_units_and_keeps_the_rule(demo_db):
    plan_id = _plan(demo_db)
    mid = ms.add_milestone(demo_db, plan_id, ms.MilestoneData(
        title="Báo cáo của các xã", due_kind="month", due_year=2025, due_period=5,
        applies_to="kinds", kinds=["xa"]))
    communes = _ids(demo_db, "SELECT id FROM units WHERE kind = 'xa'")
    assert len(communes) == 12 and _reached(demo_db, mid) == communes  # not the thị trấn
    data = ms.data_of(demo_db, mid)
    assert data.applies_to == "kinds" and data.kinds == ["xa"]
    entry = next(m for m in plan_to_template(demo_db, plan_id)["milestones"] if m["code"] == data.code)
    assert entry["applies_to"] == "kinds" and entry["kinds"] == ["xa"]


@pytest.mark.parametrize(("shape", "kinds", "groups", "words"), [
    ("kinds", ["thon"], [], "Loại đơn vị “thon” không có"),
    ("kinds", [], [], "ít nhất một loại"),
    ("group_heads", [], [], "chưa có cụm, khối"),
    ("everyone", [], [], "không hợp lệ"),
])
def test_bad_targets_get_a_sentence_and_nothing_is_written(demo_db, shape, kinds, groups, words):
    before = demo_db.execute("SELECT count(*) FROM milestones").fetchone()[0]
    with pytest.raises(ValidationError, match=words):
        ms.add_milestone(demo_db, _plan(demo_db), ms.MilestoneData(
            title="X", due_kind="month", due_year=2025, due_period=5, applies_to=shape, kinds=kinds,
            groups=groups))
    assert demo_db.execute("SELECT count(*) FROM milestones").fetchone()[0] == before


@pytest.mark.parametrize(("shape", "groups", "count"), [
    ("groups", [], 4), ("groups", ["Cụm thi đua số 2"], 1),
    ("group_heads", [], 4), ("group_heads", ["Cụm thi đua số 1", "Khối thi đua số 1"], 2),
    ("group_members", [], 8), ("group_members", ["Cụm thi đua số 3"], 2),
])
def test_each_group_shape_reaches_its_units(province, shape, groups, count):
    mid = ms.add_milestone(province, _plan(province), ms.MilestoneData(
        title=f"Mốc {shape}", due_kind="month", due_year=2026, due_period=5, applies_to=shape, groups=groups))
    reached = _reached(province, mid)
    assert len(reached) == count
    if shape == "group_heads":
        assert reached <= _ids(province, "SELECT unit_id FROM unit_groups WHERE is_head = 1")
    data = ms.data_of(province, mid)
    assert (data.applies_to, data.groups) == (shape, groups)


def test_an_unknown_group_is_refused(province):
    with pytest.raises(ValidationError, match="Cụm thi đua số 9"):
        ms.add_milestone(province, _plan(province), ms.MilestoneData(
            title="X", due_kind="month", due_year=2026, due_period=5, applies_to="groups",
            groups=["Cụm thi đua số 9"]))


def test_heads_of_one_cluster_survive_save_as_template_and_a_new_plan(province):
    plan_id = _plan(province)
    ms.add_milestone(province, plan_id, ms.MilestoneData(
        title="Kế hoạch của trưởng cụm 2", due_kind="month", due_year=2026, due_period=5,
        applies_to="group_heads", groups=["Cụm thi đua số 2"], code="truong_cum_2"))
    data = plan_to_template(province, plan_id, "tinh-rieng")
    entry = next(m for m in data["milestones"] if m["code"] == "truong_cum_2")
    assert entry["applies_to"] == "group_heads" and entry["groups"] == ["Cụm thi đua số 2"]
    other = open_memory_database()
    create_plan(other, parse_template(data), "Đồng Nai", [
        UnitSpec("xa", "A", ("Cụm thi đua số 1",), True), UnitSpec("xa", "B", ("Cụm thi đua số 2",), True),
        UnitSpec("xa", "C", ("Cụm thi đua số 2",)), UnitSpec("xa", "D", ("Cụm thi đua số 3",), True),
        UnitSpec("so", "E", ("Khối thi đua số 1",), True)])
    reached = _ids(other, "SELECT p.unit_id FROM milestone_progress p JOIN milestones m "
                          "ON m.id = p.milestone_id WHERE m.code = 'truong_cum_2'")
    assert reached == _ids(other, "SELECT id FROM units WHERE name = 'B'")
    other.close()


def test_a_checklist_target_is_set_mirrored_kept_and_undone(province):
    plan_id = _plan(province)
    tpl = dossier_templates.templates(province, plan_id)[0]
    old = dossier_templates.set_target(province, tpl.id, "group_members", groups=["Khối thi đua số 1"])
    assert old == tpl.target
    again = dossier_templates.template(province, tpl.id)
    assert again.target_rule == {"applies_to": "group_members", "groups": ["Khối thi đua số 1"]}
    # The plan's rules mirror it, so "save as template" writes the rule back.
    saved = next(d for d in plan_to_template(province, plan_id)["dossiers"] if d["code"] == tpl.code)
    assert saved["applies_to"] == "group_members" and saved["groups"] == ["Khối thi đua số 1"]
    # A run from the organiser's event covers the bloc's two departments only.
    event_id = province.execute("SELECT id FROM events WHERE type_code = ? ORDER BY id",
                                [tpl.event_type]).fetchone()[0]
    run_id = dossier_service.start_run(province, tpl.code, event_id)
    covered = _ids(province, "SELECT unit_id FROM dossier_run_units WHERE run_id = ?", [run_id])
    assert covered == _ids(province, "SELECT u.id FROM units u WHERE u.name IN ('S1', 'S2')")
    dossier_templates.restore_target(province, tpl.id, old)
    assert dossier_templates.template(province, tpl.id).target == old


def test_a_checklist_refuses_the_plain_shapes_and_a_rule_reaching_nobody(demo_db):
    tpl = dossier_templates.templates(demo_db, _plan(demo_db))[0]
    with pytest.raises(ValidationError, match="không dùng được phạm vi"):
        dossier_templates.set_target(demo_db, tpl.id, "office")
    with pytest.raises(ValidationError, match="chưa có cụm, khối"):
        dossier_templates.set_target(demo_db, tpl.id, "group_heads")
    assert dossier_templates.template(demo_db, tpl.id).target == tpl.target


def test_changing_a_milestones_rule_is_undone_by_its_snapshot(province):
    mid = province.execute("SELECT id FROM milestones WHERE code = 'cluster_plans'").fetchone()[0]
    before_units = _reached(province, mid)
    data = ms.data_of(province, mid)
    data.applies_to, data.groups = "group_members", ["Khối thi đua số 1"]
    snap = ms.update_milestone(province, mid, data)
    assert _reached(province, mid) == _ids(province, "SELECT id FROM units WHERE name IN ('S1', 'S2')")
    assert ms.data_of(province, mid).applies_to == "group_members"
    ms.restore(province, snap)
    assert ms.data_of(province, mid).applies_to == "group_heads" and _reached(province, mid) == before_units
