"""Delegates by structure for the summary report: every cell against a count made row by row."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import openpyxl

from tests.unit import conformance as c
from thidua_desktop.services.awards_figures_delegates import TITLE, UNKNOWN_AGE, delegate_structure

LEVELS = {"commune": "Cấp xã", "district": "Cấp huyện", "province": "Cấp tỉnh"}


def _bare(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(ch) != "Mn")


def _independent(db, plan_id: int, year: int) -> dict[str, dict[str, int]]:
    """Row label -> level label -> count, walking the delegates one by one in Python."""
    rules = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    bands = rules["structure"]["age_bands"]
    labels = dict(db.execute("SELECT code, label FROM delegate_categories WHERE plan_id = ?", [plan_id]))
    out: dict[str, dict[str, int]] = {}

    def bump(row: str, level: str) -> None:
        out.setdefault(row, {}).setdefault(level, 0)
        out[row][level] += 1

    for level, date, code, base, sex, ethnicity, direct, birth, status in db.execute(
            "SELECT e.level, e.date, d.category_code, d.category, p.sex, p.ethnicity, d.direct_worker, "
            "p.birth_year, d.status FROM delegates d JOIN events e ON e.id = d.event_id "
            "JOIN persons p ON p.id = d.person_id WHERE e.plan_id = ?", [plan_id]):
        if status == "absent":
            continue
        where = LEVELS[level]
        bump(labels.get(code or base, code or base), where)
        bump("Tổng cộng", where)
        if sex == "Nữ":
            bump("Nữ", where)
        if sex == "Nam":
            bump("Nam", where)
        if ethnicity.strip() and _bare(ethnicity) != "kinh":
            bump("Dân tộc thiểu số", where)
        if direct:
            bump("Trực tiếp sản xuất, công tác", where)
        if birth is None:
            bump(UNKNOWN_AGE, where)
            continue
        age = (int(date[:4]) if date else year) - birth
        band = next(b["label"] for b in bands if age <= (b["max"]["value"] if isinstance(b["max"], dict)
                                                          else b["max"]))
        bump(f"Tuổi: {band}", where)
    return out


def _check(table, expected):
    levels = list(table.header[1:-2])
    grand = sum(expected["Tổng cộng"].values())
    for label, *values, total, share in table.rows:
        want = [expected.get(label, {}).get(lv, 0) for lv in levels]
        assert values == want, label
        assert total == sum(want) and share == round(100 * total / grand, 1), label
    assert {r[0] for r in table.rows} == set(expected)  # no row missing, none invented


def test_demo_structure_matches_independent_counts(demo_db):
    table = delegate_structure(demo_db, 1, 2025)
    assert table.title == TITLE
    assert table.header == ("Cơ cấu", "Cấp xã", "Cấp huyện", "Cộng", "Tỷ lệ (%)")
    _check(table, _independent(demo_db, 1, 2025))
    # Categories come first in protocol order, then the total, then the criteria and the age bands.
    labels = [r[0] for r in table.rows]
    assert labels[:4] == ["Điển hình tiên tiến", "Lãnh đạo", "Khách mời", "Tổng cộng"]
    assert labels.index("Tổng cộng") < labels.index("Nam") < labels.index("Nữ") < labels.index("Tuổi: Dưới 30")


def test_absent_unknown_birth_year_majority_spelling_and_age_band_edges(demo_db):
    db = demo_db
    event_id, date = db.execute("SELECT id, date FROM events WHERE level = 'commune' ORDER BY id").fetchone()
    year = int(date[:4])
    ids = [r[0] for r in db.execute("SELECT d.id FROM delegates d WHERE d.event_id = ? ORDER BY d.id LIMIT 6",
                                    [event_id])]
    persons = [db.execute("SELECT person_id FROM delegates WHERE id = ?", [i]).fetchone()[0] for i in ids]
    # Bands of the demo plan: Dưới 30 (≤29), 30 - 45 (≤45), 46 - 60 (≤60), Trên 60.
    for person, age in zip(persons[:4], (29, 30, 45, 46), strict=True):
        db.execute("UPDATE persons SET birth_year = ?, ethnicity = 'KINH' WHERE id = ?", [year - age, person])
    db.execute("UPDATE persons SET birth_year = NULL, ethnicity = '' WHERE id = ?", [persons[4]])
    db.execute("UPDATE delegates SET status = 'absent' WHERE id = ?", [ids[5]])
    db.conn.commit()
    expected = _independent(db, 1, 2025)
    table = delegate_structure(db, 1, 2025)
    _check(table, expected)
    rows = {r[0]: r for r in table.rows}
    assert rows[UNKNOWN_AGE][1] == 1  # the demo records every birth year but this one
    # Move one person across the 29/30 edge and see one count move between the two bands.
    db.execute("UPDATE persons SET birth_year = ? WHERE id = ?", [year - 30, persons[0]])
    after = {r[0]: r for r in delegate_structure(db, 1, 2025).rows}
    assert after["Tuổi: Dưới 30"][1] == rows["Tuổi: Dưới 30"][1] - 1
    assert after["Tuổi: 30 - 45"][1] == rows["Tuổi: 30 - 45"][1] + 1
    # The absent delegate is in no row; bringing him back adds one to the total.
    db.execute("UPDATE delegates SET status = 'confirmed' WHERE id = ?", [ids[5]])
    back = {r[0]: r for r in delegate_structure(db, 1, 2025).rows}
    assert back["Tổng cộng"][1] == rows["Tổng cộng"][1] + 1


def test_a_plan_without_delegates_has_no_table(memory_db):
    assert delegate_structure(memory_db, 1, 2025) is None


def _export(db_file, out):
    return subprocess.run([sys.executable, "-m", "thidua_desktop", "export-awards", "--db", str(db_file),
                           "--round", "kt-2025", "--figures", "--out", str(out)], capture_output=True, text=True,
                          encoding="utf-8")


def test_structure_sheet_reads_back_and_conforms(demo_path, demo_db, tmp_path):
    out = tmp_path / "so-lieu.xlsx"
    result = _export(demo_path, out)
    assert result.returncode == 0, result.stderr
    assert c.check_xlsx(out, c.Expect(signature="NGƯỜI LẬP BIỂU")) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Số liệu khen thưởng", "Cơ cấu đại biểu"]
    values = [[cell.value for cell in row] for row in wb["Cơ cấu đại biểu"].iter_rows()]
    start = next(i for i, row in enumerate(values) if row[0] == "Cơ cấu")
    assert tuple(values[start]) == delegate_structure(demo_db, 1, 2025).header
    written = [tuple(r) for r in values[start + 1:] if r[0] and r[1] is not None]
    assert written == list(delegate_structure(demo_db, 1, 2025).rows)
