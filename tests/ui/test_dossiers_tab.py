"""The Hồ sơ tab driven as the officer would: a run's whole life, files, filters, undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from thidua_desktop.gui.dossiers.dialogs import NeedsFixDialog, ReceiveDialog
from thidua_desktop.gui.dossiers.items_model import FilesModel, UnitItemsModel
from thidua_desktop.gui.dossiers.matrix_model import FIRST_ITEM, DossierMatrixModel
from thidua_desktop.gui.dossiers.start_run_dialog import StartRunDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import attachments, dossier_service, repository
from thidua_desktop.services.plan_service import create_plan_file
from thidua_desktop.services.roster_service import (
    DelegateData,
    PersonData,
    add_delegate,
    add_person,
    promote,
)
from thidua_desktop.store.backup import attachments_dir
from thidua_desktop.store.database import open_database
from thidua_desktop.templates.loader import load_template


@pytest.fixture
def fresh(tmp_path):
    """A new plan file: commune events dated, two delegates of the first commune sent upward."""
    path = create_plan_file(tmp_path / "ke-hoach.sqlite", load_template("hon-quan-2025"), "Hớn Quản")
    db = open_database(path)
    events = repository.events(db)
    communes = [e for e in events if e.type_code == "commune"]
    district = next(e for e in events if e.type_code == "district")
    with db.atomic():
        for i, event in enumerate(communes):
            db.execute("UPDATE events SET date = ? WHERE id = ?", [f"2025-03-{i + 3:02d}", event.id])
        sent = [_delegate(db, communes[0], name) for name in ("Nguyễn Văn An", "Lê Thị Hoa", "Trần Văn Bình")]
        promote(db, sent[:2], district.id)
    return path, db, communes, district, sent


def _delegate(db, event, name):
    pid = add_person(db, PersonData(full_name=name, sex="Nam", birth_year=1980, unit_id=event.unit_id))
    return add_delegate(db, event.id, pid, DelegateData(unit_id=event.unit_id, status="confirmed"))


def _window(qtbot, db, path):
    win = MainWindow(db, path)
    qtbot.addWidget(win)
    win.show()
    win.select_tab("dossiers")
    return win, win.dossiers_tab


def _column(tab, name: str) -> int:
    return FIRST_ITEM + next(i for i, c in enumerate(tab.model.matrix.columns) if c.name == name)


def _cell(tab, unit_id: int, name: str):
    return tab.model.index(tab.model.row_of_unit(unit_id), _column(tab, name))


def _click_cell(qtbot, tab, unit_id, name):
    index = tab.proxy.mapFromSource(_cell(tab, unit_id, name))
    rect = tab.matrix.visualRect(index)
    qtbot.mouseClick(tab.matrix.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.current_unit_id() == unit_id


def test_models_pass_the_model_tester(qtmodeltester, demo_db):
    from thidua_desktop.gui.dossiers.template_items_model import TemplateItemsModel
    from thidua_desktop.services import dossier_templates
    from thidua_desktop.services.dossier_matrix import build_matrix

    run = dossier_service.runs(demo_db)[0]
    matrix = DossierMatrixModel()
    matrix.set_matrix(build_matrix(demo_db, run.id, dt.date(2025, 4, 15)))
    qtmodeltester.check(matrix)
    items = UnitItemsModel()
    items.set_items(dossier_service.items(demo_db, run_id=run.id)[:12], dt.date(2025, 4, 15))
    qtmodeltester.check(items)
    files = FilesModel()
    files.set_files([attachments.AttachedFile(1, 1, "ab" * 32, "Tờ trình.pdf", 2048, "2025-04-01 08:00:00")])
    qtmodeltester.check(files)
    template_items = TemplateItemsModel()
    template_items.set_items(dossier_templates.templates(demo_db, run.plan_id)[0].items)
    qtmodeltester.check(template_items)


def test_a_runs_whole_life_in_the_window(qtbot, fresh, tmp_path, monkeypatch):
    path, db, communes, district, sent = fresh
    win, tab = _window(qtbot, db, path)
    assert tab.current_run_id() is None and "Bắt đầu đợt mới" in tab.caption.text()

    # Start: the dialog proposes every commune for the commune post-event dossier.
    win.select_event_code(communes[0].code)
    dialog = StartRunDialog(db, tab.session.plan_id, tab.session.event_id, tab)
    assert dialog.current_template().code == "commune_post_event"
    assert sorted(dialog.chosen_units()) == sorted(e.unit_id for e in communes)
    run_id = tab.start_run(*dialog.choice())
    assert run_id == tab.current_run_id() and tab.model.rowCount() == len(communes)
    first = communes[0].unit_id
    per_delegate = next(c for c in tab.model.matrix.columns if c.per_delegate)
    assert _cell(tab, first, per_delegate.name).data() == "0/2"

    # Receive "Tờ trình" with a scanned file, through the button and the dialog.
    scan = tmp_path / "To trinh 12-TTr.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned submission letter\n" * 50)

    def fill_receive(dialog):
        dialog.date.setDate(QDate(2025, 4, 9))
        dialog.add_files([str(scan)])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReceiveDialog, "exec", fill_receive)
    _click_cell(qtbot, tab, first, "Tờ trình")
    assert [i.item_name for i in tab.detail.selected_items()] == ["Tờ trình"]
    qtbot.mouseClick(tab.detail.buttons["received"], Qt.MouseButton.LeftButton)
    assert _cell(tab, first, "Tờ trình").data() == "Nộp 09/04"
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    stored = attachments_dir(path) / sha[:2] / sha
    assert stored.read_bytes() == scan.read_bytes()
    assert tab.detail.files_model.rowCount() == 1
    assert tab.detail.files_model.file_at(0).original_name == scan.name

    # It opens with the system's program: a copy under its own name.
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(tab.detail.buttons["open"], Qt.MouseButton.LeftButton)
    assert Path(opened[0]).name == scan.name and Path(opened[0]).read_bytes() == scan.read_bytes()

    # Needs a fix, then accepted; undo and redo walk back and forth.
    def fill_fix(dialog):
        dialog.note.setPlainText("Thiếu chữ ký, đóng dấu")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NeedsFixDialog, "exec", fill_fix)
    qtbot.mouseClick(tab.detail.buttons["needs_fix"], Qt.MouseButton.LeftButton)
    assert _cell(tab, first, "Tờ trình").data() == "Bổ sung"
    item_id = tab.detail.selected_ids()[0]
    assert dossier_service.item(db, item_id).note == "Thiếu chữ ký, đóng dấu"
    qtbot.mouseClick(tab.detail.buttons["accepted"], Qt.MouseButton.LeftButton)
    assert _cell(tab, first, "Tờ trình").data() == "Đạt 09/04"
    win.undo_action.trigger()
    assert dossier_service.item(db, item_id).state == "needs_fix"
    win.redo_action.trigger()
    assert dossier_service.item(db, item_id).state == "accepted"
    assert tab.model.matrix.rows[tab.model.row_of_unit(first)].done == 1

    # A delegate added upward adds an item; the matrix follows the roster.
    promote(db, [sent[2]], district.id)
    tab.session.notify_data_changed("roster")
    assert _cell(tab, first, per_delegate.name).data() == "0/3"
    names = [i.delegate_name for i in dossier_service.items(db, run_id=run_id, unit_id=first) if i.delegate_id]
    assert sorted(names) == ["Lê Thị Hoa", "Nguyễn Văn An", "Trần Văn Bình"]
    # ... and one taken back removes its still-missing item.
    db.execute("UPDATE delegates SET promoted_to_id = NULL WHERE id = ?", [sent[1]])
    tab.session.notify_data_changed("roster")
    assert _cell(tab, first, per_delegate.name).data() == "0/2"


def test_received_file_survives_backup_and_restore_and_opens(qtbot, fresh, tmp_path, monkeypatch):
    path, db, communes, district, sent = fresh
    win, tab = _window(qtbot, db, path)
    tab.start_run("commune_post_event", communes[0].id, None)
    unit = communes[1].unit_id
    _click_cell(qtbot, tab, unit, "Biên bản")
    minutes = tmp_path / "Biên bản Hội nghị.docx"
    minutes.write_bytes(b"PK\x03\x04 minutes of the conference " * 40)
    assert tab.detail.mark(tab.detail.selected_ids(), "received", "2025-04-03", files=[minutes])
    backup = tmp_path / "sao-luu" / "ban-sao.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(backup), ""))
    win.backup_dialog()
    assert backup.exists()

    shutil.rmtree(attachments_dir(path))  # the folder is lost
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.restore_dialog()
    tab = win.dossiers_tab
    assert tab.current_run_id() is not None
    _click_cell(qtbot, tab, unit, "Biên bản")
    assert tab.detail.files_model.rowCount() == 1
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab.detail.open_selected_file()
    assert Path(opened[0]).read_bytes() == minutes.read_bytes()


def test_filters_and_search_on_the_demo(qtbot, demo_path):
    win, tab = _window(qtbot, open_database(demo_path), demo_path)
    total = tab.proxy.rowCount()
    assert total == 13
    rows = tab.model.matrix.rows
    tab.owing.setChecked(True)
    assert tab.proxy.rowCount() == sum(1 for r in rows if r.outstanding) < total
    tab.overdue.setChecked(True)
    assert tab.proxy.rowCount() == sum(1 for r in rows if r.overdue and r.outstanding)
    tab.owing.setChecked(False)
    tab.overdue.setChecked(False)
    tab.search.setText("minh tam")
    assert [tab.proxy.index(i, 0).data() for i in range(tab.proxy.rowCount())] == ["Xã Minh Tâm"]
    tab.search.clear()
    assert tab.proxy.rowCount() == total
    late = [r for r in rows if r.late]
    assert len(late) == 2  # the demo's two communes whose results came after the deadline
    assert "nộp muộn" in tab.caption.text()


def test_delete_run_is_undoable(qtbot, demo_path, monkeypatch):
    db = open_database(demo_path)
    win, tab = _window(qtbot, db, demo_path)
    before = len(dossier_service.items(db))
    shown = tab.current_run_id()
    own = len(dossier_service.items(db, run_id=shown))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_run()
    # The demo also has the reward round's run: deleting the shown run leaves that one.
    assert tab.current_run_id() != shown and dossier_service.items(db, run_id=shown) == []
    assert own and len(dossier_service.items(db)) == before - own
    win.undo_action.trigger()
    assert len(dossier_service.items(db)) == before and len(dossier_service.items(db, run_id=shown)) == own


def test_readonly_file_disables_edits(qtbot, demo_path):
    db = open_database(demo_path, readonly=True)
    win = MainWindow(db, demo_path, readonly=True)
    qtbot.addWidget(win)
    tab = win.dossiers_tab
    assert tab.model.rowCount() == 13
    assert not tab.start_button.isEnabled() and not tab.delete_button.isEnabled()
    tab.detail.select_rows([0])
    assert not tab.detail.buttons["received"].isEnabled()
