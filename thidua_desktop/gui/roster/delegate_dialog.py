"""The form for one delegate: the person on the left, their place at the event on the right.

Validation is the service's (`normalise_changes`): a bad value gets its
Vietnamese sentence under the form and the dialog stays open on that field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.services import roster_service as rs
from thidua_desktop.templates.model import StructureRules

ETHNICITIES = ("Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai",
               "Ê Đê", "Ba Na", "S'tiêng", "Chăm", "Cơ Ho", "Xơ Đăng", "M'Nông")


def _combo(items: list[tuple[Any, str]], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    for value, label in items:
        box.addItem(label, value)
    return box


class DelegateDialog(QDialog):
    """Add or edit one delegate; `changes()` gives the fields to write."""

    PERSON = ("full_name", "sex", "birth_year", "birth_date", "ethnicity", "religion", "position",
              "workplace", "education", "party_member", "phone")
    DELEGATE = ("unit_id", "category_code", "exemplary_kind", "collective", "field", "sector",
                "direct_worker", "achievement", "awards", "provincial_awards", "status",
                "presidium", "speaker", "award_at_event", "note")

    def __init__(self, db, parent: QWidget | None = None, values: dict | None = None,
                 units: list[tuple[int, str]] = (), kinds: dict[str, str] | None = None,
                 structure: StructureRules | None = None, title: str = "Thêm đại biểu",
                 categories: dict[str, str] | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(title)
        self.initial = dict(values or {})
        # '' = the base kind's own category (rows written before the plan had categories)
        if "category_code" in self.initial and not self.initial["category_code"]:
            self.initial["category_code"] = self.initial.get("category") or ""
        structure = structure or StructureRules()
        self.widgets: dict[str, QWidget] = {}
        w = self.widgets
        w["full_name"] = QLineEdit()
        w["sex"] = _combo([(None, ""), ("Nam", "Nam"), ("Nữ", "Nữ")])
        w["birth_year"] = QLineEdit()
        w["birth_year"].setPlaceholderText("ví dụ 1978")
        w["birth_date"] = QLineEdit()
        w["birth_date"].setPlaceholderText("ngày/tháng/năm, có thể bỏ trống")
        w["ethnicity"] = _combo([(e, e) for e in ETHNICITIES], editable=True)
        for name in ("religion", "position", "workplace", "education", "phone", "collective",
                     "awards", "award_at_event", "note"):
            w[name] = QLineEdit()
        w["party_member"] = QCheckBox("Là đảng viên")
        w["unit_id"] = _combo([(None, "")] + list(units))
        w["category_code"] = _combo(list((categories or rs.CATEGORIES).items()))
        w["exemplary_kind"] = _combo([("", "")] + list((kinds or {}).items()))
        w["field"] = _combo([("", "")] + [(f, f) for f in structure.fields], editable=True)
        w["sector"] = _combo([("", "")] + [(s, s) for s in structure.sectors], editable=True)
        w["direct_worker"] = QCheckBox("Người trực tiếp sản xuất, công tác")
        w["achievement"] = QPlainTextEdit()
        w["achievement"].setFixedHeight(70)
        w["provincial_awards"] = QSpinBox()
        w["provincial_awards"].setRange(0, 99)
        w["status"] = _combo(list(rs.STATUSES.items()))
        w["presidium"] = QCheckBox("Thành viên Đoàn Chủ tịch / Chủ tọa")
        w["speaker"] = QCheckBox("Có báo cáo tham luận")
        for name, widget in w.items():
            if isinstance(widget, (QLineEdit, QComboBox)):
                widget.setMinimumWidth(230)
            widget.setObjectName(name)
            widget.setAccessibleName(rs.FIELD_LABELS.get(name, name))
        person, place = QGroupBox("Cá nhân"), QGroupBox("Tại sự kiện")
        person.setToolTip("Thông tin cá nhân dùng chung cho mọi sự kiện có người này.")
        for box, names in ((person, self.PERSON), (place, self.DELEGATE)):
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in names:
                label = "" if isinstance(w[name], QCheckBox) else rs.FIELD_LABELS[name] + ":"
                form.addRow(label, w[name])
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = ok_cancel(self, "Lưu")
        columns = QHBoxLayout()
        columns.addWidget(person)
        columns.addWidget(place)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._load(self.initial)
        self.checked: dict[str, Any] = {}

    def _load(self, values: dict) -> None:
        for name, value in values.items():
            widget = self.widgets.get(name)
            if widget is None:
                continue
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
                elif widget.isEditable():
                    widget.setEditText(str(value or ""))
            elif name == "birth_date" and value:
                y, m, d = str(value).split("-")
                widget.setText(f"{d}/{m}/{y}")
            else:
                widget.setText("" if value is None else str(value))

    def _value(self, name: str) -> Any:
        widget = self.widgets[name]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            if widget.isEditable():
                index = widget.findText(widget.currentText())
                return widget.itemData(index) if index >= 0 else widget.currentText()
            return widget.currentData()
        return widget.text()

    def raw_values(self) -> dict[str, Any]:
        """Every field as typed."""
        return {name: self._value(name) for name in (*self.PERSON, *self.DELEGATE)}

    def changes(self) -> dict[str, Any]:
        """Checked values that differ from what the dialog was opened with."""
        return {k: v for k, v in self.checked.items() if self.initial.get(k) != v}

    def accept(self) -> None:
        """Check every field with the service's rules before closing."""
        raw = self.raw_values()
        if not self.initial.get("birth_date") and not raw["birth_date"]:
            raw.pop("birth_date")
        try:
            self.checked = rs.normalise_changes(self.db, raw)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self._focus_on(exc.message)
            return
        self.error.clear()
        super().accept()

    def _focus_on(self, message: str) -> None:
        for name, label in rs.FIELD_LABELS.items():
            if name in self.widgets and label.lower() in message.lower():
                self.widgets[name].setFocus()
                return

    def person_data(self) -> rs.PersonData:
        """The checked person fields (for a new delegate)."""
        return rs.PersonData(**{k: self.checked[k] for k in self.PERSON if k in self.checked})

    def delegate_data(self) -> rs.DelegateData:
        """The checked place-at-the-event fields (for a new delegate)."""
        c = self.checked
        return rs.DelegateData(**{k: c[k] for k in (*self.DELEGATE, "category") if k in c})
