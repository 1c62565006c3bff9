"""What one drop in the seating window costs: only seats are read again, only the changed seats
are repainted, the plan does not scroll under the pointer, and no full collection walks the window."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QDropEvent

from thidua_desktop.gui.seating_dialog import SeatingDialog
from thidua_desktop.gui.seating_view import delegate_mime
from thidua_desktop.gui.session import Session
from thidua_desktop.services import seating
from thidua_desktop.store.database import open_database


@pytest.fixture
def plan(qtbot, demo_path):
    db = open_database(demo_path)
    session = Session(db, demo_path)
    session.set_event(db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0])
    dialog = SeatingDialog(session)
    qtbot.addWidget(dialog)
    dialog.resize(700, 500)  # smaller than the hall: the plan scrolls
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog, db, session
    dialog.close()
    db.close()


def _drop(view, delegate: int, place) -> None:
    mime = delegate_mime(delegate)  # held: the event keeps only a pointer to it
    event = QDropEvent(QPointF(view.seat_rect(*place).center()), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)


def _two_seated(dialog, db, event_id):
    placed = seating.seats(db, event_id)
    a, b = sorted(placed)[:2]
    far = max(placed, key=lambda d: placed[d])  # the seat furthest back
    return placed, a, b, far


def test_a_swap_repaints_its_two_seats_and_the_cursor_only(plan, monkeypatch):
    dialog, db, session = plan
    view = dialog.view
    placed, a, _b, far = _two_seated(dialog, db, session.event_id)
    people, hall, colours = dialog.board.people, dialog.board.hall, view.colours
    repainted = []
    monkeypatch.setattr(view, "update_seat", lambda place: repainted.append(place))
    reads = []
    real = dialog.reload
    monkeypatch.setattr(dialog, "reload", lambda *a: (reads.append("full"), real(*a)))
    _drop(view, a, placed[far])
    after = seating.seats(db, session.event_id)
    assert after[a] == placed[far] and after[far] == placed[a]  # swapped in the file
    # The two seats (the drop also moves the cursor: its old and new seat); nothing else.
    assert set(repainted) == {placed[a], placed[far], (1, 1)} and len(repainted) <= 6
    assert reads == []  # no full read of the plan: the people and hall are the same objects
    assert dialog.board.people is people and dialog.board.hall is hall and view.colours is colours
    assert dialog.board.seats[a] == placed[far] and view.occupant(placed[far]) == a
    # Undo, redo, undo: exact each time (the result is read at the first undo, not at the drop).
    session.undo_stack.undo()
    assert seating.seats(db, session.event_id) == placed and view.occupant(placed[a]) == a
    session.undo_stack.redo()
    assert seating.seats(db, session.event_id) == after and view.occupant(placed[a]) == far
    session.undo_stack.undo()
    assert seating.seats(db, session.event_id) == placed


def test_a_drop_does_not_scroll_the_plan_but_the_keyboard_does(plan):
    dialog, db, session = plan
    view, bar = dialog.view, dialog.scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the hall is taller than the window
    placed, a, _b, far = _two_seated(dialog, db, session.event_id)
    bar.setValue(bar.maximum())
    top = bar.value()
    visible = QRect(0, top, view.width(), dialog.scroll.viewport().height())
    # The highest seat wholly in sight: near the edge, where scrolling to the cursor would move the plan.
    target = min((p for p in placed.values() if visible.contains(view.seat_rect(*p).toAlignedRect())
                  and p != placed[a]), key=lambda p: view.seat_rect(*p).top())
    dialog._show_cursor(*target)
    assert bar.value() != top  # what revealing the cursor there does (a drop used to)
    bar.setValue(top)
    _drop(view, a, target)
    assert seating.seats(db, session.event_id)[a] == target
    assert view.cursor == target and bar.value() == top  # under the pointer: already in sight
    view.set_cursor(1, 1)  # the keyboard's cursor goes where it is seen
    assert bar.value() < top


def test_the_open_window_keeps_the_collector_off_its_objects(plan):
    dialog = plan[0]
    assert gc.get_freeze_count() > 0
    dialog.close()
    assert gc.get_freeze_count() == 0  # given back when the window closes
    dialog.show()
    assert gc.get_freeze_count() > 0
