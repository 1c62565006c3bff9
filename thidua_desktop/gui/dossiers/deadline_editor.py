"""A deadline of any of the five shapes, edited in one widget (kind, then its fields).

With `optional=True` (a reward round's checklist, owed before the council
rather than by a date) a last choice "Không đặt hạn" gives no deadline ({}).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.deadlines import KIND_LABELS
from thidua_desktop.gui.dossiers.dialogs import date_edit, from_qdate, to_qdate

KINDS = KIND_LABELS
NO_DEADLINE = ("none", "Không đặt hạn")


def _spin(parent, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    if suffix:
        spin.setSuffix(suffix)
    return spin


class DeadlineEditor(QWidget):
    """Kind combo and a page per kind; `value()` gives the JSON shape, `set_value()` shows one."""

    def __init__(self, event_types: list[tuple[str, str]], milestones: list[tuple[str, str]], parent=None,
                 optional: bool = False):
        super().__init__(parent)
        today = dt.date.today()
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Loại hạn")
        for code, label in KINDS:
            self.kind.addItem(label, code)
        self.pages = QStackedWidget(self)
        # fixed
        self.date = date_edit(self, today)
        # month / quarter
        self.month = _spin(self, 1, 12, today.month)
        self.month_year = _spin(self, 2000, 2100, today.year)
        self.quarter = _spin(self, 1, 4, (today.month - 1) // 3 + 1)
        self.quarter_year = _spin(self, 2000, 2100, today.year)
        # event
        self.event = QComboBox(self)
        self.event.addItem("Sự kiện của chính đơn vị", None)
        for code, name in event_types:
            self.event.addItem(name, code)
        self.event_offset = _spin(self, -365, 365, 10, " ngày")
        self.event_offset.setToolTip("Số âm: trước ngày tổ chức; số dương: sau ngày tổ chức.")
        # after
        self.milestone = QComboBox(self)
        for code, title in milestones:
            self.milestone.addItem(title, code)
        self.after_offset = _spin(self, -365, 365, 0, " ngày")
        for rows in (
            [("Hạn nộp:", self.date)],
            [("Tháng:", self.month), ("Năm:", self.month_year)],
            [("Quý:", self.quarter), ("Năm:", self.quarter_year)],
            [("Sự kiện:", self.event), ("Cách ngày tổ chức:", self.event_offset)],
            [("Mốc công việc:", self.milestone), ("Sau hạn của mốc:", self.after_offset)],
        ):
            page = QWidget(self)
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                form.addRow(label, widget)
            self.pages.addWidget(page)
        if optional:  # its page is empty: nothing to fill
            self.kind.addItem(NO_DEADLINE[1], NO_DEADLINE[0])
            self.pages.addWidget(QWidget(self))
        if not milestones:
            self.kind.model().item(4).setEnabled(False)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.pages)

    def set_value(self, due: dict) -> None:
        """Show a deadline (unknown shapes show a fixed date of today; none shows "Không đặt hạn"
        when the editor offers it)."""
        kind = due.get("kind", NO_DEADLINE[0] if self.kind.findData(NO_DEADLINE[0]) >= 0 else "fixed")
        index = self.kind.findData(kind)
        self.kind.setCurrentIndex(max(index, 0))
        try:
            if kind == "fixed":
                self.date.setDate(to_qdate(dt.date.fromisoformat(str(due["date"]))))
            elif kind == "month":
                self.month.setValue(int(due["month"]))
                self.month_year.setValue(int(due["year"]))
            elif kind == "quarter":
                self.quarter.setValue(int(due["quarter"]))
                self.quarter_year.setValue(int(due["year"]))
            elif kind == "event":
                self.event.setCurrentIndex(max(self.event.findData(due.get("event")), 0))
                self.event_offset.setValue(int(due.get("offset_days", 0)))
            elif kind == "after":
                self.milestone.setCurrentIndex(max(self.milestone.findData(due.get("milestone")), 0))
                self.after_offset.setValue(int(due.get("offset_days", 0)))
        except (KeyError, ValueError, TypeError):
            self.kind.setCurrentIndex(0)

    def value(self) -> dict:
        """The deadline in the templates' JSON shape."""
        kind = self.kind.currentData()
        if kind == NO_DEADLINE[0]:
            return {}
        if kind == "fixed":
            return {"kind": "fixed", "date": from_qdate(self.date.date()).isoformat()}
        if kind == "month":
            return {"kind": "month", "year": self.month_year.value(), "month": self.month.value()}
        if kind == "quarter":
            return {"kind": "quarter", "year": self.quarter_year.value(), "quarter": self.quarter.value()}
        if kind == "event":
            due = {"kind": "event", "offset_days": self.event_offset.value()}
            if self.event.currentData() is not None:
                due["event"] = self.event.currentData()
            return due
        return {"kind": "after", "milestone": self.milestone.currentData(),
                "offset_days": self.after_offset.value()}
