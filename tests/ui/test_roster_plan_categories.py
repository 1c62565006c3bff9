"""The roster shows and sets the plan's own delegate categories: column, filter, forms, undo."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.bulk_dialog import BulkEditDialog
from thidua_desktop.gui.roster.delegate_dialog import DelegateDialog
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database

COUNCIL = "Thành viên Hội đồng Thi đua - Khen thưởng"


@pytest.fixture
def tab(qtbot, demo_path):
    db = open_database(demo_path)
    plan_id = db.execute("SELECT plan_id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    # A category of the plan's own, first in protocol order, counted as a guest.
    db.execute("UPDATE delegate_categories SET protocol_order = protocol_order + 1 WHERE plan_id = ?",
               [plan_id])
    db["delegate_categories"].insert({"plan_id": plan_id, "code": "council", "label": COUNCIL,
                                      "words": '["hội đồng thi đua"]', "protocol_order": 1,
                                      "base": "guest", "source": "thử"})
    win = MainWindow(db, demo_path)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    win.select_tab("roster")
    win.select_event_code("dh-hon-quan")
    tab = win.roster_tab
    qtbot.waitUntil(lambda: not tab._side_timer.isActive() and tab.rules_panel.stats is not None)
    return tab


def _stored(tab, delegate_id):
    return tuple(tab.session.db.execute(
        "SELECT category, category_code FROM delegates WHERE id = ?", [delegate_id]).fetchone())


def _row_of_name(tab, name):
    for r in range(tab.proxy.rowCount()):
        if tab.proxy.index(r, m.COL_NAME).data() == name:
            return r
    raise AssertionError(name)


def test_filter_and_column_offer_the_plans_categories_in_protocol_order(tab):
    labels = [tab.category_filter.itemText(i) for i in range(tab.category_filter.count())]
    assert labels == ["Mọi thành phần", COUNCIL, "Điển hình tiên tiến", "Lãnh đạo", "Khách mời"]
    assert [code for code, _ in tab.model.choices(m.COL_CATEGORY)] == [
        "council", "exemplary", "leader", "guest"]


def test_inline_edit_sets_the_plan_category_and_its_base_and_undo_puts_both_back(tab):
    row = 0
    index = tab.proxy.index(row, m.COL_CATEGORY)
    delegate_id = index.data(m.IdRole)
    before = _stored(tab, delegate_id)
    assert tab.proxy.setData(index, "council")
    assert _stored(tab, delegate_id) == ("guest", "council")
    row = tab.model.row_of(delegate_id)
    assert tab.model.index(row, m.COL_CATEGORY).data() == COUNCIL
    assert "Thành phần" in tab.session.undo_stack.undoText()
    tab.session.undo_stack.undo()
    assert _stored(tab, delegate_id) == before
    tab.session.undo_stack.redo()
    assert _stored(tab, delegate_id) == ("guest", "council")


def test_the_filter_keeps_only_the_chosen_plan_category(tab, qtbot):
    ids = [tab.proxy.index(r, 0).data(m.IdRole) for r in (0, 1)]
    tab.edit_values(ids, {"category_code": "council"})
    tab.category_filter.setCurrentIndex(tab.category_filter.findData("council"))
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 2)
    assert sorted(tab.proxy.index(r, 0).data(m.IdRole) for r in range(2)) == sorted(ids)
    # A base code still finds the rows whose code is '' (written by a base-only writer).
    db = tab.session.db
    guests = db.execute("SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                        "WHERE e.code = 'dh-hon-quan' AND d.category = 'guest' "
                        "AND d.category_code IN ('', 'guest')").fetchone()[0]
    tab.category_filter.setCurrentIndex(tab.category_filter.findData("guest"))
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == guests)


def test_sorting_by_category_follows_protocol_order(tab):
    last = tab.proxy.index(tab.proxy.rowCount() - 1, 0).data(m.IdRole)
    tab.edit_values([last], {"category_code": "council"})
    tab.table.sortByColumn(m.COL_CATEGORY, m.Qt.SortOrder.AscendingOrder)
    assert tab.proxy.index(0, m.COL_CATEGORY).data() == COUNCIL
    assert tab.proxy.index(0, 0).data(m.IdRole) == last


def test_the_delegate_form_lists_and_sets_the_plans_category(tab, qtbot):
    lists = tab._dialog_lists()
    delegate_id = tab.proxy.index(0, 0).data(m.IdRole)
    fields = [*DelegateDialog.PERSON, *DelegateDialog.DELEGATE, "category"]
    values = rs.read_fields(tab.session.db, [delegate_id], fields)[delegate_id]
    values["category_code"] = ""  # as a row written by a base-only writer: shown as its base
    dialog = DelegateDialog(tab.session.db, tab, values, **lists)
    qtbot.addWidget(dialog)
    combo = dialog.widgets["category_code"]
    assert [combo.itemText(i) for i in range(combo.count())][0] == COUNCIL
    assert combo.currentData() == values["category"]
    dialog.accept()
    assert dialog.changes() == {}  # opened and saved unchanged: nothing to write
    dialog = DelegateDialog(tab.session.db, tab, values, **lists)
    qtbot.addWidget(dialog)
    dialog.widgets["category_code"].setCurrentIndex(0)
    dialog.accept()
    assert dialog.changes()["category_code"] == "council"
    assert dialog.changes()["category"] == "guest"


def test_a_new_delegate_from_the_form_gets_the_plans_category(tab, qtbot):
    dialog = DelegateDialog(tab.session.db, tab, {}, **tab._dialog_lists())
    qtbot.addWidget(dialog)
    dialog.widgets["full_name"].setText("Nguyễn Văn Hội Đồng")
    dialog.widgets["category_code"].setCurrentIndex(dialog.widgets["category_code"].findData("council"))
    dialog.accept()
    data = dialog.delegate_data()
    assert (data.category, data.category_code) == ("guest", "council")


def test_bulk_change_offers_the_plans_categories(tab, qtbot):
    dialog = BulkEditDialog(tab.session.db, 2, tab, **tab._dialog_lists())
    qtbot.addWidget(dialog)
    editor = dialog.editors["category_code"]
    assert editor.itemText(editor.findData("council")) == COUNCIL


def test_an_unknown_or_foreign_category_is_refused_and_nothing_is_written(tab):
    db = tab.session.db
    delegate_id = tab.proxy.index(0, 0).data(m.IdRole)
    before = _stored(tab, delegate_id)
    with pytest.raises(ValidationError, match="không có trong kế hoạch"):
        rs.update_delegates(db, [delegate_id], {"category_code": "vip"})
    # "council" exists in the Hớn Quản plan only: a delegate of another plan cannot take it.
    other = db.execute("SELECT d.id FROM delegates d JOIN events e ON e.id = d.event_id "
                       "WHERE e.plan_id != (SELECT plan_id FROM events WHERE code = 'dh-hon-quan') "
                       "LIMIT 1").fetchone()
    if other is not None:
        with pytest.raises(ValidationError, match="không sửa gì"):
            rs.update_delegates(db, [delegate_id, other[0]], {"category_code": "council"})
    assert _stored(tab, delegate_id) == before
    assert not tab.proxy.setData(tab.proxy.index(0, m.COL_CATEGORY), "vip")
    assert _stored(tab, delegate_id) == before
