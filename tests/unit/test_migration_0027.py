"""Migration 0027: indexes for sorting by plan-ordered columns, the invitation state copied.

A first-release file and a file of the previous schema (0026) are carried
forward with nothing lost; `delegates.invitation` equals the state in
delegate_event_day ('none' when its row is missing) after the migration and
after every write path (a reply, many replies, their undo, a new delegate, a
promotion, a deleted row, a deleted delegate restored).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from migration_helpers import assert_kept, file_of_schema, release1_copy, tables

from thidua_desktop.services import event_day
from thidua_desktop.services import roster_service as rs
from thidua_desktop.services import roster_window as rw
from thidua_desktop.store.database import open_database

INDEXES = ("unit", "category", "kind", "status", "invitation", "direct", "awards", "presidium",
           "speaker", "promoted")


def _wrong_copies(db) -> list[tuple]:
    """(id, copy, state) of every delegate whose copy differs from its event-day state."""
    return db.execute(f"SELECT d.id, d.invitation, {rw.INVITATION} FROM delegates d "
                      f"WHERE d.invitation IS NOT {rw.INVITATION}").fetchall()


def _carried_forward(path: Path) -> None:
    conn = sqlite3.connect(path)
    before = tables(conn)
    conn.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 27
    assert_kept(before, tables(db.conn))
    assert _wrong_copies(db) == []
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {f"delegates_order_{n}" for n in INDEXES} <= names
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_first_release_file_is_carried_forward(tmp_path):
    _carried_forward(release1_copy(tmp_path))


def test_a_file_of_the_previous_schema_is_carried_forward(tmp_path):
    """A file made by the schema up to 0026, with replies recorded and one event-day row missing."""
    path = file_of_schema(tmp_path, 26)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE delegate_event_day SET invitation = 'confirmed' WHERE delegate_id % 3 = 0")
        conn.execute("UPDATE delegate_event_day SET invitation = 'declined' WHERE delegate_id % 5 = 1")
        conn.execute("DELETE FROM delegate_event_day WHERE delegate_id % 7 = 3")
    states = dict(conn.execute("SELECT invitation, count(*) FROM delegate_event_day GROUP BY 1").fetchall())
    conn.close()
    assert states.get("confirmed") and states.get("declined")  # the copies really have work to do
    _carried_forward(path)
    db = open_database(path)
    copied = dict(db.execute("SELECT invitation, count(*) FROM delegates GROUP BY 1").fetchall())
    assert copied["confirmed"] == states["confirmed"] and copied["declined"] == states["declined"]
    db.close()


def test_every_write_path_keeps_the_copy(demo_db):
    db = demo_db
    event_id, unit_id = db.execute("SELECT event_id, unit_id FROM delegates LIMIT 1").fetchone()
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? LIMIT 6", [event_id])]
    event_day.set_invitation(db, ids[0], "confirmed")
    event_day.set_invitation(db, ids[1], "substitute", substitute_name="Lê Văn Tám")
    before = event_day.set_invitations(db, ids[2:5], "declined")
    assert db.execute("SELECT invitation FROM delegates WHERE id = ?", [ids[3]]).fetchone()[0] == "declined"
    event_day.restore_invitations(db, before)  # undo
    event_day.mark_invited(db, ids[4:6])
    assert _wrong_copies(db) == []
    added = rs.add_person_delegate(db, event_id, rs.PersonData(full_name="Trần Thị Ánh"),
                                   rs.DelegateData(category="exemplary", unit_id=unit_id))
    assert db.execute("SELECT invitation FROM delegates WHERE id = ?", [added]).fetchone()[0] == "none"
    upper = db.execute("SELECT id FROM events WHERE id != ? LIMIT 1", [event_id]).fetchone()[0]
    rs.promote(db, [ids[0]], upper)  # the copy at the upper event has no reply yet
    assert _wrong_copies(db) == []
    gone = rs.delete_delegates(db, [ids[0], ids[1]])
    rs.restore_deleted(db, gone)
    assert db.execute("SELECT invitation FROM delegates WHERE id = ?", [ids[1]]).fetchone()[0] == (
        db.execute("SELECT invitation FROM delegate_event_day WHERE delegate_id = ?", [ids[1]]).fetchone()[0])
    db.execute("DELETE FROM delegate_event_day WHERE delegate_id = ?", [ids[1]])
    db.execute("INSERT OR REPLACE INTO delegate_event_day(delegate_id, badge_code, invitation) "
               "VALUES (?, 'X1', 'declined')", [ids[2]])
    assert db.execute("SELECT invitation FROM delegates WHERE id = ?", [ids[1]]).fetchone()[0] == "none"
    assert db.execute("SELECT invitation FROM delegates WHERE id = ?", [ids[2]]).fetchone()[0] == "declined"
    assert _wrong_copies(db) == []
