"""The summary report's figures match counts made independently from the raw rows."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import openpyxl

from tests.unit import conformance as c
from thidua_desktop.services import awards_history as ah
from thidua_desktop.services.awards_figures import figure_tables
from thidua_desktop.services.awards_figures_delegates import delegate_structure


def _export_figures(db_file, out):
    return subprocess.run([sys.executable, "-m", "thidua_desktop", "export-awards", "--db", str(db_file),
                           "--round", "kt-2025", "--figures", "--out", str(out)], capture_output=True, text=True,
                          encoding="utf-8")


def _raw(db):
    return db.execute("SELECT w.year, w.level, w.form_code, a.kind, a.sex, a.direct_worker FROM awards w "
                      "JOIN awardees a ON a.id = w.awardee_id").fetchall()


def _add_spread(db):
    """Awards over several years, levels, kinds, sexes, so the counts differ from one another."""
    people = [ah.find_or_add_awardee(db, "person", f"Người thử {i}", birth_year=1970 + i,
                                     sex="Nữ" if i % 3 == 0 else "Nam", direct_worker=i % 2 == 0) for i in range(12)]
    teams = [ah.find_or_add_awardee(db, "collective", f"Tập thể thử {i}") for i in range(4)]
    forms = (("ldtt", "Lao động tiên tiến", "commune"), ("bk_tinh", "Bằng khen của Chủ tịch UBND tỉnh", "province"))
    for i, who in enumerate(people + teams):
        for year in range(2021, 2021 + i % 4 + 1):
            code, name, level = forms[(i + year) % 2]
            ah.add_award(db, who, name, year, form_code=code, level=level)


def test_tables_match_independent_counts(demo_db):
    _add_spread(demo_db)
    tables = {t.title: t for t in figure_tables(demo_db, 2020, 2025)}
    rows = [r for r in _raw(demo_db) if 2020 <= r[0] <= 2025]
    years = list(range(2020, 2026))
    level = tables["Khen thưởng theo cấp"]
    assert level.header == ("Cấp khen thưởng", *map(str, years), "Cộng")
    by_level = Counter((r[1], r[0]) for r in rows)
    names = {"commune": "Cấp xã", "district": "Cấp huyện", "province": "Cấp tỉnh"}
    for row in level.rows[:-1]:
        code = next(k for k, v in names.items() if v == row[0])
        assert list(row[1:-1]) == [by_level[(code, y)] for y in years]
        assert row[-1] == sum(by_level[(code, y)] for y in years)
    assert level.rows[-1][-1] == len(rows)
    forms = tables["Khen thưởng theo hình thức"]
    by_form = Counter(r[2] for r in rows)
    assert sorted(row[-1] for row in forms.rows[:-1]) == sorted(by_form.values())
    kinds = {row[0]: row for row in tables["Tập thể và cá nhân"].rows}
    assert kinds["Cá nhân"][-1] == sum(r[3] == "person" for r in rows)
    assert kinds["Tập thể"][-1] == sum(r[3] == "collective" for r in rows)
    shares = {row[0]: row for row in tables["Nữ và người lao động trực tiếp trong số cá nhân"].rows}
    persons = [r for r in rows if r[3] == "person"]
    women = [sum(r[4] == "Nữ" and r[0] == y for r in persons) for y in years]
    direct = [sum(r[5] == 1 and r[0] == y for r in persons) for y in years]
    assert list(shares["Nữ"][1:-1]) == women and shares["Nữ"][-1] == sum(women)
    assert list(shares["Người lao động trực tiếp"][1:-1]) == direct
    assert shares["Tỷ lệ nữ (%)"][-1] == round(100 * sum(women) / len(persons), 1)
    # Outside the period: not counted.
    assert all(r[0] >= 2020 for r in rows) and any(r[0] < 2020 for r in _raw(demo_db))


def test_figures_workbook_conforms_and_reads_back(demo_path, tmp_path):
    out = tmp_path / "so-lieu.xlsx"
    result = _export_figures(demo_path, out)
    assert result.returncode == 0, result.stderr
    assert c.check_xlsx(out, c.Expect(signature="NGƯỜI LẬP BIỂU")) == []
    ws = openpyxl.load_workbook(out).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    totals = [row for row in values if row[0] == "Tổng cộng"]
    from thidua_desktop.store.database import open_database

    db = open_database(demo_path, readonly=True)
    try:
        expected = db.execute("SELECT COUNT(*) FROM awards WHERE year BETWEEN 2020 AND 2025").fetchone()[0]
    finally:
        db.close()
    assert len(totals) == 3 and {row[-1] for row in totals} == {expected}
    bad = _export_figures(demo_path, tmp_path / "x.pdf")
    assert bad.returncode == 2 and ".xlsx" in bad.stderr


def test_report_draft_follows_the_outline_with_the_figures(demo_path, tmp_path):
    from docx import Document

    from thidua_desktop.export.award_content import REPORT_OUTLINE

    out = tmp_path / "bao-cao.docx"
    result = _export_figures(demo_path, out)
    assert result.returncode == 0, result.stderr
    assert c.check_docx(out, c.Expect(signature="CHỦ TỊCH")) == []
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(heading) for heading, _ in REPORT_OUTLINE]
    assert positions == sorted(positions)  # the outline's order
    from thidua_desktop.store.database import open_database

    db = open_database(demo_path, readonly=True)
    try:
        tables = figure_tables(db, 2020, 2025)
        structure = delegate_structure(db, 1, 2025)
    finally:
        db.close()
    figures = doc.tables[1:-1]  # between the letterhead and the signature
    # Section 1 (the movement, its conferences) holds the delegates' structure; section 2 the awards.
    assert len(figures) == len(tables) + 1
    assert [c.text for c in figures[0].rows[0].cells] == list(structure.header)
    assert [[c.text for c in r.cells] for r in figures[0].rows[1:]] == [[str(v) for v in r] for r in structure.rows]
    for written, table in zip(figures[1:], tables, strict=True):
        assert [c.text for c in written.rows[-1].cells] == [str(v) for v in table.rows[-1]]
    captions = [t for t in texts if t.startswith("Bảng ")]
    assert [t.split(".")[0] for t in captions] == [f"Bảng {n}" for n in range(1, len(figures) + 1)]
