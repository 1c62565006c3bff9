"""Rows pasted from Excel or Word land through the importer's preview as one undo step;
an export offers to open the file or its folder; print preview of roster, programme, script."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from thidua_desktop.errors import UserError
from thidua_desktop.gui.importer.import_dialog import ImportDialog
from thidua_desktop.gui.roster import paste
from thidua_desktop.gui.widgets import export_done
from thidua_desktop.services import repository

ROWS = [["Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"],
        ["Nguyễn Văn Dán", "Nam", "1980", "Kinh", "Nông dân", "Thôn 3"],
        ["Trần Thị Chép", "Nữ", "1991", "Tày", "Giáo viên", "Trường Tiểu học A"]]


@pytest.fixture
def window(demo_window):
    demo_window.select_tab("roster")
    return demo_window


def _mime(rows, html=True):
    mime = QMimeData()
    mime.setText("\r\n".join("\t".join(r) for r in rows) + "\r\n")
    if html:
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        mime.setHtml(f"<html><body><p>x</p><table><tbody>{body}</tbody></table></body></html>")
    return mime


def test_clipboard_rows_from_html_and_from_text():
    assert paste.clipboard_rows(_mime(ROWS)) == ROWS
    assert paste.clipboard_rows(_mime(ROWS, html=False)) == ROWS
    with pytest.raises(UserError, match="một cột"):
        paste.clipboard_rows(_mime([["a"], ["b"]], html=False))


@pytest.mark.parametrize(("count", "refused"), [(paste.MAX_ROWS, False), (paste.MAX_ROWS + 1, True)])
def test_paste_size_limit_at_its_edge(count, refused):
    mime = _mime([["Tên", "1980"]] * count, html=False)
    if refused:
        with pytest.raises(UserError, match="quá"):
            paste.clipboard_rows(mime)
    else:
        assert len(paste.clipboard_rows(mime)) == count


def test_rows_without_header_get_the_roster_order(tmp_path):
    path = paste.write_rows(ROWS[1:], tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == paste.DEFAULT_HEADER[:6] and len(lines) == 3


@pytest.mark.parametrize("with_header", [True, False])
def test_ctrl_v_in_the_roster_previews_then_lands_as_one_undo_step(window, qtbot, with_header):
    db, event_id = window.session.db, window.session.event_id
    before = repository.delegate_count(db, event_id)
    QGuiApplication.clipboard().setMimeData(_mime(ROWS if with_header else ROWS[1:], html=with_header))
    seen = {}

    def accept_preview():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog) or not dialog.isVisible():
            QTimer.singleShot(20, accept_preview)  # still reading the rows
            return
        seen["title"] = dialog.windowTitle()
        seen["rows"] = dialog.model.rowCount()
        dialog.accept()

    QTimer.singleShot(20, accept_preview)
    table = window.roster_tab.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert seen["title"].startswith("Dán danh sách đại biểu") and seen["rows"] == 2
    assert repository.delegate_count(db, event_id) == before + 2
    names = {r["full_name"] for r in db.query("SELECT full_name FROM persons")}
    assert {"Nguyễn Văn Dán", "Trần Thị Chép"} <= names
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert repository.delegate_count(db, event_id) == before


def test_export_offers_to_open_the_file_or_its_folder(window, qtbot, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(export_done, "open_url", lambda p: opened.append(p))
    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.roster_tab.export_dialog(".xlsx")
    box = next(b for b in window.roster_tab.findChildren(QMessageBox) if b.objectName() == "exportDone")
    assert str(target) in box.text()
    folder_button = next(b for b in box.buttons() if b.text() == export_done.OPEN_FOLDER)
    folder_button.click()
    assert opened == [tmp_path]
    window.roster_tab.export_dialog(".xlsx")
    box = next(b for b in window.roster_tab.findChildren(QMessageBox)
               if b.objectName() == "exportDone" and b.isVisible())
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default button opens the file itself
    assert opened == [tmp_path, target]


def _pages(dialog: QPrintPreviewDialog) -> int:
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    return dialog.findChild(QPrintPreviewWidget).pageCount()


def test_print_preview_of_roster_programme_and_script(window, qtbot):
    roster = window.roster_tab.print_preview()
    qtbot.waitUntil(lambda: _pages(roster) > 0)
    assert roster.windowTitle() == "In danh sách đại biểu" and _pages(roster) >= 2  # 91 delegates
    roster.done(0)
    window.select_tab("agenda")
    programme = window.agenda_tab.print_preview(False)
    if programme is None:
        pytest.skip("no PDF renderer on this machine")
    qtbot.waitUntil(lambda: _pages(programme) > 0)
    assert _pages(programme) >= 1
    programme.done(0)
    script = window.agenda_tab.print_preview(True)
    qtbot.waitUntil(lambda: _pages(script) > 0)
    assert _pages(script) > _pages(programme) or _pages(script) >= 2
    script.done(0)
