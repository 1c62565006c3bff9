"""The roster's painted cells come from one call per cell (multiData) and agree with data().

The view asks seven roles of each painted cell; the model answers them in one
call (`cell_data`) from a page's display texts made once per row. Pinned here:
every role of every cell answered both ways is the same, the texts follow an
edit, an undo, a new unit name and the rules' marks, and the view paints
through the one call.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt

from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.session import Session
from thidua_desktop.gui.tabs.roster_tab import RosterTab
from thidua_desktop.store.database import open_database

R = Qt.ItemDataRole
ROLES = (R.DisplayRole, R.EditRole, R.CheckStateRole, R.ToolTipRole, R.BackgroundRole,
         R.ForegroundRole, R.TextAlignmentRole, R.FontRole, R.DecorationRole, R.SizeHintRole,
         m.SortRole, m.IdRole)


def _plain(value):
    """A role's value comparable whichever way it came (enum or int, colour by name)."""
    if value is None:
        return None
    if hasattr(value, "name") and callable(value.name):
        return value.name()
    if isinstance(value, str | bool | tuple):
        return value
    return int(value.value if hasattr(value, "value") else value)


def _one_call(model, row, column, roles=ROLES) -> list:
    """Every role of a cell asked at once, as the view's delegate asks them."""
    items = [QModelRoleData(int(role)) for role in roles]
    values = []
    for item in items:  # one span per role: PySide builds a span over one item
        span = QModelRoleDataSpan(item)
        model.multiData(model.index(row, column), span)
        values.append(_plain(item.data()))
    return values


@pytest.fixture
def tab(qtbot, demo_path):
    db = open_database(demo_path)
    event = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    first, second = [r[0] for r in db.execute(
        "SELECT id FROM delegates WHERE event_id = ? ORDER BY id LIMIT 2", [event])]
    with db.conn:
        db.conn.execute("UPDATE delegates SET status = 'absent', presidium = 1, direct_worker = 1 "
                        "WHERE id = ?", [first])
        db.conn.execute("UPDATE persons SET birth_date = '1970-05-04' WHERE id = "
                        "(SELECT person_id FROM delegates WHERE id = ?)", [second])
    session = Session(db, demo_path)
    session.set_plan(db.execute("SELECT plan_id FROM events WHERE id = ?", [event]).fetchone()[0])
    session.set_event(event)
    tab = RosterTab(session)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: not tab.side_pending())  # the rules' own marks first, then ours
    tab.model.set_marks({first: ("error", "Thiếu dân tộc")})
    return tab


def test_every_role_of_every_cell_is_what_data_says(tab):
    seen = set()
    for model in (tab.model, tab.proxy):
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                expected = [_plain(index.data(role)) for role in ROLES]
                assert _one_call(model, row, column) == expected, (row, column)
                seen.update((role, v) for role, v in zip(ROLES, expected, strict=True))
    # The cells compared hold each kind of value (a grey row, a mark, a tooltip, boxes).
    kinds = {role for role, value in seen if value is not None}
    assert {R.DisplayRole, R.CheckStateRole, R.ToolTipRole, R.BackgroundRole, R.ForegroundRole,
            R.TextAlignmentRole, m.SortRole, m.IdRole} <= kinds
    assert (R.ToolTipRole, "Thiếu dân tộc") in seen and (R.ToolTipRole, "Ngày sinh 04/05/1970") in seen


def test_outside_the_rows_every_role_is_cleared(tab):
    for row, column in ((-1, 0), (tab.model.rowCount(), 0), (0, len(m._HEADERS))):
        item = QModelRoleData(int(R.DisplayRole))
        item.setData("stale")
        tab.model.cell_data(row, column, QModelRoleDataSpan(item))
        assert item.data() is None


def test_the_texts_follow_an_edit_and_its_undo(tab):
    row = 2
    note = tab.proxy.index(row, m.COL_NOTE)
    old = note.data() or ""
    assert _one_call(tab.proxy, row, m.COL_NOTE, (R.DisplayRole,)) == [old]  # texts made
    assert tab.proxy.setData(note, "Ghi chú mới")
    assert _one_call(tab.proxy, row, m.COL_NOTE, (R.DisplayRole,)) == ["Ghi chú mới"]
    tab.session.undo_stack.undo()
    assert _one_call(tab.proxy, row, m.COL_NOTE, (R.DisplayRole,)) == [old]


def test_a_renamed_unit_shows_after_a_reload(tab):
    row = next(r for r in range(tab.proxy.rowCount())
               if tab.proxy.index(r, m.COL_UNIT).data(R.EditRole) is not None)
    unit_id = tab.proxy.index(row, m.COL_UNIT).data(R.EditRole)
    before = _one_call(tab.proxy, row, m.COL_UNIT, (R.DisplayRole,))[0]
    with tab.session.db.conn:
        tab.session.db.conn.execute("UPDATE units SET name = 'Tân Mới' WHERE id = ?", [unit_id])
    tab.reload()
    after = _one_call(tab.proxy, row, m.COL_UNIT, (R.DisplayRole,))[0]
    assert after != before and after.endswith("Tân Mới")


def test_the_view_paints_through_one_call_a_cell(tab, qtbot, monkeypatch):
    calls = {"cells": 0, "data": 0}
    cell_data, data = m.RosterTableModel.cell_data, m.RosterTableModel.data

    def counted_cells(self, *args):
        calls["cells"] += 1
        return cell_data(self, *args)

    def counted_data(self, *args):
        calls["data"] += 1
        return data(self, *args)

    monkeypatch.setattr(m.RosterTableModel, "cell_data", counted_cells)
    monkeypatch.setattr(m.RosterTableModel, "data", counted_data)
    tab.table.viewport().repaint()
    rows = tab.table.viewport().height() // tab.table.rowHeight(0)
    assert calls["cells"] >= rows  # each painted cell once (and the frozen names)
    assert calls["data"] < calls["cells"]  # the rest: the view's own questions (flags, hints)
