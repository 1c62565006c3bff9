"""The roster as the window shows it: a count and one screenful at a time, from indexes.

The window never holds a whole roster. It asks how many delegates pass the
search and the filters (`count`), then the ids of the rows on screen
(`page_ids`), then those rows (`roster_query.rows_by_id`). Every question is
answered by an index of migration 0013:

- name order: `delegates(event_id, sort_key)` (the Vietnamese key copied
  from the person), walked from the requested offset;
- unit, category and status filters: their own indexes (migration 0027, opt-in so
  that the rules' counts keep their plans); tested along the walk of another
  index when sorting by a keyed column or searching;
- search: the FTS5 table `delegate_search` (name, position, workplace,
  ethnicity and unit of each delegate, accents and case folded, and since
  migration 0023 a token naming the delegate's event, which counts a
  search's hits of one event inside the index). Each typed
  word must begin a word of one of those fields, all in the same field, in
  any order ("nguyen duc" finds "Nguyễn Đình Đức"; "ngu" finds it too while
  it is being typed).

A free-text column (ethnicity, position, workplace, field, sector,
achievement, note) has a stored Vietnamese key and an index
(event_id, key, sort_key) (migration 0024): a sort by it is a page query
like the name's (`page_ids(..., key=...)`). Columns whose order is a rank the
plan can change (units, categories, statuses...), the flags and the awards are
read in segments (`roster_segments`, migration 0027), and so are the person's
sex and birth year through their copies on the delegate (migration 0028).
`order_values` returns (id, value) of the matching rows in name order from the
persons' own values: the reference ranking the tests compare the segments with.

The indexes of migration 0027 are partial, opt-in: a query uses them only when
it states `OPT_IN`. With a unit, category, status or invitation filter and no search,
`count`, `page_ids` (in name order) and `rank` do: that filter's index holds
its rows in name order, so they are counted and paged without reading the
event's other rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import DELEGATE_SORT_KEYS, PERSON_SORT_KEYS, fold

# Below this many hits the search drives the query (hits sorted by name: cheap);
# above it the name index is walked and each row tested against the hits.
_FEW_HITS = 2000
_WORD = re.compile(r"[^\W_]+")
SEARCH_COLUMNS = ("name", "position", "workplace", "ethnicity", "unit")  # of delegate_search

# The plan category a delegate is in ('' in category_code: its base kind's own category).
CATEGORY_CODE = "COALESCE(NULLIF(d.category_code, ''), d.category)"

# The delegate's invitation state (migration 0017; 'none' when the row is missing). The
# filter reads its copy `d.invitation` (migration 0027), which has an index.
INVITATION = ("COALESCE((SELECT x.invitation FROM delegate_event_day x WHERE x.delegate_id = d.id), "
              "'none')")

# Columns `order_values` can order by: field -> SQL expression (persons p, delegates d).
ORDER_FIELDS = {
    "sex": "p.sex", "birth_year": "p.birth_year", "ethnicity": "p.ethnicity",
    "position": "p.position", "workplace": "p.workplace", "unit_id": "d.unit_id",
    "category": "d.category", "category_code": CATEGORY_CODE,
    "exemplary_kind": "d.exemplary_kind", "field": "d.field",
    "sector": "d.sector", "direct_worker": "d.direct_worker", "achievement": "d.achievement",
    "provincial_awards": "d.provincial_awards", "status": "d.status",
    "presidium": "d.presidium", "speaker": "d.speaker", "promoted_to_id": "d.promoted_to_id",
    "note": "d.note", "invitation": INVITATION,
}


# What a query says to be allowed the partial (opt-in) indexes of migration 0027.
OPT_IN = "d.sort_key IS NOT NULL"

# Columns ordered by a stored key on `delegates` (migration 0024): field -> key column.
SORT_KEYS = {**PERSON_SORT_KEYS, **DELEGATE_SORT_KEYS}


@dataclass(frozen=True)
class RosterFilter:
    """What the window lists: typed search words and the four filters (None: any)."""

    search: str = ""
    unit_id: int | None = None
    category: str | None = None
    status: str | None = None
    invitation: str | None = None  # an invitation state (services/event_day.INVITATION_STATES)

    def is_filtered(self) -> bool:
        """Whether some delegates of the event may be left out."""
        return bool(search_words(self.search) or self.unit_id is not None or self.category
                    or self.status or self.invitation)


def search_words(text: str | None) -> list[str]:
    """The words of a search as the index holds them: folded, split on anything not a letter
    or digit ("Nguyễn-Văn  ĐỨC" -> ["nguyen", "van", "duc"])."""
    return _WORD.findall(fold(text))


def search_match(text: str | None) -> str | None:
    """The FTS5 query for typed text; None when there is no word.

    Every word is a prefix, in any order, and all of them must fall in one field
    (name, position, workplace, ethnicity or unit): "nguyen van duc" is a person,
    not a Nguyễn Văn whose workplace is in Đức Hạnh.
    """
    words = search_words(text)
    if not words:
        return None
    terms = " ".join(f'"{w}"*' for w in words)
    if len(words) == 1:  # the text columns only: never the event's token (migration 0023)
        return f"{{{' '.join(SEARCH_COLUMNS)}}} : ({terms})"
    return " OR ".join(f"{column} : ({terms})" for column in SEARCH_COLUMNS)


def event_match(event_id: int, match: str) -> str:
    """A search's FTS5 query kept to one event's delegates (the `event` token, migration 0023)."""
    return f'event : "_{int(event_id)}" AND ({match})'


def where_clause(event_id: int, flt: RosterFilter) -> tuple[list[str], list]:
    """SQL conditions on `delegates d` (joined with AND) and their parameters."""
    where, params = ["d.event_id = ?"], [event_id]
    if flt.unit_id is not None:
        where.append("d.unit_id = ?")
        params.append(flt.unit_id)
    if flt.category:  # a plan category code (release 1's base codes are codes too)
        where.append(f"{CATEGORY_CODE} = ?")
        params.append(flt.category)
    if flt.status:
        where.append("d.status = ?")
        params.append(flt.status)
    if flt.invitation:  # the state's copy on the delegate (migration 0027; triggers keep it equal)
        where.append("d.invitation = ?")
        params.append(flt.invitation)
    match = search_match(flt.search)
    if match:
        where.append("d.id IN (SELECT rowid FROM delegate_search WHERE delegate_search MATCH ?)")
        params.append(match)
    return where, params


def count(db: Database, event_id: int, flt: RosterFilter) -> int:
    """How many delegates of the event pass the filter.

    A search alone is counted inside the search index (its hits of this event), not
    by looking each hit up among the event's delegates.
    """
    match = search_match(flt.search)
    if match and flt.unit_id is None and not flt.category and not flt.status:
        return db.execute("SELECT count(*) FROM delegate_search WHERE delegate_search MATCH ?",
                          [event_match(event_id, match)]).fetchone()[0]
    where, params = where_clause(event_id, flt)
    if _indexed_filter(flt):
        # The filter's own index of migration 0027 (covering: the status filter's count at
        # 100,000 no longer reads every row's status).
        where.append(OPT_IN)
    return db.execute(f"SELECT count(*) FROM delegates d WHERE {' AND '.join(where)}",
                      params).fetchone()[0]


def _indexed_filter(flt: RosterFilter, key: str | None = None) -> bool:
    """Whether a unit, category, status or invitation filter's index (migration 0027) answers
    the query: in name order (its rows are in name order there) and without a search."""
    return (key is None and not search_match(flt.search)
            and (flt.unit_id is not None or bool(flt.category) or bool(flt.status)
                 or bool(flt.invitation)))


def _order_columns(key: str | None) -> list[str]:
    """The columns of an order: a stored key (SORT_KEYS) first if any, then the name's key, the id."""
    if key is not None and key not in SORT_KEYS.values():
        raise ValueError(f"no stored sort key {key!r}")
    return [*([f"d.{key}"] if key else []), "d.sort_key", "d.id"]


def page_ids(db: Database, event_id: int, flt: RosterFilter, offset: int, limit: int,
             descending: bool = False, total: int | None = None,
             key: str | None = None) -> list[int]:
    """Ids of rows offset..offset+limit-1 in Vietnamese name order (or its reverse).

    `key`: a stored key column (a value of SORT_KEYS) ordered on first, ties in name
    order, along its index. `total` (the count, when known) picks the plan: few search
    hits are sorted outright; many are met while walking the index.
    """
    where, params = where_clause(event_id, flt)
    if search_match(flt.search) and total is not None and total <= _FEW_HITS:
        where[0] = "+d.event_id = ?"  # unary +: do not walk the event's index, start from the hits
    elif _indexed_filter(flt, key):
        where.append(OPT_IN)  # the filter's rows in name order: no walk past the others
    way = " DESC" if descending else ""
    order = ", ".join(column + way for column in _order_columns(key))
    sql = (f"SELECT d.id FROM delegates d WHERE {' AND '.join(where)} "
           f"ORDER BY {order} LIMIT ? OFFSET ?")
    return [r[0] for r in db.execute(sql, [*params, limit, offset])]


def rank(db: Database, event_id: int, flt: RosterFilter, delegate_id: int,
         descending: bool = False, key: str | None = None) -> int | None:
    """The row of a delegate in the order of `page_ids` among those passing the filter;
    None if it does not pass."""
    where, params = where_clause(event_id, flt)
    columns = _order_columns(key)
    sql = f"SELECT {', '.join(columns)} FROM delegates d WHERE {' AND '.join(where)} AND d.id = ?"
    found = db.execute(sql, [*params, delegate_id]).fetchone()
    if found is None:
        return None
    before = (f"({', '.join(columns)}) {'>' if descending else '<'} "
              f"({', '.join('?' * len(columns))})")
    if _indexed_filter(flt, key):
        where.append(OPT_IN)
    sql = f"SELECT count(*) FROM delegates d WHERE {' AND '.join(where)} AND {before}"
    return db.execute(sql, [*params, *found]).fetchone()[0]


def passing(db: Database, event_id: int, flt: RosterFilter, delegate_ids: list[int]) -> set[int]:
    """Those of these delegates that pass the filter."""
    out: set[int] = set()
    where, params = where_clause(event_id, flt)
    ids = list(delegate_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        sql = (f"SELECT d.id FROM delegates d WHERE {' AND '.join(where)} "
               f"AND d.id IN ({','.join('?' * len(part))})")
        out.update(r[0] for r in db.execute(sql, [*params, *part]))
    return out


def matching_ids(db: Database, event_id: int, flt: RosterFilter) -> list[int]:
    """Ids of every delegate passing the filter, in no particular order."""
    where, params = where_clause(event_id, flt)
    return [r[0] for r in db.execute(f"SELECT d.id FROM delegates d WHERE {' AND '.join(where)}",
                                     params)]


def order_values(db: Database, event_id: int, flt: RosterFilter, field: str) -> list[tuple]:
    """(id, value of `field`) of every delegate passing the filter, in name order.

    Two reads, neither sorted by SQLite: the values in the table's own order
    (sequential pages, three times faster than along the name index at 100,000
    rows) and the ids along the name index. The window groups the ids by the
    value's rank, so rows tied on the value stay in name order without a sort
    of 100,000 name keys (issue 18).
    """
    where, params = where_clause(event_id, flt)
    expr = ORDER_FIELDS[field]
    join = " JOIN persons p ON p.id = d.person_id" if expr.startswith("p.") else ""
    sql = f"SELECT d.id, {expr} FROM delegates d{join} WHERE {' AND '.join(where)}"
    values = dict(db.execute(sql, params).fetchall())
    return [(i, values[i]) for i in page_ids(db, event_id, flt, 0, -1) if i in values]
