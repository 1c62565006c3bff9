"""Khách mời…: the current event's guest list (guests who are not a unit's delegates), edited in a table.

Four columns (Họ và tên, Chức vụ, Cơ quan, Địa chỉ). Rows are typed, pasted
from Excel or Word (Ctrl+V in the table, or the button) or imported from a
workbook (services/event_guests reads it through the bounded readers). Pasted
and imported rows are merged into the table (`event_guests.merge`): a guest
already listed (same name and agency) keeps its row, id and seat and takes
the new position and address; the others are appended.
"Lưu" checks every row and stores the whole list as one undoable step; a
refused row is said under the table and nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import UserError
from thidua_desktop.gui.screen_fit import fraction_of_screen
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import event_guests as eg
from thidua_desktop.services import seating, seating_board

WORKBOOKS = "Bảng tính (*.xlsx *.xls *.ods *.csv)"


class GuestsCommand(AppliedCommand):
    """Store an event's guest list; undo puts the previous list back (same rows, same ids) and
    the seats a removed guest lost (guest_seats cascades)."""

    area = "guests"

    def __init__(self, session, event_id: int, guests: list[eg.Guest]):
        super().__init__(session, "Sửa danh sách khách mời")
        self.event_id, self.new = event_id, list(guests)
        self.old: list[eg.Guest] = []
        self.seats: dict = {}

    def _do(self) -> None:
        self.seats = seating.seats(self.db, self.event_id)
        self.old = eg.replace_guests(self.db, self.event_id, self.new)
        self.new = eg.guests(self.db, self.event_id)  # with their ids: a redo gives back the same rows

    def _undo(self) -> None:
        eg.replace_guests(self.db, self.event_id, self.old)
        seating_board.restore(self.db, self.event_id, self.seats)


class _GuestTable(QTableWidget):
    """The table; Ctrl+V (the platform's paste key) asks the dialog to paste rows."""

    paste_requested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Paste) and self.state() != self.State.EditingState:
            self.paste_requested.emit()
            return
        super().keyPressEvent(event)


class GuestsDialog(QDialog):
    """The event's guests in a table; `command` is set when the list was saved."""

    def __init__(self, session, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.event_id = session, event_id
        self.command: GuestsCommand | None = None
        self.setWindowTitle("Khách mời của sự kiện")
        intro = QLabel("Những người được mời dự ngoài các đoàn đại biểu. Họ nhận giấy mời, phong bì và "
                       "nhãn địa chỉ cùng các đại biểu. Dán các dòng từ Excel hoặc Word (Ctrl+V) hoặc "
                       "nhập từ tệp bảng tính.", self)
        intro.setWordWrap(True)
        self.table = _GuestTable(0, len(eg.FIELDS), self)
        self.table.setAccessibleName("Danh sách khách mời")
        self.table.setHorizontalHeaderLabels([eg.LABELS[f] for f in eg.FIELDS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((170, 150, 170)):
            self.table.setColumnWidth(col, width)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.paste_requested.connect(self.paste)
        buttons = QHBoxLayout()
        for text, slot in (("&Thêm dòng", self.add_row), ("&Xóa dòng", self.remove_rows),
                           ("&Dán từ Excel, Word", self.paste), ("&Nhập từ tệp…", self.import_file)):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, slot=slot: slot())  # not the "checked" flag as argument
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = error_label(self)
        self.note = QLabel(self)  # what the last paste or import did (not a refusal: not red)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Kết quả nhập")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        for guest in eg.guests(session.db, event_id):
            self._append(guest)
        # 820 x 450 on a 1024 x 600 laptop; wider on a large screen so addresses show whole.
        fraction_of_screen(self, 0.8, 0.75, QSize(1300, 700))

    # --- rows ----------------------------------------------------------------------------
    def _append(self, guest: eg.Guest) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, field in enumerate(eg.FIELDS):
            item = QTableWidgetItem(getattr(guest, field))
            if col == 0:
                item.setData(Qt.ItemDataRole.UserRole, guest.id)
            self.table.setItem(row, col, item)

    def rows(self) -> list[dict]:
        """The table as raw values (checked when saved); rows left wholly empty are dropped."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, col) for col in range(len(eg.FIELDS))]
            values = {f: (c.text() if c else "") for f, c in zip(eg.FIELDS, cells, strict=True)}
            if any(v.strip() for v in values.values()):
                values["id"] = cells[0].data(Qt.ItemDataRole.UserRole) if cells[0] else None
                out.append(values)
        return out

    def add_row(self) -> None:
        """An empty row, its name cell being edited."""
        self._append(eg.Guest(""))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_rows(self) -> None:
        """Take the selected rows out of the table (saved with Lưu)."""
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def add_guests(self, guests: list[eg.Guest]) -> None:
        """Merge rows (paste, import) into the table: a listed guest's row is updated in place (it
        keeps its id, hence its seat), the others are appended after the filled rows; says what
        was done. Nothing is saved until Lưu."""
        listed = [eg.Guest(**r) for r in self.rows()]
        result = eg.merge(listed, guests)  # a sentence (nothing changed) when the list would be too long
        self.table.setRowCount(0)
        for guest in result.guests:
            self._append(guest)
        self._say("")
        self.note.setText(f"Đã thêm vào bảng: {result.summary()}. Bấm Lưu để ghi.")
        self.note.show()

    def paste(self, text: str | None = None) -> None:
        """Rows copied in Excel or Word (the clipboard's text unless given)."""
        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            self.add_guests(eg.parse_pasted(text))
        except UserError as exc:
            self.note.hide()
            self._say(f"Không dán được: {exc.message}")

    def import_file(self, path: str | None = None) -> None:
        """Rows of a workbook's first sheet (asks for the file unless given)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Nhập danh sách khách mời", "", WORKBOOKS)
            if not path:
                return
        try:
            self.add_guests(eg.read_guests_workbook(path))
        except UserError as exc:
            self.note.hide()
            self._say(exc.message)

    def accept(self) -> None:
        """Save the list as one undoable step; on a refused row say why and stay open."""
        rows = self.rows()
        if [eg.Guest(**r) for r in rows] == eg.guests(self.session.db, self.event_id):
            super().accept()
            return
        command = GuestsCommand(self.session, self.event_id, [eg.Guest(**r) for r in rows])
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def show_guests(session, parent: QWidget | None = None) -> bool:
    """Open the guest list of the current event; True when something was saved."""
    if session.db is None or not session.event_id or session.readonly:
        return False
    dialog = GuestsDialog(session, session.event_id, parent)
    return bool(dialog.exec() and dialog.command)
