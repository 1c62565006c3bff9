"""The window's side of opening a file safely, and of keeping it safe while open.

`QtInteraction` answers the core's questions (store/startup.py) with message
boxes. `FileGuard` lives on the main window: it holds the writer's lock,
notices when the file vanishes (USB stick pulled) and closes it cleanly, offers
to reopen it when it comes back, and makes the daily automatic backup.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from thidua_desktop import APP_NAME
from thidua_desktop.store.auto_backup import safe_auto_backup
from thidua_desktop.store.faults import is_damage
from thidua_desktop.store.lock import DatabaseLock, LockedError, LockUnavailableError, acquire_lock
from thidua_desktop.store.startup import Interaction, OpenedFile, finish_check, open_checked
from thidua_desktop.store.watch import FileWatch, is_disconnect_error

log = logging.getLogger(__name__)

WATCH_INTERVAL_MS = 2000
DAILY_CHECK_INTERVAL_MS = 15 * 60 * 1000
BACKUP_AT_THE_LATEST_MS = 10_000  # after start-up, when no paint has come by then


class QtInteraction:
    """Interaction (store/startup.py) through message boxes."""

    def __init__(self, parent: QWidget | None = None):
        self.parent = parent

    def inform(self, message: str) -> None:
        """A warning box with one OK button."""
        QMessageBox.warning(self.parent, APP_NAME, message)

    def confirm(self, message: str, yes: str, no: str) -> bool:
        """A question box whose two buttons say what they do."""
        return self.choose(message, [yes, no]) == 0

    def choose(self, message: str, buttons: list[str]) -> int:
        """A question box with these buttons; the last one is the escape (cancel) button."""
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, message, parent=self.parent)
        made = [box.addButton(text, QMessageBox.ButtonRole.AcceptRole) for text in buttons[:-1]]
        made.append(box.addButton(buttons[-1], QMessageBox.ButtonRole.RejectRole))
        box.setDefaultButton(made[0])
        box.setEscapeButton(made[-1])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(made) if b is clicked), len(made) - 1)


def open_for_window(path: Path, parent: QWidget | None = None, *, readonly: bool = False,
                    create: bool = True, interaction: Interaction | None = None,
                    **options) -> OpenedFile | None:
    """Open `path` with every start-up check, asking through message boxes.

    `options` go to open_checked (auto_backup, early_check, wait_for_check).
    """
    return open_checked(path, interaction or QtInteraction(parent), readonly=readonly,
                        create=create, **options)


def open_in_window(window, path: Path, readonly: bool = False) -> bool:
    """Tệp > Mở: open another file in `window` (a MainWindow); False when it was not opened."""
    guard = guard_for(window)
    current = window.session.db_path if window.session.db is not None else None
    if current is not None and _same_file(current, Path(path)) and readonly == window.session.readonly:
        window.statusBar().showMessage(f"Tệp “{current.name}” đang được mở.", 5000)
        return True
    opened = open_for_window(Path(path), window, readonly=readonly, create=False,
                             interaction=guard.interaction)
    if opened is None:
        return False
    guard.adopt(opened)
    window.session.set_database(opened.db, opened.path, readonly=opened.readonly)
    window._remember_recent(opened.path)
    return True


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


class FileGuard(QObject):
    """Keeps the window's file safe: lock, presence watch, daily backup, a quick check to finish."""

    check_ended = Signal()  # emitted from the checking thread: delivered in the window's thread

    def __init__(self, window, opened: OpenedFile | None = None,
                 interaction: Interaction | None = None):
        super().__init__(window)
        self.pending: OpenedFile | None = None  # opened before its quick check ended
        self._backup_due = False
        self._input_gate: _InputGate | None = None
        self.check_ended.connect(self.finish_check)
        self.setObjectName("fileGuard")
        self.window = window
        self.session = window.session
        self.interaction = interaction or QtInteraction(window)
        self.path: Path | None = None
        self.lock: DatabaseLock | None = opened.lock if opened is not None else None
        self.watch: FileWatch | None = None
        self.lost_path: Path | None = None
        self.lost_readonly = False
        self._busy = False
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self.check_now)
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(DAILY_CHECK_INTERVAL_MS)
        self.daily_timer.timeout.connect(self.daily_backup)
        self.session.database_changed.connect(self._on_database_changed)
        self._follow_session()

    # --- which file ----------------------------------------------------------
    def adopt(self, opened: OpenedFile | None) -> None:
        """Take over the lock of a file just opened; call just before session.set_database()."""
        if opened is None:
            return
        if self.lock is not None and self.lock is not opened.lock:
            self.lock.release()
        self.lock = opened.lock

    def _on_database_changed(self) -> None:
        self._follow_session()

    def _follow_session(self) -> None:
        path = self.session.db_path if self.session.db is not None else None
        if self.lock is not None and self.lock.db_path != path:
            self.lock.release()
            self.lock = None
        self.path = path
        if path is None:
            self.watch = None
            self.watch_timer.stop()
            self.daily_timer.stop()
            return
        self.lost_path = None
        self.watch = FileWatch(path)
        if self.lock is None and not self.session.readonly:
            # Opened by another route (restore, a new plan): hold the lock from now on.
            try:
                self.lock = acquire_lock(path)
            except (LockedError, LockUnavailableError) as exc:
                log.warning("no lock on %s: %s", path, exc.message)
        self.watch_timer.start()
        if not self.session.readonly:
            self.daily_timer.start()

    def release(self) -> None:
        """Free the lock (the window is closing)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # --- the file vanished ------------------------------------------------------
    def check_now(self) -> bool:
        """Look at the file now; True when it is fine (or nothing is open)."""
        if self._busy:
            return True
        if self.lost_path is not None:
            self._offer_reopen()
            return False
        if self.watch is None:
            return True
        problem = self.watch.problem()
        if problem is None:
            return True
        self.file_lost(problem)
        return False

    def file_lost(self, message: str) -> None:
        """Close the vanished file without writing anything more, then say so."""
        self._busy = True
        try:
            lost, readonly = self.path, self.session.readonly
            db = self.session.db
            if db is not None:
                try:
                    db.close()
                except sqlite3.Error as exc:
                    log.warning("closing the vanished %s: %s", lost, exc)
            log.error("database file lost: %s", lost)
            self.drop_check()
            self.session.set_database(None, None)
            self.release()
            self.lost_path, self.lost_readonly = lost, readonly
            self.watch_timer.start()  # keep looking: offer to reopen when it is back
            self.interaction.inform(message)
        finally:
            self._busy = False

    def _offer_reopen(self) -> None:
        path = self.lost_path
        if path is None or not FileWatch(path).is_back():
            return
        self._busy = True
        try:
            self.watch_timer.stop()
            again = self.interaction.confirm(
                f"Tệp dữ liệu “{path.name}” đã xuất hiện trở lại. Mở lại tệp để làm tiếp?",
                "Mở lại", "Để sau",
            )
            self.lost_path = None
            if again:
                opened = open_checked(path, self.interaction, readonly=self.lost_readonly,
                                      create=False)
                if opened is not None:
                    self.adopt(opened)
                    self.session.set_database(opened.db, opened.path, readonly=opened.readonly)
        finally:
            self._busy = False

    def handle_error(self, exc: BaseException) -> bool:
        """An SQLite error reached the top: True when it was a vanished file and is handled.

        Damage met while the quick check still runs is handled too: the check's
        verdict follows, with the damaged file's usual sentence and offer.
        """
        if self.pending is not None and is_damage(exc):
            QTimer.singleShot(0, self.finish_check)
            return True
        if not is_disconnect_error(exc) or self.session.db is None:
            return False
        if self.watch is not None and self.watch.problem():
            self.file_lost(self.watch.problem())
            return True
        return False

    # --- a quick check still running ------------------------------------------------
    def watch_check(self, opened: OpenedFile) -> None:
        """`opened` was opened before its quick check ended: let the check go after the first
        paint (or 10 s at the latest), and finish when it ends.

        Until then the connection refuses writes, the opening backup waits, and
        the officer's first key or click waits for the verdict.
        """
        if opened.pending is None:
            return
        self.pending = opened
        app = QCoreApplication.instance()
        if app is not None:
            self._input_gate = _InputGate(self)
            app.installEventFilter(self._input_gate)
            # A large file's check waits for the first paint: it would take the CPU the paint needs.
            self._check_go = _FirstPaint(self, opened.pending.go)
            app.installEventFilter(self._check_go)
            QTimer.singleShot(BACKUP_AT_THE_LATEST_MS, self._check_go.fire)
        else:
            opened.pending.go()
        opened.pending.when_done(self.check_ended.emit)

    def _stop_watching_check(self) -> OpenedFile | None:
        opened, self.pending = self.pending, None
        if self._input_gate is not None:
            QCoreApplication.instance().removeEventFilter(self._input_gate)
            self._input_gate = None
        return opened

    def drop_check(self) -> None:
        """The file opened before its check is let go (the disk pulled): its verdict no longer matters."""
        opened = self._stop_watching_check()
        if opened is not None:
            opened.pending = None

    def finish_check(self) -> None:
        """The quick check's verdict on a file opened before it ended (waits for it).

        Whole: writes are allowed. Damaged: the file is closed in the window and
        the usual sentence and backup offer follow (store/startup.finish_check);
        what they give is opened in the window.
        """
        opened = self._stop_watching_check()
        if opened is None or self.session.db is not opened.db:
            return  # the window has let the file go meanwhile (closed, or the disk pulled)
        check = opened.pending
        if check is not None and check.passed(opened.path):
            finish_check(opened, self.interaction)
        else:
            # Off the screen before any question: no view may read a closed connection.
            self.lock = None  # finish_check frees it or hands it on
            self.session.set_database(None, None)
            result = finish_check(opened, self.interaction)
            if result is None:
                return
            self.lock = result.lock
            self.session.set_database(result.db, result.path, readonly=result.readonly)
        if self._backup_due:
            self.opening_backup()

    # --- backups ------------------------------------------------------------------
    def backup_after_first_paint(self) -> None:
        """The opening's automatic backup, made once the window has first been painted.

        Copying the file grows with its size; the officer sees the window first.
        """
        app = QCoreApplication.instance()
        if app is None:
            self.opening_backup()
            return
        self._painted = _FirstPaint(self, self.opening_backup)
        app.installEventFilter(self._painted)
        # a window started minimised paints late: the backup is not put off for long
        QTimer.singleShot(BACKUP_AT_THE_LATEST_MS, self._painted.fire)

    def opening_backup(self) -> None:
        """The automatic backup of opening a file (not the daily one); told in the status bar.

        A file whose quick check still runs is backed up once it has passed.
        """
        self._backup_due = self.pending is not None
        if self._backup_due or self.path is None or self.session.readonly or self.session.db is None:
            return
        made, problem = safe_auto_backup(self.path, self.session.db)
        if problem:
            self.window.statusBar().showMessage(problem, 15000)
        elif made is not None:
            log.info("automatic backup on opening: %s", made)

    def daily_backup(self) -> None:
        """Make the day's automatic backup when one is due; never interrupts the work."""
        if self.pending is not None or self.path is None or self.session.readonly \
                or self.session.db is None:
            return
        made, problem = safe_auto_backup(self.path, self.session.db, daily=True)
        if made is not None:
            self.window.statusBar().showMessage(f"Đã sao lưu tự động vào {made}", 8000)
        if problem:
            self.window.statusBar().showMessage(problem, 15000)


class _FirstPaint(QObject):
    """Calls `then` once, from the event loop, after the first paint event of any widget."""

    def __init__(self, parent: QObject, then):
        super().__init__(parent)
        self.then = then

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.fire()
        return False

    def fire(self) -> None:
        """Queue `then` unless done already; stop watching."""
        if self.then is None:
            return
        then, self.then = self.then, None
        QCoreApplication.instance().removeEventFilter(self)
        QTimer.singleShot(0, then)


class _InputGate(QObject):
    """The officer's first key or click while the quick check runs waits for its verdict.

    Nothing the officer does can then reach a file that has not passed; a
    damaged file's key or click is dropped (the file is closed and the usual
    question follows, from the event loop).
    """

    INPUT = {QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.MouseButtonPress,
             QEvent.Type.MouseButtonDblClick, QEvent.Type.Drop}

    def __init__(self, guard: FileGuard):
        super().__init__(guard)
        self.guard = guard

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        opened = self.guard.pending
        if opened is None or event.type() not in self.INPUT:
            return False
        if opened.pending is not None and opened.pending.passed(opened.path):
            self.guard.finish_check()
            return False
        QTimer.singleShot(0, self.guard.finish_check)
        return True


def guard_for(window, opened: OpenedFile | None = None) -> FileGuard:
    """The window's FileGuard, created on first use (holding `opened`'s lock)."""
    guard = window.findChild(FileGuard, "fileGuard")
    if guard is None:
        guard = FileGuard(window, opened)
    return guard
