"""The roster view's model for the table: search and filters handed to SQL.

The search ignores case and diacritics and takes words in any order, each
the start of a word of the name, position, workplace, unit or ethnicity
("nguyen duc" finds "Nguyễn Đình Đức"; see services/roster_window.py).
Filtering and sorting are done by the source model in SQL over indexes, so
this proxy passes rows through unchanged (a QSortFilterProxyModel would ask
for every row of a 100,000-delegate roster); it keeps the interface the tab
calls and numbers the rows as shown (STT).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QIdentityProxyModel, Qt

from thidua_desktop.gui.roster.roster_table_model import RosterTableModel
from thidua_desktop.services.roster_window import RosterFilter, search_words


class RosterFilterProxy(QIdentityProxyModel):
    """The roster model's rows as listed: the search and the unit/category/status filters."""

    def _filter(self) -> RosterFilter:
        source = self.sourceModel()
        return source.roster_filter() if source is not None else RosterFilter()

    def set_search(self, text: str) -> None:
        """Search these words (only a change of the words themselves queries again)."""
        current = self._filter()
        if search_words(text) != search_words(current.search):
            self.sourceModel().set_filter(replace(current, search=text))

    def set_filters(self, unit_id: int | None = None, category: str | None = None,
                    status: str | None = None) -> None:
        """Keep rows of this unit, category and status (None: any)."""
        current = self._filter()
        wanted = replace(current, unit_id=unit_id, category=category or None,
                         status=status or None)
        if wanted != current:
            self.sourceModel().set_filter(wanted)

    def is_filtered(self) -> bool:
        """Whether some rows may be hidden."""
        return self._filter().is_filtered()

    def hides(self, delegate_ids: list[int]) -> bool:
        """Whether the search or a filter hides some of these delegates of the event."""
        return self.sourceModel().hides(delegate_ids)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort (in SQL or over the matching ids only)."""
        self.sourceModel().sort(column, order)

    # Rows pass through unchanged: the source's header is the proxy's (its vertical header is
    # the STT in the order shown). The roster model's own method answers it, without a second
    # Python call (it reads only the column titles) nor QIdentityProxyModel's mapping.
    headerData = RosterTableModel.headerData

    def multiData(self, index, span) -> None:  # noqa: N802 - Qt override
        # A painted cell's roles in one call to the source (QIdentityProxyModel would call
        # the source's data() once per role: seven Python calls a cell).
        source = self.sourceModel()
        if source is None or not index.isValid():
            for item in span:
                item.clearData()
            return
        source.cell_data(index.row(), index.column(), span)
