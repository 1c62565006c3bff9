"""On a large roster the rules panel is counted in a worker thread: the edit shows at once,
the counts follow, and only the latest count is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from roster_window import roster_tab as open_roster

from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.tabs import roster_tab


@pytest.fixture
def tab(qtbot, demo_path, monkeypatch):
    monkeypatch.setattr(roster_tab, "BACKGROUND_FROM", 1)  # the demo counts as large
    tab = open_roster(qtbot, demo_path, 1400, 860)
    qtbot.waitUntil(lambda: not tab.side_pending() and tab.rules_panel.stats is not None)
    return tab


def _presidium_errors(tab):
    return [f for f in tab.rules_panel.findings_model.findings() if f.rule == "roster.presidium"]


def test_an_edit_shows_at_once_and_the_counts_follow(tab, qtbot):
    members = [r for r in range(tab.proxy.rowCount()) if tab.proxy.index(r, m.COL_PANEL).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked]
    ids = [tab.proxy.index(r, 0).data(m.IdRole) for r in members[:3]]
    assert not _presidium_errors(tab)
    tab.edit_values(ids, {"presidium": False})
    # The rows already say so; the panel is still counting (the thread has not delivered).
    assert all(tab.model.index(tab.model.row_of(i), m.COL_PANEL).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked for i in ids)
    assert tab.side_pending() and not _presidium_errors(tab)
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert len(_presidium_errors(tab)) == 1 and "7 người" in _presidium_errors(tab)[0].message
    tab.session.undo_stack.undo()
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert not _presidium_errors(tab)


def test_edits_during_a_count_show_the_last_state_only(tab, qtbot):
    shown = []
    tab.side_counter.counted.connect(lambda counts: shown.append(counts))
    did = tab.proxy.index(0, 0).data(m.IdRole)
    for status in ("absent", "confirmed", "absent"):
        tab.edit_values([did], {"status": status})
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert tab.rules_panel.stats.absent == 1  # the last edit's state
    assert len(shown) <= 3  # requests during a count were merged


def test_a_count_for_another_event_is_not_shown(tab, qtbot):
    tab.edit_values([tab.proxy.index(0, 0).data(m.IdRole)], {"status": "absent"})
    tab.window().select_event_code("hn-tan-loi")  # while the district's count runs
    qtbot.waitUntil(lambda: not tab.side_pending())
    assert tab.rules_panel.stats.event_code == "hn-tan-loi"


@pytest.mark.parametrize("width", [220, 300, 420])
def test_rules_panel_first_header_is_never_cut(qtbot, width):
    """Walk of 1024×600: the Quy định panel's first header read "Tiêu ch"."""
    from thidua_desktop.gui.roster.rules_panel import RulesPanel
    from thidua_desktop.gui.widgets.tables import header_text_width

    panel = RulesPanel()
    qtbot.addWidget(panel)
    panel.stats_model.set_lines([("Đại biểu điển hình tiên tiến", "91/300 đại biểu", "tối thiểu 30% nữ", False)])
    panel.resize(width, 400)
    panel.show()
    qtbot.waitExposed(panel)
    for view, column in ((panel.stats_view, 0), (panel.findings_view, 1)):  # each view's stretched column
        header = view.horizontalHeader()
        text = str(view.model().headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header_text_width(header, column, text), text


# On a large roster an edit is painted before the rules' recount starts (issue 18).
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
