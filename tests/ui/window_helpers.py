"""Helpers for the window tests: a main window on a file opened through the start-up checks."""

from __future__ import annotations

from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.startup_checks import guard_for


def window_on(qtbot, opened) -> MainWindow:
    """A shown MainWindow on `opened` (an OpenedFile or None), its FileGuard holding the lock."""
    win = MainWindow(opened and opened.db, opened and opened.path,
                     readonly=bool(opened and opened.readonly))
    qtbot.addWidget(win)
    guard_for(win, opened)
    win.show()
    return win
