"""The roster model reads what is on screen, not the roster: 100,000 delegates in a temp file.

Counted, not timed: the rows the model reads (`rows_fetched`) and the SQL
statements it runs (sqlite3's trace callback) while a real table view shows
it, sorts it, searches it and scrolls it. Speed is measured in bench/.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from thidua_desktop.domain.names import fold, sort_key
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.roster_proxy import RosterFilterProxy
from thidua_desktop.services.roster_query import event_units
from thidua_desktop.store.database import open_database

SIZE = 100_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đình", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Xuân", "Thu", "Kim",
          "Đức", "Hoài", "Gia", "Bảo", "Như", "Trọng", "Khánh", "Diệu", "Thiên"]
GIVEN = ["An", "Ánh", "Bình", "Chi", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hiếu",
         "Hoa", "Hùng", "Hưng", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Phúc",
         "Quang", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The demo with its district congress grown to SIZE delegates (bulk SQL, triggers on)."""
    from thidua_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    build_demo(path)
    db = open_database(path)
    event = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    have = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event]).fetchone()[0]
    units = [u for u, _ in event_units(db, event)]
    first = db.execute("SELECT max(id) FROM persons").fetchone()[0] + 1
    names = itertools.islice(itertools.cycle(
        f"{f} {mid} {g}" for f in FAMILY for mid in MIDDLE for g in GIVEN), SIZE - have)
    persons, delegates = [], []
    for n, name in enumerate(names):
        pid = first + n
        persons.append((pid, name, fold(name), sort_key(name), 1950 + n % 50))
        delegates.append((event, pid, units[n % len(units)], ("nominated", "confirmed")[n % 2],
                          persons[-1][3]))
    with db.conn:
        db.conn.executemany("INSERT INTO persons(id, full_name, name_key, sort_key, birth_year) "
                            "VALUES (?, ?, ?, ?, ?)", persons)
        db.conn.executemany("INSERT INTO delegates(event_id, person_id, unit_id, status, sort_key) "
                            "VALUES (?, ?, ?, ?, ?)", delegates)
    db.close()
    return path, event


@pytest.fixture
def shown(big, qtbot):
    """A real table view on the model (through the tab's proxy), 1920×1080, painted."""
    path, event = big
    db = open_database(path)
    statements = []
    db.conn.set_trace_callback(statements.append)
    model = m.RosterTableModel()
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(m.COL_NAME, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    model.load(db, event, dict(event_units(db, event)), {})
    qtbot.wait(50)  # paint
    yield model, proxy, view, statements
    db.close()


def _visible_rows(view) -> int:
    return view.viewport().height() // view.verticalHeader().defaultSectionSize() + 1


def test_opening_reads_one_screenful_not_the_roster(shown):
    model, _proxy, view, statements = shown
    assert model.rowCount() == SIZE and model.total() == SIZE
    assert 0 < _visible_rows(view) <= m.PAGE  # one page covers a 1080-pixel screen
    assert model.rows_fetched <= m.PAGE  # the first page only
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 6  # a count, one page of ids, its rows (and setup look-ups)
    assert model.index(0, m.COL_NAME).data()  # what is shown is there


def test_scrolling_to_the_end_reads_the_last_screenful_only(shown, qtbot):
    model, _proxy, view, _ = shown
    before = model.rows_fetched
    view.scrollToBottom()
    qtbot.wait(50)
    assert model.rows_fetched - before <= 2 * m.PAGE
    last = model.row_values(SIZE - 1)
    first = model.row_values(0)
    assert first[m.F["sort_key"]] <= last[m.F["sort_key"]]
    assert len(model._pages) <= m.MAX_PAGES  # memory stays bounded


def test_sorting_by_name_and_searching_read_one_screenful_each(shown, qtbot):
    model, proxy, view, statements = shown
    before = model.rows_fetched
    view.sortByColumn(m.COL_NAME, Qt.SortOrder.DescendingOrder)
    qtbot.wait(50)
    assert model.rows_fetched - before <= m.PAGE
    keys = [model.row_values(r)[m.F["sort_key"]] for r in range(5)]
    assert keys == sorted(keys, reverse=True)
    view.sortByColumn(m.COL_NAME, Qt.SortOrder.AscendingOrder)
    statements.clear()
    before = model.rows_fetched
    proxy.set_search("đuc ngu")  # as typed: two partial words, any order
    qtbot.wait(50)
    hits = proxy.rowCount()
    assert 0 < hits < SIZE
    assert model.rows_fetched - before <= m.PAGE
    assert not any("LIKE" in s.upper() for s in statements)  # the index, not a scan of names
    shown_names = [proxy.index(r, m.COL_NAME).data() for r in range(min(hits, 20))]
    assert all("Nguyễn" in n and "Đức" in n for n in shown_names)
    proxy.set_search("zzqx")
    assert proxy.rowCount() == 0
    proxy.set_search("")
    assert proxy.rowCount() == SIZE


def test_an_edit_keeps_the_selection_on_its_row(shown, qtbot):
    model, proxy, view, _ = shown
    view.selectRow(3)
    did = proxy.index(3, 0).data(m.IdRole)
    model.editor = lambda ids, changes: True
    fresh = list(model.row_values(3))
    fresh[m.F["note"]] = "Đã xác minh"
    before = model.rows_fetched
    model.update_rows([tuple(fresh)])
    assert model.rows_fetched == before  # the note does not move the row: nothing read again
    assert model.index(3, m.COL_NOTE).data() == "Đã xác minh"
    assert view.selectionModel().selectedRows()[0].data(m.IdRole) == did


@pytest.mark.parametrize("how_many", [3, m._RANK_LIMIT, m._RANK_LIMIT + 1, 300])
def test_rows_of_many_delegates_at_once(shown, how_many):
    """Placed one by one up to _RANK_LIMIT, in one read above it: the same rows either way."""
    model, _proxy, _view, _ = shown
    wanted = [row * 997 % SIZE for row in range(how_many)]  # spread over the whole roster
    ids = [model.row_id(r) for r in wanted]
    model._pages.clear()
    model._cached.clear()
    assert model.rows_of(ids + [-5]) == dict(zip(ids, wanted, strict=True))


def test_searching_a_roster_sorted_by_another_column_keeps_that_order(shown, qtbot, monkeypatch):
    from thidua_desktop.services import roster_window as rw

    model, proxy, view, _ = shown
    view.sortByColumn(m.COL_BIRTH_YEAR, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == SIZE
    monkeypatch.setattr(rw, "order_values", lambda *a: pytest.fail("ranked the roster again"))
    proxy.set_search("đuc ngu")
    hits = proxy.rowCount()
    assert hits == rw.count(model._db, model._event_id, rw.RosterFilter(search="đuc ngu"))
    years = [int(proxy.index(r, m.COL_BIRTH_YEAR).data()) for r in range(hits)]
    assert years == sorted(years, reverse=True)
    names = [proxy.index(r, m.COL_NAME).data() for r in range(0, hits, max(1, hits // 50))]
    assert all("Nguyễn" in n and "Đức" in n for n in names)
    proxy.set_search("")
    assert proxy.rowCount() == SIZE


def test_a_renamed_delegate_moves_and_the_selection_follows(shown):
    from thidua_desktop.services import roster_service as rs
    from thidua_desktop.services.roster_query import rows_by_id

    model, proxy, view, _ = shown
    view.selectRow(40)
    did = proxy.index(40, 0).data(m.IdRole)
    rs.update_delegates(model._db, [did], {"full_name": "Zương Văn A"})  # given name A: before An, Ánh
    model.update_rows(rows_by_id(model._db, [did]))
    row = model.row_of(did)
    assert row is not None and row < 40 and model.rowCount() == SIZE
    assert model.index(row, m.COL_NAME).data() == "Zương Văn A"
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    keys = [model.row_values(r)[m.F["sort_key"]] for r in range(max(0, row - 2), row + 3)]
    assert keys == sorted(keys)


@pytest.mark.parametrize("column", [m.COL_NAME, m.COL_WORKPLACE])
def test_the_selection_follows_its_delegate_through_a_sort(shown, column):
    model, proxy, view, _ = shown
    view.selectRow(5)
    did = proxy.index(5, 0).data(m.IdRole)
    view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [i.data(m.IdRole) for i in selected] == [did]
    assert selected[0].row() == model.row_of(did)


@pytest.mark.parametrize("column", [m.COL_NAME, m.COL_BIRTH_YEAR])
@pytest.mark.parametrize("search", ["", "đuc ngu"])
def test_reversing_an_order_counts_and_ranks_nothing_and_keeps_the_selection(shown, qtbot, column, search):
    """A second click on the same header: row r becomes count-1-r, exactly as a fresh sort."""
    from thidua_desktop.services import roster_window as rw

    model, proxy, view, statements = shown
    proxy.set_search(search)
    view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    count = model.rowCount()
    assert count > 100
    view.selectRow(7)
    did = proxy.index(7, 0).data(m.IdRole)
    tail = [model.row_id(count - 1 - r) for r in range(3)]
    statements.clear()
    view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    qtbot.wait(20)
    assert not any("count(" in s.lower() for s in statements)  # nothing counted or placed by SQL
    assert model.rowCount() == count
    assert [model.row_id(r) for r in range(3)] == tail
    selected = view.selectionModel().selectedRows()
    assert [(i.row(), i.data(m.IdRole)) for i in selected] == [(count - 1 - 7, did)]
    flt = rw.RosterFilter(search=search)
    if column == m.COL_NAME:
        fresh = rw.page_ids(model._db, model._event_id, flt, 0, 5, descending=True)
    else:
        keep = set(rw.matching_ids(model._db, model._event_id, flt))
        fresh = [i for i in model._ranked_ids(column, True) if i in keep][:5]
    assert [model.row_id(r) for r in range(5)] == fresh
    view.sortByColumn(column, Qt.SortOrder.AscendingOrder)  # and back
    assert [(i.row(), i.data(m.IdRole)) for i in view.selectionModel().selectedRows()] == [(7, did)]
    proxy.set_search("")


@pytest.mark.parametrize("column", [m.COL_WORKPLACE, m.COL_BIRTH_YEAR, m.COL_STATUS, m.COL_UNIT,
                                    m.COL_CATEGORY, m.COL_PROMOTED, m.COL_SEX])
def test_ranking_by_a_column_equals_sorting_on_rank_name_key_and_id(shown, column):
    """The grouped ranking is the plain sort of (the column's rank, name key, id), both ways."""
    model, _proxy, _view, _ = shown
    db = model._db
    # Ties and promoted delegates, so that the groups and the name order inside them count
    # (undone at the end: the file serves the whole module).
    db.conn.execute("SAVEPOINT ranking")
    db.execute("UPDATE delegates SET promoted_to_id = id WHERE event_id = ? AND id % 7 = 0", [model._event_id])
    db.execute("UPDATE persons SET workplace = 'Ủy ban nhân dân xã' WHERE id % 50 = 0")
    db.execute("UPDATE persons SET workplace = 'Uỷ ban nhân dân xã' WHERE id % 50 = 1")
    field = m._FIELDS[column][1] or "promoted_to_id"
    expr = m.rw.ORDER_FIELDS[field]
    rows = db.execute(f"SELECT d.id, {expr}, d.sort_key FROM delegates d JOIN persons p ON p.id = d.person_id "
                      "WHERE d.event_id = ?", [model._event_id]).fetchall()
    keys = model._order_keys(column, {v for _i, v, _k in rows})
    expected = [i for _r, _k, i in sorted((keys[v], k, i) for i, v, k in rows)]
    assert len(expected) == SIZE
    assert model._ranked_ids(column, False) == expected
    assert model._ranked_ids(column, True) == expected[::-1]
    db.conn.execute("ROLLBACK TO ranking")
    db.conn.execute("RELEASE ranking")


def test_text_ranks_follow_the_vietnamese_collation_not_code_points(shown):
    model, _proxy, _view, _ = shown
    keys = model._order_keys(m.COL_WORKPLACE, {"Đội thuế", "Dân vận", "Ấp Một", "Ban Tuyên giáo", None, "an ninh"})
    ordered = sorted(keys, key=keys.get)
    assert ordered == [None, "an ninh", "Ấp Một", "Ban Tuyên giáo", "Dân vận", "Đội thuế"]
    years = model._order_keys(m.COL_BIRTH_YEAR, {None, 1999, "2001", 1950})
    assert sorted(years, key=years.get) == [None, 1950, 1999, "2001"]
