"""Start the window: QApplication, fonts, the database, the main window."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from thidua_desktop import APP_NAME, __version__
from thidua_desktop.paths import fonts_dir, resources_dir

log = logging.getLogger(__name__)
ORGANISATION = "ThiDua"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with Vietnamese locale and bundled fonts."""
    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
                and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _name_application()
        if sys.platform.startswith("linux"):
            # The desktop's own file dialog (GTK portal) ignores our catalogue and came out half
            # English; Qt's dialog speaks Vietnamese through resources/translations.
            QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationDisplayName(APP_NAME)
        app.setApplicationVersion(__version__)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        _load_translations(app)
        _load_fonts(app)
        from thidua_desktop.gui.keyboard import install

        install(app)
        icon = resources_dir() / "icons" / "thidua.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def _name_application() -> None:
    """Organisation and application names: where QSettings keeps this program's settings."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName("ThiDuaDesktop")


def _load_translations(app: QApplication) -> None:
    """Qt's own texts (Yes/No/Cancel, file dialogs, context menus) in Vietnamese.

    Qt ships no Vietnamese catalogue, so ours is in resources/translations
    (qtbase_vi.ts, compiled with pyside6-lrelease).
    """
    translator = QTranslator(app)
    if translator.load(str(resources_dir() / "translations" / "qtbase_vi.qm")):
        app.installTranslator(translator)
        app._thidua_translator = translator  # keep a reference alive


def _load_fonts(app: QApplication) -> None:
    """Register bundled fonts; the UI uses a sans font with full Vietnamese coverage."""
    folder = fonts_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
    font = QFont(app.font())
    if sys.platform.startswith("linux") and "DejaVu Sans" in QFontDatabase.families():
        font.setFamily("DejaVu Sans")
    font.setPointSize(10)
    app.setFont(font)


def last_file(default: Path) -> Path:
    """The file opened last (recent files, newest first, that still exist), else `default`."""
    from PySide6.QtCore import QSettings

    for text in QSettings().value("recentFiles", [], list) or []:
        if text and Path(text).is_file():
            return Path(text)
    return default


def run_gui(db_path: Path, explicit: bool = True) -> int:
    """Open the main window on `db_path` (created empty when missing) and run.

    Without a file named on the command line (`explicit` False) the file
    opened last comes back, not the empty default one.
    """
    from thidua_desktop.store.startup import start_quick_check

    if not explicit:
        if QApplication.instance() is None:
            _name_application()  # QSettings looks in this program's settings
        db_path = last_file(db_path)
    # The quick check runs in a thread while the window's modules load (the command line
    # began it before the toolkit was imported); the automatic backup waits for the first
    # paint: neither grows the wait with the file.
    early_check = start_quick_check(db_path)
    app = make_application()
    from thidua_desktop.gui.crash_handler import install_excepthook
    from thidua_desktop.gui.startup_checks import guard_for, open_for_window

    install_excepthook()
    # A large file whose check is still running is read for the first paint meanwhile;
    # nothing writes to it until the check has passed (FileGuard.watch_check).
    opened = open_for_window(db_path, auto_backup=False, early_check=early_check,
                             wait_for_check=False)
    window, opened = _main_window(opened)
    guard = guard_for(window, opened)
    window.show()
    if opened is not None:
        guard.watch_check(opened)
    guard.backup_after_first_paint()
    window.show_todo_on_open()
    return app.exec()


def _main_window(opened):
    """The main window on `opened`, and what it was opened on.

    A file read before its quick check ended may be damaged where the first
    screenful reads: the check's verdict is then awaited and the usual
    sentence and backup offer come before the window (store/startup.finish_check).
    """
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.gui.startup_checks import QtInteraction
    from thidua_desktop.store.startup import finish_check

    try:
        return MainWindow(opened and opened.db, opened and opened.path,
                          readonly=bool(opened and opened.readonly)), opened
    except sqlite3.DatabaseError:
        if opened is None or opened.pending is None or opened.pending.passed(opened.path):
            raise
    log.warning("%s was read before its quick check ended and could not be read", opened.path)
    opened = finish_check(opened, QtInteraction())
    return MainWindow(opened and opened.db, opened and opened.path,
                      readonly=bool(opened and opened.readonly)), opened
