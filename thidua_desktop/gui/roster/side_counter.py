"""The roster's side panel counted away from the window's thread, on a large roster.

At 100,000 delegates the rules panel's counts (services/roster_stats.py,
services/rules/roster_rules.py, the seats) take about a second of SQL. Done
in the window's thread after each edit, they froze the window that long. A
`SideCounter` runs them in a worker thread on its own read-only connection
(the file is in WAL mode: readers see the last committed state and never
block the writer) and hands the result back through a queued signal. One
count runs at a time; asking again while it runs counts once more after it,
and only the latest result is delivered. SQLite releases the GIL while it
steps, so the window keeps painting and answering keys meanwhile.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from thidua_desktop.services.roster_service import SeatRow, seat_rows
from thidua_desktop.services.roster_stats import RosterStats, summarize
from thidua_desktop.services.rules import Finding
from thidua_desktop.services.rules.roster_rules import check_event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SideCounts:
    """What the side panel shows for one event."""

    event_id: int
    stats: RosterStats
    findings: list[Finding]
    seats: list[SeatRow]


def count_side(db: Database, event_id: int) -> SideCounts:
    """Count the roster of an event against its rules (any thread, its own connection)."""
    stats = summarize(db, event_id)
    return SideCounts(event_id, stats, check_event(db, event_id, stats=stats),
                      seat_rows(db, event_id))


class SideCounter(QObject):
    """Counts in a worker thread; `counted` carries the latest SideCounts to the window."""

    counted = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._running = False
        self._next: tuple[Path, int] | None = None

    def busy(self) -> bool:
        """Whether a count is running or waiting."""
        return self._running or self._next is not None

    def request(self, path: Path, event_id: int) -> None:
        """Count this event of this file; a request during a count replaces any waiting one."""
        if self._running:
            self._next = (path, event_id)
            return
        self._start(path, event_id)

    def cancel(self) -> None:
        """Forget a waiting request (a running count finishes and is dropped)."""
        self._next = None

    def _start(self, path: Path, event_id: int) -> None:
        self._running = True
        threading.Thread(target=self._work, args=(path, event_id), daemon=True,
                         name="roster-side-count").start()

    def _work(self, path: Path, event_id: int) -> None:
        result = None
        try:
            conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True,
                                   check_same_thread=False)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                result = count_side(Database(conn), event_id)
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - logged; the window keeps its last counts
            log.exception("counting the roster's rules in the background failed")
        try:
            self.counted.emit(result)
        except RuntimeError:  # the window closed meanwhile
            pass

    def finished(self) -> bool:
        """Called by the receiver with each result: start the waiting count, if any.

        Returns whether this result is the latest (nothing was asked since).
        """
        self._running = False
        if self._next is not None:
            path, event_id = self._next
            self._next = None
            self._start(path, event_id)
            return False
        return True
