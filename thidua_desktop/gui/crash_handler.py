"""Uncaught exceptions in the window: the trace goes to the log, the user gets a sentence.

Installed as `sys.excepthook` by run_gui. PySide6 calls it for exceptions
raised in slots and event handlers, so the program keeps running after a bug;
the officer's saved work is never at risk because every action commits itself.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.store import faults

log = logging.getLogger(__name__)

READONLY_SENTENCE = (
    "Tệp đang được mở ở chế độ chỉ đọc nên không lưu được thay đổi này. "
    "Muốn sửa, hãy mở tệp ở chế độ bình thường (Tệp > Mở…)."
)
DISK_SENTENCE = (
    "Không ghi được vào tệp dữ liệu: ổ đĩa đầy, thiết bị lỗi hoặc mất kết nối. Thay đổi vừa "
    "làm chưa được lưu; mọi thay đổi trước đó vẫn còn nguyên trong tệp."
)


def log_file() -> Path | None:
    """The log file our logging setup writes to, if any."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_thidua", False) and getattr(handler, "baseFilename", None):
            return Path(handler.baseFilename)
    return None


def bug_sentence() -> str:
    """What the officer reads when a bug happens: no trace, where the details are."""
    where = log_file()
    detail = f" Chi tiết kỹ thuật đã được ghi vào tệp nhật ký “{where}”." if where else ""
    return (
        "Đã xảy ra lỗi không mong muốn trong chương trình. Công việc đã làm trước đó vẫn được "
        f"lưu trong tệp dữ liệu.{detail} Hãy gửi tệp nhật ký cho người hỗ trợ nếu lỗi lặp lại."
    )


def _main_window():
    app = QApplication.instance()
    if app is None:
        return None
    active = app.activeWindow()
    candidates = ([active] if active is not None else []) + list(app.topLevelWidgets())
    for widget in candidates:
        if widget.inherits("QMainWindow") and hasattr(widget, "session"):
            return widget
    return None


class ExceptionHandler:
    """The callable installed as sys.excepthook."""

    def __init__(self, show=None, window=None):
        self.show = show or self._message_box
        self.window = window  # the main window; found among the top-level widgets when None
        self._showing = False
        self.previous = sys.excepthook

    def _window(self):
        return self.window if self.window is not None else _main_window()

    def _message_box(self, text: str, critical: bool) -> None:
        parent = QApplication.activeWindow() or _main_window()
        if critical:
            QMessageBox.critical(parent, APP_NAME, text)
        else:
            QMessageBox.warning(parent, APP_NAME, text)

    def sentence_for(self, exc: BaseException) -> tuple[str, bool]:
        """(what to show, whether it is a bug) for an exception."""
        if isinstance(exc, UserError):
            return exc.message, False
        session = getattr(self._window(), "session", None)
        path = getattr(session, "db_path", None)
        if faults.is_disk_full(exc) or (path is not None and faults.fault_message(exc, path)):
            # A full disk (or another program's lock) is no bug: its own sentence, no trace.
            return faults.fault_message(exc, path) or faults.disk_full_message(), False
        if isinstance(exc, sqlite3.OperationalError):
            text = str(exc).lower()
            if "readonly" in text and session is not None and session.readonly:
                return READONLY_SENTENCE, False
            if any(w in text for w in ("disk i/o", "database or disk is full", "readonly",
                                       "unable to open")):
                return DISK_SENTENCE, True
        return bug_sentence(), True

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        guard = _guard(self._window())
        if guard is not None and guard.handle_error(exc):
            log.warning("database file vanished: %s", exc)
            return
        text, is_bug = self.sentence_for(exc)
        if is_bug:
            log.error("unexpected error", exc_info=(exc_type, exc, tb))
        else:
            log.info("user error reached the top: %s", text)
        if self._showing:  # an error while showing the last one: the log has it
            return
        self._showing = True
        try:
            self.show(text, is_bug)
        finally:
            self._showing = False


def _guard(window):
    if window is None:
        return None
    from thidua_desktop.gui.startup_checks import FileGuard

    return window.findChild(FileGuard, "fileGuard")


def install_excepthook(show=None, window=None) -> ExceptionHandler:
    """Make uncaught exceptions log their trace and show a Vietnamese sentence."""
    handler = ExceptionHandler(show, window)
    sys.excepthook = handler
    return handler
