"""Thành phần đại biểu…: the plan's categories edited in the window, checked, undoable."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.categories_dialog import CategoriesDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import category_editor as ce
from thidua_desktop.services.delegate_categories import plan_categories
from thidua_desktop.store.database import open_database
from thidua_desktop.templates.model import Category


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.show()
    win.select_tab("roster")
    win.select_event_code("dh-hon-quan")
    return win


def _plan(window):
    return window.session.db.execute(
        "SELECT plan_id FROM events WHERE id = ?", [window.session.event_id]).fetchone()[0]


def _rows(window):
    return window.session.db.execute(
        "SELECT * FROM delegate_categories WHERE plan_id = ? ORDER BY code", [_plan(window)]).fetchall()


def test_the_editor_is_in_the_event_menu(window):
    assert window.categories_action.text() == "Thành phần đại &biểu…"
    assert window.categories_action.shortcut().toString() == "Ctrl+Alt+D"


def test_add_a_category_edit_another_save_as_one_undo_step(window, qtbot):
    before = _rows(window)
    dialog = CategoriesDialog(window.session, _plan(window), window)
    qtbot.addWidget(dialog)
    dialog.add_category()
    dialog.label.setText("Thành viên Hội đồng Thi đua - Khen thưởng")
    dialog.words.setPlainText("hội đồng thi đua\nHội đồng thi đua\nHĐTĐKT")
    dialog.order.setValue(0)
    dialog.limit.setCurrentIndex(dialog.limit.findData("share"))
    dialog.share.setValue(12.5)
    dialog.kind.setCurrentIndex(1)
    dialog.list.setCurrentRow(1)  # Lãnh đạo: a limit of its own
    dialog.limit.setCurrentIndex(dialog.limit.findData("quota"))
    dialog.quota.setValue(4)
    dialog.accept()
    assert dialog.result() and dialog.command is not None
    cats = plan_categories(window.session.db, _plan(window))
    new = cats[0]
    assert new.label == "Thành viên Hội đồng Thi đua - Khen thưởng" and new.protocol_order == 0
    assert new.words == ("hội đồng thi đua", "HĐTĐKT")  # a repeat (any case) is dropped
    assert new.share == 0.125 and new.quota is None and new.collective and new.base == "guest"
    assert next(c for c in cats if c.code == "leader").quota == 4
    # The roster offers it at once.
    assert window.roster_tab.category_filter.findData(new.code) > 0
    stack = window.session.undo_stack
    assert stack.undoText() == "Sửa thành phần đại biểu"
    stack.undo()
    assert _rows(window) == before
    assert window.roster_tab.category_filter.findData(new.code) == -1
    stack.redo()
    assert plan_categories(window.session.db, _plan(window))[0].label == new.label


def test_a_bad_value_is_said_and_nothing_is_written(window, qtbot):
    before = _rows(window)
    dialog = CategoriesDialog(window.session, _plan(window), window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(2)
    dialog.label.setText("   ")
    dialog.accept()
    assert not dialog.result() and dialog.command is None
    assert "Tên thành phần không được để trống" in dialog.message.text()
    assert dialog.list.currentRow() == 2
    dialog.label.setText("Lãnh đạo")  # another category's name
    dialog.accept()
    assert "Đã có thành phần “Lãnh đạo”" in dialog.message.text()
    assert _rows(window) == before and window.session.undo_stack.count() == 0


def test_release_ones_three_keep_their_base(window, qtbot):
    dialog = CategoriesDialog(window.session, _plan(window), window)
    qtbot.addWidget(dialog)
    for row in range(3):
        dialog.list.setCurrentRow(row)
        assert not dialog.exemplary.isEnabled()
    dialog.add_category()
    assert dialog.exemplary.isEnabled()


def test_unchanged_form_saves_nothing(window, qtbot):
    dialog = CategoriesDialog(window.session, _plan(window), window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.list.setCurrentRow(0)
    dialog.accept()
    assert dialog.result() and dialog.command is None and window.session.undo_stack.count() == 0


# --- the service's bounds, at and over each edge -------------------------------------

def _cat(**kw):
    base = {"code": "rieng_1", "label": "Thủ trưởng đơn vị thành viên", "words": (),
            "protocol_order": 4, "base": "guest", "exemplary": False}
    base.update(kw)
    return Category(**base)


@pytest.mark.parametrize(("kw", "ok"), [
    ({"label": "x" * ce.MAX_LABEL}, True), ({"label": "x" * (ce.MAX_LABEL + 1)}, False),
    ({"protocol_order": 999}, True), ({"protocol_order": 1000}, False), ({"protocol_order": -1}, False),
    ({"quota": ce.MAX_QUOTA}, True), ({"quota": ce.MAX_QUOTA + 1}, False), ({"quota": 0}, True),
    ({"share": 1.0}, True), ({"share": 1.01}, False), ({"share": 0.0}, True),
    ({"quota": 3, "share": 0.2}, False),
    ({"words": tuple(f"từ {i}" for i in range(ce.MAX_WORDS))}, True),
    ({"words": tuple(f"từ {i}" for i in range(ce.MAX_WORDS + 1))}, False),
    ({"words": ("x" * ce.MAX_WORD,)}, True), ({"words": ("x" * (ce.MAX_WORD + 1),)}, False),
])
def test_check_category_bounds(kw, ok):
    if ok:
        ce.check_category(_cat(**kw), [])
    else:
        with pytest.raises(ValidationError):
            ce.check_category(_cat(**kw), [])


def test_exemplary_box_moves_the_base_and_the_delegates_in_it(demo_db):
    plan_id, event_id = demo_db.execute("SELECT plan_id, id FROM events WHERE code = 'dh-hon-quan'").fetchone()
    with demo_db.atomic():
        ce.save_category(demo_db, plan_id, _cat())
    ids = [r[0] for r in demo_db.execute("SELECT id FROM delegates WHERE event_id = ? LIMIT 2", [event_id])]
    demo_db.execute(f"UPDATE delegates SET category = 'guest', category_code = 'rieng_1' "
                    f"WHERE id IN ({ids[0]}, {ids[1]})")
    with demo_db.atomic():
        old = ce.save_category(demo_db, plan_id, _cat(exemplary=True))
    assert old.base == "guest"
    assert demo_db.execute(f"SELECT DISTINCT category, category_code FROM delegates "
                           f"WHERE id IN ({ids[0]}, {ids[1]})").fetchall() == [("exemplary", "rieng_1")]
    with pytest.raises(ValidationError, match="Còn 2 đại biểu"):
        ce.remove_new_category(demo_db, plan_id, "rieng_1")
