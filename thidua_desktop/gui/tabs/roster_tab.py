"""Đại biểu: the roster of the current event, its rules live, seats, promotion, exports.

The table is a RosterTableModel behind a RosterFilterProxy (search without
accents, filters by unit, category, status). Every write is an undoable
command on session.undo_stack; after it the touched rows are refreshed in
place and the side panel recounts the rules. Before the rows' first paint
only the table, filters and buttons are built; the side panel and the frozen
name column follow on the next turn (issue 18).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.keyboard import set_aside
from thidua_desktop.gui.roster import commands as cmd
from thidua_desktop.gui.roster import invitation_reply
from thidua_desktop.gui.roster import roster_table_model as m
from thidua_desktop.gui.roster.bulk_dialog import BulkEditDialog
from thidua_desktop.gui.roster.cell_delegate import RosterCellDelegate
from thidua_desktop.gui.roster.clipboard import table_mime
from thidua_desktop.gui.roster.delegate_dialog import DelegateDialog
from thidua_desktop.gui.roster.frozen_column import FrozenColumn
from thidua_desktop.gui.roster.headers import RowNumberHeader, TitleHeader
from thidua_desktop.gui.roster.roster_proxy import RosterFilterProxy
from thidua_desktop.gui.roster.rules_panel import RulesPanel
from thidua_desktop.gui.roster.seats_model import SeatsModel
from thidua_desktop.gui.roster.side_counter import SideCounter, count_side
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.empty_hint import EmptyHint
from thidua_desktop.gui.widgets.export_done import offer_open
from thidua_desktop.gui.widgets.flow_layout import flow_row
from thidua_desktop.gui.widgets.tables import keep_sort_mark_room, widen_to_headers
from thidua_desktop.services import repository
from thidua_desktop.services import roster_service as rs
from thidua_desktop.services.delegate_categories import categories_in_protocol_order
from thidua_desktop.services.roster_query import F, event_units, rows_by_id
from thidua_desktop.templates.model import PlanRules, rules_of_stored

_OTHER_AREAS = {"timeline", "agenda", "dossiers"}  # changes that never touch the roster
# Findings whose rows are the people concerned, not rows at fault: selectable, not coloured.
_GROUP_RULES = ("roster.seats", "roster.presidium", "roster.chair_panel")
_WIDTHS = {m.COL_NAME: 190, m.COL_SEX: 60, m.COL_BIRTH_YEAR: 70, m.COL_ETHNICITY: 75,
           m.COL_POSITION: 170, m.COL_WORKPLACE: 220, m.COL_UNIT: 130, m.COL_CATEGORY: 120,
           m.COL_KIND: 150, m.COL_FIELD: 120, m.COL_SECTOR: 120, m.COL_DIRECT: 80,
           m.COL_ACHIEVEMENT: 260, m.COL_AWARDS: 90, m.COL_STATUS: 100, m.COL_PANEL: 60,
           m.COL_SPEAKER: 75, m.COL_PROMOTED: 80, m.COL_NOTE: 160}
_HIDDEN = (m.COL_KIND, m.COL_FIELD, m.COL_SECTOR, m.COL_AWARDS, m.COL_SPEAKER)
BACKGROUND_FROM = 5_000  # delegates from which the side panel is counted in a worker thread
SIDE_FALLBACK_MS = 250  # after an edit of a large roster, the recount starts by then at the latest
_PLACE_ON, _PAINT = (QEvent.Type.Resize, QEvent.Type.Show), QEvent.Type.Paint
UNIT_FILTER_CHARS = 14  # the unit filter's width in characters, whatever the longest unit name
CATEGORY_FILTER_CHARS = 16


@lru_cache(maxsize=8)
def _rules_of(text: str | None) -> PlanRules:
    """A plan's typed rules from their stored text, parsed once per process and text (the model
    is frozen; a reload of the same plan, a new tab on it, found them parsed: issue 18)."""
    return rules_of_stored(text)


def _bound_width(combo: QComboBox, chars: int) -> None:
    """Size a filter box by `chars` characters, never by its longest item."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


def _widen_list(combo: QComboBox) -> None:
    """Let the box's drop-down list show every item whole (the box itself stays bounded)."""
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


class RosterTab(QWidget):
    """Delegates of the selected event, with the rules panel and the seats per unit."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        with set_aside():  # ~900 events while built, none the keyboard filter acts on
            self._build(session)

    def _build(self, session) -> None:
        self.session = session
        self._own_change = False
        self._event_rules: PlanRules = _rules_of(None)
        self._categories: dict[str, str] = dict(rs.CATEGORIES)  # the plan's, in protocol order
        # The side panel is recounted a moment after the rows show, and only while the tab
        # is visible: the rows of a large roster appear at once, the rules follow.
        self._side_timer = QTimer(self)
        self._side_timer.setSingleShot(True)
        self._side_timer.setInterval(40)
        self._side_timer.timeout.connect(self.refresh_side)
        self._side_dirty = False
        self.side_counter = SideCounter(self)
        self.side_counter.counted.connect(self._side_counted)
        self.model = m.RosterTableModel(self)
        self.model.editor = self.edit_values
        self.proxy = RosterFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build_filters()
        self._build_table()
        self._build_actions()
        invitation_reply.install(self)  # the Giấy mời filter and Trạng thái giấy mời… (issue 17)
        self._build_side()
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 460])
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.button_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.no_result)
        layout.addWidget(split, 1)
        session.database_changed.connect(self.reload)
        session.plan_changed.connect(self.reload)
        session.event_changed.connect(self.reload)
        session.data_changed.connect(self._on_data_changed)
        self.reload()
        # After the first reading: a roster with rows never makes the sentence's label.
        self.empty_hint = EmptyHint(self.table, self._empty_text)

    # --- construction -------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Tìm theo tên, chức vụ, đơn vị… (gõ không dấu cũng được)")
        self.search.setAccessibleName("Tìm đại biểu")
        self.search.textChanged.connect(self._filters_changed)
        clear = QAction(self.search)  # Esc in the search box clears it (issue 13)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)
        self.no_result = QLabel(self)
        self.no_result.setObjectName("noResult")
        self.no_result.setWordWrap(True)
        self.no_result.hide()
        # Unit names and a plan's labels can be long ("Doanh nghiệp Tổng Công ty Sonadezi",
        # "Thành viên Hội đồng Thi đua - Khen thưởng"): sized by their longest item, the boxes
        # widened the window past a 1024 px screen (70 units of a province). They keep a
        # bounded width beside the search field; their lists show the names whole.
        self.unit_filter = QComboBox(self)
        self.unit_filter.setAccessibleName("Lọc theo đơn vị")
        _bound_width(self.unit_filter, UNIT_FILTER_CHARS)
        self.category_filter = QComboBox(self)
        self.category_filter.setAccessibleName("Lọc theo thành phần")
        self.category_filter.addItem("Mọi thành phần", None)  # the plan's follow on reload
        _bound_width(self.category_filter, CATEGORY_FILTER_CHARS)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Lọc theo trạng thái")
        self.status_filter.addItem("Mọi trạng thái", None)
        for code, label in rs.STATUSES.items():
            self.status_filter.addItem(label, code)
        for combo in (self.unit_filter, self.category_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.count_label = QLabel(self)
        self.filter_row = QHBoxLayout()
        search_label = QLabel("&Tìm:", self)
        search_label.setBuddy(self.search)
        self.filter_row.addWidget(search_label)
        self.filter_row.addWidget(self.search, 3)
        self.filter_row.addWidget(self.unit_filter, 1)
        self.filter_row.addWidget(self.category_filter)
        self.filter_row.addWidget(self.status_filter)
        self.filter_row.addWidget(self.count_label)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.proxy)
        self.table.setVerticalHeader(RowNumberHeader(self.table))  # measured once per change
        self.table.setHorizontalHeader(TitleHeader(self.table))
        self.table.setItemDelegate(RosterCellDelegate(self.model, self.table))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(m.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        # Fixed sizes: measuring 10,000 rows' contents would make the window wait.
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        for column in _HIDDEN:
            self.table.setColumnHidden(column, True)
        widen_to_headers(self.table, bold=True)  # titles of the selected rows' columns are bold
        keep_sort_mark_room(self.table)
        # Giấy mời (the model's last column) shows beside Trạng thái, not off screen at the
        # far right: a move of the header's visual section, the model's columns unchanged.
        header.moveSection(header.visualIndex(m.COL_INVITATION), header.visualIndex(m.COL_STATUS) + 1)
        # The frozen name column covers the table's own name column, which the first frame
        # shows at the same place: it is built after that frame (`_side_after_paint`).
        self._frozen: FrozenColumn | None = None
        self.table.installEventFilter(self)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # A new order (a sort, a reversal, an edit that moves its row) keeps the current
        # delegate current; bring it on screen, or Sửa/Xóa act on a row the officer cannot see.
        self.proxy.layoutChanged.connect(self._show_current)

    def _show_current(self, *_args) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    def _empty_text(self) -> str:
        """What to do when the table shows nobody."""
        if self.session.db is None or not self.session.event_id:
            return "Chưa chọn sự kiện: chọn kế hoạch và sự kiện ở thanh trên cùng."
        if self.model.total() == 0:
            return ("Sự kiện chưa có đại biểu nào.\nNhập danh sách các đơn vị gửi lên: Tệp › Nhập danh sách "
                    "(Ctrl+I), dán các dòng chép từ Excel hoặc Word (Ctrl+V), hoặc Thêm đại biểu (Insert).")
        return "Không có đại biểu nào khớp điều kiện tìm và lọc. Xóa ô Tìm (Esc) hoặc chọn “Mọi …” ở các ô lọc."

    def _action(self, text: str, slot, shortcut=None, name: str = "", on_table=False) -> QAction:
        """An action of the tab; `on_table` ones (Delete, Ctrl+C...) answer only in the table,
        so that the same keys keep their meaning in the search box."""
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if on_table
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        (self.table if on_table else self).addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("&Thêm đại biểu…", self.add_delegate, "Ins", "add")
        self.edit_action = self._action("&Sửa đại biểu…", self.edit_current, "Ctrl+E", "edit",
                                        on_table=True)
        self.bulk_action = self._action("Sửa &hàng loạt…", self.bulk_edit, "Ctrl+Shift+E", "bulk",
                                        on_table=True)
        self.delete_action = self._action("&Xóa khỏi danh sách", self.delete_selected,
                                          QKeySequence.StandardKey.Delete, "delete", on_table=True)
        self.copy_action = self._action("Sao &chép (dán vào Excel, Word)", self.copy_selection,
                                        QKeySequence.StandardKey.Copy, "copy", on_table=True)
        self.promote_action = self._action("Cử lên &cấp trên…", self.promote_selected, "Ctrl+U",
                                           "promote", on_table=True)
        self.paste_action = self._action("&Dán từ Excel, Word…", self.paste_rows, QKeySequence.StandardKey.Paste,
                                         "paste", on_table=True)
        self.print_action = self._action("&In danh sách…", self.print_preview, None, "print")
        self.find_action = self._action("Tìm", self._focus_search, QKeySequence.StandardKey.Find)
        self.export_button = QToolButton(self)
        self.export_button.setText("Xuất danh sách trích ngang")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for label, suffix in (("Excel (.xlsx)…", ".xlsx"), ("Word (.docx)…", ".docx"),
                              ("CSV (.csv)…", ".csv")):
            menu.addAction(label, lambda s=suffix: self.export_dialog(s))
        self.export_button.setMenu(menu)
        buttons = []
        for action in (self.add_action, self.edit_action, self.bulk_action, self.delete_action,
                       self.copy_action, self.promote_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.append(button)
        # Wraps onto a second line on a narrow screen instead of cutting the texts.
        self.button_row = flow_row(self, *buttons, self.export_button, stretch_at=len(buttons))

    def _build_side(self) -> None:
        """The side panel's frame; its contents come after the rows' first paint (`_fill_side`)."""
        self.side = QTabWidget(self)
        self._side_parts: tuple | None = None

    def _fill_side(self) -> tuple:
        """Build the rules panel and the seats table once: after the first paint of the rows, or
        when first asked for (their counts come later anyway: issue 18)."""
        if self._side_parts is not None:
            return self._side_parts
        rules_panel = RulesPanel(self)
        rules_panel.rows_requested.connect(self.select_ids)
        seats_model = SeatsModel(self)
        seats_model.editor = self.set_seats
        seats_view = QTableView(self)
        seats_view.setObjectName("seatsTable")
        seats_view.setModel(seats_model)
        seats_view.verticalHeader().setVisible(False)
        seats_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        seats_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        seats_caption = QLabel(self)
        seats_caption.setWordWrap(True)
        seats = QWidget(self)
        box = QVBoxLayout(seats)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(seats_caption)
        box.addWidget(seats_view)
        self._side_parts = (rules_panel, seats_model, seats_view, seats_caption)
        self.side.addTab(rules_panel, "Quy định")
        self.side.addTab(seats, "Chỉ tiêu đơn vị")
        return self._side_parts

    @property
    def frozen(self) -> FrozenColumn:
        """The name column kept in place while the table scrolls right (built on first use)."""
        if self._frozen is None:
            self._frozen = FrozenColumn(self.table, m.COL_NAME)
        return self._frozen

    @property
    def rules_panel(self) -> RulesPanel:
        """The rules' counts and findings (built on first use)."""
        return self._fill_side()[0]

    @property
    def seats_model(self) -> SeatsModel:
        """Seats per unit (built on first use)."""
        return self._fill_side()[1]

    @property
    def seats_view(self) -> QTableView:
        return self._fill_side()[2]

    @property
    def seats_caption(self) -> QLabel:
        return self._fill_side()[3]

    # --- loading ------------------------------------------------------------------
    def _on_data_changed(self, what: str) -> None:
        if not self._own_change and what not in _OTHER_AREAS:
            self.reload()

    def _rules(self) -> PlanRules:
        """The rules of the current event's plan (repository.plan_rules' reading, its parse kept)."""
        row = self.session.db.execute("SELECT p.rules FROM events e JOIN plans p ON p.id = e.plan_id "
                                      "WHERE e.id = ?", [self.session.event_id]).fetchone()
        return _rules_of(row[0] if row else None)

    def reload(self, *_args, defer_side: bool = True) -> None:
        """Read the current event's roster again, keeping the selection and the order.

        The side panel is recounted just after (`defer_side`): the rows show at
        once on a large roster, the rules follow a moment later.
        """
        db, event_id = self.session.db, self.session.event_id
        keep = self.selected_ids()
        if db is None or not event_id:
            self._side_timer.stop()
            self.model.load(None, None)
            self.seats_model.set_rows([])
            self.rules_panel.refresh(None, None)
            self._update_counts()
            self._update_buttons()
            return
        self._event_rules = self._rules()
        kinds = self._event_rules.exemplary_kinds
        units = event_units(db, event_id)
        self._categories = {c.code: c.label for c in categories_in_protocol_order(db, event_id)}
        # The model keeps the search, filters and order; it reads one screenful (issue 18).
        self.model.load(db, event_id, dict(units), kinds, self._categories)
        self._fill_category_filter()
        self._fill_unit_filter(units)
        self.select_ids(keep, clear_filters=False)
        self._update_counts()
        self._update_buttons()
        if defer_side:
            self._side_dirty = True
            if self.isVisible():
                self._side_timer.start()
        else:
            self.refresh_side()

    def _fill_category_filter(self) -> None:
        """The plan's own categories, in protocol order (the filter applies on the unit's refill)."""
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem("Mọi thành phần", None)
        for code, label in self._categories.items():
            self.category_filter.addItem(label, code)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(current), 0))
        _widen_list(self.category_filter)
        self.category_filter.blockSignals(False)

    def _fill_unit_filter(self, units) -> None:
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("Mọi đơn vị", None)
        for unit_id, name in units:
            self.unit_filter.addItem(name, unit_id)
        index = self.unit_filter.findData(current)
        self.unit_filter.setCurrentIndex(max(index, 0))
        _widen_list(self.unit_filter)
        self.unit_filter.blockSignals(False)
        self._filters_changed()

    def refresh_side(self) -> None:
        """Recount the rules, mark the rows they name, refresh the seats.

        From BACKGROUND_FROM delegates on, the counts run in a worker thread
        (SideCounter) and show when done: the window does not wait for them.
        """
        self._side_timer.stop()
        self._side_dirty = False
        db, event_id, path = self.session.db, self.session.event_id, self.session.db_path
        if db is None or not event_id:
            self.side_counter.cancel()
            return
        if self.model.total() >= BACKGROUND_FROM and path is not None and Path(path).is_file():
            self.side_counter.request(Path(path), event_id)
            return
        self._show_side(count_side(db, event_id))

    def side_pending(self) -> bool:
        """Whether the side panel is about to change (a recount waiting or running)."""
        return self._side_timer.isActive() or self._side_dirty or self.side_counter.busy()

    def _side_counted(self, counts) -> None:
        latest = self.side_counter.finished()
        if latest and counts is not None and counts.event_id == self.session.event_id:
            self._show_side(counts)

    def _show_side(self, counts) -> None:
        self.rules_panel.show_counts(counts.stats, counts.findings)
        findings = counts.findings
        marks: dict[int, tuple[str, str]] = {}
        for f in findings:
            if f.rule.startswith(_GROUP_RULES):
                continue
            for delegate_id in f.rows:
                old = marks.get(delegate_id)
                if old is None:
                    marks[delegate_id] = (f.severity, f.message)
                else:
                    severity = "error" if "error" in (old[0], f.severity) else "warning"
                    marks[delegate_id] = (severity, old[1] + "\n" + f.message)
        self.model.set_marks(marks)
        seats = counts.seats
        self.seats_model.set_rows(seats)
        allocated, sent = self.seats_model.totals()
        self.seats_caption.setText(
            f"{len(seats)} đơn vị, {allocated} chỉ tiêu, đã cử {sent}. Bấm đúp ô Chỉ tiêu để sửa."
            if any(s.seats is not None for s in seats)
            else "Sự kiện này chưa phân bổ chỉ tiêu cho đơn vị nào.")
        self._update_counts()
        self._update_buttons()

    def after_change(self, ids: list[int], structural: bool) -> None:
        """Called by the commands: refresh what changed, then tell the other tabs."""
        self._own_change = True
        try:
            if structural:
                self.reload(defer_side=False)
            else:
                self.model.update_rows(rows_by_id(self.session.db, ids))
                if self.model.total() >= BACKGROUND_FROM:
                    self._side_after_edit()
                else:
                    self.refresh_side()
            self.session.notify_data_changed("roster")
        finally:
            self._own_change = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._side_dirty or self._side_parts is None or self._frozen is None:
            # Recount (and build the side panel and the frozen names) once the rows are painted: on a large roster the rules take a while,
            # and a timer alone could fire before the window's first paint (issue 18).
            self.table.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()  # asked once: each call builds a Python enum
        if obj is self.table and kind in _PLACE_ON:
            if self._frozen is not None:
                self._frozen.place()  # the frozen name column follows the table
        elif kind == _PAINT and obj is self.table.viewport():
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._side_after_paint)  # the next turn: the frame is out
        return super().eventFilter(obj, event)

    def _side_after_edit(self) -> None:
        """A large roster's recount starts once the edited row is painted (issue 18).

        The count runs in a thread anyway; started at once it competed with the
        repaint of the edit on a 2-core machine. At the latest after SIDE_FALLBACK_MS
        (an edit of a row off screen paints nothing).
        """
        self._side_dirty = True
        if not self.isVisible():
            return  # showEvent recounts
        self.table.viewport().installEventFilter(self)
        QTimer.singleShot(SIDE_FALLBACK_MS, self, self._side_after_paint)

    def _side_after_paint(self) -> None:
        self.frozen  # noqa: B018 - built now, after the first frame
        self._fill_side()
        if self._side_dirty and not self._side_timer.isActive():
            self.refresh_side()

    # --- filters and selection ------------------------------------------------------
    def _filters_changed(self, *_args) -> None:
        self.proxy.set_search(self.search.text())
        self.proxy.set_filters(self.unit_filter.currentData(), self.category_filter.currentData(),
                               self.status_filter.currentData())
        self._update_counts()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_counts(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.total()
        self.count_label.setText(f"{shown}/{total} đại biểu" if shown != total else f"{total} đại biểu")
        empty = shown == 0 and self.proxy.is_filtered()
        if empty:
            typed = self.search.text().strip()
            self.no_result.setText(
                f"Không có đại biểu nào khớp với “{typed}”. Bấm Esc để xóa tìm kiếm."
                if typed else "Không có đại biểu nào trong bộ lọc đã chọn. "
                "Chọn “Mọi …” ở các bộ lọc để xem lại cả danh sách.")
        self.no_result.setVisible(empty)

    def selected_ids(self) -> list[int]:
        """Ids of the selected delegates, in the order shown."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(m.IdRole) for r in rows]

    def current_id(self) -> int | None:
        """The delegate under the cursor (or the first selected)."""
        index = self.table.currentIndex()
        if index.isValid():
            return index.data(m.IdRole)
        ids = self.selected_ids()
        return ids[0] if ids else None

    def select_ids(self, ids: list[int], clear_filters: bool = True) -> None:
        """Select these delegates (filters cleared first when one is hidden) and show the first."""
        if clear_filters and self.proxy.is_filtered() and self.proxy.hides(ids):
            self.search.clear()
            for combo in (self.unit_filter, self.category_filter, self.status_filter, self.invitation_filter):
                combo.setCurrentIndex(0)
        found = self.model.rows_of(ids)
        rows = [found[i] for i in ids if i in found]
        selection = QItemSelection()
        first = None
        for row in rows:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, index)
                first = first or index
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().select(selection, flags)
        if first is not None:
            self.table.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def _update_buttons(self, *_args) -> None:
        writable = self.session.db is not None and bool(self.session.event_id) \
            and not self.session.readonly
        has = bool(self.table.selectionModel().selectedRows())
        upper = rs.upper_event_id(self.session.db, self.session.event_id) if writable else None
        self.add_action.setEnabled(writable)
        for action in (self.edit_action, self.bulk_action, self.delete_action, self.reply_action):
            action.setEnabled(writable and has)
        self.promote_action.setEnabled(writable and has and upper is not None)
        self.copy_action.setEnabled(self.proxy.rowCount() > 0)
        self.export_button.setEnabled(self.session.db is not None and bool(self.session.event_id))
        self.model.editor = self.edit_values if writable else None

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            action = menu.addAction(self.model.headerData(column, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: (self.table.setColumnHidden(c, not on), self.frozen.place()))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    # --- messages -------------------------------------------------------------------
    def show_message(self, text: str, error: bool = True) -> None:
        """A sentence above the table (red for a refused input)."""
        colour = "#b00020" if error else "#1b5e20"
        self.banner.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.banner.setText(text)
        self.banner.show()

    def _run(self, command) -> bool:
        """Push a command (the one way, gui/undo.py); a refused write shows above the table."""
        if not push(self.session, command, self.show_message):
            return False
        self.banner.hide()
        return True

    # --- edits ----------------------------------------------------------------------
    def edit_values(self, ids: list[int], changes: dict) -> bool:
        """Write the same values on these delegates, undoably (inline edits come here)."""
        return self._run(cmd.EditDelegatesCommand(self.session, self, ids, changes))

    def _dialog_lists(self) -> dict:
        units = event_units(self.session.db, self.session.event_id)
        rules = self._event_rules
        return {"units": units, "kinds": rules.exemplary_kinds, "structure": rules.structure,
                "categories": self._categories}

    def add_delegate(self) -> None:
        """Thêm đại biểu: the form, then an undoable addition."""
        event = repository.event(self.session.db, self.session.event_id)
        unit = self.unit_filter.currentData() or event.unit_id
        dialog = DelegateDialog(self.session.db, self, {"unit_id": unit}, **self._dialog_lists())
        if not dialog.exec():
            return
        command = cmd.AddDelegateCommand(self.session, self, event.id, dialog.person_data(),
                                         dialog.delegate_data())
        if self._run(command):
            self.select_ids([command.delegate_id])

    def edit_current(self) -> None:
        """Sửa đại biểu: the whole form for the current delegate."""
        delegate_id = self.current_id()
        if delegate_id is None:
            return
        fields = [*DelegateDialog.PERSON, *DelegateDialog.DELEGATE, "category"]
        values = rs.read_fields(self.session.db, [delegate_id], fields)[delegate_id]
        dialog = DelegateDialog(self.session.db, self, values, title="Sửa thông tin đại biểu",
                                **self._dialog_lists())
        if dialog.exec() and dialog.changes():
            self.edit_values([delegate_id], dialog.changes())

    def bulk_edit(self) -> None:
        """Sửa hàng loạt: one field, one value, every selected delegate."""
        ids = self.selected_ids()
        if not ids:
            return
        dialog = BulkEditDialog(self.session.db, len(ids), self, **self._dialog_lists())
        if dialog.exec() and dialog.change():
            self.edit_values(ids, dialog.change())

    def delete_selected(self) -> None:
        """Remove the selected delegates from this event, after a confirmation."""
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self, APP_NAME,
            f"Xóa {len(ids)} đại biểu khỏi danh sách của sự kiện này?\n\nThông tin cá nhân và "
            "lịch sử ở các sự kiện khác được giữ nguyên. Có thể hoàn tác bằng Ctrl+Z.")
        if answer == QMessageBox.StandardButton.Yes:
            self._run(cmd.DeleteDelegatesCommand(self.session, self, ids))

    def promote_selected(self) -> None:
        """Thông qua danh sách đại biểu đi dự cấp trên: send the selection upward."""
        db = self.session.db
        upper_id = rs.upper_event_id(db, self.session.event_id)
        ids = self.selected_ids()
        if upper_id is None or not ids:
            self.show_message("Sự kiện này không có sự kiện cấp trên để cử đại biểu lên.")
            return
        pending = [i for i in ids if self.model.row_values(self.model.row_of(i))[F["promoted_to_id"]]
                   is None]
        if not pending:
            self.show_message("Các đại biểu đã chọn đều đã được cử lên cấp trên.")
            return
        upper = repository.event(db, upper_id)
        skipped = len(ids) - len(pending)
        note = f"\n({skipped} người đã được cử từ trước, bỏ qua.)" if skipped else ""
        answer = QMessageBox.question(
            self, APP_NAME,
            f"Thông qua danh sách {len(pending)} đại biểu đi dự {upper.name}?{note}\n\n"
            "Đại biểu giữ nguyên thông tin và lịch sử; mỗi người có thêm mục Báo cáo thành tích "
            "trong hồ sơ của đơn vị. Có thể hoàn tác bằng Ctrl+Z.")
        if answer == QMessageBox.StandardButton.Yes and self._run(
                cmd.PromoteCommand(self.session, self, pending, upper_id, upper.name)):
            self.show_message(f"Đã cử {len(pending)} đại biểu dự {upper.name}.", error=False)

    def set_seats(self, unit_id: int, unit_name: str, seats) -> bool:
        """Seats for one unit (from the seats table), undoably."""
        return self._run(cmd.SetSeatsCommand(self.session, self, self.session.event_id, unit_id,
                                             unit_name, seats))

    # --- clipboard and exports ----------------------------------------------------------
    def copy_rows(self, proxy_rows: list[int]) -> tuple[list[str], list[list]]:
        """Headers and display values of the visible columns for these rows."""
        header = self.table.horizontalHeader()
        columns = [header.logicalIndex(v) for v in range(header.count())]
        columns = [c for c in columns if not self.table.isColumnHidden(c)]
        headers = ["STT"] + [self.model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
        rows = []
        for number, row in enumerate(proxy_rows, start=1):
            values: list = [number]
            for c in columns:
                index = self.proxy.index(row, c)
                if c in m.CHECK_COLUMNS:
                    values.append("x" if index.data(Qt.ItemDataRole.CheckStateRole)
                                  == Qt.CheckState.Checked else "")
                else:
                    values.append(index.data(Qt.ItemDataRole.DisplayRole))
            rows.append(values)
        return headers, rows

    def paste_rows(self) -> int:
        """Ctrl+V in the table: rows copied from Excel or Word, previewed, then one undo step."""
        from thidua_desktop.gui.roster.paste import paste_into_roster

        return paste_into_roster(self.session, QGuiApplication.clipboard().mimeData(), self)

    def print_preview(self):
        """In danh sách: the rows shown, as a table, in Qt's print preview (landscape A4)."""
        from thidua_desktop.gui.printing import preview_html
        from thidua_desktop.gui.roster.clipboard import html_table

        if self.session.db is None or not self.session.event_id:
            return None
        headers, values = self.copy_rows(list(range(self.proxy.rowCount())))
        event = repository.event(self.session.db, self.session.event_id)
        title = f"<h3 style='text-align:center'>DANH SÁCH TRÍCH NGANG ĐẠI BIỂU<br>{event.name}</h3>"
        return preview_html(self, "In danh sách đại biểu", title + html_table(headers, values), landscape=True)

    def copy_selection(self) -> None:
        """Copy the selected rows (or every row shown) as a table for Excel and Word."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = list(range(self.proxy.rowCount()))
        headers, values = self.copy_rows(rows)
        QGuiApplication.clipboard().setMimeData(table_mime(headers, values))
        self.show_message(f"Đã sao chép {len(rows)} dòng; dán vào Excel hoặc Word bằng Ctrl+V.",
                          error=False)

    def export_dialog(self, suffix: str) -> None:
        """Ask where, then write the roster in the official layout."""
        from thidua_desktop.export.roster_common import export_choices, write_roster

        event = repository.event(self.session.db, self.session.event_id)
        folder = Path(QSettings().value("roster/exportDir", str(
            self.session.db_path.parent if self.session.db_path else Path.home())))
        default = folder / f"danh-sach-trich-ngang-{event.code}{suffix}"
        choices = export_choices(suffix)
        path, picked = QFileDialog.getSaveFileName(self, "Xuất danh sách trích ngang", str(default),
                                                   ";;".join(c.label for c in choices))
        choice = next((c for c in choices if c.label == picked), choices[0])
        if not path:
            return
        if not Path(path).suffix:
            path += suffix
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            count = write_roster(self.session.db, event.id, path, choice.order, choice.csv_variant)
        except UserError as exc:
            self.show_message(exc.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        QSettings().setValue("roster/exportDir", str(Path(path).parent))
        self.show_message(f"Đã xuất {count} đại biểu vào “{path}”.", error=False)
        offer_open(self, Path(path), f"Đã xuất {count} đại biểu vào “{path}”.")
