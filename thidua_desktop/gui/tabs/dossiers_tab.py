"""Hồ sơ: who has sent what. The unit x item matrix of a run, a unit's detail, reminders.

Above: the run, its actions (start a run, edit the templates, reminders,
delete), the filters "Còn thiếu" / "Quá hạn" and a unit search, the legend.
Middle: the matrix (colours per state, counts per row and in the headers).
Below: the chosen unit's items with the state buttons and the files panel.
When the roster changes, the runs follow it (per-delegate items).
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from thidua_desktop import APP_NAME
from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.dossiers import commands as cmd
from thidua_desktop.gui.dossiers.colours import FILL, LEGEND, TEXT
from thidua_desktop.gui.dossiers.matrix_model import (
    COL_UNIT,
    FIRST_ITEM,
    DossierMatrixModel,
    MatrixFilterProxy,
    TemplateItemRole,
    UnitRole,
)
from thidua_desktop.gui.dossiers.unit_detail import UnitDetail
from thidua_desktop.gui.roster.clipboard import table_mime
from thidua_desktop.gui.tabs.deferred import RefreshWhenShown
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.empty_hint import EmptyHint
from thidua_desktop.gui.widgets.flow_layout import flow_row
from thidua_desktop.services import dossier_service, repository
from thidua_desktop.services.dossier_matrix import build_matrix

log = logging.getLogger(__name__)
# Changes elsewhere that can move per-delegate items or due dates.
_SYNC_ON = {"", "roster", "events", "timeline", "import", "plan", "awards"}  # awards: per-proposal items


class DossiersTab(RefreshWhenShown):
    """The dossier runs of the current plan."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.as_of = dt.date.today()
        self.run_combo = QComboBox(self)
        self.run_combo.setAccessibleName("Đợt hồ sơ")
        self.run_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.run_combo.setMinimumContentsLength(24)
        self.start_button = self._button("Bắt đầu đợt &mới…", self.start_run_dialog)
        self.templates_button = self._button("Mẫu &hồ sơ…", self.template_editor)
        self.remind_button = self._button("Nhắc &nộp…", self.reminder_dialog)
        self.delete_button = self._button("Xóa đợt", self.delete_run)
        run_label = QLabel("Đợt hồ &sơ:", self)
        run_label.setBuddy(self.run_combo)
        top = QHBoxLayout()
        top.addWidget(run_label)
        top.addWidget(self.run_combo, 1)
        top.addWidget(flow_row(self, self.start_button, self.templates_button, self.remind_button,
                               self.delete_button), 2)
        self.owing = QCheckBox("Còn thiếu", self)
        self.owing.setToolTip("Chỉ hiện đơn vị còn mục chưa nộp hoặc cần bổ sung")
        self.overdue = QCheckBox("Quá hạn", self)
        self.overdue.setToolTip("Chỉ hiện đơn vị có mục đã quá hạn mà chưa nộp đủ")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Tìm đơn vị (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.setAccessibleName("Tìm đơn vị")
        filter_label = QLabel("Lọ&c:", self)
        filter_label.setBuddy(self.owing)
        chips = []
        for status, label in LEGEND:
            chip = QLabel(f" {label} ", self)
            text = TEXT.get(status)
            colour = f"color: {text.name()};" if text else ""
            chip.setStyleSheet(f"background: {FILL[status].name()}; border: 1px solid #C8CCD2; {colour}")
            chips.append(chip)
        filters = flow_row(self, filter_label, self.owing, self.overdue, self.search, *chips, stretch_at=4)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.model = DossierMatrixModel(self)
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.matrix = QTableView(self)
        self.matrix.setModel(self.proxy)
        self.matrix.setAccessibleName("Bảng hồ sơ đơn vị x mục")
        self.matrix.setSortingEnabled(True)
        self.matrix.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # Ranges (Shift+arrows, Shift+click, Ctrl+click) for copying the state of many units at once.
        self.matrix.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        copy = QAction("Sao chép vùng đã chọn", self.matrix)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.matrix.addAction(copy)
        self.matrix.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.matrix.verticalHeader().setVisible(False)
        header = self.matrix.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matrix.doubleClicked.connect(lambda _i: self.detail.receive_dialog())
        self.empty_hint = EmptyHint(self.matrix, self._empty_text)
        self.detail = UnitDetail(session, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.matrix)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(filters)
        layout.addWidget(self.caption)
        layout.addWidget(splitter, 1)
        self.run_combo.currentIndexChanged.connect(lambda _i: self.refresh_matrix())
        self.owing.toggled.connect(lambda on: self.proxy.set_filters(owing_only=on))
        self.overdue.toggled.connect(lambda on: self.proxy.set_filters(overdue_only=on))
        self.search.textChanged.connect(lambda text: self.proxy.set_filters(text=text))
        self.matrix.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        session.database_changed.connect(self.refresh)
        session.plan_changed.connect(self.refresh)
        session.event_changed.connect(self._on_event_changed)
        session.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _empty_text(self) -> str:
        if self.session.db is None or not self.session.plan_id:
            return "Chưa mở kế hoạch nào."
        if self.model.matrix is None:
            return ("Chưa có đợt hồ sơ nào.\nBấm “Bắt đầu đợt mới…” (Alt+M) để lập danh sách hồ sơ "
                    "các đơn vị phải nộp sau sự kiện.")
        return "Không có đơn vị nào khớp bộ lọc: bỏ chọn “Còn thiếu”, “Quá hạn” hoặc xóa ô tìm."

    def copy_selection(self) -> int:
        """Copy the selected cells (the bounding range, with its headers) for Excel and Word."""
        indexes = self.matrix.selectionModel().selectedIndexes()
        if not indexes:
            return 0
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        headers = [" ".join(str(self.proxy.headerData(c, Qt.Orientation.Horizontal) or "").split())
                   for c in columns]
        values = [[self.proxy.index(r, c).data() for c in columns] for r in rows]
        QGuiApplication.clipboard().setMimeData(table_mime(headers, values))
        return len(rows)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        return button

    # --- reading ------------------------------------------------------------------
    def current_run_id(self) -> int | None:
        """The run shown."""
        return self.run_combo.currentData()

    def current_unit_id(self) -> int | None:
        """The unit of the current matrix row."""
        index = self.matrix.currentIndex()
        return index.data(UnitRole) if index.isValid() else None

    def refresh(self, *_args) -> None:
        """Reload the runs of the plan (keeping the one shown) and the matrix."""
        keep = self.current_run_id()
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        db = self.session.db
        runs = dossier_service.runs(db, self.session.plan_id) if db is not None and self.session.plan_id else []
        for run in runs:
            label = run.name + (f" — hạn {format_date(run.due)}" if run.due else "")
            self.run_combo.addItem(label, run.id)
        index = self.run_combo.findData(keep)
        self.run_combo.setCurrentIndex(index if index >= 0 else (0 if runs else -1))
        self.run_combo.blockSignals(False)
        self.refresh_matrix()

    def refresh_matrix(self) -> None:
        """Rebuild the matrix of the run shown, keeping the current cell."""
        self.as_of = dt.date.today()
        unit_id, column = self.current_unit_id(), self.matrix.currentIndex().column()
        run_id = self.current_run_id()
        db = self.session.db
        matrix = build_matrix(db, run_id, self.as_of) if db is not None and run_id else None
        self.model.set_matrix(matrix)
        self._update_caption()
        self._update_buttons()
        if unit_id and self.model.row_of_unit(unit_id) >= 0:
            self.select_unit(unit_id, column)
        elif self.proxy.rowCount() > 0:
            self.matrix.setCurrentIndex(self.proxy.index(0, COL_UNIT))
            self._show_current()
        else:
            self.detail.show_unit(run_id, None, self.as_of)

    def _update_caption(self) -> None:
        m = self.model.matrix
        if self.session.db is None:
            self.caption.setText("Chưa mở tệp dữ liệu.")
            return
        if m is None:
            self.caption.setText("Kế hoạch chưa có đợt hồ sơ. Bấm “Bắt đầu đợt mới…” để lập danh sách hồ sơ "
                                 "các đơn vị phải nộp sau sự kiện.")
            return
        total = sum(r.total for r in m.rows)
        done = sum(r.done for r in m.rows)
        owed = sum(r.outstanding for r in m.rows)
        overdue = sum(r.overdue for r in m.rows)
        late = sum(r.late for r in m.rows)
        self.caption.setText(
            f"{len(m.rows)} đơn vị · {total} mục · đã nộp {done} · còn thiếu hoặc cần bổ sung {owed}"
            f" (quá hạn {overdue}) · nộp muộn {late} · tính đến ngày {format_date(self.as_of)}")

    def _update_buttons(self) -> None:
        writable = self.session.db is not None and not self.session.readonly and bool(self.session.plan_id)
        has_run = self.current_run_id() is not None
        self.start_button.setEnabled(writable)
        self.templates_button.setEnabled(self.session.db is not None and bool(self.session.plan_id))
        self.remind_button.setEnabled(has_run)
        self.delete_button.setEnabled(writable and has_run)

    def select_unit(self, unit_id: int | None, column: int = COL_UNIT) -> None:
        """Make a unit's row current (in `column`) and show its detail."""
        row = self.model.row_of_unit(unit_id) if unit_id else -1
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, max(column, COL_UNIT)))
        if index.isValid():
            self.matrix.setCurrentIndex(index)
            self.matrix.scrollTo(index)
        self._show_current()

    def _show_current(self) -> None:
        index = self.matrix.currentIndex()
        template_item = index.data(TemplateItemRole) if index.isValid() and index.column() >= FIRST_ITEM else None
        self.detail.show_unit(self.current_run_id(), self.current_unit_id(), self.as_of, template_item)

    # --- signals ------------------------------------------------------------------
    def _on_data_changed(self, what: str) -> None:
        if what in _SYNC_ON and self.session.db is not None and not self.session.readonly:
            try:
                dossier_service.sync_runs(self.session.db)
            except Exception:  # the roster edit itself succeeded; the next refresh retries
                log.exception("dossier sync after a %s change failed", what)
        self.refresh_or_defer()  # the runs are synced now; the matrix is re-read when shown

    def _on_event_changed(self, event_id: int) -> None:
        if not event_id or self.session.db is None:
            return
        unit_id = repository.event(self.session.db, event_id).unit_id
        if self.model.row_of_unit(unit_id) >= 0:
            self.select_unit(unit_id)

    # --- actions ------------------------------------------------------------------
    def start_run(self, template_code: str, event_id: int, unit_ids: list[int] | None,
                  upper_event_id: int | None = None, name: str = "") -> int | None:
        """Start a run (undoable) and show it; None when nothing was started."""
        command = cmd.StartRunCommand(self.session, template_code, event_id, unit_ids, upper_event_id, name)
        if not push(self.session, command, self):
            return None
        self.run_combo.setCurrentIndex(self.run_combo.findData(command.run_id))
        return command.run_id

    def start_run_dialog(self) -> None:
        """Bắt đầu đợt mới…"""
        from thidua_desktop.gui.dossiers.start_run_dialog import StartRunDialog

        dialog = StartRunDialog(self.session.db, self.session.plan_id, self.session.event_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_run(*dialog.choice())

    def template_editor(self) -> None:
        """Mẫu hồ sơ…"""
        from thidua_desktop.gui.dossiers.template_editor import TemplateEditor

        run_id = self.current_run_id()
        template_id = dossier_service.run(self.session.db, run_id).template_id if run_id else None
        TemplateEditor(self.session, template_id, self).exec()

    def reminder_dialog(self) -> None:
        """Nhắc nộp…"""
        from thidua_desktop.gui.dossiers.reminder_dialog import ReminderDialog

        if self.current_run_id() is not None:
            ReminderDialog(self.session, self.current_run_id(), self.overdue.isChecked(), self).exec()

    def delete_run(self) -> None:
        """Xóa đợt (undoable)."""
        run_id = self.current_run_id()
        if run_id is None:
            return
        run = dossier_service.run(self.session.db, run_id)
        answer = QMessageBox.question(
            self, APP_NAME, f"Xóa đợt hồ sơ “{run.name}” cùng mọi ghi nhận của đợt? (Có thể hoàn tác bằng Ctrl+Z.)")
        if answer == QMessageBox.StandardButton.Yes:
            push(self.session, cmd.DeleteRunCommand(self.session, run_id, run.name), self)
