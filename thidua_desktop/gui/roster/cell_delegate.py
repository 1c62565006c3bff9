"""Inline editors of the roster table: a list for coded columns, a line for the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate


class RosterCellDelegate(QStyledItemDelegate):
    """Combo boxes where the model offers choices (sex, unit, category, kind, status)."""

    def __init__(self, source_model, parent=None):
        super().__init__(parent)
        self.source = source_model

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        choices = self.source.choices(index.column())
        if choices is None:
            # A line for numbers too: a spin box cannot be emptied, and the service
            # gives the Vietnamese sentence for what is typed wrong.
            return QLineEdit(parent)
        combo = QComboBox(parent)
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802 - Qt override
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else str(value))

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt override
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
