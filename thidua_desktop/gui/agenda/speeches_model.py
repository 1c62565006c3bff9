"""Speeches and videos as a table model; edits become requests, like the agenda model."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.services.agenda_speeches import KINDS, VETTING, VIDEO_KINDS, Speech

COL_NO, COL_KIND, COL_SPEAKER, COL_TITLE, COL_FIELD, COL_MINUTES, COL_VETTING = range(7)
_HEADERS = ("TT", "Loại", "Người trình bày", "Tên tham luận, video", "Lĩnh vực", "Phút", "Thẩm định")
SortRole = Qt.ItemDataRole.UserRole + 1
SpeechRole = Qt.ItemDataRole.UserRole + 2
_EDITABLE = {COL_TITLE: "title", COL_FIELD: "field", COL_MINUTES: "duration_min"}
_OVERDUE = QColor("#c62828")
_COLOURS = {"approved": QColor("#2e7d32"), "revise": QColor("#e65100"), "pending": QColor("#6d6d6d")}


class SpeechesTableModel(QAbstractTableModel):
    """Speeches of the event in their order; `data()` never touches the database."""

    edit_requested = Signal(int, dict)  # speech id, {field: value}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Speech] = []
        self._overdue: set[int] = set()
        self.editable = True

    def set_rows(self, rows: list[Speech], overdue: set[int] | None = None) -> None:
        """Replace every row; `overdue`: ids not vetted although the deadline has passed."""
        self.beginResetModel()
        self._rows = list(rows)
        self._overdue = set(overdue or ())
        self.endResetModel()

    def speech(self, row: int) -> Speech | None:
        """The speech shown on `row`."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, speech_id: int) -> int:
        """The row of a speech id, or -1."""
        return next((r for r, s in enumerate(self._rows) if s.id == speech_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        s = self.speech(index.row()) if index.isValid() else None
        if s is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), s, col)
        if role == Qt.ItemDataRole.EditRole:
            return {COL_TITLE: s.title, COL_FIELD: s.field, COL_MINUTES: s.duration_min}.get(
                col, self._display(index.row(), s, col))
        if role == SortRole:
            return s.position
        if role == SpeechRole:
            return s
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VETTING:
            return QBrush(_OVERDUE if s.id in self._overdue else _COLOURS[s.vetting])
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_SPEAKER:
            return s.speaker_label
        return None

    @staticmethod
    def _display(row: int, s: Speech, col: int) -> str:
        if col == COL_NO:
            return str(row + 1)
        if col == COL_KIND:
            return VIDEO_KINDS.get(s.video_kind, KINDS["video"]) if s.kind == "video" else KINDS[s.kind]
        if col == COL_SPEAKER:
            return s.speaker_name or "—"
        if col == COL_TITLE:
            return s.title
        if col == COL_FIELD:
            return s.field
        if col == COL_MINUTES:
            return str(s.duration_min)
        state = VETTING[s.vetting]
        return f"{state} {format_date(s.vetted_on)}".strip() if s.vetting != "pending" else state

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in _EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        s = self.speech(index.row()) if index.isValid() else None
        if s is None or role != Qt.ItemDataRole.EditRole or index.column() not in _EDITABLE:
            return False
        field = _EDITABLE[index.column()]
        if getattr(s, field) == value:
            return False
        self.edit_requested.emit(s.id, {field: value})
        return True
