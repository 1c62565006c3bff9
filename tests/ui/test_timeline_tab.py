"""The Tiến độ kế hoạch tab in the real window on the demo, driven with pytest-qt."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.timeline.chart import HEAD_H, ROW_H
from thidua_desktop.gui.timeline.colours import LIGHT
from thidua_desktop.gui.timeline.grid_model import LineRole
from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog, to_qdate
from thidua_desktop.gui.timeline.progress_dialog import ProgressDialog
from thidua_desktop.gui.timeline.todo_model import COL_STATE
from thidua_desktop.services import repository, timeline_service
from thidua_desktop.store.database import open_database

AS_OF = dt.date(2025, 4, 15)


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.select_tab("timeline")
    win.show()
    qtbot.waitExposed(win)
    win.timeline_tab.as_of_edit.setDate(to_qdate(AS_OF))
    return win


@pytest.fixture
def tab(window):
    return window.timeline_tab


def _mid(tab, code):
    return next(m.id for m in tab.tl.milestones if m.code == code)


def _unit(tab, name):
    return next(u.id for u in tab.tl.units if u.display_name == name)


def _cell(tab, code, unit_name):
    """The proxy index of a grid cell."""
    model = tab.grid_model
    source = model.index(model.row_of(_unit(tab, unit_name)), model.column_of(_mid(tab, code)))
    return tab.grid_proxy.mapFromSource(source)


def _text(tab, code, unit_name):
    return tab.grid_proxy.data(_cell(tab, code, unit_name))


def test_the_tab_shows_the_demo_as_of_a_date(tab):
    assert tab.grid_model.rowCount() == 14  # the district itself, then 13 communes
    assert tab.grid_model.columnCount() == 2 + 13
    assert _text(tab, "commune_results", "Xã Minh Tâm") == "Trễ 5 ngày"
    assert _text(tab, "commune_results", "Xã Đồng Nơ") == "✓ 14/04 (+4)"
    assert tab.grid_proxy.data(_cell(tab, "commune_results", "Xã Minh Tâm"),
                               Qt.ItemDataRole.BackgroundRole) == LIGHT["overdue"]
    header = tab.grid_model.headerData(tab.grid_model.column_of(_mid(tab, "commune_results")),
                                       Qt.Orientation.Horizontal)
    assert header.startswith("6. Gửi báo cáo") and header.endswith("✓ 10/13 · trễ 3")
    assert tab.todo_model.counts() == (6, 1)
    assert "6 việc quá hạn" in tab.todo_summary.text()
    assert len(tab.chart.rows) == 2 + 13  # two event lanes, then the milestones


def test_the_to_do_panel_is_shown_when_the_app_opens(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.tabs.currentWidget() is win.timeline_tab
    assert win.timeline_tab.todo.isVisible() and win.timeline_tab.todo_title.isVisible()
    # Today is long after the demo's plan: everything not done is overdue.
    assert win.timeline_tab.todo_model.rowCount() == win.timeline_tab.todo_model.counts()[0] > 0


def test_models_pass_the_model_tester(tab, qtmodeltester):
    qtmodeltester.check(tab.grid_model)
    qtmodeltester.check(tab.todo_model)
    qtmodeltester.check(tab.grid_proxy)


def test_sorting_by_lateness(tab):
    column = tab.grid_model.column_of(_mid(tab, "commune_results"))
    tab.grid.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    top = [tab.grid_proxy.index(r, 0).data() for r in range(3)]
    assert sorted(top) == ["Xã Minh Tâm", "Xã Thanh Bình", "Xã Tân Quan"]
    tab.grid.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the overdue count
    assert tab.grid_proxy.index(0, 0).data() == "Xã Minh Tâm"  # two milestones late


def test_moving_the_district_congress_moves_its_deadlines(window, tab, qtbot):
    db = window.session.db
    district = repository.event_by_code(db, "dh-hon-quan")
    window.select_event_code("dh-hon-quan")
    assert tab.event_date.date() == to_qdate(dt.date(2025, 6, 18))
    assert _text(tab, "video", "Huyện Hớn Quản") == "◐ Hạn 03/06"
    tab.event_date.setFocus()
    tab.event_date.setDate(to_qdate(dt.date(2025, 6, 25)))
    tab.event_date.editingFinished.emit()
    assert repository.event(db, district.id).date == dt.date(2025, 6, 25)
    assert _text(tab, "video", "Huyện Hớn Quản") == "◐ Hạn 10/06"
    assert _text(tab, "program_script", "Huyện Hớn Quản") == "Hạn 15/06"
    lines = tab.tl.lines_of(_mid(tab, "district_budget"))
    assert [ln.due for ln in lines] == [dt.date(2025, 5, 11)]
    # The chart draws from the same timeline: its tooltip says the new date.
    row = next(i for i, (kind, m) in enumerate(tab.chart.rows) if kind == "milestone" and m.code == "video")
    y = HEAD_H + row * ROW_H + ROW_H / 2 - tab.chart.verticalScrollBar().value()
    assert "10/06/2025" in tab.chart.tooltip_at(500, y)
    assert "25/06/2025" in window.status_label.text()  # the window heard of the move too
    window.undo_action.trigger()
    assert repository.event(db, district.id).date == dt.date(2025, 6, 18)
    assert _text(tab, "video", "Huyện Hớn Quản") == "◐ Hạn 03/06"
    assert tab.event_date.date() == to_qdate(dt.date(2025, 6, 18))
    window.redo_action.trigger()
    assert _text(tab, "video", "Huyện Hớn Quản") == "◐ Hạn 10/06"


def test_clicking_a_row_selects_the_milestone(tab, qtbot):
    mid = _mid(tab, "commune_results")
    row = next(i for i, (kind, m) in enumerate(tab.chart.rows) if kind == "milestone" and m.id == mid)
    y = int(HEAD_H + row * ROW_H + ROW_H / 2 - tab.chart.verticalScrollBar().value())
    qtbot.mouseClick(tab.chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(120, y))
    assert tab.current_milestone_id == mid and tab.chart.selected_id == mid
    assert tab.grid.currentIndex().column() == tab.grid_model.column_of(mid)
    qtbot.keyClick(tab.chart, Qt.Key.Key_Down)
    assert tab.current_milestone_id == _mid(tab, "delegate_list")


def test_zoom_with_ctrl_wheel_and_buttons(tab, qtbot):
    chart = tab.chart
    before = chart.ppd
    pos = QPointF(600, 100)
    event = QWheelEvent(pos, chart.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(chart.viewport(), event)
    assert chart.ppd == pytest.approx(before * 1.25)
    tab.zoom_in_action.trigger()
    assert chart.ppd == pytest.approx(before * 1.25 * 1.5)
    tab.zoom_out_action.trigger()
    tab.zoom_out_action.trigger()
    assert chart.ppd < before * 1.25
    tab.fit_action.trigger()
    assert chart.ppd == pytest.approx(before)


def test_mark_selected_cells_done_and_undo(window, tab):
    db = window.session.db
    mid = _mid(tab, "commune_results")
    selection = tab.grid.selectionModel()
    for name in ("Xã Minh Tâm", "Xã Tân Quan"):
        selection.select(_cell(tab, "commune_results", name), QItemSelectionModel.SelectionFlag.Select)
    assert len(tab.selected_lines()) == 2
    tab.done_action.trigger()
    rows = db.execute("SELECT state, done_on FROM milestone_progress WHERE milestone_id = ? AND unit_id IN "
                      "(?, ?)", [mid, _unit(tab, "Xã Minh Tâm"), _unit(tab, "Xã Tân Quan")]).fetchall()
    assert rows == [("done", "2025-04-15"), ("done", "2025-04-15")]
    assert _text(tab, "commune_results", "Xã Minh Tâm") == "✓ 15/04 (+5)"
    assert tab.todo_model.counts() == (4, 1)
    assert window.session.undo_stack.undoText() == "Đánh dấu 2 việc hoàn thành ngày 15/04/2025"
    window.undo_action.trigger()
    assert _text(tab, "commune_results", "Xã Minh Tâm") == "Trễ 5 ngày"
    assert tab.todo_model.counts() == (6, 1)


def test_progress_dialog_for_many_units(window, tab, monkeypatch):
    mid = _mid(tab, "commune_results")
    tab.select_milestone(mid)

    def fill(dialog):
        assert dialog.unit_ids() == [_unit(tab, n) for n in ("Xã Minh Tâm", "Xã Tân Quan", "Xã Thanh Bình")]
        dialog.state.setCurrentIndex(dialog.state.findData("doing"))
        dialog.note.setText("Đã nhắc qua điện thoại")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ProgressDialog, "exec", fill)
    tab.progress_action.trigger()
    assert _text(tab, "commune_results", "Xã Thanh Bình") == "◐ Trễ 5 ngày"
    line = tab.grid_proxy.data(_cell(tab, "commune_results", "Xã Tân Quan"), LineRole)
    assert line.progress == "doing" and line.note == "Đã nhắc qua điện thoại"
    window.undo_action.trigger()
    assert _text(tab, "commune_results", "Xã Thanh Bình") == "Trễ 5 ngày"


def test_add_a_milestone_through_the_dialog_with_undo_and_redo(window, tab, monkeypatch):
    count = len(tab.tl.milestones)

    def fill(dialog):
        dialog.title.setText("Gửi giấy mời đại biểu dự Đại hội")
        dialog.kind.setCurrentIndex(dialog.kind.findData("event"))
        dialog.event.setCurrentIndex(next(i for i in range(dialog.event.count())
                                          if dialog.event.itemData(i)[1] == "district"))
        dialog.event_offset.setValue(-20)
        dialog.responsible.setText("Phòng Nội vụ")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MilestoneDialog, "exec", fill)
    tab.add_action.trigger()
    assert len(tab.tl.milestones) == count + 1
    new = tab.tl.milestones[-1]
    assert new.title == "Gửi giấy mời đại biểu dự Đại hội" and tab.current_milestone_id == new.id
    assert [ln.due for ln in tab.tl.lines_of(new.id)] == [dt.date(2025, 5, 29)]
    window.undo_action.trigger()
    assert len(tab.tl.milestones) == count
    window.redo_action.trigger()
    assert [m.id for m in tab.tl.milestones][-1] == new.id


def test_the_milestone_dialog_refuses_bad_entries(window, tab, qtbot):
    dialog = MilestoneDialog(window.session.db, tab.tl, _mid(tab, "commune_results"), tab)
    qtbot.addWidget(dialog)
    assert dialog.title.text().startswith("Gửi báo cáo kết quả")
    assert dialog.fixed_date.date() == to_qdate(dt.date(2025, 4, 10))
    dialog.title.setText("   ")
    dialog.accept()
    assert dialog.result() == 0 and "tên mốc" in dialog.error.text()
    dialog.title.setText("Gửi báo cáo")
    dialog.kind.setCurrentIndex(dialog.kind.findData("after"))
    dialog.after.setCurrentIndex(dialog.after.findData(_mid(tab, "delegate_list")))
    dialog.accept()
    assert dialog.result() == 0 and "vòng lặp" in dialog.error.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("fixed"))
    dialog.accept()
    assert dialog.result() == 1 and dialog.data().due_date == dt.date(2025, 4, 10)


def test_edit_then_delete_with_a_question_and_undo(window, tab, monkeypatch):
    mid = _mid(tab, "report_province")
    tab.select_milestone(mid)

    def fill(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("quarter"))
        dialog.quarter.setCurrentIndex(2)
        dialog.quarter_year.setValue(2025)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MilestoneDialog, "exec", fill)
    tab.edit_action.trigger()
    assert [ln.due for ln in tab.tl.lines_of(mid)] == [dt.date(2025, 9, 30)]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_action.trigger()
    assert tab.tl.milestone(mid) is None
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [ln.due for ln in tab.tl.lines_of(mid)] == [dt.date(2025, 7, 10)]


def test_deleting_a_milestone_others_follow_says_why(window, tab, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    tab.select_milestone(_mid(tab, "commune_results"))
    tab.delete_action.trigger()
    assert shown and "Tổng hợp danh sách đại biểu" in shown[0]
    assert tab.tl.milestone(_mid(tab, "commune_results")) is not None
    assert window.session.undo_stack.count() == 0


def test_soon_days_setting_changes_the_to_do_list(window, tab):
    assert tab.soon_spin.value() == 7
    tab.soon_spin.setValue(60)
    assert repository.get_setting(window.session.db, "timeline.due_soon_days") == 60
    overdue, soon = tab.todo_model.counts()
    assert overdue == 6 and soon > 1


def test_export_from_the_tab(tab, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "tien-do"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.export_action.trigger()
    wb = load_workbook(tmp_path / "tien-do.xlsx")
    # The grid goes on one sheet per page-wide block of milestones: look through them all.
    texts = [c.value for ws in wb.worksheets if ws.title.startswith("Theo đơn vị")
             for row in ws.iter_rows() for c in row if c.value]
    assert "(Tình hình đến ngày 15/04/2025)" in texts and "Trễ 5 ngày" in texts


def test_a_backwards_chain_is_shown_as_a_warning(window, tab):
    db = window.session.db
    db.execute("UPDATE milestones SET offset_days = -15 WHERE code = 'delegate_list'")
    window.session.notify_data_changed("timeline")
    assert tab.warning.isVisible()
    assert "Tổng hợp danh sách đại biểu" in tab.warning.text() and "10/04/2025" in tab.warning.text()
    assert [ln.due for ln in tab.tl.lines_of(_mid(tab, "delegate_list"))] == [dt.date(2025, 4, 10)]
    db.execute("UPDATE milestones SET offset_days = 10 WHERE code = 'delegate_list'")
    window.session.notify_data_changed("timeline")
    assert not tab.warning.isVisible()


# --- the first load reads and measures only what it shows (issue 18: start-up) ---

# Early in the plan (few lines due), mid-way and long after (every open line late, each by its own days).
@pytest.mark.parametrize("as_of", [dt.date(2025, 3, 1), dt.date(2025, 4, 15), dt.date(2026, 6, 30)])
def test_the_state_column_is_as_wide_as_measuring_every_row(window, as_of):
    tab = window.timeline_tab
    tab.as_of_edit.setDate(to_qdate(as_of))
    header = tab.todo.horizontalHeader()
    ours = header.sectionSize(COL_STATE)
    header.resizeSection(COL_STATE, 5)
    tab.todo.resizeColumnToContents(COL_STATE)  # Qt's own: every row measured
    assert ours == header.sectionSize(COL_STATE)
    assert tab.todo_model.rowCount() > 0


def test_one_row_per_distinct_text_is_measured(window):
    tab = window.timeline_tab
    tab.as_of_edit.setDate(to_qdate(dt.date(2026, 6, 30)))
    model = tab.todo_model
    texts = [model.data(model.index(row, COL_STATE)) for row in range(model.rowCount())]
    chosen = model.rows_by_state_text()
    assert sorted(chosen) == sorted(set(texts)) and 1 < len(chosen) < len(texts)
    assert all(texts[row] == text and texts.index(text) == row for text, row in chosen.items())


def test_an_empty_list_keeps_the_header_width(window):
    tab = window.timeline_tab
    tab.as_of_edit.setDate(to_qdate(dt.date(2000, 1, 1)))  # nothing due yet
    assert tab.todo_model.rowCount() == 0
    header = tab.todo.horizontalHeader()
    assert header.sectionSize(COL_STATE) == header.sectionSizeHint(COL_STATE)


def test_the_to_do_on_opening_reuses_the_tab_on_screen(window, monkeypatch):
    tab = window.timeline_tab
    tab.as_of_edit.setDate(to_qdate(dt.date.today()))
    expected = timeline_service.compute(timeline_service.load(window.session.db, window.session.plan_id),
                                        dt.date.today(), timeline_service.soon_days(window.session.db))
    monkeypatch.setattr(timeline_service, "compute",
                        lambda *a, **k: pytest.fail("the timeline on screen was computed again"))
    window.statusBar().clearMessage()
    window.show_todo_on_open()
    todo = expected.todo()
    if todo:
        overdue = sum(line.state == "overdue" for line in todo)
        assert window.statusBar().currentMessage() == (
            f"Việc cần làm: {overdue} việc quá hạn, {len(todo) - overdue} việc sắp đến hạn.")
    else:
        assert window.statusBar().currentMessage() == ""


def test_the_to_do_on_opening_computes_when_the_tab_shows_another_day(window):
    tab = window.timeline_tab
    tab.as_of_edit.setDate(to_qdate(dt.date(2000, 1, 1)))  # the tab shows nothing due
    window.statusBar().clearMessage()
    window.show_todo_on_open()
    todo = timeline_service.timeline(window.session.db, window.session.plan_id).todo()
    assert bool(window.statusBar().currentMessage()) == bool(todo)
