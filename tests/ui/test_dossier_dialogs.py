"""The Hồ sơ tab's dialogs: template editor (with undo), deadline shapes, start run, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QMessageBox

from thidua_desktop.gui.dossiers.deadline_editor import DeadlineEditor
from thidua_desktop.gui.dossiers.reminder_dialog import ReminderDialog
from thidua_desktop.gui.dossiers.start_run_dialog import StartRunDialog
from thidua_desktop.gui.dossiers.template_editor import TemplateEditor, TemplateItemDialog
from thidua_desktop.gui.session import Session
from thidua_desktop.services import dossier_service, dossier_templates, repository
from thidua_desktop.services.dossier_reminders import signer
from thidua_desktop.store.database import open_database


@pytest.fixture
def session(qtbot, demo_path):
    db = open_database(demo_path)
    s = Session(db, demo_path)
    yield s
    # Deleted now with its undo stack and commands, not by a garbage collection at a random later
    # moment (a parentless session sits in reference cycles; see tests/conftest.py).
    s.deleteLater()
    db.close()


def _commune_template(session):
    return next(t for t in dossier_templates.templates(session.db, session.plan_id) if t.code == "commune_post_event")


@pytest.mark.parametrize("due", [
    {"kind": "fixed", "date": "2025-04-10"},
    {"kind": "month", "year": 2025, "month": 7},
    {"kind": "quarter", "year": 2025, "quarter": 3},
    {"kind": "event", "offset_days": 10},
    {"kind": "event", "event": "district", "offset_days": -20},
    {"kind": "after", "milestone": "commune_results", "offset_days": 5},
])
def test_deadline_editor_round_trips_every_shape(qtbot, due):
    editor = DeadlineEditor([("commune", "Hội nghị cấp xã"), ("district", "Đại hội cấp huyện")],
                            [("commune_results", "Gửi kết quả")])
    qtbot.addWidget(editor)
    editor.set_value(due)
    assert editor.value() == due


def test_item_dialog_refuses_an_empty_name(qtbot, session):
    dialog = TemplateItemDialog(session.db, session.plan_id)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "không được để trống" in dialog.error.text()


def test_template_editor_edits_items_and_runs_follow_with_undo(qtbot, session, monkeypatch):
    tpl = _commune_template(session)
    run = dossier_service.runs(session.db)[0]
    editor = TemplateEditor(session, tpl.id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.model.rowCount() == len(tpl.items) and "Phòng Nội vụ" in editor.info.text()

    def fill(dialog):
        dialog.name.setText("Ảnh tư liệu Hội nghị")
        dialog.required.setChecked(False)
        dialog.copies.setValue(2)
        dialog.deadline.kind.setCurrentIndex(dialog.deadline.kind.findData("month"))
        dialog.deadline.month.setValue(5)
        dialog.deadline.month_year.setValue(2025)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemDialog, "exec", fill)
    editor.table.clearSelection()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == len(tpl.items) + 1
    added = editor.current_item()
    assert (added.name, added.copies, added.required, added.due_text) == (
        "Ảnh tư liệu Hội nghị", 2, False, "trong tháng 05/2025")
    owed = [i for i in dossier_service.items(session.db, run_id=run.id) if i.template_item_id == added.id]
    assert len(owed) == 13 and {i.due for i in owed} == {dt.date(2025, 5, 31)}

    # Move it up, then remove it; undo brings it back, in its place.
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert editor.model.row_of(added.id) == len(tpl.items) - 1
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.model.row_of(added.id) == -1
    assert not [i for i in dossier_service.items(session.db, run_id=run.id) if i.template_item_id == added.id]
    session.undo_stack.undo()
    assert editor.model.row_of(added.id) == len(tpl.items) - 1
    session.undo_stack.undo()  # the move
    session.undo_stack.undo()  # the addition
    assert editor.model.row_of(added.id) == -1 and editor.model.rowCount() == len(tpl.items)

    # An item units have sent cannot be removed: a sentence, nothing changes.
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    editor.table.selectRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert warned and "Đã có đơn vị nộp" in warned[0] and editor.model.rowCount() == len(tpl.items)


def test_editing_an_item_into_per_delegate_changes_the_runs(qtbot, session, monkeypatch):
    tpl = _commune_template(session)
    run = dossier_service.runs(session.db)[0]
    summary = next(i for i in tpl.items if i.code == "achievement_summary")
    editor = TemplateEditor(session, tpl.id)
    qtbot.addWidget(editor)

    def fill(dialog):
        assert dialog.name.text() == summary.name
        dialog.deadline.kind.setCurrentIndex(dialog.deadline.kind.findData("event"))
        dialog.deadline.event_offset.setValue(30)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemDialog, "exec", fill)
    editor.table.selectRow(editor.model.row_of(summary.id))
    editor.edit_item()
    tan_loi = repository.event_by_code(session.db, "hn-tan-loi")
    item = next(i for i in dossier_service.items(session.db, run_id=run.id, unit_id=tan_loi.unit_id)
                if i.template_item_id == summary.id)
    assert item.due == tan_loi.date + dt.timedelta(days=30)
    session.undo_stack.undo()
    assert dossier_service.item(session.db, item.id).due == dt.date(2025, 4, 10)


def test_new_template_from_the_editor_and_undo(qtbot, session, monkeypatch):
    editor = TemplateEditor(session)
    qtbot.addWidget(editor)
    count = editor.combo.count()
    answers = iter([("Hồ sơ đề nghị khen thưởng cấp xã", True), ("Phòng Nội vụ", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a, **k: (items[0], True))
    editor.new_template()
    assert editor.combo.count() == count + 1 and editor.combo.currentText() == "Hồ sơ đề nghị khen thưởng cấp xã"
    assert editor.model.rowCount() == 0
    session.undo_stack.undo()
    assert editor.combo.count() == count


def test_start_run_dialog_defaults_per_template(qtbot, session):
    dialog = StartRunDialog(session.db, session.plan_id)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.template.setCurrentIndex(dialog.template.findText("Hồ sơ cấp huyện", Qt.MatchFlag.MatchStartsWith))
    assert dialog.chosen_units() == [repository.organiser(session.db).id] and ok.isEnabled()
    dialog.template.setCurrentIndex(dialog.template.findText("Hồ sơ sau Hội nghị", Qt.MatchFlag.MatchStartsWith))
    assert len(dialog.chosen_units()) == 13 and "đã có một đợt" in dialog.warning.text()
    qtbot.mouseClick(dialog.findChildren(type(ok))[1], Qt.MouseButton.LeftButton)  # Bỏ chọn
    assert dialog.chosen_units() == [] and not ok.isEnabled()


def test_reminder_dialog_writes_the_files_and_remembers_the_signer(qtbot, session, tmp_path, monkeypatch):
    run = dossier_service.runs(session.db)[0]
    dialog = ReminderDialog(session, run.id)
    qtbot.addWidget(dialog)
    dialog.as_of.setDate(QDate(2025, 4, 15))
    dialog.reply_by.setDate(QDate(2025, 4, 25))
    assert "Sẽ nhắc 8 đơn vị" in dialog.summary.text()
    dialog.folder.setText(str(tmp_path / "nhac"))
    dialog.signer_name.setText("Nguyễn Văn Nam")
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Close)
    dialog.accept()
    names = sorted(p.name for p in (tmp_path / "nhac").iterdir())
    assert len(names) == 1 + 2 * 8 and names[0].endswith(".xlsx")
    assert signer(session.db).name == "Nguyễn Văn Nam"

    # Nothing owed under the options: a sentence, the dialog stays.
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    again = ReminderDialog(session, run.id, overdue_only=True)
    qtbot.addWidget(again)
    again.as_of.setDate(QDate(2025, 4, 5))
    again.reply_by.setDate(QDate(2025, 4, 12))
    again.folder.setText(str(tmp_path / "trong"))
    again.accept()
    assert warned and "Không có đơn vị nào" in warned[0] and not (tmp_path / "trong").exists()


def _round_template(session):
    from thidua_desktop.services.awards_dossier import TEMPLATE_CODE

    return next(t for t in dossier_templates.templates(session.db, session.plan_id) if t.code == TEMPLATE_CODE)


def _live_proposals(db, unit_id=None):
    sql = "SELECT COUNT(*) FROM award_proposals WHERE state != 'rejected'"
    return db.execute(sql + (" AND unit_id = ?" if unit_id else ""), [unit_id] if unit_id else []).fetchone()[0]


def test_per_proposal_items_are_shown_edited_and_come_back_on_undo(qtbot, session, monkeypatch):
    """The round's checklist: the per-proposal flag in the table and the dialog; delete + undo keeps it."""
    from thidua_desktop.gui.dossiers.template_items_model import COL_PER_DELEGATE
    from thidua_desktop.services.awards_dossier import run_of

    db = session.db
    tpl = _round_template(session)
    run_id = run_of(db, db.execute("SELECT id FROM award_rounds WHERE code = 'kt-2025'").fetchone()[0])
    units = db.execute("SELECT COUNT(*) FROM dossier_run_units WHERE run_id = ?", [run_id]).fetchone()[0]
    live = _live_proposals(db)
    assert units < live  # so "per unit" and "per proposal" counts cannot be confused
    editor = TemplateEditor(session, tpl.id)
    qtbot.addWidget(editor)
    shown = [editor.model.index(r, COL_PER_DELEGATE).data() for r in range(editor.model.rowCount())]
    assert shown == ["Mỗi đơn vị"] * 3 + ["Mỗi đề nghị"]
    assert editor.model.headerData(COL_PER_DELEGATE, Qt.Orientation.Horizontal) == "Tính theo"

    seen = []

    def look(dialog):  # the existing report item opens with its flag ticked
        seen.append((dialog.per_proposal.isChecked(), dialog.per_delegate.isChecked()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(TemplateItemDialog, "exec", look)
    editor.table.selectRow(3)
    editor.edit_item()
    assert seen == [(True, False)]

    def fill(dialog):
        dialog.name.setText("Bản sao quyết định khen thưởng lần trước")
        dialog.per_proposal.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemDialog, "exec", fill)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    added = editor.current_item()
    assert added.per_proposal and not added.per_delegate

    def owed():
        return [i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == added.id]

    assert len(owed()) == live and all(i.proposal_id for i in owed())
    assert editor.model.index(editor.model.row_of(added.id), COL_PER_DELEGATE).data() == "Mỗi đề nghị"
    editor.table.selectRow(editor.model.row_of(added.id))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.model.row_of(added.id) == -1 and owed() == []
    session.undo_stack.undo()
    back = next(i for i in dossier_templates.template(db, tpl.id).items if i.id == added.id)
    assert back.per_proposal and not back.per_delegate
    assert len(owed()) == live and all(i.proposal_id for i in owed())  # not once per unit
    assert editor.model.index(editor.model.row_of(added.id), COL_PER_DELEGATE).data() == "Mỗi đề nghị"

    # Editing the flag off makes it a per-unit paper again; undo puts it back per proposal.
    def per_unit(dialog):
        assert dialog.per_proposal.isChecked()
        dialog.per_proposal.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemDialog, "exec", per_unit)
    editor.table.selectRow(editor.model.row_of(added.id))
    editor.edit_item()
    assert len(owed()) == units and not any(i.proposal_id for i in owed())
    session.undo_stack.undo()
    assert len(owed()) == live


def test_item_dialog_ticks_one_of_per_delegate_and_per_proposal(qtbot, session):
    dialog = TemplateItemDialog(session.db, session.plan_id)
    qtbot.addWidget(dialog)
    dialog.name.setText("Báo cáo")
    dialog.per_delegate.setChecked(True)
    dialog.per_proposal.setChecked(True)
    assert not dialog.per_delegate.isChecked() and dialog.data().per_proposal
    dialog.per_delegate.setChecked(True)
    assert not dialog.per_proposal.isChecked() and dialog.data().per_delegate and not dialog.data().per_proposal
    dialog.per_delegate.setChecked(False)
    assert not dialog.data().per_delegate and not dialog.data().per_proposal


def test_the_rounds_own_report_item_without_deadline_is_removed_and_undone(qtbot, session, monkeypatch):
    """The item awards_dossier made (no deadline, per proposal) comes back on undo as it was."""
    from thidua_desktop.gui.dossiers.deadline_editor import NO_DEADLINE
    from thidua_desktop.services import awards_dossier as ad
    from thidua_desktop.services import awards_service

    db = session.db
    rnd = awards_service.round_by_code(db, "kt-2025")
    dossier_service.delete_run(db, ad.run_of(db, rnd.id))  # a fresh checklist: nothing recorded yet
    db.execute("DELETE FROM dossier_templates WHERE code = ?", [ad.TEMPLATE_CODE])
    run_id = ad.prepare(db, rnd)
    tpl = _round_template(session)
    report = next(i for i in tpl.items if i.code == "bao-cao-thanh-tich")
    assert report.per_proposal and report.due_text == "(chưa đặt hạn)"
    editor = TemplateEditor(session, tpl.id)
    qtbot.addWidget(editor)

    def owed():
        return [i for i in dossier_service.items(db, run_id=run_id) if i.template_item_id == report.id]

    before = sorted(i.proposal_id for i in owed())
    assert len(before) == _live_proposals(db)
    editor.table.selectRow(editor.model.row_of(report.id))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.model.row_of(report.id) == -1 and owed() == []
    session.undo_stack.undo()
    back = next(i for i in dossier_templates.template(db, tpl.id).items if i.id == report.id)
    assert (back.per_proposal, back.per_delegate, back.position, back.name) == (True, False, report.position,
                                                                                report.name)
    assert sorted(i.proposal_id for i in owed()) == before

    # Its dialog offers "no deadline" and keeps it; a commune checklist's dialog does not offer it.
    def keep(dialog):
        assert dialog.deadline.kind.currentData() == NO_DEADLINE[0] and dialog.deadline.value() == {}
        dialog.copies.setValue(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemDialog, "exec", keep)
    editor.table.selectRow(editor.model.row_of(report.id))
    editor.edit_item()
    edited = next(i for i in dossier_templates.template(db, tpl.id).items if i.id == report.id)
    assert edited.copies == 2 and edited.due_text == "(chưa đặt hạn)" and edited.per_proposal
    commune = TemplateItemDialog(db, session.plan_id)
    qtbot.addWidget(commune)
    assert commune.deadline.kind.findData(NO_DEADLINE[0]) == -1
    with pytest.raises(Exception, match="Hạn nộp"):
        dossier_templates.add_item(db, _commune_template(session).id,
                                   dossier_templates.TemplateItemData("Không hạn", {}))
