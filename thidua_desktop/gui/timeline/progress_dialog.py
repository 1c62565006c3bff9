"""Cập nhật tiến độ: one milestone, the units it applies to (tick one or many), state, date, note."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.timeline.milestone_dialog import date_edit, from_qdate
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.services.milestone_service import PROGRESS_STATES
from thidua_desktop.services.timeline_service import PROGRESS_LABELS, Timeline, cell_text


class ProgressDialog(QDialog):
    """Pick units of a milestone and the state to give them."""

    def __init__(self, tl: Timeline, milestone_id: int, checked: set[int] | None = None,
                 done_on: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.tl, self.milestone_id = tl, milestone_id
        m = tl.milestone(milestone_id)
        self.setWindowTitle("Cập nhật tiến độ")
        self.setMinimumWidth(480)
        heading = QLabel(f"<b>{m.title}</b><br>Hạn: {m.describe()}", self)
        heading.setWordWrap(True)
        self.units = QListWidget(self)
        lines = tl.lines_of(milestone_id)
        if checked is None:
            checked = {ln.unit_id for ln in lines if ln.state != "done"}
        for ln in lines:
            item = QListWidgetItem(f"{ln.unit_name} — {cell_text(ln, long=True)}", self.units)
            item.setData(Qt.ItemDataRole.UserRole, ln.unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ln.unit_id in checked else Qt.CheckState.Unchecked)
        every = QPushButton("Chọn &tất cả", self)
        none = QPushButton("&Bỏ chọn", self)
        every.clicked.connect(lambda: self._check_all(True))
        none.clicked.connect(lambda: self._check_all(False))
        self.state = QComboBox(self)
        for code in reversed(PROGRESS_STATES):
            self.state.addItem(PROGRESS_LABELS[code], code)
        self.date = date_edit(self, min(done_on or dt.date.today(), dt.date.today()))
        self.date.setMaximumDate(QDate.currentDate())
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Không bắt buộc, ví dụ: nộp qua thư điện tử")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #C62828;")
        self.state.currentIndexChanged.connect(
            lambda: self.date.setEnabled(self.state.currentData() == "done"))
        buttons = ok_cancel(self, "Cập nhật")
        picks = QHBoxLayout()
        picks.addWidget(every)
        picks.addWidget(none)
        picks.addStretch(1)
        form = QFormLayout()
        form.addRow("&Tình trạng:", self.state)
        form.addRow("&Ngày hoàn thành:", self.date)
        form.addRow("&Ghi chú:", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.units)
        layout.addLayout(picks)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.units.count()):
            self.units.item(i).setCheckState(state)

    def unit_ids(self) -> list[int]:
        """The ticked units."""
        return [self.units.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.units.count())
                if self.units.item(i).checkState() == Qt.CheckState.Checked]

    def values(self) -> tuple[list[tuple[int, int]], str, dt.date | None, str | None]:
        """(pairs, state, date done, note) as entered."""
        state = self.state.currentData()
        done_on = from_qdate(self.date.date()) if state == "done" else None
        note = self.note.text().strip() or None
        return [(self.milestone_id, uid) for uid in self.unit_ids()], state, done_on, note

    def accept(self) -> None:
        if not self.unit_ids():
            self.error.setText("Hãy đánh dấu ít nhất một đơn vị.")
            return
        _pairs, state, done_on, _note = self.values()
        if state == "done" and done_on and done_on > dt.date.today():
            self.error.setText(f"Ngày hoàn thành {format_date(done_on)} chưa tới.")
            return
        super().accept()
