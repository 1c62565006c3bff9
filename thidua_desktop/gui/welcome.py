"""What the window shows when the open file holds no plan yet: the recent files and the next step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME

MAX_SHOWN = 8


class WelcomePage(QWidget):
    """Open a recent file, make a plan from a template, the demo, another file."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(f"<h2>Chào mừng đến với {APP_NAME}</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.text = QLabel(self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.recent_label = QLabel("Tệp đã mở &gần đây (Enter để mở):", self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentFiles")
        self.recent.setAccessibleName("Tệp đã mở gần đây")
        self.recent.setMaximumWidth(720)
        self.recent.setMaximumHeight(180)
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(lambda item: window.open_path(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.recent, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.new_button = QPushButton("&Tạo kế hoạch mới từ mẫu… (Ctrl+N)", self)
        self.demo_button = QPushButton("Mở &dữ liệu mẫu: Hớn Quản 2025", self)
        self.open_button = QPushButton("&Mở tệp dữ liệu khác… (Ctrl+O)", self)
        self.new_button.clicked.connect(window.new_from_template)
        self.demo_button.clicked.connect(window.open_demo)
        self.open_button.clicked.connect(window.open_file_dialog)
        for button in (self.new_button, self.demo_button, self.open_button):
            button.setMinimumWidth(min(360, button.sizeHint().width() + 40))
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_recent(self, paths: list[str], current: Path | None) -> None:
        """List the recent files that still exist, except the one open."""
        self.recent.clear()
        for text in paths:
            path = Path(text)
            if current is not None and path == current or not path.exists():
                continue
            item = QListWidgetItem(f"{path.name}   —   {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
            if self.recent.count() >= MAX_SHOWN:
                break
        shown = self.recent.count() > 0
        self.recent.setVisible(shown)
        self.recent_label.setVisible(shown)
        if shown:
            self.recent.setCurrentRow(0)

    def set_file(self, path) -> None:
        """Say which file is open (or that none is) and what to do next."""
        if path is None:
            self.text.setText("Chưa mở tệp dữ liệu nào. Mở một tệp đã dùng ở dưới, tạo kế hoạch mới "
                              "từ mẫu, hoặc xem thử dữ liệu mẫu.")
        else:
            self.text.setText(
                f"Tệp “{path}” chưa có kế hoạch nào. Bước tiếp theo: tạo kế hoạch từ một mẫu "
                "(các kế hoạch mẫu lấy từ văn bản thật), rồi nhập danh sách đại biểu các đơn vị gửi lên. "
                "Cũng có thể mở một tệp đã dùng, hoặc xem thử dữ liệu mẫu.")
