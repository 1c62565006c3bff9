"""The officer's walk at 1024×600 by keyboard alone (key events only; file names come from
the file dialogs, which are replaced): reach the new-plan dialog, import two workbooks, fix
a finding, export, reorder the agenda, run a dossier round, change the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from thidua_desktop.gui.widgets import export_done
from thidua_desktop.services import dossier_service, repository

ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


def when_modal(kind, then, seen: list):
    """When a modal window of `kind` is up, record it and run `then(window)` (polls, like a person)."""
    def check():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            seen.append(widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle())
            then(widget)
        else:
            QTimer.singleShot(20, check)
    QTimer.singleShot(20, check)


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier):
    top = widget.window()
    if not top.isActiveWindow():  # offscreen: a closed dialog does not hand activation back by itself
        top.activateWindow()
        qtbot.waitUntil(top.isActiveWindow)
    qtbot.keyClick(widget, k, mods)
    QApplication.processEvents()


def test_the_walk_by_keyboard_at_1024x600(demo_window, qtbot, monkeypatch, tmp_path):
    window = demo_window
    window.resize(1024, 600)
    db, stack = window.session.db, window.session.undo_stack
    event_id = window.session.event_id
    from thidua_desktop.gui.new_plan_dialog import NewPlanDialog

    # 1. The new-plan dialog is reachable (Ctrl+N) and closes with Esc.
    seen: list = []
    shown = []

    def look_then_escape(dialog):
        shown.append(dialog.form.templateCombo.isVisible() and dialog.form.buttons.isVisible())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(NewPlanDialog, look_then_escape, seen)
    key(qtbot, window, Qt.Key.Key_N, CTRL)
    assert len(seen) == 1 and shown == [True] and QApplication.activeModalWidget() is None

    # 2. Import two workbooks (Ctrl+I): the summary of the files (units) is confirmed with Enter,
    #    then the result box closes with Enter.
    from thidua_desktop.gui.importer.import_summary import ImportSummaryDialog

    files = [str(ROSTERS / "xa_tan_hung_one_row.xlsx"), str(ROSTERS / "xa_tan_khai_two_sheets.xlsx")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    before = repository.delegate_count(db, event_id)
    seen = []
    summaries: list = []
    when_modal(ImportSummaryDialog, lambda d: qtbot.keyClick(d.table, Qt.Key.Key_Return), summaries)
    when_modal(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return), seen)
    key(qtbot, window, Qt.Key.Key_I, CTRL)
    assert summaries == ["Nhập nhiều tệp danh sách"]
    assert "Đã nhập" in seen[0]
    assert repository.delegate_count(db, event_id) > before
    assert window.tabs.currentIndex() == 1

    # 3. Fix a finding: in the roster, edit a cell by keyboard (F2, type, Enter).
    table = window.roster_tab.table
    table.setFocus()
    from thidua_desktop.gui.roster import roster_table_model as m

    table.setCurrentIndex(table.model().index(0, m.COL_NOTE))
    steps = stack.count()
    key(qtbot, table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table, (editor, table.state())
    qtbot.keyClicks(editor, "Bo sung thanh tich 2025")  # QTest types ASCII only
    key(qtbot, editor, Qt.Key.Key_Return)
    assert stack.count() == steps + 1
    assert table.model().index(0, m.COL_NOTE).data() == "Bo sung thanh tich 2025"

    # 4. Export the roster (Ctrl+Alt+E); the "open it?" box answers Enter.
    out = tmp_path / "danh-sach.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    opened: list = []
    monkeypatch.setattr(export_done, "open_url", lambda p: opened.append(p))
    key(qtbot, window, Qt.Key.Key_E, CTRL | ALT)
    assert out.exists()
    box = next(b for b in window.findChildren(QMessageBox) if b.objectName() == "exportDone" and b.isVisible())
    key(qtbot, box, Qt.Key.Key_Return)
    assert opened == [out]

    # 5. Reorder the agenda: Ctrl+3, then Ctrl+Tab out of whatever has focus into the table, Ctrl+Down.
    key(qtbot, window, Qt.Key.Key_3, CTRL)
    agenda = window.agenda_tab
    agenda.table.setFocus(Qt.FocusReason.TabFocusReason)
    agenda.table.selectRow(1)
    first = agenda.model.item(1)
    key(qtbot, agenda.table, Qt.Key.Key_Down, CTRL)
    assert agenda.model.item(2).id == first.id
    key(qtbot, agenda.table, Qt.Key.Key_Tab, CTRL)  # and out of the table again
    assert QApplication.focusWidget() is not agenda.table

    # 6. Run a dossier round: Ctrl+4, Alt+M (Bắt đầu đợt mới…), Enter.
    key(qtbot, window, Qt.Key.Key_4, CTRL)
    runs = len(dossier_service.runs(db, window.session.plan_id))
    from thidua_desktop.gui.dossiers.start_run_dialog import StartRunDialog

    seen = []
    when_modal(StartRunDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return), seen)
    key(qtbot, window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None)  # a mnemonic clicks after 100 ms
    assert len(dossier_service.runs(db, window.session.plan_id)) == runs + 1

    # 7. Change the date: Ctrl+1, Alt+Y to Ngày tổ chức, type, Tab.
    key(qtbot, window, Qt.Key.Key_1, CTRL)
    key(qtbot, window, Qt.Key.Key_Y, ALT)
    field = window.timeline_tab.event_date
    assert QApplication.focusWidget() is field
    qtbot.keyClicks(field, "02072025")
    assert field.is_pending()
    key(qtbot, field, Qt.Key.Key_Tab)
    assert repository.event(db, event_id).date == dt.date(2025, 7, 2)
