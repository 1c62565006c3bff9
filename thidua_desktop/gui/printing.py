"""Print and print preview from inside the window (QPrintPreviewDialog).

Documents the app writes as PDF (programme, script) are printed page by
page from their rendered images, so the paper matches the PDF; tables (the
roster) are printed from HTML through QTextDocument.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.screen_fit import fraction_of_screen

PRINT_DPI = 150  # sharp enough on paper, small enough to keep in memory for a long script


def _dialog(parent, title: str, printer: QPrinter) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    fraction_of_screen(dialog, 0.9, 0.92)
    return dialog


def paint_images(printer: QPrinter, images) -> None:
    """One image per page, scaled to the printable area, centred."""
    painter = QPainter(printer)
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            area.moveTo(0, 0)
            size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF((area.width() - size.width()) / 2, 0, size.width(), size.height())
            painter.drawImage(target, image)
    finally:
        painter.end()


def preview_pdf(parent, title: str, pdf: Path, open_now: bool = True) -> QPrintPreviewDialog | None:
    """Print preview of a PDF's pages; None (with a sentence) when pages cannot be drawn here."""
    from thidua_desktop.gui.agenda.preview import page_images

    images = page_images(pdf, PRINT_DPI)
    if not images:
        QMessageBox.warning(parent, APP_NAME, "Máy này không vẽ được trang PDF để in; hãy xuất tệp PDF "
                            "rồi in từ trình xem PDF.")
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    dialog = _dialog(parent, title, printer)
    dialog.paintRequested.connect(lambda p: paint_images(p, images))
    if open_now:
        dialog.open()
    return dialog


def preview_html(parent, title: str, html: str, landscape: bool = False,
                 open_now: bool = True) -> QPrintPreviewDialog:
    """Print preview of an HTML document (a table), A4."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    document = QTextDocument(parent)
    document.setHtml(html)
    dialog = _dialog(parent, title, printer)
    dialog.paintRequested.connect(document.print_)
    if open_now:
        dialog.open()
    return dialog


def preview_programme(parent, session, script: bool, date) -> QPrintPreviewDialog | None:
    """In chương trình / kịch bản: the document as exported, in print preview."""
    from thidua_desktop.export.program_export import export_program
    from thidua_desktop.gui.agenda.preview import default_name

    title = "In kịch bản điều hành" if script else "In chương trình"
    with tempfile.TemporaryDirectory(prefix="thidua-in-") as folder:
        pdf = Path(folder) / default_name(session.db, session.event_id, script, ".pdf")
        try:
            export_program(session.db, session.event_id, pdf, script=script, date=date)
        except UserError as exc:
            QMessageBox.warning(parent, APP_NAME, exc.message)
            return None
        return preview_pdf(parent, title, pdf)
