"""A tab showing one sortable table (first versions of the four tabs)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from thidua_desktop.gui.models.rows_model import RowsModel, SortRole


class SimpleTableTab(QWidget):
    """A caption and a table; subclasses fill `load()`."""

    headers: tuple[str, ...] = ()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.model = RowsModel(self.headers, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        session.database_changed.connect(self.refresh)
        session.plan_changed.connect(self.refresh)
        session.event_changed.connect(self.refresh)
        session.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Reload from the database."""
        if self.session.db is None:
            self.model.set_rows([])
            self.caption.setText("Chưa mở tệp dữ liệu.")
            return
        self.load()
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    def load(self) -> None:
        """Fill the model (subclasses)."""
        raise NotImplementedError
