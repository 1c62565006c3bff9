"""Hình thức khen thưởng…: the form sets edited in the window, refused with a sentence, one undo step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from thidua_desktop.gui.accelerators import claimed_letter
from thidua_desktop.gui.award_forms_dialog import AwardFormsDialog
from thidua_desktop.services import awards_forms as af


@pytest.fixture
def window(demo_window):
    demo_window.resize(1024, 600)
    demo_window.select_tab("awards")
    return demo_window


@pytest.fixture
def dialog(window, qtbot):
    dlg = AwardFormsDialog(window.session, window)
    qtbot.addWidget(dlg)
    return dlg


def _row_of(dlg, name: str) -> int:
    return next(i for i in range(dlg.forms.count()) if dlg.forms.item(i).text() == name)


def test_reached_from_the_event_menu_and_the_awards_tab(window, monkeypatch):
    assert window.award_forms_action.shortcut().toString() == "Ctrl+Alt+Shift+H"
    opened = []
    monkeypatch.setattr(AwardFormsDialog, "exec", lambda self: opened.append(self) or 0)
    window.award_forms_action.trigger()
    window.awards_tab.forms_button.click()
    assert len(opened) == 2 and all(isinstance(d, AwardFormsDialog) for d in opened)
    assert opened[0].set_combo.count() == len(af.stored_block(window.session.db)["sets"])


def test_lists_the_sets_with_their_decree_and_date(dialog):
    texts = [dialog.set_combo.itemText(i) for i in range(dialog.set_combo.count())]
    assert texts == ["Từ 01/01/2024: Nghị định số 98/2023/NĐ-CP", "Từ 01/07/2025: Nghị định số 152/2025/NĐ-CP"]
    assert dialog.set_combo.currentIndex() == 1 and dialog.start.text() == "áp dụng từ 01/07/2025"
    assert dialog.forms.item(0).text() == "Lao động tiên tiến"
    assert dialog.code.isReadOnly()  # a saved code is what proposals point at
    # What no text in shared/ fixes is marked: NĐ 98/2023's date, the figures of the typed conditions.
    assert "(mặc định)" not in dialog.start.text() and "01/07/2025" in dialog.start.toolTip()
    dialog.set_combo.setCurrentIndex(0)
    assert dialog.start.text() == "áp dụng từ 01/01/2024 (mặc định)"


def test_an_edited_default_condition_loses_its_mark(window, dialog):
    dialog.forms.setCurrentRow(_row_of(dialog, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"))
    texts = [dialog.cond.list.item(i).text() for i in range(dialog.cond.list.count())]
    assert texts == ["Có 2 năm liên tục đạt “Lao động tiên tiến” (mặc định)",
                     "Dành ít nhất 35% cho người lao động trực tiếp (mặc định)"]
    dialog.cond.list.setCurrentRow(0)
    dialog.cond.years.setValue(3)
    dialog.cond.list.setCurrentRow(1)  # leaving the condition keeps what the fields say
    assert dialog.cond.list.item(0).text() == "Có 3 năm liên tục đạt “Lao động tiên tiến”"
    assert dialog.cond.list.item(1).text().endswith("(mặc định)")
    dialog.accept()
    stored = af.stored_block(window.session.db)["sets"][-1]
    conds = next(f for f in stored["forms"] if f["code"] == "bk_tinh")["conditions"]
    assert "basis" not in conds[0] and conds[1]["basis"] == "mặc định"


def test_edit_a_form_and_a_condition_and_the_threshold_is_one_undo_step(window, dialog):
    db = window.session.db
    before = af.stored_block(db)
    stack = window.session.undo_stack
    depth = stack.count()
    dialog.forms.setCurrentRow(_row_of(dialog, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"))
    dialog.authority.setText("Chủ tịch UBND tỉnh Bình Phước")
    dialog.cond.list.setCurrentRow(0)
    assert dialog.cond.type.currentData() == "consecutive_years" and dialog.cond.years.value() == 2
    dialog.cond.years.setValue(3)
    dialog.cond.add()
    dialog.cond.type.setCurrentIndex(dialog.cond.type.findData("min_share"))
    dialog.cond.criterion.setCurrentIndex(dialog.cond.criterion.findData("women"))
    dialog.cond.share.setValue(30)
    dialog.threshold.setValue(66.7)
    dialog.strict.setCurrentIndex(dialog.strict.findData(False))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and stack.count() == depth + 1
    sets, rule = af.form_sets(db)
    bk = sets[-1].form("bk_tinh")
    assert bk.authority == "Chủ tịch UBND tỉnh Bình Phước"
    assert [(c.type, c.years) for c in bk.conditions if c.type == "consecutive_years"] == [("consecutive_years", 3)]
    women = [c for c in bk.conditions if c.type == "min_share" and c.criterion == "women"]
    assert len(women) == 1 and women[0].share == pytest.approx(0.3)
    assert rule.threshold == pytest.approx(0.667) and not rule.strictly_more
    assert sets[0].form("bk_tinh").conditions[0].years == 2  # the older set is untouched
    stack.undo()
    assert af.stored_block(db) == before
    stack.redo()
    assert af.form_sets(db)[0][-1].form("bk_tinh").conditions[0].years == 3


@pytest.mark.parametrize("years", [1, 20])
def test_years_spin_keeps_to_the_bounds_the_service_takes(dialog, years):
    dialog.forms.setCurrentRow(_row_of(dialog, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"))
    dialog.cond.list.setCurrentRow(0)
    dialog.cond.years.setValue(years)
    dialog.cond.years.setValue(years + (1 if years == 20 else -1) * 1)  # one beyond: clamped
    assert dialog.cond.years.value() == years


def test_a_bad_value_is_said_and_nothing_is_saved(window, dialog):
    db = window.session.db
    before = af.stored_block(db)
    depth = window.session.undo_stack.count()
    dialog.forms.setCurrentRow(_row_of(dialog, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"))
    dialog.cond.list.setCurrentRow(1)
    assert dialog.cond.type.currentData() == "min_share"
    dialog.cond.share.setValue(0)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible() is False
    assert not dialog.message.isHidden()
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in dialog.message.text()
    assert "lớn hơn 0%" in dialog.message.text()
    assert af.stored_block(db) == before and window.session.undo_stack.count() == depth
    dialog.forms.setCurrentRow(0)
    dialog.name.clear()
    dialog.forms.setCurrentRow(1)
    dialog.cond.share.setValue(35)  # not shown any more: the empty name is the first fault left
    dialog.accept()
    assert "tên hình thức không được để trống" in dialog.message.text()


def test_copy_into_a_new_set_with_a_new_date(window, dialog):
    db = window.session.db
    assert not dialog.copy_set(values=(dt.date(2025, 7, 1), "Nghị định khác"))
    assert "01/07/2025" in dialog.message.text()
    assert not dialog.copy_set(values=(dt.date(2027, 1, 1), "  "))
    assert dialog.copy_set(values=(dt.date(2027, 1, 1), "Nghị định số 200/2026/NĐ-CP"))
    assert dialog.set_combo.currentText() == "Từ 01/01/2027: Nghị định số 200/2026/NĐ-CP"
    assert not dialog.code.isReadOnly()  # a new set's codes are still free
    dialog.forms.setCurrentRow(0)
    dialog.name.setText("Lao động tiên tiến (mới)")
    dialog.accept()
    sets, _ = af.form_sets(db)
    assert [s.effective_from for s in sets][-1] == dt.date(2027, 1, 1)
    assert af.in_effect(sets, dt.date(2027, 1, 1)).form("ldtt").name == "Lao động tiên tiến (mới)"
    assert af.in_effect(sets, dt.date(2026, 12, 31)).form("ldtt").name == "Lao động tiên tiến"
    window.session.undo_stack.undo()
    assert len(af.form_sets(db)[0]) == 2


def test_a_form_in_use_cannot_be_removed_a_new_one_can(window, dialog):
    used = window.session.db.execute("SELECT form_code FROM award_proposals LIMIT 1").fetchone()[0]
    dialog.set_combo.setCurrentIndex(0)  # the demo's round of June 2025 takes NĐ 98/2023's set
    name = next(f["name"] for f in dialog.current_set()["forms"] if f["code"] == used)
    count = dialog.forms.count()
    dialog.forms.setCurrentRow(_row_of(dialog, name))
    dialog.remove_form()
    assert dialog.forms.count() == count and "Không xóa được" in dialog.message.text()
    dialog.add_form()
    assert dialog.forms.count() == count + 1 and dialog.code.text() == "hinh_thuc_1"
    dialog.name.setText("Giấy khen của Chủ tịch Hội Nông dân xã")
    dialog.authority.setText("Chủ tịch Hội Nông dân xã")
    dialog.remove_form()
    assert dialog.forms.count() == count



def test_no_two_fields_share_an_alt_letter(dialog):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    letters = [claimed_letter(w.text()) for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
               if w.isVisibleTo(dialog) and claimed_letter(w.text())]
    assert len(letters) >= 15 and len(letters) == len(set(letters))


def test_looking_through_every_form_and_condition_changes_nothing(window, dialog):
    depth = window.session.undo_stack.count()
    before = af.stored_block(window.session.db)
    for index in range(dialog.set_combo.count()):
        dialog.set_combo.setCurrentIndex(index)
        for row in range(dialog.forms.count()):
            dialog.forms.setCurrentRow(row)
            for cond in range(dialog.cond.list.count()):
                dialog.cond.list.setCurrentRow(cond)
    assert dialog.changed_sets() == []
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.command is None
    assert window.session.undo_stack.count() == depth and af.stored_block(window.session.db) == before


def test_opens_on_the_set_in_force_for_the_rounds_date(window, monkeypatch):
    """The demo round was decided on 10/6/2025: the 98/2023 set, whose forms (Giấy khen huyện) it uses."""
    from thidua_desktop.services import awards_service as svc

    rnd = window.awards_tab.current_round()
    assert rnd.reference_date < dt.date(2025, 7, 1)
    opened = []
    monkeypatch.setattr(AwardFormsDialog, "exec", lambda self: opened.append(self) or 0)
    window.awards_tab.forms_button.click()
    shown = opened[0].current_set()
    assert shown["effective_from"] == svc.form_set_of(window.session.db, rnd).effective_from.isoformat()
    assert {p.form_code for p in svc.proposals(window.session.db, rnd)} <= {f["code"] for f in shown["forms"]}
    # On the day the next set starts, that one; the day before, the earlier one.
    for day, index in ((dt.date(2025, 7, 1), 1), (dt.date(2025, 6, 30), 0), (dt.date(2023, 1, 1), 0)):
        assert opened[0].set_index_on(day) == index


def test_long_names_show_whole_and_fields_show_their_start(dialog, qtbot):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_combo.setCurrentIndex(1)
    viewport = dialog.forms.viewport().width()
    line = dialog.forms.fontMetrics().height()
    wrapped = 0
    for i in range(dialog.forms.count()):
        item = dialog.forms.item(i)
        rect = dialog.forms.visualItemRect(item)
        assert rect.width() <= viewport and item.toolTip() == item.text()
        if dialog.forms.fontMetrics().horizontalAdvance(item.text()) > viewport:
            wrapped += 1
            assert rect.height() >= 2 * line  # on two lines, not cut
    assert wrapped >= 1  # "Giấy khen của Chủ tịch Ủy ban nhân dân xã" is longer than the list is wide
    row = _row_of(dialog, "Giấy khen của Chủ tịch Ủy ban nhân dân xã")
    dialog.forms.setCurrentRow(row)
    for edit in (dialog.name, dialog.authority, dialog.decree, dialog.cond.text):
        assert edit.text() and edit.cursorPosition() == 0
    assert dialog.authority.fontMetrics().horizontalAdvance(dialog.authority.text()) > 0


@pytest.mark.parametrize("screen, expected", [
    ((1024, 600), None),  # fits the small screen (its own check: tests/ui/test_screen_fit.py)
    ((1920, 1080), (1440, 864)),  # three quarters of the width, four fifths of the height
    ((2560, 1440), (1500, 950)),  # no bigger than that
])
def test_the_window_grows_on_a_large_screen(window, qtbot, monkeypatch, screen, expected):
    from PySide6.QtCore import QRect

    from thidua_desktop.gui import award_forms_dialog as module
    from thidua_desktop.gui import screen_fit

    def room(_widget=None):
        return QRect(0, 0, *screen)

    monkeypatch.setattr(module, "available", room)
    monkeypatch.setattr(screen_fit, "available", room)
    dlg = AwardFormsDialog(window.session, window)
    qtbot.addWidget(dlg)
    size = (dlg.width(), dlg.height())
    if expected is None:
        assert size[0] <= screen[0] and size[1] <= screen[1]
    else:
        assert size == expected
