"""The roster's name column stays in place while the table scrolls right (Qt's frozen-column pattern).

A second, borderless view over the table's left edge shows only that column;
it shares the model, the selection and the delegate, follows the vertical
scroll and the column's width, and hides when the table shows no row (so
the empty-view sentence stays readable).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenColumn(QTableView):
    """An overlay on `table` that keeps `column` visible whatever the horizontal scroll."""

    def __init__(self, table: QTableView, column: int):
        super().__init__(table)
        self.table, self.column = table, column
        self.setObjectName("frozenNameColumn")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setItemDelegate(table.itemDelegate())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the table itself
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setSelectionBehavior(table.selectionBehavior())
        self.setSelectionMode(table.selectionMode())
        self.setEditTriggers(table.editTriggers())
        self.setAlternatingRowColors(table.alternatingRowColors())
        self.setWordWrap(table.wordWrap())
        self.setSortingEnabled(table.isSortingEnabled())
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSortIndicator(table.horizontalHeader().sortIndicatorSection(),
                                                 table.horizontalHeader().sortIndicatorOrder())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in table.actions():
            self.addAction(action)
        self._show_only_column()
        table.viewport().stackUnder(self)
        self.setStyleSheet("QTableView#frozenNameColumn { border-right: 1px solid #9aa4b2; }")
        table.horizontalHeader().sectionResized.connect(self._resized)
        table.horizontalHeader().sortIndicatorChanged.connect(
            lambda section, order: self.horizontalHeader().setSortIndicator(section, order))
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.place)
        self.doubleClicked.connect(lambda index: table.setCurrentIndex(index))
        # The table's viewport shrinks when its horizontal scroll bar appears and the row
        # numbers widen past 99 rows, neither resizing the table itself: placed only on the
        # table's resize, the overlay covered row numbers and hung below the last row.
        for widget in (table.viewport(), table.verticalHeader(), table.horizontalHeader()):
            widget.installEventFilter(self)
        self.place()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide):
            self.place()
        return super().eventFilter(obj, event)

    def _show_only_column(self) -> None:
        for c in range(self.model().columnCount()):
            self.setColumnHidden(c, c != self.column)
        self.setColumnWidth(self.column, self.table.columnWidth(self.column))

    def _resized(self, section: int, _old: int, new: int) -> None:
        if section == self.column:
            self.setColumnWidth(self.column, new)
            self.place()

    def place(self, *_args) -> None:
        """Cover the table's column exactly (it must be the first column shown)."""
        table = self.table
        first = table.horizontalHeader().logicalIndex(0)
        hide = self.model().rowCount() == 0 or first != self.column or table.isColumnHidden(self.column)
        self.setVisible(not hide)
        if hide:
            return
        frame = table.frameWidth()
        self.setGeometry(table.verticalHeader().width() + frame, frame, table.columnWidth(self.column),
                         table.viewport().height() + table.horizontalHeader().height())

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override: keep the focus in the table
        return QAbstractItemView.moveCursor(self, action, modifiers)
