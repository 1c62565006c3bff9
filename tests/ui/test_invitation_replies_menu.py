"""Ngày tổ chức → Danh sách trả lời giấy mời: its own shortcut, the file written, a refusal said."""

from __future__ import annotations

import openpyxl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from thidua_desktop.export.invitation_replies import TOTAL


def _action(win):
    return next(a for a in win.findChildren(QAction) if a.text().replace("&", "").startswith(
        "Danh sách trả lời giấy mời"))


def test_the_menu_action_writes_the_list(demo_window, monkeypatch, tmp_path):
    win = demo_window
    action = _action(win)
    assert action.shortcut() == QKeySequence("Ctrl+Alt+Shift+T")
    others = [a for a in win.findChildren(QAction) if a is not action and not a.shortcut().isEmpty()]
    assert all(a.shortcut() != action.shortcut() for a in others)
    out = tmp_path / "tra-loi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel (*.xlsx)"))
    action.trigger()
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["Số liệu"].iter_rows()]
    listed = win.session.db.execute("SELECT count(*) FROM delegates WHERE event_id = ?",
                                    [win.session.event_id]).fetchone()[0]
    assert next(r for r in rows if r[1] == TOTAL)[7] == listed
    # A wrong extension: a sentence, no file.
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    bad = tmp_path / "tra-loi.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bad), "Excel (*.xlsx)"))
    action.trigger()
    assert said and ".xlsx hoặc .pdf" in said[0] and not bad.exists()
