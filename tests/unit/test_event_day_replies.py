"""Invitation replies reach the hall's documents: who declined gets no badge, card or seat;
a substitute's name is printed in the delegate's place with the delegate's code and seat."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from thidua_desktop.cli import main
from thidua_desktop.export.badge_pdf import badge_sheet
from thidua_desktop.export.event_day_export import addressed
from thidua_desktop.export.invitation_content import delegate_letters
from thidua_desktop.export.seating_pdf import seating_plan
from thidua_desktop.services import event_day, seating, seating_board
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"


@pytest.fixture
def demo(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]
    seating.assign(db, event_id, "unit")
    with db.conn:  # no replies yet, as before letters go out: the tests record their own
        db.conn.execute("UPDATE delegate_event_day SET invitation = 'none', substitute_name = '', replied_at = NULL "
                        "WHERE invitation != 'invited'")
    seating.assign(db, event_id, "unit")
    yield db, event_id
    db.close()


def _seated(db, event_id: int) -> list[int]:
    return [d for d, in db.execute("SELECT delegate_id FROM seat_assignments WHERE event_id = ? "
                                   "ORDER BY row, seat", [event_id])]


def test_declined_loses_seat_badge_and_card_and_undo_gives_the_seat_back(demo):
    db, event_id = demo
    first, second = _seated(db, event_id)[:2]
    place = seating.seats(db, event_id)[first]
    before = event_day.set_invitations(db, [first], "declined")
    assert first not in seating.seats(db, event_id)
    assert first not in {p.delegate_id for p in badge_sheet(db, event_id).people}
    assert first not in {p.delegate_id for p in seating_plan(db, event_id).people}
    board = seating_board.board(db, event_id)
    assert board.people[first].absent and first not in {p.delegate_id for p in board.unseated()}
    # Letters still go to everyone listed: the reply came after the letter.
    assert first in {letter.delegate_id for letter in delegate_letters(db, event_id)}
    event_day.restore_invitations(db, before)
    assert seating.seats(db, event_id)[first] == place
    assert second in seating.seats(db, event_id)
    assert first in {p.delegate_id for p in badge_sheet(db, event_id).people}


def test_auto_seating_skips_who_declined(demo):
    db, event_id = demo
    first = _seated(db, event_id)[0]
    event_day.set_invitation(db, first, "declined")
    seating.assign(db, event_id, "unit")
    assert first not in seating.seats(db, event_id)
    event_day.set_invitation(db, first, "confirmed")  # changed their mind: seated again by the next run
    seating.assign(db, event_id, "unit")
    assert first in seating.seats(db, event_id)


def test_restored_seat_taken_meanwhile_is_not_doubled(demo):
    db, event_id = demo
    first, second = _seated(db, event_id)[:2]
    place = seating.seats(db, event_id)[first]
    before = event_day.set_invitations(db, [first], "declined")
    seating.move(db, event_id, second, *place)
    event_day.restore_invitations(db, before)
    assert seating.seats(db, event_id)[second] == place
    assert first not in seating.seats(db, event_id)


def test_substitute_name_printed_with_the_delegates_code_and_seat(demo):
    db, event_id = demo
    first = _seated(db, event_id)[0]
    original = db.execute("SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
                          "WHERE d.id = ?", [first]).fetchone()[0]
    code = event_day.badge_code(db, first)
    event_day.set_invitation(db, first, "substitute", "Trần Văn Mới")
    badge = next(p for p in badge_sheet(db, event_id).people if p.delegate_id == first)
    assert (badge.name, badge.badge_code, badge.position) == ("Trần Văn Mới", code, "")
    assert badge.seat and badge.salutation == "Ông (Bà)"
    plan = seating_plan(db, event_id)
    assert plan.at()[(badge.row, badge.seat_number)].name == "Trần Văn Mới"
    assert seating_board.board(db, event_id).people[first].name == "Trần Văn Mới"
    assert original not in {p.name for p in badge_sheet(db, event_id).people if p.delegate_id == first}
    letter = next(x for x in delegate_letters(db, event_id) if x.delegate_id == first)
    assert original in letter.addressee  # the letter was the delegate's


def _states(db, ids: list[int]) -> dict[int, str]:
    return {r[0]: r[1] for r in event_day.invitation_rows(db, ids)}


@pytest.mark.parametrize("per_unit", [False, True])
def test_invitations_reach_every_delegate_and_marking_keeps_replies(demo, per_unit):
    db, event_id = demo
    everyone = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ?", [event_id])]
    assert addressed(db, event_id, per_unit) == sorted(everyone)
    before = _states(db, everyone)
    fresh = sorted(d for d, s in before.items() if s == "none")
    assert fresh and len(fresh) < len(everyone)  # the demo has some sent and some not
    undo = event_day.mark_invited(db, everyone)
    assert sorted(r[0] for r in undo) == fresh
    after = _states(db, everyone)
    assert {d: s for d, s in after.items() if d not in fresh} == {d: s for d, s in before.items() if d not in fresh}
    assert all(after[d] == "invited" for d in fresh)
    assert event_day.mark_invited(db, everyone) == []  # twice: nothing more to mark
    event_day.restore_invitations(db, undo)
    assert _states(db, everyone) == before


def test_demo_holds_replies_of_each_state_and_seats_none_who_declined(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]
    counts = event_day.invitation_counts(db, event_id)
    assert all(counts[state] >= 1 for state in event_day.INVITATION_STATES)
    assert counts["declined"] == 2 and counts["substitute"] == 1
    declined = {d for d, s in _states(db, list(seating.seats(db, event_id))).items() if s == "declined"}
    assert not declined
    db.close()


def test_cli_export_marks_invited_and_no_mark_leaves_them(demo_path, tmp_path, capsys):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]
    fresh = event_day.invitation_counts(db, event_id)["none"]
    db.close()
    args = ["export-event", "--db", str(demo_path), "--event", EVENT, "--invitations"]
    assert main([*args, "--out", str(tmp_path / "a.pdf"), "--no-mark"]) == 0
    assert "Đã mời" not in capsys.readouterr().err
    db = open_database(demo_path)
    assert event_day.invitation_counts(db, event_id)["none"] == fresh
    db.close()
    assert main([*args, "--out", str(tmp_path / "b.docx")]) == 0
    assert f"Đã ghi “Đã mời” cho {fresh} đại biểu chưa mời" in capsys.readouterr().err
    db = open_database(demo_path)
    assert event_day.invitation_counts(db, event_id)["none"] == 0
    db.close()
    assert main([*args, "--out", str(tmp_path / "c.pdf")]) == 0
    assert "cho 0 đại biểu" in capsys.readouterr().err


@pytest.mark.parametrize("over", [-1, 0, 1])
def test_shortfall_when_the_hall_holds_fewer_than_delegates_and_guests(demo, over):
    db, event_id = demo
    h = seating.Hall(12, 24)
    guests = seating.seats_needed(db, event_id)[1]
    assert guests == 3
    with db.conn:  # the event expects `over` more (or fewer) people than the 288 seats
        db.conn.execute("UPDATE events SET max_delegates = ? WHERE id = ?", [288 - guests + over, event_id])
    sentence = seating.shortfall(db, event_id, h)
    if over <= 0:
        assert sentence == ""
    else:
        assert sentence.startswith("Hội trường 12 hàng × 24 ghế = 288 ghế, ít hơn 286 đại biểu và 3 khách mời")
        assert "cần ít nhất 289 ghế" in sentence


def test_more_delegates_listed_than_the_maximum_count_and_declined_do_not(demo):
    db, event_id = demo
    listed = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent'",
                        [event_id]).fetchone()[0]
    with db.conn:
        db.conn.execute("UPDATE events SET max_delegates = 10 WHERE id = ?", [event_id])
    assert seating.seats_needed(db, event_id) == (listed, 3)
    event_day.set_invitation(db, _seated(db, event_id)[0], "declined")
    assert seating.seats_needed(db, event_id) == (listed - 1, 3)


def test_check_warns_for_a_hall_in_use_only(demo):
    from thidua_desktop.services.rules import run_all

    db, event_id = demo
    with db.conn:
        db.conn.execute("UPDATE events SET max_delegates = 400 WHERE id = ?", [event_id])
    found = [f for f in run_all(db) if f.rule == "seating.capacity"]
    assert [(f.event, f.severity) for f in found] == [(EVENT, "warning")]
    assert "cần ít nhất 403 ghế" in found[0].message
    with db.conn:  # no hall saved and only guests seated: the hall plan is in use
        db.conn.execute("DELETE FROM event_halls WHERE event_id = ?", [event_id])
        db.conn.execute("DELETE FROM seat_assignments WHERE event_id = ?", [event_id])
    assert [f.event for f in run_all(db) if f.rule == "seating.capacity"] == [EVENT]
    with db.conn:  # no hall saved and nobody seated: the event does not use the hall plan
        db.conn.execute("DELETE FROM guest_seats WHERE event_id = ?", [event_id])
    assert not [f for f in run_all(db) if f.rule == "seating.capacity"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_guests_get_name_cards_first_and_are_counted_on_the_plan(demo, tmp_path):
    from thidua_desktop.export.event_day_export import export_event_document
    from thidua_desktop.services.event_guests import guests

    db, event_id = demo
    listed = guests(db, event_id)
    assert len(listed) == 3
    coming = len(badge_sheet(db, event_id).people)
    out = export_event_document(db, event_id, "cards", tmp_path / "bt.pdf")
    assert len(PdfReader(out).pages) == coming + len(listed)
    for page, guest in enumerate(listed, start=1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert text.count(guest.full_name) == 2 and guest.title in text  # both halves of the fold
        place = seating.seats(db, event_id)[seating.guest_key(guest.id)]  # the demo seats its guests
        assert text.count(seating.seat_label(place)) == 2
    badges = export_event_document(db, event_id, "badges", tmp_path / "the.pdf")
    assert all(g.full_name not in PdfReader(badges).pages[0].extract_text() for g in listed)  # no code to scan
    counts = seating_board.board(db, event_id).counts()
    assert counts.guests == 0 and "khách mời" not in counts.sentence()
    with db.atomic():
        seating_board.unseat(db, event_id, seating.guest_key(listed[0].id))
    counts = seating_board.board(db, event_id).counts()
    assert (counts.guests, counts.unseated) == (1, 0) and counts.sentence().endswith("· 1 khách mời chưa có ghế")


def test_cli_export_from_a_read_only_file_says_to_use_no_mark(demo_path, tmp_path, capsys, monkeypatch):
    from thidua_desktop.store import faults

    # The file is read-only (the tests may run as root, who writes any file: the check is replaced).
    monkeypatch.setattr(faults, "writable", lambda _path: False)
    args = ["export-event", "--db", str(demo_path), "--event", EVENT, "--invitations"]
    assert main([*args, "--out", str(tmp_path / "a.pdf")]) == 2
    assert "--no-mark" in capsys.readouterr().err and not (tmp_path / "a.pdf").exists()
    assert main([*args, "--out", str(tmp_path / "b.pdf"), "--no-mark"]) == 0
    assert (tmp_path / "b.pdf").exists()
