"""Sorting the roster by a free-text column: one page query on its stored key (issue 18).

A real table view over the demo file: the order shown equals a plain sort of
(text_key, name key, id), both ways; no column is ranked in Python; an edit
moves its row to its new place and the selection follows; the stored key
orders Vietnamese texts as Qt's QCollator does.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtWidgets import QTableView

from thidua_desktop.domain.names import TEXT_KEY_WORDS, text_key
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.roster_proxy import RosterFilterProxy
from thidua_desktop.services import roster_service as rs
from thidua_desktop.services import roster_window as rw
from thidua_desktop.services.roster_query import F, event_units, rows_by_id
from thidua_desktop.store.database import open_database

KEYED = [m.COL_ETHNICITY, m.COL_POSITION, m.COL_WORKPLACE, m.COL_FIELD, m.COL_SECTOR,
         m.COL_ACHIEVEMENT, m.COL_NOTE]
POSITIONS = ["Bí thư", "Bí thư Chi bộ", "Phó Bí thư", "Chủ tịch", "Chủ tịch UBND xã",
             "Phó Chủ tịch", "Ủy viên", "Đội trưởng", "Giáo viên", "Giám đốc", "Ấp trưởng",
             "Trưởng ấp", "Cán bộ", "Công nhân", "Cựu chiến binh", "Ảnh", "Anh", "Ánh", "Ạnh",
             "Ăn", "Ân", "Ơn", "Ôn", "On", "Ưu", "Út", "Đào", "Dao", "Dạo", "Đảo", "", "Y sĩ"]


@pytest.fixture
def shown(tmp_path, qtbot):
    from thidua_desktop.services.demo import build_demo

    path = tmp_path / "demo.sqlite"
    build_demo(path)
    db = open_database(path)
    event = db.execute("SELECT event_id FROM delegates GROUP BY event_id ORDER BY count(*) DESC"
                       ).fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ?", [event])]
    for n, did in enumerate(ids):  # ties and every Vietnamese letter class among the values
        rs.update_delegates(db, [did], {"position": POSITIONS[n % len(POSITIONS)],
                                        "note": POSITIONS[n * 7 % len(POSITIONS)]})
    model = m.RosterTableModel()
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(m.COL_NAME, Qt.SortOrder.AscendingOrder)
    view.resize(1024, 600)
    view.show()
    qtbot.waitExposed(view)
    model.load(db, event, dict(event_units(db, event)), {})
    yield model, proxy, view
    db.close()


def _expected(model, column, descending) -> list[int]:
    field = m._FIELDS[column][1]
    table = "p" if field in ("ethnicity", "position", "workplace") else "d"
    rows = model._db.execute(
        f"SELECT d.id, {table}.{field}, d.sort_key FROM delegates d "
        f"JOIN persons p ON p.id = d.person_id WHERE d.event_id = ?", [model._event_id]).fetchall()
    return [i for _k, _s, i in sorted(((text_key(v), s, i) for i, v, s in rows), reverse=descending)]


@pytest.mark.parametrize("column", KEYED)
def test_a_keyed_column_sorts_in_sql_both_ways(shown, monkeypatch, column):
    model, _proxy, view = shown
    monkeypatch.setattr(rw, "order_values", lambda *a: pytest.fail("ranked in Python"))
    for descending in (False, True):
        view.sortByColumn(column, Qt.SortOrder.DescendingOrder if descending
                          else Qt.SortOrder.AscendingOrder)
        # pages are read from the key's index (no segments; since 0028 no id list exists)
        assert model._segments is None and model._key() == rw.SORT_KEYS[m._FIELDS[column][1]]
        shown_ids = [model.row_id(r) for r in range(model.rowCount())]
        assert shown_ids == _expected(model, column, descending)
        assert len(shown_ids) > m.PAGE + 3  # more than one page: the offsets matter
        middle = shown_ids[m.PAGE + 3]
        model._pages.clear()
        model._cached.clear()
        assert model.row_of(middle) == m.PAGE + 3  # counted on the index, not looked up


def test_an_edit_moves_its_row_and_the_selection_follows(shown):
    model, proxy, view = shown
    view.sortByColumn(m.COL_POSITION, Qt.SortOrder.AscendingOrder)
    view.selectRow(5)
    did = proxy.index(5, 0).data(m.IdRole)
    rs.update_delegates(model._db, [did], {"position": "Ỷ lại"})  # y with a tone: near the end
    model.update_rows(rows_by_id(model._db, [did]))
    row = model.row_of(did)
    assert row is not None and row > 5
    assert [model.row_id(r) for r in range(model.rowCount())] == _expected(model, m.COL_POSITION, False)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    # An edit of another column leaves the row where it is, nothing read again.
    before = model.rows_fetched
    fresh = list(model.row_values(row))
    fresh[F["note"]] = "Đã mời"
    model.update_rows([tuple(fresh)])
    assert model.row_of(did) == row and model.rows_fetched == before


def test_filters_and_search_keep_the_keyed_order(shown):
    model, proxy, view = shown
    view.sortByColumn(m.COL_NOTE, Qt.SortOrder.DescendingOrder)
    proxy.set_search("b")
    hits = proxy.rowCount()
    assert 0 < hits < model.total()
    keys = [text_key(proxy.index(r, m.COL_NOTE).data()) for r in range(hits)]
    assert keys == sorted(keys, reverse=True)


def test_the_text_key_orders_like_qcollator(qapp):
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    ours = sorted(POSITIONS, key=text_key)
    assert ours == sorted(POSITIONS, key=collator.sortKey)


@pytest.mark.parametrize("words", [TEXT_KEY_WORDS - 1, TEXT_KEY_WORDS, TEXT_KEY_WORDS + 1])
def test_the_text_key_holds_its_first_words_only(words):
    """Two texts differing only in word `words` (1-based) differ in key up to TEXT_KEY_WORDS."""
    head = ["Thi"] * (words - 1)
    first, second = " ".join([*head, "An"]), " ".join([*head, "Bình"])
    assert (text_key(first) < text_key(second)) == (words <= TEXT_KEY_WORDS)
    assert (text_key(first) == text_key(second)) == (words > TEXT_KEY_WORDS)
    assert text_key(None) == text_key("") == text_key("   ") == ""
