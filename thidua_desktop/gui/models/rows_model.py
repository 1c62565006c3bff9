"""A read-only table model over prepared rows (tuples), with a sort role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SortRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2


class RowsModel(QAbstractTableModel):
    """Rows of display values; `data()` never touches the database."""

    def __init__(self, headers: tuple[str, ...], parent=None):
        super().__init__(parent)
        self._headers = headers
        self._rows: list[tuple] = []
        self._payloads: list[Any] = []
        self._colours: list[Any] = []

    def set_rows(self, rows: list[tuple], payloads: list[Any] | None = None,
                 colours: list[Any] | None = None) -> None:
        """Replace every row (display tuples; optional payload and background per row)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._payloads = list(payloads) if payloads is not None else [None] * len(self._rows)
        self._colours = list(colours) if colours is not None else [None] * len(self._rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == SortRole:
            return value if value is not None else ""
        if role == RowRole:
            return self._payloads[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colours[index.row()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None
