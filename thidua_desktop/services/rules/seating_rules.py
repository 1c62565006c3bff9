"""Seating rules: a hall in use with fewer seats than the event expects.

A hall is "in use" when one was saved for the event or someone has a seat:
an event whose seating was never opened gets no finding (most events of a
plan never use the hall plan). A warning: the officer may mean a smaller
room on purpose, but the sentence says how many seats are missing.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.services import seating
from thidua_desktop.services.rules import Finding


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """One warning for each event whose hall in use holds fewer than its delegates and guests."""
    out = []
    for event_id in event_ids:
        used = db.execute("SELECT EXISTS (SELECT 1 FROM event_halls WHERE event_id = ?) OR "
                          "EXISTS (SELECT 1 FROM seat_assignments WHERE event_id = ?) OR "
                          "EXISTS (SELECT 1 FROM guest_seats WHERE event_id = ?)",
                          [event_id, event_id, event_id]).fetchone()[0]
        short = seating.shortfall(db, event_id) if used else ""
        if short:
            code = db.execute("SELECT code FROM events WHERE id = ?", [event_id]).fetchone()[0]
            out.append(Finding("warning", "seating.capacity", code, short))
    return out
