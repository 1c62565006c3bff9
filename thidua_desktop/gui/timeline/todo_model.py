"""Việc cần làm: overdue lines and lines due within N days, the most urgent first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.timeline.colours import LIGHT, STRONG
from thidua_desktop.gui.timeline.grid_model import LineRole, SortRole
from thidua_desktop.services.timeline_service import Line, Timeline, cell_text

COL_STATE = 0
COL_TASK = 1
_HEADERS = ("Tình trạng", "Đơn vị · hạn / việc")


class TodoModel(QAbstractTableModel):
    """The to-do list of one computed timeline."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[Line, str]] = []  # (line, milestone title)

    def set_timeline(self, tl: Timeline | None) -> None:
        """Refill from a computed timeline."""
        self.beginResetModel()
        self._rows = [(ln, tl.milestone(ln.milestone_id).title) for ln in tl.todo()] if tl else []
        self.endResetModel()

    def counts(self) -> tuple[int, int]:
        """(overdue, due soon)."""
        overdue = sum(ln.state == "overdue" for ln, _ in self._rows)
        return overdue, len(self._rows) - overdue

    def rows_by_state_text(self) -> dict[str, int]:
        """The first row showing each distinct state text (what sizes the state column)."""
        rows: dict[str, int] = {}
        for row, (line, _title) in enumerate(self._rows):
            rows.setdefault(cell_text(line), row)
        return rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line, title = self._rows[index.row()]
        col = index.column()
        if role == LineRole:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATE:
                return cell_text(line)
            return f"{line.unit_name} · hạn {format_date(line.due)}\n{title}"
        if role == SortRole:
            return line.lateness if col == COL_STATE else (title, line.unit_name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title}\n{line.unit_name}\nHạn {format_date(line.due)} — {cell_text(line, long=True)}"
        if col == COL_STATE:
            if role == Qt.ItemDataRole.BackgroundRole:
                return LIGHT[line.state]
            if role == Qt.ItemDataRole.ForegroundRole:
                return STRONG[line.state]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(_HEADERS):
                return _HEADERS[section]
        return None
