"""Each agenda rule fires on the demo when its condition is broken, and only then."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches, repository
from thidua_desktop.services.rules import agenda_rules, run_all
from thidua_desktop.templates.loader import list_templates, load_template

BEFORE = dt.date(2025, 6, 1)  # before the district congress's vetting deadline


@pytest.fixture
def district(demo_db):
    return repository.event_by_code(demo_db, "dh-hon-quan")


def _rules(db, event, as_of=BEFORE):
    return {f.rule for f in agenda_rules.event_findings(db, event.id, as_of)}


def _item(db, event, kind):
    return next(i for i in svc.agenda(db, event.id).items if i.kind == kind)


def test_demo_district_is_clean_before_the_deadline(demo_db, district):
    assert _rules(demo_db, district) == set()


def test_required_item_missing(demo_db, district):
    svc.delete_item(demo_db, _item(demo_db, district, "launch").id)
    findings = agenda_rules.event_findings(demo_db, district.id, BEFORE)
    assert [f.rule for f in findings] == ["agenda.required"]
    assert "Phát động phong trào thi đua" in findings[0].message and findings[0].severity == "error"


def test_optional_item_missing_is_fine(demo_db, district):
    svc.delete_item(demo_db, _item(demo_db, district, "exchange").id)
    assert _rules(demo_db, district) == set()


def test_order(demo_db, district):
    closing = _item(demo_db, district, "closing")
    svc.move_item(demo_db, closing.id, 2)
    findings = [f for f in agenda_rules.event_findings(demo_db, district.id, BEFORE) if f.rule == "agenda.order"]
    assert findings and all(closing.id in f.rows for f in findings)


def test_flag_salute_only_in_a_congress(demo_db):
    commune = repository.event_by_code(demo_db, "hn-tan-loi")
    assert "agenda.flag_salute" not in _rules(demo_db, commune, dt.date(2025, 1, 1))
    svc.insert_item(demo_db, commune.id, 1, "free", "Chào cờ", 5, presenter_text="Người dẫn chương trình")
    demo_db.execute("UPDATE agenda_items SET kind = 'flag_salute' WHERE event_id = ? AND position = 1",
                    [commune.id])
    assert "agenda.flag_salute" in _rules(demo_db, commune, dt.date(2025, 1, 1))
    # A congress without its flag salute misses a required item instead.
    district = repository.event_by_code(demo_db, "dh-hon-quan")
    svc.delete_item(demo_db, _item(demo_db, district, "flag_salute").id)
    assert _rules(demo_db, district) == {"agenda.required"}


def test_session_overrun(demo_db, district):
    agenda = svc.agenda(demo_db, district.id)
    spare = agenda.session_end - agenda.end
    item = _item(demo_db, district, "summary_report")
    svc.update_item(demo_db, item.id, duration_min=item.duration_min + spare)
    assert "agenda.session" not in _rules(demo_db, district)
    svc.update_item(demo_db, item.id, duration_min=item.duration_min + spare + 1)
    findings = [f for f in agenda_rules.event_findings(demo_db, district.id, BEFORE) if f.rule == "agenda.session"]
    assert findings and "1 phút" in findings[0].message


def test_presenter_missing(demo_db, district):
    item = _item(demo_db, district, "welcome")
    svc.update_item(demo_db, item.id, presenter_text="", presenter_delegate_id=None)
    findings = [f for f in agenda_rules.event_findings(demo_db, district.id, BEFORE)
                if f.rule == "agenda.presenter"]
    assert findings and findings[0].rows == (item.id,)


def test_vetting_deadline(demo_db, district):
    deadline = agenda_speeches.vetting_deadline(demo_db, district)
    assert "agenda.vetting" not in _rules(demo_db, district, deadline)
    assert "agenda.vetting" in _rules(demo_db, district, deadline + dt.timedelta(days=1))
    for s in agenda_speeches.speeches(demo_db, district.id):
        agenda_speeches.set_vetting(demo_db, s.id, "approved", deadline)
    assert "agenda.vetting" not in _rules(demo_db, district, deadline + dt.timedelta(days=1))
    s = agenda_speeches.speeches(demo_db, district.id)[0]
    agenda_speeches.set_vetting(demo_db, s.id, "approved", deadline + dt.timedelta(days=2))
    assert "agenda.vetting_late" in _rules(demo_db, district, deadline + dt.timedelta(days=3))
    agenda_speeches.set_vetting(demo_db, s.id, "revise")
    assert "agenda.vetting" in _rules(demo_db, district, deadline + dt.timedelta(days=3))


def test_video_limits(demo_db, district):
    limits = agenda_speeches.limits(demo_db, district.plan_id)
    overview = next(s for s in agenda_speeches.speeches(demo_db, district.id) if s.video_kind == "overview")
    agenda_speeches.update_speech(demo_db, overview.id, duration_min=limits.overview_minutes + 5)
    assert "agenda.video" in _rules(demo_db, district)
    agenda_speeches.update_speech(demo_db, overview.id, duration_min=limits.overview_minutes)
    assert "agenda.video" not in _rules(demo_db, district)
    delegate = demo_db.execute("SELECT id FROM delegates WHERE event_id = ? AND category = 'exemplary'",
                               [district.id]).fetchone()[0]
    vid = agenda_speeches.add_speech(demo_db, district.id, "Chân dung điển hình", delegate, kind="video",
                                     duration_min=limits.exemplar_max_minutes)
    assert "agenda.video" not in _rules(demo_db, district)
    agenda_speeches.update_speech(demo_db, vid, duration_min=limits.exemplar_max_minutes + 1)
    assert "agenda.video" in _rules(demo_db, district)


def test_speeches_need_their_slot_and_a_mix(demo_db, district):
    delegate = demo_db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND category = 'exemplary' AND speaker = 0",
        [district.id]).fetchone()[0]
    agenda_speeches.add_speech(demo_db, district.id, "Thêm một tham luận", delegate)
    assert "agenda.speeches_time" in _rules(demo_db, district)
    for s in agenda_speeches.speeches(demo_db, district.id):
        if s.kind == "speech":
            agenda_speeches.update_speech(demo_db, s.id, field="Nông nghiệp")
    assert "agenda.speech_fields" in _rules(demo_db, district)


def test_pinned_overlap(demo_db, district):
    item = svc.agenda(demo_db, district.id).items[4]
    svc.update_item(demo_db, item.id, pinned_start=svc.format_clock(item.start - 10))
    assert "agenda.overlap" in _rules(demo_db, district)


def test_check_runs_agenda_rules(demo_db, district):
    rules = {f.rule for f in run_all(demo_db, [district.id], dt.date(2025, 6, 30))}
    assert "agenda.vetting" in rules  # one demo speech is still pending after the deadline


@pytest.mark.parametrize("template_id", [t.id for t in list_templates()])
def test_a_fresh_plan_agenda_satisfies_its_own_rules(memory_db, template_id):
    from thidua_desktop.services.plan_service import create_plan

    template = load_template(template_id)
    create_plan(memory_db, template, template.data["organiser"]["name"])
    for event in repository.events(memory_db):
        found = {f.rule for f in agenda_rules.event_findings(memory_db, event.id, dt.date(2020, 1, 1))}
        assert not found & {"agenda.required", "agenda.flag_salute", "agenda.order", "agenda.session"}, \
            (event.code, found)
        form = svc.agenda(memory_db, event.id).form
        has_flag = "flag_salute" in [i.kind for i in svc.agenda(memory_db, event.id).items]
        flag = next((s for s in svc.standard_items(memory_db, event.plan_id) if s.kind == "flag_salute"), None)
        assert has_flag == (flag is not None and svc.flag_salute_allowed(form, flag))
