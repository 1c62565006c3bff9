"""Issue 15 item 4: each fault of the file or its disk, reproduced on real media, gets its own
Vietnamese sentence, the exit code of the CLI contract, and leaves the database unchanged.

Headless commands run in a child process (the real `thidua-desktop`); the window's opening
path is driven through store.startup with a scripted Interaction (the window itself is tested
in tests/ui/test_fault_window.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fault_media import ForeignLock, full_disk, write_protected
from robust_helpers import ScriptedInteraction, child_env, corrupt, snapshot

from thidua_desktop.store import faults
from thidua_desktop.store.auto_backup import make_auto_backup
from thidua_desktop.store.startup import open_checked

EVENT = "hn-thanh-an"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "rosters"
ROSTER = SAMPLES / "xa_thanh_an_flat.xlsx"


def cli(*args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    env = child_env()
    if home is not None:
        env["THIDUA_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_trace(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr


@pytest.fixture
def usb(demo_master, tmp_path) -> Path:
    """A demo file alone in a folder that stands for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    target = folder / "demo.sqlite"
    shutil.copyfile(demo_master, target)
    return target


# --- read-only folder or file -------------------------------------------------------------

@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_place_reads_but_refuses_writing(usb, what):
    saved = snapshot(usb)
    with write_protected(usb.parent if what == "folder" else usb):
        listed = cli("events", "--db", usb)
        checked = cli("export-roster", "--db", usb, "--event", EVENT, "--out",
                      usb.parent.parent / "ds.xlsx")
        refused = cli("import-roster", "--db", usb, "--event", EVENT, ROSTER)
    assert listed.returncode == 0 and EVENT in listed.stdout, listed.stderr
    assert checked.returncode == 0 and (usb.parent.parent / "ds.xlsx").stat().st_size > 0
    assert refused.returncode == 2
    reason = "thư mục" if what == "folder" else "tệp chỉ cho phép đọc"
    assert f"Tệp “demo.sqlite” không ghi được: {reason}" in refused.stderr
    assert "Lệnh này cần ghi vào tệp nên không chạy" in refused.stderr
    assert "hỏng" not in refused.stderr + listed.stderr
    assert snapshot(usb) == saved


@pytest.mark.parametrize("what", ["folder", "file"])
def test_window_opens_a_read_only_place_read_only_and_says_why(usb, what, opened_files):
    saved = snapshot(usb)
    with write_protected(usb.parent if what == "folder" else usb):
        ui = ScriptedInteraction()
        opened = open_checked(usb, ui)
        assert opened is not None, ui.said
        opened_files.append(opened)
        assert opened.readonly and opened.lock is None and opened.backup is None
        assert "không ghi được" in ui.said and "mở ở chế độ chỉ đọc" in ui.said
        assert ("thư mục" in ui.said) == (what == "folder")
        assert "hỏng" not in ui.said
        count = opened.db.execute("SELECT count(*) FROM persons").fetchone()[0]
        assert count == len(saved["persons"]) > 0
        opened.close()
        opened_files.clear()
    assert snapshot(usb) == saved


# --- zero bytes ----------------------------------------------------------------------------

def test_zero_byte_file_has_its_own_sentence(tmp_path):
    empty = tmp_path / "rong.sqlite"
    empty.touch()
    for args in (["events"], ["import-roster", "--event", EVENT, ROSTER], ["backup"]):
        done = cli(args[0], "--db", empty, *args[1:])
        assert done.returncode == 2, done
        assert "Tệp dữ liệu “rong.sqlite” rỗng (0 byte)" in done.stderr
        assert "Không tìm thấy" not in done.stderr
        no_trace(done)
    assert empty.stat().st_size == 0 and not (tmp_path / "rong-sao-luu").exists()


def test_window_refuses_a_zero_byte_file_without_making_it_a_new_plan(tmp_path):
    empty = tmp_path / "rong.sqlite"
    empty.touch()
    ui = ScriptedInteraction()
    assert open_checked(empty, ui) is None
    assert ui.informed == [faults.empty_file_message(empty)]
    assert empty.stat().st_size == 0


def test_window_offers_the_backup_of_a_zero_byte_file(demo_path, opened_files):
    backup = make_auto_backup(demo_path)
    saved = snapshot(demo_path)
    demo_path.write_bytes(b"")
    ui = ScriptedInteraction(True)
    opened = open_checked(demo_path, ui)
    opened_files.append(opened)
    question, yes, _no = ui.asked[0]
    assert "rỗng (0 byte)" in question and backup.name in question and yes == "Khôi phục từ bản sao lưu"
    assert snapshot(demo_path) == saved


# --- another program's lock --------------------------------------------------------------------

def test_headless_writer_refuses_a_file_another_program_locks(demo_path):
    saved = snapshot(demo_path)
    with ForeignLock(demo_path, "write"):
        refused = cli("import-roster", "--db", demo_path, "--event", EVENT, ROSTER)
        reading = cli("events", "--db", demo_path)
    assert refused.returncode == 2
    assert "đang bị một chương trình khác khoá" in refused.stderr
    assert "không ghi được" in refused.stderr and "Lệnh không chạy" in refused.stderr
    assert reading.returncode == 0 and EVENT in reading.stdout  # WAL readers are not blocked
    assert snapshot(demo_path) == saved


def test_headless_reader_says_when_it_cannot_even_read(demo_path):
    before = digest(demo_path)
    with ForeignLock(demo_path, "read"):
        done = cli("events", "--db", demo_path)
    assert done.returncode == 2 and "hiện không đọc được" in done.stderr
    no_trace(done)
    assert digest(demo_path) == before


@pytest.mark.parametrize("answer", ["Mở chỉ đọc", "Không mở"])
def test_window_names_the_lock_and_offers_waiting_or_read_only(demo_path, opened_files, answer):
    saved = snapshot(demo_path)
    with ForeignLock(demo_path, "write"):
        ui = ScriptedInteraction(answer)
        opened = open_checked(demo_path, ui)
        if opened is not None:
            opened_files.append(opened)
    message, *buttons = ui.asked[0]
    assert message == faults.locked_message(demo_path, faults.WRITE)
    assert buttons == ["Chờ rồi thử lại", "Mở chỉ đọc", "Không mở"]
    if answer == "Không mở":
        assert opened is None
    else:
        assert opened.readonly and opened.lock is None and opened.backup is None
    assert snapshot(demo_path) == saved


def test_window_waits_for_the_other_program_then_opens_for_writing(demo_path, opened_files,
                                                                   monkeypatch):
    monkeypatch.setattr(faults, "WAIT_SECONDS", 20.0)
    lock = ForeignLock(demo_path, "write")
    threading.Timer(0.5, lock.release).start()
    ui = ScriptedInteraction("Chờ rồi thử lại")
    opened = open_checked(demo_path, ui)
    opened_files.append(opened)
    assert len(ui.asked) == 1 and not opened.readonly and opened.lock.held


def test_window_cannot_offer_read_only_when_reading_is_locked_too(demo_path, monkeypatch):
    monkeypatch.setattr(faults, "WAIT_SECONDS", 0.3)
    before = digest(demo_path)
    with ForeignLock(demo_path, "read"):
        ui = ScriptedInteraction("Chờ rồi thử lại", "Không mở")
        assert open_checked(demo_path, ui) is None
    assert [q[1:] for q in ui.asked] == [("Chờ rồi thử lại", "Không mở")] * 2
    assert "hiện không đọc được" in ui.asked[0][0] and "hỏng" not in ui.said
    assert digest(demo_path) == before


# --- disk full ----------------------------------------------------------------------------------

def test_disk_full_nothing_half_written_and_a_sentence(demo_master, tmp_path):
    with full_disk(tmp_path / "day", [demo_master]) as (db,):
        before = digest(db)
        imported = cli("import-roster", "--db", db, "--event", EVENT, ROSTER)
        exported = cli("export-roster", "--db", demo_master, "--event", EVENT,
                       "--out", db.parent / "ds.xlsx")
        backed = cli("backup", "--db", demo_master, "--out", db.parent / "sao-luu.sqlite")
        left = sorted(p.name for p in db.parent.iterdir())
        assert digest(db) == before
        wal = db.with_name(db.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    for done in (imported, exported, backed):
        assert done.returncode == 2, done
        assert "đã đầy nên không ghi được" in done.stderr
        no_trace(done)
    assert "đã nhập" not in imported.stdout
    assert not [n for n in left if n.startswith((".ds", "sao-luu"))], left


def test_window_survives_opening_a_file_on_a_full_disk(demo_master, tmp_path, opened_files):
    with full_disk(tmp_path / "day", [demo_master]) as (db,):
        before = digest(db)
        ui = ScriptedInteraction()
        opened = open_checked(db, ui)
        assert opened is not None, ui.said
        opened_files.append(opened)
        assert opened.readonly and opened.lock is None and opened.backup is None
        assert opened.db.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
        opened.close()
        opened_files.clear()
        assert ui.informed == [faults.disk_full_message(db.parent) + " Tệp được mở ở chế độ chỉ đọc."]
        assert digest(db) == before


def test_disk_full_error_is_recognised_through_the_write_path():
    import errno
    import sqlite3

    assert faults.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert faults.is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert not faults.is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not faults.is_disk_full(sqlite3.OperationalError("database is locked"))


def test_disk_full_injected_in_an_export_leaves_the_previous_file_and_no_temporary(tmp_path):
    """The same fault without a mount (any user): ENOSPC raised by the writer itself."""
    import errno

    from thidua_desktop.errors import UserError
    from thidua_desktop.fileio import atomic_output

    target = tmp_path / "ds.xlsx"
    target.write_bytes(b"previous export")
    with pytest.raises(UserError) as caught, atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert caught.value.message == faults.disk_full_message(tmp_path)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["ds.xlsx"]


def test_disk_full_injected_in_the_lock_file_opens_read_only(demo_path, monkeypatch,
                                                             opened_files):
    import errno

    from thidua_desktop.store import lock

    def no_room(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock, "_write_holder", no_room)
    saved = snapshot(demo_path)
    ui = ScriptedInteraction()
    opened = open_checked(demo_path, ui)
    opened_files.append(opened)
    assert opened.readonly and opened.lock is None
    assert ui.informed == [faults.disk_full_message(demo_path.parent)
                           + " Tệp được mở ở chế độ chỉ đọc."]
    assert snapshot(demo_path) == saved
    monkeypatch.undo()
    lock.acquire_lock(demo_path).release()  # not left locked: the OS lock went with the descriptor


# --- the folder vanished during an import --------------------------------------------------------

def test_folder_vanished_during_import_fails_and_says_so(usb, monkeypatch, capsys):
    from thidua_desktop import cli as cli_module
    from thidua_desktop.services import import_service

    real = import_service.apply_import

    def pulled_out(db, plan):
        shutil.rmtree(usb.parent, ignore_errors=True)  # pulled while the rows land (judged, then landed)
        return real(db, plan)

    monkeypatch.setattr(import_service, "apply_import", pulled_out)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    code = cli_module.main(["import-roster", "--db", str(usb), "--event", EVENT, str(ROSTER)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Việc nhập không thành công" in err and "không được lưu vào tệp" in err
    assert "đã nhập" not in out


# --- a damaged file ---------------------------------------------------------------------------

def test_headless_commands_refuse_to_write_into_a_damaged_file(demo_path):
    corrupt(demo_path)
    before = digest(demo_path)
    done = cli("import-roster", "--db", demo_path, "--event", EVENT, ROSTER)
    assert done.returncode == 2
    assert done.stderr.strip() == faults.damaged_refusal(demo_path)
    kept = cli("backups", "--db", demo_path, "--keep", "3")
    assert kept.returncode == 2 and "bị hỏng" in kept.stderr
    assert digest(demo_path) == before


def test_backup_copies_a_damaged_file_and_says_it_is_damaged(demo_path, tmp_path):
    corrupt(demo_path)
    before = digest(demo_path)
    out = tmp_path / "ban-chep.sqlite"
    done = cli("backup", "--db", demo_path, "--out", out)
    assert done.returncode == 1, done
    assert "bị hỏng" in done.stderr and str(out) in done.stderr
    assert "Đã sao lưu" not in done.stderr
    assert digest(out) == before == digest(demo_path)
    healthy = cli("backup", "--db", demo_path.with_name("khong-co.sqlite"))
    assert healthy.returncode == 2


# --- an unwritable backup folder ---------------------------------------------------------------

def test_unwritable_backup_folder_has_a_sentence(demo_path, tmp_path):
    before = digest(demo_path)
    locked = tmp_path / "khoa"
    locked.mkdir()
    folder = demo_path.with_name("demo-sao-luu")
    folder.mkdir()
    with write_protected(locked), write_protected(folder):
        manual = cli("backup", "--db", demo_path, "--out", locked / "x.sqlite")
        automatic = cli("backups", "--db", demo_path, "--now")
    for done, where in ((manual, locked), (automatic, folder)):
        assert done.returncode == 2, done
        assert f"Không ghi được vào thư mục “{where}”" in done.stderr
        no_trace(done)
    assert digest(demo_path) == before and list(locked.iterdir()) == []


# --- leftovers of killed work --------------------------------------------------------------------

KILLED_EXPORT = r"""
import os, sys
from thidua_desktop.fileio import atomic_output
with atomic_output(sys.argv[1]) as tmp:
    tmp.write_bytes(b"half a workbook")
    os._exit(9)  # killed here
"""

KILLED_BACKUP = r"""
import os, sys
from thidua_desktop.store import backup
backup.copy_attachments = lambda *a, **k: os._exit(9)  # killed while copying attachments
backup.backup_database(sys.argv[1], sys.argv[2])
"""


def _child(script: str, *args, home: Path) -> None:
    env = dict(child_env(), THIDUA_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env, check=False)
    assert done.returncode == 9


def test_leftovers_of_killed_exports_and_backups_go_at_the_next_start(demo_path, tmp_path):
    home = tmp_path / "home"
    target = tmp_path / "ds.xlsx"
    _child(KILLED_EXPORT, target, home=home)
    demo_path.with_name("demo-tep-dinh-kem").mkdir()
    (demo_path.with_name("demo-tep-dinh-kem") / "a.pdf").write_bytes(b"%PDF")
    _child(KILLED_BACKUP, demo_path, tmp_path / "sl.sqlite", home=home)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".ds", "sl.")))
    assert any(n.startswith(".ds-") for n in left) and "sl.sqlite.tmp" in left
    live = tmp_path / ".still-writing.xlsx"  # a note of a process that runs: left alone
    live.write_bytes(b"")
    notes = home / "ThiDua" / ".dang-ghi"
    (notes / f"{os.getpid()}-1.txt").write_text(str(live), encoding="utf-8")
    done = cli("events", "--db", demo_path, home=home)
    assert done.returncode == 0
    after = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".ds", "sl.")))
    assert after == [] and not target.exists()
    assert live.exists() and [p.name for p in notes.iterdir()] == [f"{os.getpid()}-1.txt"]


# --- an .xlsx named .xls and an .xls named .xlsx (issue 19) -----------------------------------

@pytest.mark.parametrize("source, wrong", [
    (ROSTER, ".xls"),
    (Path(__file__).resolve().parents[1] / "data" / "rosters" / "converted" / "xa_thanh_an_flat.xls",
     ".xlsx"),
])
def test_a_workbook_with_the_wrong_extension_imports(demo_path, tmp_path, source, wrong):
    renamed = tmp_path / f"danh-sach{wrong}"
    shutil.copyfile(source, renamed)
    done = cli("import-roster", "--db", demo_path, "--event", EVENT, renamed, "--json")
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    truth = json.loads(ROSTER.with_suffix(".json").read_text(encoding="utf-8"))
    assert result["imported"] == len(truth["people"]) > 0
