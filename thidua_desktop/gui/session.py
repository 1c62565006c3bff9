"""The one context object of the window: database, current plan and event, undo stack.

Views read it and listen to its signals; commands change data through the
services and then call `notify_data_changed()`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlite_utils import Database

from thidua_desktop.services import repository


class Session(QObject):
    """Shared state of the main window (git-cola's context, Qt side)."""

    database_changed = Signal()
    plan_changed = Signal(int)
    event_changed = Signal(int)
    data_changed = Signal(str)  # which table family changed: "events", "roster", ...
    message = Signal(str)  # a sentence for the officer from outside any dialog (a failed undo)

    def __init__(self, db: Database | None, db_path: Path | None, parent=None, readonly=False):
        super().__init__(parent)
        self.db = db
        self.db_path = db_path
        self.readonly = readonly
        self.plan_id: int | None = None
        self.event_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self._pick_defaults()

    def _pick_defaults(self) -> None:
        self.plan_id = self.event_id = None
        if self.db is None:
            return
        plans = repository.plans(self.db)
        if plans:
            self.plan_id = plans[0].id
            events = repository.events(self.db, self.plan_id)
            if events:
                self.event_id = events[0].id

    def set_database(self, db: Database | None, db_path: Path | None, readonly=False) -> None:
        """Switch to another file (the old connection is closed)."""
        if self.db is not None and self.db is not db:
            self.db.close()
        self.db, self.db_path, self.readonly = db, db_path, readonly
        self.undo_stack.clear()
        self._pick_defaults()
        self.database_changed.emit()

    def set_plan(self, plan_id: int | None) -> None:
        """Select a plan; its first event becomes current."""
        if plan_id == self.plan_id:
            return
        self.plan_id = plan_id
        events = repository.events(self.db, plan_id) if plan_id else []
        self.plan_changed.emit(plan_id or 0)
        self.set_event(events[0].id if events else None)

    def set_event(self, event_id: int | None) -> None:
        """Select the current event."""
        if event_id == self.event_id:
            return
        self.event_id = event_id
        self.event_changed.emit(event_id or 0)

    def report(self, text: str) -> None:
        """Tell the officer something went wrong where no dialog is open to say it."""
        self.message.emit(text)

    def notify_data_changed(self, what: str = "") -> None:
        """Tell every view that data changed."""
        self.data_changed.emit(what)
