"""Check-in at the door: look-up by code or name (accents ignored), marking, counts, the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.cli import main
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import event_day
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"


@pytest.fixture
def db(demo_path):
    database = open_database(demo_path)
    yield database
    database.close()


def _event_id(db) -> int:
    return db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]


def _add(db, event_id: int, name: str) -> int:
    with db.conn:
        person = db.conn.execute("INSERT INTO persons (full_name) VALUES (?)", [name]).lastrowid
        return db.conn.execute("INSERT INTO delegates (event_id, person_id) VALUES (?, ?)",
                               [event_id, person]).lastrowid


def test_badge_code_matches_exactly_and_in_lower_case(db):
    event_id = _event_id(db)
    did, code = db.execute("SELECT d.id, x.badge_code FROM delegates d JOIN delegate_event_day x "
                           "ON x.delegate_id = d.id WHERE d.event_id = ? LIMIT 1", [event_id]).fetchone()
    assert event_day.lookup(db, event_id, code).found.delegate_id == did
    assert event_day.lookup(db, event_id, code.lower()).found.delegate_id == did
    assert event_day.lookup(db, event_id, code[:-1]).found is None  # one digit short: not this one
    other = db.execute("SELECT id FROM events WHERE id != ? LIMIT 1", [event_id]).fetchone()[0]
    assert event_day.lookup(db, other, code).candidates == ()  # another event's door


def test_name_without_accents_finds_one_and_a_full_name_beats_longer_ones(db):
    event_id = _event_id(db)
    an = _add(db, event_id, "Đặng Thị Xuân An")
    _add(db, event_id, "Đặng Thị Xuân Anh")
    found = event_day.lookup(db, event_id, "dang thi xuan an")
    assert found.found is not None and found.found.delegate_id == an
    several = event_day.lookup(db, event_id, "dang thi xuan")
    assert len(several.candidates) == 2 and several.found is None
    assert event_day.lookup(db, event_id, "Zzyzx").candidates == ()


def test_mark_present_once_keeps_the_first_time_and_adds_a_substitute(db):
    event_id = _event_id(db)
    did = _add(db, event_id, "Hà Văn Thử")
    first = dt.datetime(2025, 6, 18, 7, 1, 2)
    assert event_day.mark_present(db, did, "Cửa 1", at=first) is True
    assert event_day.mark_present(db, did, "Cửa 2", "Lê Thị Thay", at=first + dt.timedelta(minutes=5)) is False
    row = db.execute("SELECT present_at, door, substitute_name FROM checkins WHERE delegate_id = ?",
                     [did]).fetchone()
    assert row == ("2025-06-18T07:01:02", "Cửa 1", "Lê Thị Thay")
    with pytest.raises(ValidationError):
        event_day.mark_present(db, did, substitute_name="x" * 101)
    event_day.mark_present(db, did, substitute_name="y" * 100)  # at the limit: stored
    event_day.undo_present(db, did)
    assert event_day.candidate(db, did).present_at is None


def test_query_is_bounded(db):
    event_id = _event_id(db)
    assert event_day.lookup(db, event_id, "a" * 100).candidates == ()
    with pytest.raises(ValidationError, match="quá dài"):
        event_day.lookup(db, event_id, "a" * 101)


def test_attendance_counts_present_against_listed_and_quota(db):
    event_id = _event_id(db)
    before = event_day.attendance(db, event_id)
    assert before.present == 0 and before.expected == sum(r.expected for r in before.by_unit) > 0
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? AND category = 'guest' "
                                    "LIMIT 3", [event_id])]
    for did in ids:
        event_day.mark_present(db, did)
    after = event_day.attendance(db, event_id)
    assert after.present == 3
    guest = next(r for r in after.by_category if r.label == "Khách mời")
    assert guest.present == 3 and guest.expected == 19
    assert sum(r.present for r in after.by_unit) == 3
    assert after.quota == 300


def test_invitation_states_and_substitute_rule(db):
    event_id = _event_id(db)
    did = _add(db, event_id, "Vi Thị Mời")
    substitutes = event_day.invitation_counts(db, event_id)["substitute"]  # the demo's own replies
    event_day.set_invitation(db, did, "invited")
    with pytest.raises(ValidationError):
        event_day.set_invitation(db, did, "substitute")
    with pytest.raises(ValidationError):
        event_day.set_invitation(db, did, "maybe")
    event_day.set_invitation(db, did, "substitute", "Vi Văn Thay")
    assert db.execute("SELECT invitation, substitute_name FROM delegate_event_day WHERE delegate_id = ?",
                      [did]).fetchone() == ("substitute", "Vi Văn Thay")
    counts = event_day.invitation_counts(db, event_id)
    assert counts["substitute"] == substitutes + 1 and sum(counts.values()) == db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]


def test_cli_checkin_exit_codes(demo_path, capsys):
    db = open_database(demo_path)
    event_id = _event_id(db)
    code, name = db.execute("SELECT x.badge_code, p.full_name FROM delegates d JOIN persons p ON "
                            "p.id = d.person_id JOIN delegate_event_day x ON x.delegate_id = d.id "
                            "WHERE d.event_id = ? ORDER BY d.id LIMIT 1", [event_id]).fetchone()
    _add(db, event_id, "Nông Thị Trùng")
    _add(db, event_id, "Nông Thị Trùng")
    db.close()
    assert main(["checkin", "--db", str(demo_path), "--event", EVENT, code]) == 0
    assert name in capsys.readouterr().err
    assert main(["checkin", "--db", str(demo_path), "--event", EVENT, code]) == 0  # again: still 0
    assert "đã được ghi nhận" in capsys.readouterr().err
    assert main(["checkin", "--db", str(demo_path), "--event", EVENT, "nong thi trung"]) == 1
    err = capsys.readouterr().err
    assert "Có 2 đại biểu" in err and err.count("Nông Thị Trùng") == 2
    assert main(["checkin", "--db", str(demo_path), "--event", EVENT, "Không Ai Cả"]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
    assert main(["checkin", "--db", str(demo_path), "--event", "khong-co", code]) == 2
    db = open_database(demo_path)
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1
    db.close()


def test_cli_invitation_reply(demo_path, capsys):
    db = open_database(demo_path)
    event_id = _event_id(db)
    did = _add(db, event_id, "Lục Văn Hồi Âm")
    db.close()
    args = ["invitation-reply", "--db", str(demo_path), "--event", EVENT]
    assert main([*args, "--state", "substitute", "luc van hoi am"]) == 2  # no substitute named: refused
    assert "người được cử" in capsys.readouterr().err
    assert main([*args, "--state", "substitute", "--substitute", "Lục Thị Thay", "luc van hoi am"]) == 0
    assert main([*args, "--state", "confirmed", "khong ai ca"]) == 1
    db = open_database(demo_path)
    assert db.execute("SELECT invitation, substitute_name FROM delegate_event_day WHERE delegate_id = ?",
                      [did]).fetchone() == ("substitute", "Lục Thị Thay")
    db.close()
