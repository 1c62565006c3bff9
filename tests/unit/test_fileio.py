"""Exported files appear whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.fileio import atomic_output


def test_success_moves_the_file_in_place_with_default_permissions(tmp_path):
    target = tmp_path / "ds.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"data")
        assert not target.exists()
    assert target.read_bytes() == b"data"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["ds.xlsx"]


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "ds.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ds.pdf"]


def test_missing_folder_is_a_sentence(tmp_path):
    with pytest.raises(UserError) as info:
        with atomic_output(tmp_path / "khong-co" / "ds.csv"):
            pass
    assert "không tồn tại" in info.value.message
