"""The details dialog and the wording editor, driven from the real window with the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from thidua_desktop.domain import script_wording as sw
from thidua_desktop.errors import ValidationError
from thidua_desktop.export.script_content import script_document
from thidua_desktop.gui.event_details_dialog import EventDetailsDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.wording_dialog import WordingDialog
from thidua_desktop.services import agenda_wording, repository
from thidua_desktop.store.database import open_database

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.select_event_code("dh-hon-quan")
    win.select_tab("agenda")
    win.show()
    qtbot.waitExposed(win)
    return win


def _type_into(qtbot, widget, text: str) -> None:
    """Select all and type; Vietnamese letters come as an input method commits them (QTest types ASCII only)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QLineEdit):
        widget.insert(text)
    else:
        widget.insertPlainText(text)


def assert_inside(dialog, widgets) -> None:
    """Every widget is shown and lies wholly inside the dialog (no hidden form, nothing cut off)."""
    for widget in widgets:
        assert widget.isVisible(), widget.objectName()
        top_left = widget.mapTo(dialog, QPoint(0, 0))
        assert dialog.rect().contains(QRect(top_left, widget.size())), widget.objectName()


@pytest.mark.parametrize("make", ["wording", "signing"])
def test_other_dialogs_fit_a_small_screen(window, qtbot, make):
    from thidua_desktop.gui.signing_units_dialog import SigningUnitsDialog
    from thidua_desktop.services import agenda_service as svc

    event_id = window.session.event_id
    if make == "wording":
        dialog = WordingDialog(window.session, event_id, window)
        widgets = [dialog.list, dialog.editor, dialog.places, dialog.reset_button, *dialog.buttons.buttons()]
    else:
        dialog = SigningUnitsDialog(window.session, svc.insert_item(window.session.db, event_id, None, "covenant"),
                                    window)
        widgets = [dialog.list]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1024 and dialog.height() <= 600
    assert_inside(dialog, widgets)


def _run_modal(qtbot, steps) -> list:
    """Run `steps(dialog)` once the modal dialog is up; return what it gave back."""
    seen = []

    def act():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        try:
            seen.append(steps(dialog))
        except Exception as exc:  # an assertion inside Qt's loop must reach the test, not abort
            seen.append(exc)
            dialog.reject()
    QTimer.singleShot(0, act)
    return seen


def test_details_dialog_by_keyboard_bad_value_then_enter_saves_and_undo(window, qtbot):
    db, event_id = window.session.db, window.session.event_id

    def steps(dialog: EventDetailsDialog):
        assert dialog.width() <= 1024 and dialog.height() <= 600
        assert_inside(dialog, [*dialog.edits.values(), *dialog.buttons.buttons()])
        _type_into(qtbot, dialog.edits["date"], "31/02/2025")
        qtbot.keyClick(dialog.edits["date"], Qt.Key.Key_Return)
        refused = dialog.isVisible(), dialog.message.text()
        assert repository.event(db, event_id).date == dt.date(2025, 6, 18)  # nothing written
        _type_into(qtbot, dialog.edits["date"], "20/6/2025")
        _type_into(qtbot, dialog.edits["venue"], "Hội trường Huyện ủy Hớn Quản")
        _type_into(qtbot, dialog.edits["plan_number"], "301/KH-UBND")
        _type_into(qtbot, dialog.edits["event_name"], "ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN HỚN QUẢN LẦN THỨ III")
        qtbot.keyClick(dialog.edits["plan_number"], Qt.Key.Key_Return)
        return refused

    seen = _run_modal(qtbot, steps)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    assert not isinstance(seen[0], Exception), seen[0]
    visible, message = seen[0]
    assert visible and "Ngày tổ chức “31/02/2025” không hợp lệ" in message
    event = repository.event(db, event_id)
    assert (event.date, event.venue) == (dt.date(2025, 6, 20), "Hội trường Huyện ủy Hớn Quản")
    assert repository.plan(db, event.plan_id).number == "301/KH-UBND"
    assert window.event_combo.currentText() == "ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN HỚN QUẢN LẦN THỨ III"
    window.undo_action.trigger()
    event = repository.event(db, event_id)
    assert (event.date, event.venue) == (dt.date(2025, 6, 18), "Hội trường Trung tâm Văn hóa - Thể thao huyện Hớn Quản")
    assert repository.plan(db, event.plan_id).number == "215/KH-UBND"
    assert window.event_combo.currentText().endswith("(2025 – 2030)")
    window.redo_action.trigger()
    assert repository.event(db, event_id).venue == "Hội trường Huyện ủy Hớn Quản"


def test_details_dialog_escape_writes_nothing(window, qtbot):
    db, event_id = window.session.db, window.session.event_id
    before = repository.event(db, event_id)

    def steps(dialog):
        _type_into(qtbot, dialog.edits["venue"], "Nơi khác")
        qtbot.keyClick(dialog.edits["venue"], Qt.Key.Key_Escape)

    seen = _run_modal(qtbot, steps)
    window.details_action.trigger()
    assert seen == [None]
    assert repository.event(db, event_id) == before
    assert not window.session.undo_stack.canUndo()


@pytest.mark.parametrize("field, text, fragment", [
    ("event_name", "   ", "Tên chính thức của sự kiện không được để trống."),
    ("start_time", "25:00", "Giờ “25:00” không hợp lệ"),
    ("plan_issued_on", "1/1/1899", "trong khoảng năm 1900 đến 2200"),
    ("issuer", "x" * 201, "dài quá 200 ký tự"),
])
def test_details_dialog_says_why_a_value_is_refused(window, qtbot, field, text, fragment):
    dialog = EventDetailsDialog(window.session, window.session.event_id, window)
    qtbot.addWidget(dialog)
    dialog.edits[field].setText(text)
    dialog.accept()
    assert fragment in dialog.message.text() and dialog.message.isVisibleTo(dialog)
    assert not window.session.undo_stack.canUndo()


def test_details_limits_at_the_edge(window):
    from thidua_desktop.services import event_details as ed

    db, event_id = window.session.db, window.session.event_id
    assert ed.clean(db, event_id, {"issuer": "x" * 200})["issuer"] == "x" * 200
    assert ed.clean(db, event_id, {"plan_issued_on": "01/01/1900"})["plan_issued_on"] == "1900-01-01"
    assert ed.clean(db, event_id, {"plan_issued_on": "31/12/2200"})["plan_issued_on"] == "2200-12-31"
    assert ed.clean(db, event_id, {"date": ""})["date"] is None
    for year in ("1899", "2201"):
        with pytest.raises(ValidationError):
            ed.clean(db, event_id, {"plan_issued_on": f"01/01/{year}"})
    with pytest.raises(ValidationError):
        ed.clean(db, event_id, {"organiser_kind": "thon_khong_co"})
    db.execute("INSERT INTO units (name, kind, name_key) VALUES ('Bù Đăng', 'huyen', 'bu dang')")
    with pytest.raises(ValidationError) as info:  # another unit of the same kind and level has this name
        ed.clean(db, event_id, {"organiser_name": "Bù Đăng"})
    assert "Đã có một đơn vị tên “Bù Đăng”" in info.value.message
    assert ed.clean(db, event_id, {"organiser_name": "Bù Đăng", "organiser_kind": "thi_xa"})


def test_wording_editor_by_keyboard_saves_one_undoable_step(window, qtbot):
    db, event_id = window.session.db, window.session.event_id

    def steps(dialog: WordingDialog):
        row = next(i for i in range(dialog.list.count()) if "Mời phát động" in dialog.list.item(i).text())
        dialog.list.setCurrentRow(row)
        _type_into(qtbot, dialog.editor, "Kinh moi {ai}")
        problem = dialog.problem.text()
        _type_into(qtbot, dialog.editor, "Xin trân trọng kính mời {presenter} phát động thi đua {unit}.")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
        return problem

    seen = _run_modal(qtbot, steps)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    assert not isinstance(seen[0], Exception), seen[0]
    assert "{ai}" in seen[0]
    texts = " ".join(line.text for b in script_document(db, event_id).blocks for line in b.lines)
    assert "phát động thi đua huyện Hớn Quản." in texts and "Xin trân trọng kính mời đồng chí" in texts
    window.undo_action.trigger()
    assert agenda_wording.event_edits(db, event_id) == {}
    window.redo_action.trigger()
    assert "launch" in agenda_wording.event_edits(db, event_id)


def test_wording_editor_back_to_template(window, qtbot):
    db, event_id = window.session.db, window.session.event_id
    agenda_wording.set_wording(db, event_id, "closing", "farewell", "Tạm biệt {unit}.")
    dialog = WordingDialog(window.session, event_id, window)
    qtbot.addWidget(dialog)
    row = next(i for i in range(dialog.list.count()) if "Lời chào kết thúc" in dialog.list.item(i).text())
    dialog.list.setCurrentRow(row)
    assert dialog.list.item(row).font().bold() and dialog.editor.toPlainText() == "Tạm biệt {unit}."
    dialog.reset_button.click()
    assert not dialog.list.item(row).font().bold()
    dialog.accept()
    assert agenda_wording.event_edits(db, event_id) == {}
    window.session.undo_stack.undo()
    assert agenda_wording.event_edits(db, event_id) == {"closing": {"farewell": "Tạm biệt {unit}."}}


def test_a_video_added_in_the_window_plays_within_the_chosen_item(window, qtbot):
    from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog

    db, event_id = window.session.db, window.session.event_id
    dialog = SpeechDialog(db, event_id, "video", window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Video: Những tấm gương bình dị")
    closing = next(i for i in range(dialog.item.count()) if "bế mạc" in dialog.item.itemText(i))
    dialog.item.setCurrentIndex(closing)
    assert window.agenda_tab.speeches.add_fields(dialog.fields())
    block = next(b for b in script_document(db, event_id).blocks if "bế mạc" in b.title)
    assert any("“Những tấm gương bình dị”" in line.text for line in block.lines)
    window.session.undo_stack.undo()
    block = next(b for b in script_document(db, event_id).blocks if "bế mạc" in b.title)
    assert not any("bình dị" in line.text for line in block.lines)


def test_signing_units_chosen_by_keyboard_reach_the_script(window, qtbot):
    from thidua_desktop.services import agenda_service as svc

    tab, db, event_id = window.agenda_tab, window.session.db, window.session.event_id
    item_id = svc.insert_item(db, event_id, None, "covenant")
    window.session.notify_data_changed("agenda")
    assert tab.signing_button.isHidden()
    tab.select_item(item_id)
    assert not tab.signing_button.isHidden()

    def steps(dialog):
        dialog.list.setFocus()
        for _ in range(2):  # the first two units: Space checks, Down moves on
            qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
            qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        return [dialog.list.item(i).text() for i in (1, 2)]

    seen = _run_modal(qtbot, steps)
    qtbot.mouseClick(tab.signing_button, Qt.MouseButton.LeftButton)
    assert not isinstance(seen[0], Exception), seen[0]
    chosen = [name for _, name in agenda_wording.signing_units(db, item_id)]
    assert [c.casefold() for c in chosen] == [s.casefold() for s in seen[0]]
    said = " ".join(line.text for b in script_document(db, event_id).blocks for line in b.lines)
    assert all(f"{c};" in said for c in chosen)
    window.undo_action.trigger()
    assert agenda_wording.signing_units(db, item_id) == []


def test_wording_examples_are_the_events_own_and_the_first_layout_is_whole(window, qtbot):
    """Walk: the placeholders showed the demo's "huyện Hớn Quản, 2020 – 2025"; a framed empty pane cut the list."""
    from PySide6.QtWidgets import QSplitter

    from thidua_desktop.gui.layout_check import problems

    window.select_event_code("hn-minh-duc")
    db, event_id = window.session.db, window.session.event_id
    plan_id = repository.event(db, event_id).plan_id
    db.execute("UPDATE plans SET review_period = '2021 - 2026' WHERE id = ?", [plan_id])
    dialog = WordingDialog(window.session, event_id, window)
    qtbot.addWidget(dialog)
    dialog.move(0, 0)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.list.setFocus()
    qtbot.wait(20)
    with_unit = next(i for i in range(dialog.list.count())
                     if "unit" in sw.SPEC[dialog.list.item(i).data(Qt.ItemDataRole.UserRole)[0]]
                     [dialog.list.item(i).data(Qt.ItemDataRole.UserRole)[1]].placeholders)
    dialog.list.setCurrentRow(with_unit)
    places = [dialog.places.item(i).text() for i in range(dialog.places.count())]
    unit_line = next(p for p in places if p.startswith("{unit}"))
    assert "Minh Đức" in unit_line and "Hớn Quản" not in unit_line
    assert all("Hớn Quản" not in p for p in places)
    period = [p for p in places if p.startswith("{review_period}")]
    assert all("2021 – 2026" in p and "2020" not in p for p in period)
    assert dialog.findChild(QSplitter).count() == 2
    assert problems(dialog, QRect(0, 0, 1024, 600)) == []
    dialog.done(0)


def test_details_dialog_sets_the_invitations_signer_as_one_undoable_step(window, qtbot):
    from thidua_desktop.export.invitation_content import invitation_set

    db, event_id = window.session.db, window.session.event_id
    dialog = EventDetailsDialog(window.session, event_id, window)
    qtbot.addWidget(dialog)
    assert dialog.edits["signer_name"].text() == "Trần Quốc Hưng"  # the demo's signer
    dialog.edits["signer_name"].setText("Lê Văn Tám")
    dialog.edits["invitation_number"].setText("")
    dialog.accept()
    inv = invitation_set(db, event_id)
    assert inv.signature.name == "Lê Văn Tám" and inv.letterhead.number.startswith("Số:\u00a0")
    window.undo_action.trigger()
    inv = invitation_set(db, event_id)
    assert inv.signature.name == "Trần Quốc Hưng" and inv.letterhead.number == "Số: 25/GM-BTC"
