"""Search and filters over the roster model; sorting is left to the model.

The search ignores case and diacritics ("nguyen van duc" finds "Nguyễn Văn
Đức") and looks in the name, position, workplace, unit and ethnicity. A
header click sorts the source model with precomputed keys (a Python
`lessThan` over 10,000 rows would make the window wait).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from thidua_desktop.domain.names import fold


class RosterFilterProxy(QSortFilterProxyModel):
    """Rows of the roster model that pass the search and the unit/category/status filters."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._needle = ""
        self._unit: int | None = None
        self._category: str | None = None
        self._status: str | None = None

    def _refilter(self, change) -> None:
        """Apply a filter change (Qt 6.10 API, older call where it is missing)."""
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10
            change()
            self.invalidateRowsFilter()

    def set_search(self, text: str) -> None:
        """Folded, spaces collapsed: what the user types, without accents or case."""
        needle = fold(text)
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    def set_filters(self, unit_id: int | None = None, category: str | None = None,
                    status: str | None = None) -> None:
        """Keep rows of this unit, category and status (None: any)."""
        if (unit_id, category, status) != (self._unit, self._category, self._status):
            def change():
                self._unit, self._category, self._status = unit_id, category, status
            self._refilter(change)

    def is_filtered(self) -> bool:
        """Whether some rows may be hidden."""
        return bool(self._needle or self._unit is not None or self._category or self._status)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802 - Qt override
        if not self._needle and self._unit is None and not self._category and not self._status:
            return True  # called once per row on every reset: keep the common case short
        return self.sourceModel().matches(source_row, self._needle, self._unit, self._category,
                                          self._status)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort (its keys are precomputed); rows keep the filter."""
        self.sourceModel().sort(column, order)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # STT in the order shown
        return super().headerData(section, orientation, role)
