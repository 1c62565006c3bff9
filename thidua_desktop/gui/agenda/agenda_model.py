"""The agenda as a table model: the running clock, edits and drops turned into requests.

The model never writes: an edit or a drop emits a request that the tab turns
into an undoable command; the model is refilled from the database afterwards.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from thidua_desktop.services.agenda_service import Agenda, AgendaItem, format_clock

COL_START, COL_MINUTES, COL_TITLE, COL_PRESENTER, COL_NOTES = range(5)
_HEADERS = ("Giờ", "Phút", "Nội dung", "Người thực hiện", "Ghi chú")
ITEM_MIME = "application/x-thidua-agenda-item"
STANDARD_MIME = "application/x-thidua-agenda-standard"
SortRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
OVER_COLOUR = QColor("#c62828")
_FIELDS = {COL_START: "pinned_start", COL_MINUTES: "duration_min", COL_TITLE: "title",
           COL_NOTES: "notes"}


class AgendaTableModel(QAbstractTableModel):
    """Agenda items with their clock; `data()` never touches the database."""

    edit_requested = Signal(int, dict)  # item id, {field: value}
    move_requested = Signal(int, int)  # item id, new 1-based position
    insert_requested = Signal(str, int)  # standard kind, 1-based position

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._session_end = 0
        self._kinds: dict[str, str] = {}
        self.editable = True

    # --- filling ----------------------------------------------------------
    def set_agenda(self, agenda: Agenda | None, kind_names: dict[str, str] | None = None) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._items = list(agenda.items) if agenda else []
        self._session_end = agenda.session_end if agenda else 0
        self._kinds = kind_names or {}
        self.endResetModel()

    def item(self, row: int) -> AgendaItem | None:
        """The item shown on `row`."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
        """The row of an item id, or -1."""
        return next((r for r, i in enumerate(self._items) if i.id == item_id), -1)

    # --- reading ----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, col)
        if role == Qt.ItemDataRole.EditRole:
            return {COL_START: item.pinned_start or format_clock(item.start), COL_MINUTES: item.duration_min,
                    COL_TITLE: item.title, COL_PRESENTER: item.presenter_label, COL_NOTES: item.notes}[col]
        if role == SortRole:
            return item.position
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and item.end > self._session_end and col == COL_START:
            return QBrush(OVER_COLOUR)
        if role == Qt.ItemDataRole.FontRole and col == COL_START and item.pinned_start:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_START, COL_MINUTES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, item: AgendaItem, col: int) -> str:
        if col == COL_START:
            return f"{format_clock(item.start)} – {format_clock(item.end)}"
        if col == COL_MINUTES:
            return str(item.duration_min)
        if col == COL_TITLE:
            return item.title
        if col == COL_PRESENTER:
            return item.presenter_label or "(chưa có)"
        return item.notes

    def _tooltip(self, item: AgendaItem, col: int) -> str:
        if col == COL_START:
            tip = f"Cố định lúc {item.pinned_start}" if item.pinned_start else "Tính từ giờ bắt đầu và các mục trước"
            if item.end > self._session_end:
                tip += f"; kết thúc sau giờ hết buổi ({format_clock(self._session_end)})"
            return tip
        return self._kinds.get(item.kind, "Mục tự do")

    # --- editing ----------------------------------------------------------
    def flags(self, index):
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.item(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.EditRole or not self.editable:
            return False
        col = index.column()
        if col == COL_PRESENTER:
            changes = value if isinstance(value, dict) else {"presenter_text": str(value or ""),
                                                              "presenter_delegate_id": None}
        elif col == COL_START and str(value or "").strip() == format_clock(item.start) and not item.pinned_start:
            return False  # the computed time typed back: nothing to pin
        else:
            changes = {_FIELDS[col]: value}
        if all(getattr(item, k, None) == v for k, v in changes.items()):
            return False
        self.edit_requested.emit(item.id, changes)
        return True

    # --- drag and drop ----------------------------------------------------
    def supportedDropActions(self):  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [ITEM_MIME, STANDARD_MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802 - Qt override
        ids = sorted({self._items[i.row()].id for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(ITEM_MIME, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return self.editable and (data.hasFormat(ITEM_MIME) or data.hasFormat(STANDARD_MIME))

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt override
        """A drop asks for a move (or an insert from the palette); the model itself is unchanged."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row < 0:  # dropped on an item: before it; on the empty area: at the end
            row = parent.row() if parent.isValid() else len(self._items)
        if data.hasFormat(STANDARD_MIME):
            self.insert_requested.emit(bytes(data.data(STANDARD_MIME)).decode(), row + 1)
            return False
        ids = json.loads(bytes(data.data(ITEM_MIME)).decode() or "[]")
        if len(ids) != 1 or self.row_of(ids[0]) < 0:
            return False
        source = self.row_of(ids[0])
        target = row if row <= source else row - 1  # the item leaves its old place first
        if target != source:
            self.move_requested.emit(ids[0], target + 1)
        # False: Qt must not remove the dragged row itself; the refresh shows the new order.
        return False
