"""The import preview: one row per person read, with what will happen and why.

Rows with an error come first, then rows with a warning, then the rest (each
group in sheet order), and a filter shows only one kind; the messages column
sits beside the name so it is on screen without scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from thidua_desktop.services import import_service

COL_ROW, COL_NAME, COL_MESSAGES, COL_ACTION, COL_SEX, COL_YEAR, COL_DATE, COL_ETHNIC, \
    COL_POSITION, COL_WORKPLACE, COL_CATEGORY, COL_ACHIEVEMENT = range(12)
_HEADERS = ("Dòng", "Họ và tên", "Lỗi / lưu ý", "Xử lý", "Giới tính", "Năm sinh", "Ngày sinh",
            "Dân tộc", "Chức vụ", "Đơn vị công tác", "Thành phần", "Thành tích")
_ACTIONS = {import_service.NEW: "Thêm mới", import_service.MERGE: "Gộp với người đã có",
            import_service.SKIP: "Bỏ qua"}
ERROR_BG = QBrush(QColor("#f8d7da"))
WARNING_BG = QBrush(QColor("#fff3cd"))
SKIP_FG = QBrush(QColor("#888888"))
PlanRowRole = Qt.ItemDataRole.UserRole + 1

# The filter choices the dialog offers: key -> label.
SHOW_ALL, SHOW_ERRORS, SHOW_WARNINGS, SHOW_PROBLEMS = "all", "errors", "warnings", "problems"
FILTERS = {SHOW_ALL: "Tất cả các dòng", SHOW_PROBLEMS: "Dòng có lỗi hoặc lưu ý",
           SHOW_ERRORS: "Chỉ dòng lỗi", SHOW_WARNINGS: "Chỉ dòng có lưu ý"}


def severity(row: import_service.RowPlan) -> int:
    """0 for a row with an error, 1 with a warning, 2 otherwise."""
    if row.has_error:
        return 0
    return 1 if row.person.warnings or row.notes else 2


class PreviewModel(QAbstractTableModel):
    """Rows of an ImportPlan; data() reads only the plan, never the database."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[import_service.RowPlan] = []
        self._rows: list[import_service.RowPlan] = []
        self._filter = SHOW_ALL

    def set_plan(self, plan: import_service.ImportPlan) -> None:
        """Show a new plan (errors first)."""
        self.beginResetModel()
        self._all = sorted(plan.rows, key=lambda r: (severity(r), r.person.row_number))
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, key: str) -> None:
        """Show all rows, or only those with errors / warnings / either."""
        self.beginResetModel()
        self._filter = key
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[import_service.RowPlan]:
        wanted = {SHOW_ALL: {0, 1, 2}, SHOW_ERRORS: {0}, SHOW_WARNINGS: {1},
                  SHOW_PROBLEMS: {0, 1}}[self._filter]
        return [r for r in self._all if severity(r) in wanted]

    def plan_row(self, row: int) -> import_service.RowPlan:
        """The plan row shown at a view row."""
        return self._rows[row]

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
            return (ERROR_BG, WARNING_BG, None)[severity(row)]
        if role == Qt.ItemDataRole.ForegroundRole and row.action == import_service.SKIP:
            return SKIP_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.messages) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        name = p.name + (" (tập thể)" if p.kind == "collective" else "")
        values = {
            COL_ROW: p.row_number, COL_NAME: name, COL_SEX: p.sex or "", COL_YEAR: p.birth_year or "",
            COL_DATE: p.birth_date.strftime("%d/%m/%Y") if p.birth_date else "",
            COL_ETHNIC: p.ethnicity, COL_POSITION: p.position, COL_WORKPLACE: p.workplace,
            COL_CATEGORY: p.category, COL_ACHIEVEMENT: p.achievement,
            COL_ACTION: "Không nhập (lỗi)" if row.has_error else _ACTIONS[row.action],
            COL_MESSAGES: "; ".join(row.messages),
        }
        return str(values[col])
