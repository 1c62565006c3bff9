"""Undo steps of the seating window: one seat change, an automatic assignment, a hall change.

Each command keeps the event's seats before and after its first write and
puts the right snapshot back on undo and redo (`seating_board.restore`), so
a swap, a move, an unseat and a whole automatic assignment are all one step.
"""

from __future__ import annotations

from collections.abc import Callable

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import seating, seating_board
from thidua_desktop.services.seating import Hall


class SeatsCommand(AppliedCommand):
    """Any write to the event's seats through `write(db)`; `result` is what it returned."""

    area = "seating"

    def __init__(self, session, event_id: int, text: str, write: Callable):
        super().__init__(session, text)
        self.event_id, self.write = event_id, write
        self.before: dict = {}
        self.after: dict = {}
        self.result = None

    def _do(self) -> None:
        self.before = seating.seats(self.db, self.event_id)
        self.result = self.write(self.db)
        self.after = seating.seats(self.db, self.event_id)

    def _redo(self) -> None:
        seating_board.restore(self.db, self.event_id, self.after)

    def _undo(self) -> None:
        seating_board.restore(self.db, self.event_id, self.before)


class HallCommand(AppliedCommand):
    """Save a new hall; seats outside it are freed, and come back on undo."""

    area = "seating"

    def __init__(self, session, event_id: int, hall: Hall):
        super().__init__(session, "Sửa hội trường")
        self.event_id, self.hall = event_id, hall
        self.old: Hall | None = None
        self.before: dict = {}

    def _do(self) -> None:
        self.old = seating_board.stored_hall(self.db, self.event_id)
        self.before = seating.seats(self.db, self.event_id)
        seating_board.put_hall(self.db, self.event_id, self.hall)

    def _undo(self) -> None:
        seating_board.put_hall(self.db, self.event_id, self.old)
        seating_board.restore(self.db, self.event_id, self.before)
