"""Date fields as Vietnamese documents write them (dd/MM/yyyy), shared by every dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QWidget


def to_qdate(value: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    """A QDate as a Python date."""
    return dt.date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, value: dt.date) -> QDateEdit:
    """A dd/MM/yyyy date field with a calendar."""
    edit = QDateEdit(to_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class TypedDateEdit(QDateEdit):
    """A dd/MM/yyyy field that takes digits typed straight through and shows an unsaved change.

    Typing "25062025" fills day, month and year (the cursor moves on when a part
    is full); over the "not set" text the first digit starts from today. Until
    Enter or Tab applies it (editingFinished), a typed date differing from the
    stored one is shaded and says so; Esc puts the stored date back.
    """

    PENDING_STYLE = "QDateEdit { background: #FFF4D6; }"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self._committed = QDate()
        self._tip = ""
        self._advanced = False
        self.dateChanged.connect(lambda _d: self._show_pending())
        self.editingFinished.connect(self._show_pending)

    def set_committed(self, value: QDate, tip: str = "") -> None:
        """The stored date (shown, not pending)."""
        self._committed, self._tip = QDate(value), tip
        self.blockSignals(True)
        self.setDate(value)
        self.blockSignals(False)
        self._show_pending()

    def committed(self) -> QDate:
        """The date last stored."""
        return QDate(self._committed)

    def is_pending(self) -> bool:
        """True while the field shows a date not yet applied."""
        return self.date() != self._committed

    def _show_pending(self) -> None:
        pending = self.is_pending()
        self.setProperty("pending", pending)
        self.setStyleSheet(self.PENDING_STYLE if pending else "")
        self.setToolTip("Ngày mới chưa áp dụng: nhấn Enter hoặc Tab để lưu, Esc để bỏ." if pending else self._tip)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.setSelectedSection(QDateEdit.Section.DaySection)  # typing starts with the day

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key, text = event.key(), event.text()
        if key == Qt.Key.Key_Escape and self.is_pending():
            self.setDate(self._committed)
            event.accept()
            return
        if text in ("/", ".", "-") and self._advanced:
            self._advanced = False  # Qt moved on after the second digit: this separator is already done
            event.accept()
            return
        if text.isdigit():
            if self.specialValueText() and self.date() == self.minimumDate():
                self.setDate(QDate.currentDate())  # "not set" has no digits to type over
                self.setSelectedSection(QDateEdit.Section.DaySection)
            elif self.lineEdit().selectedText() == self.lineEdit().text():
                self.setSelectedSection(QDateEdit.Section.DaySection)  # all selected: Qt ignored digits
        section = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._advanced = text.isdigit() and self.currentSectionIndex() != section
