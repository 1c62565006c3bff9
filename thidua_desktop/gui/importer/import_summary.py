"""Nhập nhiều tệp: one compact summary before anything lands.

Each file is listed with its sending unit (read from the file's title block,
else the host unit the importer fell back to — shown in a warning colour) in a
combo the officer can change, its counts of rows, errors and warnings, and the
messages of the selected file below. Changing a unit re-plans that file with
`import_service.plan_import(..., unit_name)` and re-judges every file
(`import_judge.judge`), so the counts are what the landing will do. Nothing is
written until "Nhập"; the dialog fits a 1024×600 screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.services import import_service, repository
from thidua_desktop.services.import_judge import judge

WARN_COLOUR = QColor("#b26a00")
ERROR_COLOUR = QColor("#b00020")
COL_FILE, COL_UNIT, COL_ROWS, COL_WILL, COL_ERRORS, COL_WARNINGS = range(6)
HEADERS = ("Tệp", "Đơn vị gửi", "Dòng", "Sẽ nhập", "Lỗi", "Lưu ý")


def fill_unit_combo(combo: QComboBox, db, event) -> None:
    """The units a file of `event` can come from: the organiser, then its units (one list for both dialogs)."""
    plan = repository.plan(db, event.plan_id)
    organiser = repository.unit(db, plan.organiser_id)
    combo.addItem(organiser.display_name, organiser.display_name)
    for unit in repository.units(db, plan.organiser_id):
        combo.addItem(unit.display_name, unit.display_name)
    # long unit names must not widen the dialog past a small screen
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)


def plan_file(session, roster, unit_name: str | None = None) -> import_service.ImportPlan:
    """Plan one file for the current event; a headless file whose columns were guessed cannot land blind."""
    plan = import_service.plan_import(session.db, session.event_id, roster, unit_name)
    if roster.headless and roster.mapping_source == "guessed":
        plan.errors.append("Tệp không có dòng tiêu đề cột: hãy nhập riêng tệp này để ghép cột.")
    return plan


class ImportSummaryDialog(QDialog):
    """Every file of a multi-file import, its unit (editable) and its counts; Nhập lands them."""

    def __init__(self, session, plans: list[import_service.ImportPlan], notes: list[str] | None = None,
                 parent=None):
        super().__init__(parent)
        self.session, self.plans = session, list(plans)
        self.chosen: set[int] = set()  # rows whose unit the officer picked
        self.target_event = repository.event(session.db, session.event_id)
        self.setWindowTitle("Nhập nhiều tệp danh sách")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Sự kiện: <b>{self.target_event.name}</b> · {len(self.plans)} tệp. Xem lại đơn vị gửi của từng "
            "tệp (tô màu cam: tệp không ghi đơn vị, đã gán cho đơn vị tổ chức) rồi bấm Nhập.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if notes:
            skipped = QLabel("<br>".join(notes), self)
            skipped.setWordWrap(True)
            layout.addWidget(skipped)
        self.table = QTableWidget(len(self.plans), len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Các tệp sẽ nhập")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Interactive)
        for col in (COL_ROWS, COL_WILL, COL_ERRORS, COL_WARNINGS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.unit_combos: list[QComboBox] = []
        for row in range(len(self.plans)):
            combo = QComboBox(self.table)
            fill_unit_combo(combo, session.db, self.target_event)
            combo.setAccessibleName(f"Đơn vị gửi của tệp {self.plans[row].roster.path.name}")
            combo.activated.connect(lambda _i, r=row: self.change_unit(r, self.unit_combos[r].currentData()))
            self.unit_combos.append(combo)
            self.table.setCellWidget(row, COL_UNIT, combo)
        self.table.setColumnWidth(COL_UNIT, 220)
        self.messages = QListWidget(self)
        self.messages.setAccessibleName("Lưu ý của tệp đã chọn")
        self.messages.setWordWrap(True)
        pane = QWidget(self)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        self.messages_label = QLabel("&Lưu ý của tệp đã chọn:", pane)
        self.messages_label.setBuddy(self.messages)
        pane_layout.addWidget(self.messages_label)
        pane_layout.addWidget(self.messages, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(pane)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("&Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)  # Enter confirms, as in the one-file preview
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_messages(row))
        self._refresh()
        if self.plans:
            self.table.selectRow(0)
        self._fit_screen(splitter)

    def _fit_screen(self, splitter: QSplitter) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width = min(900, int(area.width() * 0.95)) if area else 900
        height = min(560, int(area.height() * 0.9)) if area else 520
        self.resize(width, height)
        splitter.setSizes([height // 2, height // 3])

    # --- state -------------------------------------------------------------
    def is_fallback(self, row: int) -> bool:
        """True when the file's unit was neither read from its title nor chosen: the host (or none) by default."""
        plan = self.plans[row]
        if plan.unit_id is None:
            return True
        if row in self.chosen or plan.unit_id != self.target_event.unit_id:
            return False
        named = import_service.find_unit(self.session.db, self.target_event.plan_id, plan.roster.unit_hint)
        return not (named and named[0] == plan.unit_id)

    def change_unit(self, row: int, unit_name: str) -> None:
        """Re-plan one file for `unit_name`, then judge every file again (seats are shared)."""
        self.chosen.add(row)
        self.plans[row] = plan_file(self.session, self.plans[row].roster, unit_name)
        self._refresh()
        self.show_messages(row)

    def _refresh(self) -> None:
        judge(self.session.db, self.plans)
        for row, plan in enumerate(self.plans):
            result = import_service.result_of(plan, 0)
            fallback = self.is_fallback(row)
            name = QTableWidgetItem(plan.roster.path.name)
            name.setToolTip(str(plan.roster.path))
            source = ("tiêu đề tệp không ghi đơn vị đã biết — đã gán cho đơn vị tổ chức" if fallback
                      else "đơn vị theo tiêu đề tệp" if plan.roster.unit_hint else "đơn vị đã chọn")
            combo = self.unit_combos[row]
            combo.setCurrentIndex(max(combo.findData(plan.unit_label), 0) if plan.unit_label else -1)
            combo.setToolTip(source)
            combo.setStyleSheet(f"color: {WARN_COLOUR.name()}; font-weight: bold" if fallback else "")
            cells = {COL_FILE: name, COL_ROWS: QTableWidgetItem(str(len(plan.rows))),
                     COL_WILL: QTableWidgetItem(str(sum(r.importable for r in plan.rows) if plan.can_land
                                                    else 0)),
                     COL_ERRORS: QTableWidgetItem(str(len(result.errors))),
                     COL_WARNINGS: QTableWidgetItem(str(len(result.warnings)))}
            if result.errors:
                cells[COL_ERRORS].setForeground(QBrush(ERROR_COLOUR))
            if fallback:
                name.setForeground(QBrush(WARN_COLOUR))
            for col, item in cells.items():
                if col != COL_FILE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.import_button.setEnabled(any(p.can_land and any(r.importable for r in p.rows) for p in self.plans))

    def show_messages(self, row: int) -> None:
        """The selected file's errors then warnings, one a line."""
        self.messages.clear()
        if not 0 <= row < len(self.plans):
            return
        result = import_service.result_of(self.plans[row], 0)
        lines = [f"Lỗi: {e}" for e in result.errors] + result.warnings
        self.messages.addItems(lines or [f"{self.plans[row].roster.path.name}: không có lưu ý."])
        for i in range(len(result.errors)):
            self.messages.item(i).setForeground(QBrush(ERROR_COLOUR))
