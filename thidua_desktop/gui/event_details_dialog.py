"""Sự kiện > Thông tin sự kiện và kế hoạch…: the details the documents print, edited in the window.

A real dialog: the form is inside it, Enter accepts, Esc cancels, it fits a
1024×600 screen (the form scrolls when the window is smaller). A bad value
gets its Vietnamese sentence under the form and the dialog stays open with
nothing written; a good one is one undoable step (Sửa > Hoàn tác).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import event_details as ed

EVENT_FIELDS = ("event_name", "venue", "date", "start_time", "level")
PLAN_FIELDS = ("plan_number", "plan_issued_on", "issuer", "place", "organiser_name", "organiser_kind")
INVITATION_FIELDS = ("invitation_number", "invitation_contact", "signer_title", "signer_name")
HINTS = {"date": "ngày/tháng/năm, ví dụ 18/06/2025", "plan_issued_on": "ngày/tháng/năm, ví dụ 25/11/2024",
         "start_time": "ví dụ 07:30", "plan_number": "ví dụ 215/KH-UBND", "venue": "ví dụ Hội trường UBND xã Tân Lợi",
         "invitation_number": "để trống: Số:      /GM-BTC (viết tay)",
         "invitation_contact": "ví dụ Văn phòng Ban Tổ chức (Phòng Nội vụ), ĐT 0271 3xxx xxx",
         "signer_title": "để trống: TRƯỞNG BAN", "signer_name": "ví dụ Trần Quốc Hưng"}


class EventDetailsCommand(AppliedCommand):
    """Change event and plan details; undo puts back exactly the fields that changed."""

    area = "events"

    def __init__(self, session, event_id: int, values: dict):
        super().__init__(session, "Sửa thông tin sự kiện và kế hoạch")
        self.event_id, self.values = event_id, values
        self.old: dict = {}
        self.new: dict = {}

    def _do(self) -> None:
        self.old, self.new = ed.changes(self.db, self.event_id, self.values)
        ed.write(self.db, self.event_id, self.new)
        self.setObsolete(not self.old)  # nothing changed: QUndoStack.push drops it, nothing to undo

    def _redo(self) -> None:
        ed.write(self.db, self.event_id, self.new)

    def _undo(self) -> None:
        ed.write(self.db, self.event_id, self.old)


class EventDetailsDialog(QDialog):
    """The official name, venue, date and time of the event; the plan's number, date, issuer; the organiser;
    the invitations' number, reply office and signer."""

    def __init__(self, session, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.event_id = session, event_id
        self.setWindowTitle("Thông tin sự kiện và kế hoạch")
        self.edits: dict[str, QLineEdit | QComboBox] = {}
        current = ed.details(session.db, event_id)
        body = QWidget(self)
        # Two columns, so every field shows without scrolling on a 1024×600 screen.
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        for groups in ((("Sự kiện", EVENT_FIELDS), ("Giấy mời", INVITATION_FIELDS)),
                       (("Kế hoạch và đơn vị tổ chức", PLAN_FIELDS),)):
            column = QVBoxLayout()
            aligned = tuple(k for _title, keys in groups for k in keys)
            for title, keys in groups:
                column.addWidget(self._group(title, keys, current, aligned))
            column.addStretch(1)
            columns.addLayout(column, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.message = error_label(self)
        self.buttons = ok_cancel(self, "Lưu")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1000, 500)
        self.command: EventDetailsCommand | None = None

    def _group(self, title: str, keys: tuple[str, ...], current: dict, aligned: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key in keys:
            label, limit = ed.FIELDS[key]
            if key == "level":
                widget = QComboBox(box)
                for code, name in ed.LEVEL_NAMES.items():
                    widget.addItem(name, code)
                widget.setCurrentIndex(max(0, widget.findData(current[key])))
            elif key == "organiser_kind":
                widget = QComboBox(box)
                for code, name in ed.unit_kinds(self.session.db):
                    widget.addItem(name, code)
                widget.setCurrentIndex(max(0, widget.findData(current[key])))
            else:
                widget = QLineEdit(current[key], box)
                widget.setMaxLength(limit + 20)  # the service says why when it is too long
                widget.setPlaceholderText(HINTS.get(key, ""))
            widget.setAccessibleName(label)
            widget.setObjectName(key)
            self.edits[key] = widget
            caption = QLabel(f"{label}:", box)
            # The groups of a column start their fields at the same x: its longest label sets the width.
            longest = max((ed.FIELDS[k][0] for k in aligned), key=len)
            caption.setMinimumWidth(caption.fontMetrics().horizontalAdvance(f"{longest}:  "))
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        return box

    def values(self) -> dict[str, str]:
        """What the form says now."""
        return {k: (w.currentData() if isinstance(w, QComboBox) else w.text()) for k, w in self.edits.items()}

    def accept(self) -> None:
        """Save as one undoable step; on a bad value say why and stay open."""
        command = EventDetailsCommand(self.session, self.event_id, self.values())
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def show_event_details(session, parent: QWidget | None = None) -> bool:
    """Open the dialog for the current event; True when something was saved."""
    if session.db is None or not session.event_id or session.readonly:
        return False
    dialog = EventDetailsDialog(session, session.event_id, parent)
    return bool(dialog.exec() and dialog.command and dialog.command.old)
