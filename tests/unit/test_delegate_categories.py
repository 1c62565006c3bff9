"""Delegate categories defined by the plan, and seat rules as plan data."""

from __future__ import annotations

import copy

import pytest

from thidua_desktop.errors import TemplateError, ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.delegate_categories import (
    categories_in_protocol_order,
    recognise,
    set_delegate_category,
)
from thidua_desktop.services.plan_service import UnitSpec, create_plan, plan_to_template
from thidua_desktop.services.rules.roster_rules import check_event
from thidua_desktop.services.seat_allocation import allocate
from thidua_desktop.templates.loader import load_template, parse_template
from thidua_desktop.templates.model import Category, SeatRule

CATEGORIES = [
    {"code": "council", "label": "Thành viên Hội đồng Thi đua - Khen thưởng", "base": "guest",
     "words": ["hội đồng thi đua"], "protocol_order": 1, "source": "thử"},
    {"code": "member_heads", "label": "Thủ trưởng đơn vị thành viên", "base": "leader",
     "words": ["thủ trưởng"], "protocol_order": 2, "source": "thử"},
    {"code": "collective", "label": "Tập thể được khen thưởng", "exemplary": True, "collective": True,
     "words": ["tập thể"], "protocol_order": 4, "quota": {"value": 2, "source": "thử"}, "source": "thử"},
    {"code": "exemplary", "label": "Điển hình tiên tiến", "exemplary": True, "words": ["điển hình"],
     "protocol_order": 3, "source": "thử"},
]


def _template(categories=CATEGORIES, seats=None):
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["categories"] = copy.deepcopy(categories)
    if seats is not None:
        next(t for t in data["event_types"] if t["code"] == "district")["seats"] = seats
    return parse_template(data)


def _delegate(db, event_id, name, code, collective=""):
    pid = db["persons"].insert({"full_name": name}).last_pk
    did = db["delegates"].insert({"event_id": event_id, "person_id": pid, "collective": collective}).last_pk
    set_delegate_category(db, did, code)
    return did


def test_the_plans_categories_come_in_protocol_order(memory_db):
    plan_id = create_plan(memory_db, _template(), "Hớn Quản")
    event = repository.events(memory_db, plan_id)[0]
    cats = categories_in_protocol_order(memory_db, event.id)
    assert [c.code for c in cats] == ["council", "member_heads", "exemplary", "collective"]
    assert cats[3].collective and cats[3].exemplary and cats[3].quota == 2
    assert cats[0].base == "guest" and not cats[0].exemplary


def test_import_words_recognise_a_category():
    cats = list(_template().rules.categories)
    assert recognise(cats, "Ủy viên Hội đồng Thi đua tỉnh").code == "council"
    assert recognise(cats, "THỦ TRƯỞNG đơn vị").code == "member_heads"
    assert recognise(cats, "Điển hình tiên tiến").code == "exemplary"
    assert recognise(cats, "collective").code == "collective"
    assert recognise(cats, "Phóng viên") is None and recognise(cats, "") is None


def test_a_categorys_own_quota_at_and_over_its_edge_and_the_collectives_name(memory_db):
    plan_id = create_plan(memory_db, _template(), "Hớn Quản")
    event_id = next(e.id for e in repository.events(memory_db, plan_id) if e.type_code == "district")
    _delegate(memory_db, event_id, "Nguyễn Văn A", "collective", "Hợp tác xã Tân Lợi")
    _delegate(memory_db, event_id, "Trần Thị B", "collective", "Trường THCS Minh Đức")
    rules = {f.rule for f in check_event(memory_db, event_id)}
    assert "roster.category_quota.collective" not in rules  # 2 of 2: at the edge
    third = _delegate(memory_db, event_id, "Lê Văn C", "collective")
    found = {f.rule: f for f in check_event(memory_db, event_id)}
    assert found["roster.category_quota.collective"].severity == "error"
    assert "vượt số tối đa 2" in found["roster.category_quota.collective"].message
    assert found["roster.collective_name.collective"].rows == (third,)
    base = memory_db.execute("SELECT category, category_code FROM delegates WHERE id = ?", [third]).fetchone()
    assert tuple(base) == ("exemplary", "collective")
    with pytest.raises(ValidationError, match="không có trong kế hoạch"):
        set_delegate_category(memory_db, third, "press")


def test_a_template_without_categories_keeps_release_1s_three(memory_db):
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản")
    event = repository.events(memory_db, plan_id)[0]
    assert [c.code for c in categories_in_protocol_order(memory_db, event.id)] == \
        ["exemplary", "leader", "guest"]


@pytest.mark.parametrize(("change", "field"), [
    ({"code": "Hội đồng"}, "categories[0].code"),
    ({"base": "vip"}, "categories[0].base"),
    ({"share": {"value": 1.5, "source": "x"}}, "categories[0].share"),
    ({"collective": "có"}, "categories[0].collective"),
    ({"label": ""}, "categories[0].label"),
])
def test_a_bad_category_is_named(change, field):
    bad = copy.deepcopy(CATEGORIES)
    bad[0].update(change)
    with pytest.raises(TemplateError, match=field.replace("[", r"\[").replace("]", r"\]")):
        _template(bad)


def test_duplicate_category_codes_are_refused():
    with pytest.raises(TemplateError, match="bị lặp lại"):
        _template(CATEGORIES + [CATEGORIES[0]])


def test_categories_survive_save_as_template(memory_db):
    plan_id = create_plan(memory_db, _template(), "Hớn Quản")
    again = parse_template(plan_to_template(memory_db, plan_id, "mau-rieng"))
    assert [c.code for c in again.rules.categories] == ["council", "member_heads", "exemplary", "collective"]
    assert again.rules.categories[3].quota == 2


# --- seats ----------------------------------------------------------------------

UNITS = [(1, 100), (2, 50), (3, None), (4, 50)]


def test_equal_seats_give_the_remainder_to_the_first_units():
    seats, _ = allocate(SeatRule("equal"), 300, 0.7, UNITS)
    assert seats == {1: 53, 2: 53, 3: 52, 4: 52} and sum(seats.values()) == 210


def test_proportional_seats_follow_each_units_figure_by_largest_remainder():
    seats, _ = allocate(SeatRule("proportional"), 101, 1.0, UNITS)
    # 101 seats over 100/50/50: exact 50.5, 25.25, 25.25 -> 50+1, 25, 25.
    assert seats == {1: 51, 2: 25, 3: 0, 4: 25}
    assert allocate(SeatRule("proportional"), 10, 1.0, [(1, None), (2, 0)])[0] == {1: 0, 2: 0}


def test_fixed_none_and_per_category_seats():
    assert allocate(SeatRule("fixed", 4), 300, 0.7, UNITS)[0] == {1: 4, 2: 4, 3: 4, 4: 4}
    assert allocate(SeatRule("none"), 300, 0.7, UNITS) == ({}, {})
    cats = (Category("a", "A", quota=5), Category("b", "B", share=0.1), Category("c", "C"))
    totals, by_cat = allocate(SeatRule("per_category"), 40, 0.7, UNITS, cats)
    assert by_cat[(1, "a")] == 2 and by_cat[(4, "a")] == 1 and by_cat[(1, "b")] == 1
    assert totals == {1: 3, 2: 2, 3: 2, 4: 2}
    assert not any(code == "c" for _u, code in by_cat)


def test_a_templates_seat_rule_is_written_with_the_units_figures(memory_db):
    template = _template(seats={"rule": "proportional", "source": "thử"})
    plan_id = create_plan(memory_db, template, "Hớn Quản",
                          [UnitSpec("xa", "A", figure=300), UnitSpec("xa", "B", figure=100)])
    event_id = next(e.id for e in repository.events(memory_db, plan_id) if e.type_code == "district")
    seats = dict(memory_db.execute(
        "SELECT u.name, s.seats FROM event_seats s JOIN units u ON u.id = s.unit_id WHERE s.event_id = ?",
        [event_id]).fetchall())
    assert seats == {"A": 158, "B": 52}  # 210 exemplary seats, 3:1
    with pytest.raises(TemplateError, match=r"seats.per_unit"):
        _template(seats={"rule": "fixed", "source": "thử"})
    with pytest.raises(TemplateError, match=r"seats.rule"):
        _template(seats={"rule": "lottery", "source": "thử"})


def test_a_writer_that_changes_only_the_base_kind_brings_the_category_along(memory_db):
    plan_id = create_plan(memory_db, _template(), "Hớn Quản")
    event_id = repository.events(memory_db, plan_id)[0].id
    did = _delegate(memory_db, event_id, "Phạm Văn D", "council")
    memory_db.execute("UPDATE delegates SET category = 'exemplary' WHERE id = ?", [did])
    row = memory_db.execute("SELECT category, category_code FROM delegates WHERE id = ?", [did]).fetchone()
    assert tuple(row) == ("exemplary", "exemplary")
    set_delegate_category(memory_db, did, "member_heads")
    row = memory_db.execute("SELECT category, category_code FROM delegates WHERE id = ?", [did]).fetchone()
    assert tuple(row) == ("leader", "member_heads")



def test_a_delegate_added_without_a_category_code_counts_under_its_base(memory_db):
    from thidua_desktop.services.delegate_categories import category_counts

    plan_id = create_plan(memory_db, _template(), "Hớn Quản")
    event_id = repository.events(memory_db, plan_id)[0].id
    pid = memory_db["persons"].insert({"full_name": "Võ Thị E"}).last_pk
    memory_db["delegates"].insert({"event_id": event_id, "person_id": pid, "category": "guest"})
    assert category_counts(memory_db, event_id) == {"guest": 1}


def test_per_category_seats_are_written_and_checked(memory_db):
    template = _template(seats={"rule": "per_category", "source": "thử"})
    plan_id = create_plan(memory_db, template, "Hớn Quản", [UnitSpec("xa", "A"), UnitSpec("xa", "B")])
    event_id = next(e.id for e in repository.events(memory_db, plan_id) if e.type_code == "district")
    rows = memory_db.execute(
        "SELECT u.name, s.category, s.seats FROM event_category_seats s JOIN units u ON u.id = s.unit_id "
        "WHERE s.event_id = ? ORDER BY u.name", [event_id]).fetchall()
    assert [tuple(r) for r in rows] == [("A", "collective", 1), ("B", "collective", 1)]
    unit_a = memory_db.execute("SELECT id FROM units WHERE name = 'A'").fetchone()[0]
    first = _delegate(memory_db, event_id, "Ngô Văn G", "collective", "HTX A")
    memory_db.execute("UPDATE delegates SET unit_id = ? WHERE id = ?", [unit_a, first])
    assert "roster.category_seats" not in {f.rule for f in check_event(memory_db, event_id)}
    second = _delegate(memory_db, event_id, "Đỗ Thị H", "collective", "Trường A")
    memory_db.execute("UPDATE delegates SET unit_id = ? WHERE id = ?", [unit_a, second])
    found = [f for f in check_event(memory_db, event_id) if f.rule == "roster.category_seats"]
    assert len(found) == 1 and "Xã A cử 2 đại biểu thành phần “Tập thể được khen thưởng”" in found[0].message


def test_the_roster_prints_each_delegation_in_the_plans_protocol_order(memory_db):
    from thidua_desktop.export.roster_common import roster_document

    cats = copy.deepcopy(CATEGORIES)
    cats[1]["protocol_order"] = 0  # member heads (base leader) before everyone
    plan_id = create_plan(memory_db, _template(cats), "Hớn Quản", [UnitSpec("xa", "A")])
    event_id = next(e.id for e in repository.events(memory_db, plan_id) if e.type_code == "district")
    unit_a = memory_db.execute("SELECT id FROM units WHERE name = 'A'").fetchone()[0]
    for name, code in (("An Văn Điển", "exemplary"), ("Bùi Văn Thủ", "member_heads"), ("Cao Thị Khách", "council")):
        did = _delegate(memory_db, event_id, name, code)
        memory_db.execute("UPDATE delegates SET unit_id = ? WHERE id = ?", [unit_a, did])
    doc = roster_document(memory_db, event_id)
    assert doc.category_order == ("member_heads", "council", "exemplary", "collective")
    [(_unit, lines)] = doc.groups()
    assert [ln.name for ln in lines] == ["Bùi Văn Thủ", "Cao Thị Khách", "An Văn Điển"]
    assert [ln.remark for ln in lines] == [
        "Thủ trưởng đơn vị thành viên", "Thành viên Hội đồng Thi đua - Khen thưởng", ""]
    # Release 1's order without the plan's: exemplary first.
    plain = create_plan(memory_db, load_template("hon-quan-2025"), "Chơn Thành", [UnitSpec("xa", "B")])
    plain_event = next(e.id for e in repository.events(memory_db, plain) if e.type_code == "district")
    assert roster_document(memory_db, plain_event).category_order == ("exemplary", "leader", "guest")
