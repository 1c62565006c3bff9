"""Invitation replies in the Đại biểu tab: the Giấy mời column, its filter, the undoable action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from thidua_desktop.cli import main
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.invitation_reply import InvitationReplyDialog
from thidua_desktop.services import event_day
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"


@pytest.fixture
def tab(qtbot, demo_path):
    db = open_database(demo_path)
    with db.conn:  # the demo holds some replies; these tests start from none sent
        db.conn.execute("UPDATE delegate_event_day SET invitation = 'none', substitute_name = '', replied_at = NULL")
    db.close()
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.show()
    win.select_tab("roster")
    win.select_event_code(EVENT)
    return win.roster_tab


def _state_of(tab, delegate_id):
    return tab.session.db.execute("SELECT invitation, substitute_name, replied_at FROM delegate_event_day "
                                  "WHERE delegate_id = ?", [delegate_id]).fetchone()


def _shown(tab, delegate_id):
    row = tab.model.row_of(delegate_id)
    return tab.model.index(row, m.COL_INVITATION).data()


def _ids(tab, rows):
    return [tab.proxy.index(r, 0).data(m.IdRole) for r in rows]


def test_column_shows_the_state_set_headless_and_the_filter_keeps_only_that_state(tab, demo_path):
    assert tab.model.headerData(m.COL_INVITATION, Qt.Orientation.Horizontal) == "Giấy mời"
    total = tab.proxy.rowCount()
    first, second, third = _ids(tab, [0, 1, 2])
    codes = [event_day.badge_code(tab.session.db, i) for i in (first, second, third)]
    for code, state in zip(codes, ("confirmed", "confirmed", "declined"), strict=True):
        assert main(["invitation-reply", "--db", str(demo_path), "--event", EVENT, "--state", state, code]) == 0
    tab.reload()
    assert [_shown(tab, i) for i in (first, second, third)] == ["Nhận lời", "Nhận lời", "Từ chối"]
    assert _shown(tab, _ids(tab, [3])[0]) == "Chưa mời"
    combo = tab.invitation_filter
    combo.setCurrentIndex(combo.findData("confirmed"))
    assert sorted(_ids(tab, range(tab.proxy.rowCount()))) == sorted([first, second])
    assert tab.count_label.text() == f"2/{total} đại biểu"
    combo.setCurrentIndex(combo.findData("none"))
    assert tab.proxy.rowCount() == total - 3
    tab.status_filter.setCurrentIndex(0)  # another filter changing keeps this one
    assert tab.proxy.rowCount() == total - 3
    combo.setCurrentIndex(0)
    assert tab.proxy.rowCount() == total
    tab.model.sort(m.COL_INVITATION, Qt.SortOrder.AscendingOrder)  # "Chưa mời" first, "Từ chối" last
    assert tab.model.index(0, m.COL_INVITATION).data() == "Chưa mời"
    assert tab.model.index(total - 1, m.COL_INVITATION).data() == "Từ chối"


def test_action_on_a_selection_is_one_undo_step_that_puts_back_each_state(tab, qtbot):
    ids = _ids(tab, [0, 1])
    event_day.set_invitation(tab.session.db, ids[0], "substitute", "Lê Văn Thay")
    before = [_state_of(tab, i) for i in ids]
    assert tab.reply_action.shortcut().toString() == "Ctrl+Shift+M"
    assert tab.reply_action in tab.table.actions()  # the table's context menu
    dialog = InvitationReplyDialog(tab.session, tab, ids, tab)
    qtbot.addWidget(dialog)
    assert not dialog.substitute.isEnabled()
    dialog.state.setCurrentIndex(dialog.state.findData("confirmed"))
    stack = tab.session.undo_stack
    count = stack.count()
    dialog.accept()
    assert dialog.result() and stack.count() == count + 1
    assert [_state_of(tab, i)[0] for i in ids] == ["confirmed", "confirmed"]
    assert [_shown(tab, i) for i in ids] == ["Nhận lời", "Nhận lời"]
    stack.undo()
    assert [_state_of(tab, i) for i in ids] == before
    assert _shown(tab, ids[0]) == "Cử người thay"
    stack.redo()
    assert [_state_of(tab, i)[0] for i in ids] == ["confirmed", "confirmed"]


def test_substitute_needs_one_delegate_and_a_name_and_nothing_is_written_otherwise(tab, qtbot):
    ids = _ids(tab, [0, 1])
    before = [_state_of(tab, i) for i in ids]
    count = tab.session.undo_stack.count()
    dialog = InvitationReplyDialog(tab.session, tab, ids, tab)
    qtbot.addWidget(dialog)
    dialog.state.setCurrentIndex(dialog.state.findData("substitute"))
    dialog.accept()
    assert "từng đại biểu một" in dialog.message.text() and not dialog.result()
    one = InvitationReplyDialog(tab.session, tab, ids[:1], tab)
    qtbot.addWidget(one)
    one.state.setCurrentIndex(one.state.findData("substitute"))
    assert one.substitute.isEnabled()
    one.accept()
    assert "họ tên người được cử dự thay" in one.message.text()
    one.substitute.setText("x" * 101)
    one.accept()
    assert "101 ký tự" in one.message.text()
    assert [_state_of(tab, i) for i in ids] == before and tab.session.undo_stack.count() == count
    one.substitute.setText("  Trần   Văn Thế ")
    one.accept()
    assert one.result() and _state_of(tab, ids[0])[:2] == ("substitute", "Trần Văn Thế")
    assert _state_of(tab, ids[0])[2] is not None  # a reply: its time is kept


def test_declining_frees_the_seat_in_the_same_undo_step(tab, qtbot):
    from thidua_desktop.services import seating

    db, event_id = tab.session.db, tab.session.event_id
    seated = seating.seats(db, event_id)
    ids = [i for i in _ids(tab, range(tab.proxy.rowCount())) if i in seated][:2]
    places = [seated[i] for i in ids]
    dialog = InvitationReplyDialog(tab.session, tab, ids, tab)
    qtbot.addWidget(dialog)
    dialog.state.setCurrentIndex(dialog.state.findData("declined"))
    stack = tab.session.undo_stack
    count = stack.count()
    dialog.accept()
    assert stack.count() == count + 1
    assert not set(ids) & set(seating.seats(db, event_id))
    stack.undo()
    assert [seating.seats(db, event_id).get(i) for i in ids] == places
    stack.redo()
    assert not set(ids) & set(seating.seats(db, event_id))
