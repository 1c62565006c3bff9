"""The Đại biểu tab of a province (70 units, long names) fits a 1024×600 screen (walk report 1)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from thidua_desktop.gui.layout_check import problems
from thidua_desktop.gui.tabs import roster_tab as rt

SCREEN = QRect(0, 0, 1024, 600)


@pytest.fixture(scope="module")
def province_master(tmp_path_factory):
    from thidua_desktop.services.demo_province import build_province_demo

    path = tmp_path_factory.mktemp("province") / "province.sqlite"
    build_province_demo(path)
    return path


@pytest.fixture
def province_window(qtbot, province_master, tmp_path):
    import shutil

    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.store.database import open_database

    path = tmp_path / "province.sqlite"
    shutil.copyfile(province_master, path)
    win = MainWindow(open_database(path), path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.select_tab("roster")
    win.resize(1024, 600)
    win.move(0, 0)
    qtbot.wait(20)
    return win


def test_province_roster_fits_1024x600(province_window):
    win = province_window
    tab = win.roster_tab
    assert win.minimumSizeHint().width() <= 1024
    assert win.width() == 1024
    assert problems(win, SCREEN) == []
    # The search box keeps a usable width (it had shrunk to 34 px, "Tì…").
    assert tab.search.width() >= tab.unit_filter.width()
    advance = tab.unit_filter.fontMetrics().horizontalAdvance
    longest = max(advance(tab.unit_filter.itemText(i)) for i in range(tab.unit_filter.count()))
    assert longest > tab.unit_filter.width()  # the names that widened the window are still there


def test_unit_filter_width_does_not_follow_its_longest_name(province_window):
    tab = province_window.roster_tab
    combo = tab.unit_filter
    units = [(tab.unit_filter.itemData(i), tab.unit_filter.itemText(i)) for i in range(1, combo.count())]
    tab._fill_unit_filter(units[:1])
    short_width = combo.sizeHint().width()
    tab._fill_unit_filter(units + [(-1, "Đơn vị có tên rất dài " * 8)])
    assert combo.sizeHint().width() == short_width
    chars = combo.fontMetrics().horizontalAdvance("x" * rt.UNIT_FILTER_CHARS)
    assert chars <= short_width < chars + 80  # bounded by its characters, plus arrow and frame
    # Its drop-down list still shows the longest name whole.
    view = combo.view()
    assert view.minimumWidth() >= view.sizeHintForColumn(0)
