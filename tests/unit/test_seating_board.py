"""The seating window's data: board, counts, seat edits and snapshots, aisles typed, hall labels,
and migration 0021 on a release-1 file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf
from thidua_desktop.services import seating, seating_board
from thidua_desktop.services.seating import Hall
from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).parents[1] / "data" / "previous_release" / "demo_release1.sqlite"


@pytest.fixture
def congress(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    yield db, event_id
    db.close()


def _listed(db, event_id) -> int:
    return db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent' AND id NOT IN "
                      "(SELECT delegate_id FROM delegate_event_day WHERE invitation = 'declined')",
                      [event_id]).fetchone()[0]  # who declined is not expected in the hall


def test_board_counts_follow_the_hall_and_the_seats(congress):
    db, event_id = congress
    b = seating_board.board(db, event_id)
    listed = _listed(db, event_id)
    h = seating.hall(db, event_id)
    guests = db.execute("SELECT count(*) FROM event_guests WHERE event_id = ?", [event_id]).fetchone()[0]
    assert guests and h.capacity >= listed + guests  # the demo's hall holds its delegates and guests
    assert b.counts() == seating_board.Counts(h.capacity, listed + guests, h.reserved_seats, 0, 0)
    assert "khách mời" not in b.counts().sentence()
    first = next(d for d in b.seats if d > 0)
    with db.atomic():
        seating_board.unseat(db, event_id, first)
    after = seating_board.board(db, event_id).counts()
    assert (after.taken, after.unseated) == (listed + guests - 1, 1)
    assert [p.delegate_id for p in seating_board.board(db, event_id).unseated()] == [first]
    assert "1 đại biểu chưa có ghế" in after.sentence() and f"{listed + guests - 1} đã có người" in after.sentence()


def test_an_absent_delegate_is_not_waiting_for_a_seat(congress):
    db, event_id = congress
    with db.conn:
        db.conn.execute("DELETE FROM seat_assignments WHERE event_id = ?", [event_id])
        absent = db.conn.execute("SELECT id FROM delegates WHERE event_id = ? LIMIT 1", [event_id]).fetchone()[0]
        db.conn.execute("UPDATE delegates SET status = 'absent' WHERE id = ?", [absent])
    b = seating_board.board(db, event_id)
    assert absent in b.people and b.people[absent].absent
    assert absent not in [p.delegate_id for p in b.unseated()]
    assert b.counts().unseated == _listed(db, event_id)


def test_groups_by_category_follow_protocol_order(congress):
    db, event_id = congress
    b = seating_board.board(db, event_id, "category")
    labels = [r[0] for r in db.execute(
        "SELECT c.label FROM delegate_categories c JOIN events e ON e.plan_id = c.plan_id WHERE e.id = ? "
        "ORDER BY c.protocol_order", [event_id])]
    assert [g for g in labels if g in b.groups] == list(b.groups)
    with pytest.raises(ValidationError, match="Cách tô màu"):
        seating_board.board(db, event_id, "colour")


def test_place_swaps_moves_and_refuses_a_stranger(congress):
    db, event_id = congress
    seats = seating.seats(db, event_id)
    a, b = list(seats)[:2]
    with db.atomic():
        seating_board.place(db, event_id, a, *seats[b])
    now = seating.seats(db, event_id)
    assert (now[a], now[b]) == (seats[b], seats[a])
    h = seating.hall(db, event_id)
    free = (h.rows, h.seats)
    assert free not in now.values()
    with db.atomic():
        seating_board.place(db, event_id, a, *free)
    assert seating.seats(db, event_id)[a] == free
    other = db.execute("SELECT id FROM delegates WHERE event_id != ? LIMIT 1", [event_id]).fetchone()[0]
    with pytest.raises(ValidationError, match="không còn trong danh sách"):
        seating_board.place(db, event_id, other, h.rows, h.seats - 1)
    with pytest.raises(ValidationError, match="không có trong hội trường"):
        seating_board.place(db, event_id, a, h.rows + 1, 1)


def test_restore_puts_a_snapshot_back_leaving_out_the_deleted_and_the_outside(congress):
    db, event_id = congress
    snapshot = seating.seats(db, event_id)
    gone = next(iter(snapshot))
    with db.conn:
        db.conn.execute("DELETE FROM seat_assignments WHERE event_id = ?", [event_id])
        db.conn.execute("DELETE FROM delegates WHERE id = ?", [gone])
    seating_board.restore(db, event_id, snapshot)
    assert seating.seats(db, event_id) == {d: p for d, p in snapshot.items() if d != gone}
    seating.save_hall(db, event_id, Hall(3, 24, (6, 18), {1: "presidium"}))
    seating_board.restore(db, event_id, snapshot)
    assert all(r <= 3 for r, _s in seating.seats(db, event_id).values())


@pytest.mark.parametrize("rows, seats", [(6, 24), (5, 24), (4, 24), (5, 23)])
def test_outside_counts_who_would_lose_a_seat_at_the_edge(congress, rows, seats):
    db, event_id = congress
    taken = list(seating.seats(db, event_id).values())
    last_row = max(r for r, _s in taken)
    assert last_row == 5 and any(s == 24 for _r, s in taken)  # the demo's seats reach row 5 and seat 24
    expected = sum(1 for r, s in taken if r > rows or s > seats)
    assert seating_board.outside(db, event_id, Hall(rows, seats)) == expected
    assert (expected == 0) == (rows >= 5 and seats == 24)


def test_put_hall_none_goes_back_to_the_default_and_frees_seats_outside(congress):
    db, event_id = congress
    assert seating_board.stored_hall(db, event_id) == seating.hall(db, event_id)
    seating_board.put_hall(db, event_id, None)
    assert seating_board.stored_hall(db, event_id) is None
    default = seating.hall(db, event_id)
    assert default == seating.default_hall(_listed(db, event_id) + db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ? AND status = 'absent'", [event_id]).fetchone()[0])
    assert all(r <= default.rows and s <= default.seats for r, s in seating.seats(db, event_id).values())


@pytest.mark.parametrize("text, seats, expected", [
    ("", 24, ()), ("6, 18", 24, (6, 18)), ("18;6 6", 24, (6, 18)), ("1", 2, (1,)), ("23", 24, (23,))])
def test_aisles_typed(text, seats, expected):
    assert seating_board.parse_aisles(text, seats) == expected


@pytest.mark.parametrize("text, seats, words", [
    ("24", 24, "nằm ngoài hàng ghế (1 đến 23)"), ("0", 24, "Lối đi sau ghế số 0"),
    ("6, sáu", 24, "“sáu” không phải số ghế"), ("-3", 24, "không phải số ghế"), ("1", 1, "chỉ có một ghế"),
    ("٣", 24, "không phải số ghế"), ("1," * 101, 24, "dài quá 200 ký tự")])
def test_bad_aisles_are_said(text, seats, words):
    with pytest.raises(ValidationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        seating_board.parse_aisles(text, seats)


@pytest.mark.parametrize("extra, ok", [(-1, True), (0, True), (1, False)])
def test_label_length_edge(extra, ok):
    hall = Hall(3, 4, (), {1: "guest"}, {1: "K" * (seating.LABEL_MAX + extra)})
    if ok:
        assert seating.validate(hall) is hall
    else:
        with pytest.raises(ValidationError, match="dài quá 40 ký tự"):
            seating.validate(hall)


@pytest.mark.parametrize("labels, words", [({2: "Báo chí"}, "không dành riêng"),
                                           ({1: "Báo\x00chí"}, "ký tự điều khiển"),
                                           ({1: " Báo chí"}, "khoảng trắng thừa")])
def test_bad_labels_are_refused(labels, words):
    with pytest.raises(ValidationError, match=words):
        seating.validate(Hall(3, 4, (), {1: "guest"}, labels))


def test_labels_are_stored_read_back_named_and_printed(congress, tmp_path):
    db, event_id = congress
    hall = Hall(12, 24, (6, 18), {1: "presidium", 2: "guest", 3: "guest"}, {2: "Khách mời quốc tế"})
    seating.save_hall(db, event_id, hall)
    back = seating.hall(db, event_id)
    assert back == hall
    assert [back.row_label(r) for r in (1, 2, 3, 4)] == ["Đoàn Chủ tịch", "Khách mời quốc tế", "Khách mời", ""]
    assert back.reserved_seats == 3 * 24
    pdf = write_seating_pdf(seating_plan(db, event_id), tmp_path / "plan.pdf")
    from pypdf import PdfReader

    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "Khách mời quốc tế" in text and "Đoàn Chủ tịch" in text


def test_migration_0021_keeps_a_release_1_file_and_its_halls(tmp_path):
    path = tmp_path / "r1.sqlite"
    shutil.copy(RELEASE1, path)
    old = sqlite3.connect(path)
    delegates = old.execute("SELECT * FROM delegates ORDER BY id").fetchall()
    old.close()
    db = open_database(path)
    width = len(delegates[0])
    assert [r[:width] for r in db.execute("SELECT * FROM delegates ORDER BY id").fetchall()] == delegates
    columns = [r[1] for r in db.execute("PRAGMA table_info(event_halls)")]
    assert columns[-1] == "labels"
    event_id = db.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    seating.save_hall(db, event_id, Hall(4, 10, (5,), {1: "presidium"}))
    assert db.execute("SELECT labels FROM event_halls").fetchone()[0] == "{}"
    assert seating.hall(db, event_id).row_label(1) == "Đoàn Chủ tịch"
    db.close()


def test_a_hall_saved_before_0021_reads_with_no_labels(tmp_path, demo_path):
    path = tmp_path / "d.sqlite"
    shutil.copy(demo_path, path)
    raw = sqlite3.connect(path)
    with raw:  # as a file of the previous session stored it: the default fills the new column
        raw.execute("DELETE FROM event_halls")
        raw.execute("INSERT INTO event_halls (event_id, rows, seats, aisles, reserved) "
                    "SELECT id, 5, 8, '[4]', '{\"1\": \"guest\"}' FROM events LIMIT 1")
    raw.close()
    db = open_database(path)
    event_id = db.execute("SELECT event_id FROM event_halls").fetchone()[0]
    assert seating.hall(db, event_id) == Hall(5, 8, (4,), {1: "guest"}, {})
    db.close()
