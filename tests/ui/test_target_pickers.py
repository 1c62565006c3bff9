"""The milestone dialog and the checklist's Đơn vị nộp… offer every target shape of the plan."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from thidua_desktop.cli import main
from thidua_desktop.gui.dossiers.target_dialog import TargetDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog
from thidua_desktop.gui.widgets.target_picker import MAX_ROWS, TargetPicker
from thidua_desktop.services import dossier_templates
from thidua_desktop.services.unit_targets import Choices
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Loại", "Cụm/Khối", "Trưởng cụm, khối"])
    for c in range(2):
        for i in range(2):
            ws.append([f"Xã X{c * 2 + i + 1}", "Xã", f"Cụm thi đua số {c + 1}", "x" if i == 0 else ""])
    ws.append(["Sở S1", "Sở", "Khối thi đua số 1", "x"])
    wb.save(tmp_path / "units.xlsx")
    path = tmp_path / "p.sqlite"
    assert main(["init", "--db", str(path), "--template", "tinh-dai-hoi-2026", "--organiser", "Đồng Nai",
                 "--units", str(tmp_path / "units.xlsx")]) == 0
    win = MainWindow(open_database(path), path)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.select_tab("timeline")
    win.show()
    return win


def _tick(picker, texts):
    for i in range(picker.choices.count()):
        item = picker.choices.item(i)
        if item.text() in texts:
            item.setCheckState(Qt.CheckState.Checked)


def test_the_milestone_dialog_offers_every_shape_and_saves_a_group_rule(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    shapes = [dialog.applies.itemData(i) for i in range(dialog.applies.count())]
    assert shapes == ["office", "units", "selected", "kinds", "groups", "group_heads", "group_members"]
    dialog.title.setText("Kế hoạch của trưởng cụm 2")
    dialog.applies.setCurrentIndex(dialog.applies.findData("group_heads"))
    assert dialog.units.isVisibleTo(dialog)
    assert [dialog.units.item(i).text() for i in range(dialog.units.count())] == [
        "Cụm thi đua số 1", "Cụm thi đua số 2", "Khối thi đua số 1"]
    _tick(dialog.target, {"Cụm thi đua số 2"})
    dialog.accept()
    assert dialog.result() == 1
    data = dialog.data()
    assert (data.applies_to, data.groups, data.unit_ids) == ("group_heads", ["Cụm thi đua số 2"], [])


def test_kinds_ticked_survive_switching_shapes_and_office_hides_the_list(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    dialog.applies.setCurrentIndex(dialog.applies.findData("kinds"))
    assert [dialog.units.item(i).text() for i in range(dialog.units.count())] == ["Xã", "Sở"]
    _tick(dialog.target, {"Sở"})
    dialog.applies.setCurrentIndex(dialog.applies.findData("office"))
    assert not dialog.units.isVisibleTo(dialog)
    dialog.applies.setCurrentIndex(dialog.applies.findData("kinds"))
    assert dialog.target.value() == ("kinds", [], ["so"], [])


def test_editing_a_milestone_shows_its_rule(window, qtbot):
    tab = window.timeline_tab
    mid = next(m.id for m in tab.tl.milestones if m.code == "cluster_plans")
    dialog = MilestoneDialog(window.session.db, tab.tl, mid, tab)
    qtbot.addWidget(dialog)
    assert dialog.applies.currentData() == "group_heads"


def test_the_checklist_target_dialog_saves_one_undo_step(window, qtbot):
    session = window.session
    tpl = dossier_templates.templates(session.db, session.plan_id)[0]
    dialog = TargetDialog(session, tpl, window)
    qtbot.addWidget(dialog)
    picker = dialog.picker
    assert [picker.shape.itemData(i) for i in range(picker.shape.count())] == [
        "", "kinds", "groups", "group_heads", "group_members"]
    picker.shape.setCurrentIndex(picker.shape.findData("group_members"))
    _tick(picker, {"Khối thi đua số 1"})
    dialog.accept()
    assert dialog.command is not None and session.undo_stack.count() == 1
    assert dossier_templates.template(session.db, tpl.id).target_rule == {
        "applies_to": "group_members", "groups": ["Khối thi đua số 1"]}
    session.undo_stack.undo()
    assert dossier_templates.template(session.db, tpl.id).target == tpl.target


def test_the_checklist_target_dialog_says_why_and_writes_nothing(window, qtbot):
    session = window.session
    tpl = dossier_templates.templates(session.db, session.plan_id)[0]
    dialog = TargetDialog(session, tpl, window)
    qtbot.addWidget(dialog)
    dialog.picker.shape.setCurrentIndex(dialog.picker.shape.findData("kinds"))
    dialog.accept()  # no kind ticked
    assert dialog.command is None and "ít nhất một loại" in dialog.message.text()
    assert session.undo_stack.count() == 0


def _shown(picker):
    return [picker.choices.item(i).text() for i in range(picker.choices.count())
            if not picker.choices.item(i).isHidden()]


def test_the_unit_search_ignores_accents_and_keeps_hidden_ticks(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    picker = dialog.target
    assert not picker.search.isVisibleTo(dialog)  # the office: no list, no search
    dialog.applies.setCurrentIndex(dialog.applies.findData("selected"))
    assert picker.search.isVisibleTo(dialog)
    assert picker.count.text() == "Đã chọn 0/5 đơn vị."
    picker.search.setText("so s1")  # "Sở S1" typed without accents
    assert _shown(picker) == ["Sở S1"]
    picker.search.setText("XÃ  x")
    assert _shown(picker) == ["Xã X1", "Xã X2", "Xã X3", "Xã X4"]
    picker.every.click()  # ticks the four rows shown, not the hidden Sở
    assert picker.count.text() == "Đã chọn 4/5 đơn vị."
    picker.search.setText("x2")
    picker.nothing.click()  # unticks only Xã X2
    picker.search.setText("")
    assert len(_shown(picker)) == 5
    ids = dict((name, uid) for uid, name in picker.offer.units)
    assert picker.value()[1] == [ids["Xã X1"], ids["Xã X3"], ids["Xã X4"]]
    assert picker.count.text() == "Đã chọn 3/5 đơn vị."
    picker.choices.item(4).setCheckState(Qt.CheckState.Checked)  # a tick by hand is counted too
    assert picker.count.text() == "Đã chọn 4/5 đơn vị."


def test_kinds_and_groups_get_the_buttons_and_the_count_but_no_search(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    picker = dialog.target
    dialog.applies.setCurrentIndex(dialog.applies.findData("groups"))
    assert not picker.search.isVisibleTo(dialog) and picker.every.isVisibleTo(dialog)
    picker.every.click()
    assert picker.count.text() == "Đã chọn 3/3 cụm, khối."
    dialog.applies.setCurrentIndex(dialog.applies.findData("kinds"))
    assert picker.count.text() == "Đã chọn 0/2 loại."


@pytest.mark.parametrize(("units", "scrolls"), [(MAX_ROWS - 1, False), (MAX_ROWS, False), (MAX_ROWS + 1, True)])
def test_the_list_is_as_tall_as_its_rows_up_to_the_limit(qtbot, units, scrolls):
    offer = Choices([(i, f"Xã Số {i}") for i in range(units)], [("xa", "Xã")], [])
    picker = TargetPicker(offer, ("office", "selected"))
    qtbot.addWidget(picker)
    picker.shape.setCurrentIndex(picker.shape.findData("selected"))
    picker.show()
    qtbot.waitExposed(picker)
    row = picker.choices.sizeHintForRow(0)
    frame = 2 * picker.choices.frameWidth()
    assert picker.choices.height() == min(units, MAX_ROWS) * row + frame
    assert (picker.choices.verticalScrollBar().maximum() > 0) is scrolls


def test_the_fixed_date_and_every_deadline_shape_have_a_label_with_their_field(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "fixed"
    assert dialog.when.text() == "&Ngày:" and dialog.when.buddy() is dialog.fixed_date
    expected = {"month": ("Thá&ng:", dialog.month), "quarter": ("&Quý:", dialog.quarter),
                "event": ("Sự &kiện:", dialog.event), "after": ("Sau &mốc:", dialog.after)}
    for code, (text, field) in expected.items():
        dialog.kind.setCurrentIndex(dialog.kind.findData(code))
        assert (dialog.when.text(), dialog.when.buddy()) == (text, field)
        assert dialog.pages.currentWidget().isAncestorOf(field)


def test_the_checklist_target_dialog_says_what_it_decides_and_has_no_empty_grey(window, qtbot):
    session = window.session
    tpl = dossier_templates.templates(session.db, session.plan_id)[0]
    dialog = TargetDialog(session, tpl, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QLabel, "purpose").text().startswith("Đơn vị nào phải nộp bộ hồ sơ này")
    assert dialog.height() == dialog.sizeHint().height()  # opened as tall as its form, no more
    dialog.picker.shape.setCurrentIndex(dialog.picker.shape.findData(""))  # the default: no list
    short = dialog.height()
    assert short == dialog.sizeHint().height()
    dialog.picker.shape.setCurrentIndex(dialog.picker.shape.findData("groups"))
    assert dialog.height() == dialog.sizeHint().height() > short
    bottom = dialog.picker.choices.mapTo(dialog, dialog.picker.choices.rect().bottomLeft()).y()
    assert bottom < dialog.height()  # the whole list is inside the dialog
    assert dialog.picker.choices.verticalScrollBar().maximum() == 0  # three groups: every row shown
    dialog.picker.shape.setCurrentIndex(dialog.picker.shape.findData(""))
    assert dialog.height() == short


def _shown_milestone_dialog(window, qtbot):
    tab = window.timeline_tab
    dialog = MilestoneDialog(window.session.db, tab.tl, None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_milestone_dialog_shrinks_back_when_the_list_goes(window, qtbot):
    dialog = _shown_milestone_dialog(window, qtbot)
    short = dialog.height()
    dialog.applies.setCurrentIndex(dialog.applies.findData("selected"))
    tall = dialog.height()
    assert tall > short + dialog.units.height() // 2
    dialog.applies.setCurrentIndex(dialog.applies.findData("office"))
    assert dialog.height() == dialog.sizeHint().height() < tall


def test_a_dialog_grown_near_the_screens_bottom_is_lifted_to_stay_on_it(window, qtbot):
    dialog = _shown_milestone_dialog(window, qtbot)
    screen = dialog.screen().availableGeometry()
    dialog.move(dialog.x(), screen.bottom() - dialog.frameGeometry().height() - 4)  # 5 px above the bottom
    qtbot.waitUntil(lambda: dialog.frameGeometry().bottom() >= screen.bottom() - 5)
    dialog.applies.setCurrentIndex(dialog.applies.findData("selected"))
    grown = dialog.frameGeometry()
    assert grown.height() > 300 and screen.top() <= grown.top() and grown.bottom() <= screen.bottom()
