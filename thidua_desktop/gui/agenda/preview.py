"""Preview of the programme or script before saving: the PDF's pages as images.

Pages are drawn with QtPdf when this PySide6 build has it, else with poppler's
pdftoppm; without either, the PDF opens in the system's viewer.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.export.program_export import export_program
from thidua_desktop.gui.screen_fit import fraction_of_screen
from thidua_desktop.services import repository

DPI = 80


def page_images(pdf: Path, dpi: int = DPI, page: int | None = None) -> list[QImage]:
    """Every page of `pdf` (or only page `page`, 0-based) as an image ([] when nothing can draw PDFs here)."""
    try:
        from PySide6.QtPdf import QPdfDocument  # not in every PySide6 build
    except ImportError:
        QPdfDocument = None  # noqa: N806
    if QPdfDocument is not None:
        document = QPdfDocument()
        document.load(str(pdf))
        images = []
        for number in range(document.pageCount()) if page is None else (page,):
            size = document.pagePointSize(number) * dpi / 72
            images.append(document.render(number, size.toSize()))
        return images
    if shutil.which("pdftoppm") is None:
        return []
    which = [] if page is None else ["-f", str(page + 1), "-l", str(page + 1)]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *which, str(pdf), str(Path(folder) / "page")],
                       check=True, capture_output=True, timeout=60)
        return [QImage(str(p)) for p in sorted(Path(folder).glob("page-*.png"))]


def default_name(db, event_id: int, script: bool, suffix: str) -> str:
    """"chuong-trinh-dh-hon-quan.pdf" / "kich-ban-dh-hon-quan.docx"."""
    code = repository.event(db, event_id).code
    return f"{'kich-ban' if script else 'chuong-trinh'}-{code}{suffix}"


def save_dialog(parent, session, script: bool, date: dt.date | None, folder: Path) -> Path | None:
    """Ask where to save, then write the document; a sentence on failure."""
    name = default_name(session.db, session.event_id, script, ".pdf")
    path, _ = QFileDialog.getSaveFileName(
        parent, "Lưu kịch bản điều hành" if script else "Lưu chương trình", str(folder / name),
        "Tệp PDF (*.pdf);;Tệp Word (*.docx)")
    if not path:
        return None
    try:
        return export_program(session.db, session.event_id, path, script=script, date=date)
    except UserError as exc:
        QMessageBox.warning(parent, APP_NAME, exc.message)
        return None


class PreviewDialog(QDialog):
    """The pages of a freshly written PDF, with Save and Open buttons."""

    def __init__(self, session, script: bool, date: dt.date | None, parent=None):
        super().__init__(parent)
        self.session, self.script, self.date = session, script, date
        self.setWindowTitle("Xem trước kịch bản điều hành" if script else "Xem trước chương trình")
        self._folder = tempfile.TemporaryDirectory()
        self.pdf = Path(self._folder.name) / default_name(session.db, session.event_id, script, ".pdf")
        export_program(session.db, session.event_id, self.pdf, script=script, date=date)
        self.images = page_images(self.pdf)
        pages = QWidget(self)
        column = QVBoxLayout(pages)
        for number, image in enumerate(self.images, start=1):
            label = QLabel(pages)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setToolTip(f"Trang {number}")
            label.setStyleSheet("background: white; border: 1px solid #999;")
            column.addWidget(label)
        scroll = QScrollArea(self)
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("background: #888;")
        self.save_button = QPushButton("&Lưu…", self)
        self.open_button = QPushButton("&Mở bằng trình xem PDF", self)
        close = QPushButton("Đó&ng", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(f"{len(self.images)} trang", self))
        bar.addStretch(1)
        for button in (self.save_button, self.open_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(bar)
        self.save_button.clicked.connect(self._save)
        self.open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf))))
        close.clicked.connect(self.reject)
        # An A4 page's width and as tall as the screen allows (it was 900 px: Lưu fell below 600).
        page = self.images[0].width() if self.images else 660
        fraction_of_screen(self, 1.0, 0.92, QSize(page + 100, 1000))

    def _save(self) -> None:
        folder = self.session.db_path.parent if self.session.db_path else Path.home()
        if save_dialog(self, self.session, self.script, self.date, folder):
            self.accept()

    def done(self, result: int) -> None:  # noqa: D102 - Qt override: drop the temporary PDF
        super().done(result)
        self._folder.cleanup()


def preview(parent, session, script: bool, date: dt.date | None) -> PreviewDialog | None:
    """Show the preview dialog, or open the PDF in the system viewer when pages cannot be drawn."""
    try:
        dialog = PreviewDialog(session, script, date, parent)
    except UserError as exc:
        QMessageBox.warning(parent, APP_NAME, exc.message)
        return None
    if not dialog.images:
        # The dialog's folder goes away with it: the viewer gets a copy that stays.
        kept = Path(tempfile.mkdtemp(prefix="thidua-")) / dialog.pdf.name
        shutil.copyfile(dialog.pdf, kept)
        dialog.deleteLater()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(kept)))
        return None
    dialog.open()
    return dialog
