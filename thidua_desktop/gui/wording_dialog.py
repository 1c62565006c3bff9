"""Lời dẫn kịch bản…: the MC's wording of the current event, edited without touching the template.

The sentences of the item kinds in the event's agenda are listed on the
left (an edited one in bold); the right side edits the selected one, lists
the placeholders it may use (a double-click inserts one) and says at once
what is wrong with the text. OK saves every change as one undoable step;
"Dùng lời dẫn của mẫu" goes back to the template's text for this event.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain import script_wording as sw
from thidua_desktop.export import script_content
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_wording as aw

Key = tuple[str, str]


class WordingCommand(AppliedCommand):
    """Set (or clear, with "") the event's own text of some sentences; undo puts the old ones back."""

    area = "agenda"

    def __init__(self, session, event_id: int, changes: dict[Key, str]):
        super().__init__(session, "Sửa lời dẫn kịch bản")
        self.event_id, self.changes = event_id, changes
        self.old: dict[Key, str | None] = {}

    def _do(self) -> None:
        for (kind, field), text in self.changes.items():
            self.old[(kind, field)] = aw.set_wording(self.db, self.event_id, kind, field, text)

    def _undo(self) -> None:
        for (kind, field), text in self.old.items():
            aw.set_wording(self.db, self.event_id, kind, field, text)


def event_kinds(db, event_id: int) -> list[str]:
    """The kinds whose wording this event's script uses: its items' kinds, then videos within items."""
    kinds = [i.kind if i.kind in sw.SPEC else "free" for i in svc.agenda(db, event_id).items]
    if "honours" in kinds and "award_decision" not in kinds:
        kinds.insert(kinds.index("honours"), "award_decision")
    return list(dict.fromkeys([*kinds, "attached"]))


_EXAMPLE = re.compile(r"\s*\([^()]*\)$")  # a description's demo example, "(huyện Hớn Quản)"


class WordingDialog(QDialog):
    """Edit the wording of one event."""

    def __init__(self, session, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.event_id = session, event_id
        self.setWindowTitle("Lời dẫn kịch bản của sự kiện")
        self.rows = {(r.kind, r.field): r for r in aw.wording_rows(session.db, event_id,
                                                                   event_kinds(session.db, event_id))}
        self.pending: dict[Key, str] = {}
        self.examples = script_content.example_values(session.db, event_id)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Các câu dẫn")
        for key, row in self.rows.items():
            item = QListWidgetItem(f"{row.kind_label} – {row.label}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._mark(item, key)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Lời dẫn")
        self.editor.installEventFilter(self)
        self.places = QListWidget(self)
        self.places.setAccessibleName("Chỗ trống dùng được")
        self.places.setToolTip("Nhấp đúp để chèn vào lời dẫn")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.reset_button = QPushButton("Dùng lời dẫn của mẫu", self)
        self.buttons = ok_cancel(self, "Lưu")
        self.message = error_label(self)
        self._layout()
        self.list.currentItemChanged.connect(self._show)
        self.editor.textChanged.connect(self._edited)
        self.places.itemDoubleClicked.connect(self._insert)
        self.reset_button.clicked.connect(self._reset)
        self.command: WordingCommand | None = None
        self.list.setCurrentRow(0)
        self.resize(900, 520)

    def _layout(self) -> None:
        right = QWidget(self)
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("Lời dẫn (Enter để lưu):", right))
        box.addWidget(self.editor, 2)
        box.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(QLabel("Chỗ trống dùng được (nhấp đúp để chèn):", right), 1)
        row.addWidget(self.reset_button)
        box.addLayout(row)
        box.addWidget(self.places, 1)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([380, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _key(self) -> Key | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def text_of(self, key: Key) -> str:
        """The text as it stands in the dialog (pending, else stored)."""
        return self.pending.get(key, self.rows[key].text)

    def _show(self, *_args) -> None:
        key = self._key()
        if key is None:
            return
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.text_of(key))
        self.editor.blockSignals(False)
        self.places.clear()
        for name in sw.SPEC[key[0]][key[1]].placeholders:
            info = sw.COMMON.get(name) or sw.SPECIFIC.get(name, "")
            if name in self.examples:  # this event's value, not the template's demo example
                info = f"{_EXAMPLE.sub('', info)} — ở sự kiện này: «{self.examples[name]}»"
            item = QListWidgetItem(f"{{{name}}} — {info}", self.places)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self._check(key)

    def _edited(self) -> None:
        key = self._key()
        if key is None:
            return
        text = self.editor.toPlainText()
        self.pending[key] = "" if text == self.rows[key].template_text else text
        self._check(key)
        self._mark(self.list.currentItem(), key)

    def _mark(self, item: QListWidgetItem, key: Key) -> None:
        edited = self.pending[key] != "" if key in self.pending else self.rows[key].edited
        font = QFont(item.font())
        font.setBold(edited)
        item.setFont(font)

    def _check(self, key: Key) -> None:
        text = self.pending.get(key)
        problem = sw.check_text(*key, text) if text else None
        self.problem.setText(f"Chưa dùng được: lời dẫn {problem}." if problem else "")

    def _insert(self, item: QListWidgetItem) -> None:
        self.editor.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.editor.setFocus()

    def _reset(self) -> None:
        key = self._key()
        if key is not None:
            self.editor.setPlainText(self.rows[key].template_text)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Enter in the text saves (a paragraph has no line breaks); Shift+Enter stays a new line."""
        if (watched is self.editor and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def changes(self) -> dict[Key, str]:
        """The sentences whose text the officer changed in this dialog ("" = back to the template)."""
        out = {}
        for key, text in self.pending.items():
            own = self.rows[key].text if self.rows[key].edited else ""
            if text != own:
                out[key] = text
        return out

    def accept(self) -> None:
        """Save every change as one undoable step; a bad text is named and nothing is saved."""
        changes = self.changes()
        if changes:
            command = WordingCommand(self.session, self.event_id, changes)
            if not apply_or_say(self.session, command, self.message):
                return
            self.command = command
        super().accept()


def show_wording(session, parent: QWidget | None = None) -> bool:
    """Open the editor for the current event; True when something was saved."""
    if session.db is None or not session.event_id or session.readonly:
        return False
    dialog = WordingDialog(session, session.event_id, parent)
    return bool(dialog.exec() and dialog.command)
