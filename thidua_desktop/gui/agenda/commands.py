"""Undoable agenda edits on the one undo base (gui/undo.py): the first write is `apply()`.

Each command's `_do` is its first write and its redo; `_undo` reverses it.
A replay whose item or speech has vanished is refused by the base with a
sentence, and the stack stays sound.
"""

from __future__ import annotations

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches

CHANGED = "agenda"


class _AgendaCommand(AppliedCommand):
    """Base: the agenda's area for the views' refresh."""

    area = CHANGED


class MoveItem(_AgendaCommand):
    """Move an agenda item to another position."""

    def __init__(self, session, item_id: int, to_position: int, title: str):
        super().__init__(session, f"Chuyển “{title}” đến vị trí {to_position}")
        self.item_id, self.to_position, self.old = item_id, to_position, None

    def _do(self) -> None:
        self.old = svc.move_item(self.db, self.item_id, self.to_position)

    def _undo(self) -> None:
        svc.move_item(self.db, self.item_id, self.old)


class EditItem(_AgendaCommand):
    """Change fields of an agenda item."""

    def __init__(self, session, item_id: int, changes: dict, title: str):
        super().__init__(session, f"Sửa “{title}”")
        self.item_id, self.changes, self.old = item_id, changes, {}

    def _do(self) -> None:
        self.old = svc.update_item(self.db, self.item_id, **self.changes)

    def _undo(self) -> None:
        svc.update_item(self.db, self.item_id, **self.old)


class InsertItem(_AgendaCommand):
    """Insert a standard or free item; redo after undo puts back the same row."""

    def __init__(self, session, event_id: int, position: int, kind: str, title: str | None = None,
                 label: str = ""):
        super().__init__(session, f"Chèn “{label or title or kind}”")
        self.event_id, self.position, self.kind, self.title = event_id, position, kind, title
        self.row: dict | None = None
        self.item_id: int | None = None

    def _do(self) -> None:
        if self.row is None:
            self.item_id = svc.insert_item(self.db, self.event_id, self.position, self.kind, self.title)
            self.row = svc.item_row(self.db, self.item_id)
        else:
            svc.restore_item(self.db, self.row)

    def _undo(self) -> None:
        self.row = svc.delete_item(self.db, self.item_id)


class DeleteItem(_AgendaCommand):
    """Delete an agenda item."""

    def __init__(self, session, item_id: int, title: str):
        super().__init__(session, f"Xóa “{title}”")
        self.item_id, self.row = item_id, None

    def _do(self) -> None:
        self.row = svc.delete_item(self.db, self.item_id)

    def _undo(self) -> None:
        svc.restore_item(self.db, self.row)


class SetFrame(_AgendaCommand):
    """Change the session's start time or length."""

    def __init__(self, session, event_id: int, start_time: str | None, minutes: int | None):
        super().__init__(session, "Đổi giờ bắt đầu, thời lượng buổi")
        self.event_id, self.start_time, self.minutes, self.old = event_id, start_time, minutes, {}

    def _do(self) -> None:
        self.old = svc.set_event_frame(self.db, self.event_id, self.start_time, self.minutes)

    def _undo(self) -> None:
        svc.set_event_frame(self.db, self.event_id, self.old.get("start_time"), self.old.get("session_minutes"))


class AddSpeech(_AgendaCommand):
    """Add a speech or video."""

    def __init__(self, session, event_id: int, **fields):
        super().__init__(session, f"Thêm “{fields.get('title', '')}”")
        self.event_id, self.fields, self.row = event_id, fields, None

    def _do(self) -> None:
        if self.row is None:
            speech_id = agenda_speeches.add_speech(self.db, self.event_id, **self.fields)
            self.row = agenda_speeches.speech_row(self.db, speech_id)
        else:
            agenda_speeches.restore_speech(self.db, self.row)

    def _undo(self) -> None:
        agenda_speeches.delete_speech(self.db, self.row["id"])


class DeleteSpeech(_AgendaCommand):
    """Delete a speech or video."""

    def __init__(self, session, speech_id: int, title: str):
        super().__init__(session, f"Xóa “{title}”")
        self.speech_id, self.row = speech_id, None

    def _do(self) -> None:
        self.row = agenda_speeches.delete_speech(self.db, self.speech_id)

    def _undo(self) -> None:
        agenda_speeches.restore_speech(self.db, self.row)


class EditSpeech(_AgendaCommand):
    """Change fields of a speech."""

    def __init__(self, session, speech_id: int, changes: dict, title: str):
        super().__init__(session, f"Sửa “{title}”")
        self.speech_id, self.changes, self.old = speech_id, changes, {}

    def _do(self) -> None:
        self.old = agenda_speeches.update_speech(self.db, self.speech_id, **self.changes)

    def _undo(self) -> None:
        agenda_speeches.update_speech(self.db, self.speech_id, **self.old)


class SetVetting(_AgendaCommand):
    """Record the council's vetting decision on a speech."""

    def __init__(self, session, speech_id: int, state: str, on, title: str):
        super().__init__(session, f"Thẩm định “{title}”: {agenda_speeches.VETTING[state].lower()}")
        self.speech_id, self.state, self.on, self.old = speech_id, state, on, None

    def _do(self) -> None:
        self.old = agenda_speeches.set_vetting(self.db, self.speech_id, self.state, self.on)

    def _undo(self) -> None:
        agenda_speeches.set_vetting(self.db, self.speech_id, *self.old)


class MoveSpeech(_AgendaCommand):
    """Change the order of the speeches."""

    def __init__(self, session, speech_id: int, to_index: int, title: str):
        super().__init__(session, f"Đổi thứ tự “{title}”")
        self.speech_id, self.to_index, self.old = speech_id, to_index, None

    def _do(self) -> None:
        self.old = agenda_speeches.move_speech(self.db, self.speech_id, self.to_index)

    def _undo(self) -> None:
        agenda_speeches.move_speech(self.db, self.speech_id, self.old)
