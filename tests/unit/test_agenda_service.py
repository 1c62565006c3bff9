"""Agenda service on the demo: running clock, pins, insert/move/delete/restore, speeches."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches, repository


@pytest.fixture
def district(demo_db):
    return repository.event_by_code(demo_db, "dh-hon-quan")


def _kinds(db, event_id):
    return [i.kind for i in svc.agenda(db, event_id).items]


@pytest.mark.parametrize("text, minutes", [
    ("07:30", 450), ("7h30", 450), ("7.05", 425), (" 13:00 ", 780), ("", None), (None, None),
])
def test_parse_clock(text, minutes):
    assert svc.parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "7:75", "bảy giờ", "730"])
def test_bad_clock_gets_a_sentence(text):
    with pytest.raises(ValidationError, match="giờ:phút"):
        svc.parse_clock(text)


def test_compute_clock_runs_and_pins():
    assert svc.compute_clock(450, [(30, None), (10, None), (5, "09:00"), (10, None)]) == [
        (450, 480), (480, 490), (540, 545), (545, 555)]


def test_demo_district_agenda_times_add_up(demo_db, district):
    agenda = svc.agenda(demo_db, district.id)
    template = [s.kind for s in svc.standard_items(demo_db, district.plan_id) if s.standard_for(district.type_code)]
    assert [i.kind for i in agenda.items] == template  # a congress keeps every standard item, flag salute too
    assert "covenant" not in template and "award_decision" in template  # palette-only items stay out
    assert agenda.items[0].start == svc.parse_clock(district.start_time)
    for before, after in zip(agenda.items, agenda.items[1:], strict=False):
        assert after.start == before.end == before.start + before.duration_min
    assert agenda.end == agenda.start + agenda.total_minutes
    assert agenda.session_end == agenda.start + district.session_minutes
    opening = next(i for i in agenda.items if i.kind == "opening")
    assert opening.presenter_label.startswith("Đồng chí ") and opening.presenter_name


def test_commune_conference_palette_has_no_flag_salute(demo_db):
    event = repository.event_by_code(demo_db, "hn-tan-loi")
    kinds = [s.kind for s in svc.palette(demo_db, event.id)]
    assert "flag_salute" not in kinds and "opening" in kinds
    assert "flag_salute" not in _kinds(demo_db, event.id)


def test_move_insert_delete_restore_keep_positions(demo_db, district):
    ids = [i.id for i in svc.agenda(demo_db, district.id).items]
    old = svc.move_item(demo_db, ids[-1], 1)
    assert old == len(ids)
    agenda = svc.agenda(demo_db, district.id)
    assert [i.id for i in agenda.items] == [ids[-1], *ids[:-1]]
    assert [i.position for i in agenda.items] == list(range(1, len(ids) + 1))
    assert agenda.items[0].start == agenda.start  # the clock follows the new order

    new_id = svc.insert_item(demo_db, district.id, 3, "free", "Tặng hoa chúc mừng", 5,
                             presenter_text="Đội thiếu nhi")
    items = svc.agenda(demo_db, district.id).items
    assert items[2].id == new_id and items[2].title == "Tặng hoa chúc mừng"
    assert items[3].start == items[2].end
    row = svc.delete_item(demo_db, new_id)
    assert new_id not in [i.id for i in svc.agenda(demo_db, district.id).items]
    svc.restore_item(demo_db, row)
    items = svc.agenda(demo_db, district.id).items
    assert items[2].id == new_id and [i.position for i in items] == list(range(1, len(items) + 1))


def test_standard_insert_takes_template_title_and_minutes(demo_db, district):
    standard = {s.kind: s for s in svc.standard_items(demo_db, district.plan_id)}
    new_id = svc.insert_item(demo_db, district.id, None, "exchange")
    item = next(i for i in svc.agenda(demo_db, district.id).items if i.id == new_id)
    assert (item.title, item.duration_min) == (standard["exchange"].title, standard["exchange"].minutes)
    assert "{" not in standard["launch"].title and "2025 - 2030" in standard["launch"].title


def test_update_validates_and_returns_old_values(demo_db, district):
    item = svc.agenda(demo_db, district.id).items[3]
    old = svc.update_item(demo_db, item.id, duration_min="25", pinned_start="8h00")
    assert old == {"duration_min": item.duration_min, "pinned_start": None}
    again = next(i for i in svc.agenda(demo_db, district.id).items if i.id == item.id)
    assert (again.duration_min, again.pinned_start, again.start) == (25, "08:00", 480)
    for bad in ({"duration_min": "mười"}, {"duration_min": 999}, {"title": "   "},
                {"pinned_start": "29:00"}):
        with pytest.raises(ValidationError):
            svc.update_item(demo_db, item.id, **bad)
    other_event = repository.event_by_code(demo_db, "hn-tan-loi")
    stranger = demo_db.execute("SELECT id FROM delegates WHERE event_id = ?", [other_event.id]).fetchone()[0]
    with pytest.raises(ValidationError, match="chính sự kiện"):
        svc.update_item(demo_db, item.id, presenter_delegate_id=stranger)


def test_unknown_standard_kind_is_refused(demo_db, district):
    with pytest.raises(ValidationError, match="bảng mẫu"):
        svc.insert_item(demo_db, district.id, None, "fireworks")


def test_fill_standard_agenda_only_when_empty(demo_db, district):
    with pytest.raises(ValidationError):
        svc.fill_standard_agenda(demo_db, district.id)
    demo_db.execute("DELETE FROM agenda_items WHERE event_id = ?", [district.id])
    svc.fill_standard_agenda(demo_db, district.id)
    assert _kinds(demo_db, district.id) == [
        s.kind for s in svc.palette(demo_db, district.id) if s.standard_for(district.type_code)]


def test_presenter_choices_in_protocol_order(demo_db, district):
    choices = svc.presenter_choices(demo_db, district.id)
    presidium = [c for c in choices if c.presidium]
    assert choices[: len(presidium)] == presidium
    first = demo_db.execute(
        "SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.presidium = 1 AND d.protocol_rank > 0 ORDER BY d.protocol_rank",
        [district.id]).fetchone()[0]
    assert first in choices[0].label


def test_speeches_vetting_and_mix(demo_db, district):
    talks = agenda_speeches.speeches(demo_db, district.id)
    assert any(s.kind == "video" and s.video_kind == "overview" for s in talks)
    pending = next(s for s in talks if s.vetting == "pending")
    old = agenda_speeches.set_vetting(demo_db, pending.id, "approved", dt.date(2025, 6, 1))
    assert old == ("pending", None)
    again = next(s for s in agenda_speeches.speeches(demo_db, district.id) if s.id == pending.id)
    assert (again.vetting, again.vetted_on) == ("approved", dt.date(2025, 6, 1))
    agenda_speeches.set_vetting(demo_db, pending.id, "pending")
    assert agenda_speeches.speech_row(demo_db, pending.id)["vetted_on"] is None
    mix = agenda_speeches.mix(demo_db, district.id)
    speeches = [s for s in talks if s.kind == "speech"]
    assert sum(c for _, c in mix.fields) == len(speeches)
    assert {f for f, _ in mix.fields} == {s.field for s in speeches}
    assert "Giáo dục" in mix.missing_fields or any(s.field == "Giáo dục" for s in speeches)
    assert "·" in mix.describe() or len(mix.fields) == 1


def test_add_speech_defaults_from_rules_and_roster(demo_db, district):
    delegate = demo_db.execute(
        "SELECT id, field FROM delegates WHERE event_id = ? AND category = 'exemplary' AND speaker = 0 "
        "LIMIT 1", [district.id]).fetchone()
    sid = agenda_speeches.add_speech(demo_db, district.id, "Kinh nghiệm làm giàu", delegate[0])
    row = agenda_speeches.speech_row(demo_db, sid)
    assert (row["field"], row["duration_min"], row["vetting"]) == (delegate[1], 7, "pending")
    vid = agenda_speeches.add_speech(demo_db, district.id, "Phóng sự", kind="video")
    assert agenda_speeches.speech_row(demo_db, vid)["duration_min"] == 25  # the rules' overview length
    with pytest.raises(ValidationError):
        agenda_speeches.add_speech(demo_db, district.id, "  ")
    removed = agenda_speeches.delete_speech(demo_db, sid)
    agenda_speeches.restore_speech(demo_db, removed)
    assert agenda_speeches.speech_row(demo_db, sid)["title"] == "Kinh nghiệm làm giàu"
    ids = [s.id for s in agenda_speeches.speeches(demo_db, district.id)]
    agenda_speeches.move_speech(demo_db, ids[-1], 0)
    assert [s.id for s in agenda_speeches.speeches(demo_db, district.id)][0] == ids[-1]


def test_vetting_deadline_is_event_relative(demo_db, district):
    deadline = agenda_speeches.vetting_deadline(demo_db, district)
    offset = agenda_speeches.limits(demo_db, district.plan_id).vetting_deadline["offset_days"]
    assert deadline == district.date + dt.timedelta(days=offset)


def test_event_frame_moves_the_clock(demo_db, district):
    old = svc.set_event_frame(demo_db, district.id, "7h00", 300)
    assert old == {"start_time": district.start_time, "session_minutes": district.session_minutes}
    agenda = svc.agenda(demo_db, district.id)
    assert agenda.items[0].start == 420 and agenda.session_end == 420 + 300
    for bad in (("", None), (None, 10), (None, "bốn giờ")):
        with pytest.raises(ValidationError):
            svc.set_event_frame(demo_db, district.id, *bad)
