"""The detail of one unit: its items in the run, and the files of the chosen item."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.domain.names import fold
from thidua_desktop.gui.dossiers.colours import FILL, TEXT
from thidua_desktop.services.attachments import AttachedFile
from thidua_desktop.services.dossier_matrix import STATUS_LABELS, STATUS_ORDER, item_status
from thidua_desktop.services.dossier_service import DossierItem

COL_ITEM = 0
COL_STATE = 1
COL_DUE = 2
COL_RECEIVED = 3
COL_COPIES = 4
COL_FILES = 5
COL_NOTE = 6
_HEADERS = ("Mục hồ sơ", "Tình trạng", "Hạn nộp", "Ngày nhận", "Số bản", "Tệp", "Ghi chú")
SortRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2


class UnitItemsModel(QAbstractTableModel):
    """The items one unit owes in one run."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[DossierItem] = []
        self._as_of = dt.date.today()

    def set_items(self, items: list[DossierItem], as_of: dt.date) -> None:
        """Show these items as of a date."""
        self.beginResetModel()
        self._items = list(items)
        self._as_of = as_of
        self.endResetModel()

    def item_at(self, row: int) -> DossierItem | None:
        """The item of a row."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def rows_of(self, template_item_id: int) -> list[int]:
        """Rows of one template item (all its delegates)."""
        return [i for i, item in enumerate(self._items) if item.template_item_id == template_item_id]

    def row_of_item(self, item_id: int) -> int:
        """The row of an item id, or -1."""
        return next((i for i, item in enumerate(self._items) if item.id == item_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, col = self._items[index.row()], index.column()
        status = item_status(item, self._as_of)
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col, status)
        if role == SortRole:
            return {
                COL_ITEM: index.row(), COL_STATE: STATUS_ORDER.index(status),
                COL_DUE: item.due.isoformat() if item.due else "9999",
                COL_RECEIVED: item.received_on.isoformat() if item.received_on else "",
                COL_COPIES: item.copies, COL_FILES: item.file_count, COL_NOTE: fold(item.note),
            }[col]
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATE:
            return FILL[status]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE:
            return TEXT.get(status)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ITEM and not item.still_sent:
            return "Đại biểu này không còn trong danh sách đi dự cấp trên; mục được giữ vì đã có hồ sơ."
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NOTE and item.note:
            return item.note
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_DUE, COL_RECEIVED, COL_COPIES, COL_FILES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(item: DossierItem, col: int, status: str) -> str:
        if col == COL_ITEM:
            return item.label + ("" if item.still_sent else " (không còn đi dự)")
        if col == COL_STATE:
            return STATUS_LABELS[status]
        if col == COL_DUE:
            return format_date(item.due)
        if col == COL_RECEIVED:
            return format_date(item.received_on)
        if col == COL_COPIES:
            return str(item.copies)
        if col == COL_FILES:
            return str(item.file_count) if item.file_count else ""
        return item.note

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None


FILE_NAME = 0
FILE_SIZE = 1
FILE_ADDED = 2
_FILE_HEADERS = ("Tệp", "Dung lượng", "Ngày đính kèm")
FileRole = Qt.ItemDataRole.UserRole + 3


def human_size(size: int) -> str:
    """"12 KB", "3,4 MB" (Vietnamese decimal comma)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


class FilesModel(QAbstractTableModel):
    """The files attached to one item."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._files: list[AttachedFile] = []

    def set_files(self, files: list[AttachedFile]) -> None:
        """Show these attachments."""
        self.beginResetModel()
        self._files = list(files)
        self.endResetModel()

    def file_at(self, row: int) -> AttachedFile | None:
        """The attachment of a row."""
        return self._files[row] if 0 <= row < len(self._files) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_FILE_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        f, col = self._files[index.row()], index.column()
        if role == FileRole:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            if col == FILE_NAME:
                return f.original_name
            if col == FILE_SIZE:
                return human_size(f.size)
            return format_date(f.added_at[:10]) if f.added_at else ""
        if role == Qt.ItemDataRole.ToolTipRole and col == FILE_NAME:
            return f"{f.original_name}\nSHA-256: {f.sha256}"
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _FILE_HEADERS[section] if 0 <= section < len(_FILE_HEADERS) else None
        return None
