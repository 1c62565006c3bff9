"""SIGKILL in the middle of an import, an export, a backup and a burst of edits.

After each kill the file is reopened: PRAGMA integrity_check says ok, every
import is either fully there or fully absent, and the edits are exactly those
completed before the kill. Each scenario runs twice per seed: once paused at a
chosen write inside a transaction (a kill that certainly lands mid-write) and
once killed at a random moment. Seeds come from KILL_SEED (default: random);
a failure names the seed that reproduces it.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from robust_helpers import child_env, integrity, rows, snapshot

CHILD = Path(__file__).with_name("kill_child.py")
COMMANDS = Path(__file__).resolve().parents[2] / "thidua_desktop" / "commands"
SEEDS = [int(os.environ.get("KILL_SEED", random.randrange(1 << 30))) + i for i in range(2)]
ROWS_PER_FILE = 250
EVENT = "dh-hon-quan"


class Child:
    """A kill_child.py process whose stdout lines arrive on a queue."""

    def __init__(self, tmp: Path, pause_at: int, *args: str):
        self.stderr_path = tmp / f"child-{time.monotonic_ns()}.err"
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(pause_at), *args], stdout=subprocess.PIPE,
            stderr=self.stderr_path.open("w"), text=True, encoding="utf-8", env=child_env(),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, prefix: str, timeout: float = 120) -> str:
        """The first line starting with `prefix` (fails if the child ends first)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                self.kill()
                raise AssertionError(f"no {prefix!r} within {timeout}s; saw {self.seen[-5:]}") from None
            if line is None:
                self.proc.wait(10)
                raise AssertionError(
                    f"child ended ({self.proc.returncode}) before {prefix!r}; saw {self.seen[-5:]}; "
                    f"stderr: {self.stderr_path.read_text(encoding='utf-8')[-2000:]}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def kill(self) -> None:
        """SIGKILL on POSIX (TerminateProcess on Windows): no cleanup of any kind."""
        self.proc.kill()
        self.proc.wait(30)


def _writes_of_full_run(tmp: Path, *args: str) -> tuple[int, tuple[float, float]]:
    """Run to the end once: how many writes the work makes, and when it writes.

    The window is (first write, end) in seconds after the child says STARTED;
    random kills are aimed inside it (a little before, to catch the start too).
    """
    child = Child(tmp, 0, *args)
    child.wait_for("STARTED")
    started = time.monotonic()
    child.wait_for("WRITING")
    first = time.monotonic() - started
    count = int(child.wait_for("WRITES").split()[1])
    child.proc.wait(60)
    return count, (first * 0.8, time.monotonic() - started)


def _pause_and_kill(tmp: Path, pause_at: int, *args: str) -> str:
    child = Child(tmp, pause_at, *args)
    line = child.wait_for("PAUSE")
    child.kill()
    return line


def _kill_at_random(tmp: Path, delay: float, *args: str) -> list[str]:
    child = Child(tmp, 0, *args)
    child.wait_for("STARTED")
    time.sleep(delay)
    child.kill()
    while (line := child.lines.get(timeout=10)) is not None:
        child.seen.append(line)
    return child.seen


def _report(*fields) -> None:
    """With KILL_REPORT=file, append what each kill hit (for the 20-run statistics)."""
    target = os.environ.get("KILL_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("\t".join(map(str, fields)) + "\n")


def _has_command(name: str) -> bool:
    return (COMMANDS / f"{name}.py").is_file()


# --- an import ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_rosters(tmp_path_factory, demo_master) -> list[Path]:
    """Three commune workbooks of 250 new people each, laid out like the shared samples."""
    from openpyxl import Workbook

    communes = [r[0] for r in rows(demo_master, "SELECT name FROM units WHERE kind = 'xa' ORDER BY id")][:3]
    folder = tmp_path_factory.mktemp("rosters")
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quang", "Thu"]
    givens = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam",
              "Oanh", "Phúc", "Quý", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Hải"]
    paths = []
    for n, commune in enumerate(communes):
        wb = Workbook()
        ws = wb.active
        ws.title = "Danh sách"
        ws.append([f"UBND XÃ {commune.upper()}", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        ws.append([None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
        ws.append([])
        ws.append(["DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"])
        ws.append(["Hội nghị tuyên dương điển hình tiên tiến - Danh sách đề cử đi dự cấp huyện"])
        ws.append([])
        ws.append(["TT", "Họ tên đại biểu", "Giới tính", "Ngày sinh", "Dân tộc",
                   "Chức vụ, đơn vị công tác", "Thành phần", "Thành tích"])
        for i in range(ROWS_PER_FILE):
            k = n * ROWS_PER_FILE + i
            name = f"{families[k % 10]} {middles[(k // 10) % 8]} {givens[(k // 80) % 20]} {givens[k % 20]}"
            sex = "Nữ" if "Thị" in name else "Nam"
            ws.append([i + 1, name, sex, f"{1 + k % 28:02d}/{1 + k % 12:02d}/{1960 + k % 40}", "Kinh",
                       f"Công nhân, Công ty số {k % 7}", "Điển hình tiên tiến", "Lao động tiên tiến"])
        path = folder / f"xa_{n}_{ROWS_PER_FILE}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def _import_args(db: Path, files: list[Path]) -> list[str]:
    if _has_command("import_roster") and not os.environ.get("KILL_MIMIC_IMPORT"):
        return ["cli", "import-roster", "--db", str(db), "--event", EVENT, *map(str, files)]
    return ["mimic-import", str(db), EVENT, *(f"{p.name}:{ROWS_PER_FILE}" for p in files)]


def _landed(db: Path) -> dict[str, tuple[int, int]]:
    """Per source file: (delegates, distinct persons) in the file."""
    found = rows(db, "SELECT source_file, count(*), count(DISTINCT person_id) FROM delegates "
                     "WHERE source_file <> '' GROUP BY source_file")
    return {Path(name).name.split(":")[0]: (n, p) for name, n, p in found}


def _check_import(db: Path, base: Path, reference: Path, files: list[Path], seed: int) -> int:
    """Whole or absent, in order; persons match the landed files exactly. Return how many landed."""
    assert integrity(db) == "ok", f"seed {seed}"
    want, got = _landed(reference), _landed(db)
    names = [p.name for p in files]
    for name, counts in got.items():
        assert counts == want[name], f"seed {seed}: {name} is partly there: {counts} of {want[name]}"
    landed = [name in got for name in names]
    assert landed == sorted(landed, reverse=True), f"seed {seed}: files landed out of order {landed}"
    base_persons = rows(base, "SELECT count(*) FROM persons")[0][0]
    persons = rows(db, "SELECT count(*) FROM persons")[0][0]
    assert persons == base_persons + sum(want[n][1] for n in names if n in got), f"seed {seed}: stray persons"
    return sum(landed)


@pytest.mark.parametrize("seed", SEEDS)
def test_kill_during_import(seed, tmp_path, demo_master, big_rosters):
    rng = random.Random(seed)
    base = tmp_path / "base.sqlite"
    shutil.copyfile(demo_master, base)
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(base, reference)
    total, window = _writes_of_full_run(tmp_path, *_import_args(reference, big_rosters))
    assert set(_landed(reference)) == {p.name for p in big_rosters}
    assert total >= 3 * ROWS_PER_FILE

    paused = tmp_path / "paused.sqlite"
    shutil.copyfile(base, paused)
    pause_at = rng.randint(1, total)
    where = _pause_and_kill(tmp_path, pause_at, *_import_args(paused, big_rosters))
    landed = _check_import(paused, base, reference, big_rosters, seed)
    assert landed < len(big_rosters), f"seed {seed}: killed inside a file ({where}), yet all landed"
    _report("import-pause", seed, f"{pause_at}/{total}", where, f"landed={landed}")

    shot = tmp_path / "shot.sqlite"
    shutil.copyfile(base, shot)
    delay = rng.uniform(*window)
    _kill_at_random(tmp_path, delay, *_import_args(shot, big_rosters))
    landed = _check_import(shot, base, reference, big_rosters, seed)
    _report("import-random", seed, f"{delay:.2f}/{window[1]:.2f}s", f"landed={landed}")


# --- an export ---------------------------------------------------------------------------
def _xlsx_values(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return [tuple(r) for ws in wb for r in ws.iter_rows(values_only=True)]


@pytest.mark.skipif(not _has_command("export_roster"), reason="export-roster not built yet")
@pytest.mark.parametrize("seed", SEEDS)
def test_kill_during_export_keeps_the_database_and_the_previous_export(seed, tmp_path, demo_master):
    rng = random.Random(seed)
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, db)
    out = tmp_path / "danh-sach.xlsx"
    args = ["cli", "export-roster", "--db", str(db), "--event", EVENT, "--out", str(out)]
    total, window = _writes_of_full_run(tmp_path, *args)
    expected = _xlsx_values(out)
    assert len(expected) > 50 and total > 3  # a real roster, several zip members
    before = snapshot(db)
    for kill in ("pause", "random"):
        if kill == "pause":
            where = _pause_and_kill(tmp_path, rng.randint(1, total), *args)
        else:
            where = f"{rng.uniform(*window):.2f}/{window[1]:.2f}s"
            seen = _kill_at_random(tmp_path, float(where.split("/")[0]), *args)
            where += " finished" if any(s.startswith("EXIT") for s in seen) else " mid-run"
        _report(f"export-{kill}", seed, where, f"tmp-left={len(list(tmp_path.glob('.danh-sach-*')))}")
        assert integrity(db) == "ok", f"seed {seed}"
        assert snapshot(db) == before, f"seed {seed}: an export changed the data"
        # The export replaces the file in one step: the old one or the new one, never half.
        assert _xlsx_values(out) == expected, f"seed {seed}: {kill} kill damaged the export"


@pytest.mark.parametrize("seed", SEEDS)
def test_kill_during_backup(seed, tmp_path, demo_master):
    from thidua_desktop.store.backup import attachments_dir, backup_database, backups_dir

    rng = random.Random(seed)
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, db)
    files = attachments_dir(db)
    files.mkdir()
    for i in range(40):
        (files / f"ho-so-{i}.pdf").write_bytes(os.urandom(50_000))
    out = backups_dir(db) / "truoc-dai-hoi.sqlite"
    args = ["cli", "backup", "--db", str(db), "--out", str(out)]
    before = snapshot(db)
    _pause_and_kill(tmp_path, 1, *args)  # the database is copied, the attachments not yet
    assert not out.exists(), f"seed {seed}: a backup without its attachments looks complete"
    _total, window = _writes_of_full_run(tmp_path, "cli", "backup", "--db", str(db),
                                         "--out", str(tmp_path / "timing.sqlite"))
    seen = _kill_at_random(tmp_path, rng.uniform(0, window[1]), *args)
    _report("backup-random", seed, "finished" if any(s.startswith("EXIT") for s in seen) else "mid-run",
            f"backup={'yes' if out.exists() else 'no'}")
    assert integrity(db) == "ok" and snapshot(db) == before, f"seed {seed}"
    if out.exists():  # the random kill came after the end: then it is whole
        assert integrity(out) == "ok" and len(list(attachments_dir(out).iterdir())) == 40
    made = backup_database(db, out)  # and the next backup works
    assert snapshot(made) == before and not out.with_name(out.name + ".tmp").exists()


# --- a burst of edits ----------------------------------------------------------------------
EDITS = 400
WRITES_PER_EDIT = 3  # person, delegate entry, setting


def _edits_done(db: Path, seed: int) -> int:
    """The completed edits: exactly 0..m, each whole. Return m + 1."""
    assert integrity(db) == "ok", f"seed {seed}"
    people = rows(db, "SELECT full_name FROM persons WHERE full_name LIKE 'Người Thử %' ORDER BY 1")
    notes = rows(db, "SELECT note FROM delegates WHERE note LIKE 'edit-%'")
    done = len(people)
    assert [p[0] for p in people] == [f"Người Thử {i:04d}" for i in range(done)], f"seed {seed}: gap"
    assert sorted(int(n[0][5:]) for n in notes) == list(range(done)), f"seed {seed}: half an edit"
    last = rows(db, "SELECT value FROM settings WHERE key = 'kill.last'")[0][0]
    assert last == (str(done - 1) if done else "null"), f"seed {seed}: setting {last} vs {done}"
    return done


def _edits_base(demo_master: Path, target: Path) -> Path:
    shutil.copyfile(demo_master, target)
    conn = sqlite3.connect(target)
    conn.execute("INSERT INTO settings(key, value) VALUES ('kill.last', 'null')")
    conn.commit()
    conn.close()
    return target


@pytest.mark.parametrize("seed", SEEDS)
def test_kill_during_a_burst_of_edits(seed, tmp_path, demo_master):
    rng = random.Random(seed)
    paused = _edits_base(demo_master, tmp_path / "paused.sqlite")
    edit = rng.randrange(EDITS)
    step = rng.randint(1, WRITES_PER_EDIT)
    _pause_and_kill(tmp_path, edit * WRITES_PER_EDIT + step, "edits", str(paused), str(EDITS))
    assert _edits_done(paused, seed) == edit, f"seed {seed}: paused inside edit {edit} step {step}"
    _report("edits-pause", seed, f"edit={edit} step={step}", f"done={edit}")

    shot = _edits_base(demo_master, tmp_path / "shot.sqlite")
    child = Child(tmp_path, 0, "edits", str(shot), str(EDITS))
    reported = rng.randrange(EDITS // 2)
    child.wait_for(f"DONE {reported}")
    time.sleep(rng.uniform(0, 0.05))
    child.kill()
    while (line := child.lines.get(timeout=10)) is not None:
        child.seen.append(line)
    last_reported = max(int(s.split()[1]) for s in child.seen if s.startswith("DONE"))
    done = _edits_done(shot, seed)
    _report("edits-random", seed, f"reported={last_reported + 1}", f"done={done}")
    # Everything reported done is there; at most the one being reported may be extra.
    assert last_reported + 1 <= done <= last_reported + 2, f"seed {seed}: {done} vs {last_reported}"
