"""Invitation replies reach the hall's documents: who declined gets no badge, card or seat;
a substitute's name is printed in the delegate's place with the delegate's code and seat."""

from __future__ import annotations

import pytest

from thidua_desktop.export.badge_pdf import badge_sheet
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
