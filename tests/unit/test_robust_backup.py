"""Automatic rotating backups, attachments in them, and finding the latest good backup."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from robust_helpers import corrupt, rows, snapshot

from thidua_desktop.errors import ValidationError
from thidua_desktop.store.auto_backup import (
    DEFAULT_KEEP,
    auto_backups,
    backup_if_due,
    keep_count,
    make_auto_backup,
    prune,
    safe_auto_backup,
    set_keep_count,
)
from thidua_desktop.store.backup import (
    attachments_dir,
    backup_database,
    backups_dir,
    restore_database,
)
from thidua_desktop.store.database import open_database
from thidua_desktop.store.integrity import check_file, latest_good_backup

T0 = dt.datetime(2025, 6, 18, 8, 30, 0)


def _touch_later(path, seconds=5):
    """Pretend the file changed after the last backup (mtime in the future)."""
    later = time.time() + seconds
    os.utime(path, (later, later))


def test_keep_setting_defaults_to_ten_and_is_validated(demo_db):
    assert keep_count(demo_db) == DEFAULT_KEEP == 10
    set_keep_count(demo_db, 3)
    assert keep_count(demo_db) == 3
    for bad in (0, -1, 366, "5"):
        with pytest.raises(ValidationError) as info:
            set_keep_count(demo_db, bad)
        assert "từ 1 đến 365" in info.value.message
    assert keep_count(demo_db) == 3
    assert keep_count(None) == DEFAULT_KEEP


def test_auto_backup_copies_data_and_attachments(demo_path):
    files = attachments_dir(demo_path)
    (files / "xa-tan-loi").mkdir(parents=True)
    (files / "xa-tan-loi" / "to-trinh.pdf").write_bytes(b"%PDF-1.4 scanned" * 1000)
    out = make_auto_backup(demo_path, keep=5, now=T0)
    assert out.parent == backups_dir(demo_path)
    assert out.name == "demo-tu-dong-20250618-083000.sqlite"
    assert snapshot(out) == snapshot(demo_path)
    copied = attachments_dir(out) / "xa-tan-loi" / "to-trinh.pdf"
    assert copied.read_bytes() == (files / "xa-tan-loi" / "to-trinh.pdf").read_bytes()
    assert rows(out, "PRAGMA journal_mode") == [("delete",)]


def test_unchanged_file_is_not_backed_up_again_but_a_change_is(demo_path):
    first = make_auto_backup(demo_path, now=T0)
    assert first is not None
    assert make_auto_backup(demo_path, now=T0 + dt.timedelta(hours=1)) is None
    db = open_database(demo_path)
    db.execute("UPDATE persons SET phone = '0912345678' WHERE id = 1")
    db.close()
    _touch_later(demo_path)
    second = make_auto_backup(demo_path, now=T0 + dt.timedelta(hours=2))
    assert second is not None and second != first
    assert rows(second, "SELECT phone FROM persons WHERE id = 1") == [("0912345678",)]
    assert rows(first, "SELECT phone FROM persons WHERE id = 1") != [("0912345678",)]


def test_unchanged_attachments_are_hard_linked(demo_path):
    files = attachments_dir(demo_path)
    files.mkdir()
    (files / "a.pdf").write_bytes(b"A" * 5000)
    first = make_auto_backup(demo_path, now=T0)
    (files / "b.pdf").write_bytes(b"B" * 10)
    second = make_auto_backup(demo_path, now=T0 + dt.timedelta(days=1))
    a1, a2 = attachments_dir(first) / "a.pdf", attachments_dir(second) / "a.pdf"
    assert a2.read_bytes() == b"A" * 5000
    assert os.path.samefile(a1, a2)  # one copy on disk for an unchanged scan
    assert (attachments_dir(second) / "b.pdf").read_bytes() == b"B" * 10
    assert not (attachments_dir(first) / "b.pdf").exists()


def test_rotation_keeps_the_last_n_and_never_touches_manual_backups(demo_path):
    manual = backup_database(demo_path, backups_dir(demo_path) / "truoc-dai-hoi.sqlite")
    made = [make_auto_backup(demo_path, keep=3, now=T0 + dt.timedelta(days=d), force=True)
            for d in range(6)]
    kept = [p for _t, p in auto_backups(demo_path)]
    assert kept == list(reversed(made[-3:]))
    assert all(not p.exists() for p in made[:3])
    assert manual.exists()
    assert prune(demo_path, 1) == made[-3:-1][::-1]
    assert [p for _t, p in auto_backups(demo_path)] == [made[-1]]


def test_daily_backup_only_when_a_day_has_passed(demo_path):
    make_auto_backup(demo_path, now=T0)
    _touch_later(demo_path)
    assert backup_if_due(demo_path, now=T0 + dt.timedelta(hours=23)) is None
    made = backup_if_due(demo_path, now=T0 + dt.timedelta(hours=24, minutes=1))
    assert made is not None and made.name.endswith("20250619-083100.sqlite")


def test_stale_temporary_file_of_a_killed_backup_is_cleaned(demo_path):
    folder = backups_dir(demo_path)
    folder.mkdir()
    stale = folder / "demo-tu-dong-20250101-000000.sqlite.tmp"
    stale.write_bytes(b"half a file")
    journal = stale.with_name(stale.name + "-journal")
    journal.write_bytes(b"its journal")
    make_auto_backup(demo_path, now=T0)
    assert not stale.exists() and not journal.exists()


def test_failed_automatic_backup_gives_a_sentence_and_loses_nothing(demo_path, demo_master):
    backups_dir(demo_path).write_text("a file where the folder should be")
    before = snapshot(demo_path)
    made, problem = safe_auto_backup(demo_path, None)
    assert made is None
    assert problem.startswith("Không tạo được bản sao lưu tự động")
    assert "Tệp > Sao lưu" in problem
    assert snapshot(demo_path) == before


def test_safe_auto_backup_uses_the_keep_setting(demo_path):
    db = open_database(demo_path)
    set_keep_count(db, 2)
    for day in range(4):
        _touch_later(demo_path, 10 + day)
        made, problem = safe_auto_backup(demo_path, db, now=T0 + dt.timedelta(days=day))
        assert problem is None and made is not None
    db.close()
    assert len(auto_backups(demo_path)) == 2


def test_restore_keeps_a_copy_of_what_it_replaces(demo_path):
    good = make_auto_backup(demo_path, now=T0)
    db = open_database(demo_path)
    db.execute("DELETE FROM delegates")
    db.close()
    kept = restore_database(demo_path, good)
    assert rows(demo_path, "SELECT count(*) FROM delegates")[0][0] > 0
    assert rows(kept, "SELECT count(*) FROM delegates") == [(0,)]


def test_quick_check_finds_damage(demo_path):
    assert check_file(demo_path).ok
    corrupt(demo_path)
    result = check_file(demo_path)
    assert not result.ok and result.summary()


def test_latest_good_backup_skips_damaged_ones(demo_path):
    older = make_auto_backup(demo_path, now=T0)
    newer = make_auto_backup(demo_path, now=T0 + dt.timedelta(days=1), force=True)
    os.utime(older, (time.time() - 100, time.time() - 100))
    assert latest_good_backup(demo_path) == newer
    corrupt(newer)
    assert latest_good_backup(demo_path) == older
    corrupt(older)
    assert latest_good_backup(demo_path) is None


def test_backups_command_lists_sets_keep_and_checks(demo_path, capsys):
    import json

    from thidua_desktop.cli import main

    assert main(["backups", "--db", str(demo_path), "--keep", "2", "--now"]) == 0
    assert main(["backup", "--db", str(demo_path)]) == 0
    capsys.readouterr()
    assert main(["backups", "--db", str(demo_path), "--json", "--check"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["keep"] == 2
    assert sorted(b["kind"] for b in listing["backups"]) == ["automatic", "manual"]
    assert all(b["ok"] for b in listing["backups"])
    corrupt(Path(next(b["file"] for b in listing["backups"] if b["kind"] == "manual")))
    assert main(["backups", "--db", str(demo_path), "--check"]) == 1
    assert "HỎNG" in capsys.readouterr().err
    assert main(["backups", "--db", str(demo_path), "--keep", "0"]) == 1
    assert "từ 1 đến 365" in capsys.readouterr().err


def test_backups_made_in_the_same_second_rotate_in_order(demo_path):
    made = [make_auto_backup(demo_path, keep=2, now=T0, force=True) for _ in range(4)]
    assert [p.name for p in made] == ["demo-tu-dong-20250618-083000.sqlite"] + [
        f"demo-tu-dong-20250618-083000-{n}.sqlite" for n in (2, 3, 4)]
    assert [p for _t, p in auto_backups(demo_path)] == [made[3], made[2]]
