"""Invitation replies in the Đại biểu tab: a filter by state and "Trạng thái giấy mời…" (Ctrl+Shift+M).

The roster shows each delegate's state in its "Giấy mời" column (invited,
confirmed, declined, sent a substitute — services/event_day). Here the tab
gains a filter combo and an action on the selected rows (in the table's
context menu and in Thao tác) that opens a small dialog; the change is one
undoable step, and `invitation-reply` does the same headless. Kept apart from
roster_tab so that the tab gets one line of wiring.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.safe_text import field_max
from thidua_desktop.gui.roster.commands import _RosterCommand, _who
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import event_day

SHORTCUT = "Ctrl+Shift+M"


class InvitationReplyCommand(_RosterCommand):
    """Record one invitation state for the selected delegates; undo puts back what each had."""

    def __init__(self, session, view, ids: list[int], state: str, substitute: str = ""):
        super().__init__(session, view, f"Giấy mời: {event_day.INVITATION_STATES[state]} - "
                                        f"{_who(session.db, ids)}")
        self.ids, self.state, self.substitute = list(ids), state, substitute
        self.at = dt.datetime.now()  # the reply's time, the same when redone
        self.before: list = []

    def touched(self) -> list[int]:
        return self.ids

    def _do(self) -> None:
        self.before = event_day.set_invitations(self.db, self.ids, self.state, self.substitute, self.at)

    def _undo(self) -> None:
        event_day.restore_invitations(self.db, self.before)


class InvitationReplyDialog(QDialog):
    """Choose the state (and the substitute's name) for the selected delegates."""

    def __init__(self, session, view, ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.view, self.ids = session, view, list(ids)
        self.command: InvitationReplyCommand | None = None
        self.setWindowTitle("Trạng thái giấy mời")
        rows = event_day.invitation_rows(session.db, self.ids)
        states = {r[1] for r in rows}
        self.state = QComboBox(self)
        self.state.setAccessibleName("Trạng thái")
        for code, label in event_day.INVITATION_STATES.items():
            self.state.addItem(label, code)
        if len(states) == 1:
            self.state.setCurrentIndex(self.state.findData(states.pop()))
        self.substitute = QLineEdit(self)
        self.substitute.setAccessibleName("Người dự thay")
        self.substitute.setMaxLength(field_max("full_name") + 20)  # the service says why when too long
        self.substitute.setPlaceholderText("họ tên người được cử dự thay")
        if len(rows) == 1:
            self.substitute.setText(rows[0][2])
        form = QFormLayout()
        form.addRow("&Trạng thái:", self.state)
        form.addRow("&Người dự thay:", self.substitute)
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Ghi trạng thái giấy mời của {_who(session.db, self.ids)}.", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Ghi"))
        self.state.currentIndexChanged.connect(self._state_changed)
        self._state_changed()

    def _state_changed(self, *_args) -> None:
        self.substitute.setEnabled(self.state.currentData() == "substitute" and len(self.ids) == 1)

    def accept(self) -> None:
        """One undoable step; a refused value is said in the dialog and nothing is written."""
        state = self.state.currentData()
        name = self.substitute.text() if state == "substitute" else ""
        command = InvitationReplyCommand(self.session, self.view, self.ids, state, name)
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def install(tab) -> None:
    """Give the roster tab its invitation filter and action (one call from RosterTab.__init__)."""
    from thidua_desktop.gui.roster import roster_table_model as m

    combo = QComboBox(tab)
    combo.setAccessibleName("Lọc theo giấy mời")
    combo.addItem("Mọi giấy mời", None)
    for code, label in event_day.INVITATION_STATES.items():
        combo.addItem(label, code)

    def filter_changed(*_args) -> None:
        current = tab.model.roster_filter()
        tab.model.set_filter(replace(current, invitation=combo.currentData()))
        tab._update_counts()

    combo.currentIndexChanged.connect(filter_changed)
    tab.invitation_filter = combo
    tab.filter_row.insertWidget(tab.filter_row.indexOf(tab.status_filter) + 1, combo)
    tab.table.setColumnWidth(m.COL_INVITATION, 110)

    def open_dialog() -> None:
        ids = tab.selected_ids()
        if not ids or tab.session.readonly:
            return
        InvitationReplyDialog(tab.session, tab, ids, tab).exec()

    tab.reply_action = tab._action("Trạng thái &giấy mời…", open_dialog, SHORTCUT, "invitation", on_table=True)
