"""Editing who presents an item: a delegate picked from the roster, or free text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QStyledItemDelegate


class PresenterDelegate(QStyledItemDelegate):
    """An editable combo of the event's delegates in protocol order; typed text stays free text."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self._choices = choices  # callable -> list[PresenterChoice]

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", None)
        for choice in self._choices():
            combo.addItem(choice.label, choice.delegate_id)
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setAccessibleName("Người thực hiện")
        return combo

    def setEditorData(self, editor, index):  # noqa: N802 - Qt override
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findText(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(text)

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt override
        text = editor.currentText().strip()
        found = editor.findText(text)
        delegate_id = editor.itemData(found) if found > 0 else None
        if delegate_id:
            model.setData(index, {"presenter_delegate_id": delegate_id, "presenter_text": ""})
        else:
            model.setData(index, {"presenter_delegate_id": None, "presenter_text": text})
