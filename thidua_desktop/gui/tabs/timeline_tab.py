"""Tiến độ kế hoạch: the timeline chart, the unit x milestone grid and the to-do panel.

The tab computes the plan's timeline as of a chosen date (today by default)
and hands the plain result to its three views; every change goes through an
undoable command, and the session's data_changed signal recomputes at once,
so moving an event's date moves the deadlines hanging on it on screen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.errors import UserError
from thidua_desktop.gui.tabs.deferred import RefreshWhenShown
from thidua_desktop.gui.timeline.chart import TimelineChart
from thidua_desktop.gui.timeline.grid_model import COL_UNIT, LineRole, ProgressGridModel, SortRole
from thidua_desktop.gui.timeline.todo_model import COL_STATE, TodoModel
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.dates import TypedDateEdit, from_qdate, to_qdate
from thidua_desktop.gui.widgets.export_done import offer_open
from thidua_desktop.gui.widgets.tables import header_text_width
from thidua_desktop.services import repository, timeline_service
from thidua_desktop.services.timeline_service import STATE_COLOURS, STATE_LABELS

NO_DATE = QDate(2000, 1, 1)


def _commands():
    """The tab's undoable commands; their services (plans, agendas, templates) load at first use,
    not before the window's first paint."""
    from thidua_desktop.gui.timeline import commands

    return commands


class TimelineTab(RefreshWhenShown):
    """The plan's progress at a glance, and where it is kept up to date."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.tl: timeline_service.Timeline | None = None
        self.current_milestone_id: int | None = None
        self._build_toolbar()
        self._build_views()
        session.database_changed.connect(self.refresh)
        session.plan_changed.connect(self.refresh)
        session.event_changed.connect(self._load_event_date)
        session.data_changed.connect(self.refresh_or_defer)  # hidden: on the next show
        self.refresh()

    # --- construction -------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip or text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        bar = self.toolbar = QToolBar("Tiến độ", self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.as_of_edit = QDateEdit(to_qdate(dt.date.today()), self)
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("dd/MM/yyyy")
        self.as_of_edit.setToolTip("Tính tình trạng các mốc đến ngày này (mặc định: hôm nay)")
        self.as_of_edit.dateChanged.connect(self._recompute)
        as_of_label = QLabel(" Ngày xe&m: ", self)
        as_of_label.setBuddy(self.as_of_edit)
        bar.addWidget(as_of_label)
        bar.addWidget(self.as_of_edit)
        self.today_action = self._action("Hôm nay", self.show_today, tip="Xem tình trạng đến hôm nay")
        bar.addAction(self.today_action)
        bar.addSeparator()
        self.soon_spin = QSpinBox(self)
        self.soon_spin.setRange(0, 90)
        self.soon_spin.setSuffix(" ngày")
        self.soon_spin.setToolTip("Báo “sắp đến hạn” khi còn từ bấy nhiêu ngày trở xuống")
        self.soon_spin.valueChanged.connect(self._soon_changed)
        soon_label = QLabel(" &Báo trước: ", self)
        soon_label.setBuddy(self.soon_spin)
        bar.addWidget(soon_label)
        bar.addWidget(self.soon_spin)
        bar.addSeparator()
        self.event_label = QLabel(" Ngà&y tổ chức: ", self)
        self.event_date = TypedDateEdit(self)
        self.event_date.setAccessibleName("Ngày tổ chức")
        self.event_label.setBuddy(self.event_date)
        self.event_date.setMinimumDate(NO_DATE)
        self.event_date.setSpecialValueText("Chưa xác định")
        self.event_date.editingFinished.connect(self._event_date_edited)
        bar.addWidget(self.event_label)
        bar.addWidget(self.event_date)
        bar.addSeparator()
        self.zoom_out_action = self._action("−", lambda: self.chart.zoom_out(), "Ctrl+-", "Thu nhỏ")
        self.zoom_in_action = self._action("+", lambda: self.chart.zoom_in(), "Ctrl++", "Phóng to")
        self.fit_action = self._action("Vừa khung", lambda: self.chart.fit(), "Ctrl+0",
                                       "Cả kế hoạch vừa khung nhìn")
        for action in (self.zoom_out_action, self.zoom_in_action, self.fit_action):
            bar.addAction(action)
        bar.addSeparator()
        self.add_action = self._action("Thêm mốc…", self.add_milestone, "Ctrl+Shift+N")
        self.edit_action = self._action("Sửa mốc…", self.edit_milestone, "F2")
        self.delete_action = self._action("Xóa mốc", self.delete_milestone, "Shift+Del")
        self.progress_action = self._action("Cập nhật tiến độ…", self.update_progress, "Ctrl+U",
                                            "Đánh dấu một hay nhiều đơn vị của mốc đang chọn")
        self.done_action = self._action("Hoàn thành", self.mark_selected_done, "Ctrl+D",
                                        "Đánh dấu các ô đang chọn là đã hoàn thành")
        self.export_action = self._action("Xuất Excel…", self.export_dialog, "Ctrl+E",
                                          "Xuất bảng và danh sách tiến độ ra Excel")
        for action in (self.add_action, self.edit_action, self.delete_action, self.progress_action,
                       self.done_action, self.export_action):
            bar.addAction(action)

    def _build_views(self) -> None:
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #FFF4D6; color: #7A4B00; padding: 4px 8px;")
        self.warning.hide()
        self.chart = TimelineChart(self)
        self.chart.milestone_clicked.connect(self.select_milestone)
        self.grid_model = ProgressGridModel(self)
        self.grid_proxy, self.grid = self._sorted_table(self.grid_model, 24)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.grid.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(112)
        header.setMinimumHeight(64)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._grid_menu)
        self.grid.selectionModel().currentChanged.connect(self._grid_current_changed)
        self.grid.doubleClicked.connect(lambda _i: self.update_progress())
        self.grid_caption = QLabel(self)
        self.grid_caption.setWordWrap(True)
        legend = "  ".join(
            f"<span style='background:{STATE_COLOURS[s][1]}; color:{STATE_COLOURS[s][0]};'>"
            f"&nbsp;{STATE_LABELS[s]}&nbsp;</span>" for s in ("done", "overdue", "due_soon", "open"))
        self.legend = QLabel(legend, self)
        grid_box = QWidget(self)
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 4, 0, 0)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.grid_caption, 1)
        caption_row.addWidget(self.legend)
        grid_layout.addLayout(caption_row)
        grid_layout.addWidget(self.grid)
        self.todo_model = TodoModel(self)
        # Two lines a row (who and when, then the task), each elided on its own.
        self.todo_proxy, self.todo = self._sorted_table(self.todo_model, 40)
        self.todo.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.todo.horizontalHeader().setStretchLastSection(True)
        self.todo.doubleClicked.connect(self._todo_activated)
        self.todo.clicked.connect(self._todo_activated)
        self.todo_title = QLabel("<b>Việc cần làm</b>", self)
        self.todo_title.setStyleSheet("font-size: 13pt;")
        self.todo_summary = QLabel(self)
        self.todo_summary.setWordWrap(True)
        todo_box = QWidget(self)
        todo_layout = QVBoxLayout(todo_box)
        todo_layout.setContentsMargins(6, 0, 0, 0)
        todo_layout.addWidget(self.todo_title)
        todo_layout.addWidget(self.todo_summary)
        todo_layout.addWidget(self.todo, 1)
        self.todo_box = todo_box
        self.left = QSplitter(Qt.Orientation.Vertical, self)
        self.left.addWidget(self.chart)
        self.left.addWidget(grid_box)
        self.left.setStretchFactor(0, 1)
        self.left.setStretchFactor(1, 1)
        self.main = QSplitter(Qt.Orientation.Horizontal, self)
        self.main.addWidget(self.left)
        self.main.addWidget(todo_box)
        self.main.setStretchFactor(0, 4)
        self.main.setStretchFactor(1, 1)
        self.main.setSizes([1060, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.warning)
        layout.addWidget(self.main, 1)

    def _sorted_table(self, model, row_height: int) -> tuple[QSortFilterProxyModel, QTableView]:
        """A read-only table over `model` through a proxy sorting on SortRole (model order first)."""
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SortRole)
        view = QTableView(self)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(row_height)
        view.setWordWrap(False)
        return proxy, view

    # --- data ---------------------------------------------------------------
    def as_of(self) -> dt.date:
        """The date states are computed for."""
        return from_qdate(self.as_of_edit.date())

    def refresh(self, *_args) -> None:
        """Read the plan again and recompute."""
        db = self.session.db
        writable = db is not None and not self.session.readonly and bool(self.session.plan_id)
        for action in (self.add_action, self.edit_action, self.delete_action, self.progress_action,
                       self.done_action):
            action.setEnabled(writable)
        self.soon_spin.setEnabled(db is not None)
        if db is not None:
            self.soon_spin.blockSignals(True)
            self.soon_spin.setValue(timeline_service.soon_days(db))
            self.soon_spin.blockSignals(False)
        self._load_event_date()
        self._recompute()

    def _recompute(self, *_args) -> None:
        db, plan_id = self.session.db, self.session.plan_id
        self.tl = None
        if db is not None and plan_id:
            self.tl = timeline_service.timeline(db, plan_id, self.as_of(), self.soon_spin.value())
        self.chart.set_timeline(self.tl)
        self.grid_model.set_timeline(self.tl)
        self.todo_model.set_timeline(self.tl)
        self._resize_columns()
        self._update_texts()
        if self.current_milestone_id is not None:
            self.select_milestone(self.current_milestone_id)

    def _resize_columns(self) -> None:
        header = self.grid.horizontalHeader()
        if self.grid_model.columnCount():
            header.resizeSection(COL_UNIT, 170)
            header.resizeSection(1, 70)
        self._fit_state_column()
        # The list is never narrower than its first column and the second's header.
        header = self.todo.horizontalHeader()
        text = str(self.todo_model.headerData(1, Qt.Orientation.Horizontal))
        self.todo_box.setMinimumWidth(header.sectionSize(0) + header_text_width(header, 1, text)
                                      + self.todo.verticalScrollBar().sizeHint().width() + 16)

    def _fit_state_column(self) -> None:
        """The to-do list's first column as wide as its widest text, as resizeColumnToContents
        makes it, measuring one row per distinct text instead of every row (the texts are a few
        dozen "Trễ n ngày"; the rows 1,200 at 30 units x 40 milestones: ~40 ms before the paint)."""
        view, model = self.todo, self.todo_model
        view.ensurePolished()
        width = 0
        for row in model.rows_by_state_text().values():
            index = self.todo_proxy.mapFromSource(model.index(row, COL_STATE))
            width = max(width, view.sizeHintForIndex(index).width())
        if view.showGrid():
            width += 1  # as QTableView.sizeHintForColumn counts the grid line
        header = view.horizontalHeader()
        header.resizeSection(COL_STATE, max(width, header.sectionSizeHint(COL_STATE)))

    def _update_texts(self) -> None:
        tl = self.tl
        if tl is None:
            self.grid_caption.setText("Chưa mở tệp dữ liệu hoặc chưa có kế hoạch.")
            self.todo_summary.setText("")
            self.warning.hide()
            return
        overdue, soon = self.todo_model.counts()
        when = "hôm nay" if tl.as_of == dt.date.today() else f"ngày {format_date(tl.as_of)}"
        self.grid_caption.setText(
            f"<b>Bảng tiến độ theo đơn vị</b> — {len(tl.milestones)} mốc, "
            f"{self.grid_model.rowCount()} đơn vị. Bấm tiêu đề cột để sắp xếp theo mức trễ hạn.")
        parts = [f"<b style='color:{STATE_COLOURS[state][0]}'>{n} việc {label}</b>"
                 for n, state, label in ((overdue, "overdue", "quá hạn"), (soon, "due_soon", "sắp đến hạn"))
                 if n]
        if parts:
            self.todo_summary.setText(f"Đến {when}: {', '.join(parts)} (báo trước {tl.soon_days} ngày).")
        else:
            self.todo_summary.setText(f"Đến {when}: không có việc quá hạn hay sắp đến hạn.")
        if tl.warnings:
            self.warning.setText("⚠ " + "<br>⚠ ".join(w.message for w in tl.warnings))
            self.warning.show()
        else:
            self.warning.hide()

    def _load_event_date(self, *_args) -> None:
        db, event_id = self.session.db, self.session.event_id
        if db is None or not event_id:
            self.event_date.setEnabled(False)
            self.event_date.set_committed(NO_DATE)
        else:
            event = repository.event(db, event_id)
            self.event_date.setEnabled(not self.session.readonly)
            self.event_date.set_committed(
                to_qdate(event.date) if event.date else NO_DATE,
                f"Ngày tổ chức {event.name} ({event.unit_name}). Gõ ngày (ví dụ 25062025) rồi Enter hoặc "
                "Tab; các hạn tính theo ngày tổ chức sẽ dời theo ngay.")

    # --- selection ----------------------------------------------------------
    def select_milestone(self, milestone_id: int | None) -> None:
        """Make a milestone current in the chart and bring its grid column into view."""
        if self.tl is None or self.tl.milestone(milestone_id) is None:
            self.current_milestone_id = None
            self.chart.set_selected(None)
            return
        self.current_milestone_id = milestone_id
        self.chart.set_selected(milestone_id)
        column = self.grid_model.column_of(milestone_id)
        current = self.grid.currentIndex()
        if column is not None and (not current.isValid() or current.column() != column):
            index = self.grid_proxy.index(max(0, current.row()), column)
            self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.grid.scrollTo(index)

    def _grid_current_changed(self, current, _previous) -> None:
        m = self.grid_model.milestone_at(current.column()) if current.isValid() else None
        if m is not None and m.id != self.current_milestone_id:
            self.current_milestone_id = m.id
            self.chart.set_selected(m.id)

    def _todo_activated(self, index) -> None:
        line = self.todo_proxy.data(index, LineRole)
        if line is None:
            return
        self.select_milestone(line.milestone_id)
        row = self.grid_model.row_of(line.unit_id)
        column = self.grid_model.column_of(line.milestone_id)
        if row is not None and column is not None:
            proxy_index = self.grid_proxy.mapFromSource(self.grid_model.index(row, column))
            self.grid.setCurrentIndex(proxy_index)
            self.grid.scrollTo(proxy_index)

    def selected_lines(self) -> list:
        """The lines under the grid's selected cells (cells that apply only)."""
        lines = []
        for index in self.grid.selectionModel().selectedIndexes():
            line = self.grid_proxy.data(index, LineRole)
            if line is not None:
                lines.append(line)
        return lines

    # --- commands -------------------------------------------------------------
    def show_today(self) -> None:
        """Ngày xem = hôm nay."""
        self.as_of_edit.setDate(to_qdate(dt.date.today()))

    def _soon_changed(self, value: int) -> None:
        if self.session.db is not None and not self.session.readonly:
            try:
                from thidua_desktop.services import milestone_service

                milestone_service.set_soon_days(self.session.db, value)
            except UserError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                return
        self._recompute()

    def _event_date_edited(self) -> None:
        qdate = self.event_date.date()
        self.move_current_event(None if qdate == NO_DATE else from_qdate(qdate))

    def move_current_event(self, date: dt.date | None) -> bool:
        """Move the current event to `date` (undoable); its relative deadlines follow."""
        db, event_id = self.session.db, self.session.event_id
        if db is None or not event_id or self.session.readonly:
            return False
        event = repository.event(db, event_id)
        if event.date == date:
            return False
        label = event.unit_name if event.level != "district" else "Đại hội"
        return push(self.session, _commands().MoveEventCommand(self.session, event_id, date, label), self)

    def add_milestone(self) -> None:
        """Thêm mốc…"""
        from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog

        if self.tl is None:
            return
        dialog = MilestoneDialog(self.session.db, self.tl, None, self)
        if dialog.exec() and dialog.data() is not None:
            command = _commands().AddMilestoneCommand(self.session, self.tl.data.plan_id, dialog.data())
            if push(self.session, command, self):
                self.select_milestone(command.milestone_id)

    def edit_milestone(self) -> None:
        """Sửa mốc… (the current milestone)."""
        from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog

        if self.tl is None or self.current_milestone_id is None:
            QMessageBox.information(self, APP_NAME, "Hãy chọn một mốc công việc trên biểu đồ hoặc trong bảng.")
            return
        dialog = MilestoneDialog(self.session.db, self.tl, self.current_milestone_id, self)
        if dialog.exec() and dialog.data() is not None:
            push(self.session, _commands().EditMilestoneCommand(
                self.session, self.current_milestone_id, dialog.data()), self)

    def delete_milestone(self) -> None:
        """Xóa mốc (after a question); undo puts it back with its progress."""
        if self.tl is None or self.current_milestone_id is None:
            QMessageBox.information(self, APP_NAME, "Hãy chọn mốc công việc cần xóa.")
            return
        m = self.tl.milestone(self.current_milestone_id)
        answer = QMessageBox.question(
            self, APP_NAME, f"Xóa mốc “{m.title}” cùng tiến độ của các đơn vị? (Có thể hoàn tác bằng Ctrl+Z.)")
        if answer == QMessageBox.StandardButton.Yes:
            push(self.session, _commands().DeleteMilestoneCommand(self.session, m.id, m.title), self)

    def set_selected_state(self, state: str) -> bool:
        """Give the selected grid cells a state (done: on the as-of date, never after today)."""
        pairs = [(ln.milestone_id, ln.unit_id) for ln in self.selected_lines()]
        if not pairs:
            return False
        done_on = min(self.as_of(), dt.date.today()) if state == "done" else None
        return push(self.session, _commands().SetProgressCommand(self.session, pairs, state, done_on), self)

    def mark_selected_done(self) -> None:
        """Hoàn thành: the selected cells; with none selected, the dialog for the current milestone."""
        lines = [ln for ln in self.selected_lines() if ln.state != "done"]
        if lines:
            self.set_selected_state("done")
        else:
            self.update_progress()

    def update_progress(self) -> None:
        """Cập nhật tiến độ…: tick units of the current milestone, pick a state and a date."""
        from thidua_desktop.gui.timeline.progress_dialog import ProgressDialog

        if self.tl is None or self.current_milestone_id is None:
            QMessageBox.information(self, APP_NAME, "Hãy chọn một mốc công việc trên biểu đồ hoặc trong bảng.")
            return
        chosen = {ln.unit_id for ln in self.selected_lines() if ln.milestone_id == self.current_milestone_id}
        dialog = ProgressDialog(self.tl, self.current_milestone_id, chosen or None,
                                self.as_of(), self)
        if dialog.exec():
            pairs, state, done_on, note = dialog.values()
            push(self.session, _commands().SetProgressCommand(self.session, pairs, state, done_on, note), self)

    def _grid_menu(self, pos) -> None:
        menu = QMenu(self)
        when = format_date(min(self.as_of(), dt.date.today()))
        enabled = bool(self.selected_lines()) and not self.session.readonly
        for text, state in ((f"Hoàn thành (ngày {when})", "done"), ("Đang thực hiện", "doing"),
                            ("Chưa thực hiện", "todo")):
            action = menu.addAction(text, lambda s=state: self.set_selected_state(s))
            action.setEnabled(enabled)
        menu.addSeparator()
        menu.addAction(self.progress_action)
        menu.addAction(self.edit_action)
        menu.exec(self.grid.viewport().mapToGlobal(pos))

    def export_dialog(self) -> None:
        """Xuất Excel…: the grid and the list, as of the date shown."""
        if self.tl is None:
            return
        folder = self.session.db_path.parent if self.session.db_path else Path.home()
        default = folder / f"tien-do-ke-hoach-{self.tl.as_of:%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Xuất tiến độ ra Excel", str(default),
                                              "Bảng tính Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        """Write the progress workbook; a sentence on failure."""
        from thidua_desktop.export.progress_xlsx import export_progress

        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            out = export_progress(self.session.db, self.tl, path)
        except OSError as exc:
            QMessageBox.warning(self, APP_NAME, f"Không ghi được tệp “{path.name}”: {exc.strerror or exc}. "
                                "Hãy đóng tệp nếu đang mở trong Excel, hoặc chọn nơi lưu khác.")
            return None
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Đã xuất tiến độ ra {out}", 8000)
        offer_open(self, out, f"Đã xuất bảng tiến độ ra “{out}”.")
        return out
