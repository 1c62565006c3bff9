"""Sorting by a plan-ordered column in segments (migration 0027) gives the ranking's order.

Giới tính and Năm sinh too, through the person's copies on the delegate (migration 0028).

The segmented path (`services/roster_segments.py`: counts per value, a page read
from the segment holding it) is pinned against the ranking it replaced, still in
the model (`_ranked_ids`: every row of the event ranked in Python, then kept if
it passes the filter), on a generated event with name ties, missing and unknown
units, empty kinds, every status and invitation state, flags and promotions,
unknown sexes and birth years;
every segmented column, both directions, with filters and searches. Also: the
row of a delegate (`row_of`), a sort reading one screenful, and the query plans.
"""

from __future__ import annotations

import random

import pytest

from thidua_desktop.domain.names import fold, sort_key, text_key
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.services import roster_segments as rseg
from thidua_desktop.services import roster_window as rw
from thidua_desktop.services.roster_query import event_units
from thidua_desktop.store.database import open_database

SIZE = 1500  # more than 20 pages of 64: pages span segments, offsets fall inside them
NAMES = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Đức Bình", "Phạm Thu Hà", "Đỗ Minh Đức", "Hồ Thị Yến"]
KINDS = ["", "exemplar", "good_worker", "fighter_grassroots"]
STATES = ["none", "invited", "confirmed", "declined", "substitute"]


@pytest.fixture(scope="module")
def event_file(tmp_path_factory):
    """The demo's district congress grown by SIZE delegates with many ties and odd values."""
    from thidua_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("seg") / "seg.sqlite"
    build_demo(path)
    db = open_database(path)
    event = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    units = [u for u, _ in event_units(db, event)]
    rng = random.Random(18)
    first = db.execute("SELECT max(id) FROM persons").fetchone()[0] + 1
    with db.conn:
        for n in range(SIZE):
            name = rng.choice(NAMES)  # six names: long runs of equal name keys (ties by id)
            # Sex unknown for some; ~70 birth years and unknown ones (migration 0028's copies).
            db.conn.execute("INSERT INTO persons(id, full_name, name_key, sort_key, position_sort, "
                            "sex, birth_year) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [first + n, name, fold(name), sort_key(name), text_key(""),
                             rng.choice(["Nam", "Nữ", "Nữ", None]),
                             rng.choice([None, *range(1950, 2020)])])
            db.conn.execute(
                "INSERT INTO delegates(event_id, person_id, unit_id, category, category_code, "
                "exemplary_kind, status, direct_worker, provincial_awards, presidium, speaker, sort_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event, first + n, rng.choice([*units, None]),
                 rng.choice(["exemplary", "guest", "leader"]), rng.choice(["", "", "ky_niem"]),
                 rng.choice(KINDS), rng.choice(["nominated", "selected", "confirmed", "absent"]),
                 rng.randint(0, 1), rng.choice([0, 0, 1, 2, 7]), int(rng.random() < 0.05),
                 int(rng.random() < 0.1), sort_key(name)])
        ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ?", [event])]
        for delegate_id in rng.sample(ids, 600):
            db.conn.execute("UPDATE delegate_event_day SET invitation = ? WHERE delegate_id = ?",
                            [rng.choice(STATES), delegate_id])
        db.conn.execute("DELETE FROM delegate_event_day WHERE delegate_id = ?", [ids[7]])  # reads 'none'
        for delegate_id in rng.sample(ids, 40):
            db.conn.execute("UPDATE delegates SET promoted_to_id = ? WHERE id = ?", [ids[0], delegate_id])
    db.close()
    return path, event, units


@pytest.fixture
def model(event_file):
    path, event, units = event_file
    db = open_database(path)
    names = dict(event_units(db, event))
    names.pop(units[0])  # a unit the list does not know: ranked with the missing ones, last
    model = m.RosterTableModel()
    model.load(db, event, names, {"good_worker": "Công nhân giỏi", "exemplar": "Điển hình"},
               {"leader": "Lãnh đạo", "exemplary": "Điển hình tiên tiến", "guest": "Khách mời"})
    yield model
    db.close()


def _listed(model) -> list[int]:
    return [model.row_id(r) for r in range(model.rowCount())]


def _ranked(model, column, descending, flt) -> list[int]:
    """The order before migration 0027: the whole event ranked, then filtered."""
    ranked = model._ranked_ids(column, descending)
    if not flt.is_filtered():
        return ranked
    keep = set(rw.matching_ids(model._db, model._event_id, flt))
    return [i for i in ranked if i in keep]


FILTERS = [rw.RosterFilter(), rw.RosterFilter(status="confirmed"), rw.RosterFilter(category="guest"),
           rw.RosterFilter(search="nguyen"), rw.RosterFilter(search="y"),
           rw.RosterFilter(invitation="declined"), rw.RosterFilter(search="ha", status="absent")]


@pytest.mark.parametrize("column", sorted(m._SEGMENTED))
@pytest.mark.parametrize("descending", [False, True])
def test_every_plan_ordered_column_lists_the_rankings_order(model, column, descending, monkeypatch):
    for flt in FILTERS:
        model.set_filter(flt)
        model.sort(m.COL_NAME)
        with monkeypatch.context() as patch:  # the new path ranks nothing
            patch.setattr(rw, "order_values", lambda *a: pytest.fail("ranked the roster"))
            model.sort(column, m.Qt.SortOrder.DescendingOrder if descending else m.Qt.SortOrder.AscendingOrder)
            assert model._segments is not None
            listed = _listed(model)
        expected = _ranked(model, column, descending, flt)
        assert listed == expected, (column, descending, flt)
        assert len(listed) > 0 and len(set(listed)) == len(listed)
        # The reversal (a second click) is the same list backwards, without a new count.
        model.sort(column, m.Qt.SortOrder.AscendingOrder if descending else m.Qt.SortOrder.DescendingOrder)
        assert _listed(model) == expected[::-1]
        model.sort(column, m.Qt.SortOrder.DescendingOrder if descending else m.Qt.SortOrder.AscendingOrder)
        # Every 97th delegate, first and last, placed by SQL at its row.
        model._cached.clear()
        for row in sorted({0, len(listed) - 1, *range(0, len(listed), 97)}):
            assert model.row_of(listed[row]) == row


def test_segments_group_values_of_one_place(model):
    """A missing unit and one the list does not know share the last place, in name order."""
    model.sort(m.COL_UNIT)
    last = model._segments[-1]
    assert None in last.values and len(last.values) == 2
    assert last.count == sum(n for v, n in rseg.value_counts(model._db, model._event_id, rw.RosterFilter(),
                                                             "unit_id") if v in last.values)
    tail = [model.row_values(r) for r in range(model.rowCount() - last.count, model.rowCount())]
    assert [(r[m.F["sort_key"]], r[0]) for r in tail] == sorted((r[m.F["sort_key"]], r[0]) for r in tail)


def test_an_edit_moves_the_row_to_its_new_segment(model):
    model.sort(m.COL_STATUS)
    row = 5
    delegate_id = model.row_id(row)
    before = model.row_values(row)[m.F["status"]]
    new = "absent" if before != "absent" else "selected"
    model._db.execute("UPDATE delegates SET status = ? WHERE id = ?", [new, delegate_id])
    from thidua_desktop.services.roster_query import rows_by_id

    model.update_rows(rows_by_id(model._db, [delegate_id]))
    assert model.row_values(model.row_of(delegate_id))[m.F["status"]] == new
    assert _listed(model) == _ranked(model, m.COL_STATUS, False, rw.RosterFilter())


def _statements(db, action) -> list[str]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        db.conn.set_trace_callback(None)
    return seen


def _plan(db, sql: str) -> str:
    return " | ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.parametrize("field", sorted(rseg.SEGMENT_FIELDS))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("flt", [rw.RosterFilter(), rw.RosterFilter(unit_id=None, status="selected")])
def test_a_segment_page_walks_its_index_without_a_sort(model, field, descending, flt):
    db, event = model._db, model._event_id
    counts = rseg.value_counts(db, event, flt, field)
    segments = [rseg.Segment((v,), n) for v, n in sorted(counts, key=lambda c: (c[0] is not None, c[0]))]
    total = sum(s.count for s in segments)
    seen = _statements(db, lambda: rseg.segment_page_ids(db, event, flt, field, segments, total // 2, 64,
                                                         descending, total))
    index = rseg.SEGMENT_FIELDS[field][1]
    pages = [s for s in seen if "LIMIT" in s]
    assert pages
    for sql in pages:
        plan = _plan(db, sql)
        assert index in plan and "TEMP B-TREE" not in plan, plan
    count_sql = next(s for s in _statements(db, lambda: rseg.value_counts(db, event, flt, field))
                     if "count(" in s)  # a GROUP BY, or unfiltered a count per value
    assert ("delegates_order_status" if flt.status else index) in _plan(db, count_sql)


def test_a_segment_of_two_values_merges_their_walks(model):
    db, event = model._db, model._event_id
    seen = _statements(db, lambda: rseg.segment_page_ids(
        db, event, rw.RosterFilter(), "exemplary_kind", [rseg.Segment(("", "exemplar"), 10**6)], 100, 64))
    plan = _plan(db, seen[-1])
    assert "MERGE (UNION ALL)" in plan and "TEMP B-TREE" not in plan, plan


def test_the_rules_and_counts_never_take_the_order_indexes(model):
    """The indexes of 0027 and 0028 are opt-in (partial): the rules' aggregates keep their plans."""
    import datetime as dt

    from thidua_desktop.services import roster_stats
    from thidua_desktop.services.awards_figures_delegates import delegate_structure
    from thidua_desktop.services.rules import run_all

    db, event = model._db, model._event_id
    plan_id = db.execute("SELECT plan_id FROM events WHERE id = ?", [event]).fetchone()[0]
    # The rules, the counters and the figures by structure (sex, birth year: migration 0028).
    seen = _statements(db, lambda: (run_all(db, [event], dt.date(2026, 6, 1)),
                                    roster_stats.summarize(db, event),
                                    delegate_structure(db, plan_id)))
    selects = {s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))}
    assert len(selects) > 20  # the rules really ran
    assert any("p.sex" in s for s in selects) and any("p.birth_year" in s for s in selects)
    taken = [(s[:120], p) for s in selects if "delegates_order_" in (p := _plan(db, s))]
    assert taken == []
    # ... and the same statement saying the opt-in condition does take one (the test can fail).
    for column, index in (("status", "delegates_order_status"), ("sex", "delegates_order_sex"),
                          ("birth_year", "delegates_order_birth_year")):
        sql = (f"SELECT d.{column}, count(*) FROM delegates d WHERE d.event_id = {event} "
               f"AND {rseg.OPT_IN} GROUP BY 1")
        assert index in _plan(db, sql)
        plain = f"SELECT d.{column}, count(*) FROM delegates d WHERE d.event_id = {event} GROUP BY 1"
        assert "delegates_order_" not in _plan(db, plain)


def test_the_status_filter_is_counted_on_its_index(model):
    db, event = model._db, model._event_id
    flt = rw.RosterFilter(status="absent")
    seen = _statements(db, lambda: rw.count(db, event, flt))
    assert "delegates_order_status" in _plan(db, seen[-1])
    assert rw.count(db, event, flt) == db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ? AND status = 'absent'", [event]).fetchone()[0]


@pytest.mark.parametrize("flt", [rw.RosterFilter(unit_id=-1), rw.RosterFilter(status="absent"),
                                 rw.RosterFilter(category="guest"), rw.RosterFilter(invitation="invited"),
                                 rw.RosterFilter(unit_id=-1, status="confirmed")])
@pytest.mark.parametrize("descending", [False, True])
def test_a_filtered_name_order_reads_its_filters_index(model, flt, descending):
    """The filter's rows in name order straight from its index: no sort, no walk past others;
    the same rows as a plain sort in Python, and each one's row from `rank`."""
    db, event = model._db, model._event_id
    if flt.unit_id == -1:
        flt = rw.RosterFilter(unit_id=model._units and next(iter(model._units)), status=flt.status)
    seen = _statements(db, lambda: rw.page_ids(db, event, flt, 5, 64, descending))
    plan = _plan(db, seen[-1])
    assert "delegates_order_" in plan and "TEMP B-TREE" not in plan, plan
    # The filter written out here, the invitation read from delegate_event_day itself.
    tests = {"unit_id": "d.unit_id", "status": "d.status", "category": rw.CATEGORY_CODE,
             "invitation": rw.INVITATION}
    chosen = {k: getattr(flt, k) for k in tests if getattr(flt, k) not in (None, "")}
    rows = db.execute("SELECT d.sort_key, d.id FROM delegates d WHERE d.event_id = ? "
                      + "".join(f"AND {tests[k]} = ? " for k in chosen), [event, *chosen.values()])
    expected = [i for _k, i in sorted(rows.fetchall(), reverse=descending)]
    assert rw.page_ids(db, event, flt, 5, 64, descending) == expected[5:69] and len(expected) > 5
    assert [rw.rank(db, event, flt, i, descending) for i in expected[:70:7]] == list(
        range(0, min(70, len(expected)), 7))
    assert rw.count(db, event, flt) == len(expected)


def test_sex_and_birth_year_segments_keep_the_old_places(model):
    """Unknown first, then Nam, Nữ; unknown years first, then each year upwards; one
    segment per place, its count that of the persons' values (not their copies)."""
    persons = "FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ?"
    for column, field in ((m.COL_SEX, "sex"), (m.COL_BIRTH_YEAR, "birth_year")):
        model.sort(column)
        counts = dict(model._db.execute(f"SELECT p.{field}, count(*) {persons} GROUP BY 1",
                                        [model._event_id]).fetchall())
        segments = model._segments
        assert [s.values for s in segments] == [(v,) for v in sorted(
            counts, key=lambda v: (v is not None, v))]
        assert [s.count for s in segments] == [counts[s.values[0]] for s in segments]
    assert len(segments) > 60  # ~70 years and the unknown ones


@pytest.mark.parametrize("column, field, new", [(m.COL_BIRTH_YEAR, "birth_year", 2011),
                                                (m.COL_SEX, "sex", None)])
def test_editing_the_person_moves_the_row_to_its_new_segment(model, column, field, new):
    """An edit of the person (roster_service, as the tab's command writes it) reaches the
    copy, and the row leaves its segment for the new value's, as the ranking places it."""
    from thidua_desktop.services import roster_service as rs
    from thidua_desktop.services.roster_query import rows_by_id

    model.sort(column)
    delegate_id = model.row_id(model.rowCount() - 1)  # the last segment's: it must move
    db = model._db
    db.conn.execute("SAVEPOINT edit")
    try:
        rs.update_delegates(db, [delegate_id], {field: new})
        model.update_rows(rows_by_id(db, [delegate_id]))
        row = model.row_of(delegate_id)
        assert row < model.rowCount() - 1 and model.row_values(row)[m.F[field]] == new
        assert _listed(model) == _ranked(model, column, False, rw.RosterFilter())
    finally:
        db.conn.execute("ROLLBACK TO edit")
        db.conn.execute("RELEASE edit")


@pytest.mark.parametrize("field", sorted(rseg.SEGMENT_FIELDS))
def test_unfiltered_counts_equal_a_group_by(model, field):
    """Unfiltered, the values come by seeks on the column's index (`event_values`) and each
    is counted on its range: the same (value, rows) as a GROUP BY written out here, NULL
    first, and no statement scans the table or sorts."""
    db, event = model._db, model._event_id
    expr = rseg.SEGMENT_FIELDS[field][0]
    grouped = db.execute(f"SELECT {expr}, count(*) FROM delegates d WHERE d.event_id = ? GROUP BY 1",
                         [event]).fetchall()
    counts = rseg.value_counts(db, event, rw.RosterFilter(), field)
    assert counts == sorted(grouped, key=lambda c: (c[0] is not None, c[0])) and len(counts) > 1
    assert rseg.event_values(db, event, field) == [v for v, _n in counts]
    seen = _statements(db, lambda: rseg.value_counts(db, event, rw.RosterFilter(), field))
    assert len(seen) == 2  # the values walked and counted in one statement, the NULL rows counted
    for sql in seen:
        plan = _plan(db, sql)
        assert rseg.SEGMENT_FIELDS[field][1] in plan and "SCAN d" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan
