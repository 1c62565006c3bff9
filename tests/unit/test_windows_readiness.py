"""What differs on Windows, checked here through the code's own platform switches.

File locking (msvcrt instead of fcntl), reserved device names, network (UNC)
paths and drive letters, and the Windows wheels of every pinned package.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest

from thidua_desktop.services.attachments import safe_name
from thidua_desktop.store import location, lock

ROOT = Path(__file__).resolve().parents[2]


def _windows_pins():
    spec = importlib.util.spec_from_file_location("windows_wheels", ROOT / ".ci" / "windows_wheels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.windows_pins


def test_pins_are_chosen_as_windows_sees_them(tmp_path):
    lock_file = tmp_path / "requirements.lock"
    lock_file.write_text("# header\nclick==8.5.1\n    # via x\ncolorama==0.4.6 ; sys_platform == 'win32'\n"
                         "uvloop==0.21.0 ; sys_platform == 'linux'\n", encoding="utf-8")
    assert _windows_pins()(lock_file) == ["click==8.5.1", "colorama==0.4.6"]


def test_every_pin_of_the_lock_is_listed():
    pins = _windows_pins()(ROOT / "requirements.lock")
    assert "colorama==0.4.6" in pins and any(p.startswith("pyside6-essentials==") for p in pins)
    assert all("==" in p and ";" not in p for p in pins)


@pytest.mark.parametrize("name, safe", [
    ("CON", "_CON"), ("con.docx", "_con.docx"), ("Nul.txt", "_Nul.txt"), ("COM1.pdf", "_COM1.pdf"),
    ("LPT9", "_LPT9"), ("CONTRACT.docx", "CONTRACT.docx"), ("COM10.pdf", "COM10.pdf"),
    ("a:b*c?.pdf", "a_b_c_.pdf"), ("x" * 200 + ".pdf", "x" * 150),
])
def test_file_names_windows_accepts(name, safe):
    assert safe_name(name) == safe


def test_windows_lock_uses_msvcrt_on_one_byte(monkeypatch, tmp_path):
    calls = []
    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0,
                                 locking=lambda fd, mode, n: calls.append((mode, n, os.lseek(fd, 0, os.SEEK_CUR))))
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(lock.sys, "platform", "win32")
    fd = os.open(tmp_path / "f.lock", os.O_RDWR | os.O_CREAT)
    try:
        assert lock._try_os_lock(fd) is True
        lock._os_unlock(fd)
    finally:
        os.close(fd)
    assert calls == [(2, 1, lock._WIN_LOCK_OFFSET), (0, 1, lock._WIN_LOCK_OFFSET)]


def test_windows_lock_held_elsewhere_says_false(monkeypatch, tmp_path):
    def refuse(fd, mode, n):
        raise PermissionError(13, "locked")

    monkeypatch.setitem(sys.modules, "msvcrt", types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=refuse))
    monkeypatch.setattr(lock.sys, "platform", "win32")
    fd = os.open(tmp_path / "f.lock", os.O_RDWR | os.O_CREAT)
    try:
        assert lock._try_os_lock(fd) is False
    finally:
        os.close(fd)


@pytest.mark.parametrize("path, drive_type, kind", [
    (r"\\may-chu\du-lieu\thidua.sqlite", None, location.NETWORK),
    ("//may-chu/du-lieu/thidua.sqlite", None, location.NETWORK),
    (r"Z:\thidua.sqlite", location.DRIVE_REMOTE, location.NETWORK),
    (r"E:\thidua.sqlite", location.DRIVE_REMOVABLE, location.REMOVABLE),
    (r"C:\Users\a\Documents\thidua.sqlite", 3, location.LOCAL),
])
def test_network_paths_and_drive_letters(monkeypatch, path, drive_type, kind):
    seen = []
    monkeypatch.setattr(location, "_drive_type", lambda root: seen.append(root) or drive_type)
    assert location.storage_kind(path, platform="win32") == kind
    assert seen == ([path[:2] + "\\"] if drive_type is not None else [])
