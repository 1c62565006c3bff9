"""Helpers for the robustness tests: damaging files, reading whole tables, scripted answers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corrupt(path: Path, table: str = "persons") -> None:
    """Overwrite the root page of `table` with garbage (the file stays SQLite)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def rows(path: Path, sql: str, params=()) -> list[tuple]:
    """Run a query on a file through a fresh read-only connection."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(path: Path) -> str:
    """PRAGMA integrity_check through a fresh connection (recovers a hot WAL first)."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every user table's rows, for 'nothing was lost' comparisons."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def is_root() -> bool:
    """Root ignores file permissions, so read-only tests must fake them."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def child_env() -> dict[str, str]:
    """Environment for a child Python that imports the app from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


class ScriptedInteraction:
    """The test double of the window's questions: answers from a list, records everything."""

    def __init__(self, *answers: bool):
        self.answers = list(answers)
        self.informed: list[str] = []
        self.asked: list[tuple[str, str, str]] = []

    def inform(self, message: str) -> None:
        self.informed.append(message)

    def confirm(self, message: str, yes: str, no: str) -> bool:
        self.asked.append((message, yes, no))
        if not self.answers:
            raise AssertionError(f"unexpected question: {message}")
        return self.answers.pop(0)

    def choose(self, message: str, buttons: list[str]) -> int:
        """Answers for several buttons are given as the button's text."""
        self.asked.append((message, *buttons))
        if not self.answers:
            raise AssertionError(f"unexpected question: {message}")
        return buttons.index(self.answers.pop(0))

    @property
    def said(self) -> str:
        """Everything shown to the user, one string."""
        return "\n".join(self.informed + [q[0] for q in self.asked])
