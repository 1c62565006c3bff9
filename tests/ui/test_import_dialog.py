"""The import preview dialog: mapping, preview, duplicates, confirm, undo."""

from __future__ import annotations

import pytest
from conftest import SAMPLES  # noqa: E402
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

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
    before = _count(window)
    window.import_rosters()
    assert _count(window) == before + 41
    assert "Đã nhập 41 đại biểu từ 2 tệp" in summary[0]
    assert window.tabs.currentIndex() == 1


def test_preview_model_standalone(qtmodeltester):
    qtmodeltester.check(PreviewModel())
