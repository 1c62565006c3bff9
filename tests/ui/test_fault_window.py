"""Issue 15 item 4 in the window: each fault of the file or its disk is a message box with its
sentence, the window keeps running, and the database is unchanged.

The modal boxes are patched: warnings are recorded, questions are answered by clicking the
button with the given text on the real QMessageBox.
"""

from __future__ import annotations

import shutil
import sys

import pytest
from fault_media import ForeignLock, fill, full_disk, write_protected
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox
from robust_helpers import snapshot
from window_helpers import window_on

from thidua_desktop.gui.crash_handler import install_excepthook
from thidua_desktop.gui.startup_checks import guard_for, open_for_window
from thidua_desktop.store import faults
from thidua_desktop.store.lock import lock_path


class Boxes:
    """Every warning shown, and the questions answered by button text."""

    def __init__(self, monkeypatch, *answers: str):
        self.warnings: list[str] = []
        self.questions: list[tuple[str, list[str]]] = []
        self.answers = list(answers)
        monkeypatch.setattr(QMessageBox, "warning", self._warning)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _warning(self, _parent, _title, text, *_args):
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def _exec(self, box):
        buttons = {b.text(): b for b in box.buttons()}
        self.questions.append((box.text(), list(buttons)))
        buttons[self.answers.pop(0)].click()
        return 0


def _window(qtbot, opened):
    return window_on(qtbot, opened)


@pytest.fixture
def usb(demo_master, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return shutil.copyfile(demo_master, folder / "demo.sqlite")


def test_write_protected_stick_opens_read_only_and_says_why(qtbot, monkeypatch, usb):
    saved = snapshot(usb)
    boxes = Boxes(monkeypatch)
    with write_protected(usb.parent):
        win = _window(qtbot, open_for_window(usb))
        assert win.session.db is not None and win.session.readonly
        assert win.windowTitle().endswith("(chỉ đọc)")
        assert boxes.warnings == [faults.readonly_note(usb)]
        assert "hỏng" not in boxes.warnings[0] and guard_for(win).lock is None
        win.close()
        win.session.set_database(None, None)
    assert snapshot(usb) == saved and not lock_path(usb).exists()


def test_zero_byte_file_is_named_as_such(qtbot, monkeypatch, tmp_path):
    empty = tmp_path / "rong.sqlite"
    empty.touch()
    boxes = Boxes(monkeypatch)
    win = _window(qtbot, open_for_window(empty))
    assert win.session.db is None
    assert boxes.warnings == [faults.empty_file_message(empty)]
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("answer, readonly", [("Mở chỉ đọc", True), ("Không mở", None)])
def test_another_program_holding_the_file(qtbot, monkeypatch, demo_path, answer, readonly):
    saved = snapshot(demo_path)
    boxes = Boxes(monkeypatch, answer)
    with ForeignLock(demo_path, "write"):
        win = _window(qtbot, open_for_window(demo_path))
    (text, buttons), = boxes.questions
    assert text == faults.locked_message(demo_path, faults.WRITE)
    assert buttons == ["Chờ rồi thử lại", "Mở chỉ đọc", "Không mở"]
    if readonly is None:
        assert win.session.db is None
    else:
        assert win.session.readonly and win.windowTitle().endswith("(chỉ đọc)")
        assert guard_for(win).lock is None
        win.session.set_database(None, None)
    assert snapshot(demo_path) == saved


def test_disk_full_at_opening_the_window_survives_read_only(qtbot, monkeypatch, demo_master,
                                                           tmp_path):
    boxes = Boxes(monkeypatch)
    with full_disk(tmp_path / "day", [demo_master]) as (db,):
        before = db.read_bytes()
        win = _window(qtbot, open_for_window(db))
        assert win.isVisible() and win.session.readonly
        assert win.session.db.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
        assert len(boxes.warnings) == 1 and "đã đầy nên không ghi được" in boxes.warnings[0]
        win.session.set_database(None, None)
        assert db.read_bytes() == before


@pytest.mark.qt_no_exception_capture
def test_disk_full_during_an_edit_the_window_survives_and_says_so(qtbot, monkeypatch,
                                                                 demo_master, tmp_path):
    size = demo_master.stat().st_size
    with full_disk(tmp_path / "day", [demo_master], spare=-1, room=2 * size + 1024**2) as (db,):
        win = _window(qtbot, open_for_window(db, interaction=_Silent()))
        saved = snapshot(db)
        fill(db.parent)
        shown = []
        previous = sys.excepthook
        install_excepthook(show=lambda text, bug: shown.append((text, bug)), window=win)
        try:
            QTimer.singleShot(0, lambda: win.session.db.execute(
                "UPDATE persons SET workplace = ?", ["nơi công tác dài " * 2000]))
            qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        finally:
            sys.excepthook = previous
        assert shown == [(faults.disk_full_message(db.parent), False)]
        assert win.isVisible() and win.session.db is not None
        assert snapshot(db) == saved
        (db.parent / "filler").unlink()  # room again: the same window writes on
        win.session.db.execute("UPDATE persons SET phone = '0922222222' WHERE id = 1")
        assert snapshot(db)["persons"] != saved["persons"]
        win.session.set_database(None, None)


@pytest.mark.parametrize("fault", ["write-protected", "full"])
def test_backup_into_an_unusable_folder_says_why_and_the_window_goes_on(
        qtbot, monkeypatch, demo_path, demo_master, tmp_path, fault):
    win = _window(qtbot, open_for_window(demo_path, interaction=_Silent()))
    saved = snapshot(demo_path)
    boxes = Boxes(monkeypatch)
    target = tmp_path / "dich"
    target.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target / "sao-luu.sqlite"), ""))
    if fault == "full":
        with full_disk(target, [demo_master]):
            win.backup_dialog()
            assert not (target / "sao-luu.sqlite").exists()
        assert boxes.warnings == [faults.disk_full_message(target)]
    else:
        with write_protected(target):
            win.backup_dialog()
        assert len(boxes.warnings) == 1
        assert boxes.warnings[0].startswith(f"Không ghi được vào thư mục “{target}”")
        assert list(target.iterdir()) == []
    assert snapshot(demo_path) == saved
    assert win.session.db is not None and not win.session.readonly
    win.session.db.execute("UPDATE persons SET phone = '0911111111' WHERE id = 1")  # still works
    win.session.set_database(None, None)


class _Silent:
    def inform(self, message):
        raise AssertionError(message)

    def confirm(self, message, yes, no):
        raise AssertionError(message)

    def choose(self, message, buttons):
        raise AssertionError(message)
