"""Trợ giúp: the list of keyboard shortcuts, read from the window's own menus.

The list is built from the actions themselves, so it cannot drift from what
the keys really do.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.gui.widgets.buttons import ok_cancel

# Keys that are not menu actions: what the views and the window do by themselves.
GENERAL_KEYS = (
    ("Ctrl+Tab", "Rời bảng, sang ô kế tiếp (Tab trong bảng đi giữa các ô)"),
    ("Ctrl+Shift+Tab", "Rời bảng, về ô trước"),
    ("Ctrl+PgDown / Ctrl+PgUp", "Sang thẻ kế tiếp / thẻ trước"),
    ("F2", "Sửa ô đang chọn"),
    ("Alt+chữ gạch chân", "Đến ô nhập hoặc nút có chữ đó"),
    ("Esc", "Đóng hộp thoại, bỏ thay đổi đang gõ"),
)


GUIDE = (
    "<ol>"
    "<li><b>Tạo kế hoạch</b>: Tệp › Mới từ mẫu (Ctrl+N), chọn mẫu, đơn vị tổ chức và các đơn vị.</li>"
    "<li><b>Nhập danh sách đại biểu</b> các đơn vị gửi lên: Tệp › Nhập danh sách (Ctrl+I), "
    "xem trước rồi bấm Nhập; dán từ Excel/Word vào thẻ Đại biểu cũng được (Ctrl+V).</li>"
    "<li><b>Sửa các điểm chưa đúng quy định</b>: thẻ Đại biểu (Ctrl+2), bảng Quy định bên phải; "
    "bấm đúp một dòng để chọn các đại biểu liên quan.</li>"
    "<li><b>Xuất danh sách trích ngang</b>: trình đơn Xuất (Ctrl+Shift+L).</li>"
    "<li><b>Lập chương trình</b>: thẻ Chương trình (Ctrl+3); Ctrl+↑/↓ đổi thứ tự, Insert thêm, "
    "Delete xóa; xem trước và xuất ở trình đơn Xuất.</li>"
    "<li><b>Theo dõi hồ sơ</b>: thẻ Hồ sơ (Ctrl+4) › Bắt đầu đợt mới, nhắc nộp (Ctrl+Shift+R).</li>"
    "<li><b>Theo dõi tiến độ</b>: thẻ Tiến độ kế hoạch (Ctrl+1); đổi Ngày tổ chức ở thanh trên "
    "(gõ ngày rồi Tab hoặc Enter).</li>"
    "</ol>Mọi thay đổi đều hoàn tác được (Ctrl+Z). Danh sách phím tắt: F1."
)


def tab_shortcuts(window) -> list[tuple[str, str, str]]:
    """(tab, action, keys) for the shortcuts that work inside one tab."""
    rows = []
    window.build_all_tabs()  # tabs are built when first shown: list them all
    for index in range(window.tabs.count()):
        tab = window.tabs.widget(index)
        name = _plain(window.tabs.tabText(index))
        for widget in [tab, *tab.findChildren(QWidget)]:
            for action in widget.actions():
                if not action.shortcut().isEmpty() and action.text():
                    keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                     for k in action.shortcuts())
                    rows.append((f"Thẻ {name}", _plain(action.text()).rstrip("…"), keys))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_shortcuts(window) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action that has a shortcut, in menu order."""
    rows = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {_plain(action.menu().title())}")
            elif not action.shortcut().isEmpty() and not action.isSeparator():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                rows.append((path, _plain(action.text()).rstrip("…"), keys))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu(), _plain(action.menu().title()))
    return rows


class ShortcutsDialog(QDialog):
    """Trợ giúp > Phím tắt: every shortcut of the menus, then the keys of the views."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Phím tắt")
        rows = [(menu, text, keys) for menu, text, keys in menu_shortcuts(window)]
        rows += tab_shortcuts(window)
        rows += [("Chung", text, keys) for keys, text in GENERAL_KEYS]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Trình đơn", "Việc", "Phím"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = ok_cancel(self, "Đóng")
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 640)
