"""Small dialogs of the Hồ sơ tab: a document received (date, files, note), one to be fixed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.gui.widgets.buttons import ok_cancel  # noqa: F401 - re-exported
from thidua_desktop.gui.widgets.dates import date_edit, from_qdate, to_qdate  # noqa: F401 - re-exported

DOCUMENT_FILTER = ("Văn bản, bản quét (*.pdf *.doc *.docx *.xls *.xlsx *.jpg *.jpeg *.png *.tif *.tiff *.zip);;"
                   "Mọi tệp (*)")


class ReceiveDialog(QDialog):
    """Đã nộp: the date the documents arrived, the files received, an optional note."""

    def __init__(self, what: str, received_on: dt.date | None = None, parent=None, start_dir: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Ghi nhận hồ sơ đã nộp")
        self.start_dir = start_dir
        self.date = date_edit(self, received_on or dt.date.today())
        self.date.setAccessibleName("Ngày nhận")
        self.files = QListWidget(self)
        self.files.setAccessibleName("Tệp đính kèm")
        self.files.setMinimumHeight(90)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("không bắt buộc, ví dụ: nhận bản giấy qua văn thư")
        add = QPushButton("&Thêm tệp…", self)
        drop = QPushButton("&Bỏ tệp", self)
        add.clicked.connect(self.pick_files)
        drop.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(drop)
        buttons_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Ngày nhận:", self.date)
        form.addRow("Tệp nhận được:", self.files)
        form.addRow("", buttons_row)
        form.addRow("Ghi chú:", self.note)
        label = QLabel(what, self)
        label.setWordWrap(True)
        buttons = ok_cancel(self, "Ghi nhận")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_screen(self, 520, 320)

    def pick_files(self) -> None:
        """Choose the received files (copies are kept beside the database)."""
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp hồ sơ nhận được", self.start_dir, DOCUMENT_FILTER)
        self.add_files(paths)

    def add_files(self, paths) -> None:
        """Add files to the list (each once)."""
        present = set(self.chosen_files())
        for path in paths:
            if str(path) not in present:
                self.files.addItem(str(path))
                present.add(str(path))

    def chosen_files(self) -> list[str]:
        """The files in the list."""
        return [self.files.item(i).text() for i in range(self.files.count())]

    def values(self) -> tuple[str, list[Path], str]:
        """(received on ISO, files, note)."""
        return (from_qdate(self.date.date()).isoformat(), [Path(p) for p in self.chosen_files()],
                self.note.text().strip())


class NeedsFixDialog(QDialog):
    """Cần bổ sung: what is wrong (required), and when the documents arrived."""

    def __init__(self, what: str, received_on: dt.date | None = None, note: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Hồ sơ cần bổ sung")
        self.date = date_edit(self, received_on or dt.date.today())
        self.note = QPlainTextEdit(self)
        self.note.setPlainText(note)
        self.note.setPlaceholderText("Ví dụ: Thiếu chữ ký, đóng dấu của lãnh đạo đơn vị")
        self.note.setAccessibleName("Cần bổ sung gì")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #8A1C24")
        form = QFormLayout()
        form.addRow("Ngày nhận:", self.date)
        form.addRow("Cần bổ sung gì:", self.note)
        label = QLabel(what, self)
        label.setWordWrap(True)
        buttons = ok_cancel(self, "Ghi nhận")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 260)

    def accept(self) -> None:
        """Close only with a note saying what to fix."""
        if not self.note.toPlainText().strip():
            self.error.setText("Hãy ghi hồ sơ cần bổ sung những gì để báo lại đơn vị.")
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        """(received on ISO, note)."""
        return from_qdate(self.date.date()).isoformat(), " ".join(self.note.toPlainText().split())
