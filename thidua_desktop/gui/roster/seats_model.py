"""Seats per unit: allocation (editable), delegates sent, seats left."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from thidua_desktop.services.roster_service import SeatRow

COL_UNIT, COL_SEATS, COL_FILLED, COL_LEFT = range(4)
_HEADERS = ("Đơn vị", "Chỉ tiêu", "Đã cử", "Còn lại")
SortRole = Qt.ItemDataRole.UserRole + 1
UnitRole = Qt.ItemDataRole.UserRole + 2
_OVER, _SHORT, _FULL = QColor("#fbd5d5"), QColor("#fdf0c8"), QColor("#d8f0d8")


class SeatsModel(QAbstractTableModel):
    """One row per unit the event allocates seats to (or that nominates without any)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[SeatRow] = []
        self.editor: Callable[[int, str, object], bool] | None = None

    def set_rows(self, rows: list[SeatRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def totals(self) -> tuple[int, int]:
        """(seats allocated, delegates sent)."""
        return sum(r.seats or 0 for r in self._rows), sum(r.filled for r in self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(_HEADERS)):
            return _HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_SEATS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        values = (row.unit_name, row.seats, row.filled, row.remaining)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = values[col]
            if role == Qt.ItemDataRole.DisplayRole:
                return "—" if value is None and col in (COL_SEATS, COL_LEFT) else str(value)
            return "" if value is None else value
        if role == SortRole:
            return -1 if values[col] is None else values[col]
        if role == UnitRole:
            return row.unit_id
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_UNIT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col in (COL_FILLED, COL_LEFT) and row.seats is not None:
            if row.filled > row.seats:
                return _OVER
            return _FULL if row.filled == row.seats else _SHORT
        if role == Qt.ItemDataRole.ToolTipRole and row.seats is not None:
            if row.filled > row.seats:
                return f"Cử thừa {row.filled - row.seats} so với chỉ tiêu."
            if row.filled < row.seats:
                return f"Còn {row.seats - row.filled} chỉ tiêu chưa cử."
            return "Đã cử đủ chỉ tiêu."
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != COL_SEATS or self.editor is None:
            return False
        row = self._rows[index.row()]
        if str(value).strip() == ("" if row.seats is None else str(row.seats)):
            return False
        return bool(self.editor(row.unit_id, row.unit_name, value))
