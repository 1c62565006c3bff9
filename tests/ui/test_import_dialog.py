"""The import preview dialog: mapping, preview, duplicates, confirm, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES  # noqa: E402
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from thidua_desktop.gui.importer import import_dialog
from thidua_desktop.gui.importer.import_dialog import ImportDialog
from thidua_desktop.gui.importer.preview_model import COL_ACTION, COL_NAME, PreviewModel
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.select_event_code("dh-hon-quan")
    return win


def _count(window) -> int:
    return window.session.db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ?", [window.session.event_id]).fetchone()[0]


def test_preview_then_import_then_undo(window, qtbot, qtmodeltester):
    dialog = ImportDialog(window.session, SAMPLES / "xa_an_khuong_tcvn3.xlsx", window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 23
    assert dialog.model.index(0, COL_NAME).data() == "Điểu Quang Tuấn"
    assert "TCVN3" in dialog.summary.text()
    assert dialog.unit_combo.currentText() == "Xã An Khương"
    before = _count(window)
    assert before > 0
    assert _count(window) == before  # nothing written before confirming
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert _count(window) == before + 23
    window.undo_action.trigger()
    assert _count(window) == before
    window.redo_action.trigger()
    assert _count(window) == before + 23


def test_remapping_a_column_changes_the_preview(window, qtbot):
    dialog = ImportDialog(window.session, SAMPLES / "xa_thanh_an_flat.xlsx", window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    combo = dialog.mapping_combos["ethnicity"]
    combo.setCurrentIndex(combo.findData(import_dialog.NOT_MAPPED))
    combo.activated.emit(combo.currentIndex())
    assert "ethnicity" not in dialog.roster.mapping
    name = dialog.mapping_combos["name"]
    name.setCurrentIndex(name.findData(import_dialog.NOT_MAPPED))
    name.activated.emit(name.currentIndex())
    assert "Họ và tên" in dialog.summary.text() and not dialog.import_button.isEnabled()


def test_duplicates_can_be_skipped_or_added_as_new(window, qtbot):
    path = SAMPLES / "xa_tan_loi_split_year.xlsx"
    first = ImportDialog(window.session, path, window)
    qtbot.addWidget(first)
    first.load()
    first.accept()
    window.select_event_code("hn-tan-loi")
    second = ImportDialog(window.session, path, window)
    qtbot.addWidget(second)
    second.load()
    actions = {second.model.index(r, COL_ACTION).data() for r in range(second.model.rowCount())}
    assert actions == {"Gộp với người đã có"}
    second.table.selectRow(0)
    second._set_action("skip")
    assert second.model.index(0, COL_ACTION).data() == "Bỏ qua"
    before = _count(window)
    second.accept()
    assert _count(window) == before + second.model.rowCount() - 1


def test_unreadable_file_gives_a_sentence(window, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dialog = ImportDialog(window.session, bad, window)
    qtbot.addWidget(dialog)
    assert dialog.load() is False
    assert shown and "hong.xlsx" in shown[0]


def test_menu_imports_several_files_with_a_summary(window, monkeypatch):
    files = [str(SAMPLES / "xa_thanh_an_flat.xlsx"), str(SAMPLES / "xa_minh_duc_flat_nfd_messy.xlsx")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    summary = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: summary.append(a[2]))
    monkeypatch.setattr(import_dialog.ImportSummaryDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    before = _count(window)
    window.import_rosters()
    assert _count(window) == before + 41
    assert "Đã nhập 41 đại biểu từ 2 tệp" in summary[0]
    assert window.tabs.currentIndex() == 1


def test_preview_model_standalone(qtmodeltester):
    qtmodeltester.check(PreviewModel())


def test_replanning_gives_the_same_warnings(window, qtbot):
    """Re-choosing the unit re-plans; the parsed rows are never changed by planning."""
    dialog = ImportDialog(window.session, SAMPLES / "xa_an_khuong_tcvn3.xlsx", window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    first = [list(r.messages) for r in dialog.plan.rows]
    parsed = [list(p.warnings) for p in dialog.roster.people]
    for _ in range(3):
        dialog._replan(dialog.unit_combo.itemData(0))
        dialog._replan(dialog.unit_combo.itemData(dialog.unit_combo.count() - 1))
    dialog._replan(None)
    assert [list(r.messages) for r in dialog.plan.rows] == first
    assert [list(p.warnings) for p in dialog.roster.people] == parsed
    # the TCVN3 conversion is said once for the file, on no row
    assert not any("TCVN3" in m for row in first for m in row)
    files = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
    assert sum("TCVN3" in line for line in files) == 1


def test_seats_are_judged_before_landing(window, qtbot):
    """The sample sends 27 people for 17 seats: said in the preview, before Nhập."""
    dialog = ImportDialog(window.session, SAMPLES / "xa_an_khuong_tcvn3.xlsx", window)
    qtbot.addWidget(dialog)
    before = _count(window)
    assert dialog.load()
    files = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
    assert any(line.startswith("Sau khi nhập:") and "chỉ tiêu" in line for line in files)
    assert _count(window) == before  # the rehearsal left nothing behind


def test_errors_come_first_and_can_be_filtered(window, qtbot, tmp_path):
    from openpyxl import Workbook

    from thidua_desktop.gui.importer.preview_model import COL_ROW

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"])
    ws.append([1, "Lê Văn An", 1980, "Kinh", "Nông dân", "Thôn 1"])
    ws.append([2, "Trần Thị Bé", None, "Kinh", "Nông dân", "Thôn 1"])  # warning: no year
    ws.append([3, None, 1985, "Kinh", "Nông dân", "Thôn 2"])  # error: no name
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    dialog = ImportDialog(window.session, path, window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    rows = [dialog.model.index(r, COL_ROW).data() for r in range(dialog.model.rowCount())]
    assert rows == ["4", "3", "2"]  # error, warning, clean
    for key, expected in (("errors", ["4"]), ("warnings", ["3"]), ("problems", ["4", "3"]),
                          ("all", ["4", "3", "2"])):
        dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData(key))
        dialog.filter_combo.activated.emit(dialog.filter_combo.currentIndex())
        assert [dialog.model.index(r, COL_ROW).data()
                for r in range(dialog.model.rowCount())] == expected
    assert not dialog.import_button.isEnabled()


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_preview_fits_a_small_screen(window, qtbot, size):
    dialog = ImportDialog(window.session, SAMPLES / "xa_tan_loi_split_year.xlsx", window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    hint = dialog.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    dialog.resize(*size)
    dialog.show()
    qtbot.waitExposed(dialog)
    for button in dialog.buttons.buttons():
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert button.isVisible() and corner.x() <= size[0] and corner.y() <= size[1]
    assert dialog.table.viewport().height() > 60  # some rows are visible


def test_the_officer_can_choose_another_sheet(window, qtbot, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Bìa"
    ws.append(["DANH SÁCH"])
    people = wb.create_sheet("Người")
    people.append(["STT", "Họ và tên", "Năm sinh", "Dân tộc"])
    people.append([1, "Lê Văn An", 1980, "Kinh"])
    other = wb.create_sheet("Khác")
    other.append(["STT", "Họ và tên", "Năm sinh", "Dân tộc"])
    other.append([1, "Võ Thị Cúc", 1970, "Kinh"])
    other.append([2, "Hà Văn Dũng", 1971, "Kinh"])
    path = tmp_path / "nhieu_trang.xlsx"
    wb.save(path)
    dialog = ImportDialog(window.session, path, window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "Bìa", "Người", "Khác"]
    chosen = dialog.roster.sheet
    assert chosen in ("Người", "Khác")
    target = "Khác" if chosen == "Người" else "Người"
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData(target))
    dialog.sheet_combo.activated.emit(dialog.sheet_combo.currentIndex())
    assert dialog.roster.sheet == target
    assert dialog.model.rowCount() == (2 if target == "Khác" else 1)


def test_a_list_without_header_opens_with_generic_columns(window, qtbot, tmp_path):
    """The officer maps a headerless list by hand; the next file of that shape reuses it."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
    from roster_corpus import BY_NAME, write_csv

    path = write_csv(BY_NAME["plain_list"], tmp_path / "ds.csv")
    dialog = ImportDialog(window.session, path, window)
    qtbot.addWidget(dialog)
    assert dialog.load()
    assert dialog.roster.headless and dialog.roster.header[:3] == ["A", "B", "C"]
    files = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
    assert any("Không tìm thấy dòng tiêu đề" in line for line in files)
    combo = dialog.mapping_combos["ethnicity"]
    combo.setCurrentIndex(combo.findData(3))
    combo.activated.emit(combo.currentIndex())
    assert [p.ethnicity for p in dialog.roster.people] == ["Kinh"] * 3
    assert dialog.import_button.isEnabled()
    dialog.accept()
    again = ImportDialog(window.session, write_csv(BY_NAME["plain_list"], tmp_path / "ds2.csv"), window)
    qtbot.addWidget(again)
    assert again.load()
    assert again.roster.mapping_source == "remembered" and again.roster.mapping["ethnicity"] == 3
