"""The Đại biểu tab driven as the officer would: search, sort, edit and undo, bulk, delete,
promotion, the rules panel, seats, copy and export."""

from __future__ import annotations

import functools

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from thidua_desktop.domain.names import fold
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.bulk_dialog import BulkEditDialog
from thidua_desktop.gui.roster.delegate_dialog import DelegateDialog
from thidua_desktop.gui.roster.rules_panel import RowsRole
from thidua_desktop.gui.roster.seats_model import COL_SEATS
from thidua_desktop.store.database import open_database


def _dump(db):
    # The search index's segments (delegate_search_data/_idx) are laid out by its history;
    # its content and sizes, which say what it finds, are compared.
    return [line for line in db.conn.iterdump() if "_sqlite_migrations" not in line
            and "delegate_search_data" not in line and "delegate_search_idx" not in line]


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    win.select_tab("roster")
    win.select_event_code("dh-hon-quan")
    return win


@pytest.fixture
def tab(window, qtbot):
    tab = window.roster_tab
    # The side panel is recounted just after the rows show.
    qtbot.waitUntil(lambda: not tab._side_timer.isActive() and tab.rules_panel.stats is not None)
    return tab


def shown_names(tab) -> list[str]:
    return [tab.proxy.index(r, m.COL_NAME).data() for r in range(tab.proxy.rowCount())]


def db_count(tab, code):
    return tab.session.db.execute(
        "SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id WHERE e.code = ?",
        [code]).fetchone()[0]


def select_rows(tab, rows: list[int]) -> None:
    tab.table.clearSelection()
    for row in rows:
        tab.table.selectionModel().select(
            tab.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    tab.table.selectionModel().setCurrentIndex(tab.proxy.index(rows[0], 0),
                                               QItemSelectionModel.SelectionFlag.NoUpdate)


def test_the_tab_shows_the_event_roster(tab):
    assert tab.model.rowCount() == db_count(tab, "dh-hon-quan") == 91
    assert tab.count_label.text() == "91 đại biểu"
    assert tab.unit_filter.count() == 15  # "Mọi đơn vị", the district, 13 communes


def test_search_ignores_case_and_diacritics(tab, qtbot):
    target = next(n for n in shown_names(tab) if fold(n) != n.lower())
    qtbot.keyClicks(tab.search, fold(target).upper())
    names = shown_names(tab)
    assert target in names and len(names) < 91
    searched = (m.COL_NAME, m.COL_POSITION, m.COL_WORKPLACE, m.COL_UNIT, m.COL_ETHNICITY)
    for row in range(tab.proxy.rowCount()):
        assert any(fold(target) in fold(tab.proxy.index(row, c).data()) for c in searched)
    assert tab.count_label.text() == f"{len(names)}/91 đại biểu"
    tab.search.clear()
    assert tab.proxy.rowCount() == 91


def test_search_finds_a_name_typed_without_accents(tab, qtbot):
    db = tab.session.db
    event = tab.session.event_id
    did = db.execute("SELECT id FROM delegates WHERE event_id = ? LIMIT 1", [event]).fetchone()[0]
    tab.edit_values([did], {"full_name": "Nguyễn Văn Đức"})
    qtbot.keyClicks(tab.search, "nguyen van duc")
    assert shown_names(tab) == ["Nguyễn Văn Đức"]


def test_filters_by_unit_category_and_status(tab):
    tab.category_filter.setCurrentIndex(tab.category_filter.findData("leader"))
    leaders = tab.proxy.rowCount()
    assert 0 < leaders < 91
    assert all(tab.proxy.index(r, m.COL_CATEGORY).data() == "Lãnh đạo" for r in range(leaders))
    tab.category_filter.setCurrentIndex(0)
    unit = tab.unit_filter.findText("Xã Tân Lợi")
    tab.unit_filter.setCurrentIndex(unit)
    assert {tab.proxy.index(r, m.COL_UNIT).data() for r in range(tab.proxy.rowCount())} == {"Xã Tân Lợi"}
    tab.unit_filter.setCurrentIndex(0)
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("absent"))
    assert tab.proxy.rowCount() == 0


def test_sort_by_header_and_vietnamese_name_order(tab, qtbot):
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, m.COL_BIRTH_YEAR))
    years = [tab.proxy.index(r, m.COL_BIRTH_YEAR).data() for r in range(91)]
    assert years == sorted(years) or years == sorted(years, reverse=True)
    tab.table.sortByColumn(m.COL_NAME, Qt.SortOrder.AscendingOrder)
    names = shown_names(tab)
    collator = m.vietnamese_collator()

    def given_first(name):
        words = name.split()
        return " ".join([words[-1], *words[:-1]])

    def compare(a, b):
        return collator.compare(given_first(a), given_first(b))

    assert names == sorted(names, key=functools.cmp_to_key(compare))
    tab.table.sortByColumn(m.COL_WORKPLACE, Qt.SortOrder.DescendingOrder)
    places = [tab.proxy.index(r, m.COL_WORKPLACE).data() for r in range(91)]
    assert places == sorted(places, key=collator.sortKey, reverse=True)


def _section_centre(header, column):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def test_inline_edit_with_undo_and_redo(tab, qtbot):
    stack = tab.session.undo_stack
    index = tab.proxy.index(0, m.COL_BIRTH_YEAR)
    did = index.data(m.IdRole)
    old = index.data(Qt.ItemDataRole.EditRole)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = tab.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "1966")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stack.count() == 1)  # the delegate commits on a queued call

    def year():
        return tab.session.db.execute(
            "SELECT p.birth_year FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.id = ?",
            [did]).fetchone()[0]

    assert year() == 1966 and stack.count() == 1
    assert "Năm sinh" in stack.undoText()
    row = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(did), 0)).row()
    assert tab.proxy.index(row, m.COL_BIRTH_YEAR).data() == "1966"
    stack.undo()
    assert year() == old
    assert tab.model.index(tab.model.row_of(did), m.COL_BIRTH_YEAR).data() == str(old)
    stack.redo()
    assert year() == 1966


def test_a_bad_inline_value_gets_a_sentence_and_nothing_is_written(tab):
    dump = _dump(tab.session.db)
    assert tab.proxy.setData(tab.proxy.index(0, m.COL_BIRTH_YEAR), "19x6") is False
    assert tab.banner.isVisible() and "Năm sinh" in tab.banner.text()
    assert tab.session.undo_stack.count() == 0 and _dump(tab.session.db) == dump


def test_checkbox_and_combo_edits(tab):
    index = tab.proxy.index(3, m.COL_PANEL)
    before = index.data(Qt.ItemDataRole.CheckStateRole)
    target = Qt.CheckState.Unchecked if before == Qt.CheckState.Checked else Qt.CheckState.Checked
    assert tab.proxy.setData(index, target.value, Qt.ItemDataRole.CheckStateRole)
    assert tab.proxy.index(3, m.COL_PANEL).data(Qt.ItemDataRole.CheckStateRole) == target
    status = tab.proxy.index(3, m.COL_STATUS)
    assert tab.proxy.setData(status, "confirmed")
    assert tab.proxy.index(3, m.COL_STATUS).data() == "Xác nhận dự"
    tab.session.undo_stack.undo()
    tab.session.undo_stack.undo()
    assert tab.proxy.index(3, m.COL_PANEL).data(Qt.ItemDataRole.CheckStateRole) == before


def test_bulk_change_on_a_selection_is_one_undo_step(tab, monkeypatch):
    select_rows(tab, [0, 1, 2])
    ids = tab.selected_ids()
    dump = _dump(tab.session.db)

    def run(dialog):
        dialog.choose("status", "absent")
        dialog.accept()
        return True

    monkeypatch.setattr(BulkEditDialog, "exec", run)
    tab.bulk_action.trigger()
    statuses = [tab.model.index(tab.model.row_of(i), m.COL_STATUS).data() for i in ids]
    assert statuses == ["Vắng"] * 3
    assert tab.rules_panel.stats.absent == 3
    tab.session.undo_stack.undo()
    assert _dump(tab.session.db) == dump
    assert tab.rules_panel.stats.absent == 0


def test_delete_with_confirmation_and_undo(tab, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    select_rows(tab, [4, 5])
    tab.delete_action.trigger()
    assert tab.model.rowCount() == 91
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dump = _dump(tab.session.db)
    tab.delete_action.trigger()
    assert tab.model.rowCount() == 89 == db_count(tab, "dh-hon-quan")
    tab.session.undo_stack.undo()
    assert tab.model.rowCount() == 91 and _dump(tab.session.db) == dump


def test_promotion_to_the_district_congress(window, tab, monkeypatch):
    window.select_event_code("hn-tan-loi")
    pending = [r for r in range(tab.proxy.rowCount())
               if not tab.proxy.index(r, m.COL_PROMOTED).data()
               and tab.proxy.index(r, m.COL_CATEGORY).data() == "Điển hình tiên tiến"][:2]
    select_rows(tab, pending)
    ids = tab.selected_ids()
    asked = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    before = db_count(tab, "dh-hon-quan")
    assert tab.promote_action.isEnabled()
    tab.promote_action.trigger()
    assert "2 đại biểu" in asked[0] and "ĐẠI HỘI THI ĐUA YÊU NƯỚC" in asked[0]
    assert db_count(tab, "dh-hon-quan") == before + 2
    assert all(tab.model.index(tab.model.row_of(i), m.COL_PROMOTED).data() == "✓" for i in ids)
    assert "Đã cử 2 đại biểu" in tab.banner.text()
    tab.session.undo_stack.undo()
    assert db_count(tab, "dh-hon-quan") == before
    assert all(not tab.model.index(tab.model.row_of(i), m.COL_PROMOTED).data() for i in ids)


def test_promotion_is_refused_where_there_is_no_upper_event(tab):
    select_rows(tab, [0])
    assert not tab.promote_action.isEnabled()  # the district congress has no parent


def test_rules_panel_follows_edits_and_selects_rows(tab):
    panel = tab.rules_panel
    assert not [f for f in panel.findings_model.findings() if f.severity == "error"]
    members = [r for r in range(91) if tab.proxy.index(r, m.COL_PANEL).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked]
    assert len(members) == 10
    select_rows(tab, members[:3])
    tab.edit_values(tab.selected_ids(), {"presidium": False})
    errors = [f for f in panel.findings_model.findings() if f.rule == "roster.presidium"]
    assert len(errors) == 1 and "7 người" in errors[0].message
    lines = {panel.stats_model.index(r, 0).data(): panel.stats_model.index(r, 3).data()
             for r in range(panel.stats_model.rowCount())}
    assert lines["Đoàn Chủ tịch"] == "Chưa đạt"
    row = next(r for r in range(panel.findings_model.rowCount())
               if panel.findings_model.index(r, 1).data() == errors[0].message)
    ids = panel.findings_model.index(row, 0).data(RowsRole)
    # The panel's members are the people concerned, not rows at fault: not coloured.
    assert tab.model.index(tab.model.row_of(ids[0]), 0).data(Qt.ItemDataRole.BackgroundRole) is None
    tab.table.clearSelection()
    panel.findings_view.doubleClicked.emit(panel.findings_model.index(row, 1))
    assert sorted(tab.selected_ids()) == sorted(ids)
    tab.session.undo_stack.undo()
    assert not [f for f in panel.findings_model.findings() if f.rule == "roster.presidium"]
    assert panel.chart.bars()[0].label == "Điển hình tiên tiến"
    # A row at fault is coloured and says why.
    did = tab.proxy.index(7, 0).data(m.IdRole)
    tab.edit_values([did], {"ethnicity": ""})
    index = tab.model.index(tab.model.row_of(did), m.COL_NAME)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "dân tộc" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_structure_chart_paints(tab):
    image = tab.rules_panel.chart.grab().toImage()
    assert image.width() > 100 and image.height() > 100
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert "#3c9a5f" in colours  # the exemplary bar is drawn
    labels = [b.label for b in tab.rules_panel.chart.bars()]
    assert {"Nữ", "Dân tộc thiểu số", "Trực tiếp sản xuất, công tác"} <= set(labels)


def test_seats_edit_with_undo(tab):
    seats = tab.seats_model
    assert seats.rowCount() == 13
    index = seats.index(0, COL_SEATS)
    old = index.data(Qt.ItemDataRole.EditRole)
    assert seats.setData(index, "3")
    assert seats.index(0, COL_SEATS).data() == "3"
    over = int(seats.index(0, 2).data()) > 3
    assert any(f.rule == "roster.seats" for f in tab.rules_panel.findings_model.findings()) == over
    assert over  # every commune sends four to six delegates to the congress
    assert not seats.setData(seats.index(0, COL_SEATS), "-2")
    assert "không được âm" in tab.banner.text()
    tab.session.undo_stack.undo()
    assert seats.index(0, COL_SEATS).data(Qt.ItemDataRole.EditRole) == old


def test_copy_gives_a_table_for_excel_and_word(tab, qtbot):
    select_rows(tab, [0, 1])
    tab.table.setFocus()
    tab.copy_action.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().split("\r\n")
    assert lines[0].startswith("STT\tHọ và tên\tGiới tính\tNăm sinh")
    assert lines[1].split("\t")[:2] == ["1", tab.proxy.index(0, m.COL_NAME).data()]
    assert len([ln for ln in lines if ln]) == 3
    assert "<table" in mime.html() and tab.proxy.index(1, m.COL_NAME).data() in mime.html()


def test_add_delegate_through_the_form_and_undo(tab, monkeypatch):
    persons = tab.session.db.execute("SELECT count(*) FROM persons").fetchone()[0]

    def fill(dialog):
        dialog.widgets["full_name"].setText("Trần Thị Mới")
        dialog.widgets["sex"].setCurrentIndex(dialog.widgets["sex"].findData("Nữ"))
        dialog.widgets["birth_year"].setText("1990")
        dialog.widgets["position"].setText("Giáo viên")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(DelegateDialog, "exec", fill)
    tab.add_action.trigger()
    assert tab.model.rowCount() == 92 and "Trần Thị Mới" in shown_names(tab)
    assert tab.selected_ids() and tab.model.row_values(tab.model.row_of(
        tab.selected_ids()[0]))[2] == "Trần Thị Mới"
    tab.session.undo_stack.undo()
    assert tab.model.rowCount() == 91
    assert tab.session.db.execute("SELECT count(*) FROM persons").fetchone()[0] == persons
    tab.session.undo_stack.redo()
    assert "Trần Thị Mới" in shown_names(tab)


def test_form_refuses_bad_values_with_a_sentence(tab, qtbot):
    dialog = DelegateDialog(tab.session.db, tab, {"full_name": "A"})
    qtbot.addWidget(dialog)
    dialog.widgets["birth_year"].setText("abc")
    dialog.accept()
    assert dialog.result() == 0 and "Năm sinh" in dialog.error.text()
    dialog.widgets["birth_year"].setText("1970")
    dialog.widgets["birth_date"].setText("31/02/1970")
    dialog.accept()
    assert "ngày/tháng/năm" in dialog.error.text()


def test_edit_form_writes_only_what_changed(tab, monkeypatch):
    select_rows(tab, [2])
    did = tab.selected_ids()[0]

    def change(dialog):
        dialog.widgets["note"].setText("Đã xác minh")
        dialog.accept()
        return True

    monkeypatch.setattr(DelegateDialog, "exec", change)
    tab.edit_action.trigger()
    assert tab.session.undo_stack.undoText().startswith("Sửa Ghi chú")
    assert tab.model.index(tab.model.row_of(did), m.COL_NOTE).data() == "Đã xác minh"


def test_export_from_the_window(tab, tmp_path, monkeypatch):
    out = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab.export_dialog(".xlsx")
    assert out.exists() and "Đã xuất 91 đại biểu" in tab.banner.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.txt"), ""))
    tab.export_dialog(".xlsx")
    assert ".xlsx" in tab.banner.text() and not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize("pick, delimiter", [(0, ";"), (1, ",")])
def test_export_dialog_offers_the_excel_csv_first(tab, tmp_path, monkeypatch, pick, delimiter):
    offered = {}

    def save(parent, caption, default, filters):
        offered["filters"] = filters.split(";;")
        return str(tmp_path / "ds.csv"), offered["filters"][pick]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    tab.export_dialog(".csv")
    assert "chấm phẩy" in offered["filters"][0] and "dấu phẩy" in offered["filters"][1]
    header = (tmp_path / "ds.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith(delimiter.join(["unit", "name", "sex"]))


def test_export_dialog_offers_name_order(tab, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _c, _d, filters: (str(tmp_path / "ds.xlsx"), filters.split(";;")[1]))
    tab.export_dialog(".xlsx")
    values = [c.value for c in openpyxl.load_workbook(tmp_path / "ds.xlsx").active["A"]]
    assert not any(isinstance(v, str) and "ĐOÀN" in v for v in values)  # one list, no delegation rows


def test_other_tabs_hear_of_roster_changes(window, tab):
    heard = []
    tab.session.data_changed.connect(heard.append)
    tab.edit_values([tab.proxy.index(0, 0).data(m.IdRole)], {"note": "x"})
    assert heard == ["roster"]
    assert "91/300" in window.status_label.text()


def test_undo_after_switching_events_still_refreshes(window, tab):
    did = tab.proxy.index(0, 0).data(m.IdRole)
    tab.edit_values([did], {"note": "ghi chú"})
    window.select_event_code("hn-tan-loi")
    tab.session.undo_stack.undo()
    note = tab.session.db.execute("SELECT note FROM delegates WHERE id = ?", [did]).fetchone()[0]
    assert note == "" and tab.model.rowCount() == db_count(tab, "hn-tan-loi")


def test_a_read_only_file_cannot_be_edited_from_the_tab(qtbot, demo_path):
    win = MainWindow(open_database(demo_path, readonly=True), demo_path, readonly=True)
    qtbot.addWidget(win)
    win.show()
    win.select_tab("roster")
    tab = win.roster_tab
    select_rows(tab, [0])
    assert not tab.add_action.isEnabled() and not tab.delete_action.isEnabled()
    assert not tab.edit_action.isEnabled() and tab.copy_action.isEnabled()
    assert tab.proxy.setData(tab.proxy.index(0, m.COL_NOTE), "x") is False
    assert tab.session.undo_stack.count() == 0
