"""The seating plan window (sơ đồ chỗ ngồi) of the current event.

Left: the delegates without a seat and the colour legend; middle: the hall
(gui/seating_view.py). Drag a delegate from the list onto a seat, a seat
onto another (swap or move) or back onto the list (free it); with the
keyboard, arrows move the seat cursor, Enter seats the delegate chosen in
the list and Delete frees the seat. Every change is one undo step on the
session's stack, the main window's Sửa menu (Ctrl+Z / Ctrl+Y work here
too). The hall is changed in the hall editor; the plan is printed or
exported as the existing PDF, coloured as here.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui import undo
from thidua_desktop.gui.screen_fit import fraction_of_screen
from thidua_desktop.gui.seating_commands import HallCommand, SeatsCommand
from thidua_desktop.gui.seating_lists import Legend, UnseatedList, group_colours
from thidua_desktop.gui.seating_view import SeatingView
from thidua_desktop.services import repository, seating, seating_board

HINT = ("Kéo đại biểu từ danh sách vào ghế, kéo ghế sang ghế để đổi chỗ, kéo ra danh sách để bỏ ghế. "
        "Bàn phím: chọn người trong danh sách, Enter sang sơ đồ, mũi tên chọn ghế, Enter xếp, Delete bỏ ghế; "
        "Space nhấc người đang ngồi, Space hoặc Enter đặt xuống ghế khác, Esc hủy.")


class SeatingDialog(QDialog):
    """The plan of `session`'s current event; every edit goes through the session's undo stack."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.event_id = session, session.event_id
        self.board: seating_board.Board | None = None
        self._unannounced = False  # seat changes the tabs have not heard of
        event = repository.event(session.db, self.event_id)
        self.setWindowTitle(f"Sơ đồ chỗ ngồi - {' '.join(event.name.split())}")
        self._build()
        self._undo_actions()
        self.reload()
        self.set_readonly(session.readonly)
        session.data_changed.connect(self._on_data_changed)
        session.database_changed.connect(self.close)  # another file: this plan is not its plan
        fraction_of_screen(self, 0.92, 0.9)

    # --- building -------------------------------------------------------------------
    def _build(self) -> None:
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.by = QComboBox(self)
        self.by.addItem("Đơn vị", "unit")
        self.by.addItem("Thành phần", "category")
        self.by.setAccessibleName("Tô màu theo")
        self.by.currentIndexChanged.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel("Tô màu theo:", self))
        top.addWidget(self.by)
        self.shortfall = QLabel(self)  # the hall holds fewer than the event expects (seating.shortfall)
        self.shortfall.setWordWrap(True)
        self.shortfall.setStyleSheet("color: #B00020;")
        self.shortfall.setAccessibleName("Cảnh báo số ghế")

        self.unseated_title = QLabel("&Chưa có ghế (0):", self)
        self.unseated = UnseatedList(self)
        self.unseated_title.setBuddy(self.unseated)
        self.unseated.unseat_dropped.connect(self.unseat_delegate)
        self.legend = Legend(self)
        side = QWidget(self)
        left = QVBoxLayout(side)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.unseated_title)
        left.addWidget(self.unseated, 3)
        left.addWidget(QLabel("Chú giải màu:", self))
        left.addWidget(self.legend, 1)

        self.view = SeatingView(self)
        self.view.dropped.connect(self.place)
        self.view.enter_pressed.connect(self.seat_chosen)
        self.view.delete_pressed.connect(self.unseat_at)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.view)
        self.scroll.setWidgetResizable(True)
        self.view.cursor_moved.connect(self._show_cursor)
        self.unseated.activated.connect(lambda _index: self.view.setFocus())
        split = QSplitter(self)
        split.addWidget(side)
        split.addWidget(self.scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([190, 810])

        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Thông báo")
        self.assign_button = QPushButton("&Xếp tự động", self)
        self.assign_button.clicked.connect(self.assign)
        self.hall_button = QPushButton("Sửa &hội trường…", self)
        self.hall_button.clicked.connect(self.edit_hall)
        self.print_button = QPushButton("&In…", self)
        self.print_button.clicked.connect(self.print_plan)
        self.export_button = QPushButton("Xuất &PDF…", self)
        self.export_button.clicked.connect(self.export_pdf)
        close = QPushButton("Đóng", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        for button in (self.assign_button, self.hall_button, self.print_button, self.export_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.assign_button, self.hall_button, self.print_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.shortfall)
        box.addWidget(split, 1)
        box.addWidget(hint)
        box.addWidget(self.status)
        box.addLayout(buttons)

    def _undo_actions(self) -> None:
        """Undo and redo while this window has the focus (the main window's menu is behind it)."""
        stack = self.session.undo_stack
        for keys, slot in ((QKeySequence.StandardKey.Undo, stack.undo), (QKeySequence.StandardKey.Redo, stack.redo)):
            action = QAction(self)
            action.setShortcuts(QKeySequence.keyBindings(keys))
            action.triggered.connect(slot)
            self.addAction(action)

    def _show_cursor(self, row: int, seat: int) -> None:
        centre = self.view.seat_rect(row, seat).center().toPoint()
        self.scroll.ensureVisible(centre.x(), centre.y(), 60, 40)

    def set_readonly(self, readonly: bool) -> None:
        """A read-only file shows the plan without changing it."""
        for widget in (self.assign_button, self.hall_button):
            widget.setEnabled(not readonly)
        self.view.setAcceptDrops(not readonly)
        self.unseated.setDragEnabled(not readonly)
        self.unseated.setAcceptDrops(not readonly)
        self.readonly = readonly

    # --- data -----------------------------------------------------------------------
    def plan_changed(self) -> bool:
        """A seating step was done or undone: show it here; False when this window is closed
        (the step then tells every view itself)."""
        if not self._showing():
            return False
        self._unannounced = True
        self.reload()
        return True

    def _showing(self) -> bool:
        try:
            return self.isVisible()
        except RuntimeError:  # the window is gone
            return False

    def seats_changed(self) -> bool:
        """A seat step (a drop, a key, an automatic assignment) done or undone: only seats changed,
        so only they are read again; the people, hall and colours are kept as they are (a full
        read per drop made hundreds of objects each time, and brought the collector's full
        passes, 70-80 ms each, into drops more often)."""
        if self.board is None:
            return self.plan_changed()
        if not self._showing():
            return False
        self._unannounced = True
        people = self.board.people
        placed = {d: place for d, place in seating.seats(self.session.db, self.event_id).items() if d in people}
        self._show(replace(self.board, seats=placed), self.view.colours)
        return True

    def hideEvent(self, event) -> None:
        """Closing: the tabs hear once of the seats changed here."""
        if self._unannounced:
            self._unannounced = False
            self.session.notify_data_changed("seating")
        super().hideEvent(event)

    def _on_data_changed(self, area: str) -> None:
        if self.session.db is not None and self.session.event_id == self.event_id:
            self.reload()

    def by_value(self) -> str:
        """'unit' or 'category': how the plan is coloured and assigned."""
        return self.by.currentData()

    def reload(self, *_args) -> None:
        """Read the plan again."""
        board = seating_board.board(self.session.db, self.event_id, self.by_value())
        self._show(board, group_colours(board.groups))

    def _show(self, board: seating_board.Board, colours) -> None:
        """Show a board: the plan repaints the seats that changed, the lists and figures follow."""
        self.board = board
        self.view.set_board(self.board, colours)
        unseated = self.board.unseated()
        self.unseated.fill(unseated, colours)
        # Only the number changes: the label keeps its Alt letter, wherever the window put it.
        self.unseated_title.setText(re.sub(r"\(\d+\)", f"({len(unseated)})", self.unseated_title.text()))
        self.legend.fill({g: colours[g] for g in self.board.groups})
        self.counts.setText(self.board.counts().sentence())
        short = seating.shortfall(self.session.db, self.event_id, self.board.hall)
        self.shortfall.setText(short)
        self.shortfall.setVisible(bool(short))
        self.assign_button.setText("&Xếp tự động " + seating.BY[self.by_value()])

    # --- edits ----------------------------------------------------------------------
    def say(self, text: str) -> None:
        """A sentence under the plan (what was done, or what to do first)."""
        self.status.setText(text)

    def _push(self, text: str, write) -> bool:
        if self.readonly:
            self.say("Tệp đang mở ở chế độ chỉ đọc; không thể xếp chỗ.")
            return False
        return undo.push(self.session, SeatsCommand(self.session, self.event_id, text, write, self.seats_changed),
                         self.say)

    def _name(self, delegate: int) -> str:
        person = self.board.people.get(delegate) if self.board else None
        return person.name if person else "đại biểu"

    def place(self, delegate: int, row: int, seat: int) -> bool:
        """Seat `delegate` at (row, seat): a swap with the one sitting there, or a move."""
        if self.board is not None and self.board.seats.get(delegate) == (row, seat):
            return False
        return self._push(f"Xếp {self._name(delegate)} vào hàng {row}, ghế {seat}",
                          lambda db: seating_board.place(db, self.event_id, delegate, row, seat))

    def seat_chosen(self, row: int, seat: int) -> None:
        """Enter on a seat: the delegate chosen in the list sits there; the cursor moves on."""
        delegate = self.unseated.current_delegate()
        if delegate is None:
            self.say("Hãy chọn một đại biểu trong danh sách chưa có ghế.")
            return
        if self.place(delegate, row, seat):
            self.view.set_cursor(row, seat + 1)

    def unseat_delegate(self, delegate: int) -> bool:
        """Free the delegate's seat."""
        if self.board is None or delegate not in self.board.seats:
            return False
        return self._push(f"Bỏ ghế của {self._name(delegate)}",
                          lambda db: seating_board.unseat(db, self.event_id, delegate))

    def unseat_at(self, row: int, seat: int) -> bool:
        """Delete on a seat: whoever sits there loses it."""
        delegate = self.view.occupant((row, seat))
        return delegate is not None and self.unseat_delegate(delegate)

    def assign(self) -> bool:
        """Seat everyone automatically (one undo step); says who found no seat."""
        by = self.by_value()
        command = SeatsCommand(self.session, self.event_id, "Xếp chỗ tự động " + seating.BY[by],
                               lambda db: seating.assign(db, self.event_id, by), self.seats_changed)
        if self.readonly:
            self.say("Tệp đang mở ở chế độ chỉ đọc; không thể xếp chỗ.")
            return False
        if not undo.push(self.session, command, self.say):
            return False
        left = command.result or []
        self.say(seating.assigned_sentence(self.session.db, self.event_id, left))
        return True

    def edit_hall(self) -> bool:
        """Open the hall editor; its result is one undo step."""
        from thidua_desktop.gui.seating_hall_editor import HallEditorDialog

        editor = HallEditorDialog(self.board.hall, lambda h: seating_board.outside(
            self.session.db, self.event_id, h), self,
            short=lambda h: seating.shortfall(self.session.db, self.event_id, h))
        if editor.exec() != QDialog.DialogCode.Accepted or editor.result_hall() is None:
            return False
        return self.save_hall(editor.result_hall())

    def save_hall(self, hall: seating.Hall) -> bool:
        """Save the hall as one undo step (nothing when it did not change)."""
        if self.readonly or hall == self.board.hall:
            return False
        return undo.push(self.session, HallCommand(self.session, self.event_id, hall, self.plan_changed), self.say)

    # --- documents ------------------------------------------------------------------
    def _start_dir(self) -> Path:
        parent = self.parentWidget()
        return parent._start_dir() if hasattr(parent, "_start_dir") else Path.home()

    def write_pdf(self, path: Path) -> Path:
        """The plan and the seat list as the existing PDF (export/seating_pdf.py), coloured as here."""
        from thidua_desktop.export.event_day_export import check_target
        from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf

        check_target("seating", path)
        plan = seating_plan(self.session.db, self.event_id, self.by_value())
        mine = {g: c.name().upper() for g, c in group_colours(self.board.groups).items()}
        return write_seating_pdf(replace(plan, colours={**plan.colours, **mine}), path)

    def export_pdf(self) -> None:
        """Ask where, then write the PDF."""
        path, _ = QFileDialog.getSaveFileName(self, "Xuất sơ đồ chỗ ngồi",
                                              str(self._start_dir() / "so-do-cho-ngoi.pdf"), "PDF (*.pdf)")
        if not path:
            return
        try:
            out = self.write_pdf(Path(path))
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return
        self.say(f"Đã xuất “{out}”.")

    def print_plan(self) -> None:
        """Print preview of the same PDF."""
        from thidua_desktop.gui.printing import preview_pdf

        with tempfile.TemporaryDirectory(prefix="thidua-seating-") as folder:
            try:
                pdf = self.write_pdf(Path(folder) / "so-do-cho-ngoi.pdf")
            except UserError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                return
            preview_pdf(self, "Sơ đồ chỗ ngồi", pdf)
