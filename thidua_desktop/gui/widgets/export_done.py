"""After an export: say where the file went and offer to open it or show its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from thidua_desktop import APP_NAME

OPEN_FILE, OPEN_FOLDER = "Mở &tệp", "Mở thư &mục chứa tệp"


def open_url(path: Path) -> bool:
    """Open a file or folder with the system's program (a seam the tests replace)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_open(parent: QWidget, path: Path, text: str) -> QMessageBox:
    """A window-modal, non-blocking box: Mở tệp / Mở thư mục chứa tệp / Đóng."""
    path = Path(path)
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("exportDone")
    open_file = box.addButton(OPEN_FILE, QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(OPEN_FOLDER, QMessageBox.ButtonRole.ActionRole)
    box.addButton("Đó&ng", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_file)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen(button) -> None:
        if button is open_file:
            open_url(path)
        elif button is open_folder:
            open_url(path.parent)

    box.buttonClicked.connect(chosen)
    box.open()
    return box
