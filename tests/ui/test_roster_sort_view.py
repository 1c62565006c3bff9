"""What the officer sees after a sort: the chosen delegate on screen, every title whole.

A real window on the demo at 1024 × 600. After a click on a header (a new order, a
reversal, or an edit that moves the row) the current delegate stays current and is
scrolled into view, so Sửa / Xóa never act on a row out of sight; the sorted column
is wide enough for its title in bold (a header highlights the selected rows'
columns in bold) and the sort mark; a width the officer chose wider is kept.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.widgets.tables import header_text_width


@pytest.fixture
def roster(demo_window, qtbot):
    demo_window.resize(1024, 600)
    demo_window.select_tab("roster")
    tab = demo_window.roster_tab
    qtbot.waitUntil(lambda: tab.proxy.rowCount() > 40)
    return tab


def _on_screen(table, index) -> bool:
    rect = table.visualRect(index)
    return rect.isValid() and table.viewport().rect().contains(rect.center())


def _choose(tab, qtbot, row: int):
    table = tab.table
    table.setCurrentIndex(tab.proxy.index(row, m.COL_NAME))
    table.selectRow(row)
    qtbot.wait(10)
    return tab.current_id()


@pytest.mark.parametrize("column, order", [
    (m.COL_BIRTH_YEAR, Qt.SortOrder.DescendingOrder),
    (m.COL_UNIT, Qt.SortOrder.AscendingOrder),
    (m.COL_NAME, Qt.SortOrder.DescendingOrder),
])
def test_the_current_delegate_is_scrolled_into_view_after_a_sort(roster, qtbot, column, order):
    table = roster.table
    chosen = _choose(roster, qtbot, 5)
    table.horizontalHeader().setSortIndicator(column, order)
    qtbot.wait(20)
    current = table.currentIndex()
    assert roster.current_id() == chosen
    assert current.row() > 20  # (in this demo the delegate moves far below the first screen)
    assert _on_screen(table, current)


def test_an_edit_that_moves_its_row_keeps_it_on_screen(roster, qtbot):
    table, proxy = roster.table, roster.proxy
    table.horizontalHeader().setSortIndicator(m.COL_BIRTH_YEAR, Qt.SortOrder.AscendingOrder)
    qtbot.wait(20)
    chosen = _choose(roster, qtbot, 0)
    assert proxy.setData(proxy.index(0, m.COL_BIRTH_YEAR), "2005", Qt.ItemDataRole.EditRole)
    qtbot.wait(20)
    current = table.currentIndex()
    assert roster.current_id() == chosen and current.row() > 20
    assert _on_screen(table, current)


def test_a_scroll_without_a_new_order_is_left_alone(roster, qtbot):
    table = roster.table
    _choose(roster, qtbot, 0)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    qtbot.wait(20)
    assert not _on_screen(table, table.currentIndex())  # the officer scrolled away: kept


def _bold_need(header, text: str) -> int:
    bold = QFont(header.font())
    bold.setBold(True)
    return QFontMetrics(bold).horizontalAdvance(text)


@pytest.mark.parametrize("column", [m.COL_SEX, m.COL_BIRTH_YEAR, m.COL_ETHNICITY, m.COL_STATUS])
def test_the_sorted_column_holds_its_bold_title_and_the_mark(roster, qtbot, column):
    header = roster.table.horizontalHeader()
    _choose(roster, qtbot, 1)  # a selected row: its columns' titles are drawn bold
    title = str(roster.proxy.headerData(column, Qt.Orientation.Horizontal))
    header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    qtbot.wait(10)
    mark = header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize, None, header)
    assert header.sectionSize(column) >= _bold_need(header, title) + mark
    assert header.sectionSize(column) == max(header_text_width(header, column, title, True),
                                             header.sectionSize(column))


@pytest.mark.parametrize("extra, grows", [(-1, True), (0, False), (1, False)])
def test_a_section_only_grows_to_what_it_needs(roster, qtbot, extra, grows):
    header = roster.table.horizontalHeader()
    column = m.COL_ETHNICITY
    title = str(roster.proxy.headerData(column, Qt.Orientation.Horizontal))
    header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    qtbot.wait(10)
    need = header_text_width(header, column, title, True)
    header.setSortIndicator(m.COL_NAME, Qt.SortOrder.AscendingOrder)
    header.resizeSection(column, need + extra)
    header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    qtbot.wait(10)
    assert header.sectionSize(column) == (need if grows else need + extra)
