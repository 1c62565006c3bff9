"""The roster ordered by a column whose order is the plan's, one screenful at a time.

Units (their places), categories (the protocol order), statuses, kinds and
invitation states (their labels), the flags and the number of provincial
awards are ordered by something the officer can change, so no rank is stored
on the delegates. Instead (migration 0027) each such column has an index
(event_id, value, sort_key), and the order (rank of the value, name key, id)
is read as a row of *segments*, one per place in the order. The person's sex
and birth year (a few values each) are read the same way from their copies
on the delegate (migration 0028):

1. `value_counts`: the rows of each value (one GROUP BY along the column's index,
   a few hundred values at most); the window puts the values in the plan's order
   and groups values sharing a place (a missing unit and an unknown one, say)
   into one `Segment`. Unfiltered, the values come by seeks (`event_values`) and
   each segment's rows are counted only when first needed (`Segment.count`): the
   first page of either direction needs none, a placement only one side's;
2. `segment_page_ids`: the page at offset n is found by walking the segments'
   counts and reading `WHERE event_id = ? AND value = ? ORDER BY sort_key, id
   LIMIT/OFFSET` from the segment holding row n (and the next ones if the page
   spans them), along that index: no sort, nothing ranked over the roster.
   Descending walks the segments backwards, each one backwards: exactly the
   ascending order reversed, as before.

The indexes are partial (`WHERE sort_key IS NOT NULL`, true of every row) so
that only queries stating that condition, these, can take them: the rules'
aggregates keep their plans (see the migration).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from thidua_desktop.services import roster_window as rw

OPT_IN = rw.OPT_IN  # what a query says to be allowed the partial indexes of migration 0027

# field -> (SQL expression on delegates d, its index of migration 0027).
SEGMENT_FIELDS = {
    "unit_id": ("d.unit_id", "delegates_order_unit"),
    "category_code": (rw.CATEGORY_CODE, "delegates_order_category"),
    "exemplary_kind": ("d.exemplary_kind", "delegates_order_kind"),
    "status": ("d.status", "delegates_order_status"),
    "invitation": ("d.invitation", "delegates_order_invitation"),  # the copy of 0027
    "direct_worker": ("d.direct_worker", "delegates_order_direct"),
    "provincial_awards": ("d.provincial_awards", "delegates_order_awards"),
    "presidium": ("d.presidium", "delegates_order_presidium"),
    "speaker": ("d.speaker", "delegates_order_speaker"),
    # The column shows only whether the delegate was sent up: 0 or 1.
    "promoted_to_id": ("(d.promoted_to_id IS NOT NULL)", "delegates_order_promoted"),
    # The person's sex and birth year, copied onto the delegate (migration 0028).
    "sex": ("d.sex", "delegates_order_sex"),
    "birth_year": ("d.birth_year", "delegates_order_birth_year"),
}

# Filters with an index of their own, in the order a count prefers them (fewest rows first).
_FILTER_INDEXES = (("unit_id", "delegates_order_unit"), ("status", "delegates_order_status"),
                   ("category", "delegates_order_category"),
                   ("invitation", "delegates_order_invitation"))


class Segment:
    """Values sharing one place in the order (usually one) and how many listed rows hold them.

    `count` may be left to `counter` (values -> rows), asked only when first read: an
    unfiltered sort needs no count to show its first (or, descending, last) rows, and
    counting every value's range was most of a click's cost at 100,000 (issue 18).
    """

    __slots__ = ("values", "_count", "_counter")

    def __init__(self, values: tuple, count: int | None = None,
                 counter: Callable[[tuple], int] | None = None):
        if count is None and counter is None:
            raise ValueError("a segment needs its count or a way to count it")
        self.values, self._count, self._counter = values, count, counter

    @property
    def count(self) -> int:
        """The rows of the segment (counted now if not known yet)."""
        if self._count is None:
            self._count = self._counter(self.values)
        return self._count

    def known(self) -> int | None:
        """The count if known, without counting."""
        return self._count

    def learn(self, count: int) -> None:
        """The count found otherwise (the segment read to its end)."""
        self._count = count

    def __eq__(self, other) -> bool:
        return isinstance(other, Segment) and (self.values, self.count) == (other.values, other.count)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Segment({self.values!r}, {self._count!r})"


def _filter_index(flt: rw.RosterFilter) -> str | None:
    for name, index in _FILTER_INDEXES:
        if getattr(flt, name) not in (None, ""):
            return index
    return None


def _loose_scan(field: str, select: str) -> str:
    """SQL walking the event's distinct non-NULL values `x` of a column's index by seeks (the
    next value is the least one above the last: a loose index scan), selecting `select`."""
    expr, index = SEGMENT_FIELDS[field]
    on = f"FROM delegates d INDEXED BY {index} WHERE d.event_id = ? AND {OPT_IN}"
    return (f"WITH RECURSIVE v(x) AS (SELECT min({expr}) {on} UNION ALL "
            f"SELECT (SELECT min({expr}) {on} AND {expr} > v.x) FROM v WHERE v.x IS NOT NULL) "
            f"SELECT {select} FROM v WHERE x IS NOT NULL")


def _null_count(db: Database, event_id: int, field: str, limit: str = "") -> int:
    expr, index = SEGMENT_FIELDS[field]
    return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM delegates d INDEXED BY {index} "
                      f"WHERE d.event_id = ? AND {OPT_IN} AND {expr} IS NULL{limit})",
                      [event_id]).fetchone()[0]


def event_values(db: Database, event_id: int, field: str) -> list:
    """The distinct values of `field` among the event's delegates (None first if any), by
    seeks along the column's index: ~0.05 ms for 43 values at 100,000 rows."""
    values = [r[0] for r in db.execute(_loose_scan(field, "x"), [event_id, event_id])]
    return [None, *values] if _null_count(db, event_id, field, " LIMIT 1") else values


def value_counter(db: Database, event_id: int, field: str) -> Callable[[tuple], int]:
    """Counts the event's rows holding any of some values, on the column's index (unfiltered:
    what `value_counts` gives those values)."""
    expr, index = SEGMENT_FIELDS[field]

    def count(values: tuple) -> int:
        total = 0
        for value in values:
            test, extra = (f"{expr} IS NULL", []) if value is None else (f"{expr} = ?", [value])
            total += db.execute(f"SELECT count(*) FROM delegates d INDEXED BY {index} "
                                f"WHERE d.event_id = ? AND {OPT_IN} AND {test}",
                                [event_id, *extra]).fetchone()[0]
        return total
    return count


def value_counts(db: Database, event_id: int, flt: rw.RosterFilter, field: str) -> list[tuple]:
    """(value, rows) of each value of `field` among the delegates passing the filter.

    Unfiltered: the values by seeks (`event_values`' walk), each counted on its range of
    the column's index, in one statement: 5-6 ms of CPU at 100,000 where one GROUP BY
    along the same index took 9-10 (it reads and compares every row's value). With a
    filter: a GROUP BY along the filter's index; a search alone: from its hits.
    """
    expr, index = SEGMENT_FIELDS[field]
    if not flt.is_filtered():
        count = (f"x, (SELECT count(*) FROM delegates d INDEXED BY {index} "
                 f"WHERE d.event_id = ? AND {OPT_IN} AND {expr} = v.x)")
        counted = db.execute(_loose_scan(field, count), [event_id, event_id, event_id]).fetchall()
        nulls = _null_count(db, event_id, field)
        return [(None, nulls), *counted] if nulls else counted
    where, params = rw.where_clause(event_id, flt)
    by = _filter_index(flt) or (None if rw.search_match(flt.search) else index)
    if by is None:
        where[0] = "+d.event_id = ?"  # unary +: start from the search's hits
    else:
        where.append(OPT_IN)
    indexed = f" INDEXED BY {by}" if by else ""
    sql = f"SELECT {expr}, count(*) FROM delegates d{indexed} WHERE {' AND '.join(where)} GROUP BY 1"
    return db.execute(sql, params).fetchall()


def _arm(expr: str, index: str | None, where: list[str], value, columns: str) -> tuple[str, list]:
    """One value's rows: the SELECT of a segment's arm and the value's parameter."""
    test, extra = (f"{expr} IS NULL", []) if value is None else (f"{expr} = ?", [value])
    indexed = f" INDEXED BY {index}" if index else ""
    return (f"SELECT {columns} FROM delegates d{indexed} WHERE {' AND '.join([*where, test])}",
            extra)


def _segment_arms(field: str, flt: rw.RosterFilter, event_id: int, values: tuple, few: bool,
                  columns: str) -> list[tuple[str, list]]:
    """One SELECT of `columns` per value of a segment, with its parameters.

    `few`: a search with few hits drives the query (the hits sorted: cheap); otherwise
    the column's index is walked and each row tested against the filter.
    """
    expr, index = SEGMENT_FIELDS[field]
    where, params = rw.where_clause(event_id, flt)
    if few:
        where[0], index = "+d.event_id = ?", None
    else:
        where.append(OPT_IN)
    arms = []
    for value in values:
        sql, extra = _arm(expr, index, where, value, columns)
        arms.append((sql, [*params, *extra]))
    return arms


def _few(flt: rw.RosterFilter, total: int | None) -> bool:
    return bool(rw.search_match(flt.search)) and total is not None and total <= rw._FEW_HITS


def segment_page_ids(db: Database, event_id: int, flt: rw.RosterFilter, field: str,
                     segments: list[Segment], offset: int, limit: int,
                     descending: bool = False, total: int | None = None) -> list[int]:
    """Ids of rows offset..offset+limit-1 in the segments' order (or its exact reverse)."""
    way = " DESC" if descending else ""
    few = _few(flt, total)
    ids: list[int] = []
    start = 0

    def read(segment: Segment, want: int, local: int) -> list[int]:
        arms = _segment_arms(field, flt, event_id, segment.values, few, "d.id, d.sort_key")
        # Several values: SQLite merges the arms' ordered walks (no sort).
        sql = " UNION ALL ".join(a for a, _p in arms) + f" ORDER BY 2{way}, 1{way} LIMIT ? OFFSET ?"
        params = [p for _a, arm_params in arms for p in arm_params]
        return [r[0] for r in db.execute(sql, [*params, want, local])]

    for segment in (reversed(segments) if descending else segments):
        want = limit - len(ids)
        if segment.known() is None and start >= offset:
            # Read from its first row: its count is not needed, only learnt if it ends here.
            got = read(segment, want, 0)
            ids += got
            if len(got) < want:
                segment.learn(len(got))
                start += len(got)
                continue
            break
        end = start + segment.count
        if end > offset and len(ids) < limit and segment.count:
            ids += read(segment, want, max(0, offset - start))
        start = end
        if len(ids) >= limit or start >= offset + limit:
            break
    return ids


def segment_rank(db: Database, event_id: int, flt: rw.RosterFilter, field: str,
                 segments: list[Segment], delegate_id: int, descending: bool = False,
                 total: int | None = None) -> int | None:
    """The row of a delegate in `segment_page_ids`' order; None if it is not listed.

    Its row is the rows before it; given `total` (the rows listed) it may instead be
    `total - 1 -` the rows after it: counted on the side with fewer segments whose count
    is not known yet, since counting is what a placement costs (issue 18).
    """
    expr, _index = SEGMENT_FIELDS[field]
    where, params = rw.where_clause(event_id, flt)
    found = db.execute(f"SELECT {expr}, d.sort_key FROM delegates d WHERE {' AND '.join(where)} "
                       "AND d.id = ?", [*params, delegate_id]).fetchone()
    if found is None:
        return None
    value, key = found
    ordered = list(reversed(segments)) if descending else segments
    place = next((i for i, s in enumerate(ordered) if value in s.values), None)
    if place is None:
        return None  # a value the segments do not know: the order is out of date
    earlier, later = ordered[:place], ordered[place + 1:]
    unknown = [sum(s.known() is None for s in side) for side in (earlier, later)]
    from_end = total is not None and unknown[1] < unknown[0]
    side = later if from_end else earlier
    sign = ">" if from_end != descending else "<"
    counted = sum(s.count for s in side) + sum(
        db.execute(f"{sql} AND (d.sort_key, d.id) {sign} (?, ?)",
                   [*params, key, delegate_id]).fetchone()[0]
        for sql, params in _segment_arms(field, flt, event_id, ordered[place].values, False,
                                         "count(*)"))
    return total - 1 - counted if from_end else counted
