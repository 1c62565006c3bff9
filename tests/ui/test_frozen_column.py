"""The roster's name column stays while the table scrolls right; it follows rows, width and sort."""

from __future__ import annotations

from PySide6.QtCore import Qt

from thidua_desktop.gui.roster import roster_table_model as m


def _roster_at_1024(window, qtbot):
    window.resize(1024, 600)
    window.select_tab("roster")
    tab = window.roster_tab
    qtbot.waitUntil(tab.frozen.isVisible)
    return tab, tab.table, tab.frozen


def _straddling(table, frozen) -> list[int]:
    """Columns cut by the overlay's right edge (a sliver of them showing beside it)."""
    edge = frozen.width()
    return [c for c in range(table.model().columnCount())
            if c != m.COL_NAME and not table.isColumnHidden(c)
            and table.columnViewportPosition(c) < edge < table.columnViewportPosition(c) + table.columnWidth(c)]


def test_name_column_stays_when_scrolling_right(demo_window, qtbot):
    tab, table, frozen = _roster_at_1024(demo_window, qtbot)
    assert frozen.width() == table.columnWidth(m.COL_NAME)
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0  # the roster is wider than a 1024-pixel window
    bar.setValue(bar.maximum())
    qtbot.wait(10)
    assert table.columnViewportPosition(m.COL_NAME) < 0  # the table's own name cells scrolled away
    assert frozen.isVisible() and frozen.x() == table.verticalHeader().width() + table.frameWidth()
    # Same rows, same scroll: the name beside row 30 is row 30's.
    table.verticalScrollBar().setValue(30)
    assert frozen.verticalScrollBar().value() == 30
    assert frozen.rowAt(5) == table.rowAt(5)
    row = table.rowAt(5)
    assert frozen.model().index(row, m.COL_NAME).data() == table.model().index(row, m.COL_NAME).data()
    # Width follows the table's column; a sort by another column keeps both views on the same rows.
    table.horizontalHeader().resizeSection(m.COL_NAME, 240)
    assert frozen.columnWidth(m.COL_NAME) >= 240 and _straddling(table, frozen) == []
    bar.setValue(0)
    assert frozen.width() == 240
    table.sortByColumn(m.COL_BIRTH_YEAR, Qt.SortOrder.DescendingOrder)
    assert frozen.model() is table.model()
    table.selectRow(3)
    assert frozen.selectionModel().isRowSelected(3)


def test_frozen_column_hides_over_an_empty_table(demo_window, qtbot):
    window = demo_window
    window.select_tab("roster")
    tab = window.roster_tab
    qtbot.waitUntil(tab.frozen.isVisible)
    tab.search.setText("không ai có tên này cả")
    qtbot.waitUntil(lambda: not tab.frozen.isVisible())
    assert tab.empty_hint.label.isVisible()
    tab.search.clear()
    qtbot.waitUntil(tab.frozen.isVisible)


def _covers_name_column(table, frozen) -> bool:
    """The overlay lies exactly over the table's name column: beside the row numbers, down to the last row."""
    viewport = table.viewport().geometry()
    return (frozen.x() == table.verticalHeader().geometry().right() + 1
            and frozen.y() == table.horizontalHeader().y()
            and frozen.geometry().bottom() == viewport.bottom()
            and frozen.width() == table.columnWidth(m.COL_NAME))


def test_frozen_column_follows_row_numbers_and_scroll_bar(demo_window, qtbot):
    """Walk report 17: row numbers hidden under the overlay, its rows hanging below the table."""
    tab, table, frozen = _roster_at_1024(demo_window, qtbot)
    qtbot.waitUntil(lambda: _covers_name_column(table, frozen))
    wide = table.verticalHeader().width()  # two-digit row numbers (91 delegates)
    tab.search.setText("Điểu Mỹ Anh")  # one row: one-digit numbers, a narrower header
    qtbot.waitUntil(lambda: table.verticalHeader().width() < wide)
    qtbot.waitUntil(lambda: _covers_name_column(table, frozen))
    tab.search.clear()
    qtbot.waitUntil(lambda: table.verticalHeader().width() == wide)
    qtbot.waitUntil(lambda: _covers_name_column(table, frozen))
    # The horizontal scroll bar goes when every column fits and comes back: the viewport's
    # height changes though the table keeps its size.
    height = table.viewport().height()
    hidden = [c for c in range(tab.model.columnCount()) if c != m.COL_NAME and not table.isColumnHidden(c)]
    for column in hidden:
        table.setColumnHidden(column, True)
    qtbot.waitUntil(lambda: table.viewport().height() > height)
    qtbot.waitUntil(lambda: _covers_name_column(table, frozen))
    for column in hidden:
        table.setColumnHidden(column, False)
    qtbot.waitUntil(lambda: table.viewport().height() == height)
    qtbot.waitUntil(lambda: _covers_name_column(table, frozen))


def test_invitation_column_shows_beside_status(demo_window):
    """Walk report 17: Giấy mời was the 20th and last column, off screen; the model keeps its order."""
    tab = demo_window.roster_tab
    header = tab.table.horizontalHeader()
    assert header.visualIndex(m.COL_INVITATION) == header.visualIndex(m.COL_STATUS) + 1
    assert m.COL_INVITATION == tab.model.columnCount() - 1  # only the view moved it
    headers, _rows = tab.copy_rows([0])
    assert headers.index("Giấy mời") == headers.index("Trạng thái") + 1


def test_scrolling_right_shows_whole_columns_beside_the_name(demo_window, qtbot):
    """Walk report 17: a sliver of Trạng thái ("hái", "dự") showed between the names and ĐCT/CT."""
    _tab, table, frozen = _roster_at_1024(demo_window, qtbot)
    header, bar = table.horizontalHeader(), table.horizontalScrollBar()
    shown = [header.logicalIndex(v) for v in range(1, header.count())
             if not header.isSectionHidden(header.logicalIndex(v))]
    firsts = []
    while bar.value() < bar.maximum():  # one arrow click at a time, to the end
        before = bar.value()
        bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)
        assert bar.value() > before
        assert _straddling(table, frozen) == []
        firsts.append(table.columnAt(frozen.width()))
    assert firsts[:3] == shown[1:4]  # each click brings the next column beside the names
    assert _straddling(table, frozen) == [] and frozen.columnWidth(m.COL_NAME) > table.columnWidth(m.COL_NAME)
    while bar.value() > 0:  # and back
        bar.triggerAction(bar.SliderAction.SliderSingleStepSub)
        assert _straddling(table, frozen) == []
    assert frozen.width() == table.columnWidth(m.COL_NAME)
    # Dragging the handle stops at the nearest column edge, either side of half a column.
    stops = frozen.stops()
    bar.setSliderDown(True)
    half = (stops[1] + stops[2]) // 2
    for value, expected in ((half - 1, stops[1]), (half + 1, stops[2])):
        bar.setValue(value)
        assert bar.value() == expected
    bar.setSliderDown(False)


def test_the_current_cell_never_hides_under_the_names(demo_window, qtbot):
    tab, table, frozen = _roster_at_1024(demo_window, qtbot)
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    table.setFocus()
    table.setCurrentIndex(table.model().index(2, m.COL_SEX))  # scrolled away, left of the overlay
    assert table.columnViewportPosition(m.COL_SEX) == frozen.width() == table.columnWidth(m.COL_NAME)
    assert _straddling(table, frozen) == []
