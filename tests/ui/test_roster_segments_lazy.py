"""Segments counted only when needed (issue 18): the same pages and rows as counted ones.

An unfiltered sort by a plan-ordered column no longer counts every value's range
before showing its first rows: a segment read from its first row needs no count,
and the count of the rows listed is kept from the order before (the same rows).
Pinned here against segments whose counts are all given (`value_counts`), page
by page at, just before and just after every segment's edge, both directions,
with rows placed by `row_of`; and the first screenful is shown to count nothing.
"""

from __future__ import annotations

import pytest

from tests.ui.test_roster_segments import _statements, event_file, model  # noqa: F401 - fixtures
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.services import roster_segments as rseg
from thidua_desktop.services import roster_window as rw

FIELDS = ["unit_id", "status", "birth_year", "exemplary_kind", "promoted_to_id"]


def _segments(db, event, field, lazy: bool) -> list[rseg.Segment]:
    counts = rseg.value_counts(db, event, rw.RosterFilter(), field)
    ordered = sorted(counts, key=lambda c: (c[0] is not None, c[0]))
    if not lazy:
        return [rseg.Segment((v,), n) for v, n in ordered]
    counter = rseg.value_counter(db, event, field)
    return [rseg.Segment((v,), counter=counter) for v, _n in ordered]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("descending", [False, True])
def test_lazy_segments_read_the_same_pages(model, field, descending):  # noqa: F811
    db, event = model._db, model._event_id
    counted = _segments(db, event, field, lazy=False)
    total = sum(s.count for s in counted)
    edges, start = set(), 0
    for s in (reversed(counted) if descending else counted):
        start += s.count
        edges |= {start - 1, start, start + 1}
    offsets = sorted({0, 1, 63, 64, 65, total - 64, total - 1, *edges} & set(range(total)))
    for offset in offsets:
        lazy = _segments(db, event, field, lazy=True)  # fresh: nothing counted yet
        want = rseg.segment_page_ids(db, event, rw.RosterFilter(), field, counted, offset, 64,
                                     descending, total)
        got = rseg.segment_page_ids(db, event, rw.RosterFilter(), field, lazy, offset, 64,
                                    descending, total)
        assert got == want and len(got) == min(64, total - offset), (field, descending, offset)
        # Counts learnt on the way are the true ones.
        for a, b in zip(lazy, counted, strict=True):
            assert a.known() in (None, b.count)
    whole = rseg.segment_page_ids(db, event, rw.RosterFilter(), field,
                                  _segments(db, event, field, lazy=True), 0, total, descending, total)
    assert whole == rseg.segment_page_ids(db, event, rw.RosterFilter(), field, counted, 0, total,
                                          descending, total)
    assert len(whole) == total == len(set(whole))


@pytest.mark.parametrize("field", FIELDS)
def test_a_lazy_rank_equals_a_counted_one(model, field):  # noqa: F811
    db, event = model._db, model._event_id
    counted = _segments(db, event, field, lazy=False)
    order = rseg.segment_page_ids(db, event, rw.RosterFilter(), field, counted, 0, 10**6)
    for row in sorted({0, 1, len(order) // 2, len(order) - 2, len(order) - 1}):
        for descending in (False, True):
            expected = row if not descending else len(order) - 1 - row
            for total in (None, len(order)):  # from the start, or from the end when cheaper
                lazy = _segments(db, event, field, lazy=True)
                assert rseg.segment_rank(db, event, rw.RosterFilter(), field, lazy, order[row],
                                         descending, total) == expected, (row, descending, total)
            # Counted from the end: the segments before the row stay uncounted.
            lazy = _segments(db, event, field, lazy=True)
            rseg.segment_rank(db, event, rw.RosterFilter(), field, lazy, order[-1], False, len(order))
            assert sum(s.known() is None for s in lazy) >= len(lazy) - 1


def test_a_segment_needs_a_count_or_a_counter():
    with pytest.raises(ValueError):
        rseg.Segment(("a",))
    assert rseg.Segment(("a",), 0).count == 0


@pytest.mark.parametrize("column", [m.COL_UNIT, m.COL_STATUS])
@pytest.mark.parametrize("order", [m.Qt.SortOrder.AscendingOrder, m.Qt.SortOrder.DescendingOrder])
def test_an_unfiltered_click_counts_nothing_for_its_first_screen(model, column, order):  # noqa: F811
    model.sort(m.COL_NAME)
    rows = model.rowCount()
    seen = _statements(model._db, lambda: (model.sort(column, order), model.row_id(0),
                                           model.row_id(40)))
    # Only the seek asking whether any value is NULL (LIMIT 1); no range counted.
    assert not [s for s in seen if "count(" in s and "LIMIT 1)" not in s], seen
    assert model.rowCount() == rows
    # The rest still counted exactly when asked: the last row is the last of the order.
    listed = [model.row_id(r) for r in range(rows)]
    assert len(set(listed)) == rows
    assert [model.row_of(i) for i in listed[-3:]] == [rows - 3, rows - 2, rows - 1]


def test_a_filtered_click_keeps_its_counted_segments(model):  # noqa: F811
    model.set_filter(rw.RosterFilter(status="confirmed"))
    model.sort(m.COL_UNIT)
    assert all(s.known() is not None for s in model._segments)
    assert sum(s.count for s in model._segments) == model.rowCount() == rw.count(
        model._db, model._event_id, rw.RosterFilter(status="confirmed"))
