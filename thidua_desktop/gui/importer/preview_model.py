"""The import preview: one row per person read, with what will happen and why."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from thidua_desktop.services import import_service

COL_ROW, COL_NAME, COL_SEX, COL_YEAR, COL_DATE, COL_ETHNIC, COL_POSITION, COL_WORKPLACE, \
    COL_CATEGORY, COL_ACHIEVEMENT, COL_ACTION, COL_MESSAGES = range(12)
_HEADERS = ("Dòng", "Họ và tên", "Giới tính", "Năm sinh", "Ngày sinh", "Dân tộc", "Chức vụ",
            "Đơn vị công tác", "Thành phần", "Thành tích", "Xử lý", "Lỗi / lưu ý")
_ACTIONS = {import_service.NEW: "Thêm mới", import_service.MERGE: "Gộp với người đã có",
            import_service.SKIP: "Bỏ qua"}
ERROR_BG = QBrush(QColor("#f8d7da"))
WARNING_BG = QBrush(QColor("#fff3cd"))
SKIP_FG = QBrush(QColor("#888888"))
PlanRowRole = Qt.ItemDataRole.UserRole + 1


class PreviewModel(QAbstractTableModel):
    """Rows of an ImportPlan; data() reads only the plan, never the database."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[import_service.RowPlan] = []

    def set_plan(self, plan: import_service.ImportPlan) -> None:
        """Show a new plan."""
        self.beginResetModel()
        self._rows = list(plan.rows)
        self.endResetModel()

    def refresh_rows(self, rows: list[int]) -> None:
        """Repaint rows whose action changed."""
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        p = row.person
        if role == PlanRowRole:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            if p.errors:
                return ERROR_BG
            if p.warnings:
                return WARNING_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.action == import_service.SKIP:
            return SKIP_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p.errors + p.warnings) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        values = {
            COL_ROW: p.row_number, COL_NAME: p.name, COL_SEX: p.sex or "", COL_YEAR: p.birth_year or "",
            COL_DATE: p.birth_date.strftime("%d/%m/%Y") if p.birth_date else "",
            COL_ETHNIC: p.ethnicity, COL_POSITION: p.position, COL_WORKPLACE: p.workplace,
            COL_CATEGORY: p.category, COL_ACHIEVEMENT: p.achievement,
            COL_ACTION: "Không nhập (lỗi)" if p.errors else _ACTIONS[row.action],
            COL_MESSAGES: "; ".join(p.errors + p.warnings),
        }
        return str(values[col])
