"""The palette of standard items: double-click, Enter or drag one into the agenda."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from thidua_desktop.gui.agenda.agenda_model import STANDARD_MIME
from thidua_desktop.services.agenda_service import StandardItem

KindRole = Qt.ItemDataRole.UserRole + 1


class PaletteList(QListWidget):
    """Standard items of the plan; those the agenda lacks and needs are marked."""

    insert_requested = Signal(str)  # kind

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("agendaPalette")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.insert_requested.emit(item.data(KindRole)))

    def set_items(self, items: list[StandardItem], present: set[str]) -> None:
        """Show the standard items; required ones missing from the agenda in red."""
        self.clear()
        for s in items:
            mark = " ✓" if s.kind in present else (" *" if s.required else "")
            entry = QListWidgetItem(f"{s.title} ({s.minutes} phút){mark}")
            entry.setData(KindRole, s.kind)
            tip = "Bắt buộc" if s.required else "Không bắt buộc"
            entry.setToolTip(f"{tip}. {s.note}".strip() + (" Đã có trong chương trình." if s.kind in present else ""))
            if s.required and s.kind not in present:
                entry.setForeground(QBrush(QColor("#c62828")))
            self.addItem(entry)

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt override
        data = QMimeData()
        if items:
            data.setData(STANDARD_MIME, QByteArray(items[0].data(KindRole).encode()))
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [STANDARD_MIME]
