"""Opening a file for the window, with every check an odd file needs.

The steps, in order: zero bytes (offer the latest good backup, or refuse),
the file's place (network share or removable drive: offer a local copy),
write permission (read-only: open read-only, saying why), the writer's lock
(another window has it: offer read-only), another program's SQLite lock
(wait, open read-only, or not open), a quick integrity check (damaged:
offer the latest good backup), the version (newer: refuse), then the
automatic backup. The window asks for the backup only after its first paint
(`auto_backup=False`, gui/startup_checks.py), and may start the quick check
early in a thread (`start_quick_check`) so that it runs while Qt loads; only an
early "ok" for the same file is used, anything else is checked again here in
the usual order. The sentences live in store/faults.py. Questions go through an `Interaction` object that
the window implements with message boxes and tests replace (git-cola style);
nothing here shows a dialog.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from thidua_desktop.errors import NotOurDatabaseError, UserError
from thidua_desktop.paths import documents_dir
from thidua_desktop.store import location
from thidua_desktop.store.auto_backup import safe_auto_backup
from thidua_desktop.store.backup import restore_database
from thidua_desktop.store.database import (
    _check_header,
    allow_writes,
    open_before_check,
    open_database,
)
from thidua_desktop.store.faults import (
    READ,
    empty_file_message,
    fault_message,
    is_empty_file,
    locked_message,
    readonly_note,
    sqlite_lock,
    wait_for_sqlite_lock,
    writable,
)
from thidua_desktop.store.integrity import (
    CheckResult,
    backup_candidates,
    check_file,
    latest_good_backup,
)
from thidua_desktop.store.lock import DatabaseLock, LockedError, LockUnavailableError, acquire_lock

if TYPE_CHECKING:  # sqlite_utils loads when the file is opened: the quick check starts before it
    from sqlite_utils import Database

log = logging.getLogger(__name__)

EMPTY = "tệp rỗng (0 byte)"
# From this size the window opens a file for reading before its quick check, which runs after
# the first paint (~30 ms of checking at 8 MB here, 250 ms at 240 MB): smaller ones are checked first.
DEFER_FROM_BYTES = 8 * 1024 * 1024


class Interaction(Protocol):
    """How the core talks to the user while opening a file."""

    def inform(self, message: str) -> None:
        """Show a sentence (warning or information); returns when read."""

    def confirm(self, message: str, yes: str, no: str) -> bool:
        """Ask a yes/no question with these two button labels; True for `yes`."""

    def choose(self, message: str, buttons: list[str]) -> int:
        """Ask a question with these buttons; the index of the one chosen (the last: cancel)."""


@dataclass
class OpenedFile:
    """A file open for the window: its connection, lock and how it was opened."""

    db: Database
    path: Path
    readonly: bool = False
    lock: DatabaseLock | None = None
    origin: Path | None = None  # the file on the stick or share, when working on a local copy
    backup: Path | None = None  # the automatic backup made on opening
    messages: list[str] = field(default_factory=list)
    # The quick check still running when the file was opened for reading (`wait_for_check`
    # False): the connection refuses writes until `finish_check` has seen it pass.
    pending: EarlyCheck | None = None

    def close(self) -> None:
        """Close the connection and free the lock."""
        self.close_connection()
        if self.lock is not None:
            self.lock.release()

    def close_connection(self) -> None:
        """Close the connection only (the lock stays)."""
        try:
            self.db.close()
        except sqlite3.Error as exc:  # the device may be gone already
            log.warning("closing %s: %s", self.path, exc)


def local_copies_dir() -> Path:
    """Where local working copies of files from sticks and shares go (on this computer)."""
    if os.environ.get("THIDUA_PORTABLE_DIR"):
        # Portable mode points the documents folder at the stick itself; a local copy
        # must land on this computer's disk instead.
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home())
        return base / "ThiDua" / "ban-sao-trong-may"
    return documents_dir() / "ThiDua" / "ban-sao-trong-may"


def make_local_copy(path: Path, folder: Path | None = None) -> Path:
    """Copy `path` (with its attachments) to the local copies folder; never overwrite."""
    from thidua_desktop.store.backup import backup_database

    folder = folder or local_copies_dir()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}{path.suffix or '.sqlite'}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}-{stamp}-{counter}{path.suffix or '.sqlite'}"
    return backup_database(path, target)


def set_aside_damaged(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) to `<name>.hong-<time>.sqlite`; return it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.hong-{stamp}{path.suffix or '.sqlite'}")
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(target.with_name(target.name + suffix))
    path.replace(target)
    return target


class EarlyCheck:
    """The quick check of one file, run in a thread while the program goes on loading.

    SQLite releases the GIL while it checks, so the check overlaps the imports
    and the window's construction instead of adding to them. A check made
    `held` waits for `go()` (or for someone to wait for its verdict) before it
    reads the file: a large file's check costs the CPU time the first paint
    needs on a busy machine (threads of one program share its share of the
    processors), so the window lets it go once it has been painted.
    """

    def __init__(self, path: Path, held: bool = False):
        self.path = Path(path)
        self._result: CheckResult | None = None
        self._ended = False
        self._then: list = []
        self._guard = threading.Lock()
        self._go = threading.Event()
        if not held:
            self._go.set()
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._thread.start()

    def go(self) -> None:
        """Let a held check start (at once if it was not held)."""
        self._go.set()

    def _run(self) -> None:
        self._go.wait()
        try:
            self._result = check_file(self.path)
        except Exception as exc:  # a lock or a full disk: checked again in the usual order
            log.info("early quick check of %s: %s", self.path, exc)
        finally:
            with self._guard:
                self._ended = True
                then, self._then = self._then, []
            for call in then:
                try:
                    call()
                except Exception:  # noqa: BLE001 - a window closed meanwhile: nothing to tell
                    log.exception("after the quick check of %s", self.path)

    def done(self) -> bool:
        """True once the check has ended (never waits)."""
        return self._ended

    def when_done(self, call) -> None:
        """Call `call()` when the check ends: from the checking thread, or now if it has ended."""
        with self._guard:
            if not self._ended:
                self._then.append(call)
                return
        call()

    def wait(self) -> None:
        """Until the check has ended and closed its connection to the file (a held one goes now)."""
        self._go.set()
        self._thread.join()

    def passed(self, path: Path) -> bool:
        """True when this check was of `path` and found it whole (waits for it to end)."""
        self.wait()
        return self._result is not None and self._result.ok and _same_path(self.path, path)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# The check the command line started before the toolkit was imported, until the window claims it.
_begun: EarlyCheck | None = None


def begin_quick_check(path: str | Path) -> None:
    """Start the quick check of `path` now, for the next `start_quick_check` of the same file."""
    global _begun
    _begun = start_quick_check(path)


def start_quick_check(path: str | Path) -> EarlyCheck | None:
    """The quick check of an existing file started in a thread; None for anything else.

    A file of DEFER_FROM_BYTES or more gets a held check: it starts when let
    go (`EarlyCheck.go`, the window's first paint) or waited for. A check
    begun earlier for the same file (`begin_quick_check`) is taken instead of
    starting another.
    """
    global _begun
    begun, _begun = _begun, None
    path = Path(path)
    if begun is not None and _same_path(begun.path, path):
        return begun
    try:
        if not path.is_file():
            return None
        size = path.stat().st_size
    except OSError:
        return None
    return EarlyCheck(path, held=size >= DEFER_FROM_BYTES) if size else None


def open_checked(path: str | Path, interaction: Interaction, *, readonly: bool = False,
                 create: bool = True, auto_backup: bool = True,
                 copies_dir: Path | None = None,
                 early_check: EarlyCheck | None = None,
                 wait_for_check: bool = True) -> OpenedFile | None:
    """Open `path` for the window after every check; None when it cannot or should not be opened.

    Every refusal has been told to the user through `interaction`; the file is
    never changed by a refusal. `auto_backup` False leaves the automatic backup
    to the caller (the window makes it after its first paint); `early_check`
    is a quick check already started (see `start_quick_check`).

    `wait_for_check` False (the window's start-up): a file of DEFER_FROM_BYTES
    or more whose early check has not ended (held, see `start_quick_check`)
    is opened for reading without waiting (`pending` set, writes refused);
    the caller lets the check go and must `finish_check` it. Files that
    opening would write (an upgrade, the journal mode) are checked first.
    """
    path = Path(path)
    if early_check is not None and wait_for_check:
        # Its connection closed before anything renames, copies or probes the file's locks
        # (Windows refuses to rename an open file).
        early_check.wait()
    bad_header = None
    try:
        existed = _check_header(path)
    except NotOurDatabaseError as exc:
        # Not SQLite at all. If this name has backups, it was ours and is damaged.
        if path.is_dir() or not backup_candidates(path):
            interaction.inform(exc.message)
            return None
        existed, bad_header = True, exc.message
    except UserError as exc:
        interaction.inform(exc.message)
        return None
    if not existed and is_empty_file(path):
        # Zero bytes: never silently made into a new, empty plan; backups are offered.
        if not backup_candidates(path):
            interaction.inform(empty_file_message(path))
            return None
        existed, bad_header = True, EMPTY
    if not existed and (readonly or not create):
        interaction.inform(f"Không tìm thấy tệp dữ liệu “{path}”.")
        return None
    messages: list[str] = []
    origin = None
    if existed and not readonly and not bad_header:
        kind = location.storage_kind(path)
        warning = location.risk_message(path, kind)
        if warning:
            log.info("%s is on a %s drive", path, kind)
            if interaction.confirm(warning, "Làm việc trên bản sao trong máy", "Vẫn mở trực tiếp"):
                try:
                    copy = make_local_copy(path, copies_dir)
                except (UserError, OSError, sqlite3.Error) as exc:
                    interaction.inform(_reason("Không tạo được bản sao trong máy", exc))
                    return None
                note = (f"Đang làm việc trên bản sao “{copy}”. Tệp gốc “{path}” không bị "
                        "thay đổi; khi xong, dùng Tệp > Sao lưu… để chép bản này ra thiết bị.")
                interaction.inform(note)
                messages.append(note)
                origin, path = path, copy
    if not readonly and not writable(path if existed else path.parent):
        if not existed:
            interaction.inform(f"Không tạo được tệp trong “{path.parent}”: thư mục chỉ cho phép đọc.")
            return None
        note = readonly_note(path)
        interaction.inform(note)
        messages.append(note)
        readonly = True
    lock = None
    if not readonly:
        try:
            lock = acquire_lock(path)
        except LockedError as exc:
            if not interaction.confirm(exc.message, "Mở chỉ đọc", "Không mở"):
                return None
            readonly = True
        except LockUnavailableError as exc:
            interaction.inform(exc.message + " Tệp được mở ở chế độ chỉ đọc.")
            messages.append(exc.message)
            readonly = True
    try:
        if existed and not bad_header:
            readonly = _other_program(path, interaction, readonly, messages, early_check)
            if readonly and lock is not None:
                lock.release()
                lock = None
        opened = None if readonly is None else _open_after_lock(
            path, interaction, readonly, create, existed, messages, bad_header, early_check,
            wait_for_check)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if opened is None:
        if lock is not None:
            lock.release()
        return None
    opened.lock, opened.origin = lock, origin
    if auto_backup and not opened.readonly:
        opened.backup, problem = safe_auto_backup(opened.path, opened.db)
        if problem:
            interaction.inform(problem)
            opened.messages.append(problem)
    return opened


def _other_program(path: Path, interaction: Interaction, readonly: bool,
                   messages: list[str], early_check: EarlyCheck | None = None) -> bool | None:
    """Another program's SQLite lock: wait, open read-only, or not open (None).

    Checked before the quick check, which would otherwise call a locked file damaged.
    """
    while True:
        level = sqlite_lock(path, need_write=not readonly)
        if level is not None and early_check is not None and not early_check.done():
            early_check.wait()  # never take our own checking thread for another program
            level = sqlite_lock(path, need_write=not readonly)
        if level is None:
            return readonly
        message = locked_message(path, level)
        buttons = ["Chờ rồi thử lại", "Không mở"]
        if level != READ:
            buttons.insert(1, "Mở chỉ đọc")
        answer = interaction.choose(message, buttons)
        if buttons[answer] == "Không mở":
            return None
        if buttons[answer] == "Mở chỉ đọc":
            messages.append(message)
            return True
        wait_for_sqlite_lock(path, need_write=not readonly)


def _open_after_lock(path: Path, interaction: Interaction, readonly: bool, create: bool,
                     existed: bool, messages: list[str], bad_header: str | None = None,
                     early_check: EarlyCheck | None = None,
                     wait_for_check: bool = True) -> OpenedFile | None:
    if early_check is not None:
        if bad_header is None and existed and not wait_for_check:
            opened = _open_while_checking(path, readonly, messages, early_check)
            if opened is not None:
                return opened
        early_check.wait()  # closed before a damaged file is renamed or restored
    if bad_header:
        details = EMPTY if bad_header == EMPTY else "phần đầu tệp không đúng"
        return _damaged(path, interaction, readonly, details, messages)
    if existed:
        whole, instead = _verdict(path, interaction, readonly, messages, early_check)
        if not whole:
            return instead
    return _open_now(path, interaction, readonly, create, messages)


def _open_now(path: Path, interaction: Interaction, readonly: bool, create: bool,
              messages: list[str]) -> OpenedFile | None:
    try:
        db = open_database(path, readonly=readonly, create=create)
    except UserError as exc:
        interaction.inform(exc.message)
        return None
    return OpenedFile(db, path, readonly, messages=messages)


def _verdict(path: Path, interaction: Interaction, readonly: bool, messages: list[str],
             early_check: EarlyCheck | None) -> tuple[bool, OpenedFile | None]:
    """(True, None) when the file is whole; else (False, what the damaged file's questions gave)."""
    if early_check is not None and early_check.passed(path):
        return True, None
    try:
        result = check_file(path)
    except sqlite3.Error as exc:  # a full disk or a lock, not damage: say which
        interaction.inform(fault_message(exc, path) or _reason("Không mở được tệp", exc))
        return False, None
    if result.ok:
        return True, None
    log.error("%s failed the quick check: %s", path, result.summary(10))
    return False, _damaged(path, interaction, readonly, result.summary(), messages)


def _open_while_checking(path: Path, readonly: bool, messages: list[str],
                         check: EarlyCheck) -> OpenedFile | None:
    """The file opened for reading while its quick check runs, or None to wait for the check.

    Only a large file is worth it (a small one's check ends within a few
    milliseconds), and only one that opening would not write.
    """
    try:
        if check.done() or not _same_path(check.path, path) or path.stat().st_size < DEFER_FROM_BYTES:
            return None
        db = open_before_check(path, readonly=readonly)
    except (UserError, OSError, sqlite3.Error) as exc:  # damage shows here too: the check will say
        log.info("opening %s before its check ended: %s", path, exc)
        return None
    if db is None:
        return None
    return OpenedFile(db, path, readonly, messages=messages, pending=check)


def finish_check(opened: OpenedFile, interaction: Interaction) -> OpenedFile | None:
    """Settle a file opened before its quick check ended (`opened.pending`); waits for the check.

    Whole: writes are allowed from now on and `opened` comes back. Otherwise
    its connection is closed and the file goes the usual way, with the usual
    sentences: damaged, the latest good backup is offered (the file is never
    written unless the officer restores), and what that gives comes back with
    `opened`'s lock, or None (the lock freed).
    """
    check, opened.pending = opened.pending, None
    if check is None:
        return opened
    if check.passed(opened.path):
        if not opened.readonly:
            allow_writes(opened.db)
        return opened
    opened.close_connection()
    path, readonly = opened.path, opened.readonly
    whole, instead = _verdict(path, interaction, readonly, opened.messages, None)
    if whole:  # the early check failed for another reason (a lock) and the file is whole
        instead = _open_now(path, interaction, readonly, False, opened.messages)
    if instead is None:
        if opened.lock is not None:
            opened.lock.release()
        return None
    instead.lock, instead.origin = opened.lock, opened.origin
    return instead


def _damaged(path: Path, interaction: Interaction, readonly: bool, details: str,
             messages: list[str]) -> OpenedFile | None:
    """A file that fails the quick check: offer the latest good backup, never write the file."""
    # The technical details (English, from SQLite) go to the log, not to the officer.
    log.error("damaged %s: %s", path, details)
    head = f"Tệp dữ liệu “{path.name}” bị hỏng: kiểm tra lúc mở tệp thấy dữ liệu không còn nguyên vẹn."
    if details == EMPTY:
        head = f"Tệp dữ liệu “{path.name}” rỗng (0 byte): không có dữ liệu nào trong tệp."
    backup = latest_good_backup(path)
    if backup is None:
        interaction.inform(
            head + " Không tìm thấy bản sao lưu nào còn tốt. Tệp được để nguyên, không bị thay "
            "đổi; hãy chép tệp này cho người hỗ trợ kỹ thuật."
        )
        return None
    when = dt.datetime.fromtimestamp(backup.stat().st_mtime).strftime("%H:%M ngày %d/%m/%Y")
    if readonly:
        question = (f"{head} Bản sao lưu tốt gần nhất là “{backup.name}” ({when}). "
                    "Mở bản sao lưu đó để xem (chỉ đọc)?")
        if not interaction.confirm(question, "Mở bản sao lưu", "Không mở"):
            return None
        db = open_database(backup, readonly=True, create=False)
        return OpenedFile(db, backup, True, messages=messages + [question])
    question = (f"{head} Bản sao lưu tốt gần nhất là “{backup.name}” ({when}); những thay đổi "
                "sau thời điểm đó sẽ không có. Tệp hỏng được giữ lại bên cạnh. Khôi phục từ bản "
                "sao lưu này?")
    if not interaction.confirm(question, "Khôi phục từ bản sao lưu", "Không mở"):
        return None
    try:
        kept = set_aside_damaged(path)
        restore_database(path, backup)
        db = open_database(path)
    except (UserError, OSError, sqlite3.Error) as exc:
        interaction.inform(_reason("Khôi phục không thành công", exc))
        return None
    note = f"Đã khôi phục từ “{backup.name}”. Tệp hỏng được giữ tại “{kept.name}”."
    interaction.inform(note)
    return OpenedFile(db, path, False, messages=messages + [question, note])


def _reason(what: str, exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return f"{what}: {exc.message}"
    if isinstance(exc, OSError):
        return f"{what}: {exc.strerror or exc}."
    return f"{what}: {exc}."

