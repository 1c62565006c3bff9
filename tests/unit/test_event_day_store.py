"""Migration 0017 (the day of the event) on a file of release 1 and on a fresh demo."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).parents[1] / "data" / "previous_release" / "demo_release1.sqlite"
CODE = re.compile(r"^[0-9]+[0-9A-F]{3}$")


def _codes(db) -> dict[int, str]:
    return dict(db.execute("SELECT delegate_id, badge_code FROM delegate_event_day").fetchall())


def test_release_1_file_gets_a_badge_code_for_every_delegate_and_loses_nothing(tmp_path):
    path = tmp_path / "r1.sqlite"
    shutil.copy(RELEASE1, path)
    old = sqlite3.connect(path)
    delegates = old.execute("SELECT * FROM delegates ORDER BY id").fetchall()
    old.close()
    assert delegates
    db = open_database(path)
    width = len(delegates[0])
    assert [r[:width] for r in db.execute("SELECT * FROM delegates ORDER BY id").fetchall()] == delegates
    codes = _codes(db)
    assert set(codes) == {r[0] for r in delegates}
    assert len(set(codes.values())) == len(codes)
    assert all(CODE.match(c) and c.startswith(str(d)) and len(c) == len(str(d)) + 3 for d, c in codes.items())
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    assert {r[0] for r in db.execute("SELECT invitation FROM delegate_event_day")} == {"none"}
    db.close()


def test_a_delegate_added_later_gets_a_code_and_deleting_it_removes_its_day_rows(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT event_id FROM delegates LIMIT 1").fetchone()[0]
    with db.conn:
        person_id = db.conn.execute("INSERT INTO persons (full_name) VALUES ('Lò Văn Mới')").lastrowid
        new_id = db.conn.execute("INSERT INTO delegates (event_id, person_id) VALUES (?, ?)",
                                 [event_id, person_id]).lastrowid
        db.conn.execute("INSERT INTO checkins (delegate_id, present_at) VALUES (?, '2025-06-18T07:00:00')",
                        [new_id])
    code = _codes(db)[new_id]
    assert CODE.match(code) and code.startswith(str(new_id))
    with db.conn:
        db.conn.execute("DELETE FROM delegates WHERE id = ?", [new_id])
    assert new_id not in _codes(db)
    assert db.execute("SELECT count(*) FROM checkins WHERE delegate_id = ?", [new_id]).fetchone()[0] == 0
    db.close()


def test_demo_codes_are_unique_and_tables_refuse_bad_values(demo_path):
    db = open_database(demo_path)
    assert db.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # the start-up check runs it
    assert db.execute("SELECT count(*) FROM seat_assignments").fetchone()[0] > 0
    codes = _codes(db)
    assert len(codes) == db.execute("SELECT count(*) FROM delegates").fetchone()[0] > 0
    assert len(set(codes.values())) == len(codes)
    some = next(iter(codes))
    for sql, args in (("UPDATE delegate_event_day SET invitation = 'maybe' WHERE delegate_id = ?", [some]),
                      ("INSERT INTO event_halls (event_id, rows, seats) VALUES (1, 0, 10)", []),
                      ("INSERT INTO event_halls (event_id, rows, seats) VALUES (1, 10, 101)", []),
                      ("UPDATE delegate_event_day SET badge_code = (SELECT badge_code FROM delegate_event_day "
                       "WHERE delegate_id != ? LIMIT 1) WHERE delegate_id = ?", [some, some])):
        with pytest.raises(sqlite3.IntegrityError):
            with db.conn:
                db.conn.execute(sql, args)
    db.close()


def test_undoing_a_roster_deletion_gives_back_the_code_check_in_and_seat(demo_path):
    from thidua_desktop.services import event_day
    from thidua_desktop.services import roster_service as rs

    db = open_database(demo_path)
    did = db.execute("SELECT delegate_id FROM seat_assignments LIMIT 1").fetchone()[0]
    event_day.mark_present(db, did, "Cửa 1", "Người Thay")
    event_day.set_invitation(db, did, "confirmed")

    def state():
        return [db.execute(f"SELECT * FROM {t} WHERE delegate_id = ?", [did]).fetchall()
                for t in event_day.DAY_TABLES]

    before = state()
    assert all(before)
    gone = rs.delete_delegates(db, [did])
    assert not any(state())
    rs.restore_deleted(db, gone)
    assert state() == before
    db.close()
