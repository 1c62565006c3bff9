"""What the window shows when the open file holds no plan yet (the first run)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from thidua_desktop import APP_NAME


class WelcomePage(QWidget):
    """Three ways to start: a plan from a template, the demo, another file."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(f"<h2>Chào mừng đến với {APP_NAME}</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.text = QLabel(self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.new_button = QPushButton("Tạo kế hoạch mới từ mẫu… (Ctrl+N)", self)
        self.demo_button = QPushButton("Mở dữ liệu mẫu: Hớn Quản 2025", self)
        self.open_button = QPushButton("Mở tệp dữ liệu khác… (Ctrl+O)", self)
        self.new_button.clicked.connect(window.new_from_template)
        self.demo_button.clicked.connect(window.open_demo)
        self.open_button.clicked.connect(window.open_file_dialog)
        for button in (self.new_button, self.demo_button, self.open_button):
            button.setMinimumWidth(360)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_file(self, path) -> None:
        """Say which file is open (or that none is)."""
        if path is None:
            self.text.setText("Chưa mở tệp dữ liệu nào.")
        else:
            self.text.setText(
                f"Tệp “{path}” chưa có kế hoạch nào. Hãy tạo kế hoạch từ một mẫu "
                "(các kế hoạch mẫu lấy từ văn bản thật), xem thử dữ liệu mẫu, hoặc mở tệp khác.")
