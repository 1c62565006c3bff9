"""The agenda table view: drag and drop to reorder, keyboard shortcuts for the same."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from thidua_desktop.gui.agenda.agenda_model import COL_NOTES, COL_PRESENTER, COL_TITLE


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
        header.resizeSection(COL_PRESENTER, 220)
        header.resizeSection(COL_NOTES, 110)
        # Nội dung stretches but never below its header and a readable line.
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Ghi chú") + 16)

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
