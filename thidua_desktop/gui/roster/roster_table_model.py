"""The roster table: one row per delegate of the current event.

Rows are the plain tuples `roster_query.roster_rows` returns, kept as they
are (no object per row), so 10,000 delegates load in one query. Sorting is
done here with one key per row: the Vietnamese sort key stored beside each
name, numbers as numbers, and other text ranked once with QCollator for the
Vietnamese locale. `data()` never touches the database; an edit is handed
to `editor` (the tab turns it into an undoable command).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from thidua_desktop.domain.names import fold
from thidua_desktop.services.roster_query import F
from thidua_desktop.services.roster_service import CATEGORIES, STATUSES

(COL_NAME, COL_SEX, COL_BIRTH_YEAR, COL_ETHNICITY, COL_POSITION, COL_WORKPLACE, COL_UNIT,
 COL_CATEGORY, COL_KIND, COL_FIELD, COL_SECTOR, COL_DIRECT, COL_ACHIEVEMENT, COL_AWARDS,
 COL_STATUS, COL_PANEL, COL_SPEAKER, COL_PROMOTED, COL_NOTE) = range(19)
_HEADERS = (
    "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác", "Đơn vị cử",
    "Thành phần", "Loại điển hình", "Lĩnh vực", "Thành phần KT", "Trực tiếp SX", "Thành tích",
    "Lần khen tỉnh", "Trạng thái", "ĐCT/CT", "Tham luận", "Đã cử lên", "Ghi chú",
)
# column -> (index in the row tuple, field to edit, or None when read-only)
_FIELDS = {
    COL_NAME: (F["full_name"], "full_name"), COL_SEX: (F["sex"], "sex"),
    COL_BIRTH_YEAR: (F["birth_year"], "birth_year"), COL_ETHNICITY: (F["ethnicity"], "ethnicity"),
    COL_POSITION: (F["position"], "position"), COL_WORKPLACE: (F["workplace"], "workplace"),
    COL_UNIT: (F["unit_id"], "unit_id"), COL_CATEGORY: (F["category"], "category"),
    COL_KIND: (F["exemplary_kind"], "exemplary_kind"), COL_FIELD: (F["field"], "field"),
    COL_SECTOR: (F["sector"], "sector"), COL_DIRECT: (F["direct_worker"], "direct_worker"),
    COL_ACHIEVEMENT: (F["achievement"], "achievement"),
    COL_AWARDS: (F["provincial_awards"], "provincial_awards"), COL_STATUS: (F["status"], "status"),
    COL_PANEL: (F["presidium"], "presidium"), COL_SPEAKER: (F["speaker"], "speaker"),
    COL_PROMOTED: (F["promoted_to_id"], None), COL_NOTE: (F["note"], "note"),
}
CHECK_COLUMNS = (COL_DIRECT, COL_PANEL, COL_SPEAKER)
_CENTRED = (COL_SEX, COL_BIRTH_YEAR, COL_AWARDS, COL_DIRECT, COL_PANEL, COL_SPEAKER, COL_PROMOTED)
_NUMERIC = (COL_BIRTH_YEAR, COL_AWARDS, COL_DIRECT, COL_PANEL, COL_SPEAKER)

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
_MARK_COLOURS = {"error": QColor("#fbd5d5"), "warning": QColor("#fdf0c8")}
_ABSENT = QColor("#8a8a8a")


def vietnamese_collator() -> QCollator:
    """QCollator for Vietnamese (ICU): a ă â ... đ ... o ô ơ ... u ư, tones last."""
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


class RosterTableModel(QAbstractTableModel):
    """Delegates of one event as table rows; edits go through `editor`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple] = []
        self._hay: list[str] | None = None  # folded search text per row, built on first search
        self._row_of: dict[int, int] = {}
        self._marks: dict[int, tuple[str, str]] = {}
        self._units: dict[int, str] = {}
        self._unit_rank: dict[int, int] = {}
        self._kinds: dict[str, str] = {}
        self._collator = vietnamese_collator()
        self.editor: Callable[[list[int], dict[str, Any]], bool] | None = None

    # --- loading ---------------------------------------------------------------
    def set_rows(self, rows: list[tuple], units: dict[int, str] | None = None,
                 kinds: dict[str, str] | None = None) -> None:
        """Replace every row (tuples of roster_query.ROW_FIELDS)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._hay = None
        self._reindex()
        if units is not None:
            self._units = dict(units)
            self._unit_rank = {unit_id: i for i, unit_id in enumerate(self._units)}
        if kinds is not None:
            self._kinds = dict(kinds)
        self.endResetModel()

    def update_rows(self, rows: list[tuple]) -> None:
        """Fresh values for rows already shown (after an edit): one dataChanged per row."""
        last = len(_HEADERS) - 1
        for row in rows:
            at = self._row_of.get(row[0])
            if at is None:
                continue
            self._rows[at] = row
            if self._hay is not None:
                self._hay[at] = self._haystack(row)
            self.dataChanged.emit(self.index(at, 0), self.index(at, last))

    def set_marks(self, marks: dict[int, tuple[str, str]]) -> None:
        """Colour rows named by findings: {delegate id: (severity, message)}."""
        changed = set(marks) | set(self._marks)
        self._marks = dict(marks)
        rows = [self._row_of[i] for i in changed if i in self._row_of]
        if not rows:
            return
        # One signal over the span: a signal per row costs more than the repaint it asks for.
        roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
        self.dataChanged.emit(self.index(min(rows), 0),
                              self.index(max(rows), len(_HEADERS) - 1), roles)

    def _reindex(self) -> None:
        self._row_of = {row[0]: i for i, row in enumerate(self._rows)}

    # --- access for the tab and the proxy ---------------------------------------------
    def row_id(self, row: int) -> int:
        """The delegate id of a source row."""
        return self._rows[row][0]

    def row_of(self, delegate_id: int) -> int | None:
        """The source row of a delegate, if shown."""
        return self._row_of.get(delegate_id)

    def row_values(self, row: int) -> tuple:
        """The raw tuple behind a row (roster_query.ROW_FIELDS)."""
        return self._rows[row]

    def ids(self) -> list[int]:
        """Every delegate id, in the model's order."""
        return [r[0] for r in self._rows]

    def unit_name(self, unit_id: int | None) -> str:
        """“Xã Tân Lợi” for a unit id ("" when none)."""
        return self._units.get(unit_id, "") if unit_id is not None else ""

    def _haystack(self, row: tuple) -> str:
        # Separators keep a search inside one field ("van duc" never spans two).
        return "\x1f".join((row[F["name_key"]], fold(row[F["position"]]), fold(row[F["workplace"]]),
                            fold(self.unit_name(row[F["unit_id"]])), fold(row[F["ethnicity"]])))

    def matches(self, row: int, needle: str, unit_id: int | None, category: str | None,
                status: str | None) -> bool:
        """Whether a source row passes the search (folded) and the filters."""
        values = self._rows[row]
        if unit_id is not None and values[F["unit_id"]] != unit_id:
            return False
        if category and values[F["category"]] != category:
            return False
        if status and values[F["status"]] != status:
            return False
        if needle:
            if self._hay is None:
                self._hay = [self._haystack(r) for r in self._rows]
            return needle in self._hay[row]
        return True

    def choices(self, column: int) -> list[tuple[Any, str]] | None:
        """Values an editor offers for a column (None: free text)."""
        if column == COL_SEX:
            return [(None, ""), ("Nam", "Nam"), ("Nữ", "Nữ")]
        if column == COL_CATEGORY:
            return list(CATEGORIES.items())
        if column == COL_STATUS:
            return list(STATUSES.items())
        if column == COL_UNIT:
            return [(None, "")] + list(self._units.items())
        if column == COL_KIND:
            return [("", "")] + list(self._kinds.items())
        return None

    # --- Qt model interface -------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(_HEADERS):
                return _HEADERS[section]
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = _FIELDS[index.column()][1]
        if field is None:
            return base
        if index.column() in CHECK_COLUMNS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def _display(self, column: int, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column == COL_CATEGORY:
            return CATEGORIES.get(value, value)
        if column == COL_STATUS:
            return STATUSES.get(value, value)
        if column == COL_KIND:
            return self._kinds.get(value, value)
        if column == COL_PROMOTED:
            return "✓"
        if column in CHECK_COLUMNS:
            return ""
        return str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        value = row[_FIELDS[column][0]]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_UNIT:
                return self.unit_name(value)
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column in CHECK_COLUMNS:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == SortRole:
            return self._sort_value(column, row)
        if role == IdRole:
            return row[0]
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self._marks.get(row[0])
            return _MARK_COLOURS.get(mark[0]) if mark else None
        if role == Qt.ItemDataRole.ForegroundRole and row[F["status"]] == "absent":
            return _ABSENT
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self._marks.get(row[0])
            if mark:
                return mark[1]
            if column == COL_NAME and row[F["birth_date"]]:
                y, m, d = row[F["birth_date"]].split("-")
                return f"Ngày sinh {d}/{m}/{y}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or self.editor is None:
            return False
        field = _FIELDS[index.column()][1]
        if field is None:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and index.column() in CHECK_COLUMNS:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        current = self._rows[index.row()][_FIELDS[index.column()][0]]
        if value == current or ("" if value is None else str(value)).strip() == (
                "" if current is None else str(current)):
            return False
        return bool(self.editor([self._rows[index.row()][0]], {field: value}))

    # --- sorting ------------------------------------------------------------------
    def _sort_value(self, column: int, row: tuple):
        if column == COL_NAME:
            return row[F["sort_key"]]
        if column == COL_UNIT:
            return self._unit_rank.get(row[F["unit_id"]], len(self._unit_rank))
        value = row[_FIELDS[column][0]]
        if column in _NUMERIC:
            return -1 if value is None else int(value)
        return self._display(column, value)

    def _keys(self, column: int) -> list:
        if column == COL_NAME:
            return [(r[F["sort_key"]], r[0]) for r in self._rows]
        if column == COL_UNIT:
            last = len(self._unit_rank)
            return [(self._unit_rank.get(r[F["unit_id"]], last), r[F["sort_key"]]) for r in self._rows]
        index = _FIELDS[column][0]
        if column == COL_PROMOTED:
            return [(r[index] is not None, r[F["sort_key"]]) for r in self._rows]
        if column in _NUMERIC:
            return [(-1 if r[index] is None else int(r[index]), r[F["sort_key"]]) for r in self._rows]
        # Text: rank each distinct display text once with QCollator, then sort on ranks.
        texts = [self._display(column, r[_FIELDS[column][0]]) for r in self._rows]
        ranked = sorted(set(texts), key=self._collator.sortKey)
        rank = {text: i for i, text in enumerate(ranked)}
        return [(rank[t], r[F["sort_key"]]) for t, r in zip(texts, self._rows, strict=True)]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in place (stable, persistent indexes follow their rows)."""
        if not 0 <= column < len(_HEADERS) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        keys = self._keys(column)
        order_ = sorted(range(len(self._rows)), key=keys.__getitem__,
                        reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = [0] * len(order_)
        for new, old in enumerate(order_):
            new_row[old] = new
        self._rows = [self._rows[i] for i in order_]
        if self._hay is not None:
            self._hay = [self._hay[i] for i in order_]
        self._reindex()
        old_indexes = self.persistentIndexList()
        self.changePersistentIndexList(
            old_indexes, [self.index(new_row[i.row()], i.column()) for i in old_indexes])
        self.layoutChanged.emit()
