"""The door: a window (full screen with F11) where a scanned code or a typed name marks presence.

A USB scanner types the badge code and Enter, like a keyboard: the line
edit takes it, `event_day.lookup` finds the delegate, and a command marks
them present in one transaction; the banner says who (green), that they
were already in (amber) or that nothing matched (red). Several matches fill
the candidate list; Enter or a double click there picks one. The counts of
present against listed and quota, in all, per delegation and per category,
refresh after each mark. The door keeps its own undo stack: "Hủy ghi nhận"
(Ctrl+Z) takes back the last mark without refreshing the main window's tabs
at every scan. The view is thin: the services decide, it shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.undo import AppliedCommand, push
from thidua_desktop.services import event_day, repository

GREEN, AMBER, RED = "#1B5E20", "#E65100", "#B71C1C"


class _Door:
    """What AppliedCommand needs of a session: the database, and whom to tell of a change."""

    def __init__(self, db, on_change, on_report):
        self.db = db
        self._on_change, self._on_report = on_change, on_report
        self.undo_stack = None  # the door's own stack, set by the window

    def notify_data_changed(self, _what: str = "") -> None:
        self._on_change()

    def report(self, message: str) -> None:
        """A step that could not be undone or redone: said in the door's banner."""
        self._on_report(message)


class CheckinCommand(AppliedCommand):
    """Mark one delegate present (undo: take the mark back)."""

    area = "checkins"

    def __init__(self, door: _Door, delegate_id: int, door_name: str, substitute: str = ""):
        super().__init__(door, "Ghi nhận có mặt")
        self.delegate_id, self.door_name, self.substitute = delegate_id, door_name, substitute
        self.new = False

    def _do(self) -> None:
        self.new = event_day.mark_present(self.db, self.delegate_id, self.door_name, self.substitute)

    def _undo(self) -> None:
        if self.new:
            event_day.undo_present(self.db, self.delegate_id)


class CheckinWindow(QWidget):
    """The check-in view of one event; `closed` is emitted when the door closes it."""

    closed = Signal()

    def __init__(self, db, event_id: int, door_name: str = "", parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.event_id = db, event_id
        self.door = _Door(db, self.refresh_counts, lambda text: self._say(text, RED))
        self.undo_stack = QUndoStack(self)
        self.door.undo_stack = self.undo_stack
        self.last: event_day.Candidate | None = None
        event = repository.event(db, event_id)
        self.setWindowTitle(f"Điểm danh - {event.name}")
        self.resize(1024, 600)
        self._build(event.name, door_name)
        self.refresh_counts()

    def _build(self, event_name: str, door_name: str) -> None:
        title = QLabel(" ".join(event_name.split()), self)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        self.door_edit = QLineEdit(door_name, self)
        self.door_edit.setPlaceholderText("Tên cửa, ví dụ “Cửa 1”")
        self.door_edit.setMaximumWidth(160)
        self.door_edit.setAccessibleName("Tên cửa")
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(QLabel("Cửa:", self))
        top.addWidget(self.door_edit)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText("Quét mã thẻ hoặc gõ họ tên (không cần dấu) rồi nhấn Enter")
        self.entry.setAccessibleName("Mã thẻ hoặc họ tên")
        self.entry.setMaxLength(event_day.QUERY_MAX)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        self.entry.setFont(big)
        self.entry.returnPressed.connect(self.submit)
        self.banner = QLabel("Sẵn sàng.", self)
        self.banner.setFont(big)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(64)
        self.total = QLabel(self)
        self.total.setProperty("no_accelerator", True)  # live figures, not a caption
        self.banner.setProperty("no_accelerator", True)
        self.total.setFont(big)
        self.candidates = QListWidget(self)
        self.candidates.setAccessibleName("Các đại biểu khớp")
        self.candidates.itemActivated.connect(self._pick)
        listing = QFont(self.font())
        listing.setPointSizeF(listing.pointSizeF() * 1.25)
        self.candidates.setFont(listing)
        self.counts = QTableWidget(0, 4, self)
        self.counts.setHorizontalHeaderLabels(["Đoàn / thành phần", "Có mặt", "Danh sách", "Chỉ tiêu"])
        self.counts.verticalHeader().setVisible(False)
        self.counts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.substitute_button = QPushButton("Người dự &thay…", self)
        self.substitute_button.clicked.connect(self.record_substitute)
        self.undo_button = QPushButton("&Hủy ghi nhận vừa rồi", self)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.full_button = QPushButton("Toàn màn hình (F11)", self)
        self.full_button.clicked.connect(self.toggle_full_screen)
        QShortcut(QKeySequence("F11"), self, self.toggle_full_screen)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_stack.undo)
        left = QVBoxLayout()
        left.addWidget(self.entry)
        left.addWidget(self.banner)
        left.addWidget(QLabel("Các đại biểu khớp (chọn rồi nhấn Enter):", self))
        left.addWidget(self.candidates, 1)
        buttons = QHBoxLayout()
        for button in (self.substitute_button, self.undo_button, self.full_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.total)
        right.addWidget(self.counts, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.entry.setFocus()

    # --- actions ------------------------------------------------------
    def submit(self) -> None:
        """Look up what was typed or scanned; mark one, list several, say none."""
        text = self.entry.text()
        self.entry.clear()
        self.candidates.clear()
        try:
            found = event_day.lookup(self.db, self.event_id, text)
        except UserError as exc:
            self._say(exc.message, RED)
            return
        if found.found is not None:
            self.mark(found.found)
        elif not found.candidates:
            self._say(f"Không tìm thấy đại biểu nào khớp với “{text.strip()}”.", RED)
        else:
            for c in found.candidates:
                item = QListWidgetItem(f"{c.name} - {c.unit} ({c.category})  [{c.badge_code}]"
                                       + ("  - đã có mặt" if c.present_at else ""))
                item.setData(Qt.ItemDataRole.UserRole, c.delegate_id)
                self.candidates.addItem(item)
            self.candidates.setCurrentRow(0)
            self._say(f"Có {len(found.candidates)} đại biểu khớp; hãy chọn trong danh sách.", AMBER)
            self.candidates.setFocus()

    def _pick(self, item: QListWidgetItem) -> None:
        self.mark(event_day.candidate(self.db, item.data(Qt.ItemDataRole.UserRole)))
        self.candidates.clear()
        self.entry.setFocus()

    def mark(self, who: event_day.Candidate, substitute: str = "") -> bool:
        """Mark a delegate present through the door's undo stack; the banner says what happened."""
        command = CheckinCommand(self.door, who.delegate_id, self.door_edit.text(), substitute)
        if not push(self.door, command, lambda text: self._say(text, RED)):
            return False
        self.last = who
        if command.new:
            self._say(f"Đã ghi nhận: {who.name} - {who.unit} ({who.category})", GREEN)
        else:
            self._say(f"{who.name} đã có mặt từ {who.present_at[11:16]}.", AMBER)
        return command.new

    def record_substitute(self) -> None:
        """Record who came in the last delegate's place."""
        if self.last is None:
            QMessageBox.information(self, APP_NAME, "Hãy ghi nhận đại biểu được thay trước.")
            return
        name, ok = QInputDialog.getText(self, APP_NAME, f"Họ tên người dự thay {self.last.name}:")
        if ok and name.strip():
            try:
                event_day.mark_present(self.db, self.last.delegate_id, self.door_edit.text(), name)
            except UserError as exc:
                self._say(exc.message, RED)
                return
            self._say(f"Đã ghi người dự thay {self.last.name}: {name.strip()}", GREEN)
        self.entry.setFocus()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.closed.emit()
        super().closeEvent(event)

    def toggle_full_screen(self) -> None:
        """F11: full screen and back."""
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _say(self, text: str, colour: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: white; background: {colour}; padding: 6px;")

    def refresh_counts(self) -> None:
        """Present against listed and quota: in all, per delegation, per category."""
        counts = event_day.attendance(self.db, self.event_id)
        quota = f" (chỉ tiêu {counts.quota})" if counts.quota else ""
        self.total.setText(f"Có mặt: {counts.present} / {counts.expected}{quota}")
        rows = [("THEO THÀNH PHẦN", None), *[(r, 1) for r in counts.by_category],
                ("THEO ĐOÀN", None), *[(r, 1) for r in counts.by_unit]]
        self.counts.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for index, (row, kind) in enumerate(rows):
            if kind is None:
                values = [row, "", "", ""]
            else:
                values = [row.label, str(row.present), str(row.expected), "" if row.quota is None else str(row.quota)]
            for col, value in enumerate(values):
                item = self.counts.item(index, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.counts.setItem(index, col, item)
                item.setText(value)
                item.setFont(bold if kind is None else self.font())
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
