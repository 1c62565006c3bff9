"""The hall editor: rows x seats a row, aisles after given seats, reserved rows with labels.

Every change redraws the preview (the same painted hall as the plan) and
the summary (blocks, seats, reserved seats, who would lose a seat); a bad
value is said in one Vietnamese sentence and OK stays off until it is
fixed. The dialog only builds the hall (`result_hall`); the seating window
saves it as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import UserError, ValidationError
from thidua_desktop.gui.screen_fit import fraction_of_screen
from thidua_desktop.gui.seating_view import SeatingView
from thidua_desktop.services import seating, seating_board
from thidua_desktop.services.seating import Hall

COL_ROW, COL_KIND, COL_LABEL = range(3)
ERROR_STYLE = "color: #B00020;"


def describe(hall: Hall) -> str:
    """"12 hàng × 24 ghế = 288 ghế; 3 khối: ghế 1–6, 7–18, 19–24; 48 ghế dành riêng."."""
    blocks = hall.blocks()
    spans = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in blocks)
    text = f"{hall.rows} hàng × {hall.seats} ghế = {hall.capacity} ghế; "
    text += f"{len(blocks)} khối: ghế {spans}" if len(blocks) > 1 else "một khối, không có lối đi"
    return text + f"; {hall.reserved_seats} ghế dành riêng."


class HallEditorDialog(QDialog):
    """Edit a hall; `lost(hall)` counts the seated delegates a hall would leave without a seat,
    `short(hall)` says when it holds fewer than the event expects (a warning: it may still be saved)."""

    def __init__(self, hall: Hall, lost: Callable[[Hall], int], parent: QWidget | None = None,
                 short: Callable[[Hall], str] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Hội trường")
        self._lost = lost
        self._short = short or (lambda _hall: "")
        self._hall: Hall | None = hall
        self._build(hall)
        self.refresh()
        fraction_of_screen(self, 0.7, 0.85)

    def _build(self, hall: Hall) -> None:
        self.rows = QSpinBox(self)
        self.rows.setRange(1, seating.MAX_SIDE)
        self.rows.setValue(hall.rows)
        self.seats = QSpinBox(self)
        self.seats.setRange(1, seating.MAX_SIDE)
        self.seats.setValue(hall.seats)
        self.aisles = QLineEdit(", ".join(str(a) for a in sorted(hall.aisles)), self)
        self.aisles.setPlaceholderText("ví dụ 6, 18")
        self.aisles.setMaxLength(seating_board.AISLES_MAX_TEXT)
        form = QFormLayout()
        form.addRow("Số &hàng:", self.rows)
        form.addRow("Số &ghế mỗi hàng:", self.seats)
        form.addRow("&Lối đi sau ghế số:", self.aisles)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Hàng", "Dành cho", "Nhãn (tùy chọn)"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Hàng dành riêng")
        add = QPushButton("&Thêm hàng dành riêng", self)
        add.clicked.connect(lambda: self._add_reserved(self._next_free_row(), "guest", ""))
        remove = QPushButton("&Bỏ hàng đã chọn", self)
        remove.clicked.connect(self._remove_reserved)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName("Lỗi")
        self.preview = SeatingView(self, editable=False)
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("Hàng dành riêng (Đoàn Chủ tịch, khách mời):", self))
        left.addWidget(self.table, 1)
        left.addLayout(row_buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(scroll, 3)
        box = QVBoxLayout(self)
        box.addLayout(columns, 1)
        box.addWidget(self.summary)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        for spin in (self.rows, self.seats):
            spin.valueChanged.connect(self.refresh)
        self.aisles.textChanged.connect(self.refresh)
        for row, kind in sorted(hall.reserved.items()):
            self._add_reserved(row, kind, hall.labels.get(row, ""))

    # --- reserved rows --------------------------------------------------------------
    def _next_free_row(self) -> int:
        taken = {self.table.cellWidget(i, COL_ROW).value() for i in range(self.table.rowCount())}
        return next((r for r in range(1, self.rows.value() + 1) if r not in taken), 1)

    def _add_reserved(self, row: int, kind: str, label: str) -> None:
        i = self.table.rowCount()
        self.table.insertRow(i)
        spin = QSpinBox(self.table)
        spin.setRange(1, seating.MAX_SIDE)
        spin.setValue(row)
        spin.setAccessibleName("Hàng")
        kinds = QComboBox(self.table)
        for code, text in seating.RESERVED_KINDS.items():
            kinds.addItem(text, code)
        kinds.setCurrentIndex(max(0, kinds.findData(kind)))
        kinds.setAccessibleName("Dành cho")
        edit = QLineEdit(label, self.table)
        edit.setMaxLength(seating.LABEL_MAX + 20)  # longer is said, not silently cut
        edit.setPlaceholderText(seating.RESERVED_KINDS.get(kind, ""))
        edit.setAccessibleName("Nhãn")
        self.table.setCellWidget(i, COL_ROW, spin)
        self.table.setCellWidget(i, COL_KIND, kinds)
        self.table.setCellWidget(i, COL_LABEL, edit)
        spin.valueChanged.connect(self.refresh)
        kinds.currentIndexChanged.connect(self.refresh)
        edit.textChanged.connect(self.refresh)
        self.table.resizeColumnToContents(COL_ROW)
        self.refresh()

    def _remove_reserved(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.refresh()

    # --- the hall -------------------------------------------------------------------
    def hall_from_fields(self) -> Hall:
        """The hall the fields describe (ValidationError with a sentence when they are wrong)."""
        seats = self.seats.value()
        aisles = seating_board.parse_aisles(self.aisles.text(), seats)
        reserved: dict[int, str] = {}
        labels: dict[int, str] = {}
        for i in range(self.table.rowCount()):
            row = self.table.cellWidget(i, COL_ROW).value()
            if row in reserved:
                raise ValidationError(f"Hàng {row} được khai dành riêng hai lần.")
            reserved[row] = self.table.cellWidget(i, COL_KIND).currentData()
            label = clean_text(self.table.cellWidget(i, COL_LABEL).text())
            if label:
                labels[row] = label
        return seating.validate(Hall(self.rows.value(), seats, aisles, reserved, labels))

    def refresh(self, *_args) -> None:
        """Check the fields, redraw the preview, say what is wrong or what the hall holds."""
        try:
            hall = self.hall_from_fields()
        except UserError as exc:
            self._hall = None
            self.error.setText(exc.message)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self._hall = hall
        self.preview.set_hall(hall)
        lost = self._lost(hall)
        self.summary.setText(describe(hall))
        warnings = [f"{lost} người (đại biểu, khách mời) đang ngồi ngoài hội trường mới sẽ mất ghế." if lost else "", self._short(hall)]
        self.error.setText(" ".join(w for w in warnings if w))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def result_hall(self) -> Hall | None:
        """The hall to save, or None while the fields are wrong."""
        return self._hall
