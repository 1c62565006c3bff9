"""The milestone dialog and the checklist's Đơn vị nộp… offer every target shape of the plan."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt

from thidua_desktop.cli import main
from thidua_desktop.gui.dossiers.target_dialog import TargetDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog
from thidua_desktop.services import dossier_templates
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
