"""Reading the roster of an event: one SQL query, rows as plain tuples.

Rows are tuples of ROW_FIELDS (no object per row). `roster_rows` lists a
whole event for headless callers, sorted by SQLite on the Vietnamese sort key
stored beside each name and filtered the way the window filters
(roster_window.where_clause: unit, category, status, searched words); the
window itself reads a screenful at a time through roster_window and
`rows_by_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.unit_names import written_sql
from thidua_desktop.services.roster_window import INVITATION, RosterFilter, where_clause

# The columns of a roster row, in order (indexes below name them for callers).
# Units come as ids only (their names are few: event_units); every column read costs on
# 10,000 rows.
ROW_FIELDS = (
    "id", "person_id", "full_name", "sex", "birth_year", "ethnicity", "position", "workplace",
    "unit_id", "category", "exemplary_kind", "field", "sector", "direct_worker",
    "achievement", "provincial_awards", "status", "presidium", "speaker", "note",
    "promoted_to_id", "sort_key", "name_key", "birth_date", "category_code", "invitation",
)
F = {name: i for i, name in enumerate(ROW_FIELDS)}

_SELECT = f"""
SELECT d.id, d.person_id, p.full_name, p.sex, p.birth_year, p.ethnicity, p.position, p.workplace,
       d.unit_id, d.category, d.exemplary_kind, d.field, d.sector, d.direct_worker,
       d.achievement, d.provincial_awards, d.status, d.presidium, d.speaker, d.note,
       d.promoted_to_id, p.sort_key, p.name_key, p.birth_date,
       COALESCE(NULLIF(d.category_code, ''), d.category), {INVITATION}
FROM delegates d
JOIN persons p ON p.id = d.person_id
"""

# Sort orders SQLite can apply (the name order uses the indexed Vietnamese key).
ORDERS = {
    "name": "p.sort_key, d.id",
    "birth_year": "p.birth_year, p.sort_key, d.id",
    "unit": "COALESCE((SELECT position FROM units WHERE id = d.unit_id), 1e9), p.sort_key, d.id",
    "category": "d.category, p.sort_key, d.id",
    "status": "d.status, p.sort_key, d.id",
    "protocol": "d.protocol_rank = 0, d.protocol_rank, p.sort_key, d.id",
}


@dataclass(frozen=True)
class RosterQuery:
    """What to list: a search (words in any order, see roster_window.search_match), filters,
    an order."""

    search: str = ""
    unit_id: int | None = None
    category: str | None = None
    status: str | None = None
    order: str = "name"
    descending: bool = False
    include_absent: bool = True


def roster_rows(db: Database, event_id: int, query: RosterQuery | None = None) -> list[tuple]:
    """Rows of ROW_FIELDS for one event, filtered and ordered by SQLite."""
    query = query or RosterQuery()
    where, params = where_clause(event_id, RosterFilter(query.search, query.unit_id,
                                                        query.category, query.status))
    if not query.include_absent:
        where.append("d.status != 'absent'")
    order = ORDERS.get(query.order, ORDERS["name"])
    if query.descending:
        order = ", ".join(part.strip() + " DESC" for part in order.split(","))
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY {order}"
    return db.execute(sql, params).fetchall()


# The printed roster's columns after the unit (print_rows), its joins and its order.
_PRINT_REST = """, p.full_name, p.sex, p.birth_year, p.ethnicity,
       p.position, p.workplace, d.category, d.achievement, d.note, d.exemplary_kind, d.field,
       d.sector, d.direct_worker, d.status, d.presidium, d.speaker, d.provincial_awards,
       p.birth_date, COALESCE(NULLIF(d.category_code, ''), d.category)
FROM delegates d
JOIN persons p ON p.id = d.person_id
{units}WHERE d.event_id = ? AND d.status != 'absent'
ORDER BY p.sort_key, d.id
"""
_PRINT_SQL = ("SELECT COALESCE(" + written_sql() + ", '')" + _PRINT_REST.format(
    units="LEFT JOIN units u ON u.id = d.unit_id\nLEFT JOIN unit_kinds k ON k.code = u.kind\n"))
# The same with the unit's id: a few units' names are cheaper mapped than joined per row.
_PRINT_IDS_SQL = "SELECT d.unit_id" + _PRINT_REST.format(units="")
_UNIT_NAMES_SQL = """
SELECT u.id, COALESCE(""" + written_sql() + """, '')
FROM units u LEFT JOIN unit_kinds k ON k.code = u.kind
WHERE EXISTS (SELECT 1 FROM delegates d WHERE d.unit_id = u.id AND d.event_id = ?)
"""


def print_rows(db: Database, event_id: int) -> list[tuple]:
    """The attending delegates as the printed roster needs them, in name order.

    Columns: unit name, full_name, sex, birth_year, ethnicity, position, workplace,
    category, achievement, note, exemplary_kind, field, sector, direct_worker, status,
    presidium, speaker, provincial_awards, birth_date, plan category code (only these:
    exports of 10,000 rows pay for every column read).
    """
    return db.execute(_PRINT_SQL, [event_id]).fetchall()


def print_row_chunks(db: Database, event_id: int, size: int) -> Iterator[list[tuple]]:
    """print_rows, `size` rows at a time, each starting with the unit's id (None when none;
    print_unit_names gives the names): a writer handles each part while it is still in the
    processor's cache (100,000 rows fetched at once are cold again when they are written)."""
    cursor = db.execute(_PRINT_IDS_SQL, [event_id])
    try:
        while chunk := cursor.fetchmany(size):
            yield chunk
    finally:
        cursor.close()


def print_unit_names(db: Database, event_id: int) -> dict[int, str]:
    """The first column of print_rows for each unit id of print_row_chunks (a unit id
    not in it, or None, prints as '')."""
    return dict(db.execute(_UNIT_NAMES_SQL, [event_id]).fetchall())


def rows_by_id(db: Database, delegate_ids: list[int]) -> list[tuple]:
    """Fresh rows for some delegates (after an edit), in no particular order."""
    out: list[tuple] = []
    ids = list(delegate_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out += db.execute(
            f"{_SELECT} WHERE d.id IN ({','.join('?' * len(part))})", part).fetchall()
    return out


def event_units(db: Database, event_id: int) -> list[tuple[int, str]]:
    """Units that may nominate delegates to the event: the host and its subordinates (not the
    clusters and blocs among them: those group units, they send no delegation), and, when the
    host is a cluster or bloc, its member units."""
    sql = """
    SELECT u.id, """ + written_sql() + """ FROM units u JOIN unit_kinds k ON k.code = u.kind
    WHERE u.id = (SELECT unit_id FROM events WHERE id = :e)
       OR (u.parent_id = (SELECT unit_id FROM events WHERE id = :e) AND k.level != 'group')
       OR u.id IN (SELECT g.unit_id FROM unit_groups g
                   WHERE g.group_id = (SELECT unit_id FROM events WHERE id = :e))
       OR u.id IN (SELECT unit_id FROM event_seats WHERE event_id = :e)
       OR EXISTS (SELECT 1 FROM delegates d WHERE d.unit_id = u.id AND d.event_id = :e)
    ORDER BY u.parent_id IS NOT NULL, u.position, u.id
    """
    return [(r[0], r[1]) for r in db.execute(sql, {"e": event_id})]
