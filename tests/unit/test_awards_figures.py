"""The summary report's figures match counts made independently from the raw rows."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import openpyxl

from tests.unit import conformance as c
from thidua_desktop.export.award_figures_xlsx import MOTTO_PAD_PT, YEAR_WIDTH, motto_fitting_width
from thidua_desktop.export.state_format import MOTTO_1, SIZES, text_width_pt
from thidua_desktop.export.state_format_xlsx import column_pt
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
    # Danh hiệu thi đua (here Lao động tiên tiến) apart from hình thức khen thưởng (Giấy khen, Bằng khen).
    by_form = Counter(r[2] for r in rows)
    titles, forms = tables["Danh hiệu thi đua"], tables["Hình thức khen thưởng"]
    assert [row[0] for row in titles.rows[:-1]] == ["Lao động tiên tiến"]
    assert titles.rows[0][-1] == by_form["ldtt"] > 0
    assert sorted(row[-1] for row in forms.rows[:-1]) == sorted(v for k, v in by_form.items() if k != "ldtt")
    assert not any("Lao động" in row[0] for row in forms.rows)
    assert titles.rows[-1][-1] + forms.rows[-1][-1] == len(rows)
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
    # By level, by kind: all; danh hiệu and hình thức: the two parts of all.
    assert len(totals) == 4 and totals[0][-1] == totals[3][-1] == expected
    assert totals[1][-1] + totals[2][-1] == expected and 0 < totals[1][-1] < expected
    # The national name is not wrapped: its merged cells are wider than its text.
    span = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == MOTTO_1)
    width = sum(column_pt(ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width)
                for col in range(span.min_col, span.max_col + 1))
    assert width >= text_width_pt(MOTTO_1, SIZES["motto1"].used, bold=True) + MOTTO_PAD_PT
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


def test_a_share_of_no_individual_is_a_dash_not_zero(demo_db):
    """A year with no individual award shows "–"; one man alone shows 0.0 (a real 0 %); one woman 100.0."""
    man = ah.find_or_add_awardee(demo_db, "person", "Người thử nam", birth_year=1980, sex="Nam")
    woman = ah.find_or_add_awardee(demo_db, "person", "Người thử nữ", birth_year=1981, sex="Nữ")
    ah.add_award(demo_db, man, "Lao động tiên tiến", 2021, form_code="ldtt", level="commune")
    ah.add_award(demo_db, woman, "Lao động tiên tiến", 2022, form_code="ldtt", level="commune")
    tables = {t.title: t for t in figure_tables(demo_db, 2020, 2025)}
    share = dict(zip(tables["Danh hiệu thi đua"].header,
                     next(r for r in tables["Nữ và người lao động trực tiếp trong số cá nhân"].rows
                          if r[0] == "Tỷ lệ nữ (%)"), strict=True))
    persons = {y: sum(1 for r in _raw(demo_db) if r[0] == y and r[3] == "person") for y in range(2020, 2026)}
    assert persons[2021] == 1 and persons[2022] == 1 and persons[2024] == 0  # the edges: 1 person, none
    assert share["2021"] == 0.0 and share["2022"] == 100.0 and share["2024"] == "–"


def test_the_value_columns_widen_only_as_far_as_the_national_name_needs():
    need = text_width_pt(MOTTO_1, SIZES["motto1"].used, bold=True) + MOTTO_PAD_PT
    for columns in (1, 4, 6):
        width = motto_fitting_width(columns, YEAR_WIDTH)
        assert columns * column_pt(width) >= need
        assert width == YEAR_WIDTH or columns * column_pt(width - 0.5) < need  # no wider than needed
    wide = need / 3  # three columns already wide enough: left as they are
    assert motto_fitting_width(4, wide) == wide
