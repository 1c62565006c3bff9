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
