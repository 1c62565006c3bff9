"""Units as a tree with groups: a province with 15 clusters and blocs from a workbook.

The issue's acceptance: the province plan is created from a units workbook;
a milestone for cluster heads reaches the 15 heads only; a dossier checklist
for member units has a deadline relative to their cluster's conference.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from thidua_desktop.cli import main
from thidua_desktop.errors import TemplateError, ValidationError
from thidua_desktop.services import dossier_service, timeline_service
from thidua_desktop.services.plan_service import create_plan, plan_to_template
from thidua_desktop.services.unit_list import UnitSpec, parse_unit_lines, read_units_file
from thidua_desktop.store.database import open_database, open_memory_database
from thidua_desktop.templates.loader import load_template, parse_template

PROVINCE = load_template("tinh-dai-hoi-2026")
CLUSTERS = [f"Cụm thi đua số {i}" for i in range(1, 11)]
BLOCS = [f"Khối thi đua số {i}" for i in range(1, 6)]


def _workbook(path):
    """10 clusters of 3 communes, 5 blocs of 3 departments; the first member heads each."""
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐƠN VỊ"])
    ws.append(["Tên đơn vị", "Loại", "Cụm/Khối", "Trưởng cụm, khối", "Số lượng"])
    for c, group in enumerate(CLUSTERS):
        for i in range(3):
            ws.append([f"Xã Xã {c * 3 + i + 1}", "Xã", group, "x" if i == 0 else "", 100 + i])
    for b, group in enumerate(BLOCS):
        for i in range(3):
            ws.append([f"Sở {b * 3 + i + 1}", "Sở", group, "x" if i == 0 else "", None])
    wb.save(path)
    return path


@pytest.fixture
def province(tmp_path):
    db_file = tmp_path / "tinh.sqlite"
    units = _workbook(tmp_path / "don-vi.xlsx")
    assert main(["init", "--db", str(db_file), "--template", "tinh-dai-hoi-2026",
                 "--organiser", "Đồng Nai", "--units", str(units)]) == 0
    db = open_database(db_file)
    yield db
    db.close()


def _ids(db, sql, args=()):
    return {r[0] for r in db.execute(sql, args)}


def test_the_workbook_gives_45_units_in_15_groups_each_with_one_head(province):
    groups = _ids(province, "SELECT u.id FROM units u JOIN unit_kinds k ON k.code = u.kind "
                            "WHERE k.level = 'group'")
    assert len(groups) == 15
    members = _ids(province, "SELECT unit_id FROM unit_groups")
    assert len(members) == 45
    heads = province.execute("SELECT group_id, count(*) FROM unit_groups WHERE is_head = 1 "
                             "GROUP BY group_id").fetchall()
    assert len(heads) == 15 and all(n == 1 for _g, n in heads)
    # Every member is in the organiser's list too.
    org = province.execute("SELECT id FROM units WHERE is_organiser = 1").fetchone()[0]
    assert members <= _ids(province, "SELECT id FROM units WHERE parent_id = ?", [org])
    assert province.execute("SELECT staff_count FROM units WHERE name = 'Xã 2'").fetchone()[0] == 101
    codes = [r[0] for r in province.execute("SELECT code FROM events")]
    assert "hn-cum-thi-dua-so-1" in codes and "hn-khoi-thi-dua-so-1" in codes
    assert len(codes) == len(set(codes)) == 16


def test_a_milestone_for_cluster_heads_reaches_the_15_heads_only(province):
    heads = _ids(province, "SELECT unit_id FROM unit_groups WHERE is_head = 1")
    reached = _ids(province, "SELECT p.unit_id FROM milestone_progress p JOIN milestones m "
                             "ON m.id = p.milestone_id WHERE m.code = 'cluster_plans'")
    assert len(heads) == 15 and reached == heads
    members = _ids(province, "SELECT p.unit_id FROM milestone_progress p JOIN milestones m "
                             "ON m.id = p.milestone_id WHERE m.code = 'member_reports'")
    assert len(members) == 45
    groups = _ids(province, "SELECT p.unit_id FROM milestone_progress p JOIN milestones m "
                            "ON m.id = p.milestone_id WHERE m.code = 'cluster_events'")
    assert len(groups) == 15 and not groups & members


def _date_cluster(db, name, day):
    gid = db.execute("SELECT u.id FROM units u JOIN unit_kinds k ON k.code = u.kind "
                     "WHERE k.name || ' ' || u.name = ?", [name]).fetchone()[0]
    db.execute("UPDATE events SET date = ? WHERE unit_id = ?", [day.isoformat(), gid])
    return gid


def test_deadlines_follow_each_members_own_cluster_conference(province):
    g1 = _date_cluster(province, "Cụm thi đua số 1", dt.date(2026, 5, 10))
    g2 = _date_cluster(province, "Cụm thi đua số 2", dt.date(2026, 5, 20))
    plan_id = province.execute("SELECT id FROM plans").fetchone()[0]
    tl = timeline_service.timeline(province, plan_id, as_of=dt.date(2026, 1, 1))
    mid = province.execute("SELECT id FROM milestones WHERE code = 'member_reports'").fetchone()[0]
    by_unit = {ln.unit_id: ln.due for ln in tl.lines_of(mid)}
    m1 = _ids(province, "SELECT unit_id FROM unit_groups WHERE group_id = ?", [g1])
    m2 = _ids(province, "SELECT unit_id FROM unit_groups WHERE group_id = ?", [g2])
    assert {by_unit[u] for u in m1} == {dt.date(2026, 4, 20)}  # 20 days before its conference
    assert {by_unit[u] for u in m2} == {dt.date(2026, 4, 30)}
    # A cluster with no date yet: no due date for its members, not another cluster's.
    assert all(by_unit[u] is None for u in set(by_unit) - m1 - m2)

    # The dossier checklist for member units, run from cluster 1's conference.
    event_id = province.execute("SELECT id FROM events WHERE unit_id = ?", [g1]).fetchone()[0]
    run_id = dossier_service.start_run(province, "member_nominations", event_id)
    covered = _ids(province, "SELECT unit_id FROM dossier_run_units WHERE run_id = ?", [run_id])
    assert covered == m1
    dues = {r[0] for r in province.execute("SELECT due FROM dossier_items WHERE run_id = ?", [run_id])}
    assert dues == {"2026-04-25"}  # 15 days before cluster 1's conference


def test_save_as_template_keeps_the_group_targets(province):
    plan_id = province.execute("SELECT id FROM plans").fetchone()[0]
    data = plan_to_template(province, plan_id, "tinh-rieng")
    by_code = {m["code"]: m for m in data["milestones"]}
    assert by_code["cluster_plans"]["applies_to"] == "group_heads"
    assert by_code["member_reports"]["due"]["of"] == "group"
    template = parse_template(data)
    other = open_memory_database()
    create_plan(other, template, "Đồng Nai",
                [UnitSpec("xa", "A", ("Cụm thi đua số 1",), True), UnitSpec("xa", "B", ("Cụm thi đua số 1",))])
    heads = _ids(other, "SELECT p.unit_id FROM milestone_progress p JOIN milestones m "
                        "ON m.id = p.milestone_id WHERE m.code = 'cluster_plans'")
    assert heads == _ids(other, "SELECT id FROM units WHERE name = 'A'")
    other.close()


def test_pasted_lines_with_groups_and_heads():
    specs = parse_unit_lines(["Xã Tân Lợi\tCụm thi đua số 1\tx",
                              "Sở Nội vụ | Khối thi đua số 1; Cụm thi đua số 1",
                              "Cụm thi đua số 1"], PROVINCE)
    assert specs[0] == UnitSpec("xa", "Tân Lợi", ("Cụm thi đua số 1",), True)
    assert specs[1].groups == ("Khối thi đua số 1", "Cụm thi đua số 1") and not specs[1].heads
    assert specs[2] == UnitSpec("cum", "số 1")


def test_two_heads_in_one_cluster_are_refused(memory_db):
    with pytest.raises(ValidationError, match="2 đơn vị trưởng"):
        create_plan(memory_db, PROVINCE, "Đồng Nai", [
            UnitSpec("xa", "A", ("Cụm thi đua số 1",), True), UnitSpec("xa", "B", ("Cụm thi đua số 1",), True)])


def test_a_group_of_an_unknown_kind_is_named(memory_db):
    with pytest.raises(ValidationError, match="Liên minh số 1"):
        create_plan(memory_db, PROVINCE, "Đồng Nai", [UnitSpec("xa", "A", ("Liên minh số 1",))])


def test_a_workbook_without_a_name_column_says_so(tmp_path):
    wb = Workbook()
    wb.active.append(["Mã", "Ghi chú"])
    wb.active.append(["1", "x"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="Tên đơn vị"):
        read_units_file(tmp_path / "x.xlsx", PROVINCE)


def test_an_unknown_kind_cell_is_named(tmp_path):
    wb = Workbook()
    wb.active.append(["Tên đơn vị", "Loại"])
    wb.active.append(["Tân Lợi", "Làng"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="dòng 2.*Làng"):
        read_units_file(tmp_path / "x.xlsx", PROVINCE)


def test_events_are_held_by_the_units_a_template_chooses_by_kind(memory_db):
    import copy

    data = copy.deepcopy(load_template("xa-moi-dien-hinh-2026").data)
    school = copy.deepcopy(data["event_types"][0])
    school.update(code="school", name="Hội nghị của trường", per_unit=True, level="agency",
                  hosts={"applies_to": "kinds", "kinds": ["truong"]}, code_pattern="hn-{unit_full_slug}")
    data["event_types"].append(school)
    plan_id = create_plan(memory_db, parse_template(data), "Tân Lợi", [
        UnitSpec("thon", "1"), UnitSpec("truong", "THCS Minh Đức"), UnitSpec("co_quan", "Trạm Y tế")])
    hosts = [r[0] for r in memory_db.execute(
        "SELECT u.name FROM events e JOIN units u ON u.id = e.unit_id WHERE e.plan_id = ? "
        "AND e.type_code = 'school'", [plan_id])]
    assert hosts == ["THCS Minh Đức"]
    data["event_types"][-1]["hosts"] = {"applies_to": "kinds", "kinds": ["lang"]}
    with pytest.raises(TemplateError, match=r"event_types\[1\].hosts.kinds.*lang"):
        parse_template(data)


def test_a_village_in_a_template_without_villages_is_refused_not_made_a_commune():
    hq = load_template("hon-quan-2025")
    with pytest.raises(ValidationError, match="Dòng 2: “Thôn 1” bắt đầu bằng loại “Thôn”"):
        parse_unit_lines(["Xã Tân Lợi", "Thôn 1"], hq)
    # A bare name is still a commune of the template, as before.
    assert parse_unit_lines(["Tiến Thành"], hq) == [UnitSpec("xa", "Tiến Thành")]
    commune = load_template("xa-moi-dien-hinh-2026")
    assert parse_unit_lines(["Thôn 1", "Tổ dân phố 2"], commune) == [
        UnitSpec("thon", "1"), UnitSpec("to_dan_pho", "2")]


def test_a_name_that_only_looks_like_a_kind_without_accents_stays_a_name():
    hq = load_template("hon-quan-2025")
    assert parse_unit_lines(["Bàn Cờ", "Sơn Hà"], hq) == [UnitSpec("xa", "Bàn Cờ"), UnitSpec("xa", "Sơn Hà")]
    with pytest.raises(ValidationError, match="Bản"):
        parse_unit_lines(["Bản Mường"], hq)


def test_editing_a_group_target_by_hand_replaces_the_rule(province):
    from thidua_desktop.services import milestone_service as ms

    mid = province.execute("SELECT id FROM milestones WHERE code = 'cluster_plans'").fetchone()[0]
    data = ms.data_of(province, mid)
    # The dialog is given the rule back, not just the 15 units it reached.
    assert data.applies_to == "group_heads" and len(data.unit_ids) == 15 and data.groups == []
    ms.update_milestone(province, mid, data)  # same rule: it stays
    assert province.execute("SELECT target FROM milestones WHERE id = ?", [mid]).fetchone()[0]
    data.applies_to, data.unit_ids = "selected", data.unit_ids[:3]
    ms.update_milestone(province, mid, data)
    row = province.execute("SELECT target, rel_scope FROM milestones WHERE id = ?", [mid]).fetchone()
    assert row[0] == "" and row[1] == "group"
    reached = _ids(province, "SELECT unit_id FROM milestone_progress WHERE milestone_id = ?", [mid])
    assert len(reached) == 3
