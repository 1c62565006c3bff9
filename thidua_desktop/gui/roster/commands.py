"""Undoable roster edits (QUndoCommand subclasses pushed on session.undo_stack).

Each command does its first write in `apply()`, before it is pushed: a
ValidationError then reaches the user as a sentence and nothing lands on
the stack. `redo()` skips that first time (QUndoStack.push calls it at
once). After every write the command tells its `view` which delegates
changed (`structural` when rows come or go) and the session that the
roster changed, so the other tabs follow.
"""

from __future__ import annotations

from typing import Any, Protocol

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import roster_service as rs


class RosterView(Protocol):
    """What a command needs from the tab: refresh the rows it touched."""

    def after_change(self, ids: list[int], structural: bool) -> None: ...


class _RosterCommand(AppliedCommand):
    """A roster write (see gui/undo.py); the tab is told which rows changed."""

    structural = False

    def __init__(self, session, view: RosterView, text: str):
        super().__init__(session, text)
        self.view = view

    def changed(self) -> None:
        self.view.after_change(self.touched(), self.structural)

    def touched(self) -> list[int]:
        """Delegate ids whose rows changed."""
        return []


def _who(db, ids: list[int]) -> str:
    if len(ids) == 1:
        row = db.execute("SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
                         "WHERE d.id = ?", ids).fetchone()
        return f"“{row[0]}”" if row else "1 đại biểu"
    return f"{len(ids)} đại biểu"


class EditDelegatesCommand(_RosterCommand):
    """Set the same values on one or more delegates (inline edit, form, bulk change)."""

    def __init__(self, session, view, ids: list[int], changes: dict[str, Any]):
        labels = ", ".join(rs.FIELD_LABELS.get(f, f) for f in changes)
        super().__init__(session, view, f"Sửa {labels} của {_who(session.db, ids)}")
        self.ids, self.changes = list(ids), dict(changes)
        self.before: dict[int, dict] = {}
        self.written: dict[str, Any] = {}

    def touched(self) -> list[int]:
        return self.ids

    def _do(self) -> None:
        if not self.written:
            fields = list(rs.normalise_changes(self.session.db, self.changes))
            self.before = rs.read_fields(self.session.db, self.ids, fields)
        self.written = rs.update_delegates(self.session.db, self.ids, self.written or self.changes)

    def _undo(self) -> None:
        rs.restore_fields(self.session.db, self.before)


class AddDelegateCommand(_RosterCommand):
    """A new person and their place at the event."""

    structural = True

    def __init__(self, session, view, event_id: int, person: rs.PersonData, data: rs.DelegateData):
        super().__init__(session, view, f"Thêm đại biểu “{person.full_name.strip()}”")
        self.event_id, self.person, self.data = event_id, person, data
        self.delegate_id: int | None = None
        self.gone: rs.DeletedDelegates | None = None
        self.person_row: dict | None = None

    def touched(self) -> list[int]:
        return [self.delegate_id] if self.delegate_id else []

    def _do(self) -> None:
        db = self.session.db
        if self.gone is None:
            self.delegate_id = rs.add_person_delegate(db, self.event_id, self.person, self.data)
            return
        with db.atomic():  # redo after undo: the same rows under the same ids
            rs.restore_person(db, self.person_row)
            rs.restore_deleted(db, self.gone)

    def _undo(self) -> None:
        db = self.session.db
        with db.atomic():
            self.gone = rs.delete_delegates(db, [self.delegate_id])
            self.person_row = rs.remove_unused_person(db, self.gone.delegates[0]["person_id"])


class DeleteDelegatesCommand(_RosterCommand):
    """Remove delegates from the event (their persons and history elsewhere stay)."""

    structural = True

    def __init__(self, session, view, ids: list[int]):
        super().__init__(session, view, f"Xóa {_who(session.db, ids)} khỏi danh sách")
        self.ids = list(ids)
        self.gone: rs.DeletedDelegates | None = None

    def touched(self) -> list[int]:
        return self.ids

    def _do(self) -> None:
        self.gone = rs.delete_delegates(self.session.db, self.ids)

    def _undo(self) -> None:
        rs.restore_deleted(self.session.db, self.gone)


class PromoteCommand(_RosterCommand):
    """Send delegates to the upper event (thông qua danh sách đi dự cấp trên)."""

    structural = True

    def __init__(self, session, view, ids: list[int], upper_event_id: int, upper_name: str):
        super().__init__(session, view, f"Cử {_who(session.db, ids)} dự {upper_name}")
        self.ids, self.upper = list(ids), upper_event_id
        self.created: list[int] = []
        self.before: dict[int, int | None] = {}

    def touched(self) -> list[int]:
        return self.ids + self.created

    def _do(self) -> None:
        self.created, self.before = rs.promote_upward(self.session.db, self.ids, self.upper)

    def _undo(self) -> None:
        rs.undo_promote(self.session.db, self.before, self.created)


class SetSeatsCommand(_RosterCommand):
    """Seats the event gives one unit."""

    def __init__(self, session, view, event_id: int, unit_id: int, unit_name: str, seats: Any):
        super().__init__(session, view, f"Phân bổ chỉ tiêu cho {unit_name}")
        self.event_id, self.unit_id, self.seats = event_id, unit_id, seats
        self.old: int | None = None

    def _do(self) -> None:
        db = self.session.db
        if self._first:
            row = db.execute("SELECT seats FROM event_seats WHERE event_id = ? AND unit_id = ?",
                             [self.event_id, self.unit_id]).fetchone()
            self.old = row[0] if row else None
        self.seats = rs.set_seats(db, self.event_id, self.unit_id, self.seats)

    def _undo(self) -> None:
        rs.set_seats(self.session.db, self.event_id, self.unit_id, self.old)
