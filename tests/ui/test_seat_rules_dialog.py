"""Sự kiện > Quy tắc chia chỉ tiêu…: the rule, its figures, a live preview, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from thidua_desktop.gui.seat_rules_dialog import FIGURE, SEATS, SeatRulesDialog


@pytest.fixture
def window(demo_window):
    demo_window.select_tab("roster")
    return demo_window


def _seats(window):
    return dict(window.session.db.execute(
        "SELECT unit_id, seats FROM event_seats WHERE event_id = ?", [window.session.event_id]).fetchall())


def _dialog(window, qtbot):
    dialog = SeatRulesDialog(window.session, window.session.event_id, window)
    qtbot.addWidget(dialog)
    return dialog


def test_the_dialog_is_in_the_event_menu_with_its_own_key(window):
    assert window.seat_rules_action.text() == "&Quy tắc chia chỉ tiêu…"
    assert window.seat_rules_action.shortcut().toString() == "Ctrl+Alt+Shift+G"


def test_the_preview_follows_each_figure_typed(window, qtbot):
    dialog = _dialog(window, qtbot)
    assert dialog.table.item(0, SEATS).text() == "17"  # equal: 210 over 13, the first take the rest
    dialog.rule.setCurrentIndex(dialog.rule.findData("proportional"))
    assert not dialog.table.isColumnHidden(FIGURE)
    assert dialog.message.isVisibleTo(dialog) and "số liệu" in dialog.message.text()
    dialog.table.item(0, FIGURE).setText("3")
    dialog.table.item(1, FIGURE).setText("1")
    assert not dialog.message.isVisibleTo(dialog)
    assert [dialog.table.item(r, SEATS).text() for r in range(3)] == ["158", "52", "0"]
    assert "Tổng: 210 chỉ tiêu" in dialog.total.text()


def test_fixed_seats_over_the_maximum_are_refused_and_nothing_is_written(window, qtbot):
    before = _seats(window)
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    dialog.per_unit.setValue(23)  # 13 x 23 = 299: under the 300 maximum
    assert not dialog.message.isVisibleTo(dialog)
    dialog.table.item(0, SEATS).setText("25")  # 301
    assert "vượt 1 so với số đại biểu tối đa 300" in dialog.message.text()
    dialog.accept()
    assert dialog.command is None and dialog.result() == 0
    assert _seats(window) == before and window.session.undo_stack.count() == 0


def test_save_is_one_undo_step_and_the_roster_panel_shows_the_seats(window, qtbot):
    before = _seats(window)
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    dialog.per_unit.setValue(5)
    dialog.table.item(2, SEATS).setText("9")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.command is not None and window.session.undo_stack.count() == 1
    after = _seats(window)
    assert sorted(after.values()) == [5] * 12 + [9]
    tab = window.roster_tab
    qtbot.waitUntil(lambda: "69 chỉ tiêu" in tab.seats_caption.text(), timeout=5000)
    window.session.undo_stack.undo()
    assert _seats(window) == before
    window.session.undo_stack.redo()
    assert _seats(window) == after


def _shown(dialog):
    return {s.unit_id: int(dialog.table.item(r, SEATS).text()) for r, s in enumerate(dialog.senders)}


def _save(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.command is not None


def test_switching_to_fixed_shows_the_box_figure_in_every_row_and_saves_what_it_shows(window, qtbot):
    dialog = _dialog(window, qtbot)
    equal = _shown(dialog)  # 210 over 13: two units 17, eleven 16
    assert sorted(equal.values()) == [16] * 11 + [17] * 2
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    assert dialog.per_unit.value() == 16  # the figure most rows had, not 0
    shown = _shown(dialog)
    assert set(shown.values()) == {16}
    assert "Tổng: 208 chỉ tiêu cho 13 đơn vị." == dialog.total.text()
    _save(dialog)
    assert _seats(window) == shown


def test_a_typed_row_overrides_the_box_is_bold_and_an_emptied_cell_follows_the_box_again(window, qtbot):
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    dialog.table.item(1, SEATS).setText("9")
    assert dialog.table.item(1, SEATS).font().bold() and not dialog.table.item(0, SEATS).font().bold()
    assert "1 đơn vị nhập riêng (chữ đậm)" in dialog.total.text()
    dialog.per_unit.setValue(11)
    shown = _shown(dialog)
    assert shown[dialog.senders[1].unit_id] == 9
    assert sorted(shown.values()) == [9] + [11] * 12
    dialog.table.item(2, SEATS).setText("12")
    dialog.table.item(2, SEATS).setText("")  # back to the box
    assert dialog.table.item(2, SEATS).text() == "11" and not dialog.table.item(2, SEATS).font().bold()
    _save(dialog)
    assert _seats(window) == _shown(dialog) == shown


def test_a_saved_fixed_rule_reopens_with_its_figure_and_its_typed_rows(window, qtbot):
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    dialog.per_unit.setValue(7)
    dialog.table.item(3, SEATS).setText("8")
    _save(dialog)
    again = _dialog(window, qtbot)
    assert again.per_unit.value() == 7 and again.typed == {again.senders[3].unit_id: "8"}
    assert again.table.item(3, SEATS).font().bold() and not again.table.item(4, SEATS).font().bold()
    assert _shown(again) == _seats(window)


@pytest.mark.parametrize("typed", ["6", "7", "8"])  # under, equal to and over the box's figure
def test_a_row_typed_reopens_bold_even_when_it_equals_the_box(window, qtbot, typed):
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("fixed"))
    dialog.per_unit.setValue(5)
    dialog.table.item(3, SEATS).setText(typed)
    dialog.table.item(5, SEATS).setText("7")
    dialog.per_unit.setValue(7)  # row 5 now equals the box
    _type(qtbot, dialog, 6, "7")  # typed over the same number shown: typed too
    rows = (3, 5, 6)
    assert all(dialog.table.item(r, SEATS).font().bold() for r in rows) and not dialog.table.item(4, SEATS).font().bold()
    _save(dialog)
    again = _dialog(window, qtbot)
    units = again.senders
    assert again.typed == {units[3].unit_id: typed, units[5].unit_id: "7", units[6].unit_id: "7"}
    bold = [r for r in range(len(units)) if again.table.item(r, SEATS).font().bold()]
    assert bold == list(rows) and "3 đơn vị nhập riêng (chữ đậm)" in again.total.text()
    again.per_unit.setValue(9)  # the typed rows keep their number; the others follow the box
    shown = _shown(again)
    assert [shown[units[r].unit_id] for r in (3, 4, 5, 6)] == [int(typed), 9, 7, 7]


def _type(qtbot, dialog, row: int, text: str) -> None:
    """Type `text` into a Chỉ tiêu cell through its editor, as the officer does."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    dialog.show()
    item = dialog.table.item(row, SEATS)
    dialog.table.setCurrentItem(item)
    dialog.table.editItem(item)
    editor = dialog.table.viewport().findChild(QLineEdit)  # the cell editor (the spin box has one too)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits the editor through a queued call.
    qtbot.waitUntil(lambda: dialog.table.state() != dialog.table.State.EditingState, timeout=2000)


@pytest.mark.parametrize("rule", ["equal", "proportional", "fixed"])
def test_every_rule_saves_the_seats_its_rows_show(window, qtbot, rule):
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData(rule))
    if rule == "proportional":
        dialog.table.item(0, FIGURE).setText("2")
        dialog.table.item(4, FIGURE).setText("1")
    assert not dialog.message.isVisibleTo(dialog), dialog.message.text()
    shown = _shown(dialog)
    _save(dialog)
    assert _seats(window) == shown


def test_a_refused_rule_shows_no_seats_of_the_previous_rule(window, qtbot):
    dialog = _dialog(window, qtbot)
    dialog.rule.setCurrentIndex(dialog.rule.findData("proportional"))  # no figure yet: refused
    assert dialog.message.isVisibleTo(dialog)
    assert all(dialog.table.item(r, SEATS).text() == "" for r in range(len(dialog.senders)))
