"""Helpers for the window tests: a main window on a file opened through the start-up checks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from thidua_desktop.gui import startup_checks
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


class FirstPaint(QObject):
    """Install on the application: keeps what `probe()` returns when the first paint event comes."""

    def __init__(self, probe):
        super().__init__()
        self.probe, self.seen = probe, None

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = self.probe()
        return False


def capture_windows(monkeypatch) -> list:
    """The windows gui/app.run_gui makes from now on (other tests' windows may still be alive)."""
    made = []
    real = startup_checks.guard_for

    def recording(window, opened=None):
        made.append(window)
        return real(window, opened)

    monkeypatch.setattr(startup_checks, "guard_for", recording)
    return made
