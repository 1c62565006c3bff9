"""The roster tab's search as the officer meets it: words in any order, the line that says
nothing matched, Esc to clear."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from roster_window import roster_tab as open_roster

from thidua_desktop.gui.roster import roster_table_model as m


@pytest.fixture
def tab(qtbot, demo_path):
    tab = open_roster(qtbot, demo_path, 1024, 600, active=True)
    did = tab.proxy.index(0, 0).data(m.IdRole)
    tab.edit_values([did], {"full_name": "Nguyễn Đình Đức"})
    return tab


def shown(tab) -> list[str]:
    return [tab.proxy.index(r, m.COL_NAME).data() for r in range(tab.proxy.rowCount())]


def test_words_in_any_order_without_accents(tab, qtbot):
    qtbot.keyClicks(tab.search, "duc nguyen")
    assert "Nguyễn Đình Đức" in shown(tab)
    assert all("Nguyễn" in n or "Đức" in n for n in shown(tab))
    assert not tab.no_result.isVisible()


def test_no_hit_says_so_and_esc_clears(tab, qtbot):
    total = tab.proxy.rowCount()
    qtbot.keyClicks(tab.search, "nguyen zzqx")
    assert tab.proxy.rowCount() == 0
    assert tab.no_result.isVisible() and "“nguyen zzqx”" in tab.no_result.text()
    assert tab.count_label.text() == f"0/{total} đại biểu"
    tab.search.setFocus()
    qtbot.keyClick(tab.search, Qt.Key.Key_Escape)
    assert tab.search.text() == "" and tab.proxy.rowCount() == total
    assert not tab.no_result.isVisible()


def test_an_empty_filter_says_what_to_do(tab):
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("absent"))
    assert tab.proxy.rowCount() == 0
    assert tab.no_result.isVisible() and "Mọi" in tab.no_result.text()
    tab.status_filter.setCurrentIndex(0)
    assert not tab.no_result.isVisible()
