"""The unit x item matrix of a run: units down, checklist items across, a coloured cell each.

Columns: the unit, its count of items received ("7/10"), its count still
owed, then one column per template item (the header carries that column's
count). `data()` reads only the computed Matrix, never the database.
The proxy filters "còn thiếu" / "quá hạn" and a unit name typed without accents.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from thidua_desktop.domain.names import fold
from thidua_desktop.gui.dossiers.colours import FILL, TEXT
from thidua_desktop.services.dossier_matrix import STATUS_ORDER, Matrix

COL_UNIT = 0
COL_DONE = 1
COL_OWED = 2
FIRST_ITEM = 3
_HEADERS = ("Đơn vị", "Đã nộp", "Còn thiếu")
SortRole = Qt.ItemDataRole.UserRole + 1
UnitRole = Qt.ItemDataRole.UserRole + 2
TemplateItemRole = Qt.ItemDataRole.UserRole + 3
StatusRole = Qt.ItemDataRole.UserRole + 4


def _short(name: str, width: int = 18, lines: int = 2) -> str:
    """A header-sized name: at most `lines` lines of about `width` characters."""
    wrapped = textwrap.wrap(name, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


class DossierMatrixModel(QAbstractTableModel):
    """Units x checklist items of one run."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._matrix: Matrix | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_matrix(self, matrix: Matrix | None) -> None:
        """Show a computed matrix (None empties it)."""
        self.beginResetModel()
        self._matrix = matrix
        self.endResetModel()

    @property
    def matrix(self) -> Matrix | None:
        """The matrix shown."""
        return self._matrix

    def row_of_unit(self, unit_id: int) -> int:
        """The row of a unit, or -1."""
        if self._matrix is None:
            return -1
        return next((i for i, r in enumerate(self._matrix.rows) if r.unit_id == unit_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() or self._matrix is None else len(self._matrix.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.isValid() or self._matrix is None:
            return 0
        return FIRST_ITEM + len(self._matrix.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        m = self._matrix
        if m is None or not index.isValid() or not 0 <= index.row() < len(m.rows):
            return None
        row, col = m.rows[index.row()], index.column()
        if role == UnitRole:
            return row.unit_id
        if col < FIRST_ITEM:
            return self._count_data(row, col, role)
        if col - FIRST_ITEM >= len(m.columns):
            return None
        column = m.columns[col - FIRST_ITEM]
        cell = row.cells[col - FIRST_ITEM]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text(column.per_delegate)
        if role == SortRole:
            return STATUS_ORDER.index(cell.status) * 10000 - cell.done
        if role == Qt.ItemDataRole.BackgroundRole:
            return FILL[cell.status]
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT.get(cell.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip(m.as_of) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == TemplateItemRole:
            return column.template_item_id
        if role == StatusRole:
            return cell.status
        return None

    def _count_data(self, row, col, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_UNIT:
                return row.unit_name
            if col == COL_DONE:
                return f"{row.done}/{row.total}"
            if not row.outstanding:
                return "Đủ"
            return f"{row.outstanding}" + (f" (quá hạn {row.overdue})" if row.overdue else "")
        if role == SortRole:
            return {COL_UNIT: fold(row.unit_name), COL_DONE: row.done / row.total if row.total else 1.0,
                    COL_OWED: row.overdue * 10000 + row.outstanding}[col]
        if role == Qt.ItemDataRole.FontRole and col == COL_OWED and row.overdue:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_OWED and row.overdue:
            return TEXT["overdue"]
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_UNIT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_OWED and row.late:
            return f"{row.late} mục nộp sau hạn"
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        m = self._matrix
        if orientation != Qt.Orientation.Horizontal or m is None:
            return None
        if section < FIRST_ITEM:
            return _HEADERS[section] if role == Qt.ItemDataRole.DisplayRole and section >= 0 else None
        if section - FIRST_ITEM >= len(m.columns):
            return None
        column = m.columns[section - FIRST_ITEM]
        if role == Qt.ItemDataRole.DisplayRole:
            unit = "bản" if column.per_delegate else "đơn vị"
            return f"{_short(column.name)}\n{column.done}/{column.total} {unit}"
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = ("một bản cho mỗi tập thể, cá nhân được đề nghị khen thưởng" if column.per_proposal else
                    "một bản cho mỗi đại biểu đi dự cấp trên" if column.per_delegate else "một bản mỗi đơn vị")
            required = "bắt buộc" if column.required else "không bắt buộc"
            return f"{column.name} ({kind}, {required}): đã nộp {column.done}/{column.total}"
        return None


class MatrixFilterProxy(QSortFilterProxyModel):
    """Filters: units still owing ("còn thiếu"), units with overdue items ("quá hạn"), a name."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.owing_only = False
        self.overdue_only = False
        self._text = ""
        self.setSortRole(SortRole)

    def set_filters(self, owing_only: bool | None = None, overdue_only: bool | None = None,
                    text: str | None = None) -> None:
        """Change any of the filters and re-filter."""
        # Qt 6.10 replaced invalidateRowsFilter() by a begin/end pair; older Qt has only the former.
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        if owing_only is not None:
            self.owing_only = owing_only
        if overdue_only is not None:
            self.overdue_only = overdue_only
        if text is not None:
            self._text = fold(text)
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        matrix = getattr(model, "matrix", None)
        if matrix is None or not 0 <= source_row < len(matrix.rows):
            return True
        row = matrix.rows[source_row]
        if self.owing_only and not row.outstanding:
            return False
        if self.overdue_only and not row.overdue:
            return False
        return not self._text or self._text in fold(row.unit_name)
