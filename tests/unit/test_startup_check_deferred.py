"""A large file is read for the first paint while its quick check still runs (issue 18: start-up).

store/startup.open_checked(wait_for_check=False): nothing may write to the
file before the check has passed (the connection refuses writes), and a file
the check finds damaged gets the usual sentence and backup offer afterwards
(finish_check), with the file untouched unless the officer restores.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest
from robust_helpers import ScriptedInteraction, corrupt, rows

from thidua_desktop.store import startup
from thidua_desktop.store.auto_backup import make_auto_backup
from thidua_desktop.store.lock import acquire_lock
from thidua_desktop.store.migrations import latest_version
from thidua_desktop.store.startup import (
    begin_quick_check,
    finish_check,
    open_checked,
    start_quick_check,
)

UPDATE = "UPDATE persons SET phone = '0911111111' WHERE id = (SELECT min(id) FROM persons)"


@pytest.fixture
def held_check(monkeypatch):
    """The quick check waits for `release.set()` (a large file's check still running)."""
    release = threading.Event()
    real = startup.check_file
    calls = []

    def gated(path, *args, **kwargs):
        calls.append(path)
        release.wait(10)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(startup, "check_file", gated)
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", 0)
    release.calls = calls
    yield release
    release.set()


def _open_deferred(path, ui, opened_files):
    opened = open_checked(path, ui, auto_backup=False, early_check=start_quick_check(path),
                          wait_for_check=False)
    if opened is not None:
        opened_files.append(opened)
    return opened


def test_a_large_file_is_read_before_its_check_ends_and_written_only_after(demo_path, held_check,
                                                                            opened_files):
    before = demo_path.read_bytes()
    ui = ScriptedInteraction()
    opened = _open_deferred(demo_path, ui, opened_files)
    assert opened is not None and opened.pending is not None and not opened.pending.done()
    assert opened.lock.held and not opened.readonly and ui.said == ""
    plans = opened.db.execute("SELECT count(*) FROM plans").fetchone()[0]
    assert plans == rows(demo_path, "SELECT count(*) FROM plans")[0][0] > 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        opened.db.execute(UPDATE)
    assert demo_path.read_bytes() == before  # nothing written while the check runs
    held_check.set()
    assert finish_check(opened, ui) is opened and opened.pending is None
    opened.db.execute(UPDATE)
    opened.db.conn.commit()
    assert rows(demo_path, "SELECT count(*) FROM persons WHERE phone = '0911111111'") == [(1,)]
    assert held_check.calls == [demo_path]  # checked once: the early check's pass counts


@pytest.mark.parametrize("margin, deferred", [(-1, True), (0, True), (1, False)])
def test_only_a_file_of_the_threshold_size_or_more_is_not_waited_for(demo_path, held_check,
                                                                      opened_files, monkeypatch,
                                                                      margin, deferred):
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", demo_path.stat().st_size + margin)
    early = start_quick_check(demo_path)
    if not deferred:
        threading.Timer(0.2, held_check.set).start()  # waited for: it must end by itself
    opened = open_checked(demo_path, ScriptedInteraction(), auto_backup=False, early_check=early,
                          wait_for_check=False)
    opened_files.append(opened)
    assert (opened.pending is not None) is deferred
    assert early.done() is not deferred


def test_waiting_for_the_check_stays_the_default(demo_path, held_check, opened_files):
    threading.Timer(0.2, held_check.set).start()
    early = start_quick_check(demo_path)
    opened = open_checked(demo_path, ScriptedInteraction(), auto_backup=False, early_check=early)
    opened_files.append(opened)
    assert opened.pending is None and early.done()
    opened.db.execute(UPDATE)  # writable at once: the check has passed


def test_a_file_needing_an_upgrade_waits_for_its_check(previous_release, held_check, opened_files,
                                                       monkeypatch):
    # Migrating writes: it must come after the check, so this file is not opened early.
    order = []
    real_open = startup.open_database
    monkeypatch.setattr(startup, "open_database",
                        lambda *a, **k: (order.append(("open", early.done())), real_open(*a, **k))[1])
    early = start_quick_check(previous_release)
    threading.Timer(0.2, held_check.set).start()
    opened = open_checked(previous_release, ScriptedInteraction(), auto_backup=False,
                          early_check=early, wait_for_check=False)
    opened_files.append(opened)
    assert opened.pending is None and order == [("open", True)]
    assert opened.db.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_a_newer_file_gets_the_usual_sentence(demo_path, held_check):
    conn = sqlite3.connect(demo_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    before = demo_path.read_bytes()
    threading.Timer(0.2, held_check.set).start()
    ui = ScriptedInteraction()
    assert open_checked(demo_path, ui, auto_backup=False, early_check=start_quick_check(demo_path),
                        wait_for_check=False) is None
    assert "phiên bản mới hơn" in ui.said
    assert demo_path.read_bytes() == before
    acquire_lock(demo_path).release()  # the refusal freed the lock


def test_a_damaged_file_read_early_is_then_offered_its_backup(demo_path, held_check, opened_files):
    good = make_auto_backup(demo_path)
    corrupt(demo_path)  # the persons table: the plans still read
    ui = ScriptedInteraction(True)
    opened = _open_deferred(demo_path, ui, opened_files)
    assert opened.pending is not None and ui.said == ""
    lock = opened.lock
    held_check.set()
    restored = finish_check(opened, ui)
    opened_files.append(restored)
    question, yes, _no = ui.asked[0]
    assert "bị hỏng" in question and good.name in question and yes == "Khôi phục từ bản sao lưu"
    assert "Đã khôi phục" in ui.informed[0]
    assert restored is not opened and restored.lock is lock and lock.held
    assert restored.db.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
    assert len(list(demo_path.parent.glob("demo.hong-*.sqlite"))) == 1
    with pytest.raises(sqlite3.ProgrammingError):
        opened.db.execute("SELECT 1")  # the early connection is closed


def test_a_damaged_file_declined_is_untouched_and_its_lock_freed(demo_path, held_check,
                                                                  opened_files):
    make_auto_backup(demo_path)
    corrupt(demo_path)
    before = demo_path.read_bytes()
    ui = ScriptedInteraction(False)
    opened = _open_deferred(demo_path, ui, opened_files)
    opened_files.remove(opened)
    held_check.set()
    assert finish_check(opened, ui) is None
    assert "bị hỏng" in ui.asked[0][0]
    assert demo_path.read_bytes() == before
    acquire_lock(demo_path).release()  # not held any more


def test_another_window_holding_the_file_still_gets_its_question(demo_path, held_check,
                                                                  opened_files):
    held = acquire_lock(demo_path)
    try:
        ui = ScriptedInteraction(True)
        opened = _open_deferred(demo_path, ui, opened_files)
        assert opened.readonly and opened.pending is not None
        assert "Mở chỉ đọc" in ui.asked[0]
        held_check.set()
        assert finish_check(opened, ui) is opened
        with pytest.raises(sqlite3.OperationalError):
            opened.db.execute(UPDATE)  # read-only stays read-only
    finally:
        held.release()


def test_the_check_begun_by_the_command_line_is_taken_once(demo_path, demo_master, tmp_path):
    begin_quick_check(demo_path)
    taken = start_quick_check(demo_path)
    assert taken is not None and taken.passed(demo_path)
    again = start_quick_check(demo_path)
    assert again is not None and again is not taken  # a later start checks anew
    other = tmp_path / "khac.sqlite"
    shutil.copyfile(demo_master, other)
    begin_quick_check(other)
    mine = start_quick_check(demo_path)
    assert mine.path == demo_path and mine.passed(demo_path)
    assert start_quick_check(other) is not None  # the dropped one is not handed out later
    begin_quick_check(tmp_path / "khong-co.sqlite")
    assert start_quick_check(tmp_path / "khong-co.sqlite") is None


def test_a_callback_comes_once_when_the_check_ends(demo_path, held_check):
    early = start_quick_check(demo_path)
    seen = []
    early.when_done(lambda: seen.append("later"))
    assert seen == [] and not early.done()
    held_check.set()
    early.wait()
    assert seen == ["later"]
    early.when_done(lambda: seen.append("now"))  # already ended: called at once
    assert seen == ["later", "now"]


@pytest.fixture
def previous_release(tmp_path):
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "data" / "previous_release" / "demo_release1.sqlite"
    target = tmp_path / "demo_release1.sqlite"
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("margin, held", [(-1, True), (0, True), (1, False)])
def test_a_large_files_check_waits_to_be_let_go(demo_path, monkeypatch, margin, held):
    # The window lets it go after its first paint; anyone waiting for the verdict lets it go too.
    started = threading.Event()
    real = startup.check_file

    def noted(path, *args, **kwargs):
        started.set()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(startup, "check_file", noted)
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", demo_path.stat().st_size + margin)
    early = start_quick_check(demo_path)
    assert started.wait(0.3) is not held
    early.go()
    assert started.wait(5) and early.passed(demo_path)


def test_waiting_for_a_held_check_lets_it_go(demo_path, monkeypatch):
    monkeypatch.setattr(startup, "DEFER_FROM_BYTES", 0)
    early = start_quick_check(demo_path)
    assert not early.done()
    assert early.passed(demo_path) and early.done()  # no deadlock: waiting starts it
