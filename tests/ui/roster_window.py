"""The main window opened on the roster tab of the district congress (for the roster tests)."""

from __future__ import annotations

from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


def roster_tab(qtbot, path, width: int, height: int, active: bool = False):
    """The roster tab of a shown main window on `path`, district congress selected."""
    win = MainWindow(open_database(path), path)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    if active:  # shortcuts (Esc in the search box) need an active window
        win.activateWindow()
        qtbot.waitActive(win)
    win.select_tab("roster")
    win.select_event_code("dh-hon-quan")
    return win.roster_tab
