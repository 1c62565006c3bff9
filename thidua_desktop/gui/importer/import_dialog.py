"""Nhập danh sách: pick files, check the column mapping, preview every row, confirm.

Nothing is written until the officer presses "Nhập"; each file lands whole or
not at all (services.import_service); the import can be undone (Ctrl+Z). The
preview is judged as the landing will be (services.import_judge): the
database's checks and the roster rules (seats, duplicates, quotas) are said
before, not after. The dialog sizes itself to the screen: the mapping and the
file's messages sit in a splitter above the rows, so Nhập and Hủy stay visible
at 1024×600.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import UserError
from thidua_desktop.gui.importer.import_summary import (
    ImportSummaryDialog,
    fill_unit_combo,
    plan_file,
)
from thidua_desktop.gui.importer.preview_model import (
    COL_MESSAGES,
    FILTERS,
    PlanRowRole,
    PreviewModel,
)
from thidua_desktop.gui.undo import AppliedCommand, push
from thidua_desktop.importer import FIELD_LABELS, FIELDS, ImportCancelled
from thidua_desktop.services import import_service, repository
from thidua_desktop.services.import_judge import judge

FILE_FILTER = "Bảng tính (*.xlsx *.xls *.ods *.csv);;Mọi tệp (*)"
NOT_MAPPED = -1


class ImportCommand(AppliedCommand):
    """The import of one file, undoable (the one undo base: the first write is `apply()`)."""

    area = "roster"

    def __init__(self, session, plan: import_service.ImportPlan):
        super().__init__(session, f"Nhập danh sách từ {plan.roster.path.name}")
        self.plan, self.added = plan, 0

    def _do(self) -> None:
        self.added = import_service.apply_import(self.session.db, self.plan)

    def _undo(self) -> None:
        import_service.undo_import(self.session.db, self.plan)


def read_with_progress(parent, db, path: Path, mapping=None, sheet=None):
    """Parse a file with a cancellable progress dialog; None when cancelled."""
    progress = QProgressDialog(f"Đang đọc {path.name}…", "Hủy", 0, 0, parent)
    progress.setWindowTitle("Nhập danh sách")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def report(done: int, total: int | None) -> None:
        if total:
            progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()

    try:
        return import_service.read_file(db, path, progress=report, cancel=progress.wasCanceled,
                                        mapping=mapping, sheet=sheet)
    except ImportCancelled:
        return None
    finally:
        progress.close()


class ImportDialog(QDialog):
    """Mapping and preview of one roster file for the current event."""

    def __init__(self, session, path: Path, parent=None):
        super().__init__(parent)
        self.session, self.path = session, Path(path)
        self.target_event = repository.event(session.db, session.event_id)
        self.setWindowTitle(f"Nhập danh sách đại biểu — {self.path.name}")
        self.roster = None
        self.plan: import_service.ImportPlan | None = None
        self.committed = 0
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addLayout(self._unit_row())
        self.messages = QListWidget(self)
        self.messages.setAccessibleName("Lưu ý của tệp")
        self.messages.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self._mapping_area())
        self.splitter.addWidget(self.messages)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setChildrenCollapsible(True)
        layout.addWidget(self.splitter, 1)
        actions = QHBoxLayout()
        for text, action in (("&Gộp với người đã có", import_service.MERGE),
                             ("&Thêm như người mới", import_service.NEW),
                             ("&Bỏ qua dòng đã chọn", import_service.SKIP)):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, a=action: self._set_action(a))
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("&Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """A size from the screen: comfortable on a large one, inside a 1024×600 one."""
        screen = self.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width = min(1200, int(area.width() * 0.95)) if area else 1000
        height = min(760, int(area.height() * 0.92)) if area else 560
        self.resize(width, height)
        self.splitter.setSizes([height * 3 // 10, height // 10, height // 2])

    # --- construction ----------------------------------------------------
    def _unit_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        event = QLabel(f"Sự kiện: <b>{self.target_event.name}</b>", self)
        event.setWordWrap(True)
        row.addWidget(event, 2)
        unit_label = QLabel("Đơn vị &gửi:", self)
        row.addWidget(unit_label)
        self.unit_combo = QComboBox(self)
        unit_label.setBuddy(self.unit_combo)
        fill_unit_combo(self.unit_combo, self.session.db, self.target_event)
        self.unit_combo.activated.connect(lambda _i: self._replan(self.unit_combo.currentData()))
        row.addWidget(self.unit_combo, 1)
        sheet_label = QLabel("&Trang:", self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName("Trang tính")
        self.sheet_combo.activated.connect(lambda _i: self._change_sheet())
        sheet_label.setBuddy(self.sheet_combo)
        row.addWidget(sheet_label)
        row.addWidget(self.sheet_combo, 1)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet_combo.setMinimumContentsLength(10)
        show_label = QLabel("&Hiện:", self)
        self.filter_combo = QComboBox(self)
        for key, label in FILTERS.items():
            self.filter_combo.addItem(label, key)
        self.filter_combo.activated.connect(lambda _i: self.model.set_filter(self.filter_combo.currentData()))
        show_label.setBuddy(self.filter_combo)
        row.addWidget(show_label)
        row.addWidget(self.filter_combo)
        return row

    def _mapping_area(self) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(self._mapping_box())
        return area

    def _mapping_box(self) -> QWidget:
        box = QGroupBox("Ghép cột (tự nhận; sửa nếu sai — lần sau tệp cùng tiêu đề sẽ dùng lại)", self)
        grid = QGridLayout(box)
        self.mapping_combos: dict[str, QComboBox] = {}
        for i, name in enumerate(f for f in FIELDS if f != "stt"):
            combo = QComboBox(box)
            combo.setAccessibleName(FIELD_LABELS[name])
            # long labels must not widen the dialog past a small screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda _i: self._remap())
            self.mapping_combos[name] = combo
            grid.addWidget(QLabel(FIELD_LABELS[name] + ":", box), i // 4, (i % 4) * 2)
            grid.addWidget(combo, i // 4, (i % 4) * 2 + 1)
        return box

    # --- reading ---------------------------------------------------------
    def load(self, mapping=None, sheet=None) -> bool:
        """Read the file (with progress); False when cancelled or unreadable (message shown)."""
        try:
            roster = read_with_progress(self, self.session.db, self.path, mapping, sheet)
        except UserError as exc:
            QMessageBox.warning(self, "Nhập danh sách", exc.message)
            return False
        if roster is None:
            return False
        self.roster = roster
        self.sheet_combo.clear()
        for name in roster.sheets or [roster.sheet]:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(roster.sheet), 0))
        self._fill_mapping()
        self._replan(None)
        return True

    def _change_sheet(self) -> None:
        name = self.sheet_combo.currentData()
        if self.roster is not None and name != self.roster.sheet:
            self.load(sheet=name)

    def _fill_mapping(self) -> None:
        labels = self.roster.header
        for name, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(không có)", NOT_MAPPED)
            for col, label in enumerate(labels):
                combo.addItem(f"Cột {col + 1}: {label}" if label else f"Cột {col + 1}", col)
            combo.setCurrentIndex(max(combo.findData(self.roster.mapping.get(name, NOT_MAPPED)), 0))
            combo.blockSignals(False)

    def current_mapping(self) -> dict[str, int]:
        """The mapping as the combos show it."""
        mapping = {name: combo.currentData() for name, combo in self.mapping_combos.items()}
        if "stt" in self.roster.mapping:
            mapping["stt"] = self.roster.mapping["stt"]
        return {k: v for k, v in mapping.items() if v is not None and v != NOT_MAPPED}

    def _remap(self) -> None:
        mapping = self.current_mapping()
        if "name" not in mapping:
            self.summary.setText("<span style='color:#b00020'>Hãy chọn cột «Họ và tên».</span>")
            self.import_button.setEnabled(False)
            return
        self.load(mapping, self.roster.sheet if self.roster else None)

    def _replan(self, unit_name: str | None) -> None:
        self.plan = import_service.plan_import(self.session.db, self.target_event.id, self.roster, unit_name)
        judge(self.session.db, [self.plan])
        if self.plan.unit_label:
            self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(self.plan.unit_label), 0))
        self.model.set_plan(self.plan)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COL_MESSAGES, min(self.table.columnWidth(COL_MESSAGES), 360))
        self._update_summary()

    def _set_action(self, action: str) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            QMessageBox.information(self, "Nhập danh sách", "Hãy chọn các dòng cần đổi cách xử lý.")
            return
        for row in rows:
            plan_row = self.model.index(row, 0).data(PlanRowRole)
            if action == import_service.MERGE and plan_row.match_id is None:
                continue
            plan_row.action = action
        judge(self.session.db, [self.plan])  # skipping rows changes seats and duplicates
        self.model.refresh_rows(list(range(self.model.rowCount())))
        self._update_summary()

    def _update_summary(self) -> None:
        plan = self.plan
        errors = sum(r.has_error for r in plan.rows) + len(plan.errors)
        warned = sum(bool(r.person.warnings or r.notes) and not r.has_error for r in plan.rows)
        will = sum(r.importable for r in plan.rows)
        encoding = {"tcvn3": " · chuyển từ mã TCVN3", "vni": " · chuyển từ mã VNI"}.get(
            self.roster.encoding, "")
        parts = [f"{len(plan.rows)} dòng đọc được{encoding}", f"sẽ nhập {will}",
                 f"{warned} dòng có lưu ý", f"{errors} lỗi"]
        text = " · ".join(parts)
        if errors:
            text = ("<span style='color:#b00020'>Tệp còn lỗi nên chưa thể nhập (tệp được nhập trọn "
                    f"vẹn hoặc không nhập gì).</span><br>{text}")
        self.summary.setText(text)
        self.messages.clear()
        lines = ([f"Lỗi: {e}" for e in plan.errors] + list(plan.warnings)
                 + [f"Sau khi nhập: {f}" for f in plan.rule_findings])
        self.messages.addItems(lines or ["Tệp không có lưu ý chung."])
        self.import_button.setEnabled(plan.can_land and will > 0)

    def accept(self) -> None:
        """Store the rows (one transaction, undoable)."""
        if self.plan is None or not self.plan.can_land:
            return
        command = ImportCommand(self.session, self.plan)
        if not push(self.session, command, self):
            return
        self.committed = command.added
        super().accept()


def import_files(session, parent=None) -> int:
    """Tệp > Nhập danh sách: one file with preview, or several at once with a summary."""
    if session.db is None or not session.event_id:
        QMessageBox.information(parent, "Nhập danh sách", "Hãy mở tệp dữ liệu và chọn sự kiện trước.")
        return 0
    paths, _ = QFileDialog.getOpenFileNames(parent, "Chọn tệp danh sách đại biểu", "", FILE_FILTER)
    if not paths:
        return 0
    if len(paths) == 1:
        dialog = ImportDialog(session, Path(paths[0]), parent)
        if dialog.load() and dialog.exec():
            return dialog.committed
        return 0
    return import_many(session, [Path(p) for p in paths], parent)


def import_folder(session, parent=None) -> int:
    """Tệp > Nhập cả thư mục: every spreadsheet of a folder, with a summary at the end."""
    if session.db is None or not session.event_id:
        return 0
    folder = QFileDialog.getExistingDirectory(parent, "Chọn thư mục chứa danh sách")
    if not folder:
        return 0
    paths = sorted(p for p in Path(folder).iterdir()
                   if p.suffix.lower() in (".xlsx", ".xls", ".ods", ".csv"))
    if not paths:
        QMessageBox.information(parent, "Nhập danh sách", f"Thư mục “{folder}” không có tệp bảng tính nào.")
        return 0
    return import_many(session, paths, parent)


def import_many(session, paths: list[Path], parent=None) -> int:
    """Read and judge every file, show one summary (units editable), then land each file that passed whole."""
    lines, plans = [], []
    for path in paths:
        try:
            roster = read_with_progress(parent, session.db, path)
        except UserError as exc:
            lines.append(f"✗ {exc.message}")
            continue
        if roster is None:
            return 0  # cancelled while reading: nothing is imported
        plans.append(plan_file(session, roster))
    if not plans:
        QMessageBox.information(parent, "Kết quả nhập danh sách", "\n".join(lines))
        return 0
    summary = ImportSummaryDialog(session, plans, lines, parent)
    if not summary.exec():
        return 0
    return land_many(session, summary.plans, lines, len(paths), parent)


def land_many(session, plans: list[import_service.ImportPlan], lines: list[str], files: int, parent=None) -> int:
    """Land each judged plan that can land (one undo step each); say what happened to each file."""
    total = 0
    for plan in plans:
        name = plan.roster.path.name
        if not plan.can_land:
            result = import_service.result_of(plan, 0)
            lines.append(f"✗ {name}: không nhập ({len(result.errors)} lỗi, ví dụ: {result.errors[0]})")
            continue
        command = ImportCommand(session, plan)
        if not push(session, command, lines.append):
            continue
        total += command.added
        lines.append(f"✓ {name}: đã nhập {command.added} đại biểu ({plan.unit_label}), "
                     f"{len(import_service.result_of(plan, command.added).warnings)} lưu ý.")
    QMessageBox.information(parent, "Kết quả nhập danh sách",
                            f"Đã nhập {total} đại biểu từ {files} tệp.\n\n" + "\n".join(lines))
    return total
