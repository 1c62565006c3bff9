"""The quick check started early in a thread (store/startup.EarlyCheck): only an early "ok" for
the same file is used; anything else is checked again in the usual order, with the usual sentences."""

from __future__ import annotations

from robust_helpers import ScriptedInteraction, corrupt

from thidua_desktop.store import startup
from thidua_desktop.store.auto_backup import auto_backups, make_auto_backup
from thidua_desktop.store.startup import open_checked, start_quick_check


def _count_checks(monkeypatch) -> list:
    calls = []
    real = startup.check_file

    def counted(path, *args, **kwargs):
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(startup, "check_file", counted)
    return calls


def test_an_early_pass_of_the_same_file_is_not_checked_again(demo_path, opened_files, monkeypatch):
    early = start_quick_check(demo_path)
    assert early.passed(demo_path)
    calls = _count_checks(monkeypatch)
    opened = open_checked(demo_path, ScriptedInteraction(), early_check=early)
    opened_files.append(opened)
    assert opened is not None and not opened.readonly and calls == []


def test_an_early_pass_of_another_file_does_not_count(demo_path, demo_master, tmp_path, opened_files,
                                                      monkeypatch):
    other = tmp_path / "khac.sqlite"
    other.write_bytes(demo_master.read_bytes())
    early = start_quick_check(other)
    calls = _count_checks(monkeypatch)
    opened_files.append(open_checked(demo_path, ScriptedInteraction(), early_check=early))
    assert calls == [demo_path]


def test_a_damaged_file_gets_the_same_question_with_an_early_check(demo_path, opened_files):
    good = make_auto_backup(demo_path)
    corrupt(demo_path)
    early = start_quick_check(demo_path)
    assert not early.passed(demo_path)
    ui = ScriptedInteraction(True)
    opened = open_checked(demo_path, ui, early_check=early)
    opened_files.append(opened)
    question, yes, _no = ui.asked[0]
    assert "bị hỏng" in question and good.name in question and yes == "Khôi phục từ bản sao lưu"
    assert "Đã khôi phục" in ui.informed[0]


def test_a_damaged_file_declined_is_untouched_with_an_early_check(demo_path):
    corrupt(demo_path)
    before = demo_path.read_bytes()
    ui = ScriptedInteraction()
    assert open_checked(demo_path, ui, early_check=start_quick_check(demo_path)) is None
    assert "Không tìm thấy bản sao lưu nào còn tốt" in ui.said
    assert demo_path.read_bytes() == before


def test_no_early_check_for_a_missing_or_empty_file(tmp_path):
    assert start_quick_check(tmp_path / "khong-co.sqlite") is None
    empty = tmp_path / "rong.sqlite"
    empty.write_bytes(b"")
    assert start_quick_check(empty) is None
    assert start_quick_check(tmp_path) is None  # a folder


def test_without_auto_backup_opening_makes_none(demo_path, opened_files):
    opened = open_checked(demo_path, ScriptedInteraction(), auto_backup=False)
    opened_files.append(opened)
    assert opened.backup is None and auto_backups(demo_path) == []


def test_the_early_check_has_ended_before_opening_goes_on(demo_path, opened_files, monkeypatch):
    # A slow check: open_checked must wait for it before renaming, copying or probing locks.
    real = startup.check_file
    finished = []

    def slow(path, *args, **kwargs):
        import time

        time.sleep(0.3)
        result = real(path, *args, **kwargs)
        finished.append(path)
        return result

    monkeypatch.setattr(startup, "check_file", slow)
    early = start_quick_check(demo_path)
    seen = []
    monkeypatch.setattr(startup, "_check_header",
                        lambda path, real=startup._check_header: (seen.append(list(finished)),
                                                                  real(path))[1])
    opened_files.append(open_checked(demo_path, ScriptedInteraction(), early_check=early))
    assert seen == [[demo_path]]


def test_a_destroyed_header_is_set_aside_and_restored_with_an_early_check(demo_path, opened_files):
    good = make_auto_backup(demo_path)
    with demo_path.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    early = start_quick_check(demo_path)
    ui = ScriptedInteraction(True)
    opened = open_checked(demo_path, ui, early_check=early)
    opened_files.append(opened)
    assert opened is not None and "bị hỏng" in ui.asked[0][0] and good.name in ui.asked[0][0]
    assert len(list(demo_path.parent.glob("demo.hong-*.sqlite"))) == 1
