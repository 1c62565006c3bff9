"""Odd files at opening: each case gets its message, and nothing saved is lost."""

from __future__ import annotations

import sqlite3

import pytest
from robust_helpers import ScriptedInteraction, corrupt, is_root, rows, snapshot

from thidua_desktop.store import location, startup
from thidua_desktop.store.auto_backup import auto_backups, make_auto_backup
from thidua_desktop.store.backup import backups_dir
from thidua_desktop.store.database import open_database
from thidua_desktop.store.lock import acquire_lock
from thidua_desktop.store.migrations import latest_version
from thidua_desktop.store.startup import open_checked
from thidua_desktop.store.watch import FileWatch, is_disconnect_error


def _open(path, ui, opened_files, **kw):
    result = open_checked(path, ui, **kw)
    if result is not None:
        opened_files.append(result)
    return result


def test_normal_file_opens_locked_with_a_backup_and_no_questions(demo_path, opened_files):
    ui = ScriptedInteraction()
    opened = _open(demo_path, ui, opened_files)
    assert opened.readonly is False and opened.lock.held
    assert ui.said == ""
    assert opened.backup is not None and auto_backups(demo_path)[0][1] == opened.backup
    assert snapshot(opened.backup) == snapshot(demo_path)


def test_missing_file_is_created_when_allowed(db_path, opened_files):
    ui = ScriptedInteraction()
    opened = _open(db_path, ui, opened_files)
    assert opened is not None and db_path.exists()
    ui = ScriptedInteraction()
    assert open_checked(db_path.with_name("khong-co.sqlite"), ui, create=False) is None
    assert "Không tìm thấy tệp dữ liệu" in ui.said


def test_second_window_is_offered_read_only(demo_path, opened_files):
    first = _open(demo_path, ScriptedInteraction(), opened_files)
    first.db.execute("UPDATE persons SET phone = '0900000001' WHERE id = 1")
    refused = ScriptedInteraction(False)
    assert open_checked(demo_path, refused) is None
    message, yes, no = refused.asked[0]
    assert "đang được mở để ghi bởi một cửa sổ Thi đua Desktop khác" in message
    assert (yes, no) == ("Mở chỉ đọc", "Không mở")
    accepted = ScriptedInteraction(True)
    second = _open(demo_path, accepted, opened_files)
    assert second.readonly and second.lock is None
    assert second.db.execute("SELECT phone FROM persons WHERE id = 1").fetchone() == ("0900000001",)
    with pytest.raises(sqlite3.OperationalError):
        second.db.execute("UPDATE persons SET phone = 'x' WHERE id = 1")
    assert first.lock.held  # the first window keeps writing
    first.db.execute("UPDATE persons SET phone = '0900000002' WHERE id = 1")
    assert rows(demo_path, "SELECT phone FROM persons WHERE id = 1") == [("0900000002",)]


def test_damaged_file_offers_the_latest_good_backup(demo_path, opened_files):
    good = make_auto_backup(demo_path)
    saved = snapshot(demo_path)
    corrupt(demo_path)
    damaged_bytes = demo_path.read_bytes()
    ui = ScriptedInteraction(True)
    opened = _open(demo_path, ui, opened_files)
    question, yes, _no = ui.asked[0]
    assert "bị hỏng" in question and good.name in question and yes == "Khôi phục từ bản sao lưu"
    assert "malformed" not in question and "database" not in question  # no SQLite English
    assert "Đã khôi phục" in ui.informed[0]
    assert opened is not None and not opened.readonly
    assert rows(demo_path, "PRAGMA integrity_check") == [("ok",)]
    assert snapshot(demo_path)["persons"] == saved["persons"]
    kept = list(demo_path.parent.glob("demo.hong-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes  # the damaged file is kept


def test_damaged_file_declined_is_left_untouched(demo_path):
    make_auto_backup(demo_path)
    corrupt(demo_path)
    before = demo_path.read_bytes()
    ui = ScriptedInteraction(False)
    assert open_checked(demo_path, ui) is None
    assert demo_path.read_bytes() == before
    acquire_lock(demo_path).release()  # the refusal freed the lock


def test_damaged_file_without_backup_says_so(demo_path):
    corrupt(demo_path)
    before = demo_path.read_bytes()
    ui = ScriptedInteraction()
    assert open_checked(demo_path, ui) is None
    assert "bị hỏng" in ui.said and "Không tìm thấy bản sao lưu nào còn tốt" in ui.said
    assert demo_path.read_bytes() == before


def test_file_with_a_destroyed_header_but_backups_is_treated_as_damaged(demo_path, opened_files):
    make_auto_backup(demo_path)
    saved = snapshot(demo_path)
    with demo_path.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    ui = ScriptedInteraction(True)
    assert _open(demo_path, ui, opened_files) is not None
    assert "bị hỏng" in ui.asked[0][0]
    assert snapshot(demo_path)["delegates"] == saved["delegates"]


def test_newer_version_is_refused_untouched(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()
    before = demo_path.read_bytes()
    ui = ScriptedInteraction()
    assert open_checked(demo_path, ui) is None
    assert "phiên bản mới hơn" in ui.said and "Hãy cập nhật chương trình" in ui.said
    assert demo_path.read_bytes() == before
    assert not backups_dir(demo_path).exists()
    acquire_lock(demo_path).release()


def test_read_only_file_opens_read_only(demo_path, monkeypatch, opened_files):
    demo_path.chmod(0o444)
    if is_root():  # root writes anyway; pretend the permission check says so
        monkeypatch.setattr(startup, "writable", lambda _p: False)
    saved = snapshot(demo_path)
    ui = ScriptedInteraction()
    opened = _open(demo_path, ui, opened_files)
    assert opened.readonly and opened.lock is None
    assert "chỉ cho phép đọc" in ui.said and "chế độ chỉ đọc" in ui.said
    assert opened.db.execute("SELECT count(*) FROM persons").fetchone()[0] == len(saved["persons"])
    with pytest.raises(sqlite3.OperationalError):
        opened.db.execute("DELETE FROM persons")
    assert snapshot(demo_path) == saved
    demo_path.chmod(0o644)


@pytest.mark.parametrize("kind, words", [("network", "ổ mạng"), ("removable", "ổ đĩa rời")])
def test_risky_place_offers_a_local_copy(demo_path, tmp_path, monkeypatch, opened_files, kind, words):
    monkeypatch.setattr(location, "storage_kind", lambda _p: kind)
    original = demo_path.read_bytes()
    ui = ScriptedInteraction(True)
    opened = _open(demo_path, ui, opened_files, copies_dir=tmp_path / "local")
    question, yes, no = ui.asked[0]
    assert words in question and yes == "Làm việc trên bản sao trong máy" and no == "Vẫn mở trực tiếp"
    assert opened.origin == demo_path and opened.path.parent == tmp_path / "local"
    assert str(opened.path) in ui.informed[0]
    assert snapshot(opened.path) == snapshot(demo_path)
    opened.db.execute("UPDATE persons SET phone = '1' WHERE id = 1")
    assert demo_path.read_bytes() == original  # the stick's file is untouched


def test_risky_place_can_be_opened_directly(demo_path, monkeypatch, opened_files):
    monkeypatch.setattr(location, "storage_kind", lambda _p: "network")
    opened = _open(demo_path, ScriptedInteraction(False), opened_files)
    assert opened.path == demo_path and opened.origin is None and opened.lock.held


def test_file_that_disappears_is_noticed_and_nothing_saved_is_lost(demo_path, tmp_path):
    """The USB stick is pulled: the folder vanishes while the file is open."""
    db = open_database(demo_path)
    watch = FileWatch(demo_path)
    assert watch.problem() is None
    db.execute("UPDATE persons SET phone = '0911111111' WHERE id = 2")
    stick = demo_path.parent
    pulled = tmp_path.parent / (tmp_path.name + "-pulled")
    stick.rename(pulled)
    try:
        problem = watch.problem()
        assert "Không còn thấy tệp dữ liệu" in problem and "USB" in problem
        assert "đã được lưu" in problem
        assert not watch.is_back()
    finally:
        db.close()
        pulled.rename(stick)
    assert watch.is_back()
    assert rows(demo_path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(demo_path, "SELECT phone FROM persons WHERE id = 2") == [("0911111111",)]


def test_file_replaced_behind_the_app_is_noticed(demo_path, demo_master):
    watch = FileWatch(demo_path)
    replacement = demo_path.with_name("other.sqlite")
    replacement.write_bytes(demo_master.read_bytes())
    replacement.replace(demo_path)
    assert "bị thay bằng một tệp khác" in watch.problem()


@pytest.mark.parametrize("exc, expected", [
    (sqlite3.OperationalError("disk I/O error"), True),
    (sqlite3.OperationalError("unable to open database file"), True),
    (OSError(5, "Input/output error"), True),
    (sqlite3.IntegrityError("UNIQUE constraint failed"), False),
    (ValueError("disk I/O error"), False),
])
def test_disconnect_errors_are_recognised(exc, expected):
    assert is_disconnect_error(exc) is expected


def test_local_copies_stay_on_this_computer_in_portable_mode(monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_HOME", str(tmp_path / "usb" / "du-lieu"))
    assert startup.local_copies_dir().is_relative_to(tmp_path / "usb")
    monkeypatch.setenv("THIDUA_PORTABLE_DIR", str(tmp_path / "usb" / "du-lieu"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert startup.local_copies_dir() == tmp_path / "local" / "ThiDua" / "ban-sao-trong-may"
