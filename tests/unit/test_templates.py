"""Plan templates: every shipped one loads, validates and carries its sources."""

from __future__ import annotations

import copy
import json

import pytest

from thidua_desktop.errors import TemplateError
from thidua_desktop.templates.loader import (
    list_templates,
    load_template,
    parse_template,
    save_template,
)

SHIPPED = [t.id for t in list_templates()]


def _numbers_without_source(node, path="") -> list[str]:
    """Every bare number in a template (numbers must be {"value", "source"})."""
    found = []
    if isinstance(node, dict):
        sourced = "source" in node
        for key, val in node.items():
            if isinstance(val, (int, float)) and not isinstance(val, bool):
                if not sourced and key not in ("format",):
                    found.append(f"{path}.{key}")
            else:
                found += _numbers_without_source(val, f"{path}.{key}")
    elif isinstance(node, list):
        for i, val in enumerate(node):
            found += _numbers_without_source(val, f"{path}[{i}]")
    return found


def test_the_hon_quan_template_is_shipped():
    assert "hon-quan-2025" in SHIPPED


@pytest.mark.parametrize("template_id", SHIPPED)
def test_every_template_loads_and_every_number_has_a_source(template_id):
    template = load_template(template_id)
    assert template.source
    assert _numbers_without_source(template.data) == []


@pytest.mark.parametrize("template_id", SHIPPED)
def test_every_template_builds_a_plan(template_id, memory_db):
    from thidua_desktop.services import repository
    from thidua_desktop.services.plan_service import create_plan

    template = load_template(template_id)
    create_plan(memory_db, template, template.data["organiser"]["name"])
    events = repository.events(memory_db)
    assert events
    assert memory_db.execute("SELECT count(*) FROM milestones").fetchone()[0] == len(template.data["milestones"])
    for event in events:
        titles = [r[0] for r in memory_db.execute(
            "SELECT kind FROM agenda_items WHERE event_id = ? ORDER BY position", [event.id])]
        form = template.form(event.form)
        assert ("flag_salute" in titles) == bool(form.get("flag_salute"))
        if form["kind"] == "congress":
            assert "flag_salute" in titles


def test_seed_000_numbers():
    template = load_template("hon-quan-2025")
    commune = template.event_type("commune")
    district = template.event_type("district")
    assert commune["max_delegates"] == {"value": 200, "source": "000 II.3.a"}
    assert district["max_delegates"]["value"] == 300
    assert district["exemplary_share"]["value"] == 0.7
    assert commune["due"]["date"] == "2025-03-31"
    assert district["due"]["date"] == "2025-06-30"
    assert template.event_type("pilot")["due"]["date"] == "2025-02-28"
    assert (district["presidium"]["min"]["value"], district["presidium"]["max"]["value"]) == (9, 11)


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda d: d.pop("agenda"), "agenda"),
        (lambda d: d["event_types"][0].update(max_delegates=200), "max_delegates"),
        (lambda d: d["event_types"][0].update(exemplary_share={"value": 70, "source": "x"}), "tỷ lệ"),
        (lambda d: d["milestones"][0].update(due={"kind": "someday"}), "milestones[0].due"),
        (lambda d: d["milestones"][0]["due"].pop("source"), "nguồn"),
        (lambda d: d.update(id="Có Dấu"), "id"),
        (lambda d: d["event_types"][2]["presidium"].update(min={"value": 12, "source": "x"}), "min lớn hơn max"),
        (lambda d: d["dossiers"][0]["items"][0].update(copies=0), "copies"),
    ],
)
def test_malformed_templates_are_refused_with_a_sentence(mutate, fragment):
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    mutate(data)
    with pytest.raises(TemplateError) as info:
        parse_template(data)
    assert fragment in info.value.message
    assert info.value.message.startswith("Tệp mẫu")


@pytest.mark.parametrize("text", ["{", "[1, 2]", "null", '"__import__(\'os\')"'])
def test_template_files_are_data_never_code(tmp_path, text):
    from thidua_desktop.templates.loader import load_template_file

    path = tmp_path / "evil.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError):
        load_template_file(path)


def test_plan_saved_back_as_template_loads_again(demo_db):
    from thidua_desktop.services.plan_service import plan_to_template

    plan_id = demo_db.execute("SELECT id FROM plans").fetchone()[0]
    demo_db.execute("UPDATE milestones SET title = 'Mốc đã sửa' WHERE code = 'issue_plan'")
    data = plan_to_template(demo_db, plan_id, new_id="mau-rieng-test")
    path = save_template(data)
    again = load_template(str(path))
    assert again.id == "mau-rieng-test"
    assert again.data["milestones"][0]["title"] == "Mốc đã sửa"
    assert "mau-rieng-test" in [t.id for t in list_templates()]
    assert json.loads(path.read_text(encoding="utf-8"))["milestones"]
