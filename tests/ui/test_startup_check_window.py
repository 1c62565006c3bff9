"""The window on a large file whose quick check still runs (gui/app.run_gui, FileGuard.watch_check).

The first screenful is read and painted meanwhile; writes, the opening backup
and the officer's first key wait for the check; a damaged file is then closed
in the window with the usual sentence and backup offer (issue 18: start-up).
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from robust_helpers import corrupt
from window_helpers import FirstPaint, capture_windows

from thidua_desktop.gui import app as app_module
from thidua_desktop.gui import startup_checks
from thidua_desktop.gui.startup_checks import guard_for
from thidua_desktop.store import startup
from thidua_desktop.store.auto_backup import auto_backups, make_auto_backup
from thidua_desktop.store.lock import acquire_lock

UPDATE = "UPDATE persons SET phone = '0911111111' WHERE id = (SELECT min(id) FROM persons)"


@pytest.fixture
def held_check(monkeypatch):
    """Every quick check waits for `release.set()`, and any file counts as large."""
    release = threading.Event()
    real = startup.check_file

    def gated(path, *args, **kwargs):
        release.wait(10)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(startup, "check_file", gated)
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", 0)
    yield release
    release.set()


@pytest.fixture
def answers(monkeypatch):
    """The message boxes' answers (False: "Không mở") and what they said."""
    said = {"informed": [], "asked": [], "answers": []}

    def confirm(self, message, yes, no):
        said["asked"].append(message)
        return said["answers"].pop(0) if said["answers"] else False

    monkeypatch.setattr(startup_checks.QtInteraction, "inform",
                        lambda self, message: said["informed"].append(message))
    monkeypatch.setattr(startup_checks.QtInteraction, "confirm", confirm)
    return said


def _run(qtbot, monkeypatch, path, during):
    """run_gui on `path`; `during(window)` runs in place of the event loop."""
    made = capture_windows(monkeypatch)

    def fake_exec(self):
        window = made[0]
        qtbot.addWidget(window)
        try:
            during(window)
        finally:
            window.close()
            guard_for(window).release()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_gui(path) == 0
    return made[0]


def _writes(window) -> bool:
    try:
        window.session.db.execute(UPDATE)
    except sqlite3.OperationalError:
        return False
    window.session.db.conn.rollback()
    return True


def test_the_window_paints_before_the_check_and_writes_after(qtbot, monkeypatch, demo_path,
                                                               held_check):
    seen = {}

    def during(window):
        guard = guard_for(window)
        watcher = FirstPaint(lambda: (guard.pending is not None, len(auto_backups(demo_path))))
        QApplication.instance().installEventFilter(watcher)
        qtbot.waitUntil(lambda: watcher.seen is not None, timeout=10_000)
        QApplication.instance().removeEventFilter(watcher)
        seen["at_paint"] = watcher.seen
        seen["writes_before"] = _writes(window)
        qtbot.wait(100)
        seen["backups_before"] = len(auto_backups(demo_path))
        held_check.set()
        qtbot.waitUntil(lambda: guard.pending is None, timeout=10_000)
        seen["writes_after"] = _writes(window)
        qtbot.waitUntil(lambda: len(auto_backups(demo_path)) == 1, timeout=10_000)

    window = _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"at_paint": (True, 0), "writes_before": False,
                    "backups_before": 0, "writes_after": True}
    assert window.session.db is None  # closed with the window
    acquire_lock(demo_path).release()


def test_a_damaged_file_painted_early_is_closed_with_the_usual_offer(qtbot, monkeypatch, demo_path,
                                                                      held_check, answers):
    make_auto_backup(demo_path)
    corrupt(demo_path)  # the persons table: the timeline still reads
    before = demo_path.read_bytes()
    seen = {}

    def during(window):
        guard = guard_for(window)
        seen["open_before"] = window.session.db is not None and guard.pending is not None
        held_check.set()
        qtbot.waitUntil(lambda: guard.pending is None, timeout=10_000)
        seen["open_after"] = window.session.db is not None
        seen["page"] = window.pages.currentWidget() is window.welcome

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"open_before": True, "open_after": False, "page": True}
    assert len(answers["asked"]) == 1 and "bị hỏng" in answers["asked"][0]
    assert demo_path.read_bytes() == before
    assert auto_backups(demo_path)[0][1].exists()  # the good backup is still there
    acquire_lock(demo_path).release()  # the lock went with the file


def test_a_damaged_file_painted_early_can_be_restored(qtbot, monkeypatch, demo_path, held_check,
                                                       answers):
    make_auto_backup(demo_path)
    corrupt(demo_path)
    answers["answers"].append(True)
    seen = {}

    def during(window):
        guard = guard_for(window)
        held_check.set()
        qtbot.waitUntil(lambda: guard.pending is None, timeout=10_000)
        db = window.session.db
        seen["persons"] = db.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
        seen["locked"] = guard.lock is not None and guard.lock.held
        seen["writes"] = _writes(window)

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"persons": True, "locked": True, "writes": True}
    assert any("Đã khôi phục" in m for m in answers["informed"])
    assert len(list(demo_path.parent.glob("demo.hong-*.sqlite"))) == 1


def test_damage_met_by_the_first_screenful_waits_for_the_verdict(qtbot, monkeypatch, demo_path,
                                                                 held_check, answers):
    corrupt(demo_path, "plans")  # the window's first read fails before the check has ended
    before = demo_path.read_bytes()
    threading.Timer(0.3, held_check.set).start()
    seen = {}

    def during(window):
        seen["db"] = window.session.db
        seen["pending"] = guard_for(window).pending

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"db": None, "pending": None}
    said = "\n".join(answers["informed"] + answers["asked"])
    assert "bị hỏng" in said and "Không tìm thấy bản sao lưu nào còn tốt" in said
    assert demo_path.read_bytes() == before


def test_the_first_key_waits_for_the_verdict(qtbot, monkeypatch, demo_path, held_check):
    seen = {}

    def during(window):
        guard = guard_for(window)
        qtbot.waitExposed(window)
        seen["pending"] = guard.pending is not None
        threading.Timer(0.3, held_check.set).start()
        qtbot.keyClick(window.tabs, Qt.Key.Key_Right)  # waits in the input gate for the check
        seen["after_key"] = guard.pending is None and _writes(window)

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"pending": True, "after_key": True}
    acquire_lock(demo_path).release()


def test_the_first_click_on_a_damaged_file_is_dropped(qtbot, monkeypatch, demo_path, held_check,
                                                      answers):
    corrupt(demo_path)
    seen = {}

    def during(window):
        guard = guard_for(window)
        qtbot.waitExposed(window)
        held_check.set()
        gate = guard._input_gate
        event = QEvent(QEvent.Type.KeyPress)
        seen["dropped"] = gate.eventFilter(window, event)
        qtbot.waitUntil(lambda: guard.pending is None and window.session.db is None, timeout=10_000)

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"dropped": True}
    assert "bị hỏng" in "\n".join(answers["informed"] + answers["asked"])


def test_a_small_file_is_still_checked_before_the_window(qtbot, monkeypatch, demo_path):
    seen = {}

    def during(window):
        seen["pending"] = guard_for(window).pending
        seen["writes"] = _writes(window)

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"pending": None, "writes": True}
    assert demo_path.stat().st_size < startup.DEFER_FROM_BYTES
    acquire_lock(demo_path).release()


def test_the_check_of_a_large_file_starts_after_the_first_paint(qtbot, monkeypatch, demo_path):
    # Threads of one program share its CPU: the check must not take the first paint's.
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", 0)
    painted = FirstPaint(lambda: True)
    QApplication.instance().installEventFilter(painted)
    real = startup.check_file
    seen = []
    monkeypatch.setattr(startup, "check_file",
                        lambda path, *a, **k: (seen.append(painted.seen), real(path, *a, **k))[1])

    def during(window):
        guard = guard_for(window)
        qtbot.waitUntil(lambda: guard.pending is None, timeout=10_000)

    try:
        _run(qtbot, monkeypatch, demo_path, during)
    finally:
        QApplication.instance().removeEventFilter(painted)
    assert seen == [True]
    acquire_lock(demo_path).release()


def test_damage_met_while_checking_is_no_bug_but_the_usual_offer(qtbot, monkeypatch, demo_path,
                                                                   held_check, answers):
    corrupt(demo_path)
    seen = {}

    def during(window):
        guard = guard_for(window)
        malformed = sqlite3.DatabaseError("database disk image is malformed")
        seen["handled"] = guard.handle_error(malformed)  # the crash handler asks this first
        seen["other"] = guard.handle_error(ValueError("a bug"))
        held_check.set()
        qtbot.waitUntil(lambda: guard.pending is None, timeout=10_000)
        seen["db"] = window.session.db
        seen["after"] = guard.handle_error(malformed)  # the verdict is in: no longer ours

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"handled": True, "other": False, "db": None, "after": False}
    assert "bị hỏng" in "\n".join(answers["informed"] + answers["asked"])


def test_a_file_lost_while_checking_drops_the_verdict(qtbot, monkeypatch, demo_path, held_check,
                                                      answers):
    seen = {}

    def during(window):
        guard = guard_for(window)
        guard.file_lost("Tệp dữ liệu không còn ở chỗ cũ.")  # the stick pulled during the check
        seen["pending"] = guard.pending
        held_check.set()
        qtbot.wait(300)
        seen["db"] = window.session.db

    _run(qtbot, monkeypatch, demo_path, during)
    assert seen == {"pending": None, "db": None}
    assert answers["informed"] == ["Tệp dữ liệu không còn ở chỗ cũ."] and answers["asked"] == []
