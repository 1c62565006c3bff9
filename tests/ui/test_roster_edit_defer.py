"""On a large roster an edit is painted before the rules' recount starts (issue 18)."""

from __future__ import annotations

import pytest
from roster_window import roster_tab as open_roster

from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.tabs import roster_tab


@pytest.fixture
def tab(qtbot, demo_path, monkeypatch):
    monkeypatch.setattr(roster_tab, "BACKGROUND_FROM", 1)  # the demo counts as large
    tab = open_roster(qtbot, demo_path, 1400, 860)
    qtbot.waitUntil(lambda: not tab.side_pending() and tab.rules_panel.stats is not None)
    return tab


def test_the_recount_waits_for_the_edited_row_to_be_painted(tab, qtbot):
    started = []
    tab.side_counter.request = lambda path, event_id, f=tab.side_counter.request: started.append(
        tab.model.index(0, m.COL_NOTE).data()) or f(path, event_id)
    tab.edit_values([tab.proxy.index(0, 0).data(m.IdRole)], {"note": "Đã gọi điện"})
    assert tab.side_pending() and started == []  # nothing counted yet: the row paints first
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert started == ["Đã gọi điện"]  # once, after the edit


def test_an_edit_off_screen_is_counted_by_the_fallback(tab, qtbot, monkeypatch):
    started = []
    tab.side_counter.request = lambda path, event_id, f=tab.side_counter.request: started.append(1) or f(
        path, event_id)
    last = tab.proxy.index(tab.proxy.rowCount() - 1, 0).data(m.IdRole)
    tab.table.scrollToTop()
    tab.table.viewport().setUpdatesEnabled(False)  # no paint will come
    tab.edit_values([last], {"note": "Ngoài màn hình"})
    qtbot.wait(roster_tab.SIDE_FALLBACK_MS // 2)
    assert started == []  # before the fallback: still waiting for a paint
    qtbot.waitUntil(lambda: started == [1], timeout=roster_tab.SIDE_FALLBACK_MS * 8)
    tab.table.viewport().setUpdatesEnabled(True)
    qtbot.waitUntil(lambda: not tab.side_pending())


def test_an_edit_while_the_tab_is_hidden_is_counted_when_shown(tab, qtbot):
    window = tab.window()
    window.select_tab("timeline")
    did = tab.proxy.index(0, 0).data(m.IdRole)
    tab.edit_values([did], {"status": "absent"})
    qtbot.wait(roster_tab.SIDE_FALLBACK_MS * 2)
    assert tab.side_pending() and not tab.side_counter.busy()  # not counted while hidden
    window.select_tab("roster")
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert tab.rules_panel.stats.absent >= 1
