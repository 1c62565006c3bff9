"""The roster table: one row per delegate of the current event, read a screenful at a time.

The model never holds the whole roster. It knows how many delegates pass the
search and the filters (one count on an index) and reads rows in pages of
PAGE as the view asks for them (`services/roster_window.py`: the ids of a
page from the name index, then the rows by id), keeping at most MAX_PAGES
pages. Work is thus proportional to what is on screen, not to the roster.

Name order (the default) is the index's order, and so is the order of a
free-text column with a stored key (position, workplace, note...: a page
query on its index, `roster_window.SORT_KEYS`). A column ordered by the plan
(unit, category, status, kind, invitation, the flags, the awards: `_SEGMENTED`)
is read in segments (`services/roster_segments.py`, migration 0027): its
values are counted on its index and put in order here (units by their place,
categories by protocol order, labels with QCollator for the Vietnamese
locale), and each page is read from the segment holding it. So are the
person's sex and birth year, through their copies on the delegate (migration
0028). `_ranked_ids`, the ranking of the whole event in Python that these
replaced, stays as the reference the tests pin the segments against. Rows are plain tuples of
`roster_query.ROW_FIELDS`. An edit is handed to `editor` (the tab turns it
into an undoable command); the tab then calls `update_rows`.

Painting asks seven roles of each cell: `multiData` answers them in one call
(`cell_data`, which the proxy calls too), from the row's display texts made
once while its page is held (issue 18).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from thidua_desktop.services import roster_segments as rseg
from thidua_desktop.services import roster_window as rw
from thidua_desktop.services.event_day import INVITATION_STATES
from thidua_desktop.services.roster_query import F, rows_by_id
from thidua_desktop.services.roster_service import CATEGORIES, STATUSES

(COL_NAME, COL_SEX, COL_BIRTH_YEAR, COL_ETHNICITY, COL_POSITION, COL_WORKPLACE, COL_UNIT,
 COL_CATEGORY, COL_KIND, COL_FIELD, COL_SECTOR, COL_DIRECT, COL_ACHIEVEMENT, COL_AWARDS,
 COL_STATUS, COL_PANEL, COL_SPEAKER, COL_PROMOTED, COL_NOTE, COL_INVITATION) = range(20)
_HEADERS = (
    "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác", "Đơn vị cử",
    "Thành phần", "Loại điển hình", "Lĩnh vực", "Thành phần KT", "Trực tiếp SX", "Thành tích",
    "Lần khen tỉnh", "Trạng thái", "ĐCT/CT", "Tham luận", "Đã cử lên", "Ghi chú", "Giấy mời",
)
# column -> (index in the row tuple, field to edit, or None when read-only)
_FIELDS = {
    COL_NAME: (F["full_name"], "full_name"), COL_SEX: (F["sex"], "sex"),
    COL_BIRTH_YEAR: (F["birth_year"], "birth_year"), COL_ETHNICITY: (F["ethnicity"], "ethnicity"),
    COL_POSITION: (F["position"], "position"), COL_WORKPLACE: (F["workplace"], "workplace"),
    COL_UNIT: (F["unit_id"], "unit_id"), COL_CATEGORY: (F["category_code"], "category_code"),
    COL_KIND: (F["exemplary_kind"], "exemplary_kind"), COL_FIELD: (F["field"], "field"),
    COL_SECTOR: (F["sector"], "sector"), COL_DIRECT: (F["direct_worker"], "direct_worker"),
    COL_ACHIEVEMENT: (F["achievement"], "achievement"),
    COL_AWARDS: (F["provincial_awards"], "provincial_awards"), COL_STATUS: (F["status"], "status"),
    COL_PANEL: (F["presidium"], "presidium"), COL_SPEAKER: (F["speaker"], "speaker"),
    COL_PROMOTED: (F["promoted_to_id"], None), COL_NOTE: (F["note"], "note"),
    COL_INVITATION: (F["invitation"], None),  # set through Trạng thái giấy mời… (a substitute needs a name)
}
# Read-only columns: the field a sort by them orders on.
_ORDER_ONLY = {COL_PROMOTED: "promoted_to_id", COL_INVITATION: "invitation"}
# Columns ordered by the plan, read in segments from their index (migration 0027).
# The person's sex and birth year through their copies on the delegate (migration 0028).
_SEGMENTED = {c: _FIELDS[c][1] or _ORDER_ONLY[c] for c in (
    COL_UNIT, COL_CATEGORY, COL_KIND, COL_STATUS, COL_INVITATION, COL_DIRECT, COL_AWARDS,
    COL_PANEL, COL_SPEAKER, COL_PROMOTED, COL_SEX, COL_BIRTH_YEAR)}
CHECK_COLUMNS = (COL_DIRECT, COL_PANEL, COL_SPEAKER)
_CENTRED = frozenset((COL_SEX, COL_BIRTH_YEAR, COL_AWARDS, COL_DIRECT, COL_PANEL, COL_SPEAKER,
                      COL_PROMOTED))
_NUMERIC = (COL_BIRTH_YEAR, COL_AWARDS, COL_DIRECT, COL_PANEL, COL_SPEAKER)
PAGE = 64  # rows read at once: a tall screenful
MAX_PAGES = 32  # pages kept (2,048 rows); older ones are read again when scrolled back to
_RANK_LIMIT = 50  # above this many rows to place, read the whole new order once

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
# Roles as plain ints: data() runs for every painted cell and role, and comparing with an
# enum member looked up each time cost more than the rest of the call (issue 18).
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_CHECK, _TOOLTIP = int(Qt.ItemDataRole.CheckStateRole), int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND, _FOREGROUND = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ForegroundRole)
_ALIGN, _SORT, _ID = int(Qt.ItemDataRole.TextAlignmentRole), int(SortRole), int(IdRole)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_HORIZONTAL = Qt.Orientation.Horizontal
_MARK_COLOURS = {"error": QColor("#fbd5d5"), "warning": QColor("#fdf0c8")}
_ABSENT = QColor("#8a8a8a")
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_VALUE_AT = tuple(_FIELDS[c][0] for c in range(len(_HEADERS)))  # column -> index in the row tuple
_STATUS_AT = F["status"]
# Each column's flags, computed once (flags() is asked for every painted cell).
_FLAGS = tuple(
    _SELECTABLE if _FIELDS[c][1] is None
    else _SELECTABLE | (Qt.ItemFlag.ItemIsUserCheckable if c in CHECK_COLUMNS else Qt.ItemFlag.ItemIsEditable)
    for c in range(len(_HEADERS)))


class _Page(list):
    """The rows of a page, and each row's display texts once a cell of it was painted.

    Kept together so that whatever forgets a page forgets its texts too; `texts[i]`
    is None until row i is shown, and again after `update_rows` replaced that row.
    """

    __slots__ = ("texts",)

    def __init__(self, rows):
        super().__init__(rows)
        self.texts: list[tuple[str, ...] | None] = [None] * len(self)


def vietnamese_collator() -> QCollator:
    """QCollator for Vietnamese (ICU): a ă â ... đ ... o ô ơ ... u ư, tones last."""
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator



class RosterTableModel(QAbstractTableModel):
    """Delegates of one event as table rows, read on demand; edits go through `editor`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._db = None
        self._event_id: int | None = None
        self._filter = rw.RosterFilter()
        self._column = COL_NAME
        self._descending = False
        self._count = 0
        self._total = 0  # delegates of the event, whatever the search and filters
        self._segments: list[rseg.Segment] | None = None  # when sorted by a _SEGMENTED column
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._cached: dict[int, int] = {}  # delegate id -> row, for the pages held
        self._marks: dict[int, tuple[str, str]] = {}
        self._units: dict[int, str] = {}
        self._unit_rank: dict[int, int] = {}
        self._kinds: dict[str, str] = {}
        self._categories: dict[str, str] = dict(CATEGORIES)  # the plan's: code -> label, in protocol order
        self._collator = vietnamese_collator()
        self.rows_fetched = 0  # rows read from the database so far (tests and the bench read it)
        self.editor: Callable[[list[int], dict[str, Any]], bool] | None = None

    # --- loading ---------------------------------------------------------------
    def load(self, db, event_id: int | None, units: dict[int, str] | None = None,
             kinds: dict[str, str] | None = None,
             categories: dict[str, str] | None = None) -> None:
        """Show this event's roster (None: nothing), keeping the search, filters and order.

        `categories`: the plan's delegate categories, code -> label in protocol order.
        """
        if categories:
            self._categories = dict(categories)
        self.beginResetModel()
        self._db, self._event_id = db, event_id
        if units is not None:
            self._units = dict(units)
            self._unit_rank = {unit_id: i for i, unit_id in enumerate(self._units)}
        if kinds is not None:
            self._kinds = dict(kinds)
        self._requery()
        self._total = (self._count if not self._filter.is_filtered() or not event_id
                       else rw.count(db, event_id, rw.RosterFilter()))
        self.endResetModel()

    def total(self) -> int:
        """How many delegates the event has, as of the last load."""
        return self._total

    def roster_filter(self) -> rw.RosterFilter:
        """The search and filters in force."""
        return self._filter

    def set_filter(self, flt: rw.RosterFilter) -> None:
        """List the delegates passing `flt` (a reset: the view starts again at the top)."""
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._requery()
        self.endResetModel()

    def _requery(self, count: int | None = None) -> None:
        """Count again and forget the pages (inside a reset or a layout change).

        `count`: the rows listed, when known (a new order of the same rows).
        """
        self._pages, self._cached = OrderedDict(), {}
        self._segments = None
        if self._db is None or not self._event_id:
            self._count = 0
            return
        if self._column in _SEGMENTED:
            self._segments = self._segmented()
        self._count = self._counted() if count is None else count

    def _counted(self) -> int:
        """The rows listed: the segments' counts when all are known, else one count."""
        if self._segments is not None and all(s.known() is not None for s in self._segments):
            return sum(s.count for s in self._segments)
        return rw.count(self._db, self._event_id, self._filter)

    def _key(self) -> str | None:
        """The stored key column the current order walks (None: the name, or segments)."""
        return rw.SORT_KEYS.get(_FIELDS[self._column][1])

    def update_rows(self, rows: list[tuple]) -> None:
        """The tab edited these delegates (fresh rows given): show their new values.

        Rows whose name key and filter membership did not change keep their place
        (one dataChanged each). Otherwise the roster is counted and placed again
        in a layout change, the selection following its delegates.
        """
        if self._db is None:
            return
        fresh = {row[0]: row for row in rows}
        ids = list(fresh)
        passing = rw.passing(self._db, self._event_id, self._filter, ids)
        # In an index's order a row moves when its key changed (the name's, or the sorted
        # text column's value); one not held may have (unknown).
        keyed = (_FIELDS[self._column][0] if self._key() is not None or self._segments is not None
                 else F["sort_key"])
        moved = [i for i in ids if i not in passing or i not in self._cached
                 or self._row(self._cached[i])[F["sort_key"]] != fresh[i][F["sort_key"]]
                 or self._row(self._cached[i])[keyed] != fresh[i][keyed]]
        if not moved:
            last = len(_HEADERS) - 1
            for delegate_id, row in fresh.items():
                at = self._cached.get(delegate_id)
                if at is not None:
                    page = self._pages[at // PAGE]
                    page[at % PAGE] = row
                    page.texts[at % PAGE] = None
                    self.dataChanged.emit(self.index(at, 0), self.index(at, last))
            return

        def change():
            if self._segments is not None:
                self._segments = self._segmented()
            self._count = self._counted()

        self._relayout(change)

    def set_marks(self, marks: dict[int, tuple[str, str]]) -> None:
        """Colour rows named by findings: {delegate id: (severity, message)}."""
        if not marks and not self._marks:
            return
        self._marks = dict(marks)
        if self._count:
            # One signal over every row: the view repaints only what it shows.
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(_HEADERS) - 1),
                                  roles)

    # --- pages ----------------------------------------------------------------------
    def _row(self, row: int) -> tuple:
        """The tuple of a row, reading its page when it is not held."""
        return self._page(row)[row % PAGE]

    def _page(self, row: int) -> _Page:
        """The page holding a row, read when it is not held."""
        page = self._pages.get(row // PAGE)
        if page is None:
            return self._fetch(row // PAGE)
        self._pages.move_to_end(row // PAGE)
        return page

    def _fetch(self, number: int) -> _Page:
        start = number * PAGE
        if self._segments is not None:
            ids = rseg.segment_page_ids(self._db, self._event_id, self._filter,
                                        _SEGMENTED[self._column], self._segments, start, PAGE,
                                        self._descending, self._count)
        else:
            ids = rw.page_ids(self._db, self._event_id, self._filter, start, PAGE,
                              self._descending, self._count, self._key())
        by_id = {r[0]: r for r in rows_by_id(self._db, ids)}
        # A row deleted behind the model's back reads as an empty one until the next reload.
        rows = [by_id.get(i) or _gone(i) for i in ids]
        page = _Page(rows + [_gone(0)] * (min(PAGE, self._count - start) - len(rows)))
        self.rows_fetched += len(ids)
        self._pages[number] = page
        for offset, row in enumerate(page):
            self._cached[row[0]] = start + offset
        while len(self._pages) > MAX_PAGES:
            old, rows = self._pages.popitem(last=False)
            for offset, row in enumerate(rows):
                if self._cached.get(row[0]) == old * PAGE + offset:
                    del self._cached[row[0]]
        return page

    # --- access for the tab and the proxy ---------------------------------------------
    def row_id(self, row: int) -> int:
        """The delegate id of a row."""
        return self._row(row)[0]

    def row_of(self, delegate_id: int) -> int | None:
        """The row of a delegate, or None when it is not listed (another event, filtered out)."""
        if delegate_id in self._cached:
            return self._cached[delegate_id]
        if self._db is None or not self._event_id:
            return None
        if self._segments is not None:
            return rseg.segment_rank(self._db, self._event_id, self._filter, _SEGMENTED[self._column],
                                     self._segments, delegate_id, self._descending, self._count)
        return rw.rank(self._db, self._event_id, self._filter, delegate_id, self._descending,
                       self._key())

    def row_values(self, row: int) -> tuple:
        """The raw tuple behind a row (roster_query.ROW_FIELDS)."""
        return self._row(row)

    def hides(self, delegate_ids: list[int]) -> bool:
        """Whether the search or a filter hides some of these delegates of the event."""
        if self._db is None or not self._filter.is_filtered() or not delegate_ids:
            return False
        listed = rw.passing(self._db, self._event_id, self._filter, delegate_ids)
        whole = rw.passing(self._db, self._event_id, rw.RosterFilter(), delegate_ids)
        return bool(whole - listed)

    def unit_name(self, unit_id: int | None) -> str:
        """“Xã Tân Lợi” for a unit id ("" when none)."""
        return self._units.get(unit_id, "") if unit_id is not None else ""

    def choices(self, column: int) -> list[tuple[Any, str]] | None:
        """Values an editor offers for a column (None: free text)."""
        if column == COL_SEX:
            return [(None, ""), ("Nam", "Nam"), ("Nữ", "Nữ")]
        if column == COL_CATEGORY:
            return list(self._categories.items())
        if column == COL_STATUS:
            return list(STATUSES.items())
        if column == COL_UNIT:
            return [(None, "")] + list(self._units.items())
        if column == COL_KIND:
            return [("", "")] + list(self._kinds.items())
        return None

    # --- Qt model interface -------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != _DISPLAY:
            return None
        if orientation == _HORIZONTAL:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS[index.column()]

    def _display(self, column: int, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column == COL_UNIT:
            return self._units.get(value, "")
        if column == COL_CATEGORY:
            return self._categories.get(value, CATEGORIES.get(value, value))
        if column == COL_STATUS:
            return STATUSES.get(value, value)
        if column == COL_INVITATION:
            return INVITATION_STATES.get(value, value)
        if column == COL_KIND:
            return self._kinds.get(value, value)
        if column == COL_PROMOTED:
            return "✓"
        if column in CHECK_COLUMNS:
            return ""
        return str(value)

    def _texts(self, page: _Page, at: int) -> tuple[str, ...]:
        """Every column's display text of a row of a page, made once while the row is held."""
        texts = page.texts[at]
        if texts is None:
            row = page[at]
            texts = page.texts[at] = tuple(
                self._display(column, row[field]) for column, field in enumerate(_VALUE_AT))
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row_number = index.row()
        if not 0 <= row_number < self._count or not index.isValid():
            return None
        page = self._page(row_number)
        if role == _DISPLAY:
            return self._texts(page, row_number % PAGE)[index.column()]
        return self._value(role, index.column(), page[row_number % PAGE])

    def multiData(self, index, span: QModelRoleDataSpan) -> None:  # noqa: N802 - Qt override
        """Every role a painted cell asks, in one call (Qt's default calls data() once per role)."""
        self.cell_data(index.row(), index.column(), span)

    def cell_data(self, row_number: int, column: int, span: QModelRoleDataSpan) -> None:
        """Fill `span` with a cell's roles, as `data()` answers each (the proxy calls this)."""
        if not 0 <= row_number < self._count or not 0 <= column < len(_HEADERS):
            for item in span:
                item.clearData()
            return
        page = self._page(row_number)
        row = page[row_number % PAGE]
        for item in span:
            role = item.role()
            if role == _DISPLAY:
                item.setData(self._texts(page, row_number % PAGE)[column])
            else:
                item.setData(self._value(role, column, row))

    def _value(self, role: int, column: int, row: tuple):
        """A role other than the display text of a cell (None: no value)."""
        if role == _ALIGN:
            return _CENTRE if column in _CENTRED else None
        if role == _CHECK:
            if column in CHECK_COLUMNS:
                return Qt.CheckState.Checked if row[_VALUE_AT[column]] else Qt.CheckState.Unchecked
            return None
        if role == _FOREGROUND:
            return _ABSENT if row[_STATUS_AT] == "absent" else None
        if role == _BACKGROUND:
            mark = self._marks.get(row[0])
            return _MARK_COLOURS.get(mark[0]) if mark else None
        if role == _EDIT:
            return row[_VALUE_AT[column]]
        if role == _SORT:
            return self._sort_value(column, row)
        if role == _ID:
            return row[0]
        if role == _TOOLTIP:
            mark = self._marks.get(row[0])
            if mark:
                return mark[1]
            if column == COL_NAME and row[F["birth_date"]]:
                y, m, d = row[F["birth_date"]].split("-")
                return f"Ngày sinh {d}/{m}/{y}"
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
        row = self._row(index.row())
        current = row[_FIELDS[index.column()][0]]
        if value == current or ("" if value is None else str(value)).strip() == (
                "" if current is None else str(current)):
            return False
        return bool(self.editor([row[0]], {field: value}))

    # --- sorting ------------------------------------------------------------------
    def _sort_value(self, column: int, row: tuple):
        if column == COL_NAME:
            return row[F["sort_key"]]
        if column == COL_UNIT:
            return self._unit_rank.get(row[F["unit_id"]], len(self._unit_rank))
        if column == COL_CATEGORY:
            return self._category_rank(row[F["category_code"]])
        value = row[_FIELDS[column][0]]
        if column in _NUMERIC:
            return -1 if value is None else int(value)
        return self._display(column, value)

    def _segmented(self) -> list[rseg.Segment]:
        """The sorted column's values among the listed rows, grouped by place in its order.

        Values of the same rank (a missing unit and an unknown one, "" and no kind...)
        share a segment, whose rows then merge in name order, as a ranking would.
        """
        field = _SEGMENTED[self._column]
        if self._filter.is_filtered():
            counts = rseg.value_counts(self._db, self._event_id, self._filter, field)
        else:  # the values by seeks; each place counted only when a page or a rank needs it
            counter = rseg.value_counter(self._db, self._event_id, field)
            counts = [(v, None) for v in rseg.event_values(self._db, self._event_id, field)]
        if self._column == COL_PROMOTED:  # counted as sent up or not (0/1), ranked the same
            keys = {v: bool(v) for v, _n in counts}
        else:
            keys = self._order_keys(self._column, {v for v, _n in counts})
        places: dict[Any, list] = {}
        for value, n in counts:
            places.setdefault(keys[value], []).append((value, n))
        if self._filter.is_filtered():
            return [rseg.Segment(tuple(v for v, _n in places[k]), sum(n for _v, n in places[k]))
                    for k in sorted(places)]
        return [rseg.Segment(tuple(v for v, _n in places[k]), counter=counter) for k in sorted(places)]

    def _ranked_ids(self, column: int, descending: bool) -> list[int]:
        """Ids of every delegate of the event ordered by a column, then by name.

        No click uses it since every column is read from an index (migrations 0024,
        0027, 0028): it is the reference order, ranked in Python from the persons' and
        delegates' own values, that the tests hold the index walks to.

        The rows come in name order; each goes into the group of its value's rank and
        the groups are joined in rank order: the order of sorting (rank, name key, id)
        without sorting the name keys. Descending is that order reversed, ties included.
        """
        values = rw.order_values(self._db, self._event_id, rw.RosterFilter(),
                                 _FIELDS[column][1] or _ORDER_ONLY[column])
        keys = self._order_keys(column, {v for _i, v in values})
        groups: dict[Any, list[int]] = {}
        for delegate_id, value in values:
            key = keys[value]
            group = groups.get(key)
            if group is None:
                group = groups[key] = []
            group.append(delegate_id)
        ordered = [i for key in sorted(groups) for i in groups[key]]
        if descending:
            ordered.reverse()
        return ordered

    def _order_keys(self, column: int, values: set) -> dict[Any, Any]:
        """The rank of each distinct value of a column (what a sort by that column compares)."""
        if column == COL_UNIT:
            last = len(self._unit_rank)
            return {v: self._unit_rank.get(v, last) for v in values}
        if column == COL_CATEGORY:  # the plan's protocol order, not the alphabet
            return {v: self._category_rank(v) for v in values}
        if column == COL_PROMOTED:
            return {v: v is not None for v in values}
        if column in _NUMERIC:
            return {v: -1 if v is None else int(v) for v in values}
        # Text: each distinct display text ranked once with QCollator.
        texts = {v: self._display(column, v) for v in values}
        rank = {t: i for i, t in enumerate(sorted(set(texts.values()), key=self._collator.sortKey))}
        return {v: rank[t] for v, t in texts.items()}

    def _category_rank(self, code: str | None) -> int:
        order = list(self._categories)
        return order.index(code) if code in self._categories else len(order)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column; persistent indexes (the selection) follow their rows."""
        if not 0 <= column < len(_HEADERS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending) and self._db is not None:
            return
        if column == self._column and self._db is not None:
            self._reverse(descending)
            return

        # The same rows in a new order: their count is kept, not taken again (issue 18).
        count = self._count if self._db is not None else None

        def change():
            self._column, self._descending = column, descending
            self._requery(count)

        self._relayout(change)

    def _reverse(self, descending: bool) -> None:
        """The same column the other way: the same rows reversed, row r becoming count-1-r.

        Exact in both orders (ties are broken by the name key, then the id), so nothing
        is counted or ranked again: only the pages on screen are read (issue 18).
        """
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        last = self._count - 1
        moved = [self.index(last - i.row(), i.column()) if 0 <= i.row() <= last else QModelIndex()
                 for i in persistent]
        self._descending = descending
        self._pages, self._cached = OrderedDict(), {}
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    _STATE = ("_count", "_segments", "_pages", "_cached", "_column", "_descending",
              "_filter")

    def _relayout(self, change) -> None:
        """Apply `change` as a layout change, moving persistent indexes with their delegates.

        The new state is computed first, then swapped in between the signals; when the
        row count changes that cannot be a layout change, and the model is reset.
        """
        old = {name: getattr(self, name) for name in self._STATE}
        self._pages, self._cached = OrderedDict(), {}
        change()
        new = {name: getattr(self, name) for name in self._STATE}
        for name, value in old.items():
            setattr(self, name, value)
        if new["_count"] != old["_count"]:
            self.beginResetModel()
            for name, value in new.items():
                setattr(self, name, value)
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        # Read after the signal: proxies and views make their persistent indexes on it.
        persistent = self.persistentIndexList()
        old_ids = [self.row_id(i.row()) if 0 <= i.row() < self._count else None
                   for i in persistent]
        for name, value in new.items():
            setattr(self, name, value)
        rows = self.rows_of({i for i in old_ids if i is not None})
        moved = []
        for index, delegate_id in zip(persistent, old_ids, strict=True):
            row = rows.get(delegate_id)
            moved.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def rows_of(self, ids) -> dict[int, int]:
        """{delegate id: row} of those listed: a few are placed one by one, many in one read."""
        ids = set(ids)
        if not ids or self._db is None or not self._event_id:
            return {}
        if self._segments is not None and len(ids) > _RANK_LIMIT:
            order = rseg.segment_page_ids(self._db, self._event_id, self._filter,
                                          _SEGMENTED[self._column], self._segments, 0, self._count,
                                          self._descending, self._count)
            return {i: r for r, i in enumerate(order) if i in ids}
        if len(ids) > _RANK_LIMIT:
            order = rw.page_ids(self._db, self._event_id, self._filter, 0, self._count,
                                self._descending, key=self._key())
            return {i: r for r, i in enumerate(order) if i in ids}
        found = {i: self.row_of(i) for i in ids}
        return {i: r for i, r in found.items() if r is not None}


def _gone(delegate_id: int) -> tuple:
    """An empty row standing for a delegate removed since the page was counted."""
    row: list[Any] = [None] * len(F)
    row[0] = delegate_id
    row[F["sort_key"]] = row[F["name_key"]] = ""
    return tuple(row)
