"""Look-ups of the award history at province scale: by name, by form, by year, a page at a time.

A province's file holds hundreds of thousands of awardees and up to a million
awards (issue 18), so every look-up here is one query on an index and a list
comes a page at a time (keyset paging: the next page starts after the last
row shown, never "skip N rows"):

- `search`: awardees whose folded name starts with the text typed (the
  (kind, name_key, birth_year) index, as a range);
- `awards_page`: the awards of a form and/or a year, ordered by year then id
  (the (form_code, year) or (year) index gives that order; no sort);
- `count_awards`: how many, from the same indexes alone.

`query_plan` returns SQLite's plan of a look-up, for the tests that keep
these on their indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import ValidationError
from thidua_desktop.services.awards_history import AWARD_COLUMNS, Award, Awardee

MAX_PAGE = 500
_HIGHEST = "\U0010ffff"  # sorts after every folded name: the end of a prefix range


@dataclass(frozen=True)
class AwardRow:
    """One award in a list, with its awardee's name."""

    award: Award
    name: str
    kind: str


def _limit(limit: int) -> int:
    if not 1 <= int(limit) <= MAX_PAGE:
        raise ValidationError(f"Mỗi trang chỉ từ 1 đến {MAX_PAGE} dòng.")
    return int(limit)


def search_sql(kind: str | None) -> str:
    """The prefix search's SQL (for `query_plan` too)."""
    kinds = "kind = ?" if kind else "kind IN ('person', 'collective')"
    return ("SELECT id, kind, name, birth_year, former_unit, merged_into_id FROM awardees "
            f"WHERE {kinds} AND name_key >= ? AND name_key < ? AND merged_into_id IS NULL "
            "ORDER BY kind, name_key, birth_year, id LIMIT ?")  # the index's own order: no sort


def search(db: Database, text: str, kind: str | None = None, limit: int = 50) -> list[Awardee]:
    """Awardees (not merged away) whose folded name starts with `text`: collectives, then persons, by name."""
    key = fold(clean_text(text))
    if not key:
        return []
    params = ([kind] if kind else []) + [key, key + _HIGHEST, _limit(limit)]
    return [Awardee(*r) for r in db.execute(search_sql(kind), params)]


def _where(form_code: str | None, year: int | None) -> tuple[str, list]:
    terms, params = [], []
    if form_code is not None:
        terms.append("a.form_code = ?")
        params.append(form_code)
    if year is not None:
        terms.append("a.year = ?")
        params.append(int(year))
    return " AND ".join(terms) or "1", params


def page_sql(form_code: str | None, year: int | None) -> tuple[str, list]:
    """The page query's SQL and its leading parameters (then: after year and after id, or only after id
    when the year is fixed; then the limit)."""
    where, params = _where(form_code, year)
    columns = ", ".join(f"a.{c.strip()}" for c in AWARD_COLUMNS.split(","))
    # With the year fixed the index already yields rows by id; a (year, id) range would make SQLite
    # range over the year and sort.
    after = "a.id > ?" if year is not None else "(a.year, a.id) > (?, ?)"
    sql = (f"SELECT {columns}, w.name, w.kind FROM awards a JOIN awardees w ON w.id = a.awardee_id "
           f"WHERE {where} AND {after} ORDER BY a.year, a.id LIMIT ?")
    return sql, params


def awards_page(db: Database, form_code: str | None = None, year: int | None = None,
                after: tuple[int, int] = (0, 0), limit: int = 200) -> list[AwardRow]:
    """Up to `limit` awards of a form and/or a year, ordered by year then id, after (year, id) `after`."""
    sql, params = page_sql(form_code, year)
    start = [int(after[1])] if year is not None else [int(after[0]), int(after[1])]
    rows = db.execute(sql, [*params, *start, _limit(limit)])
    return [AwardRow(Award(*r[:-2]), r[-2], r[-1]) for r in rows]


def count_awards(db: Database, form_code: str | None = None, year: int | None = None) -> int:
    """How many awards of a form and/or a year (counted on the index)."""
    where, params = _where(form_code, year)
    return db.execute(f"SELECT COUNT(*) FROM awards a WHERE {where}", params).fetchone()[0]


def query_plan(db: Database, sql: str, params: list) -> list[str]:
    """SQLite's plan of `sql`, one line per step (EXPLAIN QUERY PLAN)."""
    return [row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
