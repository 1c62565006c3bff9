"""The items of one checklist template, for the template editor."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from thidua_desktop.services.dossier_templates import TemplateItem

COL_NUMBER = 0
COL_NAME = 1
COL_REQUIRED = 2
COL_COPIES = 3
COL_PER_DELEGATE = 4
COL_DUE = 5
COL_SOURCE = 6
_HEADERS = ("STT", "Mục hồ sơ", "Bắt buộc", "Số bản", "Tính theo", "Hạn nộp", "Nguồn")
TemplateItemRole = Qt.ItemDataRole.UserRole + 1


class TemplateItemsModel(QAbstractTableModel):
    """One template's items in checklist order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[TemplateItem] = []

    def set_items(self, items: list[TemplateItem]) -> None:
        """Show these items."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> TemplateItem | None:
        """The item of a row."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
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
        if role == TemplateItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_NUMBER: str(index.row() + 1), COL_NAME: item.name,
                COL_REQUIRED: "Có" if item.required else "Không", COL_COPIES: str(item.copies),
                COL_PER_DELEGATE: item.owed_per,
                COL_DUE: item.due_text, COL_SOURCE: item.source,
            }[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_NUMBER, COL_REQUIRED, COL_COPIES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None
