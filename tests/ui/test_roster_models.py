"""The roster's item models pass Qt's model tester; sorting and marks keep their rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.roster_proxy import RosterFilterProxy
from thidua_desktop.gui.roster.rules_panel import FindingsModel, StatsModel, stat_lines
from thidua_desktop.gui.roster.seats_model import SeatsModel
from thidua_desktop.services.roster_query import F, event_units
from thidua_desktop.services.roster_service import seat_rows
from thidua_desktop.services.roster_stats import summarize
from thidua_desktop.services.rules.roster_rules import check_event


@pytest.fixture
def district(demo_db):
    return demo_db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]


@pytest.fixture
def model(demo_db, district):
    model = m.RosterTableModel()
    model.load(demo_db, district, dict(event_units(demo_db, district)),
               {"exemplar": "Điển hình tiên tiến"})
    return model


def test_roster_model_passes_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    model.sort(m.COL_WORKPLACE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_proxy_passes_the_model_tester_while_filtering(qtmodeltester, model):
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("thi")
    proxy.set_filters(category="exemplary")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() == model.rowCount() < model.total()


def test_side_models_pass_the_model_tester(qtmodeltester, demo_db, district):
    seats = SeatsModel()
    seats.set_rows(seat_rows(demo_db, district))
    qtmodeltester.check(seats)
    stats = StatsModel()
    stats.set_lines(stat_lines(summarize(demo_db, district)))
    qtmodeltester.check(stats)
    findings = FindingsModel()
    findings.set_findings(check_event(demo_db, district))
    qtmodeltester.check(findings)


def test_sorting_keeps_persistent_indexes_on_their_rows(model):
    keep = QPersistentModelIndex(model.index(5, m.COL_NAME))
    name = keep.data()
    model.sort(m.COL_BIRTH_YEAR, Qt.SortOrder.AscendingOrder)
    assert keep.data() == name
    years = [model.index(r, m.COL_BIRTH_YEAR).data(m.SortRole) for r in range(model.rowCount())]
    assert years == sorted(years)
    model.sort(m.COL_NAME)
    keys = [model.row_values(r)[F["sort_key"]] for r in range(model.rowCount())]
    assert keys == sorted(keys) and keep.data() == name


def test_marks_colour_rows_and_explain_them(model):
    did = model.row_id(3)
    model.set_marks({did: ("error", "Thiếu năm sinh")})
    assert model.index(3, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole) == "Thiếu năm sinh"
    model.set_marks({})
    assert model.index(3, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_model_edits_go_to_the_editor_only(model):
    index = model.index(0, m.COL_NAME)
    assert model.setData(index, "Tên Mới") is False  # no editor: read-only
    calls = []
    model.editor = lambda ids, changes: calls.append((ids, changes)) or True
    assert model.setData(index, "Tên Mới")
    assert calls == [([model.row_id(0)], {"full_name": "Tên Mới"})]
    assert model.setData(index, index.data()) is False  # unchanged: nothing to do
    assert not model.flags(model.index(0, m.COL_PROMOTED)) & Qt.ItemFlag.ItemIsEditable
