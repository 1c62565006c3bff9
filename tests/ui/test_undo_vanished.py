"""One undo base for every tab: a command whose target vanished says why and leaves the stack sound."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.services import agenda_service as svc

GUI = Path(__file__).resolve().parents[2] / "thidua_desktop" / "gui"


@pytest.fixture
def window(demo_window):
    demo_window.select_tab("agenda")
    return demo_window


def _delete_behind_its_back(path: Path, item_id: int) -> None:
    """Another program deletes the item (its own connection, committed)."""
    other = sqlite3.connect(path)
    with other:
        other.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])
    other.close()


def _titles(db, event_id):
    return [row["title"] for row in db.query(
        "SELECT title FROM agenda_items WHERE event_id = ? ORDER BY position", [event_id])]


def test_edit_of_a_deleted_item_is_refused_and_ctrl_z_still_works(window, demo_path, qtbot):
    tab, stack, db = window.agenda_tab, window.session.undo_stack, window.session.db
    first, second = tab.model.item(0), tab.model.item(1)
    assert tab.edit_item(first.id, {"title": "Đón tiếp đại biểu (sửa)"})
    assert stack.count() == 1
    _delete_behind_its_back(demo_path, second.id)
    before = _titles(db, window.session.event_id)
    assert not tab.edit_item(second.id, {"title": "Không còn"})
    assert "Không còn mục chương trình" in tab.message.text()
    assert stack.count() == 1 and _titles(db, window.session.event_id) == before  # nothing written or stacked
    window.undo_action.trigger()  # Ctrl+Z: the earlier edit comes back undone, no error
    assert stack.index() == 0
    assert _titles(db, window.session.event_id)[0] == first.title


def test_undo_of_an_edit_whose_item_vanished_reports_and_drops_the_step(window, demo_path, qtbot):
    tab, stack, db = window.agenda_tab, window.session.undo_stack, window.session.db
    keep, gone = tab.model.item(0), tab.model.item(2)
    assert tab.edit_item(keep.id, {"title": "Mục giữ lại"})
    assert tab.edit_item(gone.id, {"title": "Mục sẽ mất"})
    assert stack.count() == 2
    _delete_behind_its_back(demo_path, gone.id)
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Không thể hoàn tác “Sửa “" in window.last_report and "Không còn mục chương trình" in window.last_report
    assert stack.count() == 1 and stack.index() == 1  # the broken step is gone, the other stays
    assert _titles(db, window.session.event_id)[0] == "Mục giữ lại"  # nothing else was touched
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert box.text() == window.last_report
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the officer reads it and closes it
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the stack still works
    assert stack.index() == 0 and _titles(db, window.session.event_id)[0] == keep.title
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == 1 and _titles(db, window.session.event_id)[0] == "Mục giữ lại"
    assert svc.item_row(db, keep.id)["title"] == "Mục giữ lại"


def _classes(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]


def test_every_command_uses_the_one_base_and_the_one_push():
    """No QUndoCommand subclass but the base; nobody pushes onto the stack but undo.push."""
    for path in GUI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for cls in _classes(tree):
            bases = [ast.unparse(b) for b in cls.bases]
            if path.name != "undo.py":
                assert "QUndoCommand" not in bases, f"{path.name}: {cls.name}"
        if path.name != "undo.py":
            assert "undo_stack.push(" not in text, path.name
            assert ".push(command)" not in text.replace("undo.push(command)", ""), path.name


def test_commands_do_not_write_in_their_constructors(window):
    """Building every agenda command leaves the database as it was."""
    from thidua_desktop.gui.agenda import commands

    db, session = window.session.db, window.session
    before = db.execute("SELECT COUNT(*), SUM(position) FROM agenda_items").fetchone()
    item = window.agenda_tab.model.item(0)
    built = [commands.MoveItem(session, item.id, 3, "x"), commands.EditItem(session, item.id, {"title": "y"}, "x"),
             commands.InsertItem(session, session.event_id, 1, svc.FREE, "z"), commands.DeleteItem(session, item.id, "x")]
    assert db.execute("SELECT COUNT(*), SUM(position) FROM agenda_items").fetchone() == before
    assert svc.item_row(db, item.id)["title"] == item.title
    assert len(built) == 4
