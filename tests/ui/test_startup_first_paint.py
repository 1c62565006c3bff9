"""Start-up (gui/app.run_gui): the automatic backup of opening waits for the first paint."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from robust_helpers import corrupt
from window_helpers import FirstPaint, capture_windows, window_on

from thidua_desktop.gui import app as app_module
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.startup_checks import guard_for, open_for_window
from thidua_desktop.store.auto_backup import auto_backups
from thidua_desktop.store.lock import acquire_lock


class Recorder:
    def __init__(self, *answers):
        self.answers, self.informed = list(answers), []

    def inform(self, message):
        self.informed.append(message)

    def confirm(self, message, yes, no):
        return self.answers.pop(0)


def test_run_gui_paints_first_then_makes_the_backup(qtbot, demo_path, monkeypatch):
    seen = {}
    made = capture_windows(monkeypatch)

    def fake_exec(self):
        win = made[0]
        qtbot.addWidget(win)
        seen["at_show"] = len(auto_backups(demo_path))
        watcher = FirstPaint(lambda: len(auto_backups(demo_path)))
        self.installEventFilter(watcher)  # called before the window's own filter (installed earlier)
        qtbot.waitUntil(lambda: len(auto_backups(demo_path)) == 1, timeout=10_000)
        self.removeEventFilter(watcher)
        seen["at_paint"] = watcher.seen
        win.close()
        guard_for(win).release()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_gui(demo_path) == 0
    assert seen == {"at_show": 0, "at_paint": 0}
    acquire_lock(demo_path).release()


def test_the_backup_after_paint_is_skipped_for_a_read_only_window(qtbot, demo_path):
    held = acquire_lock(demo_path)  # another window writes: this one opens read-only
    try:
        opened = open_for_window(demo_path, interaction=Recorder(True), auto_backup=False)
        assert opened.readonly
        win = window_on(qtbot, opened)
        guard_for(win).backup_after_first_paint()
        qtbot.wait(200)
        assert auto_backups(demo_path) == []
    finally:
        held.release()


def test_a_damaged_file_at_start_up_still_offers_the_backup(qtbot, demo_path, monkeypatch):
    corrupt(demo_path)
    before = demo_path.read_bytes()
    informed = []
    monkeypatch.setattr("thidua_desktop.gui.startup_checks.QtInteraction.inform",
                        lambda self, message: informed.append(message))
    made = capture_windows(monkeypatch)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert app_module.run_gui(demo_path) == 0
    qtbot.addWidget(made[0])
    assert made[0].session.db is None
    assert any("bị hỏng" in m for m in informed)
    assert demo_path.read_bytes() == before


def test_the_backup_comes_at_the_latest_after_the_delay_without_a_paint(qtbot, demo_path, monkeypatch):
    from thidua_desktop.gui import startup_checks

    opened = open_for_window(demo_path, interaction=Recorder(), auto_backup=False)
    win = MainWindow(opened.db, opened.path)  # never shown: no paint will come
    qtbot.addWidget(win)
    guard = guard_for(win, opened)
    monkeypatch.setattr(startup_checks, "BACKUP_AT_THE_LATEST_MS", 300)
    guard.backup_after_first_paint()
    qtbot.wait(100)
    assert auto_backups(demo_path) == []
    qtbot.waitUntil(lambda: len(auto_backups(demo_path)) == 1, timeout=5000)
    guard.release()
