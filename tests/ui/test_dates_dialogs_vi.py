"""Ngày tổ chức takes typed digits, Tab applies, a pending change shows; the dossier matrix
selects ranges; Qt's file dialog speaks Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QTreeView

from thidua_desktop.services import repository


@pytest.fixture
def window(demo_window):
    return demo_window


@pytest.mark.parametrize("typed", ["25072025", "25/07/2025", "25.07.2025"])
def test_event_date_typed_then_tab_applies(window, qtbot, typed):
    window.select_tab("timeline")
    field = window.timeline_tab.event_date
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    qtbot.keyClicks(field, typed)
    assert field.date() == QDate(2025, 7, 25)
    assert field.is_pending() and field.property("pending") is True and "chưa áp dụng" in field.toolTip()
    event = repository.event_by_code(window.session.db, "dh-hon-quan")
    assert event.date == dt.date(2025, 6, 18)  # nothing stored before Tab
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert repository.event_by_code(window.session.db, "dh-hon-quan").date == dt.date(2025, 7, 25)
    assert not field.is_pending() and QApplication.focusWidget() is not field
    window.undo_action.trigger()
    assert repository.event_by_code(window.session.db, "dh-hon-quan").date == dt.date(2025, 6, 18)


def test_event_date_escape_drops_the_typed_date(window, qtbot):
    window.select_tab("timeline")
    field = window.timeline_tab.event_date
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, "01")
    assert field.is_pending()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not field.is_pending() and field.date() == QDate(2025, 6, 18)
    assert window.session.undo_stack.count() == 0


def test_dossier_matrix_selects_and_copies_a_range(window, qtbot):
    window.select_tab("dossiers")
    tab = window.dossiers_tab
    matrix = tab.matrix
    assert matrix.model().rowCount() >= 3
    matrix.setFocus()
    matrix.setCurrentIndex(matrix.model().index(0, 0))
    qtbot.keyClick(matrix, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(matrix, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(matrix, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    chosen = matrix.selectionModel().selectedIndexes()
    assert {(i.row(), i.column()) for i in chosen} == {(r, c) for r in range(3) for c in range(2)}
    qtbot.keyClick(matrix, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().mimeData().text().strip().split("\r\n")
    assert len(lines) == 4 and all(len(line.split("\t")) == 2 for line in lines)
    assert lines[1].split("\t")[0] == matrix.model().index(0, 0).data()


def test_file_dialog_is_vietnamese(qtbot):
    from thidua_desktop.gui.app import _load_translations

    app = QApplication.instance()
    _load_translations(app)
    try:
        dialog = QFileDialog(None, "Mở tệp dữ liệu", "/tmp", "Tệp dữ liệu (*.sqlite)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        texts = {w.text() for kind in (QLabel, QAbstractButton) for w in dialog.findChildren(kind)}
        for english in ("&Look in:", "Files of &type:", "File &name:", "&Open", "Cancel"):
            assert english not in texts
        assert {"&Tìm trong:", "&Loại tệp:", "&Tên tệp:", "Hủy"} <= texts
        view = next(v for v in dialog.findChildren(QTreeView))
        model = view.model()
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers == ["Tên", "Kích thước", "Loại", "Ngày sửa"]
    finally:
        app.removeTranslator(app._thidua_translator)
