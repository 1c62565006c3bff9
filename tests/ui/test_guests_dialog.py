"""Khách mời…: the event's guest list in a table — paste, import, save as one undo step, refusals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton

from thidua_desktop.gui import event_day_menu
from thidua_desktop.gui.guests_dialog import GuestsDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import event_day, seating
from thidua_desktop.services import event_guests as eg
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.show()
    win.select_event_code("dh-hon-quan")
    return win


def _stored(window):
    return eg.guests(window.session.db, window.session.event_id)


def _dialog(window, qtbot):
    dialog = GuestsDialog(window.session, window.session.event_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_menu_action_has_its_own_shortcut(window):
    actions = [a for a in window.menuBar().actions() if a.text() == "&Ngày tổ chức"]
    texts = {a.text(): a.shortcut().toString() for a in actions[0].menu().actions()}
    assert texts["Khách &mời của sự kiện…"] == "Ctrl+Alt+Shift+M"
    assert texts["&Phong bì (110 × 220 mm)…"] == "Ctrl+Alt+Shift+B"
    assert not any("DL" in t for t in texts)  # no English paper name
    labels = "&Nhãn địa chỉ (2 × 7 trên A4)…"
    assert texts[labels] == "Ctrl+Alt+Shift+N"
    letters = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert letters.count("n") == 1  # the labels' Alt letter is theirs alone in the menu


def test_paste_with_ctrl_v_then_save_is_one_undo_step(window, qtbot):
    before = _stored(window)
    dialog = _dialog(window, qtbot)
    assert dialog.table.rowCount() == len(before) == 3
    QGuiApplication.clipboard().setText("Họ và tên\tChức vụ\tCơ quan\tĐịa chỉ\n"
                                        "Võ Thị Sáu\tChủ tịch\tHội Phụ nữ huyện\tKhu phố 4\n"
                                        "Đinh Văn Lộc\tGiám đốc\tTrung tâm Y tế huyện\t\n")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.table.rowCount() == 5
    assert dialog.table.item(3, 0).text() == "Võ Thị Sáu" and dialog.table.item(4, 2).text() == "Trung tâm Y tế huyện"
    dialog.table.selectRow(1)
    dialog.remove_rows()
    count = window.session.undo_stack.count()
    dialog.accept()
    assert dialog.result() and dialog.command is not None
    after = _stored(window)
    assert [g.full_name for g in after] == [before[0].full_name, before[2].full_name, "Võ Thị Sáu", "Đinh Văn Lộc"]
    assert [g.id for g in after[:2]] == [before[0].id, before[2].id]  # kept rows keep their ids
    assert window.session.undo_stack.count() == count + 1
    window.session.undo_stack.undo()
    assert _stored(window) == before
    db, event_id = window.session.db, window.session.event_id
    assert seating.guest_key(before[1].id) in seating.seats(db, event_id)  # the removed guest's seat is back
    window.session.undo_stack.redo()
    assert _stored(window) == after
    assert seating.guest_key(before[1].id) not in seating.seats(db, event_id)


def test_a_refused_row_is_said_and_nothing_is_written(window, qtbot):
    before = _stored(window)
    dialog = _dialog(window, qtbot)
    dialog.add_row()
    dialog.table.item(3, 1).setText("Chủ tịch")  # a position without a name
    count = window.session.undo_stack.count()
    dialog.accept()
    assert not dialog.result() and dialog.isVisible()
    assert "Dòng 4: chưa có họ và tên" in dialog.message.text() and dialog.message.isVisible()
    assert _stored(window) == before and window.session.undo_stack.count() == count
    dialog.table.item(3, 0).setText("x" * (eg.LIMITS["full_name"] + 1))
    dialog.accept()
    assert "Họ và tên dài 101 ký tự" in dialog.message.text() and _stored(window) == before
    dialog.paste("a\t" * 5 + "\n" + "b" * 200)  # refused paste: the table is unchanged
    assert dialog.table.rowCount() == 4
    QGuiApplication.clipboard().setText("Mai Văn Hậu\tKế toán")
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Dán từ Excel, Word").click()
    assert dialog.table.rowCount() == 5 and dialog.table.item(4, 1).text() == "Kế toán"


def test_import_a_workbook_appends_its_rows(window, qtbot, tmp_path):
    import openpyxl

    path = tmp_path / "khach.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên", "Chức vụ", "Cơ quan", "Địa chỉ"])
    wb.active.append([1, "Trương Văn Đông", "Trưởng phòng", "Phòng Văn hóa", "Khu phố 5"])
    wb.save(path)
    dialog = _dialog(window, qtbot)
    dialog.import_file(str(path))
    assert dialog.table.rowCount() == 4 and dialog.table.item(3, 3).text() == "Khu phố 5"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a broken zip
    dialog.import_file(str(bad))
    assert dialog.message.isVisible() and "khách mời" in dialog.message.text()
    assert dialog.table.rowCount() == 4


def test_import_merges_a_listed_guest_keeps_her_seat_and_saves_as_one_undo_step(window, qtbot, tmp_path):
    import openpyxl

    before = _stored(window)
    db, event_id = window.session.db, window.session.event_id
    seats = seating.seats(db, event_id)
    first = before[0]
    path = tmp_path / "khach.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Cơ quan", "Địa chỉ"])
    wb.active.append([first.full_name.upper(), first.agency, "Số 1 đường Lê Duẩn"])  # she is listed
    wb.active.append(["Trương Văn Đông", "Phòng Văn hóa", "Khu phố 5"])
    wb.save(path)
    dialog = _dialog(window, qtbot)
    dialog.import_file(str(path))
    assert dialog.table.rowCount() == 4  # one appended, not two
    assert dialog.table.item(0, 0).data(Qt.ItemDataRole.UserRole) == first.id
    assert dialog.table.item(0, 0).text() == first.full_name and dialog.table.item(0, 3).text() == "Số 1 đường Lê Duẩn"
    assert dialog.table.item(0, 1).text() == first.title  # no position in the file: kept
    assert dialog.note.isVisible() and "1 khách mời mới, 1 cập nhật" in dialog.note.text()
    assert _stored(window) == before  # nothing written before Lưu
    count = window.session.undo_stack.count()
    dialog.accept()
    after = _stored(window)
    assert [g.id for g in after[:3]] == [g.id for g in before] and after[0].address == "Số 1 đường Lê Duẩn"
    assert seating.seats(db, event_id)[seating.guest_key(first.id)] == seats[seating.guest_key(first.id)]
    assert window.session.undo_stack.count() == count + 1
    window.session.undo_stack.undo()
    assert _stored(window) == before and seating.seats(db, event_id) == seats
    again = _dialog(window, qtbot)
    again.paste("\n".join(f"Khách {i}\t\tCơ quan {i}" for i in range(eg.MAX_GUESTS - 3 + 1)))  # 501 in all
    assert again.table.rowCount() == 3 and "quá giới hạn 500" in again.message.text() and not again.note.isVisible()
    again.paste("\n".join(f"Khách {i}\t\tCơ quan {i}" for i in range(eg.MAX_GUESTS - 3)))  # 500: taken
    assert again.table.rowCount() == eg.MAX_GUESTS and not again.message.isVisible()


@pytest.mark.parametrize(("kind", "chosen", "pages"), [
    ("invitations", "PDF, mỗi đơn vị một giấy mời (*.pdf)", "units"),
    ("invitations", "PDF, mỗi đại biểu một giấy mời (*.pdf)", "delegates"),
    ("labels", "PDF, mỗi đơn vị một nhãn (*.pdf)", "sheets"),
    ("cards", "PDF, biển tên A5 (*.pdf)", "a5")])
def test_window_export_the_file_type_chooses_per_unit_or_a5(window, monkeypatch, tmp_path, kind, chosen, pages):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from thidua_desktop.export.invitation_units import sending_units
    from thidua_desktop.gui import event_day_menu

    out = tmp_path / "out.pdf"
    filters = next(f for k, _t, f, _n, _s in event_day_menu._EXPORTS if k == kind)
    assert chosen in filters.split(";;")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), chosen))
    event_day_menu.export_dialog(window, kind, filters, "x.pdf")
    reader = PdfReader(out)
    db, event_id = window.session.db, window.session.event_id
    guests = len(_stored(window))
    delegates = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    host = db.execute("SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                      "WHERE d.event_id = ? AND d.unit_id = e.unit_id", [event_id]).fetchone()[0]
    letters = guests + len(sending_units(db, event_id)) + host
    coming = delegates - event_day.invitation_counts(db, event_id)["declined"]  # no card for who declined
    expected = {"units": letters, "delegates": guests + delegates, "sheets": -(-letters // 14),
                "a5": guests + coming}[pages]
    assert len(reader.pages) == expected
    if pages == "a5":
        assert round(float(reader.pages[0].mediabox.width)) == 595  # A5 landscape: 210 mm wide


@pytest.mark.parametrize(("kind", "chosen"), [("invitations", "Word, mỗi đơn vị một giấy mời (*.docx)"),
                                              ("labels", "PDF, mỗi đơn vị một nhãn (*.pdf)")])
def test_export_marks_invited_once_and_undo_puts_back(window, monkeypatch, tmp_path, kind, chosen):
    db, event_id = window.session.db, window.session.event_id
    before = event_day.invitation_counts(db, event_id)
    assert before["none"] and before["confirmed"]
    filters = next(f for k, _t, f, _n, _s in event_day_menu._EXPORTS if k == kind)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / ("x" + chosen[-6:-1].lstrip("*"))), chosen))
    steps = window.session.undo_stack.count()
    event_day_menu.export_dialog(window, kind, filters, "x")
    after = event_day.invitation_counts(db, event_id)
    if kind != "invitations":  # envelopes and labels carry letters already counted
        assert after == before and window.session.undo_stack.count() == steps
        return
    assert after["none"] == 0 and after["invited"] == before["invited"] + before["none"]
    assert after["confirmed"] == before["confirmed"] and after["declined"] == before["declined"]
    assert window.session.undo_stack.count() == steps + 1
    assert f"cho {before['none']} đại biểu" in window.statusBar().currentMessage()
    event_day_menu.export_dialog(window, kind, filters, "x")  # nothing left to mark: no empty step
    assert window.session.undo_stack.count() == steps + 1
    window.session.undo_stack.undo()
    assert event_day.invitation_counts(db, event_id) == before
    window.session.undo_stack.redo()
    assert event_day.invitation_counts(db, event_id) == after
