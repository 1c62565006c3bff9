"""The agenda table view: drag and drop to reorder, keyboard shortcuts for the same."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from thidua_desktop.gui.agenda.agenda_model import COL_NOTES, COL_PRESENTER, COL_TITLE

PRESENTER_WIDTH = (140, 22, 220)  # px at least, % of the table's width, px at most
NOTES_WIDTH = (80, 12, 110)


def side_widths(view_width: int) -> tuple[int, int]:
    """Người thực hiện and Ghi chú widths for a table this wide: a share of it, within bounds.

    Fixed 220 + 110 px left Nội dung (the column that matters) about 165 px at 1024×600.
    """
    def share(bounds: tuple[int, int, int]) -> int:
        low, percent, high = bounds
        return max(low, min(high, view_width * percent // 100))
    return share(PRESENTER_WIDTH), share(NOTES_WIDTH)


class AgendaView(QTableView):
    """Rows move with the mouse (drag and drop) or Ctrl+Up / Ctrl+Down (also Alt+Up / Alt+Down)."""

    move_requested = Signal(int)  # -1 up, +1 down
    delete_requested = Signal()
    insert_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("agendaTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDragDropOverwriteMode(False)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def setModel(self, model) -> None:  # noqa: N802 - Qt override: column sizes follow the model
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PRESENTER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Interactive)
        self._user_sized = False
        self._fit_side_columns()
        header.sectionResized.connect(self._section_resized)
        # Nội dung stretches but never below its header and a readable line.
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Ghi chú") + 16)

    def _fit_side_columns(self) -> None:
        presenter, notes = side_widths(self.viewport().width())
        self._sizing = True
        self.horizontalHeader().resizeSection(COL_PRESENTER, presenter)
        self.horizontalHeader().resizeSection(COL_NOTES, notes)
        self._sizing = False

    def _section_resized(self, index: int, _old: int, _new: int) -> None:
        if index in (COL_PRESENTER, COL_NOTES) and not getattr(self, "_sizing", True):
            self._user_sized = True  # the officer dragged a border: keep it

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override: side columns follow the width
        super().resizeEvent(event)
        if self.model() is not None and not getattr(self, "_user_sized", True):
            self._fit_side_columns()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        key = event.key()
        if mods and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.state() != QAbstractItemView.State.EditingState:
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if not event.modifiers() and self.state() != QAbstractItemView.State.EditingState:
            if key == Qt.Key.Key_Delete:
                self.delete_requested.emit()
                event.accept()
                return
            if key == Qt.Key.Key_Insert:
                self.insert_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)
