"""Undoable edits of the timeline tab (QUndoCommand subclasses on session.undo_stack).

Each command does its first write in `apply()`, before it is pushed: a
ValidationError then reaches the user as a sentence and nothing lands on the
stack. `redo()` skips that first time (QUndoStack.push calls it at once).
"""

from __future__ import annotations

import datetime as dt

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import milestone_service as ms

_STATE_TEXT = {"done": "hoàn thành", "doing": "đang thực hiện", "todo": "chưa thực hiện"}


class _TimelineCommand(AppliedCommand):
    """A timeline write (see gui/undo.py)."""

    area = "timeline"


class SetProgressCommand(_TimelineCommand):
    """Mark (milestone, unit) pairs done, in hand or not started."""

    def __init__(self, session, pairs, state: str, done_on: dt.date | None, note: str | None = None):
        when = f" ngày {format_date(done_on)}" if state == "done" and done_on else ""
        super().__init__(session, f"Đánh dấu {len(pairs)} việc {_STATE_TEXT.get(state, state)}{when}")
        self.pairs, self.state, self.done_on, self.note = list(pairs), state, done_on, note
        self.previous: list[dict] = []

    def _do(self) -> None:
        self.previous = ms.set_progress(self.session.db, self.pairs, self.state, self.done_on, self.note)

    def _undo(self) -> None:
        ms.restore_progress(self.session.db, self.previous)


class MoveEventCommand(_TimelineCommand):
    """Move an event's date; the deadlines hanging on it follow."""

    area = "events"

    def __init__(self, session, event_id: int, date: dt.date | None, label: str = "sự kiện"):
        super().__init__(session, f"Đổi ngày tổ chức {label} sang {format_date(date) or 'chưa xác định'}")
        self.event_id, self.date = event_id, date
        self.old: dt.date | None = None

    def _do(self) -> None:
        self.old = ms.move_event(self.session.db, self.event_id, self.date)

    def _undo(self) -> None:
        ms.move_event(self.session.db, self.event_id, self.old)


class AddMilestoneCommand(_TimelineCommand):
    """Add a milestone; undo deletes it, redo puts the very same row back."""

    def __init__(self, session, plan_id: int, data: ms.MilestoneData):
        super().__init__(session, f"Thêm mốc “{data.title.strip()}”")
        self.plan_id, self.data = plan_id, data
        self.milestone_id: int | None = None
        self.snapshot: dict | None = None

    def _do(self) -> None:
        if self.snapshot is None:
            self.milestone_id = ms.add_milestone(self.session.db, self.plan_id, self.data)
        else:
            ms.restore(self.session.db, self.snapshot)

    def _undo(self) -> None:
        self.snapshot = ms.delete_milestone(self.session.db, self.milestone_id)


class EditMilestoneCommand(_TimelineCommand):
    """Change a milestone; undo restores the row, its units and progress as they were."""

    def __init__(self, session, milestone_id: int, data: ms.MilestoneData):
        super().__init__(session, f"Sửa mốc “{data.title.strip()}”")
        self.milestone_id, self.data = milestone_id, data
        self.before: dict | None = None

    def _do(self) -> None:
        self.before = ms.update_milestone(self.session.db, self.milestone_id, self.data)

    def _undo(self) -> None:
        ms.restore(self.session.db, self.before)


class DeleteMilestoneCommand(_TimelineCommand):
    """Delete a milestone and its progress; undo puts everything back."""

    def __init__(self, session, milestone_id: int, title: str):
        super().__init__(session, f"Xóa mốc “{title}”")
        self.milestone_id = milestone_id
        self.snapshot: dict | None = None

    def _do(self) -> None:
        self.snapshot = ms.delete_milestone(self.session.db, self.milestone_id)

    def _undo(self) -> None:
        ms.restore(self.session.db, self.snapshot)
