"""The roster's name column stays in place while the table scrolls right (Qt's frozen-column pattern).

A second, borderless view over the table's left edge shows only that column;
it shares the model, the selection and the delegate, follows the vertical
scroll, the column's width, the row numbers' width and the viewport's height,
and hides when the table shows no row (so the empty-view sentence stays
readable). The horizontal scroll stops only where a column starts at the
overlay's right edge, so no column shows a sliver beside the names.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QFrame, QHeaderView, QTableView


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
        table.horizontalHeader().sectionMoved.connect(self._resnap)
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
        # Scrolled a column at a time, the table put each column's left edge under the overlay
        # and showed a sliver of its right part beside it ("hái" of Trạng thái). Scrolled by
        # pixels and snapped to the values where a column starts at the overlay's right edge,
        # every column shown is whole (Excel's frozen panes).
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._last_scroll = 0
        self._snapping = False
        bar = table.horizontalScrollBar()
        bar.valueChanged.connect(self._snap)
        bar.actionTriggered.connect(self._step)
        bar.rangeChanged.connect(self._resnap)  # methods, not lambdas: gone with the overlay
        bar.sliderReleased.connect(self._resnap)
        table.selectionModel().currentChanged.connect(self._uncover)
        self.place()

    def stops(self) -> list[int]:
        """The horizontal scroll values at which a column starts at the overlay's right edge."""
        header, width = self.table.horizontalHeader(), self.table.columnWidth(self.column)
        found = {0}
        for visual in range(1, header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                found.add(header.sectionPosition(logical) - width)
        return sorted(found)

    def _snap(self, value: int) -> None:
        """Move the scroll to a stop: the next one in the direction moved, the nearest while dragging."""
        bar = self.table.horizontalScrollBar()
        if self._snapping or self.table.horizontalHeader().logicalIndex(0) != self.column:
            return  # (the names moved from the left: no overlay, plain scrolling)
        stops = [s for s in self.stops() if s < bar.maximum()] + [bar.maximum()]
        if bar.isSliderDown():
            target = min(stops, key=lambda s: abs(s - value))
        elif value >= self._last_scroll:
            target = next(s for s in stops if s >= value)
        else:
            target = max(s for s in stops if s <= value)
        self._last_scroll = target
        if target != value:
            self._snapping = True
            try:
                bar.setValue(target)
            finally:
                self._snapping = False
        self._cover_sliver()

    def _step(self, action: int) -> None:
        """An arrow click moves one column, however narrow (Qt's step could skip a column)."""
        bar = self.table.horizontalScrollBar()
        value = bar.value()
        if action == QAbstractSlider.SliderAction.SliderSingleStepAdd.value:
            bar.setSliderPosition(next((s for s in self.stops() if s > value), bar.maximum()))
        elif action == QAbstractSlider.SliderAction.SliderSingleStepSub.value:
            bar.setSliderPosition(max((s for s in self.stops() if s < value), default=0))

    def _resnap(self, *_args) -> None:
        self._snap(self.table.horizontalScrollBar().value())

    def _cover_sliver(self) -> None:
        """Scrolled to the end between two stops, widen the overlay over the column it half hides."""
        value = self.table.horizontalScrollBar().value()
        beyond = [s for s in self.stops() if s >= value]
        extra = beyond[0] - value if beyond and value else 0
        width = self.table.columnWidth(self.column) + extra
        if self.columnWidth(self.column) != width:
            self.setColumnWidth(self.column, width)
            self.place()

    def _uncover(self, current, _previous) -> None:
        """The cell under the keyboard never hides under the overlay: scroll it to its right edge."""
        column = current.column()
        if not current.isValid() or column == self.column or not self.isVisible():
            return
        if self.table.columnViewportPosition(column) < self.columnWidth(self.column):
            self.table.horizontalScrollBar().setValue(
                self.table.horizontalHeader().sectionPosition(column) - self.table.columnWidth(self.column))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide):
            self.place()
        return super().eventFilter(obj, event)

    def _show_only_column(self) -> None:
        for c in range(self.model().columnCount()):
            self.setColumnHidden(c, c != self.column)
        self.setColumnWidth(self.column, self.table.columnWidth(self.column))

    def _resized(self, _section: int, _old: int, _new: int) -> None:
        self._resnap()  # the name column's width, and the stops, may have changed

    def place(self, *_args) -> None:
        """Cover the table's column exactly (it must be the first column shown)."""
        table = self.table
        first = table.horizontalHeader().logicalIndex(0)
        hide = self.model().rowCount() == 0 or first != self.column or table.isColumnHidden(self.column)
        self.setVisible(not hide)
        if hide:
            return
        frame = table.frameWidth()
        self.setGeometry(table.verticalHeader().width() + frame, frame, self.columnWidth(self.column),
                         table.viewport().height() + table.horizontalHeader().height())

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override: keep the focus in the table
        return QAbstractItemView.moveCursor(self, action, modifiers)
