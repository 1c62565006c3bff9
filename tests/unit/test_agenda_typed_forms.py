"""The agenda reads an event's form through the typed plan model, not the plan's JSON."""

from __future__ import annotations

import json

from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import repository
from thidua_desktop.templates.model import FormRule, rules_of_stored


def _set_forms(db, plan_id, change):
    rules = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    for form in rules["forms"]:
        change(form)
    db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(rules, ensure_ascii=False), plan_id])


def test_the_agenda_form_is_the_models(demo_db):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    form = svc.agenda(demo_db, event.id).form
    stored = demo_db.execute("SELECT rules FROM plans WHERE id = ?", [event.plan_id]).fetchone()[0]
    assert isinstance(form, FormRule) and form == rules_of_stored(stored).forms[event.form]
    assert svc.is_congress(form) and svc.event_word(form) == "Đại hội"


def test_flag_salute_follows_the_form_and_its_default(demo_db):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    flag = next(s for s in svc.standard_items(demo_db, event.plan_id) if s.kind == "flag_salute")
    _set_forms(demo_db, event.plan_id, lambda f: f.pop("flag_salute", None))
    assert svc.flag_salute_allowed(svc.agenda(demo_db, event.id).form, flag)  # a congress: yes
    _set_forms(demo_db, event.plan_id, lambda f: f.update(flag_salute=False))
    assert not svc.flag_salute_allowed(svc.agenda(demo_db, event.id).form, flag)


def test_a_bad_or_missing_form_does_not_break_the_agenda(demo_db):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    _set_forms(demo_db, event.plan_id, lambda f: f.update(flag_salute="có", name=7))
    agenda = svc.agenda(demo_db, event.id)
    assert isinstance(agenda.form, FormRule) and isinstance(agenda.form.name, str)
    assert svc.event_form(rules_of_stored("{}"), "congress") == FormRule("congress", "congress", "congress",
                                                                         True, "none")
    assert not svc.is_congress(svc.event_form(rules_of_stored("{}"), "conf_x"))
