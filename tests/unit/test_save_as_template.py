"""Lưu kế hoạch thành mẫu keeps every selection; an unknown target says so."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import TemplateError, ValidationError
from thidua_desktop.services.plan_service import UnitSpec, create_plan, plan_to_template
from thidua_desktop.store.database import open_memory_database
from thidua_desktop.templates.loader import load_template, parse_template


def _selected(db):
    return {m: sorted(n for (n,) in db.execute(
        "SELECT u.name FROM milestone_units mu JOIN units u ON u.id = mu.unit_id "
        "JOIN milestones x ON x.id = mu.milestone_id WHERE x.code = ?", [m]))
        for (m,) in db.execute("SELECT code FROM milestones WHERE applies_to = 'selected'")}


def test_selected_units_survive_a_round_trip(memory_db):
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản")
    mid = memory_db.execute("SELECT id FROM milestones WHERE applies_to = 'units' LIMIT 1").fetchone()[0]
    memory_db.execute("UPDATE milestones SET applies_to = 'selected' WHERE id = ?", [mid])
    for name in ("Minh Đức", "An Phú"):
        uid = memory_db.execute("SELECT id FROM units WHERE name = ?", [name]).fetchone()[0]
        memory_db["milestone_units"].insert({"milestone_id": mid, "unit_id": uid})
    before = _selected(memory_db)
    assert len(before) >= 2  # the pilot's milestones and this one

    data = plan_to_template(memory_db, plan_id, "mau-rieng")
    template = parse_template(data)
    other = open_memory_database()
    create_plan(other, template, "Hớn Quản")
    assert _selected(other) == before
    other.close()


def test_an_unknown_target_unit_is_named(memory_db):
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản")
    template = parse_template(plan_to_template(memory_db, plan_id, "mau-rieng"))
    other = open_memory_database()
    with pytest.raises(ValidationError, match="Tân Lợi"):
        create_plan(other, template, "Hớn Quản", [UnitSpec("xa", "An Phú")])
    assert other.execute("SELECT count(*) FROM plans").fetchone()[0] == 0
    other.close()


def test_a_selected_milestone_without_units_is_refused(memory_db):
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản")
    data = plan_to_template(memory_db, plan_id, "mau-rieng")
    chosen = next(m for m in data["milestones"] if m["applies_to"] == "selected")
    chosen["units"] = []
    with pytest.raises(TemplateError, match=r"milestones\[\d+\].units"):
        parse_template(data)
