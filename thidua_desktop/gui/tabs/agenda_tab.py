"""Chương trình: the agenda builder of the current event.

The palette of standard items on the left, the agenda with its running clock
in the middle (drag and drop or Ctrl+Up/Down to reorder, edit in place), the
speeches and videos below, the rule findings on the right, updated after
every change; preview and export of the programme and the run-of-show script.
Every change is an undoable command on the session's undo stack.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import UserError
from thidua_desktop.gui.agenda import commands
from thidua_desktop.gui.agenda.agenda_model import COL_PRESENTER, COL_TITLE, AgendaTableModel
from thidua_desktop.gui.agenda.agenda_view import AgendaView
from thidua_desktop.gui.agenda.palette import PaletteList
from thidua_desktop.gui.agenda.presenter_delegate import PresenterDelegate
from thidua_desktop.gui.agenda.preview import preview, save_dialog
from thidua_desktop.gui.agenda.speeches_panel import SpeechesPanel
from thidua_desktop.gui.signing_units_dialog import SigningUnitsDialog
from thidua_desktop.gui.tabs.deferred import RefreshWhenShown
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.empty_hint import EmptyHint
from thidua_desktop.gui.widgets.export_done import offer_open
from thidua_desktop.gui.widgets.flow_layout import flow_row
from thidua_desktop.gui.wording_dialog import show_wording
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services.rules import agenda_rules

RED, GREEN = "#c62828", "#2e7d32"
Queued = Qt.ConnectionType.QueuedConnection


class AgendaTab(RefreshWhenShown):
    """The agenda builder."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.agenda: svc.Agenda | None = None
        self.findings = []
        self._build()
        session.database_changed.connect(self.refresh)
        session.plan_changed.connect(self.refresh)
        session.event_changed.connect(self.refresh)
        session.data_changed.connect(self.refresh_or_defer)  # hidden: on the next show
        self.refresh()

    # --- construction -----------------------------------------------------
    def _build(self) -> None:
        self.model = AgendaTableModel(self)
        self.table = AgendaView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            COL_PRESENTER, PresenterDelegate(lambda: svc.presenter_choices(self.session.db, self.session.event_id),
                                             self.table))
        self.palette = PaletteList(self)
        self.speeches = SpeechesPanel(self.session, self.report, self)
        self.findings_list = QListWidget(self)
        self.findings_list.setObjectName("agendaFindings")
        self.findings_list.setWordWrap(True)
        self.findings_list.setSpacing(3)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {RED}")

        self.start_edit = QTimeEdit(self)
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName("Giờ bắt đầu")
        self.minutes_edit = QSpinBox(self)
        self.minutes_edit.setRange(30, 720)
        self.minutes_edit.setSingleStep(30)
        self.minutes_edit.setSuffix(" phút")
        self.minutes_edit.setAccessibleName("Thời lượng buổi")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("agendaClock")
        self.clock_label.setWordWrap(True)
        start_label = QLabel("&Bắt đầu:", self)
        start_label.setBuddy(self.start_edit)
        minutes_label = QLabel("Thời &lượng buổi:", self)
        minutes_label.setBuddy(self.minutes_edit)
        top = QHBoxLayout()
        top.addWidget(start_label)
        top.addWidget(self.start_edit)
        top.addWidget(minutes_label)
        top.addWidget(self.minutes_edit)
        top.addSpacing(16)
        top.addWidget(self.clock_label, 1)

        self.up_button = QPushButton("▲ Lên", self)
        self.up_button.setToolTip("Chuyển mục lên (Ctrl+↑)")
        self.down_button = QPushButton("▼ Xuống", self)
        self.down_button.setToolTip("Chuyển mục xuống (Ctrl+↓)")
        self.add_button = QPushButton("Thêm mục tự do", self)
        self.add_button.setToolTip("Thêm một nội dung sau mục đang chọn (Insert)")
        self.delete_button = QPushButton("Xóa mục", self)
        self.delete_button.setToolTip("Xóa mục đang chọn (Delete)")
        self.standard_button = QPushButton("Tạo chương trình mẫu", self)
        self.standard_button.setToolTip("Chương trình trống: tạo đủ các mục chuẩn theo kế hoạch")
        self.insert_button = QPushButton("Chèn mục chuẩn ▸", self)
        self.insert_button.setToolTip("Chèn mục đang chọn trong bảng mục chuẩn (hoặc kéo thả, nhấp đúp)")
        self.signing_button = QPushButton("Đơn vị ký kết…", self)
        self.signing_button.setToolTip("Chọn các đơn vị lên ký kết giao ước thi đua trong mục này")
        self.signing_button.hide()  # shown while a covenant-signing item is selected
        edit_bar = flow_row(self, self.up_button, self.down_button, self.add_button, self.delete_button,
                            self.standard_button, self.signing_button)

        self.date_check = QCheckBox("Ghi ngà&y ban hành", self)
        self.date_check.setChecked(True)
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName("Ngày ban hành")
        self.preview_button = QPushButton("Xem trước chương trình", self)
        self.preview_script_button = QPushButton("Xem trước kịch bản", self)
        self.export_button = QPushButton("Xuất chương trình…", self)
        self.export_script_button = QPushButton("Xuất kịch bản…", self)
        self.wording_button = QPushButton("Lời dẫn…", self)
        self.wording_button.setToolTip("Sửa lời dẫn kịch bản của sự kiện này (Ctrl+Shift+L)")
        export_bar = flow_row(self, self.date_check, self.date_edit, self.wording_button,
                              self.preview_button, self.preview_script_button, self.export_button,
                              self.export_script_button, stretch_at=2)

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.palette)
        left_box.addWidget(self.insert_button)
        middle = QWidget(self)
        middle_box = QVBoxLayout(middle)
        middle_box.setContentsMargins(0, 0, 0, 0)
        middle_box.addWidget(edit_bar)
        middle_box.addWidget(self.table, 1)
        # The agenda and the speeches are two pages: on a 600-pixel screen, stacked,
        # each showed one or two rows and the speech buttons were cut.
        self.centre = QTabWidget(self)
        self.centre.setObjectName("agendaPages")
        self.centre.addTab(middle, "&1 Các mục của chương trình")
        self.centre.addTab(self.speeches, "&2 Tham luận và video")
        # The standard items and the findings share one side panel: on a 1024-pixel
        # screen three columns left the agenda's Nội dung about 50 pixels wide.
        self.side = QTabWidget(self)
        self.side.setObjectName("agendaSide")
        self.side.addTab(left, "Mục chuẩn")
        self.side.addTab(self.findings_list, "Kiểm tra")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.centre)
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(export_bar)

        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.model.edit_requested.connect(self.edit_item, Queued)
        self.model.move_requested.connect(self.move_item, Queued)
        self.model.insert_requested.connect(self.insert_standard, Queued)
        self.table.move_requested.connect(self.move_current)
        self.table.delete_requested.connect(self.delete_current)
        self.table.insert_requested.connect(self.insert_free)
        self.palette.insert_requested.connect(lambda kind: self.insert_standard(kind, self._after_current()))
        self.insert_button.clicked.connect(self._insert_from_palette)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.add_button.clicked.connect(self.insert_free)
        self.delete_button.clicked.connect(self.delete_current)
        self.standard_button.clicked.connect(self.fill_standard)
        self.start_edit.editingFinished.connect(self._frame_edited)
        self.minutes_edit.editingFinished.connect(self._frame_edited)
        self.findings_list.itemActivated.connect(self._finding_activated)
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        self.preview_button.clicked.connect(lambda: self.show_preview(False))
        self.preview_script_button.clicked.connect(lambda: self.show_preview(True))
        self.wording_button.clicked.connect(lambda: show_wording(self.session, self))
        self.signing_button.clicked.connect(self.choose_signing_units)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.export_button.clicked.connect(lambda: self.export(False))
        self.export_script_button.clicked.connect(lambda: self.export(True))

    def _empty_text(self) -> str:
        if self.session.db is None or not self.session.event_id:
            return "Chưa chọn sự kiện: chọn kế hoạch và sự kiện ở thanh trên cùng."
        return ("Chương trình còn trống.\nBấm “Tạo chương trình mẫu” để có đủ các mục chuẩn theo kế hoạch, "
                "hoặc chọn một mục chuẩn ở khung bên phải rồi bấm “Chèn mục chuẩn”.")

    # --- refresh ----------------------------------------------------------
    def refresh(self, *_args) -> None:
        """Reload agenda, palette, speeches and findings; keep the selected item."""
        current = self.current_item()
        db, event_id = self.session.db, self.session.event_id
        if db is None or not event_id:
            self.agenda = None
            self.model.set_agenda(None)
            self.palette.clear()
            self.findings_list.clear()
            self.speeches.load(db, None)
            self.clock_label.setText("Chưa chọn sự kiện.")
            self._enable(False)
            return
        self.agenda = svc.agenda(db, event_id)
        standard = svc.palette(db, event_id)
        self.model.editable = not self.session.readonly
        self.model.set_agenda(self.agenda, {s.kind: f"Mục chuẩn: {s.title}" for s in standard})
        self.palette.set_items(standard, {i.kind for i in self.agenda.items})
        self.speeches.load(db, event_id)
        self._show_findings(agenda_rules.event_findings(db, event_id))
        self._show_clock()
        self._enable(not self.session.readonly)
        self.standard_button.setVisible(not self.agenda.items)
        if current is not None:
            self.select_item(current.id)

    def _enable(self, on: bool) -> None:
        for w in (self.up_button, self.down_button, self.add_button, self.delete_button, self.standard_button,
                  self.insert_button, self.start_edit, self.minutes_edit, self.palette):
            w.setEnabled(on)
        has_event = self.agenda is not None
        for w in (self.preview_button, self.preview_script_button, self.export_button, self.export_script_button):
            w.setEnabled(has_event)

    def _show_clock(self) -> None:
        a = self.agenda
        for w in (self.start_edit, self.minutes_edit):
            w.blockSignals(True)
        self.start_edit.setTime(QTime(a.start // 60, a.start % 60))
        self.minutes_edit.setValue(a.event.session_minutes)
        for w in (self.start_edit, self.minutes_edit):
            w.blockSignals(False)
        end, limit = svc.format_clock(a.end), svc.format_clock(a.session_end)
        text = f"{len(a.items)} mục, {a.total_minutes} phút · kết thúc lúc <b>{end}</b> / hết buổi {limit}"
        if a.over_minutes:
            text += f" — <b>quá {a.over_minutes} phút</b>"
            colour = RED
        else:
            text += f" — còn {a.session_end - a.end} phút"
            colour = GREEN
        self.clock_label.setText(f"<span style='color:{colour}'>{text}</span>")
        self.clock_label.setProperty("over", bool(a.over_minutes))

    def _show_findings(self, findings) -> None:
        findings = sorted(findings, key=lambda f: f.severity != "error")  # errors first
        self.findings = findings
        self.findings_list.clear()
        errors = sum(f.severity == "error" for f in findings)
        self.side.setTabText(1, f"Kiểm tra ({len(findings)})" if findings else "Kiểm tra ✓")
        self.side.setTabToolTip(1, f"{errors} lỗi, {len(findings) - errors} lưu ý theo kế hoạch")
        if not findings:
            item = QListWidgetItem("✓ Chương trình đúng quy định của kế hoạch.")
            item.setForeground(QBrush(QColor(GREEN)))
            self.findings_list.addItem(item)
            return
        for f in findings:
            item = QListWidgetItem(("Lỗi: " if f.severity == "error" else "Lưu ý: ") + f.message)
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setForeground(QBrush(QColor(RED if f.severity == "error" else "#8d6e00")))
            self.findings_list.addItem(item)

    def _finding_activated(self, item: QListWidgetItem) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        for row_id in getattr(finding, "rows", ()):
            if self.model.row_of(row_id) >= 0:
                self.select_item(row_id)
                self.table.setFocus()
                return

    # --- selection --------------------------------------------------------
    def current_item(self) -> svc.AgendaItem | None:
        """The selected agenda item."""
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def select_item(self, item_id: int, column: int = COL_TITLE) -> None:
        """Select the row of an item."""
        row = self.model.row_of(item_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.selectRow(row)

    def _current_changed(self, *_args) -> None:
        item = self.current_item()
        self.signing_button.setVisible(item is not None and item.kind == "covenant")

    def choose_signing_units(self) -> None:
        """Pick the units signing the covenant in the selected item."""
        item = self.current_item()
        if item is not None and item.kind == "covenant" and not self.session.readonly:
            SigningUnitsDialog(self.session, item.id, self).exec()

    def _after_current(self) -> int:
        item = self.current_item()
        return item.position + 1 if item else self.model.rowCount() + 1

    # --- commands ---------------------------------------------------------
    def report(self, message: str) -> None:
        """Show a sentence under the agenda (errors of the last action)."""
        self.message.setText(message)

    def _push(self, command) -> bool:
        self.report("")
        if push(self.session, command, self.report):
            return True
        self.refresh()
        return False

    def edit_item(self, item_id: int, changes: dict) -> bool:
        """Validate an in-place edit, then apply it as an undoable command."""
        item = self.model.item(self.model.row_of(item_id))
        try:
            svc.clean_changes(self.session.db, self.session.event_id, changes)
        except UserError as exc:
            self.report(exc.message)
            self.refresh()
            return False
        return self._push(commands.EditItem(self.session, item_id, changes, item.title if item else ""))

    def move_item(self, item_id: int, position: int) -> bool:
        """Move an item to a 1-based position (drops and shortcuts end here)."""
        item = self.model.item(self.model.row_of(item_id))
        if item is None or item.position == position:
            return False
        ok = self._push(commands.MoveItem(self.session, item_id, position, item.title))
        self.select_item(item_id)
        return ok

    def move_current(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        item = self.current_item()
        if item is not None and 1 <= item.position + step <= self.model.rowCount():
            column = self.table.currentIndex().column()
            self.move_item(item.id, item.position + step)
            self.select_item(item.id, column)

    def insert_standard(self, kind: str, position: int) -> bool:
        """Insert a standard item of the palette at a 1-based position."""
        if not self.session.event_id or self.session.readonly:
            return False
        label = next((s.title for s in svc.palette(self.session.db, self.session.event_id) if s.kind == kind), kind)
        command = commands.InsertItem(self.session, self.session.event_id, position, kind, label=label)
        if self._push(command):
            self.select_item(command.item_id)
            return True
        return False

    def _insert_from_palette(self) -> None:
        entry = self.palette.currentItem()
        if entry is None:
            self.report("Hãy chọn một mục trong bảng mục chuẩn để chèn.")
            return
        self.insert_standard(entry.data(Qt.ItemDataRole.UserRole + 1), self._after_current())

    def insert_free(self) -> None:
        """Add a free item after the selected one and start typing its title."""
        if not self.session.event_id or self.session.readonly:
            return
        command = commands.InsertItem(self.session, self.session.event_id, self._after_current(), svc.FREE,
                                      "Nội dung mới")
        if self._push(command):
            self.select_item(command.item_id)
            self.table.edit(self.table.currentIndex())

    def delete_current(self) -> None:
        """Delete the selected item (undo brings it back)."""
        item = self.current_item()
        if item is not None and not self.session.readonly:
            row = self.model.row_of(item.id)
            self._push(commands.DeleteItem(self.session, item.id, item.title))
            if self.model.rowCount():
                self.table.selectRow(min(row, self.model.rowCount() - 1))

    def fill_standard(self) -> None:
        """An empty agenda gets every standard item of its form, as one undoable step."""
        if not self.session.event_id or self.model.rowCount():
            return
        stack = self.session.undo_stack
        stack.beginMacro("Tạo chương trình mẫu")
        try:
            for s in svc.palette(self.session.db, self.session.event_id):
                if not self._push(commands.InsertItem(self.session, self.session.event_id, None, s.kind,
                                                      label=s.title)):
                    break
        finally:
            stack.endMacro()

    def _frame_edited(self) -> None:
        if self.agenda is None or self.session.readonly:
            return
        start = self.start_edit.time().toString("HH:mm")
        minutes = self.minutes_edit.value()
        event = self.agenda.event
        if start == svc.format_clock(self.agenda.start) and minutes == event.session_minutes:
            return
        try:
            svc.parse_clock(start)
        except UserError as exc:
            self.report(exc.message)
            return
        self._push(commands.SetFrame(self.session, event.id, start, minutes))

    # --- documents --------------------------------------------------------
    def document_date(self) -> dt.date | None:
        """The issuing date for the place-and-date line (None: left blank to fill by hand)."""
        return self.date_edit.date().toPython() if self.date_check.isChecked() else None

    def show_preview(self, script: bool):
        """Preview the programme or the script."""
        if self.agenda is not None:
            return preview(self, self.session, script, self.document_date())
        return None

    def print_preview(self, script: bool):
        """In chương trình / kịch bản: Qt's print preview of the document."""
        from thidua_desktop.gui.printing import preview_programme

        if self.agenda is None:
            return None
        return preview_programme(self, self.session, script, self.document_date())

    def export(self, script: bool) -> Path | None:
        """Save the programme or the script (.pdf or .docx) where the officer chooses."""
        if self.agenda is None:
            return None
        folder = self.session.db_path.parent if self.session.db_path else Path.home()
        out = save_dialog(self, self.session, script, self.document_date(), folder)
        if out is not None:
            self.report("")
            self.clock_label.setToolTip(f"Đã lưu {out}")
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(f"Đã lưu “{out}”.", 8000)
            offer_open(self, out, f"Đã lưu {'kịch bản' if script else 'chương trình'} vào “{out}”.")
        return out
