"""The side panel: counts and shares against the plan, the structure chart, the findings.

Recomputed after every change (a few SQL aggregates). Activating a finding
asks the tab to select the delegates it names (`rows_requested`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.gui.roster.structure_chart import StructureChart
from thidua_desktop.gui.widgets.tables import header_text_width
from thidua_desktop.services.roster_stats import RosterStats, summarize
from thidua_desktop.services.rules import Finding
from thidua_desktop.services.rules.roster_rules import check_event

RowsRole = Qt.ItemDataRole.UserRole + 2
_GOOD, _BAD, _WARN = QColor("#d8f0d8"), QColor("#fbd5d5"), QColor("#fdf0c8")


def _pct(x: float | None) -> str:
    return "" if x is None else f"{round(x * 100)}%"


def stat_lines(s: RosterStats) -> list[tuple]:
    """(criterion, value, rule, ok[, tooltip]) lines of the summary table."""
    lines: list[tuple] = []
    over = s.max_delegates is not None and s.total > s.max_delegates
    lines.append(("Tổng số đại biểu", str(s.total),
                  f"tối đa {s.max_delegates}" if s.max_delegates else "",
                  None if s.max_delegates is None else not over))
    share = s.exemplary_share
    lines.append(("Điển hình tiên tiến", f"{s.exemplary} ({_pct(share.share)})",
                  f"≥ {_pct(s.exemplary_target)}" if s.exemplary_target else "", share.ok))
    lines.append(("Khách mời / Lãnh đạo", f"{s.guests} / {s.leaders}", "", None))
    base = "điển hình" if s.structure_base == "exemplary" else "đại biểu"
    for item in s.structure:
        rule = " ".join(x for x in (
            f"≥ {_pct(item.minimum)}" if item.minimum is not None else "",
            f"≤ {_pct(item.maximum)}" if item.maximum is not None else "") if x)
        lines.append((item.label, f"{item.count}/{item.base} ({_pct(item.share)})", rule, item.ok,
                      f"{item.count} trong số {item.base} {base}"))
    p = s.panel
    if p is not None and (p.minimum is not None or p.maximum is not None):
        size_ok = (p.minimum is None or p.count >= p.minimum) and (p.maximum is None or p.count <= p.maximum)
        ex_ok = p.exemplary >= p.exemplary_needed
        rule = f"{p.minimum}–{p.maximum} người"
        if p.exemplary_share:
            rule += f", ≥ {p.exemplary_needed} điển hình"
        lines.append((p.label, f"{p.count} người, {p.exemplary} điển hình", rule, size_ok and ex_ok))
    if s.absent:
        lines.append(("Vắng (không tính)", str(s.absent), "", None))
    return lines


class _ListModel(QAbstractTableModel):
    """A read-only table over a list of items, one per row, fixed headers."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list = []

    def _set(self, items) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def _item(self, index):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]


class StatsModel(_ListModel):
    """The summary lines: criterion, value now, what the plan asks, state."""

    HEADERS = ("Tiêu chí", "Hiện có", "Quy định", "")

    def set_lines(self, lines) -> None:
        """Replace every line."""
        self._set(lines)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        line = self._item(index)
        if line is None:
            return None
        ok = line[3]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 3:
                return "" if ok is None else ("Đạt" if ok else "Chưa đạt")
            return line[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and ok is not None and index.column() == 3:
            return _GOOD if ok else _BAD
        if role == Qt.ItemDataRole.ToolTipRole and len(line) > 4:
            return line[4]
        return None


class FindingsModel(_ListModel):
    """The findings of the roster rules: level and sentence; RowsRole gives the delegate ids."""

    HEADERS = ("Mức", "Nội dung")

    def set_findings(self, findings: list[Finding]) -> None:
        """Replace every finding."""
        self._set(findings)

    def findings(self) -> list[Finding]:
        """The findings shown."""
        return list(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        f = self._item(index)
        if f is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Lỗi" if f.severity == "error" else "Lưu ý") if index.column() == 0 else f.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.message + ("\nBấm đúp để chọn các đại biểu này." if f.rows else "")
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return _BAD if f.severity == "error" else _WARN
        if role == RowsRole:
            return list(f.rows)
        return None


def _table(model, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # The stretched column gives way first when the panel is narrow: never below its own header
    # ("Tiêu ch" was cut at 1024×600).
    title = str(model.headerData(stretch, Qt.Orientation.Horizontal) or "")
    header.setMinimumSectionSize(max(header.minimumSectionSize(), header_text_width(header, stretch, title)))
    # Few rows: let long sentences wrap onto several lines instead of being cut.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class RulesPanel(QWidget):
    """Counts, chart and findings of the current event's roster."""

    rows_requested = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.stats_model = StatsModel(self)
        self.findings_model = FindingsModel(self)
        self.stats_view = _table(self.stats_model, 0)
        self.chart = StructureChart()
        chart_area = QScrollArea()
        chart_area.setWidget(self.chart)
        chart_area.setWidgetResizable(True)
        self.findings_view = _table(self.findings_model, 1)
        self.findings_view.setAccessibleName("Các điểm chưa đúng quy định")
        self.findings_view.activated.connect(self._activated)
        self.findings_view.doubleClicked.connect(self._activated)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stats_view)
        split.addWidget(chart_area)
        split.addWidget(self.findings_view)
        split.setSizes([200, 260, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        self.stats: RosterStats | None = None

    def refresh(self, db, event_id: int | None) -> list[Finding]:
        """Recount the roster of `event_id`; return its findings."""
        if db is None or not event_id:
            self.stats = None
            self.stats_model.set_lines([])
            self.findings_model.set_findings([])
            self.chart.set_stats(None)
            self.summary.setText("")
            return []
        stats = summarize(db, event_id)
        findings = check_event(db, event_id, stats=stats)
        self.show_counts(stats, findings)
        return findings

    def show_counts(self, stats: RosterStats, findings: list[Finding]) -> None:
        """Show counts made elsewhere (the roster tab counts a large roster in the background)."""
        self.stats = stats
        self.stats_model.set_lines(stat_lines(self.stats))
        self.findings_model.set_findings(findings)
        self.chart.set_stats(self.stats)
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        self.summary.setText(
            "Danh sách đúng mọi quy định của kế hoạch." if not findings
            else f"{errors} lỗi, {warnings} lưu ý — bấm đúp một dòng để chọn các đại biểu liên quan.")

    def _activated(self, index) -> None:
        rows = self.findings_model.data(self.findings_model.index(index.row(), 0), RowsRole)
        if rows:
            self.rows_requested.emit(rows)
