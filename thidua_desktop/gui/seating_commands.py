"""Undo steps of the seating window: one seat change, an automatic assignment, a hall change.

Each command keeps the event's seats before and after its first write and
puts the right snapshot back on undo and redo (`seating_board.restore`), so
a swap, a move, an unseat and a whole automatic assignment are all one step.

While the seating window is open, a step tells only that window (`listener`),
as the door view does for check-ins: no tab shows seats, and refreshing every
tab at each drag would make a drop slow. The window tells the tabs once, when
it closes; a step undone after that tells them at once.
"""

from __future__ import annotations

from collections.abc import Callable

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import seating, seating_board
from thidua_desktop.services.seating import Hall


class PlanCommand(AppliedCommand):
    """A seating step: `listener()` refreshes an open seating window and says whether it did."""

    area = "seating"

    def __init__(self, session, text: str, listener: Callable[[], bool] | None = None):
        super().__init__(session, text)
        self.listener = listener

    def changed(self) -> None:
        if self.listener is None or not self.listener():
            super().changed()


class SeatsCommand(PlanCommand):
    """Any write to the event's seats through `write(db)`; `result` is what it returned."""

    def __init__(self, session, event_id: int, text: str, write: Callable,
                 listener: Callable[[], bool] | None = None):
        super().__init__(session, text, listener)
        self.event_id, self.write = event_id, write
        self.before: dict = {}
        self.after: dict | None = None  # read at the first undo: a drop reads the seats once, not twice
        self.result = None

    def _do(self) -> None:
        self.before = seating.seats(self.db, self.event_id)
        self.result = self.write(self.db)

    def _redo(self) -> None:
        seating_board.restore(self.db, self.event_id, self.after)

    def _undo(self) -> None:
        if self.after is None:  # the stack undoes in order: the seats now are this step's result
            self.after = seating.seats(self.db, self.event_id)
        seating_board.restore(self.db, self.event_id, self.before)


class HallCommand(PlanCommand):
    """Save a new hall; seats outside it are freed, and come back on undo."""

    def __init__(self, session, event_id: int, hall: Hall, listener: Callable[[], bool] | None = None):
        super().__init__(session, "Sửa hội trường", listener)
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
