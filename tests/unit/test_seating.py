"""Seating: hall layout, reserved rows, automatic assignment at, under and over capacity, moves."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import seating
from thidua_desktop.services.seating import Hall, Seated, plan_seats
from thidua_desktop.store.database import open_database


def _people(n: int, kind: str = "", start: int = 0) -> list[Seated]:
    return [Seated(start + i, f"Người {start + i}", "Xã A", kind) for i in range(n)]


def test_blocks_follow_aisles():
    assert Hall(3, 20, (5, 15)).blocks() == [(1, 5), (6, 15), (16, 20)]
    assert Hall(3, 10).blocks() == [(1, 10)]


@pytest.mark.parametrize("extra, unseated", [(-1, 0), (0, 0), (1, 1)])
def test_capacity_edge(extra, unseated):
    hall = Hall(3, 4, (), {1: "presidium"})
    people = _people(2, "presidium") + _people(8 + extra, start=100)  # 4 reserved + 8 other seats
    placed, left = plan_seats(hall, people)
    assert len(left) == unseated
    assert len(set(placed.values())) == len(placed)  # never two on one seat


def test_reserved_rows_go_to_their_kind_and_overflow_sits_with_the_rest():
    hall = Hall(3, 2, (), {1: "presidium"})
    people = _people(3, "presidium") + _people(1, start=10)
    placed, left = plan_seats(hall, people)
    assert left == []
    assert placed[0] == (1, 1) and placed[1] == (1, 2)
    assert placed[2] == (2, 1)  # third presidium member: row 1 is full
    assert placed[10] == (2, 2)


def test_ordinary_delegates_never_take_reserved_rows():
    hall = Hall(2, 2, (), {1: "guest"})
    placed, left = plan_seats(hall, _people(3))
    assert len(left) == 1 and all(row == 2 for row, _s in placed.values())


@pytest.mark.parametrize("hall", [Hall(0, 5), Hall(5, 101), Hall(5, 10, (10,)), Hall(5, 10, (), {6: "guest"}),
                                  Hall(5, 10, (), {1: "vip"})])
def test_invalid_halls_are_refused(hall):
    with pytest.raises(ValidationError):
        seating.validate(hall)


def test_assign_by_unit_keeps_delegations_together_and_move_swaps(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    seating.save_hall(db, event_id, Hall(10, 12, (6,), {1: "presidium", 2: "guest"}))
    assert seating.assign(db, event_id, "unit") == []
    seats = seating.seats(db, event_id)
    listed = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent' AND id NOT IN "
                        "(SELECT delegate_id FROM delegate_event_day WHERE invitation = 'declined')",
                        [event_id]).fetchone()[0]
    assert len([d for d in seats if d > 0]) == listed
    guest_ids = [r[0] for r in db.execute("SELECT id FROM event_guests WHERE event_id = ? ORDER BY position_no",
                                          [event_id])]
    assert guest_ids and [seats[seating.guest_key(g)] for g in guest_ids] == [(2, n) for n in range(1, 4)]
    presidium = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? AND presidium = 1",
                                          [event_id])]
    assert all(seats[d][0] == 1 for d in presidium[:12])
    a, b = list(seats)[0], list(seats)[-1]
    place_a, place_b = seats[a], seats[b]
    seating.move(db, event_id, a, *place_b)
    after = seating.seats(db, event_id)
    assert after[a] == place_b and after[b] == place_a
    with pytest.raises(ValidationError):
        seating.move(db, event_id, a, 11, 1)
    seating.save_hall(db, event_id, Hall(3, 12, (6,), {1: "presidium"}))  # smaller: outside seats freed
    assert all(r <= 3 for r, _s in seating.seats(db, event_id).values())
    with pytest.raises(ValidationError):
        seating.assign(db, event_id, "random")
    db.close()
