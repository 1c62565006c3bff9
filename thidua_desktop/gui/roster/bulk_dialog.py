"""Change one field on every selected delegate at once (status, category, unit...)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.services import roster_service as rs
from thidua_desktop.templates.model import StructureRules

BULK_FIELDS = ("status", "category_code", "unit_id", "exemplary_kind", "field", "sector",
               "direct_worker", "presidium", "speaker", "ethnicity", "award_at_event", "note")


class BulkEditDialog(QDialog):
    """Pick a field and its new value; `change()` gives {field: value}, checked."""

    def __init__(self, db, count: int, parent: QWidget | None = None,
                 units: list[tuple[int, str]] = (), kinds: dict[str, str] | None = None,
                 structure: StructureRules | None = None,
                 categories: dict[str, str] | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(f"Sửa hàng loạt {count} đại biểu")
        structure = structure or StructureRules()
        options: dict[str, list[tuple[Any, str]] | None] = {
            "status": list(rs.STATUSES.items()),
            "category_code": list((categories or rs.CATEGORIES).items()),
            "unit_id": [(None, "")] + list(units),
            "exemplary_kind": [("", "")] + list((kinds or {}).items()),
            "field": [("", "")] + [(f, f) for f in structure.fields],
            "sector": [("", "")] + [(s, s) for s in structure.sectors],
        }
        self.field = QComboBox()
        self.field.setObjectName("field")
        self.stack = QStackedWidget()
        self.editors: dict[str, QWidget] = {}
        for name in BULK_FIELDS:
            self.field.addItem(rs.FIELD_LABELS[name], name)
            if name in ("direct_worker", "presidium", "speaker"):
                editor: QWidget = QCheckBox("Có")
            elif options.get(name) is not None:
                editor = QComboBox()
                editor.setEditable(name in ("field", "sector"))
                for value, label in options[name]:
                    editor.addItem(label, value)
            else:
                editor = QLineEdit()
            editor.setObjectName(f"value_{name}")
            self.editors[name] = editor
            self.stack.addWidget(editor)
        self.field.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = ok_cancel(self, "Áp dụng")
        form = QFormLayout()
        form.addRow("Trường cần sửa:", self.field)
        form.addRow("Giá trị mới:", self.stack)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Giá trị mới được ghi cho cả {count} đại biểu đã chọn; "
                                "có thể hoàn tác bằng Ctrl+Z."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.checked: dict[str, Any] = {}

    def choose(self, name: str, value: Any) -> None:
        """Preset a field and value (used by tests and shortcuts)."""
        self.field.setCurrentIndex(self.field.findData(name))
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index >= 0:
                editor.setCurrentIndex(index)
            else:
                editor.setEditText(str(value))
        else:
            editor.setText(str(value))

    def _raw(self) -> tuple[str, Any]:
        name = self.field.currentData()
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            return name, editor.isChecked()
        if isinstance(editor, QComboBox):
            index = editor.findText(editor.currentText()) if editor.isEditable() else editor.currentIndex()
            return name, editor.itemData(index) if index >= 0 else editor.currentText()
        return name, editor.text()

    def change(self) -> dict[str, Any]:
        """{field: value} as checked when the dialog was accepted."""
        return self.checked

    def accept(self) -> None:
        name, value = self._raw()
        try:
            self.checked = rs.normalise_changes(self.db, {name: value})
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        super().accept()
