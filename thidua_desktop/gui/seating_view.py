"""The hall painted as seats: the stage on top, row 1 nearest to it, aisles as gaps.

Each seat shows its number and the seated delegate's given name on the
colour of their delegation or category. A seat cursor moves with the arrow
keys; Enter asks to seat the chosen delegate there and Delete to free it;
Space picks a seated delegate up and Space or Enter puts them on another
seat (Esc: put back), the keyboard's drag.
A seated delegate is dragged to another seat (swap or move) or out of the
hall; a delegate from the list of unseated ones is dropped on a seat. The
view only says what was asked (signals); the dialog does the writing.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetrics, QPainter, QPen, QRegion
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from thidua_desktop.export.badge_pdf import ink
from thidua_desktop.services.seating import Hall
from thidua_desktop.services.seating_board import Board, Place

MIME = "application/x-thidua-seat-delegate"
LABEL_W = 86  # "Hàng 12" and a reserved row's label, at the narrowest
LABEL_MAX_W = 150  # on a wide screen a reserved row's label is read whole
STAGE_H = 30
AISLE_W = 14
MIN_SEAT = QSize(28, 26)
PREVIEW_MIN_SEAT = QSize(8, 8)  # the hall editor's preview shows the whole hall, without names
MAX_SEAT = QSize(110, 56)
RESERVED_TINT = QColor("#FFF3CD")
CURSOR = QColor("#0078D4")


def wrap_label(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """`text` in lines no wider than `width`, cut between words, at most `most` lines (the last elided)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[:most - 1], " ".join(lines[most - 1:])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def delegate_mime(delegate_id: int) -> QMimeData:
    """A drag payload naming one delegate."""
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(delegate_id).encode("ascii")))
    return mime


def mime_delegate(mime: QMimeData) -> int | None:
    """The delegate a drag carries, or None when it carries something else."""
    if not mime.hasFormat(MIME):
        return None
    text = bytes(mime.data(MIME).data()).decode("ascii", "replace")
    return int(text) if text.removeprefix("-").isdigit() else None  # a guest is negative (seating.guest_key)


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads on `colour`."""
    return QColor(ink(colour.name()))  # the printed plan's rule


def _look(board: Board | None, at: dict[Place, int]) -> dict[Place, tuple]:
    """What each taken seat shows: who, their name and colour."""
    people = board.people if board is not None else {}
    return {place: (d, people[d].name, people[d].group) if d in people else (d,) for place, d in at.items()}


class SeatingView(QWidget):
    """A painted hall; `board` None shows the hall empty (the hall editor's preview)."""

    dropped = Signal(int, int, int)  # delegate, row, seat
    enter_pressed = Signal(int, int)  # row, seat
    delete_pressed = Signal(int, int)  # row, seat
    cursor_moved = Signal(int, int)  # row, seat (the window scrolls it into sight)

    def __init__(self, parent: QWidget | None = None, editable: bool = True):
        super().__init__(parent)
        self.hall = Hall(1, 1)
        self.board: Board | None = None
        self.colours: dict[str, QColor] = {}
        self.cursor: Place = (1, 1)
        self.editable = editable
        self.min_seat = MIN_SEAT if editable else PREVIEW_MIN_SEAT
        self._at: dict[Place, int] = {}
        self._fits: dict[tuple[str, int, int], tuple[QFont, str]] = {}
        self._aisles_before: list[int] = [0, 0]  # aisles left of each seat number (index = seat)
        self._press: QPoint | None = None
        self._exposed = QRegion()
        self._sized_key: tuple = ()  # (width, height, id of hall) the cached seat size was measured for
        self._sized: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self._hover: Place | None = None
        self.carried: Place | None = None  # the seat whose delegate Space picked up
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)
        self.setAcceptDrops(editable)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Sơ đồ chỗ ngồi")

    # --- data -----------------------------------------------------------------------
    def set_hall(self, hall: Hall) -> None:
        """Show an empty hall (no people)."""
        self.set_board(None, {}, hall)

    def set_board(self, board: Board | None, colours: dict[str, QColor], hall: Hall | None = None) -> None:
        """Show `board` (its hall) or, without one, `hall` empty. When only some seats changed
        (a move, a swap), only those are repainted: a large hall is not redrawn for two seats."""
        old_board, old_at, old_hall, old_colours = self.board, self._at, self.hall, self.colours
        self.board, self.colours = board, colours
        self.hall = board.hall if board is not None else (hall or Hall(1, 1))
        self._at = board.at() if board is not None else {}
        if self.hall == old_hall and colours == old_colours:
            self.hall = old_hall  # the same hall: keep the object, so the measured seat size holds
            if board is not None and old_board is not None and board.people is old_board.people:
                # Only seats changed (the window's seat steps keep the people): compare who sits
                # where, without building what every seat shows.
                changed = {p for p in old_at.keys() | self._at.keys() if old_at.get(p) != self._at.get(p)}
            else:
                old_look, new_look = _look(old_board, old_at), _look(board, self._at)
                changed = {p for p in old_look.keys() | new_look.keys() if old_look.get(p) != new_look.get(p)}
            for place in changed:
                self.update_seat(place)
            return
        self._sized_key = ()  # another hall or colours: measure again (an id alone may be reused)
        ends = [last for _first, last in self.hall.blocks()[:-1]]
        self._aisles_before = [sum(1 for e in ends if e < seat) for seat in range(self.hall.seats + 2)]
        row, seat = self.cursor
        self.cursor = (min(row, self.hall.rows), min(seat, self.hall.seats))
        self.setMinimumSize(self._size(self.min_seat))
        self.updateGeometry()
        self.update()

    def update_seat(self, place: Place) -> None:
        """Repaint one seat (with its cursor frame)."""
        self.update(self.seat_rect(*place).toAlignedRect().adjusted(-3, -3, 3, 3))

    def occupant(self, place: Place) -> int | None:
        """The delegate on a seat, or None."""
        return self._at.get(place)

    # --- geometry -------------------------------------------------------------------
    def _gaps(self) -> int:
        return self._aisles_before[-1]

    def _size(self, seat: QSize) -> QSize:
        return QSize(LABEL_W + self.hall.seats * seat.width() + self._gaps() * AISLE_W + 8,
                     STAGE_H + 12 + self.hall.rows * seat.height() + 8)

    def sizeHint(self) -> QSize:
        return self._size(QSize(56, 36))

    def _measured(self) -> tuple[float, float, float]:
        # Asked for every seat painted: the key is cheap (the hall by identity: set_board puts a new
        # one only with a new board, so a reload measures once again).
        key = (self.width(), self.height(), id(self.hall))
        if self._sized_key != key:
            self._sized_key, self._sized = key, self._measure()
        return self._sized

    def seat_size(self) -> tuple[float, float]:
        """Width and height of a seat at the widget's size, between the minimum and maximum."""
        return self._measured()[:2]

    def label_width(self) -> float:
        """Room for the row names: wider on a wide widget."""
        return self._measured()[2]

    def _measure(self) -> tuple[float, float, float]:
        label = max(LABEL_W, min(LABEL_MAX_W, self.width() * 0.08))
        width = (self.width() - label - 8 - self._gaps() * AISLE_W) / self.hall.seats
        height = (self.height() - STAGE_H - 20) / self.hall.rows
        return (max(self.min_seat.width(), min(MAX_SEAT.width(), width)),
                max(self.min_seat.height(), min(MAX_SEAT.height(), height)), label)

    def seat_rect(self, row: int, seat: int) -> QRectF:
        """Where a seat is painted."""
        w, h = self.seat_size()
        gaps = self._aisles_before[min(seat, len(self._aisles_before) - 1)]
        return QRectF(self.label_width() + (seat - 1) * w + gaps * AISLE_W, STAGE_H + 12 + (row - 1) * h, w, h)

    def seat_at(self, pos: QPointF | QPoint) -> Place | None:
        """The seat under a point, or None (an aisle, the labels, the stage)."""
        w, h = self.seat_size()
        pos = QPointF(pos)
        row = int((pos.y() - STAGE_H - 12) // h) + 1
        if not 1 <= row <= self.hall.rows:
            return None
        for first, last in self.hall.blocks():
            left = self.seat_rect(row, first).left()
            if left <= pos.x() < left + (last - first + 1) * w:
                return row, first + int((pos.x() - left) // w)
        return None

    # --- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(event.rect(), self.palette().base())
        self._exposed = event.region()  # two seats swapped far apart: only those two, not the box around them
        w, h = self.seat_size()
        right = self.seat_rect(1, self.hall.seats).right()
        left = self.label_width()
        stage = QRectF(left + (right - left) * 0.2, 4, (right - left) * 0.6, STAGE_H)
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawRect(stage)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(stage, Qt.AlignmentFlag.AlignCenter, "SÂN KHẤU")
        for row in range(1, self.hall.rows + 1):
            if self._exposed.intersects(QRectF(0, self.seat_rect(row, 1).top(), right, h).toAlignedRect()):
                self._paint_row(painter, row, right, w, h)
        painter.end()

    def _paint_row(self, painter: QPainter, row: int, right: float, w: float, h: float) -> None:
        top = self.seat_rect(row, 1).top()
        label = self.hall.row_label(row)
        if label:
            painter.fillRect(QRectF(0, top, right, h), RESERVED_TINT)
        painter.setPen(self.palette().text().color())
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, min(9.0, h / 4)))
        painter.setFont(small)
        # The row, then its label wrapped on as many lines as the row's height holds (the last elided).
        metrics = QFontMetrics(small)
        room = self.label_width()
        fit = max(1, int(h // metrics.lineSpacing()) - 1)
        lines = [f"Hàng {row}"] + (wrap_label(label, metrics, int(room) - 6, fit) if label else [])
        painter.drawText(QRectF(2, top, room - 4, h), Qt.AlignmentFlag.AlignVCenter, "\n".join(lines))
        for seat in range(1, self.hall.seats + 1):
            if self._exposed.intersects(self.seat_rect(row, seat).toAlignedRect()):
                self._paint_seat(painter, row, seat)

    def _paint_seat(self, painter: QPainter, row: int, seat: int) -> None:
        rect = self.seat_rect(row, seat).adjusted(1.5, 1.5, -1.5, -1.5)
        delegate = self._at.get((row, seat))
        person = self.board.people.get(delegate) if (self.board and delegate is not None) else None
        fill = self.colours.get(person.group, QColor("#607D8B")) if person else self.palette().base().color()
        painter.setBrush(fill)
        painter.setPen(QPen(QColor("#555555"), 0.8))
        painter.drawRoundedRect(rect, 3, 3)
        ink = text_on(fill) if person else QColor("#888888")
        painter.setPen(ink)
        tiny = QFont(self.font())
        tiny.setPointSizeF(max(5.5, min(7.5, rect.height() / 5)))
        painter.setFont(tiny)
        if rect.width() >= 14 and rect.height() >= 12:
            painter.drawText(rect.adjusted(2, 1, -2, 0),
                             Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter, str(seat))
        if person is not None:
            self._paint_name(painter, rect, person.short)
        if (row, seat) == self.carried:  # picked up by keyboard: a dotted frame until put down
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(CURSOR, 2, Qt.PenStyle.DotLine))
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        if (row, seat) in (self.cursor, self._hover) and self.editable:
            width = 3 if (row, seat) == self.cursor and self.hasFocus() else 2
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(CURSOR, width, Qt.PenStyle.SolidLine if (row, seat) == self.cursor
                                else Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)

    def _fit_name(self, name: str, width: int, height: int) -> tuple[QFont, str]:
        key = (name, width, height)
        if key not in self._fits:  # measured once per name and seat size, not at every paint
            if len(self._fits) > 4000:  # many window sizes: start again rather than grow
                self._fits.clear()
            font = QFont(self.font())
            font.setBold(True)
            size = min(10.0, height / 3)
            font.setPointSizeF(size)
            # Shrink to fit the seat (a name is never cut while 6 pt still holds it).
            while size > 6.0 and QFontMetrics(font).horizontalAdvance(name) > width - 4:
                size -= 0.5
                font.setPointSizeF(size)
            self._fits[key] = (font, QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, width - 2))
        return self._fits[key]

    def _paint_name(self, painter: QPainter, rect: QRectF, name: str) -> None:
        font, text = self._fit_name(name, int(rect.width()), int(rect.height()))
        painter.setFont(font)
        painter.drawText(rect.adjusted(1, rect.height() * 0.35, -1, 0), Qt.AlignmentFlag.AlignCenter, text)

    # --- keyboard -------------------------------------------------------------------
    def set_cursor(self, row: int, seat: int, reveal: bool = True) -> None:
        """Move the seat cursor (kept inside the hall). `reveal`: the window scrolls it into sight;
        a click or a drop sets it under the pointer, already in sight: scrolling there would
        repaint whole strips of the hall for nothing."""
        self.update_seat(self.cursor)
        self.cursor = (max(1, min(self.hall.rows, row)), max(1, min(self.hall.seats, seat)))
        self.update_seat(self.cursor)
        if reveal:
            self.cursor_moved.emit(*self.cursor)

    def keyPressEvent(self, event) -> None:
        row, seat = self.cursor
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
                 Qt.Key.Key_Down: (1, 0)}
        key = event.key()
        if key in moves:
            d_row, d_seat = moves[Qt.Key(key)]
            self.set_cursor(row + d_row, seat + d_seat)
        elif key == Qt.Key.Key_Home:
            self.set_cursor(row, 1)
        elif key == Qt.Key.Key_End:
            self.set_cursor(row, self.hall.seats)
        elif key == Qt.Key.Key_Space or (self.carried and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._carry_or_put(row, seat)
        elif key == Qt.Key.Key_Escape and self.carried:
            self._carry(None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit(row, seat)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit(row, seat)
        else:
            super().keyPressEvent(event)

    def _carry(self, place: Place | None) -> None:
        for old_or_new in (self.carried, place):
            if old_or_new is not None:
                self.update_seat(old_or_new)
        self.carried = place

    def _carry_or_put(self, row: int, seat: int) -> None:
        """Space on a taken seat picks its delegate up; Space or Enter on another seat puts them
        there (a swap, or a move to a free seat), as a drag would: seat to seat by keyboard."""
        if self.carried is None:
            if self.occupant((row, seat)) is not None:
                self._carry((row, seat))
            return
        delegate = self.occupant(self.carried)
        self._carry(None)
        if delegate is not None:
            self.dropped.emit(delegate, row, seat)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update_seat(self.cursor)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update_seat(self.cursor)

    # --- mouse, drag and drop -------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        place = self.seat_at(event.position())
        if place is not None and self.editable:
            self.set_cursor(*place)
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        start = self._press
        if start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        delegate = self.occupant(self.cursor)
        if delegate is not None:
            drag = QDrag(self)
            drag.setMimeData(delegate_mime(delegate))
            drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event) -> None:
        if mime_delegate(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        place = self.seat_at(event.position())
        if place != self._hover:
            for old_or_new in (self._hover, place):
                if old_or_new is not None:
                    self.update_seat(old_or_new)
            self._hover = place
        if place is not None and mime_delegate(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        if self._hover is not None:
            self.update_seat(self._hover)
        self._hover = None
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        if self._hover is not None:
            self.update_seat(self._hover)
        self._hover = None
        place = self.seat_at(event.position())
        delegate = mime_delegate(event.mimeData())
        if place is None or delegate is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.set_cursor(*place, reveal=False)
        self.dropped.emit(delegate, *place)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            place = self.seat_at(event.pos())
            text = self.tooltip(place) if place else self.row_tooltip(event.pos())
            QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)

    def row_tooltip(self, pos: QPointF | QPoint) -> str:
        """Over a row's name: the row and its whole label ('' elsewhere)."""
        w, h = self.seat_size()
        row = int((QPointF(pos).y() - STAGE_H - 12) // h) + 1
        if QPointF(pos).x() >= self.label_width() or not 1 <= row <= self.hall.rows:
            return ""
        label = self.hall.row_label(row)
        return f"Hàng {row}" + (f": {label}" if label else "")

    def tooltip(self, place: Place) -> str:
        """What a seat's tooltip says: the seat, who sits there and with whom."""
        text = f"Hàng {place[0]} - Ghế {place[1]}"
        delegate = self._at.get(place)
        if self.board is not None and delegate in self.board.people:
            person = self.board.people[delegate]
            text += f"\n{person.name}" + (f"\n{person.group}" if person.group else "")
        return text
