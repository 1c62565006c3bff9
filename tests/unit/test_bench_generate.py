"""The benchmark's data generator makes what it is asked for, and the bench command still runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bench.generate import DISTRICT_CODE, generate_database, generate_workbook
from thidua_desktop.domain.names import fold, sort_key
from thidua_desktop.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small generated database: 200 delegates, 30 units, 40 milestones, 3 years of plans."""
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite"
    return path, generate_database(path, 200, units=30, milestones=40, years=3)


def test_counts_are_the_requested_ones(small):
    path, counts = small
    assert counts.district_delegates == 200
    assert counts.units == 30
    assert counts.milestones_per_plan == 40
    assert counts.plans == 3
    db = open_database(path)
    try:
        event = db.execute("SELECT id FROM events WHERE code = ?", [DISTRICT_CODE]).fetchone()[0]
        assert db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event]).fetchone()[0] == 200
        # Every unit holds its commune event, and every unit milestone has progress for all 30 units.
        assert db.execute("SELECT count(DISTINCT unit_id) FROM events WHERE type_code = 'commune' "
                          "AND plan_id = (SELECT plan_id FROM events WHERE id = ?)", [event]).fetchone()[0] == 30
        per_unit = db.execute(
            "SELECT count(*) FROM milestone_progress p JOIN milestones m ON m.id = p.milestone_id "
            "WHERE m.plan_id = (SELECT plan_id FROM events WHERE id = ?) AND m.applies_to = 'units'",
            [event]).fetchone()[0]
        units_ms = db.execute(
            "SELECT count(*) FROM milestones WHERE applies_to = 'units' "
            "AND plan_id = (SELECT plan_id FROM events WHERE id = ?)", [event]).fetchone()[0]
        assert per_unit == units_ms * 30
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_people_carry_the_keys_the_app_computes(small):
    path, _ = small
    db = open_database(path)
    try:
        rows = db.execute("SELECT full_name, name_key, sort_key FROM persons").fetchall()
    finally:
        db.close()
    assert rows
    for name, key, order in rows:
        assert key == fold(name)
        assert order == sort_key(name)
    names = [r[0] for r in rows]
    assert len(names) == len(set(names)), "generated names must be distinct"


def test_generation_is_deterministic(small, tmp_path):
    path, counts = small
    again = tmp_path / "again.sqlite"
    assert generate_database(again, 200, units=30, milestones=40, years=3) == counts
    query = "SELECT full_name, birth_year, workplace FROM persons ORDER BY id"
    first, second = open_database(path), open_database(again)
    try:
        assert first.execute(query).fetchall() == second.execute(query).fetchall()
    finally:
        first.close()
        second.close()


def test_workbook_has_the_split_year_layout(tmp_path):
    path = generate_workbook(tmp_path / "roster.xlsx", rows=40)
    ws = load_workbook(path).active
    assert ws["A1"].value == "UBND XÃ TÂN LỢI"
    assert [ws.cell(7, c).value for c in (1, 2, 3, 5)] == ["STT", "Họ và tên", "Năm sinh", "Dân tộc"]
    assert (ws["C8"].value, ws["D8"].value) == ("Nam", "Nữ")
    assert {"C7:D7", "A7:A8", "B7:B8", "A4:I4"} <= {str(r) for r in ws.merged_cells.ranges}
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=9, max_row=48)]
    assert [r[0] for r in data] == list(range(1, 41))
    # The year sits under the person's sex: exactly one of Nam | Nữ is filled.
    assert all((r[2] is None) != (r[3] is None) for r in data)
    assert ws.cell(49, 2).value == "Tổng cộng: 40 đại biểu"


def test_bench_command_runs(tmp_path):
    """`python -m bench.run --quick --only startup` exits 0 and writes its table (CI proof)."""
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", "startup", "--sizes", "0",
         "--reps", "1", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "| Start-up to first painted window (fresh process) | demo |" in text
    assert "Machine:" in text and "cores" in text


def test_bench_import_and_document_cases_run(tmp_path):
    """The import (against read + insert) and the programme/script documents measure, with targets."""
    out = tmp_path / "RESULTS.md"
    cases = "import_roster,program_docx,script_pdf,script_docx"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", cases, "--sizes", "300",
         "--reps", "1", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()
            if line.startswith("| ") and " | 300 | " in line}
    assert set(rows) == {"Import a 5,000-row workbook", "Programme to Word (.docx)",
                         "Run-of-show script to PDF", "Run-of-show script to Word (.docx)"}
    assert "≤ 1.5x" in rows["Import a 5,000-row workbook"]
    assert "5000 rows landed" in rows["Import a 5,000-row workbook"]
    assert "landing alone" in rows["Import a 5,000-row workbook"]
    assert all("≤ 1.2x" in rows[k] for k in rows if k != "Import a 5,000-row workbook")
    assert "ERROR" not in text
