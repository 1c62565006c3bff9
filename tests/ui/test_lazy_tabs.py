"""Only the tab on screen is built before the first paint; the others when first shown (issue 18)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from thidua_desktop.gui.main_window import TAB_NAMES, MainWindow
from thidua_desktop.store.database import open_database


def _window(qtbot, path, tab_index=None):
    if tab_index is not None:
        QSettings().setValue("mainWindow/tab", tab_index)
    window = MainWindow(open_database(path), path)
    qtbot.addWidget(window)
    return window


def test_only_the_saved_tab_is_built_and_the_others_when_shown(qtbot, demo_path):
    window = _window(qtbot, demo_path, TAB_NAMES.index("agenda"))
    assert window.built_tabs() == ["agenda"]
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(labels) == len(TAB_NAMES) == 5
    changes = []
    window.tabs.currentChanged.connect(changes.append)
    window.select_tab("roster")
    assert window.built_tabs() == ["roster", "agenda"]
    assert window.tabs.currentWidget() is window.roster_tab
    assert changes == [TAB_NAMES.index("roster")]  # one change, none for the swap
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == labels


def test_asking_for_a_tab_builds_it_in_place_without_changing_the_current_one(qtbot, demo_path):
    window = _window(qtbot, demo_path, 0)
    assert window.built_tabs() == ["timeline"]
    changes = []
    window.tabs.currentChanged.connect(changes.append)
    dossiers = window.dossiers_tab
    assert window.dossiers_tab is dossiers  # built once
    assert window.tabs.indexOf(dossiers) == TAB_NAMES.index("dossiers")
    assert window.tabs.currentIndex() == 0 and window.tabs.currentWidget() is window.timeline_tab
    assert changes == []
    window.build_all_tabs()
    assert window.built_tabs() == list(TAB_NAMES)
    assert [type(window.tabs.widget(i)).__name__ for i in range(5)] == [
        "TimelineTab", "RosterTab", "AgendaTab", "DossiersTab", "AwardsTab"]


def test_the_last_tab_comes_back_built_after_the_one_before_it(qtbot, demo_path):
    # The last index: the swap of the tab in the last place keeps it current.
    window = _window(qtbot, demo_path, len(TAB_NAMES) - 1)
    assert window.built_tabs() == ["awards"]
    assert window.tabs.currentWidget() is window.awards_tab


def test_no_tab_is_built_while_the_welcome_page_shows(qtbot, tmp_path):
    path = tmp_path / "empty.sqlite"
    window = _window(qtbot, path, 1)
    assert window.pages.currentWidget() is window.welcome
    assert window.built_tabs() == []


def test_the_awards_export_menu_builds_its_tab_when_chosen(qtbot, demo_path, monkeypatch):
    window = _window(qtbot, demo_path, 0)
    from thidua_desktop.gui.awards_tab import AwardsTab

    called = []
    monkeypatch.setattr(AwardsTab, "export", lambda self, kind, label: called.append((self, kind)))
    menu = next(a.menu() for a in window.export_menu.actions() if a.menu() is not None)
    assert "awards" not in window.built_tabs()
    menu.actions()[0].trigger()
    assert called and called[0][0] is window.awards_tab


def test_a_hidden_programme_or_timeline_tab_refreshes_when_shown_not_on_each_edit(qtbot, demo_path):
    window = _window(qtbot, demo_path, TAB_NAMES.index("roster"))
    window.show()
    qtbot.waitExposed(window)
    calls, synced = [], []
    from thidua_desktop.services import dossier_service

    real_sync = dossier_service.sync_runs
    dossier_service.sync_runs = lambda db: synced.append(1) or real_sync(db)
    try:
        for name in ("agenda", "timeline", "dossiers"):
            tab = window.tab(name)
            tab.refresh = lambda *_a, n=name, f=tab.refresh: calls.append(n) or f()
        window.session.notify_data_changed("roster")
        window.session.notify_data_changed("roster")
    finally:
        dossier_service.sync_runs = real_sync
    assert calls == []  # none is on screen: nothing re-read
    assert synced == [1, 1]  # the dossier runs follow the roster at once all the same
    window.select_tab("dossiers")
    assert calls == ["dossiers"]
    calls.clear()
    window.select_tab("agenda")
    assert calls == ["agenda"]  # once, on its show
    window.session.notify_data_changed("roster")
    assert calls == ["agenda", "agenda"]  # on screen: at once
    window.select_tab("timeline")
    assert calls == ["agenda", "agenda", "timeline"]
    window.select_tab("agenda")  # nothing changed since it was last shown
    assert calls == ["agenda", "agenda", "timeline"]
