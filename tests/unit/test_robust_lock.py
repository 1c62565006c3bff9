"""One writer per file: the lock file, its holder, and a lock left by a killed process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from robust_helpers import child_env

from thidua_desktop.store.lock import (
    LockedError,
    LockUnavailableError,
    acquire_lock,
    lock_path,
    read_holder,
)


def test_second_lock_is_refused_with_the_holder_named(db_path):
    first = acquire_lock(db_path)
    holder = read_holder(db_path)
    assert holder is not None and holder.pid == os.getpid()
    with pytest.raises(LockedError) as info:
        acquire_lock(db_path)
    message = info.value.message
    assert "đang được mở để ghi bởi một cửa sổ Thi đua Desktop khác" in message
    assert "chỉ đọc" in message
    assert holder.host in message
    first.release()
    assert not lock_path(db_path).exists()
    second = acquire_lock(db_path)
    assert second.held
    second.release()
    second.release()  # idempotent
    assert not second.held


def test_context_manager_frees_the_lock(db_path):
    with acquire_lock(db_path):
        with pytest.raises(LockedError):
            acquire_lock(db_path)
    acquire_lock(db_path).release()


def test_lock_in_a_missing_folder_is_unavailable(tmp_path):
    with pytest.raises(LockUnavailableError) as info:
        acquire_lock(tmp_path / "no-such-folder" / "x.sqlite")
    assert "Không tạo được tệp khoá" in info.value.message


def test_garbage_lock_file_is_taken_over(db_path):
    lock_path(db_path).write_bytes(b"\x00\xffnot json")
    assert read_holder(db_path) is None
    lock = acquire_lock(db_path)
    assert read_holder(db_path).pid == os.getpid()
    lock.release()


def test_lock_of_a_killed_process_is_taken_over(db_path):
    """SIGKILL leaves the lock file behind; the OS lock is gone, so the next window gets it."""
    script = (
        "import sys, time\n"
        "from thidua_desktop.store.lock import acquire_lock\n"
        "lock = acquire_lock(sys.argv[1])\n"
        "print('LOCKED', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(db_path)],
                             stdout=subprocess.PIPE, text=True, env=child_env())
    try:
        assert child.stdout.readline().strip() == "LOCKED"
        with pytest.raises(LockedError) as info:
            acquire_lock(db_path)
        assert info.value.holder.pid == child.pid
    finally:
        child.kill()
        child.wait(10)
    assert lock_path(db_path).exists()  # stale file left behind by the kill
    lock = acquire_lock(db_path)
    assert read_holder(db_path).pid == os.getpid()
    lock.release()
