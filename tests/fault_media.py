"""Real faulty media for the fault tests: a write-protected folder or file, a full disk, and
another program holding an SQLite lock.

As root, permissions do not stop writes, so a read-only medium is a read-only bind mount
(what a write-protected USB stick is to the kernel) and a full disk is a small tmpfs. Where
mounting is not allowed, the read-only cases fall back on permissions (non-root) or skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@contextlib.contextmanager
def write_protected(path: Path) -> Iterator[Path]:
    """`path` (a folder or a file) made read-only for the block, as a write-protected stick."""
    if not _root():
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,ro,bind", str(path))
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


@contextlib.contextmanager
def full_disk(folder: Path, files: list[Path], spare: int = 0,
              room: int = 256 * 1024) -> Iterator[list[Path]]:
    """A tmpfs at `folder` holding copies of `files`, then filled up (`spare` bytes left).

    `spare` -1 leaves it unfilled (`room` bytes free) for the test to `fill()` later.
    """
    if not _root():
        pytest.skip("a full disk needs a tmpfs mount (root)")
    folder.mkdir(parents=True, exist_ok=True)
    size = sum(f.stat().st_size for f in files) + room
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        copies = [Path(shutil.copy2(f, folder / f.name)) for f in files]
        if spare >= 0:
            fill(folder, spare)
        yield copies
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, spare: int = 0) -> None:
    """Fill the disk holding `folder` up, leaving `spare` bytes."""
    filler = folder / "filler"
    with filler.open("ab", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    if spare:
        os.truncate(filler, max(filler.stat().st_size - spare, 0))


class ForeignLock:
    """Another program (a child Python) holding an SQLite lock on a file until released.

    `level` "write": BEGIN EXCLUSIVE on a WAL file (others can still read).
    `level` "read": exclusive locking mode, after a write (nobody else can even read).
    """

    SCRIPT = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "read":
    # Before the first access of a WAL file: an exclusive lock on the file itself, held.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
else:
    conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.close()
"""

    def __init__(self, path: Path, level: str = "write"):
        self.child = subprocess.Popen([sys.executable, "-c", self.SCRIPT, str(path), level],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.child.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.child.poll() is None:
            self.child.stdin.write("\n")
            self.child.stdin.flush()
            self.child.wait(timeout=10)

    def __enter__(self) -> ForeignLock:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()
