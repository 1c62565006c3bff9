"""Guests of the guest list take seats (migration 0026, walkthrough 10): the file carried forward,
one person a seat across delegates and guests, automatic seating fills the guest rows with guests
first, moves, swaps, undo snapshots, the guest list's edits, the printed plan and list."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf
from thidua_desktop.services import event_guests, seating, seating_board
from thidua_desktop.services.seating import Hall, Seated, guest_key, plan_seats
from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).resolve().parents[1] / "data" / "previous_release" / "demo_release1.sqlite"


def _tables(conn) -> dict[str, list]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'delegate_search%'")]
    return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


@pytest.fixture
def congress(demo_path):
    db = open_database(demo_path)
    yield db, db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    db.close()


def test_a_first_release_file_is_carried_forward_with_an_empty_guest_seat_table(tmp_path):
    path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, path)
    conn = sqlite3.connect(path)
    before = _tables(conn)
    conn.close()
    assert "guest_seats" not in before and before["delegates"]
    db = open_database(path)
    after = _tables(db.conn)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 26
    for table, rows in before.items():  # every old row and value kept (new columns after them)
        if table != "_sqlite_migrations":
            assert [r[:len(rows[0])] for r in after[table]] == rows, table
    assert after["guest_seats"] == []
    db.close()


def test_a_demo_file_of_the_release_before_gains_the_table_with_nothing_lost(demo_path):
    conn = sqlite3.connect(demo_path)  # the demo as the release before 0026 left it
    with conn:
        for name in ("guest_seats_free", "guest_seats_free_update", "seat_assignments_free",
                     "seat_assignments_free_update"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE guest_seats")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0026_guest_seats'")
        previous = conn.execute("SELECT max(CAST(substr(name, 1, 4) AS INTEGER)) FROM _sqlite_migrations "
                                "WHERE migration_set = 'thidua_desktop'").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {previous}")
    before = _tables(conn)
    conn.close()
    db = open_database(demo_path)
    after = _tables(db.conn)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 26
    assert {t: rows for t, rows in after.items() if t not in ("guest_seats", "_sqlite_migrations")} == {
        t: rows for t, rows in before.items() if t != "_sqlite_migrations"}
    assert after["guest_seats"] == []  # the guests wait for a seat: the window lists them
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    assert seating_board.board(db, event_id).counts().guests == len(event_guests.guests(db, event_id)) == 3
    db.close()


def test_a_current_demo_file_seats_its_guests_and_a_seat_holds_one_person(congress):
    db, event_id = congress
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    seats = seating.seats(db, event_id)
    guests = event_guests.guests(db, event_id)
    delegate, place = next((d, p) for d, p in seats.items() if d > 0)
    guest_place = seats[guest_key(guests[0].id)]
    with pytest.raises(sqlite3.IntegrityError, match="seat taken by a delegate"):
        db.conn.execute("UPDATE guest_seats SET row = ?, seat = ? WHERE guest_id = ?", [*place, guests[0].id])
    with pytest.raises(sqlite3.IntegrityError, match="seat taken by a guest"):
        db.conn.execute("UPDATE seat_assignments SET row = ?, seat = ? WHERE delegate_id = ?",
                        [*guest_place, delegate])
    with pytest.raises(sqlite3.IntegrityError, match="seat taken by a guest"):
        db.conn.execute("INSERT INTO seat_assignments (event_id, delegate_id, row, seat) "
                        "SELECT ?, id, ?, ? FROM delegates WHERE event_id = ? AND id NOT IN "
                        "(SELECT delegate_id FROM seat_assignments) LIMIT 1", [event_id, *guest_place, event_id])
    assert seating.seats(db, event_id) == seats


def _people(delegates: int, guests: int) -> list[Seated]:
    return ([Seated(-g, f"Khách {g}", "Khách mời", "guest") for g in range(1, guests + 1)]
            + [Seated(d, f"Người {d}", "Xã A", "guest" if d == 1 else "") for d in range(1, delegates + 1)])


@pytest.mark.parametrize("guest_row", [2, 3, 4])  # the guest row: just under, at and over the guests
def test_guests_take_the_guest_rows_before_delegates_of_the_guest_kind(guest_row):
    hall = Hall(3, guest_row, (), {1: "guest"})
    placed, left = plan_seats(hall, _people(4, 3))
    guests_in_row = [k for k, (r, _s) in placed.items() if r == 1]
    assert guests_in_row[:min(3, guest_row)] == [-1, -2, -3][:guest_row]
    assert (1 in guests_in_row) is (guest_row > 3)  # the delegate of the guest kind gets what is left
    assert len(placed) + len(left) == 7


def test_a_guest_moves_swaps_unseats_and_an_undo_snapshot_puts_them_back(congress):
    db, event_id = congress
    snapshot = seating.seats(db, event_id)
    guest = guest_key(event_guests.guests(db, event_id)[0].id)
    delegate = next(d for d in snapshot if d > 0)
    with db.atomic():
        seating_board.place(db, event_id, guest, *snapshot[delegate])
    now = seating.seats(db, event_id)
    assert (now[guest], now[delegate]) == (snapshot[delegate], snapshot[guest])  # swapped
    with db.atomic():
        seating_board.unseat(db, event_id, guest)
    board = seating_board.board(db, event_id)
    assert [p.delegate_id for p in board.unseated()] == [guest] and board.people[guest].is_guest
    assert board.counts().guests == 1 and board.counts().unseated == 0
    seating_board.restore(db, event_id, snapshot)
    assert seating.seats(db, event_id) == snapshot
    with pytest.raises(Exception, match="Khách mời này không còn"):
        seating_board.place(db, event_id, -10**6, 3, 1)


def test_editing_the_guest_list_keeps_the_kept_guests_seats(congress):
    db, event_id = congress
    listed = event_guests.guests(db, event_id)
    seats = seating.seats(db, event_id)
    event_guests.replace_guests(db, event_id, [listed[2], listed[0]])  # one dropped, two reordered
    now = seating.seats(db, event_id)
    assert guest_key(listed[1].id) not in now
    assert {k: now[k] for k in (guest_key(listed[0].id), guest_key(listed[2].id))} == {
        k: seats[k] for k in (guest_key(listed[0].id), guest_key(listed[2].id))}


def test_a_smaller_hall_frees_guests_seats_outside_it(congress):
    db, event_id = congress
    guest = guest_key(event_guests.guests(db, event_id)[0].id)
    row, _seat = seating.seats(db, event_id)[guest]
    lost = sum(1 for k, (r, _s) in seating.seats(db, event_id).items() if k < 0 and r >= row)
    kept = sum(1 for k, (r, _s) in seating.seats(db, event_id).items() if k < 0 and r < row)
    assert lost >= 1 and seating_board.outside(db, event_id, Hall(row - 1, 24)) >= lost
    seating.save_hall(db, event_id, Hall(row - 1, 24, (), {1: "presidium"}))
    assert guest not in seating.seats(db, event_id)
    assert sum(1 for k in seating.seats(db, event_id) if k < 0) == kept
    assert seating_board.board(db, event_id).counts().guests == lost


def test_the_printed_plan_and_list_show_the_guests_seats(congress, tmp_path):
    db, event_id = congress
    plan = seating_plan(db, event_id)
    listed = event_guests.guests(db, event_id)
    guests = [p for p in plan.people if p.delegate_id < 0]
    assert [p.name for p in guests] == [g.full_name for g in listed]
    assert all(plan.group(p) == "Khách mời" and p.unit == g.agency for p, g in zip(guests, listed, strict=True))
    assert "Khách mời" in plan.colours
    out = write_seating_pdf(plan, tmp_path / "sd.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    seats = seating.seats(db, event_id)
    for g in listed:
        line = next(li for li in text.splitlines() if g.full_name in li)
        row, seat = seats[guest_key(g.id)]
        assert line.split()[-2:] == [str(row), str(seat)]
    assert "chưa xếp" not in text


def test_a_restored_delegate_or_reply_never_takes_a_guest_s_seat(congress):
    from thidua_desktop.services import event_day

    db, event_id = congress
    seats = seating.seats(db, event_id)
    guest = guest_key(event_guests.guests(db, event_id)[0].id)
    delegate = next(d for d in seats if d > 0)
    saved, replies = event_day.day_rows(db, [delegate]), event_day.invitation_rows(db, [delegate])
    with db.atomic():
        event_day.set_invitation(db, delegate, "declined")  # frees the seat
        seating_board.place(db, event_id, guest, *seats[delegate])
        event_day.restore_invitations(db, replies)
        event_day.restore_day_rows(db, saved)
    now = seating.seats(db, event_id)
    assert now[guest] == seats[delegate] and delegate not in now


@pytest.mark.parametrize(("delegates", "guests", "listed", "said"), [
    (0, 0, False, "Đã xếp chỗ cho mọi đại biểu."),
    (0, 0, True, "Đã xếp chỗ cho mọi đại biểu và khách mời."),
    (1, 0, True, "Đã xếp chỗ; còn 1 đại biểu chưa có ghế (hội trường không đủ chỗ)."),
    (0, 1, True, "Đã xếp chỗ; còn 1 khách mời chưa có ghế (hội trường không đủ chỗ)."),
    (3, 2, True, "Đã xếp chỗ; còn 3 đại biểu và 2 khách mời chưa có ghế (hội trường không đủ chỗ)."),
])
def test_the_automatic_seating_sentence_counts_delegates_and_guests_apart(congress, delegates, guests, listed,
                                                                         said):
    db, event_id = congress
    if not listed:
        with db.conn:
            db.conn.execute("DELETE FROM event_guests WHERE event_id = ?", [event_id])
    left = [Seated(n + 1, "A", "", "guest") for n in range(delegates)]  # a guest-kind delegate is a delegate
    left += [Seated(guest_key(n + 1), "B", "Khách mời", "guest") for n in range(guests)]
    assert seating.assigned_sentence(db, event_id, left) == said
