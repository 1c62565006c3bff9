"""Undoable agenda edits (QUndoCommand): each calls the services, then tells the views.

The first `redo()` runs when the command is pushed; values are validated
before pushing, so a command never fails half-way.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches

CHANGED = "agenda"


class _AgendaCommand(QUndoCommand):
    """Base: the session, and a notification after each step."""

    def __init__(self, session, text: str):
        super().__init__(text)
        self.session = session

    @property
    def db(self):
        return self.session.db

    def _done(self) -> None:
        self.session.notify_data_changed(CHANGED)


class MoveItem(_AgendaCommand):
    """Move an agenda item to another position."""

    def __init__(self, session, item_id: int, to_position: int, title: str):
        super().__init__(session, f"Chuyển “{title}” đến vị trí {to_position}")
        self.item_id, self.to_position, self.old = item_id, to_position, None

    def redo(self) -> None:
        self.old = svc.move_item(self.db, self.item_id, self.to_position)
        self._done()

    def undo(self) -> None:
        svc.move_item(self.db, self.item_id, self.old)
        self._done()


class EditItem(_AgendaCommand):
    """Change fields of an agenda item."""

    def __init__(self, session, item_id: int, changes: dict, title: str):
        super().__init__(session, f"Sửa “{title}”")
        self.item_id, self.changes, self.old = item_id, changes, {}

    def redo(self) -> None:
        self.old = svc.update_item(self.db, self.item_id, **self.changes)
        self._done()

    def undo(self) -> None:
        svc.update_item(self.db, self.item_id, **self.old)
        self._done()


class InsertItem(_AgendaCommand):
    """Insert a standard or free item; redo after undo puts back the same row."""

    def __init__(self, session, event_id: int, position: int, kind: str, title: str | None = None,
                 label: str = ""):
        super().__init__(session, f"Chèn “{label or title or kind}”")
        self.event_id, self.position, self.kind, self.title = event_id, position, kind, title
        self.row: dict | None = None
        self.item_id: int | None = None

    def redo(self) -> None:
        if self.row is None:
            self.item_id = svc.insert_item(self.db, self.event_id, self.position, self.kind, self.title)
            self.row = svc.item_row(self.db, self.item_id)
        else:
            svc.restore_item(self.db, self.row)
        self._done()

    def undo(self) -> None:
        self.row = svc.delete_item(self.db, self.item_id)
        self._done()


class DeleteItem(_AgendaCommand):
    """Delete an agenda item."""

    def __init__(self, session, item_id: int, title: str):
        super().__init__(session, f"Xóa “{title}”")
        self.item_id, self.row = item_id, None

    def redo(self) -> None:
        self.row = svc.delete_item(self.db, self.item_id)
        self._done()

    def undo(self) -> None:
        svc.restore_item(self.db, self.row)
        self._done()


class SetFrame(_AgendaCommand):
    """Change the session's start time or length."""

    def __init__(self, session, event_id: int, start_time: str | None, minutes: int | None):
        super().__init__(session, "Đổi giờ bắt đầu, thời lượng buổi")
        self.event_id, self.start_time, self.minutes, self.old = event_id, start_time, minutes, {}

    def redo(self) -> None:
        self.old = svc.set_event_frame(self.db, self.event_id, self.start_time, self.minutes)
        self._done()

    def undo(self) -> None:
        svc.set_event_frame(self.db, self.event_id, self.old.get("start_time"), self.old.get("session_minutes"))
        self._done()


class AddSpeech(_AgendaCommand):
    """Add a speech or video."""

    def __init__(self, session, event_id: int, **fields):
        super().__init__(session, f"Thêm “{fields.get('title', '')}”")
        self.event_id, self.fields, self.row = event_id, fields, None

    def redo(self) -> None:
        if self.row is None:
            speech_id = agenda_speeches.add_speech(self.db, self.event_id, **self.fields)
            self.row = agenda_speeches.speech_row(self.db, speech_id)
        else:
            agenda_speeches.restore_speech(self.db, self.row)
        self._done()

    def undo(self) -> None:
        agenda_speeches.delete_speech(self.db, self.row["id"])
        self._done()


class DeleteSpeech(_AgendaCommand):
    """Delete a speech or video."""

    def __init__(self, session, speech_id: int, title: str):
        super().__init__(session, f"Xóa “{title}”")
        self.speech_id, self.row = speech_id, None

    def redo(self) -> None:
        self.row = agenda_speeches.delete_speech(self.db, self.speech_id)
        self._done()

    def undo(self) -> None:
        agenda_speeches.restore_speech(self.db, self.row)
        self._done()


class EditSpeech(_AgendaCommand):
    """Change fields of a speech."""

    def __init__(self, session, speech_id: int, changes: dict, title: str):
        super().__init__(session, f"Sửa “{title}”")
        self.speech_id, self.changes, self.old = speech_id, changes, {}

    def redo(self) -> None:
        self.old = agenda_speeches.update_speech(self.db, self.speech_id, **self.changes)
        self._done()

    def undo(self) -> None:
        agenda_speeches.update_speech(self.db, self.speech_id, **self.old)
        self._done()


class SetVetting(_AgendaCommand):
    """Record the council's vetting decision on a speech."""

    def __init__(self, session, speech_id: int, state: str, on, title: str):
        super().__init__(session, f"Thẩm định “{title}”: {agenda_speeches.VETTING[state].lower()}")
        self.speech_id, self.state, self.on, self.old = speech_id, state, on, None

    def redo(self) -> None:
        self.old = agenda_speeches.set_vetting(self.db, self.speech_id, self.state, self.on)
        self._done()

    def undo(self) -> None:
        agenda_speeches.set_vetting(self.db, self.speech_id, *self.old)
        self._done()


class MoveSpeech(_AgendaCommand):
    """Change the order of the speeches."""

    def __init__(self, session, speech_id: int, to_index: int, title: str):
        super().__init__(session, f"Đổi thứ tự “{title}”")
        self.speech_id, self.to_index, self.old = speech_id, to_index, None

    def redo(self) -> None:
        self.old = agenda_speeches.move_speech(self.db, self.speech_id, self.to_index)
        self._done()

    def undo(self) -> None:
        agenda_speeches.move_speech(self.db, self.speech_id, self.old)
        self._done()
