"""UI fixtures: the main window on a private copy of the demo."""

from __future__ import annotations

import pytest

from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


@pytest.fixture
def demo_window(qtbot, demo_path):
    """The window on the demo's district congress, shown."""
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.select_event_code("dh-hon-quan")
    win.show()
    qtbot.waitExposed(win)
    return win
