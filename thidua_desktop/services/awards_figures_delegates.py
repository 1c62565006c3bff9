"""The summary report's table of delegates by structure (cơ cấu đại biểu), from the plan's rosters.

The congress plans ask the report to quote the make-up of the delegates of
the plan's conferences and congress: by category (the plan's own delegate
categories, in protocol order), sex, ethnic minorities, direct workers and
age bands, per event level (Cấp xã, Cấp huyện, …), with the total and each
row's share of it. Counted as the roster tab counts them (services/
roster_stats.py): every delegate of an event who is not marked absent, once
per event (a person sent on to the upper event is counted at both levels: a
report counts places, "lượt đại biểu"); men and women as recorded (a
delegate whose sex is not recorded is in neither); an ethnic minority is any
recorded ethnicity other than the plan's majority; a delegate's age is taken
in the year of the event (the report's year when the event has no date).
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.services.awards_figures import FigureTable
from thidua_desktop.services.awards_forms import LEVEL_NAMES
from thidua_desktop.services.delegate_categories import plan_categories
from thidua_desktop.services.roster_stats import CRITERIA, age_band, ethnic_minority
from thidua_desktop.templates.model import rules_of_stored

TITLE = "Cơ cấu đại biểu dự Đại hội, Hội nghị"
TOTAL = "Tổng cộng"
UNKNOWN_AGE = "Tuổi: chưa ghi năm sinh"


def delegate_structure(db: Database, plan_id: int, year: int | None = None) -> FigureTable | None:
    """The structure table of the plan's delegates (None when no event of the plan has any)."""
    rules = db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()
    if rules is None:
        return None
    structure = rules_of_stored(rules[0]).structure
    majority = fold(structure.majority_ethnicity)
    fallback = year or dt.date.today().year
    rows = db.execute(
        "SELECT e.level, e.date, COALESCE(NULLIF(d.category_code, ''), d.category), p.sex, p.ethnicity, "
        "d.direct_worker, p.birth_year, COUNT(*) FROM delegates d JOIN events e ON e.id = d.event_id "
        "JOIN persons p ON p.id = d.person_id WHERE e.plan_id = ? AND d.status != 'absent' "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7", [plan_id]).fetchall()
    if not rows:
        return None
    levels = [code for code in LEVEL_NAMES if any(r[0] == code for r in rows)]
    levels += sorted({r[0] for r in rows} - set(levels))
    categories = {c.code: c.label for c in plan_categories(db, plan_id)}
    counts: dict[tuple[str, str], int] = {}

    def add(key: str, level: str, n: int) -> None:
        counts[(key, level)] = counts.get((key, level), 0) + n

    for level, date, category, sex, ethnicity, direct, birth_year, n in rows:
        add(TOTAL, level, n)
        add(f"category:{category}", level, n)
        if sex == "Nữ":
            add("women", level, n)
        elif sex == "Nam":
            add("men", level, n)
        if ethnic_minority(ethnicity, majority):
            add("ethnic_minority", level, n)
        if direct:
            add("direct_worker", level, n)
        if structure.age_bands:  # "age:" counts the unknown birth years; an age outside every band is left out
            ref = int(date[:4]) if date else fallback
            band = age_band(ref - birth_year, structure.age_bands) if birth_year else ""
            add(f"age:{band}" if band is not None else "age:-", level, n)
    labels = [(f"category:{code}", label) for code, label in categories.items()]
    labels += [(f"category:{code}", code) for code in sorted({k[0][9:] for k in counts
                                                               if k[0].startswith("category:")} - set(categories))]
    labels.append((TOTAL, TOTAL))
    labels.append(("men", "Nam"))
    labels += [(key, CRITERIA[key]) for key in ("women", "ethnic_minority", "direct_worker")]
    labels += [(f"age:{b.label}", f"Tuổi: {b.label}") for b in structure.age_bands]
    labels.append(("age:", UNKNOWN_AGE))
    grand = sum(counts.get((TOTAL, lv), 0) for lv in levels)
    out = []
    for key, label in labels:
        values = [counts.get((key, lv), 0) for lv in levels]
        if key == "age:" and not sum(values):
            continue  # no unknown birth year: no row for it
        total = sum(values)
        out.append((label, *values, total, round(100 * total / grand, 1) if grand else 0))
    header = ("Cơ cấu", *(LEVEL_NAMES.get(lv, lv) for lv in levels), "Cộng", "Tỷ lệ (%)")
    return FigureTable(TITLE, header, tuple(out))
