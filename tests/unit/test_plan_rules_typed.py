"""Every block a consumer reads from a plan's rules comes through the typed model
(`repository.plan_rules`): the agenda, the script wording, the dossiers, the year review,
the award forms. Nothing in the app parses the stored JSON itself."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from thidua_desktop.domain.models import Plan
from thidua_desktop.services import agenda_service, agenda_wording, repository
from thidua_desktop.services.plan_service import create_plan, review_flags
from thidua_desktop.templates.loader import load_template
from thidua_desktop.templates.model import RulesError, read_rules, rules_of_stored

PACKAGE = Path(__file__).resolve().parents[2] / "thidua_desktop"


def test_no_module_parses_the_plans_rules_itself():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"json\.loads\([^)\n]*rules", r"\.rules\.get\(", r"\.rules\[\""):
            offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []
    assert "rules" not in Plan.__dataclass_fields__


def test_the_agenda_block_is_typed_and_fills_the_standard_items(demo_db):
    plan_id = repository.plans(demo_db)[0].id
    model = repository.plan_rules(demo_db, plan_id).agenda
    items = agenda_service.standard_items(demo_db, plan_id)
    assert [i.kind for i in items] == [a.kind for a in model] and len(items) >= 10
    assert [i.minutes for i in items] == [a.minutes for a in model]
    assert all("{" not in i.title for i in items)  # placeholders filled from the plan
    # The stored document's own numbers, read back through the model.
    stored = json.loads(demo_db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    first = stored["agenda"]["items"][0]
    assert model[0].minutes == (first["minutes"]["value"] if isinstance(first["minutes"], dict)
                                else first["minutes"])


@pytest.mark.parametrize(("minutes", "ok"), [(0, True), (1440, True), (1441, False), (-1, False),
                                             ("năm", False), (2.5, False)])
def test_agenda_minutes_bounds(minutes, ok):
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["agenda"]["items"][0]["minutes"] = minutes
    if ok:
        assert read_rules(data).agenda[0].minutes == minutes
    else:
        with pytest.raises(RulesError, match=r"agenda\.items\[0\]\.minutes"):
            read_rules(data)
        assert rules_of_stored(json.dumps(data)).agenda[0].minutes == 5  # an older file still opens


def test_the_wording_block_reaches_the_script_through_the_model(memory_db):
    template = load_template("hon-quan-2025")
    data = copy.deepcopy(template.data)
    data["script_wording"] = {"closing": {"farewell": "Hẹn gặp lại {unit}!"}}
    rules = read_rules(data)
    assert rules.script_wording == {"closing": {"farewell": "Hẹn gặp lại {unit}!"}}
    bad = copy.deepcopy(data)
    bad["script_wording"]["closing"]["farewell"] = 7
    problems: list[str] = []
    read_rules(bad, problems)
    assert any("script_wording.closing.farewell" in p for p in problems)
    plan_id = create_plan(memory_db, template, "Hớn Quản")
    memory_db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(data, ensure_ascii=False), plan_id])
    event = repository.events(memory_db, plan_id)[0]
    assert agenda_wording.template_layer(memory_db, event.id) == {"closing": {"farewell": "Hẹn gặp lại {unit}!"}}
    assert agenda_wording.event_wording(memory_db, event.id)["closing"]["farewell"] == "Hẹn gặp lại {unit}!"


def test_year_review_dossiers_and_award_forms_are_model_blocks(memory_db):
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["year_review"] = ["Mốc “A” có ngày cố định năm 2025", 3]
    data["award_forms"] = {"sets": []}
    problems: list[str] = []
    rules = read_rules(data, problems)
    assert rules.year_review == ("Mốc “A” có ngày cố định năm 2025",)
    assert any("year_review[1]" in p for p in problems)
    assert rules.award_forms == {"sets": []}
    assert [d.code for d in rules.dossiers] == [d["code"] for d in data["dossiers"]]
    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản", year=2027)
    assert review_flags(memory_db, plan_id) == list(repository.plan_rules(memory_db, plan_id).year_review)
