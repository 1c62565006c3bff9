"""The unit x milestone grid: units down, milestones across, a coloured cell per line.

Columns: the unit, its overdue count, then one column per milestone (the
header carries the counts of that column). `data()` reads only the computed
Timeline, never the database; SortRole sorts by lateness.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.timeline.colours import LIGHT, NOT_APPLICABLE, STRONG
from thidua_desktop.services.timeline_service import (
    PROGRESS_LABELS,
    STATE_LABELS,
    Line,
    Timeline,
    cell_text,
)

COL_UNIT = 0
COL_LATE = 1
FIRST_MILESTONE = 2
_HEADERS = ("Đơn vị", "Quá hạn")
SortRole = Qt.ItemDataRole.UserRole + 1
LineRole = Qt.ItemDataRole.UserRole + 2
UnitRole = Qt.ItemDataRole.UserRole + 3
MilestoneRole = Qt.ItemDataRole.UserRole + 4


def short_title(title: str, width: int = 14, lines: int = 2) -> str:
    """A header-sized title: at most `lines` lines of about `width` characters."""
    wrapped = textwrap.wrap(title, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


class ProgressGridModel(QAbstractTableModel):
    """Units x milestones of one computed timeline."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tl: Timeline | None = None
        self._units: list = []
        self._milestones: list = []
        self._late: list[tuple[int, int]] = []  # per row: (overdue count, days late in all)
        self._headers: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_timeline(self, tl: Timeline | None) -> None:
        """Show a computed timeline (None empties the grid)."""
        self.beginResetModel()
        self._tl = tl
        self._milestones = list(tl.milestones) if tl else []
        self._units = [u for u in tl.units if any(tl.line(m.id, u.id) for m in self._milestones)] if tl else []
        self._late = []
        for unit in self._units:
            late = [tl.line(m.id, unit.id) for m in self._milestones]
            late = [ln for ln in late if ln is not None and ln.state == "overdue"]
            self._late.append((len(late), sum(ln.days_late or 0 for ln in late)))
        self._headers = []
        for number, m in enumerate(self._milestones, start=1):
            counts = tl.counts(m.id)
            total = sum(counts.values())
            tail = f"✓ {counts['done']}/{total}" + (f" · trễ {counts['overdue']}" if counts["overdue"] else "")
            self._headers.append(f"{short_title(f'{number}. {m.title}')}\n{tail}")
        self.endResetModel()

    # --- lookups ------------------------------------------------------------
    def milestone_at(self, column: int):
        """The milestone of a column (None for the first two)."""
        i = column - FIRST_MILESTONE
        return self._milestones[i] if 0 <= i < len(self._milestones) else None

    def column_of(self, milestone_id: int) -> int | None:
        """The column of a milestone."""
        for i, m in enumerate(self._milestones):
            if m.id == milestone_id:
                return FIRST_MILESTONE + i
        return None

    def row_of(self, unit_id: int) -> int | None:
        """The row of a unit."""
        for i, u in enumerate(self._units):
            if u.id == unit_id:
                return i
        return None

    def line_at(self, row: int, column: int) -> Line | None:
        """The line shown in a cell."""
        m = self.milestone_at(column)
        if m is None or not 0 <= row < len(self._units) or self._tl is None:
            return None
        return self._tl.line(m.id, self._units[row].id)

    # --- Qt -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else FIRST_MILESTONE + len(self._milestones)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._units):
            return None
        row, col = index.row(), index.column()
        unit = self._units[row]
        if role == UnitRole:
            return unit.id
        if col == COL_UNIT:
            return self._unit_data(row, unit, role)
        if col == COL_LATE:
            return self._late_data(row, role)
        line = self.line_at(row, col)
        if role == MilestoneRole:
            m = self.milestone_at(col)
            return m.id if m else None
        if role == LineRole:
            return line
        if role == SortRole:
            return line.lateness if line else -1
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if line is None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return NOT_APPLICABLE
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Mốc này không áp dụng cho đơn vị này."
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(line)
        if role == Qt.ItemDataRole.BackgroundRole:
            return LIGHT[line.state]
        if role == Qt.ItemDataRole.ForegroundRole:
            return STRONG[line.state]
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if line.state == "overdue" else (self._italic if line.progress == "doing" else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line)
        return None

    def _unit_data(self, row, unit, role):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return unit.display_name
        if role == SortRole:
            return row
        if role == Qt.ItemDataRole.FontRole and unit.is_organiser:
            return self._bold
        return None

    def _late_data(self, row, role):
        count, days = self._late[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{count} mốc" if count else ""
        if role == SortRole:
            return count * 100_000 + days
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and count:
            return LIGHT["overdue"]
        if role == Qt.ItemDataRole.ForegroundRole and count:
            return STRONG["overdue"]
        if role == Qt.ItemDataRole.ToolTipRole and count:
            return f"{count} mốc quá hạn, cộng {days} ngày trễ"
        return None

    def _tooltip(self, line: Line) -> str:
        m = self._tl.milestone(line.milestone_id)
        parts = [m.title, line.unit_name, f"Hạn: {format_date(line.due) or 'chưa có'} ({m.describe()})",
                 f"{STATE_LABELS[line.state]} · {PROGRESS_LABELS.get(line.progress, line.progress)}"]
        if line.done_on:
            parts.append(f"Hoàn thành ngày {format_date(line.done_on)}")
        if line.days_late:
            parts.append(f"Trễ {line.days_late} ngày")
        if line.note:
            parts.append(f"Ghi chú: {line.note}")
        return "\n".join(parts)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        m = self.milestone_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if m is None else self._headers[section - FIRST_MILESTONE]
        if role == Qt.ItemDataRole.ToolTipRole:
            if m is None:
                return "Bấm để sắp xếp theo mức trễ hạn" if section == COL_LATE else None
            counts = self._tl.counts(m.id)
            return (f"{m.title}\nHạn: {m.describe()}\nChủ trì: {m.responsible or '—'}\n"
                    + ", ".join(f"{STATE_LABELS[s]}: {n}" for s, n in counts.items() if n))
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
