"""The window's side of robustness: start-up questions, a vanished file, the exception hook."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from window_helpers import window_on

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui import crash_handler
from thidua_desktop.gui.crash_handler import ExceptionHandler, install_excepthook
from thidua_desktop.gui.startup_checks import QtInteraction, guard_for, open_for_window
from thidua_desktop.logging_setup import LOG_NAME, setup_logging
from thidua_desktop.store.auto_backup import auto_backups
from thidua_desktop.store.lock import acquire_lock, lock_path


class Recorder:
    """Interaction double for the window tests."""

    def __init__(self, *answers):
        self.answers, self.informed, self.asked = list(answers), [], []

    def inform(self, message):
        self.informed.append(message)

    def confirm(self, message, yes, no):
        self.asked.append(message)
        return self.answers.pop(0)


def _window(qtbot, opened):
    return window_on(qtbot, opened)


def _click_in_next_box(text: str, seen: list[str]):
    """Click the button `text` of the message box that is about to open."""
    def click():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        for button in box.findChildren(QPushButton):
            if button.text() == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in box.findChildren(QPushButton)]}")
    QTimer.singleShot(0, click)


@pytest.mark.parametrize("choice, expected", [("Mở chỉ đọc", True), ("Không mở", False)])
def test_question_box_has_buttons_that_say_what_they_do(qtbot, choice, expected):
    seen = []
    _click_in_next_box(choice, seen)
    answer = QtInteraction(None).confirm("Tệp đang được mở ở cửa sổ khác.", "Mở chỉ đọc", "Không mở")
    assert answer is expected and seen == ["Tệp đang được mở ở cửa sổ khác."]


def test_second_window_opens_the_file_read_only(qtbot, demo_path):
    first = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    assert guard_for(first).lock.held
    seen = []
    _click_in_next_box("Mở chỉ đọc", seen)
    opened = open_for_window(demo_path)  # real message box, answered by the click
    assert "đang được mở để ghi" in seen[0]
    second = _window(qtbot, opened)
    assert second.windowTitle().endswith("(chỉ đọc)")
    assert not first.windowTitle().endswith("(chỉ đọc)")
    assert guard_for(second).lock is None and guard_for(first).lock.held


def test_opening_a_file_on_startup_makes_a_backup_and_locks_it(qtbot, demo_path):
    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    assert len(auto_backups(demo_path)) == 1
    assert lock_path(demo_path).exists()
    win.close()
    guard_for(win).release()
    acquire_lock(demo_path).release()


def test_open_path_goes_through_the_checks_and_moves_the_lock(qtbot, demo_path, demo_master, tmp_path):
    other = tmp_path / "khac.sqlite"
    other.write_bytes(demo_master.read_bytes())
    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    guard = guard_for(win)
    guard.interaction = Recorder()
    assert win.open_path(other) is True
    assert win.session.db_path == other and guard.lock.db_path == other
    acquire_lock(demo_path).release()  # the first file is free again
    assert win.open_path(other) is True  # the same file again: nothing to do, no lock fight
    assert guard.interaction.asked == []


def test_vanished_file_is_closed_with_a_message_and_reopened_when_back(qtbot, demo_path, tmp_path):
    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    guard = guard_for(win)
    guard.interaction = Recorder(True)
    win.session.db.execute("UPDATE persons SET phone = '0987654321' WHERE id = 3")
    stick = demo_path.parent
    pulled = stick.with_name(stick.name + "-rut-ra")
    stick.rename(pulled)
    qtbot.waitUntil(lambda: win.session.db is None, timeout=5000)  # the watch timer noticed
    assert "Không còn thấy tệp dữ liệu" in guard.interaction.informed[0]
    assert "Chưa mở tệp dữ liệu" in win.status_label.text()
    assert guard.lock is None
    pulled.rename(stick)
    qtbot.waitUntil(lambda: win.session.db is not None, timeout=6000)
    assert "xuất hiện trở lại" in guard.interaction.asked[0]
    assert win.session.db.execute("SELECT phone FROM persons WHERE id = 3").fetchone() == ("0987654321",)
    assert guard.lock is not None and guard.lock.held


def test_daily_backup_from_the_window(qtbot, demo_path, monkeypatch):
    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    from thidua_desktop.store import auto_backup

    monkeypatch.setattr(auto_backup, "backup_is_due", lambda *_a, **_k: True)
    win.session.db.execute("UPDATE persons SET phone = '1' WHERE id = 1")
    Path(str(demo_path) + "-wal").touch()
    before = len(auto_backups(demo_path))
    guard_for(win).daily_backup()
    assert len(auto_backups(demo_path)) == before + 1
    assert "Đã sao lưu tự động" in win.statusBar().currentMessage()


def _raise(exc):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_excepthook_logs_the_trace_and_shows_a_sentence(qtbot, tmp_path):
    log_path = setup_logging(tmp_path / "thidua.sqlite")
    shown = []
    handler = ExceptionHandler(show=lambda text, bug: shown.append((text, bug)))
    handler(*_raise(ZeroDivisionError("chia cho 0 trong bảng đại biểu")))
    for h in logging.getLogger().handlers:
        h.flush()
    text = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert log_path == tmp_path / LOG_NAME
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError" in text
    (sentence, bug), = shown
    assert bug and sentence.startswith("Đã xảy ra lỗi không mong muốn")
    assert str(tmp_path / LOG_NAME) in sentence
    assert "Traceback" not in sentence and "ZeroDivisionError" not in sentence


def test_excepthook_shows_user_errors_as_they_are(qtbot):
    shown = []
    handler = ExceptionHandler(show=lambda text, bug: shown.append((text, bug)))
    handler(*_raise(ValidationError("Họ và tên không được để trống.")))
    assert shown == [("Họ và tên không được để trống.", False)]


def test_excepthook_explains_a_write_refused_in_read_only_mode(qtbot, demo_path):
    seen = []
    _click_in_next_box("Mở chỉ đọc", seen)
    first = open_for_window(demo_path, interaction=Recorder())
    win = _window(qtbot, open_for_window(demo_path))
    shown = []
    handler = ExceptionHandler(show=lambda text, bug: shown.append((text, bug)), window=win)
    try:
        win.session.db.execute("UPDATE persons SET phone = 'x'")
    except sqlite3.OperationalError:
        handler(*sys.exc_info())
    assert shown == [(crash_handler.READONLY_SENTENCE, False)]
    first.close()


@pytest.mark.qt_no_exception_capture
def test_installed_hook_catches_an_error_in_a_slot(qtbot, monkeypatch):
    previous = sys.excepthook
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    install_excepthook()
    try:
        QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        sys.excepthook = previous
    assert shown[0].startswith("Đã xảy ra lỗi không mong muốn")


def test_backup_settings_dialog_sets_keep_lists_and_backs_up(qtbot, qtmodeltester, demo_path, tmp_path):
    from thidua_desktop.gui.backup_settings_dialog import BackupListModel, BackupSettingsDialog
    from thidua_desktop.store.auto_backup import keep_count

    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    dialog = BackupSettingsDialog(win.session, win)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1  # the backup made on opening
    assert dialog.model.index(0, BackupListModel.COL_KIND).data() == "Tự động"
    dialog.keep_spin.setValue(2)
    assert keep_count(win.session.db) == 2
    for _ in range(3):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 2  # rotation keeps the last two
    assert dialog.table.selectionModel().selectedRows()[0].row() == 0
    dialog.grab().save(str(tmp_path / "sao-luu-tu-dong.png"))


def test_file_menu_has_the_backup_entries(qtbot, demo_path):
    win = _window(qtbot, open_for_window(demo_path, interaction=Recorder()))
    file_menu = win.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert {"Sao lưu…", "Khôi phục…", "Sao lưu tự động…"} <= set(texts)
