"""The bare-library baseline of the roster interactions: PySide6 + sqlite3, nothing of ours.

What it shows (since issue 18's fourth session: the same table as the tab,
so that the ratio measures what our code adds, not what the tab shows more):

- the 15 columns the roster tab shows, in its order, with its headers and
  widths (COLUMNS below): the name, sex, birth year, ethnicity, position,
  workplace, the unit's written name, the plan category's label, the direct
  worker's check box, the achievement, the status label, the invitation
  label, the presidium check box, ✓ when promoted, the note; the rows
  numbered in the vertical header, 24 px high, alternating colours, whole
  rows selected;
- the same display texts, looked up plainly: dicts of labels (statuses,
  invitation states, the plan's categories read once per model, unit names
  read once per model as "kind name"), a page of 64 rows turned into strings
  when read, so `data()` returns `page[row][column]`; check boxes through
  CheckStateRole, the centred columns centred, an absent delegate's row grey
  (the tab does the same three);
- a view of the same size as the tab's table in its 1280 x 760 tab
  (817 x 679), in the application font the tab is painted in (DejaVu Sans,
  10 points, when installed: `gui/app.make_application` sets it);
- the same reads on the same indexes: a count, the ids of a page (name
  order on `delegates(event_id, sort_key)`, a stored key's index for a
  text column, the FTS5 table for a search), then those rows by id joined
  with their person and their event-day row.

Opening (`roster_open`, since issue 18's fourth session) builds the whole
first frame of the tab around that table, plainly (`BareScreen`: plain widgets
in a QVBoxLayout, a QHBoxLayout per row, a QSplitter; everything built before
`show()`, nothing deferred), in a 1280 x 760 window as the bench shows the tab:

- the filter row: the label "&Tìm:" as the search box's buddy, a QLineEdit
  with the tab's placeholder and clear button, the four QComboBox filters
  filled with the tab's items (Mọi đơn vị and the event's units in the
  tab's order, read with the same SQL; Mọi thành phần and the plan's
  categories in protocol order, the query the model's labels come from too;
  Mọi trạng thái and the four statuses; Mọi giấy mời and the five
  invitation states), the unit and category boxes bounded to 14 and 16
  characters as the tab's, and the count label ("10000 đại biểu");
- the button row: six QToolButtons with the tab's labels (Sửa, Sửa hàng
  loạt, Xóa, Cử lên disabled, as the tab's are with nothing selected), a
  stretch, and "Xuất danh sách trích ngang" with its menu of three formats;
- the table above, with the name column's sort arrow, in a QSplitter beside
  an empty QTabWidget (the tab's side panel's frame, whose contents come
  after the first paint), split as the tab's, so that the table is 817 x 679.

Left out (the tab's own features, invisible in the first frame): the
actions and their shortcuts, the frozen name column, the side panel's
contents, the hidden banner and no-result sentence, the empty-list hint,
the undo stack, editors. The former opening, the table alone (`open_table`,
`roster_open_table`), is kept for continuity (`bench/open_interleaved.py`);
the other interactions act on the table alone, as before (`_shown`). Timed,
like ours, until the table's viewport is painted.
"""

from __future__ import annotations

import os
import sqlite3
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bench.context import SEARCH_KEY, timed  # noqa: E402
from bench.generate import DISTRICT_CODE  # noqa: E402

SCREEN = 64
VIEW_SIZE = (817, 679)  # the roster tab's table in a 1280 x 760 tab
ROW_HEIGHT = 24
# (header, SQL of the value, how it is shown, width): the tab's visible columns in its order.
COLUMNS = (
    ("Họ và tên", "p.full_name", "text", 190), ("Giới tính", "p.sex", "text", 67),
    ("Năm sinh", "p.birth_year", "text", 73), ("Dân tộc", "p.ethnicity", "text", 75),
    ("Chức vụ", "p.position", "text", 170), ("Đơn vị công tác", "p.workplace", "text", 220),
    ("Đơn vị cử", "d.unit_id", "unit", 130),
    ("Thành phần", "COALESCE(NULLIF(d.category_code, ''), d.category)", "category", 120),
    ("Trực tiếp SX", "d.direct_worker", "check", 92), ("Thành tích", "d.achievement", "text", 260),
    ("Trạng thái", "d.status", "status", 100),
    ("Giấy mời", "COALESCE(x.invitation, 'none')", "invitation", 110),
    ("ĐCT/CT", "d.presidium", "check", 60), ("Đã cử lên", "d.promoted_to_id", "promoted", 80),
    ("Ghi chú", "d.note", "text", 160),
)
CENTRED = {"Giới tính", "Năm sinh", "Trực tiếp SX", "ĐCT/CT", "Đã cử lên"}
STATUSES = {"nominated": "Đề cử", "selected": "Được chọn", "confirmed": "Xác nhận dự",
            "absent": "Vắng"}
INVITATIONS = {"none": "Chưa mời", "invited": "Đã mời", "confirmed": "Nhận lời",
               "declined": "Từ chối", "substitute": "Cử người thay"}
BASE_CATEGORIES = {"exemplary": "Điển hình tiên tiến", "guest": "Khách mời", "leader": "Lãnh đạo"}
# The tab's first frame around its table (BareScreen).
SCREEN_SIZE = (1280, 760)  # the bench's roster tab (bench/cases_gui._open_tab)
SPLIT = (860, 460)  # the table and the side panel's frame, stretched 3 : 1 as in the tab
SEARCH_PLACEHOLDER = "Tìm theo tên, chức vụ, đơn vị… (gõ không dấu cũng được)"
# (first item, characters the box is bounded to or None): unit, category, status, invitation.
FILTERS = (("Mọi đơn vị", 14), ("Mọi thành phần", 16), ("Mọi trạng thái", None),
           ("Mọi giấy mời", None))
# (label, enabled with nothing selected): the tab's buttons in their order.
BUTTONS = (("Thêm đại biểu", True), ("Sửa đại biểu", False), ("Sửa hàng loạt", False),
           ("Xóa khỏi danh sách", False), ("Sao chép (dán vào Excel, Word)", True),
           ("Cử lên cấp trên", False))
EXPORT = "Xuất danh sách trích ngang"
EXPORT_FORMATS = ("Excel (.xlsx)…", "Word (.docx)…", "CSV (.csv)…")
_ROWS = (f"SELECT d.id, d.status, {', '.join(c[1] for c in COLUMNS)} FROM delegates d "
         "JOIN persons p ON p.id = d.person_id "
         "LEFT JOIN delegate_event_day x ON x.delegate_id = d.id WHERE d.id IN ({marks})")
_UNITS = ("SELECT u.id, CASE WHEN u.kind IN ('co_quan', 'doanh_nghiep', 'doan_the') THEN u.name "
          "ELSE k.name || ' ' || u.name END FROM units u JOIN unit_kinds k ON k.code = u.kind")
_CATEGORIES = ("SELECT code, label FROM delegate_categories "
               "WHERE plan_id = (SELECT plan_id FROM events WHERE id = ?) ORDER BY protocol_order, code")
# The units that may send delegates to the event, in the tab's order (its unit filter's items).
_EVENT_UNITS = (
    "SELECT CASE WHEN u.kind IN ('co_quan', 'doanh_nghiep', 'doan_the') THEN u.name "
    "ELSE k.name || ' ' || u.name END FROM units u JOIN unit_kinds k ON k.code = u.kind "
    "WHERE u.id = (SELECT unit_id FROM events WHERE id = :e) "
    "OR (u.parent_id = (SELECT unit_id FROM events WHERE id = :e) AND k.level != 'group') "
    "OR u.id IN (SELECT g.unit_id FROM unit_groups g "
    "WHERE g.group_id = (SELECT unit_id FROM events WHERE id = :e)) "
    "OR u.id IN (SELECT unit_id FROM event_seats WHERE event_id = :e) "
    "OR EXISTS (SELECT 1 FROM delegates d WHERE d.unit_id = u.id AND d.event_id = :e) "
    "ORDER BY u.parent_id IS NOT NULL, u.position, u.id")
_SEARCH = "AND d.id IN (SELECT rowid FROM delegate_search WHERE delegate_search MATCH ?)"
_GREY = QColor("#8a8a8a")
# Roles as ints, bound once: Qt passes data() an int, and an enum member looked up at
# every call costs more than the rest of the call (the careful plain way).
_DISPLAY, _CHECK = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.CheckStateRole)
_ALIGN, _FOREGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ForegroundRole)
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_CENTRE = Qt.AlignmentFlag.AlignCenter


class BareModel(QAbstractTableModel):
    """Rows of one event read a screenful at a time; a query is (where, params, descending)."""

    def __init__(self, conn, event_id):
        super().__init__()
        self.conn, self.event_id = conn, event_id
        self.units = dict(conn.execute(_UNITS))
        self.plan_categories = conn.execute(_CATEGORIES, [event_id]).fetchall()  # in protocol order
        self.categories = {**BASE_CATEGORIES, **dict(self.plan_categories)}
        self.where, self.params, self.desc, self.key = "", [], False, ""
        self.count, self.pages = 0, {}
        self.requery()

    def requery(self, where="", params=(), desc=False, key=""):
        self.beginResetModel()
        self.where, self.params, self.desc, self.key = where, list(params), desc, key
        self.count = self.conn.execute(
            f"SELECT count(*) FROM delegates d WHERE d.event_id = ? {where}",
            [self.event_id, *self.params]).fetchone()[0]
        self.pages = {}
        self.endResetModel()

    def _shown(self, kind, value):
        """The text a cell shows."""
        if value is None or value == "":
            return ""
        if kind == "unit":
            return self.units.get(value, "")
        if kind == "category":
            return self.categories.get(value, value)
        if kind == "status":
            return STATUSES.get(value, value)
        if kind == "invitation":
            return INVITATIONS.get(value, value)
        if kind == "promoted":
            return "✓"
        if kind == "check":
            return ""
        return str(value)

    def _page(self, number):
        """One page: (id, absent, the columns' texts, the check columns' values) per row."""
        if number not in self.pages:
            way = " DESC" if self.desc else ""
            key = f"d.{self.key}{way}, " if self.key else ""
            ids = [r[0] for r in self.conn.execute(
                f"SELECT d.id FROM delegates d WHERE d.event_id = ? {self.where} "
                f"ORDER BY {key}d.sort_key{way}, d.id{way} LIMIT ? OFFSET ?",
                [self.event_id, *self.params, SCREEN, number * SCREEN])]
            rows = {r[0]: r for r in self.conn.execute(
                _ROWS.format(marks=",".join("?" * len(ids))), ids)}
            page = []
            for i in ids:
                row = rows[i]
                values = row[2:]
                texts = [self._shown(c[2], v) for c, v in zip(COLUMNS, values, strict=True)]
                page.append((i, row[1] == "absent", texts, values))
            self.pages[number] = page
        return self.pages[number]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return str(section + 1)

    def flags(self, index):
        column = COLUMNS[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column[2] == "check":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable if column[2] != "promoted" else flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        _id, absent, texts, values = self._page(index.row() // SCREEN)[index.row() % SCREEN]
        column = index.column()
        if role == _DISPLAY:
            return texts[column]
        if role == _CHECK and COLUMNS[column][2] == "check":
            return _CHECKED if values[column] else _UNCHECKED
        if role == _ALIGN and COLUMNS[column][0] in CENTRED:
            return _CENTRE
        if role == _FOREGROUND and absent:
            return _GREY
        return None

    def refresh_row(self, row):
        """Read the row's page again after a write (what an edit shows)."""
        self.pages.pop(row // SCREEN, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def _until_painted(app, view, action) -> None:
    from PySide6.QtCore import QEvent, QObject

    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    watch = Watch()
    view.viewport().installEventFilter(watch)
    action()
    view.viewport().update()
    deadline = time.perf_counter() + 20
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    view.viewport().removeEventFilter(watch)


def _setup(ctx):
    app = QApplication.instance() or QApplication([])
    if "DejaVu Sans" in QFontDatabase.families():  # the tab's font: the same glyphs to paint
        app.setFont(QFont("DejaVu Sans", 10))
    conn = sqlite3.connect(str(ctx.db_path))
    event_id = conn.execute("SELECT id FROM events WHERE code = ?", [DISTRICT_CODE]).fetchone()[0]
    return app, conn, event_id


def _view() -> QTableView:
    """A table view set up as the tab's: size, row height, widths, selection, colours."""
    view = QTableView()
    view.resize(*VIEW_SIZE)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    return view


def _set_model(view, model) -> None:
    view.setModel(model)
    for column, (_h, _s, _k, width) in enumerate(COLUMNS):
        view.setColumnWidth(column, width)


class BareScreen(QWidget):
    """The tab's first frame built plainly: filter row, button row, the table and the side
    panel's empty frame (see the module's docstring)."""

    def __init__(self, conn, event_id):
        super().__init__()
        self.resize(*SCREEN_SIZE)
        self.model = BareModel(conn, event_id)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        label = QLabel("&Tìm:", self)
        label.setBuddy(self.search)
        items = ([name for (name,) in conn.execute(_EVENT_UNITS, {"e": event_id})],
                 [text for _code, text in self.model.plan_categories],
                 list(STATUSES.values()), list(INVITATIONS.values()))
        self.filters = []
        for (first, chars), texts in zip(FILTERS, items, strict=True):
            combo = QComboBox(self)
            combo.addItem(first)
            combo.addItems(texts)
            if chars is not None:  # as the tab's: long unit names must not widen the window
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(chars)
            self.filters.append(combo)
        self.count_label = QLabel(f"{self.model.count} đại biểu", self)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 3)
        top.addWidget(self.filters[0], 1)
        for combo in self.filters[1:]:
            top.addWidget(combo)
        top.addWidget(self.count_label)
        self.buttons = []
        row = QHBoxLayout()
        for text, enabled in BUTTONS:
            button = QToolButton(self)
            button.setText(text)
            button.setEnabled(enabled)
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch()
        self.export = QToolButton(self)
        self.export.setText(EXPORT)
        self.export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export)
        for text in EXPORT_FORMATS:
            menu.addAction(text)
        self.export.setMenu(menu)
        row.addWidget(self.export)
        self.view = _view()
        _set_model(self.view, self.model)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(QTabWidget(self))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes(list(SPLIT))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(split, 1)


def _shown(app, conn, event_id):
    view = _view()
    model = BareModel(conn, event_id)
    _set_model(view, model)
    _until_painted(app, view, view.show)
    return view, model


def open_screen(app, conn, event_id) -> BareScreen:
    """One opening: the screen built, then shown until its table is painted (one timed run,
    as ours: the tab built, its table's viewport watched, then shown)."""
    screen = BareScreen(conn, event_id)
    _until_painted(app, screen.view, screen.show)
    return screen


def roster_open(ctx) -> list[float]:
    """The tab's first frame, built plainly (BareScreen), until its table is painted."""
    app, conn, event_id = _setup(ctx)

    def run(_rep):
        screen = open_screen(app, conn, event_id)
        screen.close()
        screen.deleteLater()

    return timed(ctx, run)


def open_table(app, conn, event_id) -> QTableView:
    """The former opening: a new view and model on the event alone, until painted."""
    view = _view()
    _until_painted(app, view, lambda: (_set_model(view, BareModel(conn, event_id)), view.show()))
    return view


def roster_open_table(ctx) -> list[float]:
    """The former bare opening (the table alone), kept for continuity."""
    app, conn, event_id = _setup(ctx)

    def run(_rep):
        open_table(app, conn, event_id).close()

    return timed(ctx, run)


def _interaction(ctx, step) -> list[float]:
    app, conn, event_id = _setup(ctx)
    view, model = _shown(app, conn, event_id)
    return timed(ctx, lambda rep: _until_painted(app, view, lambda: step(rep, model, conn)))


def roster_sort(ctx) -> list[float]:
    """The other name order, alternating as a header click does."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(desc=rep % 2 == 0))


def roster_sort_column(ctx) -> list[float]:
    """The workplace order (its stored key and index, as ours reads it), alternating."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(desc=rep % 2 == 0,
                                                                  key="workplace_sort"))


def _by_column(column: str):
    """The view re-queried in (column, name key, id) order, alternating, on the column's
    index of migration 0027 (partial: the query states `sort_key IS NOT NULL` to use it)."""
    return lambda rep, model, _c: model.requery("AND d.sort_key IS NOT NULL", desc=rep % 2 == 0,
                                                key=column)


def roster_sort_unit(ctx) -> list[float]:
    """The unit order (by id here; ours by the plan's places): one page on the unit index."""
    return _interaction(ctx, _by_column("unit_id"))


def roster_sort_status(ctx) -> list[float]:
    """The status order (by code here; ours by label): one page on the status index."""
    return _interaction(ctx, _by_column("status"))


def roster_sort_number(ctx) -> list[float]:
    """The provincial awards order: one page on its index."""
    return _interaction(ctx, _by_column("provincial_awards"))


def roster_sort_birth_year(ctx) -> list[float]:
    """The birth year order: one page on the index of its copy (migration 0028)."""
    return _interaction(ctx, _by_column("birth_year"))


def roster_search(ctx) -> list[float]:
    """The delegates with a word starting with the letter typed (the same FTS5 index)."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(_SEARCH, [f'"{SEARCH_KEY}"*']))


def roster_filter(ctx) -> list[float]:
    """One status, alternating with every status."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(
        "AND d.status = ?", ["absent"]) if rep % 2 == 0 else model.requery())


def _note(rep, model, conn):
    did = model._page(0)[0][0]
    with conn:
        conn.execute("UPDATE delegates SET note = ? WHERE id = ?", [f"Ghi chú {rep}", did])
    model.refresh_row(0)


def roster_edit(ctx) -> list[float]:
    """One UPDATE in its transaction, the row read again and painted."""
    return _interaction(ctx, _note)


def roster_undo(ctx) -> list[float]:
    """The same write putting a value back."""
    return _interaction(ctx, lambda rep, model, conn: _note(-rep, model, conn))
