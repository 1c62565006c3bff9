"""The seating window on the demo congress: real drops, keyboard, Delete, undo and redo of
every move, automatic assignment, the hall editor, the PDF from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, QRect, Qt
from PySide6.QtGui import QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from thidua_desktop.errors import UserError
from thidua_desktop.gui.seating_dialog import SeatingDialog
from thidua_desktop.gui.seating_hall_editor import HallEditorDialog
from thidua_desktop.gui.seating_view import MIME, delegate_mime, mime_delegate
from thidua_desktop.gui.session import Session
from thidua_desktop.services import seating
from thidua_desktop.services.seating import Hall
from thidua_desktop.store.database import open_database


def _plan_dialog(db, demo_path, readonly=False) -> SeatingDialog:
    """The seating window on the demo congress, its session owned by it."""
    session = Session(db, demo_path, readonly=readonly)
    session.set_event(db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0])
    dialog = SeatingDialog(session)
    # The session dies with the dialog (qtbot deletes it), never in a later garbage collection:
    # left without a parent it sat in a reference cycle, and a collection at a random later moment
    # deleted it with its undo stack and the Python commands in it -> a segfault (tests/conftest.py).
    session.setParent(dialog)
    return dialog


@pytest.fixture
def plan(qtbot, demo_path):
    db = open_database(demo_path)
    dialog = _plan_dialog(db, demo_path)
    session = dialog.session
    qtbot.addWidget(dialog)
    dialog.resize(1024, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog, db, session.event_id
    db.close()


def test_the_plan_s_session_and_its_commands_die_with_the_dialog_not_in_a_collection(qtbot, demo_path):
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    db = open_database(demo_path)
    dialog = _plan_dialog(db, demo_path)
    session = dialog.session
    assert dialog.assign()  # a Python command now sits in the session's undo stack
    command = session.undo_stack.command(session.undo_stack.count() - 1)
    dialog.close()
    dialog.deleteLater()  # what qtbot does after the test
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(session) and not shiboken6.isValid(command)
    db.close()


def _seats(db, event_id) -> dict[int, tuple[int, int]]:
    return seating.seats(db, event_id)


def _drop(widget, pos: QPointF, mime: QMimeData) -> bool:
    """A real drop event at `pos` handed to the widget's drop handler, as the agenda tests do
    (a synthetic drag has no drag manager behind it); whether the widget accepted it."""
    event = QDropEvent(pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    event.ignore()
    widget.dropEvent(event)
    return event.isAccepted()


def _centre(view, place) -> QPointF:
    return view.seat_rect(*place).center()


def _free(db, event_id) -> tuple[int, int]:
    taken = set(_seats(db, event_id).values())
    return next((r, s) for r in range(3, 13) for s in range(1, 25) if (r, s) not in taken)


def test_the_plan_shows_the_hall_the_counts_and_the_legend(plan):
    dialog, db, event_id = plan
    listed = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent' AND id NOT IN "
                        "(SELECT delegate_id FROM delegate_event_day WHERE invitation = 'declined')",
                        [event_id]).fetchone()[0]  # who declined is not expected in the hall
    h = seating.hall(db, event_id)
    guests = db.execute("SELECT count(*) FROM event_guests WHERE event_id = ?", [event_id]).fetchone()[0]
    taken = listed + guests  # the demo seats its guests too
    assert dialog.counts.text().startswith(
        f"{h.capacity} ghế · {taken} đã có người · {h.capacity - taken} trống · {h.reserved_seats} ghế")
    assert dialog.unseated.count() == 0 and dialog.unseated_title.text().replace("&", "") == "Chưa có ghế (0):"
    assert dialog.unseated_title.buddy() is dialog.unseated and "&" in dialog.unseated_title.text()
    units = db.execute("SELECT count(DISTINCT unit_id) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    assert dialog.legend.count() == units + 1  # and the guests' "Khách mời"
    place, delegate = next(iter(dialog.board.at().items()))
    name = db.execute("SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.id = ?",
                      [delegate]).fetchone()[0]
    assert dialog.view.occupant(place) == delegate
    assert name in dialog.view.tooltip(place)
    assert dialog.board.people[delegate].short == name.split()[-1]


def test_every_seat_is_found_where_it_is_painted_and_aisles_are_no_seat(plan):
    view = plan[0].view
    for row in (1, view.hall.rows):
        for seat in range(1, view.hall.seats + 1):
            assert view.seat_at(_centre(view, (row, seat))) == (row, seat)
    after_six = view.seat_rect(1, 6)
    gap = QPointF(after_six.right() + 2, after_six.center().y())  # inside the aisle after seat 6
    assert view.seat_at(gap) is None
    assert view.seat_at(QPointF(5, after_six.center().y())) is None  # the row label


def test_dropping_an_unseated_delegate_on_a_free_seat_then_undo_and_redo(plan, qtbot):
    dialog, db, event_id = plan
    delegate = next(iter(_seats(db, event_id)))
    dialog.unseat_delegate(delegate)
    assert delegate not in _seats(db, event_id)
    assert dialog.unseated.current_delegate() == delegate
    mime = dialog.unseated.mimeData([dialog.unseated.item(0)])  # what dragging the list item carries
    assert mime_delegate(mime) == delegate
    target = _free(db, event_id)
    assert _drop(dialog.view, _centre(dialog.view, target), mime)
    assert _seats(db, event_id)[delegate] == target
    assert dialog.unseated.count() == 0 and dialog.view.occupant(target) == delegate
    stack = dialog.session.undo_stack
    stack.undo()
    assert delegate not in _seats(db, event_id) and dialog.unseated.count() == 1
    assert dialog.unseated_title.text() == "&Chưa có ghế (1):"  # the count follows, the Alt letter stays
    stack.redo()
    assert _seats(db, event_id)[delegate] == target and dialog.view.occupant(target) == delegate


def test_dropping_a_seat_on_a_taken_seat_swaps_and_undo_swaps_back(plan):
    dialog, db, event_id = plan
    before = _seats(db, event_id)
    a, b = list(before)[:2]
    _drop(dialog.view, _centre(dialog.view, before[a]), delegate_mime(b))
    now = _seats(db, event_id)
    assert (now[a], now[b]) == (before[b], before[a]) and len(now) == len(before)
    assert dialog.session.undo_stack.count() == 1
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id) == before


def test_dropping_on_an_aisle_or_a_foreign_payload_changes_nothing(plan):
    dialog, db, event_id = plan
    before = _seats(db, event_id)
    delegate = next(iter(before))
    rect = dialog.view.seat_rect(3, 6)
    assert not _drop(dialog.view, QPointF(rect.right() + 2, rect.center().y()), delegate_mime(delegate))
    foreign = QMimeData()
    foreign.setText(str(delegate))
    assert not _drop(dialog.view, _centre(dialog.view, _free(db, event_id)), foreign)
    odd = QMimeData()
    odd.setData(MIME, b"12; DROP TABLE")
    assert mime_delegate(odd) is None
    assert _seats(db, event_id) == before and dialog.session.undo_stack.count() == 0


def test_dropping_a_seated_delegate_on_the_list_frees_the_seat(plan):
    dialog, db, event_id = plan
    delegate, place = next(iter(_seats(db, event_id).items()))
    assert _drop(dialog.unseated, QPointF(20, 20), delegate_mime(delegate))
    assert delegate not in _seats(db, event_id)
    assert dialog.view.occupant(place) is None and dialog.unseated.current_delegate() == delegate
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id)[delegate] == place


def test_keyboard_arrows_enter_and_delete(plan, qtbot):
    dialog, db, event_id = plan
    view = dialog.view
    seated = _seats(db, event_id)
    first, second = list(seated)[:2]
    for delegate in (first, second):
        dialog.unseat_delegate(delegate)
    target = _free(db, event_id)
    view.setFocus()
    view.set_cursor(1, 1)
    for _ in range(target[0] - 1):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    for _ in range(target[1] - 1):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.cursor == target
    chosen = dialog.unseated.current_delegate()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert _seats(db, event_id)[chosen] == target
    assert view.cursor == (target[0], target[1] + 1)  # on to the next seat
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert chosen not in _seats(db, event_id)
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's own undo
    assert _seats(db, event_id)[chosen] == target
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert chosen not in _seats(db, event_id)


def test_the_cursor_stays_inside_the_hall(plan, qtbot):
    view = plan[0].view
    view.setFocus()
    view.set_cursor(1, 1)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.cursor == (1, 1)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.cursor == (1, 24)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.cursor == (1, 24)
    view.set_cursor(99, 99)
    assert view.cursor == (view.hall.rows, view.hall.seats)


def test_enter_with_no_one_chosen_says_so_and_writes_nothing(plan, qtbot):
    dialog, db, event_id = plan
    before = _seats(db, event_id)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert "Hãy chọn một đại biểu" in dialog.status.text()
    assert _seats(db, event_id) == before and dialog.session.undo_stack.count() == 0


def test_automatic_assignment_is_one_step(plan):
    dialog, db, event_id = plan
    before = _seats(db, event_id)
    with db.conn:
        seating.put_seats(db, event_id, {})
    dialog.reload()
    assert dialog.unseated.count() == len(before)
    dialog.by.setCurrentIndex(dialog.by.findData("category"))
    assert dialog.assign_button.text().endswith("theo thành phần")
    assert dialog.assign()
    assert len(_seats(db, event_id)) == len(before) and dialog.unseated.count() == 0
    assert dialog.status.text() == "Đã xếp chỗ cho mọi đại biểu và khách mời."  # the demo lists 3 guests
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id) == {}


def test_a_hall_too_small_leaves_people_unseated_and_undo_brings_them_back(plan):
    dialog, db, event_id = plan
    before = _seats(db, event_id)
    rows = seating.hall(db, event_id).rows
    assert dialog.save_hall(Hall(3, 24, (6, 18), {1: "presidium", 2: "guest"}, {2: "Khách mời quốc tế"}))
    assert all(r <= 3 for r, _s in _seats(db, event_id).values())
    lost = sum(1 for r, _s in before.values() if r > 3)
    assert dialog.unseated.count() == lost and f"{lost} đại biểu chưa có ghế" in dialog.counts.text()
    assert dialog.view.hall.row_label(2) == "Khách mời quốc tế"
    row_two = dialog.view.seat_rect(2, 1)
    assert dialog.view.row_tooltip(QPointF(10, row_two.center().y())) == "Hàng 2: Khách mời quốc tế"
    assert dialog.view.row_tooltip(row_two.center()) == ""
    assert dialog.assign()
    left = len(before) - len(_seats(db, event_id))
    assert 0 < left == dialog.unseated.count() and len(_seats(db, event_id)) <= 72
    assert f"còn {left} đại biểu chưa có ghế" in dialog.status.text()
    dialog.session.undo_stack.undo()
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id) == before and seating.hall(db, event_id).rows == rows
    assert not dialog.save_hall(seating.hall(db, event_id))  # no change: no step


def test_automatic_seating_counts_delegates_and_guests_left_without_a_seat_apart(plan):
    dialog, db, event_id = plan
    guests = [seating.guest_key(g) for (g,) in db.execute("SELECT id FROM event_guests WHERE event_id = ?",
                                                          [event_id])]
    people = len(_seats(db, event_id))
    assert dialog.save_hall(Hall(1, 2))  # no guest row and two seats: guests are left too
    assert dialog.assign()
    seated = _seats(db, event_id)
    left_guests = sum(1 for g in guests if g not in seated)
    left_delegates = people - len(seated) - left_guests
    assert left_guests > 0 and left_delegates > 0
    assert dialog.status.text() == (f"Đã xếp chỗ; còn {left_delegates} đại biểu và {left_guests} khách mời "
                                    "chưa có ghế (hội trường không đủ chỗ).")


def test_a_read_only_file_shows_the_plan_and_refuses_changes(qtbot, demo_path):
    db = open_database(demo_path)
    dialog = _plan_dialog(db, demo_path, readonly=True)
    session = dialog.session
    qtbot.addWidget(dialog)
    before = _seats(db, session.event_id)
    assert not dialog.assign_button.isEnabled() and not dialog.view.acceptDrops()
    assert not dialog.place(next(iter(before)), 12, 24)
    assert "chỉ đọc" in dialog.status.text() and _seats(db, session.event_id) == before
    db.close()


def test_the_pdf_from_the_window_is_coloured_as_the_window(plan, tmp_path):
    from pypdf import PdfReader

    dialog, db, event_id = plan
    unit = next(g for g in dialog.board.groups if g)
    text = PdfReader(str(dialog.write_pdf(tmp_path / "so-do.pdf"))).pages[0].extract_text()
    assert "SÂN KHẤU" in text and "Hàng 12" in text and unit in text
    dialog.by.setCurrentIndex(dialog.by.findData("category"))
    categories = [g for g in dialog.board.groups if g]
    assert categories and unit not in categories
    text = PdfReader(str(dialog.write_pdf(tmp_path / "theo-thanh-phan.pdf"))).pages[0].extract_text()
    assert all(c in text for c in categories) and unit not in text
    with pytest.raises(UserError, match="đuôi .pdf"):
        dialog.write_pdf(tmp_path / "so-do.docx")
    assert not (tmp_path / "so-do.docx").exists()


# --- the hall editor ------------------------------------------------------------------------
@pytest.fixture
def editor(qtbot):
    dialog = HallEditorDialog(Hall(12, 24, (6, 18), {1: "presidium", 2: "guest"}), lambda h: max(0, 5 - h.rows) * 24)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(editor) -> bool:
    return editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_editor_previews_every_change(editor):
    assert editor.summary.text() == "12 hàng × 24 ghế = 288 ghế; 3 khối: ghế 1–6, 7–18, 19–24; 48 ghế dành riêng."
    editor.seats.setValue(20)
    editor.aisles.setText("10")
    assert editor.preview.hall.seats == 20 and editor.preview.hall.blocks() == [(1, 10), (11, 20)]
    assert "2 khối: ghế 1–10, 11–20" in editor.summary.text()
    editor.aisles.setText("")
    assert "một khối, không có lối đi" in editor.summary.text()
    assert _ok(editor) and editor.result_hall() == Hall(12, 20, (), {1: "presidium", 2: "guest"})


@pytest.mark.parametrize("rows, lost", [(5, 0), (4, 24)])
def test_the_editor_warns_who_would_lose_a_seat(editor, rows, lost):
    editor.rows.setValue(rows)
    assert (f"{lost} người (đại biểu, khách mời)" in editor.error.text()) == bool(lost)
    assert _ok(editor)


@pytest.mark.parametrize("aisles, words", [("24", "nằm ngoài hàng ghế"), ("a", "không phải số ghế")])
def test_bad_aisles_turn_ok_off_until_fixed(editor, aisles, words):
    editor.aisles.setText(aisles)
    assert words in editor.error.text() and not _ok(editor) and editor.result_hall() is None
    editor.aisles.setText("23")
    assert editor.error.text() == "" and _ok(editor)


def test_reserved_rows_labels_and_their_mistakes(editor):
    table = editor.table
    editor._add_reserved(3, "guest", "")
    table.cellWidget(2, 2).setText("  Báo   chí ")
    assert editor.result_hall().labels == {3: "Báo chí"}
    assert editor.result_hall().row_label(3) == "Báo chí"
    table.cellWidget(2, 0).setValue(2)
    assert "Hàng 2 được khai dành riêng hai lần." == editor.error.text() and not _ok(editor)
    table.cellWidget(2, 0).setValue(13)
    assert "không có trong hội trường (12 hàng)" in editor.error.text()
    table.cellWidget(2, 0).setValue(3)
    table.cellWidget(2, 2).setText("K" * 41)
    assert "dài quá 40 ký tự" in editor.error.text() and not _ok(editor)
    table.cellWidget(2, 2).setText("K" * 40)
    assert _ok(editor) and editor.result_hall().reserved_seats == 3 * 24
    table.setCurrentCell(2, 1)
    editor._remove_reserved()
    assert editor.result_hall().reserved == {1: "presidium", 2: "guest"}


def test_a_click_puts_the_seat_cursor_there(plan, qtbot):
    view = plan[0].view
    target = (4, 20)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_centre(view, target).toPoint())
    assert view.cursor == target and view.hasFocus()


def test_the_menu_opens_the_plan_of_the_current_event(qtbot, demo_path):
    from thidua_desktop.gui.event_day_menu import open_seating
    from thidua_desktop.gui.main_window import MainWindow

    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    actions = {a.text().replace("&", ""): a for m in win.menuBar().actions() if m.menu()
               for a in m.menu().actions()}
    action = actions["Xếp chỗ ngồi, sửa hội trường…"]
    assert action.shortcut().toString() == "Ctrl+Alt+X"
    opened = open_seating(win)
    assert opened is not None and opened.isVisible() and opened.event_id == win.session.event_id
    assert opened.view.hall == seating.hall(win.session.db, win.session.event_id)
    opened.close()


def test_the_cursor_is_scrolled_into_sight_on_a_small_screen(plan, qtbot):
    dialog, _db, _e = plan
    bar = dialog.scroll.horizontalScrollBar()
    dialog.resize(900, 600)
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # 24 seats at their narrowest do not fit beside the list
    bar.setValue(0)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_End)
    right = dialog.view.seat_rect(*dialog.view.cursor).right()
    assert bar.value() > 0 and right - bar.value() <= dialog.scroll.viewport().width()


def test_enter_in_the_list_goes_to_the_plan(plan, qtbot):
    dialog, db, event_id = plan
    dialog.unseat_delegate(next(iter(_seats(db, event_id))))
    dialog.unseated.setFocus()
    dialog.unseated.setCurrentRow(0)
    qtbot.keyClick(dialog.unseated, Qt.Key.Key_Return)
    assert dialog.view.hasFocus()


def test_opening_another_file_closes_the_plan(plan, tmp_path):
    dialog, _db, _e = plan
    assert dialog.isVisible()
    dialog.session.set_database(None, None)
    assert not dialog.isVisible()


def test_the_tabs_hear_once_when_the_window_closes_and_at_once_after(plan):
    dialog, db, event_id = plan
    told = []
    dialog.session.data_changed.connect(told.append)
    a, b = list(_seats(db, event_id))[:2]
    dialog.place(a, *_seats(db, event_id)[b])
    dialog.session.undo_stack.undo()
    dialog.session.undo_stack.redo()
    assert told == [] and dialog.view.occupant(_seats(db, event_id)[a]) == a  # the window itself followed
    dialog.close()
    assert told == ["seating"]
    dialog.session.undo_stack.undo()  # from the main window's menu, the plan closed
    assert told == ["seating", "seating"]


def test_a_swap_repaints_only_the_seats_it_changed(plan, qtbot, monkeypatch):
    dialog, db, event_id = plan
    view = dialog.view
    view.repaint()
    before = _seats(db, event_id)
    a, b = list(before)[0], list(before)[-1]  # far apart: the box around them holds many seats
    painted = []
    real = view._paint_seat
    monkeypatch.setattr(view, "_paint_seat", lambda p, row, seat: (painted.append((row, seat)), real(p, row, seat)))
    old_cursor = view.cursor
    assert _drop(view, _centre(view, before[b]), delegate_mime(a))
    qtbot.waitUntil(lambda: bool(painted))
    QApplication.processEvents()
    changed = {before[a], before[b], old_cursor}
    near = {(r + dr, s + ds) for r, s in changed for dr in (-1, 0, 1) for ds in (-1, 0, 1)}
    assert {before[a], before[b]} <= set(painted) <= near  # the seats and the neighbours their frames touch
    assert len(set(painted)) < view.hall.capacity // 4
    painted.clear()
    view.resize(view.width() + 10, view.height())  # a new size paints the whole hall again
    view.repaint()
    assert len(set(painted)) == view.hall.capacity


def test_the_menu_s_automatic_assignment_is_one_undo_step(qtbot, demo_path, monkeypatch):
    from thidua_desktop.gui import event_day_menu
    from thidua_desktop.gui.main_window import MainWindow

    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    db, event_id = win.session.db, win.session.event_id
    before = _seats(db, event_id)
    assert before
    with db.conn:
        seating.put_seats(db, event_id, {})
    said = []
    monkeypatch.setattr(event_day_menu.QMessageBox, "information", lambda *a: said.append(a[2]))
    event_day_menu.assign_seats(win)
    assert _seats(db, event_id) == before and said == ["Đã xếp chỗ cho mọi đại biểu và khách mời."]
    assert win.session.undo_stack.undoText() == "Xếp chỗ tự động theo đơn vị"
    win.session.undo_stack.undo()
    assert _seats(db, event_id) == {}


def _move_with_button(view, pos: QPointF) -> None:
    """A mouse move with the left button held, as the window system sends it during a drag."""
    view.mouseMoveEvent(QMouseEvent(QMouseEvent.Type.MouseMove, pos, view.mapToGlobal(pos), Qt.MouseButton.NoButton,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_dragging_a_seated_delegate_starts_a_drag_carrying_them(plan, qtbot, monkeypatch):
    from thidua_desktop.gui import seating_view

    dialog, db, event_id = plan
    view = dialog.view
    started = []

    class FakeDrag:  # QDrag.exec would wait for a real mouse: record what the drag would carry
        def __init__(self, _source):
            pass

        def setMimeData(self, mime):
            started.append(mime_delegate(mime))

        def exec(self, _action):
            return Qt.DropAction.MoveAction

    monkeypatch.setattr(seating_view, "QDrag", FakeDrag)
    delegate, place = next(iter(_seats(db, event_id).items()))
    start = _centre(view, place)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start.toPoint())
    _move_with_button(view, start + QPointF(1, 0))  # under the drag distance: still a click
    assert started == []
    _move_with_button(view, start + QPointF(40, 0))
    assert started == [delegate]
    free = _centre(view, _free(db, event_id))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=free.toPoint())
    _move_with_button(view, free + QPointF(40, 0))
    assert started == [delegate]  # an empty seat carries no one


def test_space_carries_a_seated_delegate_to_another_seat_by_keyboard(plan, qtbot):
    dialog, db, event_id = plan
    view = dialog.view
    before = _seats(db, event_id)
    at = dialog.board.at()
    a, b = at[(4, 1)], at[(4, 2)]  # two neighbours: one arrow apart
    view.setFocus()
    view.set_cursor(4, 1)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.carried == (4, 1) and _seats(db, event_id) == before  # picked up, nothing written yet
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    now = _seats(db, event_id)
    assert (now[a], now[b]) == ((4, 2), (4, 1)) and view.carried is None
    free = _free(db, event_id)
    view.set_cursor(4, 1)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # put back: nothing moves, the window stays open
    assert view.carried is None and dialog.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    view.set_cursor(*free)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter puts down too
    assert _seats(db, event_id)[b] == free and (4, 1) not in _seats(db, event_id).values()
    view.set_cursor(*_free(db, event_id))
    qtbot.keyClick(view, Qt.Key.Key_Space)  # an empty seat: nothing to pick up
    assert view.carried is None
    dialog.session.undo_stack.undo()
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id) == before


def test_row_label_wraps_whole_words_within_the_label_column(plan):
    from PySide6.QtGui import QFontMetrics

    from thidua_desktop.gui.seating_view import wrap_label

    dialog = plan[0]
    metrics = QFontMetrics(dialog.font())
    text = "Đoàn Chủ tịch"
    whole = metrics.horizontalAdvance(text)
    assert wrap_label(text, metrics, whole, 2) == [text]  # at the edge: one line
    under = wrap_label(text, metrics, whole - 1, 2)  # just under: broken between words, nothing cut
    assert len(under) == 2 and " ".join(under) == text
    assert all(metrics.horizontalAdvance(line) <= whole - 1 for line in under)
    one = wrap_label(text, metrics, whole - 1, 1)  # no room for a second line: elided
    assert len(one) == 1 and one[0].endswith("…")
    from PySide6.QtWidgets import QLabel

    assert "Tô màu theo:" in [w.text().replace("&", "") for w in dialog.findChildren(QLabel)]


@pytest.mark.parametrize(("rows", "warned"), [(12, True), (13, False)])  # 288 and 312 seats for 303 people
def test_seats_short_of_delegates_and_guests_are_said_in_the_window_and_hall_editor(plan, qtbot, rows, warned):
    dialog, db, event_id = plan
    assert seating.seats_needed(db, event_id) == (300, 3)
    assert dialog.board.hall.capacity >= 303 and not dialog.shortfall.isVisible()  # the demo's hall holds them
    editor = HallEditorDialog(dialog.board.hall, lambda _h: 0, dialog,
                              short=lambda h: seating.shortfall(db, event_id, h))
    qtbot.addWidget(editor)
    editor.rows.setValue(rows)
    assert ("cần ít nhất 303 ghế" in editor.error.text()) is warned
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # a warning, not a refusal
    with db.conn:
        db.conn.execute("UPDATE event_halls SET rows = ? WHERE event_id = ?", [rows, event_id])
    dialog.reload()
    assert dialog.shortfall.isVisible() is warned


# --- what one drop costs: only seats read again, only changed seats repainted, no scroll ---
def _drop_at(view, delegate: int, place) -> None:
    mime = delegate_mime(delegate)  # held: the event keeps only a pointer to it
    event = QDropEvent(QPointF(view.seat_rect(*place).center()), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)


def _two_seated(db, event_id):
    placed = seating.seats(db, event_id)
    a, b = sorted(placed)[:2]
    far = max(placed, key=lambda d: placed[d])  # the seat furthest back
    return placed, a, b, far


def test_a_swap_repaints_its_two_seats_and_the_cursor_only(plan, monkeypatch):
    dialog, db, event_id = plan
    session, view = dialog.session, dialog.view
    placed, a, _b, far = _two_seated(db, event_id)
    people, hall, colours = dialog.board.people, dialog.board.hall, view.colours
    repainted = []
    monkeypatch.setattr(view, "update_seat", lambda place: repainted.append(place))
    reads = []
    real = dialog.reload
    monkeypatch.setattr(dialog, "reload", lambda *a: (reads.append("full"), real(*a)))
    _drop_at(view, a, placed[far])
    after = seating.seats(db, event_id)
    assert after[a] == placed[far] and after[far] == placed[a]  # swapped in the file
    # The two seats (the drop also moves the cursor: its old and new seat); nothing else.
    assert set(repainted) == {placed[a], placed[far], (1, 1)} and len(repainted) <= 6
    assert reads == []  # no full read of the plan: the people and hall are the same objects
    assert dialog.board.people is people and dialog.board.hall is hall and view.colours is colours
    assert dialog.board.seats[a] == placed[far] and view.occupant(placed[far]) == a
    # Undo, redo, undo: exact each time (the result is read at the first undo, not at the drop).
    session.undo_stack.undo()
    assert seating.seats(db, event_id) == placed and view.occupant(placed[a]) == a
    session.undo_stack.redo()
    assert seating.seats(db, event_id) == after and view.occupant(placed[a]) == far
    session.undo_stack.undo()
    assert seating.seats(db, event_id) == placed


def test_a_drop_does_not_scroll_the_plan_but_the_keyboard_does(plan):
    dialog, db, event_id = plan
    dialog.resize(700, 500)  # smaller than the hall: the plan scrolls
    QApplication.processEvents()
    view, bar = dialog.view, dialog.scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the hall is taller than the window
    placed, a, _b, far = _two_seated(db, event_id)
    bar.setValue(bar.maximum())
    top = bar.value()
    visible = QRect(0, top, view.width(), dialog.scroll.viewport().height())
    # The highest seat wholly in sight: near the edge, where scrolling to the cursor would move the plan.
    target = min((p for p in placed.values() if visible.contains(view.seat_rect(*p).toAlignedRect())
                  and p != placed[a]), key=lambda p: view.seat_rect(*p).top())
    dialog._show_cursor(*target)
    assert bar.value() != top  # what revealing the cursor there does (a drop used to)
    bar.setValue(top)
    _drop_at(view, a, target)
    assert seating.seats(db, event_id)[a] == target
    assert view.cursor == target and bar.value() == top  # under the pointer: already in sight
    view.set_cursor(1, 1)  # the keyboard's cursor goes where it is seen
    assert bar.value() < top


def test_a_guest_is_marked_in_the_list_dragged_seated_by_keyboard_and_undone(plan, qtbot):
    dialog, db, event_id = plan
    guest_id, name = db.execute("SELECT id, full_name FROM event_guests WHERE event_id = ? ORDER BY position_no",
                                [event_id]).fetchone()
    guest = seating.guest_key(guest_id)
    place = _seats(db, event_id)[guest]  # the demo seats its guests in the guest row
    assert dialog.view.occupant(place) == guest and name in dialog.view.tooltip(place)
    assert _drop(dialog.unseated, QPointF(5, 5), delegate_mime(guest))  # dragged off the plan: unseated
    assert guest not in _seats(db, event_id)
    assert dialog.unseated.count() == 1 and dialog.unseated.item(0).text() == f"{name} (Khách mời)"
    assert "1 khách mời chưa có ghế" in dialog.counts.text() and "0 đại biểu chưa có ghế" in dialog.counts.text()
    mime = dialog.unseated.mimeData([dialog.unseated.item(0)])
    assert mime_delegate(mime) == guest  # a negative key survives the drag payload
    target = _free(db, event_id)
    dialog.view.setFocus()
    dialog.view.set_cursor(*target)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert _seats(db, event_id)[guest] == target and dialog.unseated.count() == 0
    dialog.session.undo_stack.undo()
    assert guest not in _seats(db, event_id) and dialog.unseated.current_delegate() == guest
    dialog.session.undo_stack.undo()
    assert _seats(db, event_id)[guest] == place
