"""Sự kiện > Quy tắc chia chỉ tiêu…: the selected event's seat rule, edited in the window.

Thin over `services/seat_rules.py`: the officer picks the rule, types the
figures the proportional rule weighs or each unit's fixed seats, and reads
the seats per unit (and per category) recomputed at every keystroke. The
Chỉ tiêu column always shows what Lưu saves: under the fixed rule the per-unit
box fills every row and a number typed in a row overrides it (bold; emptying
the cell gives the row back to the box); the typed rows are saved with the
rule, so they reopen bold even when equal to the box. A choice the service refuses shows
its sentence under the table; Lưu writes nothing then. A saved choice is one
undoable step (gui/undo.push).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import UserError
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import repository
from thidua_desktop.services import seat_rules as sr
from thidua_desktop.services.delegate_categories import category_quota, plan_categories

UNIT, FIGURE, SEATS = 0, 1, 2


class SeatRulesCommand(AppliedCommand):
    """Change an event's seat rule and seats; undo puts back the rule, the seats and the figures."""

    area = "roster"

    def __init__(self, session, event_id: int, choice: sr.SeatChoice):
        super().__init__(session, "Sửa quy tắc chia chỉ tiêu")
        self.event_id, self.choice = event_id, choice
        self.old: dict = {}

    def _do(self) -> None:
        self.old = sr.snapshot(self.db, self.event_id)
        sr.save(self.db, self.event_id, self.choice)

    def _redo(self) -> None:
        sr.save(self.db, self.event_id, self.choice)

    def _undo(self) -> None:
        sr.restore(self.db, self.event_id, self.old)


class SeatRulesDialog(QDialog):
    """The rule, its figures and a live preview of the seats; `command` is set once saved."""

    def __init__(self, session, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.event_id = session, event_id
        db = session.db
        event = repository.event(db, event_id)
        self.setWindowTitle(f"Quy tắc chia chỉ tiêu — {event.name}")
        self.command: SeatRulesCommand | None = None
        self.senders = sr.senders(db, event_id)
        self.categories = [c for c in plan_categories(db, event.plan_id)
                           if category_quota(c, event.max_delegates) is not None]
        start = sr.current(db, event_id)
        self.rule = QComboBox(self)
        self.rule.setObjectName("rule")
        self.rule.setAccessibleName("Quy tắc")
        for code, name in sr.RULE_NAMES.items():
            self.rule.addItem(name, code)
        self.rule.setCurrentIndex(max(0, self.rule.findData(start.rule)))
        self.per_unit = QSpinBox(self)
        self.per_unit.setObjectName("per_unit")
        self.per_unit.setAccessibleName("Số ghế mỗi đơn vị")
        self.per_unit.setRange(0, sr.MAX_SEATS)
        per_unit, typed = sr.fixed_start(db, event_id, start)
        self.per_unit.setValue(per_unit)
        self.typed: dict[int, str] = {uid: str(n) for uid, n in typed.items()}  # rows typed over the box
        share = f", {round((event.exemplary_share or 0) * 100)}% là điển hình" if event.exemplary_share else ""
        facts = QLabel(f"Số đại biểu tối đa: {event.max_delegates or 'chưa đặt'}{share}. "
                       f"{len(self.senders)} đơn vị cử đại biểu.", self)
        facts.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Quy tắc:", self.rule)
        form.addRow("Số &ghế mỗi đơn vị:", self.per_unit)
        form.addRow(facts)
        self.table = QTableWidget(len(self.senders), 3 + len(self.categories), self)
        self.table.setObjectName("seatTable")
        self.table.setAccessibleName("Chỉ tiêu từng đơn vị")
        self.table.setHorizontalHeaderLabels(["Đơn vị", "Số liệu", "Chỉ tiêu"] + [c.label for c in self.categories])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        for row, s in enumerate(self.senders):
            self._cell(row, UNIT, s.name, editable=False)
            self._cell(row, FIGURE, "" if start.figures.get(s.unit_id) is None else str(start.figures[s.unit_id]))
            self._cell(row, SEATS, "")
            for col in range(3, 3 + len(self.categories)):
                self._cell(row, col, "", editable=False)
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        self.resize(760, 500)
        self.rule.currentIndexChanged.connect(self.refresh)
        self.per_unit.valueChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._edited)
        # A number typed over the same number shown changes no item (no itemChanged): the editor's
        # commit still makes the row typed.
        self.table.itemDelegate().commitData.connect(self._committed)
        self.refresh()

    def _cell(self, row: int, col: int, text: str, editable: bool = True) -> None:
        item = QTableWidgetItem(text)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if col != UNIT:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, col, item)

    def choice(self) -> sr.SeatChoice:
        """What the form says now (raw texts: the service bounds them)."""
        rule = self.rule.currentData()
        figures = {s.unit_id: self.table.item(row, FIGURE).text() for row, s in enumerate(self.senders)}
        fixed = dict(self.typed) if rule == "fixed" else {}  # the other rows take the box's figure
        return sr.SeatChoice(rule, self.per_unit.value() if rule == "fixed" else None, figures, fixed)

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() == SEATS and self.rule.currentData() == "fixed":
            uid = self.senders[item.row()].unit_id
            text = item.text().strip()
            if text:
                self.typed[uid] = text
            else:
                self.typed.pop(uid, None)
        if item.column() in (FIGURE, SEATS):
            self.refresh()

    def _committed(self, editor: QWidget) -> None:
        item = self.table.currentItem()
        text = editor.text().strip() if isinstance(editor, QLineEdit) else ""
        if item is not None and item.column() == SEATS and text and text == item.text().strip():
            self._edited(item)

    def _show_seats(self, row: int, text: str, fixed: bool) -> None:
        """One row's seats; under the fixed rule a typed row is bold and says so."""
        item = self.table.item(row, SEATS)
        typed = fixed and self.senders[row].unit_id in self.typed
        item.setText(self.typed[self.senders[row].unit_id] if typed else text)
        font = item.font()
        font.setBold(typed)
        item.setFont(font)
        item.setToolTip("Số ghế nhập riêng cho đơn vị này; xóa ô để theo số ghế mỗi đơn vị." if typed
                        else "Theo số ghế mỗi đơn vị; gõ một số để nhập riêng." if fixed else "")
        editable = Qt.ItemFlag.ItemIsEditable
        item.setFlags(item.flags() | editable if fixed else item.flags() & ~editable)

    def refresh(self) -> None:
        """Recompute the seats shown; a refused choice says why (nothing is written here)."""
        rule = self.rule.currentData()
        self.per_unit.setEnabled(rule == "fixed")
        self.table.setColumnHidden(FIGURE, rule != "proportional")
        for col in range(3, 3 + len(self.categories)):
            self.table.setColumnHidden(col, rule != "per_category")
        fixed = rule == "fixed"
        self.table.blockSignals(True)
        try:
            result = sr.preview(self.session.db, self.event_id, self.choice())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            self.total.setText("")
            # No seats to show but the box's (fixed rule): Lưu saves nothing while the sentence stands.
            for row in range(len(self.senders)):
                self._show_seats(row, str(self.per_unit.value()) if fixed else "", fixed)
            self.table.blockSignals(False)
            return
        self.message.hide()
        for row, s in enumerate(self.senders):
            self._show_seats(row, "" if rule == "none" else str(result.seats.get(s.unit_id, 0)), fixed)
            for col, c in enumerate(self.categories, start=3):
                self.table.item(row, col).setText(str(result.by_category.get((s.unit_id, c.code), "")))
        self.table.blockSignals(False)
        typed = f"; {len(self.typed)} đơn vị nhập riêng (chữ đậm)" if fixed and self.typed else ""
        self.total.setText("Không chia chỉ tiêu cho đơn vị nào." if rule == "none"
                           else f"Tổng: {result.total} chỉ tiêu cho {len(result.seats)} đơn vị{typed}.")

    def accept(self) -> None:
        """Save as one undoable step; a refused choice says why and the dialog stays open."""
        command = SeatRulesCommand(self.session, self.event_id, self.choice())
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def show_seat_rules(session, parent: QWidget | None = None) -> bool:
    """Open the dialog for the current event; True when something was saved."""
    if session.db is None or not session.event_id or session.readonly:
        return False
    dialog = SeatRulesDialog(session, session.event_id, parent)
    return bool(dialog.exec() and dialog.command)
