"""The side lists of the seating window: delegates and guests without a seat (a drag source and a
drop target that frees a seat) and the colour legend."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from thidua_desktop.export.badge_pdf import palette_colours
from thidua_desktop.gui.seating_view import delegate_mime, mime_delegate
from thidua_desktop.services.seating_board import BoardPerson

ID_ROLE = Qt.ItemDataRole.UserRole


def group_colours(groups: tuple[str, ...]) -> dict[str, QColor]:
    """One colour per group in protocol order: the printed plan's palette."""
    return {g: QColor(c) for g, c in palette_colours(groups).items()}


def swatch(colour: QColor) -> QIcon:
    """A small square of `colour`."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour)
    return QIcon(pixmap)


class UnseatedList(QListWidget):
    """Delegates without a seat; dragging one out carries them, dropping a seated one here frees
    their seat (`unseat_dropped`)."""

    unseat_dropped = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAccessibleName("Đại biểu chưa có ghế")

    def fill(self, people: list[BoardPerson], colours: dict[str, QColor]) -> None:
        """Show `people`, keeping the selected row's position (the next one is chosen after a seat).
        The same people in the same colours are left as they are (a swap changes no one here)."""
        shown = ([(p.delegate_id, p.name, p.group) for p in people], {g: c.name() for g, c in colours.items()})
        if shown == getattr(self, "_shown", None):
            return
        self._shown = shown
        row = max(0, self.currentRow())
        self.clear()
        for person in people:
            text = f"{person.name} (Khách mời)" if person.is_guest else person.name  # not a delegate of a unit
            item = QListWidgetItem(swatch(colours.get(person.group, QColor("#607D8B"))), text)
            item.setData(ID_ROLE, person.delegate_id)
            item.setToolTip(person.group or "Chưa rõ đơn vị")
            self.addItem(item)
        if self.count():
            self.setCurrentRow(min(row, self.count() - 1))

    def current_delegate(self) -> int | None:
        """The chosen delegate, or None."""
        item = self.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def mimeTypes(self) -> list[str]:
        return [delegate_mime(0).formats()[0]]

    def mimeData(self, items):
        return delegate_mime(items[0].data(ID_ROLE)) if items else None

    def dragEnterEvent(self, event) -> None:
        if event.source() is not self and mime_delegate(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        delegate = mime_delegate(event.mimeData())
        if event.source() is self or delegate is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.unseat_dropped.emit(delegate)


class Legend(QListWidget):
    """Which colour is which delegation or category."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Chú giải màu")

    def fill(self, colours: dict[str, QColor]) -> None:
        """One line per group (left as it is when nothing changed)."""
        shown = {g: c.name() for g, c in colours.items()}
        if shown == getattr(self, "_shown", None):
            return
        self._shown = shown
        self.clear()
        for group, colour in colours.items():
            self.addItem(QListWidgetItem(swatch(colour), group or "Chưa rõ"))
