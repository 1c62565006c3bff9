"""Figures of the award history for the summary report (báo cáo tổng kết): counts by form, level, year.

Counted from `awards` joined to `awardees`: each award once (a merged record's
awards count with the person they now belong to, and are not doubled). The
tables are plain data (header, rows) for any writer; the years are the
report's period (`first_year`..`last_year`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.services.awards_forms import LEVEL_NAMES, form_sets


@dataclass(frozen=True)
class FigureTable:
    """One table of the report: a title, a header, rows (the last one the total)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]


TITLES_TABLE = "Danh hiệu thi đua"
FORMS_TABLE = "Hình thức khen thưởng"
NO_BASE = "–"  # a share of nothing: no individual awarded that year
# Names of danh hiệu thi đua, for awards recorded without a known form code (imported history).
_TITLE_NAMES = ("lao động tiên tiến", "chiến sĩ thi đua", "tập thể lao động", "cờ thi đua")


def _share(part: int, base: int) -> float | str:
    """The share in per cent to 0.1, or "–" when the base is 0 (not 0 %, which would claim a count)."""
    return round(100 * part / base, 1) if base else NO_BASE


def emulation_title_codes(db: Database, names: dict[str, str]) -> set[str]:
    """Which of these form codes (code -> name) are danh hiệu thi đua: titles and flags in any of the file's
    form sets; a code no set knows by its name ("Lao động tiên tiến", "Cờ thi đua …")."""
    kinds = {f.code: f.kind for s in form_sets(db)[0] for f in s.forms}
    return {code for code, name in names.items()
            if (kinds[code] in ("title", "flag") if code in kinds
                else name.lower().startswith(_TITLE_NAMES))}


def _years(db: Database, first_year: int | None, last_year: int | None) -> list[int]:
    low, high = db.execute("SELECT MIN(year), MAX(year) FROM awards").fetchone()
    low, high = first_year or low, last_year or high
    return list(range(low, high + 1)) if low and high else []


def _grid(title: str, first: str, keys: list[tuple[str, str]], years: list[int], counts: dict) -> FigureTable:
    rows = []
    for key, label in keys:
        values = [counts.get((key, y), 0) for y in years]
        rows.append((label, *values, sum(values)))
    totals = [sum(counts.get((k, y), 0) for k, _ in keys) for y in years]
    rows.append(("Tổng cộng", *totals, sum(totals)))
    return FigureTable(title, (first, *map(str, years), "Cộng"), tuple(rows))


def figure_tables(db: Database, first_year: int | None = None, last_year: int | None = None) -> list[FigureTable]:
    """The report's tables: by level, danh hiệu thi đua and hình thức khen thưởng (each only when there is
    one), persons and collectives, women and direct workers."""
    years = _years(db, first_year, last_year)
    if not years:
        return []
    span = [years[0], years[-1]]
    by_level = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT level, year, COUNT(*) FROM awards WHERE year BETWEEN ? AND ? GROUP BY level, year", span)}
    levels = [(code, name) for code, name in LEVEL_NAMES.items() if any(k[0] == code for k in by_level)]
    if any(k[0] not in LEVEL_NAMES for k in by_level):
        levels.append(("", "Chưa rõ cấp"))
        by_level = {(k if k[0] in LEVEL_NAMES else ("", k[1])): v for k, v in by_level.items()}
    by_form: dict = {}
    names: dict[str, str] = {}
    for code, name, year, count in db.execute(
            "SELECT form_code, MIN(form_name), year, COUNT(*) FROM awards WHERE year BETWEEN ? AND ? "
            "GROUP BY form_code, year", span):
        by_form[(code, year)] = count
        names.setdefault(code, name)
    titles = emulation_title_codes(db, names)
    ordered = sorted(names.items(), key=lambda kv: kv[1])
    by_kind = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT a.kind, w.year, COUNT(*) FROM awards w JOIN awardees a ON a.id = w.awardee_id "
        "WHERE w.year BETWEEN ? AND ? GROUP BY a.kind, w.year", span)}
    among = {}
    for key, condition in (("women", "a.sex = 'Nữ'"), ("direct", "a.direct_worker = 1"), ("all", "1")):
        for year, count in db.execute(
                "SELECT w.year, COUNT(*) FROM awards w JOIN awardees a ON a.id = w.awardee_id "
                f"WHERE a.kind = 'person' AND {condition} AND w.year BETWEEN ? AND ? GROUP BY w.year", span):
            among[(key, year)] = count
    persons = [among.get(("all", y), 0) for y in years]
    share_rows = []
    for key, label in (("women", "Nữ"), ("direct", "Người lao động trực tiếp")):
        values = [among.get((key, y), 0) for y in years]
        share_rows.append((label, *values, sum(values)))
        total = sum(persons)
        share_rows.append((f"Tỷ lệ {label.lower()} (%)",
                           *[_share(v, p) for v, p in zip(values, persons, strict=True)], _share(sum(values), total)))
    share_rows.append(("Cá nhân được khen thưởng", *persons, sum(persons)))
    # Danh hiệu thi đua and hình thức khen thưởng are different things in the law on emulation and
    # rewards: counted apart.
    by_title = [kv for kv in ordered if kv[0] in titles]
    by_reward = [kv for kv in ordered if kv[0] not in titles]
    return [
        _grid("Khen thưởng theo cấp", "Cấp khen thưởng", levels, years, by_level),
        *([_grid(TITLES_TABLE, "Danh hiệu", by_title, years, by_form)] if by_title else []),
        *([_grid(FORMS_TABLE, "Hình thức", by_reward, years, by_form)] if by_reward else []),
        _grid("Tập thể và cá nhân", "Đối tượng", [("collective", "Tập thể"), ("person", "Cá nhân")], years, by_kind),
        FigureTable("Nữ và người lao động trực tiếp trong số cá nhân", ("Chỉ tiêu", *map(str, years), "Cộng"),
                    tuple(share_rows)),
    ]
