"""The agenda builder in the real window: reorder by drag and drop and by keyboard,
edit in place, undo/redo, times recompute, each rule shows up live, preview and export."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from thidua_desktop.gui.agenda.agenda_model import (
    COL_MINUTES,
    COL_PRESENTER,
    COL_START,
    COL_TITLE,
    ITEM_MIME,
    STANDARD_MIME,
)
from thidua_desktop.gui.agenda.speeches_model import COL_MINUTES as SPEECH_MINUTES
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches
from thidua_desktop.store.database import open_database

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.select_event_code("dh-hon-quan")
    win.select_tab("agenda")
    win.show()
    return win


@pytest.fixture
def tab(window):
    return window.agenda_tab


def kinds(tab):
    return [tab.model.item(r).kind for r in range(tab.model.rowCount())]


def db_kinds(tab):
    return [i.kind for i in svc.agenda(tab.session.db, tab.session.event_id).items]


def row_of_kind(tab, kind):
    return kinds(tab).index(kind)


def rules(tab):
    return {f.rule for f in tab.findings}


def assert_clock_runs(tab):
    """The displayed clock: each item starts when the one before ends."""
    starts = [tab.model.index(r, COL_START).data() for r in range(tab.model.rowCount())]
    for before, after in zip(starts, starts[1:], strict=False):
        assert before.split(" – ")[1] == after.split(" – ")[0]
    first = tab.model.item(0)
    assert first.start == svc.parse_clock(tab.agenda.event.start_time)


def test_models_pass_the_model_tester(tab, qtmodeltester):
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.speeches.model)
    assert tab.model.rowCount() == 14 and tab.speeches.model.rowCount() == 6


def test_keyboard_reorders_times_recompute_and_undo(window, tab, qtbot):
    before = kinds(tab)
    row = row_of_kind(tab, "closing")
    tab.table.setCurrentIndex(tab.model.index(row, COL_TITLE))
    closing_minutes = tab.model.item(row).duration_min
    qtbot.keyClick(tab.table, Qt.Key.Key_Up, CTRL)
    assert kinds(tab)[row - 1] == "closing" and db_kinds(tab) == kinds(tab)
    assert tab.current_item().kind == "closing"  # the selection follows the item
    moved = tab.model.item(row - 1)
    assert moved.start == tab.model.item(row - 2).end and moved.end == moved.start + closing_minutes
    assert_clock_runs(tab)
    assert "agenda.order" in rules(tab)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert kinds(tab) == before
    qtbot.keyClick(tab.table, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # Sửa > Hoàn tác
    assert kinds(tab) == before and db_kinds(tab) == before
    assert "agenda.order" not in rules(tab)
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)  # Sửa > Làm lại
    assert kinds(tab)[row - 1] == "closing"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert kinds(tab)[row - 1] == "closing"


def _drop(tab, mime: QMimeData, target_row: int):
    """A real drop event on the view's viewport, at the top edge of `target_row`."""
    rect = tab.table.visualRect(tab.model.index(target_row, COL_TITLE))
    pos = QPointF(rect.center().x(), rect.top() + 2)
    event = QDropEvent(pos, Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tab.table.dropEvent(event)


def test_mouse_drag_and_drop_moves_an_item(tab, qtbot):
    row = row_of_kind(tab, "guidance")
    expected = kinds(tab)
    expected.insert(1, expected.pop(row))
    tab.table.scrollToTop()
    mime = tab.model.mimeData([tab.model.index(row, COL_TITLE)])
    assert mime.hasFormat(ITEM_MIME)
    _drop(tab, mime, 1)
    qtbot.waitUntil(lambda: kinds(tab) == expected)
    assert db_kinds(tab) == expected
    assert_clock_runs(tab)
    tab.session.undo_stack.undo()
    expected.insert(row, expected.pop(1))
    assert kinds(tab) == expected


def test_drop_below_moves_down(tab, qtbot):
    # Through the model's drop entry point as a view passes it: row = insert before that row.
    expected = kinds(tab)
    item = expected.pop(0)
    expected.insert(4, item)
    mime = tab.model.mimeData([tab.model.index(0, COL_TITLE)])
    tab.model.dropMimeData(mime, Qt.DropAction.MoveAction, 5, 0, QModelIndex())
    qtbot.waitUntil(lambda: kinds(tab) == expected)


def test_palette_drop_and_activation_insert_standard_items(tab, qtbot):
    row = row_of_kind(tab, "exchange")
    tab.table.setCurrentIndex(tab.model.index(row, COL_TITLE))
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "exchange" not in kinds(tab)
    assert "agenda.required" not in rules(tab)  # optional item
    # Drag from the palette onto row 2.
    entry = next(tab.palette.item(i) for i in range(tab.palette.count())
                 if tab.palette.item(i).data(Qt.ItemDataRole.UserRole + 1) == "exchange")
    mime = tab.palette.mimeData([entry])
    assert mime.hasFormat(STANDARD_MIME)
    _drop(tab, mime, 2)
    qtbot.waitUntil(lambda: "exchange" in kinds(tab))
    assert kinds(tab)[2] == "exchange" and tab.current_item().kind == "exchange"
    tab.session.undo_stack.undo()
    assert "exchange" not in kinds(tab)
    # Double-click / Enter in the palette inserts after the selected item.
    tab.table.setCurrentIndex(tab.model.index(0, COL_TITLE))
    entry = next(tab.palette.item(i) for i in range(tab.palette.count())
                 if tab.palette.item(i).data(Qt.ItemDataRole.UserRole + 1) == "exchange")
    tab.palette.itemActivated.emit(entry)
    assert kinds(tab)[1] == "exchange"


def test_edit_in_place_with_the_editor(tab, qtbot):
    row = row_of_kind(tab, "art")
    index = tab.model.index(row, COL_TITLE)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Van nghe chao mung")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.item(row).title == "Van nghe chao mung")
    tab.session.undo_stack.undo()
    assert tab.model.item(row).title == "Chương trình văn nghệ chào mừng"


def test_minutes_edit_recomputes_and_goes_red_when_over(tab, qtbot):
    row = row_of_kind(tab, "summary_report")
    spare = tab.agenda.session_end - tab.agenda.end
    old = tab.model.item(row).duration_min
    tab.model.setData(tab.model.index(row, COL_MINUTES), old + spare + 15)
    qtbot.waitUntil(lambda: tab.model.item(row).duration_min == old + spare + 15)
    assert_clock_runs(tab)
    assert tab.clock_label.property("over") is True and "quá 15 phút" in tab.clock_label.text()
    assert "agenda.session" in rules(tab)
    last = tab.model.rowCount() - 1
    assert tab.model.index(last, COL_START).data(Qt.ItemDataRole.ForegroundRole) is not None  # red
    tab.session.undo_stack.undo()
    assert tab.clock_label.property("over") is False and "agenda.session" not in rules(tab)


def test_bad_value_gets_a_sentence_and_changes_nothing(tab, qtbot):
    depth = tab.session.undo_stack.count()
    tab.model.setData(tab.model.index(0, COL_START), "25:99")
    qtbot.waitUntil(lambda: "giờ:phút" in tab.message.text())
    assert tab.session.undo_stack.count() == depth and tab.model.item(0).pinned_start is None


def test_pinning_a_start_time(tab, qtbot):
    row = row_of_kind(tab, "summary_report")
    tab.model.setData(tab.model.index(row, COL_START), "8h45")
    qtbot.waitUntil(lambda: tab.model.item(row).pinned_start == "08:45")
    assert tab.model.item(row).start == 8 * 60 + 45
    assert tab.model.item(row + 1).start == tab.model.item(row).end


def test_presenter_rule_and_delegate_choice(tab, qtbot):
    row = row_of_kind(tab, "welcome")
    tab.model.setData(tab.model.index(row, COL_PRESENTER), "")
    qtbot.waitUntil(lambda: "agenda.presenter" in rules(tab))
    choice = svc.presenter_choices(tab.session.db, tab.session.event_id)[0]
    tab.model.setData(tab.model.index(row, COL_PRESENTER), {"presenter_delegate_id": choice.delegate_id,
                                                             "presenter_text": ""})
    qtbot.waitUntil(lambda: "agenda.presenter" not in rules(tab))
    assert tab.model.index(row, COL_PRESENTER).data() == choice.label


def test_required_item_and_flag_salute_rules(window, tab, qtbot):
    row = row_of_kind(tab, "launch")
    tab.table.setCurrentIndex(tab.model.index(row, COL_TITLE))
    tab.delete_button.click()
    assert "agenda.required" in rules(tab)
    assert any("Phát động" in tab.findings_list.item(i).text() for i in range(tab.findings_list.count()))
    tab.session.undo_stack.undo()
    assert "agenda.required" not in rules(tab)
    # A commune conference: the palette has no flag salute; one dropped in anyway is flagged.
    window.select_event_code("hn-tan-loi")
    assert "flag_salute" not in [tab.palette.item(i).data(Qt.ItemDataRole.UserRole + 1)
                                 for i in range(tab.palette.count())]
    mime = QMimeData()
    mime.setData(STANDARD_MIME, b"flag_salute")
    tab.model.dropMimeData(mime, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: "flag_salute" in kinds(tab))
    assert "agenda.flag_salute" in rules(tab)


def test_speeches_vetting_video_and_mix(tab, qtbot):
    panel = tab.speeches
    assert "agenda.vetting" in rules(tab)  # one demo speech is pending past its deadline
    pending = next(r for r in range(panel.model.rowCount()) if panel.model.speech(r).vetting == "pending")
    panel.table.selectRow(pending)
    panel.vetted_on.setDate(dt.date(2025, 6, 5))
    panel.vetting_buttons["approved"].click()
    assert panel.model.speech(pending).vetting == "approved"
    assert "agenda.vetting" not in rules(tab)
    panel.vetting_buttons["revise"].click()
    assert "agenda.vetting" in rules(tab)
    tab.session.undo_stack.undo()
    assert "agenda.vetting" not in rules(tab)
    video = next(r for r in range(panel.model.rowCount()) if panel.model.speech(r).video_kind == "overview")
    panel.model.setData(panel.model.index(video, SPEECH_MINUTES), 40)
    qtbot.waitUntil(lambda: "agenda.video" in rules(tab))
    assert "Nông nghiệp" in panel.mix_label.text() and "Chưa có lĩnh vực" in panel.mix_label.text()
    assert "08/06/2025" in panel.deadline_label.text()


def test_adding_speeches_fires_the_slot_and_field_rules(tab, qtbot):
    panel = tab.speeches
    db = tab.session.db
    exemplary = [r[0] for r in db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND category = 'exemplary' AND speaker = 0 LIMIT 4",
        [tab.session.event_id])]
    count = panel.model.rowCount()
    for delegate_id in exemplary:
        assert panel.add_fields({"title": "Kinh nghiem", "delegate_id": delegate_id, "kind": "speech",
                                 "field": "Nông nghiệp", "duration_min": 7})
    assert panel.model.rowCount() == count + 4  # five of nine speeches now in farming
    assert {"agenda.speeches_time", "agenda.speech_fields"} <= rules(tab)
    assert not panel.add_fields({"title": " ", "kind": "speech"})
    assert "không được để trống" in tab.message.text()
    for _ in range(4):
        tab.session.undo_stack.undo()
    assert panel.model.rowCount() == count and "agenda.speeches_time" not in rules(tab)


def test_insert_free_item_and_start_time(tab, qtbot):
    tab.table.setCurrentIndex(tab.model.index(1, COL_TITLE))
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    assert tab.model.rowCount() == 15 and tab.model.item(2).kind == svc.FREE
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert_clock_runs(tab)
    tab.start_edit.setTime(tab.start_edit.time().addSecs(-30 * 60))
    tab.start_edit.editingFinished.emit()
    assert tab.model.item(0).start == 7 * 60
    assert_clock_runs(tab)
    tab.session.undo_stack.undo()
    assert tab.model.item(0).start == 7 * 60 + 30


def test_empty_agenda_gets_the_standard_items_in_one_step(tab, qtbot):
    db, event_id = tab.session.db, tab.session.event_id
    db.execute("DELETE FROM agenda_items WHERE event_id = ?", [event_id])
    tab.refresh()
    assert tab.model.rowCount() == 0 and not tab.standard_button.isHidden()
    tab.standard_button.click()
    assert kinds(tab) == [s.kind for s in svc.palette(db, event_id)]
    tab.session.undo_stack.undo()
    assert tab.model.rowCount() == 0


def test_finding_activation_selects_the_item(tab, qtbot):
    row = row_of_kind(tab, "welcome")
    tab.model.setData(tab.model.index(row, COL_PRESENTER), "")
    qtbot.waitUntil(lambda: "agenda.presenter" in rules(tab))
    tab.table.setCurrentIndex(tab.model.index(5, COL_TITLE))
    entry = next(tab.findings_list.item(i) for i in range(tab.findings_list.count())
                 if "người thực hiện" in tab.findings_list.item(i).text())
    tab.findings_list.itemActivated.emit(entry)
    assert tab.current_item().kind == "welcome"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="no PDF renderer here")
def test_preview_shows_the_pages(tab, qtbot):
    dialog = tab.show_preview(False)
    assert dialog is not None and len(dialog.images) >= 1
    assert dialog.images[0].width() > 400
    dialog.reject()
    script = tab.show_preview(True)
    assert len(script.images) > len(dialog.images)
    script.reject()


def test_export_buttons_write_the_files(tab, tmp_path, monkeypatch):
    from docx import Document

    target = tmp_path / "ct.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.date_check.setChecked(False)
    assert tab.export(False) == target
    doc = Document(str(target))
    # One row per item with its time (its details follow on rows of their own, time left blank).
    timed = [r for r in doc.tables[-1].rows[1:] if r.cells[0].text.strip()]
    assert len(timed) == tab.model.rowCount()
    script = tmp_path / "kb.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(script), ""))
    assert tab.export(True) == script and script.stat().st_size > 10_000


def test_speech_dialog_validates(tab, qtbot):
    from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog

    dialog = SpeechDialog(tab.session.db, tab.session.event_id, "video", tab)
    qtbot.addWidget(dialog)
    limits = agenda_speeches.limits(tab.session.db, tab.agenda.event.plan_id)
    assert dialog.minutes.value() == limits.overview_minutes
    dialog.video_kind.setCurrentIndex(dialog.video_kind.findData("exemplar"))
    assert dialog.minutes.value() == limits.exemplar_max_minutes
    dialog.accept()
    assert dialog.result() == 0 and "không được để trống" in dialog.error.text()
    dialog.title_edit.setText("Chan dung dien hinh")
    dialog.accept()
    assert dialog.result() == 1 and dialog.fields()["video_kind"] == "exemplar"


def test_the_video_dialog_does_not_grow_with_long_agenda_titles(qtbot, demo_path):
    """Walk of 1024×600: a long "Chiếu trong mục" title made "Thêm video…" 1117 px wide."""
    from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog
    from thidua_desktop.services import agenda_service

    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    short = SpeechDialog(db, event_id, "video")
    qtbot.addWidget(short)
    width_before = short.sizeHint().width()
    item = agenda_service.agenda(db, event_id).items[0]
    db.execute("UPDATE agenda_items SET title = ? WHERE id = ?", ["Báo cáo tổng kết " * 12, item.id])
    dialog = SpeechDialog(db, event_id, "video")
    qtbot.addWidget(dialog)
    assert any(len(dialog.item.itemText(i)) > 150 for i in range(dialog.item.count()))
    assert dialog.sizeHint().width() == width_before
    assert dialog.sizeHint().width() < 1024


def test_the_speech_dialog_has_no_stray_video_controls(qtbot, demo_path):
    """Walk: "Thêm tham luận…" had the video combos over "Người trình bày" and focused first."""
    from PySide6.QtWidgets import QComboBox

    from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog

    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    speech = SpeechDialog(db, event_id, "speech")
    qtbot.addWidget(speech)
    speech.show()
    qtbot.waitExposed(speech)
    form = speech.layout()
    in_form = {form.itemAt(i).widget() for i in range(form.count())} - {None}
    combos = [c for c in speech.findChildren(QComboBox) if c.parentWidget() is speech]
    assert combos and all(c in in_form for c in combos)
    assert speech.fields()["video_kind"] == "" and speech.fields()["agenda_item_id"] is None
    video = SpeechDialog(db, event_id, "video")
    qtbot.addWidget(video)
    assert video.item is not None and video.item.accessibleName() == "Chiếu trong mục"
    assert len([c for c in video.findChildren(QComboBox) if c.parentWidget() is video]) == len(combos) + 2


@pytest.mark.parametrize(("width", "presenter", "notes"), [
    (635, 140, 80), (636, 140, 80), (641, 141, 80), (999, 219, 110), (1000, 220, 110), (1001, 220, 110),
    (666, 146, 80), (667, 146, 80), (675, 148, 81), (916, 201, 109), (917, 201, 110), (925, 203, 110)])
def test_side_columns_take_a_share_of_the_width_within_bounds(width, presenter, notes):
    from thidua_desktop.gui.agenda.agenda_view import side_widths

    assert side_widths(width) == (presenter, notes)


def test_noi_dung_gets_the_space_at_1024(window, qtbot):
    from thidua_desktop.gui.agenda.agenda_model import COL_PRESENTER, COL_TITLE

    window.resize(1024, 600)
    window.select_tab("agenda")
    window.show()
    qtbot.waitExposed(window)
    table = window.agenda_tab.table
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(COL_TITLE) > 0)
    header = table.horizontalHeader()
    assert header.sectionSize(COL_TITLE) > header.sectionSize(COL_PRESENTER)
    header.resizeSection(COL_PRESENTER, 300)  # the officer drags the border: it stays
    window.resize(1100, 600)
    qtbot.wait(20)
    assert header.sectionSize(COL_PRESENTER) == 300
