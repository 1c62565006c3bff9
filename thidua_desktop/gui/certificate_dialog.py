"""In giấy khen: choose the blank and the printer, move the fields in millimetres, calibrate, preview, print.

A thin view over export/certificate_layouts.py and export/award_certificates.py:
the offsets are saved per layout and per printer in the file (one Ctrl+Z
step each), the printers are those Qt sees (QPrinterInfo) plus those already
saved. The preview on the right draws the page to scale with the first
certificate's texts where they will print, and moves as the offsets change;
"Xem trước khi in" shows the real pages, printed full-page (from the paper's
edge, as the layout measures) on the chosen printer.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.export import award_certificates as cert
from thidua_desktop.export.state_format import MOTTO_1, MOTTO_2
from thidua_desktop.gui.screen_fit import fit_to_screen, fraction_of_screen
from thidua_desktop.gui.undo import AppliedCommand, push
from thidua_desktop.services import awards_service as svc

PT_MM = 25.4 / 72
PRINT_DPI = 150
NO_PRINTER = "Không theo máy in (độ lệch chung)"
SAMPLE = {"awardee": "Ông Nguyễn Văn A", "detail": "Chức vụ, đơn vị công tác",
          "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua", "decision": "Quyết định số .../QĐ-UBND",
          "date": "..., ngày ... tháng ... năm ...", "sign_name": "Họ tên người ký"}


class OffsetCommand(AppliedCommand):
    """Save the offset of a layout for a printer; undo puts back what was saved before (or nothing)."""

    area = "certificate_offsets"

    def __init__(self, session, code: str, printer: str, dx: float, dy: float):
        super().__init__(session, f"Lưu độ lệch in {cert.BUILT_IN[code].name}" + (f" ({printer})" if printer else ""))
        self.code, self.printer, self.dx, self.dy = code, printer, dx, dy
        self.before: tuple[float, float] | None = None

    def _do(self) -> None:
        self.before = cert.saved_offsets(self.db, self.code).get(cert.printer_name(self.printer))
        cert.save_offset(self.db, self.code, self.dx, self.dy, self.printer)

    def _undo(self) -> None:
        if self.before is None:
            cert.forget_offset(self.db, self.code, self.printer)
        else:
            cert.save_offset(self.db, self.code, *self.before, self.printer)


class PagePreview(QWidget):
    """The sheet to scale, each field's text where it prints (the offset applied)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout_: cert.Layout | None = None
        self.texts: dict[str, str] = {}
        self.setMinimumSize(QSize(240, 170))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Xem trước vị trí in")

    def show_page(self, layout: cert.Layout, texts: dict[str, str]) -> None:
        """Draw `layout` with `texts` (field name -> text)."""
        self.layout_, self.texts = layout, texts
        self.update()

    def page_rect(self) -> QRectF:
        """Where the sheet is drawn in the widget."""
        w, h = self.layout_.page_mm
        scale = min((self.width() - 8) / w, (self.height() - 8) / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        if self.layout_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = self.page_rect()
        scale = page.width() / self.layout_.page_mm[0]
        painter.fillRect(page, QColor("#fffdf4") if self.layout_.blank else Qt.GlobalColor.white)
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawRect(page)
        if not self.layout_.blank:
            painter.drawRect(page.adjusted(12 * scale, 12 * scale, -12 * scale, -12 * scale))
        for name, (x, y) in cert.field_positions(self.layout_).items():
            field = self.layout_.fields[name]
            text = self.texts.get(name) or cert.FIELD_LABELS.get(name, name)
            font = QFont(self.font())
            font.setPixelSize(max(int(field.size * PT_MM * scale), 4))
            font.setBold(field.bold)
            font.setItalic(field.italic)
            painter.setFont(font)
            painter.setPen(Qt.GlobalColor.black)
            box = QRectF(page.left() + (x - field.width / 2) * scale, page.top() + y * scale - font.pixelSize(),
                         field.width * scale, font.pixelSize() * 1.3)
            elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(box.width()))
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, elided)
        painter.end()


def printer_names(saved: dict[str, tuple[float, float]]) -> list[str]:
    """The printers Qt sees, then those with a saved offset, the default first ("" never listed)."""
    default = QPrinterInfo.defaultPrinterName()
    names = [default] if default else []
    for name in list(QPrinterInfo.availablePrinterNames()) + sorted(saved):
        if name and name not in names:
            names.append(name)
    return names


def page_image(pdf: Path, number: int, dpi: int = PRINT_DPI) -> QImage:
    """Page `number` (0-based) of `pdf` as an image, one at a time (a long A3 run would not fit in memory
    at once); a null image when nothing here can draw PDFs."""
    from thidua_desktop.gui.agenda.preview import page_images

    images = page_images(pdf, dpi, page=number)
    return images[0] if images else QImage()


def paint_pdf_full_page(printer: QPrinter, pdf: Path, pages: int) -> bool:
    """Each page of `pdf` over the whole sheet (full page: positions from the paper's edge); False when
    the pages cannot be drawn here."""
    painter = QPainter(printer)
    try:
        target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        target.moveTo(0, 0)
        for number in range(pages):
            image = page_image(pdf, number)
            if image.isNull():
                return False
            if number:
                printer.newPage()
            painter.drawImage(target, image)
    finally:
        painter.end()
    return True


class CertificateDialog(QDialog):
    """In giấy khen, bằng khen: blank (only those the round's forms are given on), printer, offsets, calibration, preview."""

    def __init__(self, session, round_code: str, parent=None):
        super().__init__(parent)
        self.session, self.round_code = session, round_code
        self.setWindowTitle("In giấy khen, bằng khen")
        self._folder: tempfile.TemporaryDirectory | None = None
        self._printer: QPrinter | None = None
        self.blank = QComboBox(self)
        self.blank.setAccessibleName("Mẫu in")
        try:  # only the blanks the round's forms are given on (A4 always)
            fitting = cert.fitting_layouts(session.db, svc.round_by_code(session.db, round_code))
        except UserError:
            fitting = tuple(cert.BUILT_IN)
        for code in fitting:
            self.blank.addItem(cert.BUILT_IN[code].name, code)
        # A blank is what the dialog is mostly for: the first one that fits, else A4.
        self.blank.setCurrentIndex(next((i for i, code in enumerate(fitting) if cert.BUILT_IN[code].blank), 0))
        self.printer = QComboBox(self)
        self.printer.setAccessibleName("Máy in")
        self.dx, self.dy = (self._offset_box(name) for name in ("Lệch ngang (mm)", "Lệch dọc (mm)"))
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.save_button = QPushButton("Lưu độ lệch", self)
        self.calibration_button = QPushButton("In trang canh chỉnh…", self)
        self.print_button = QPushButton("Xem trước khi in…", self)
        self.file_button = QPushButton("Lưu tệp…", self)
        form = QFormLayout()
        form.addRow("Mẫu in:", self.blank)
        form.addRow("Máy in:", self.printer)
        form.addRow("Dời sang phải:", self.dx)
        form.addRow("Dời xuống dưới:", self.dy)
        left = QVBoxLayout()
        left.addLayout(form)
        help_text = QLabel("Số dương dời chữ sang phải và xuống dưới. In trang canh chỉnh lên giấy trắng, đặt "
                           "phôi lên trên, đo khoảng lệch của dấu chữ thập rồi nhập ở đây.", self)
        help_text.setWordWrap(True)
        left.addWidget(help_text)
        left.addWidget(self.state)
        for button in (self.save_button, self.calibration_button, self.print_button, self.file_button):
            left.addWidget(button)
        left.addStretch(1)
        self.preview = PagePreview(self)
        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(buttons)
        self._texts: dict[str, dict[str, str]] = {}  # layout code -> the first certificate printed with it
        self.blank.currentIndexChanged.connect(self._fill_printers)
        self.printer.currentIndexChanged.connect(self._load_offset)
        self.dx.valueChanged.connect(self._show)
        self.dy.valueChanged.connect(self._show)
        self.save_button.clicked.connect(self.save_offset)
        self.calibration_button.clicked.connect(lambda: self.print_preview(calibration=True))
        self.print_button.clicked.connect(lambda: self.print_preview(calibration=False))
        self.file_button.clicked.connect(self.save_file)
        self.session.data_changed.connect(self._data_changed)
        self._fill_printers()
        fit_to_screen(self, 980, 560)

    def _offset_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(-cert.MAX_OFFSET_MM, cert.MAX_OFFSET_MM)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setSuffix(" mm")
        box.setAccessibleName(name)
        return box

    @property
    def texts(self) -> dict[str, str]:
        """The first certificate the chosen layout prints, for the preview (sample texts when there is none)."""
        if self.code not in self._texts:
            try:
                rnd = svc.round_by_code(self.session.db, self.round_code)
                first = cert.certificates(self.session.db, rnd, cert.BUILT_IN[self.code])[0]
                texts = {name: getattr(first, name) for name in cert.FIELD_LABELS if hasattr(first, name)}
                self._texts[self.code] = texts | {"motto1": MOTTO_1, "motto2": MOTTO_2}
            except UserError:
                self._texts[self.code] = dict(SAMPLE)
        return self._texts[self.code]

    # --- state ----------------------------------------------------------
    @property
    def code(self) -> str:
        """The chosen layout's code."""
        return self.blank.currentData()

    @property
    def printer_name(self) -> str:
        """The chosen printer ("" for the offset saved without a printer)."""
        return self.printer.currentData() or ""

    def current_layout(self) -> cert.Layout:
        """The chosen layout with the offsets as typed (saved or not)."""
        layout = cert.layout_for(self.session.db, self.code, self.printer_name)
        return replace(layout, offset=(self.dx.value(), self.dy.value()))

    def _fill_printers(self, *_args) -> None:
        saved = cert.saved_offsets(self.session.db, self.code)
        keep = self.printer_name if self.printer.count() else None
        self.printer.blockSignals(True)
        self.printer.clear()
        for name in printer_names(saved):
            self.printer.addItem(name + ("" if name in saved else " (chưa canh chỉnh)"), name)
        self.printer.addItem(NO_PRINTER, "")
        index = self.printer.findData(keep) if keep is not None else 0
        self.printer.setCurrentIndex(max(index, 0))
        self.printer.blockSignals(False)
        self._load_offset()

    def _load_offset(self, *_args) -> None:
        layout = cert.layout_for(self.session.db, self.code, self.printer_name)
        for box, value in ((self.dx, layout.offset[0]), (self.dy, layout.offset[1])):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        movable = layout.blank
        for widget in (self.dx, self.dy, self.save_button, self.calibration_button):
            widget.setEnabled(movable and not self.session.readonly)
        self._show()

    def _show(self, *_args) -> None:
        layout = self.current_layout()
        saved = cert.layout_for(self.session.db, self.code, self.printer_name)
        if not layout.blank:
            text = "Giấy trắng A4: chương trình in cả khung, quốc hiệu và tên giấy khen; không cần canh chỉnh."
        elif layout.offset != saved.offset:
            text = (f"Chưa lưu (độ lệch đã lưu: ngang {saved.offset[0]:+.1f} mm, dọc {saved.offset[1]:+.1f} mm). "
                    "Xem trước, in và lưu tệp dùng số đang nhập.")
        elif self.printer_name in (stored := cert.saved_offsets(self.session.db, self.code)):
            text = "Độ lệch đã lưu."
        elif "" in stored:
            text = "Máy in này chưa canh chỉnh riêng: dùng độ lệch chung đã lưu."
        else:  # nothing saved yet: say so, never "đã lưu"
            text = ("Chưa canh chỉnh: chữ in đúng vị trí của mẫu (lệch 0\u00a0mm). In trang canh chỉnh để đo, "
                    "nhập độ lệch rồi bấm “Lưu độ lệch”.")
        self.state.setText(text)
        self.preview.show_page(layout, self.texts)

    def _data_changed(self, area: str) -> None:
        if area == "certificate_offsets":  # saved or undone: show what the file now holds
            self._fill_printers()

    # --- actions --------------------------------------------------------
    def save_offset(self) -> bool:
        """Lưu độ lệch: one Ctrl+Z step."""
        command = OffsetCommand(self.session, self.code, self.printer_name, self.dx.value(), self.dy.value())
        return push(self.session, command, self)

    def write(self, path: Path, calibration: bool = False) -> tuple[Path, int] | None:
        """Write the certificates (or the calibration page) with the offsets shown: the path and its number
        of pages; None after a sentence."""
        layout = self.current_layout()
        try:
            if calibration:
                return cert.write_calibration(layout, path), 1
            data = cert.certificates(self.session.db, svc.round_by_code(self.session.db, self.round_code),
                                     layout)
            writer = cert.write_docx if path.suffix.lower() == ".docx" else cert.write_pdf
            return writer(data, layout, path), len(data)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return None

    def make_printer(self) -> QPrinter:
        """A printer set for the layout's sheet, landscape, full page, the chosen printer when Qt knows it."""
        layout = self.current_layout()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(self.printer_name)
        size = QPageSize.PageSizeId.A3 if max(layout.page_mm) >= 420 else QPageSize.PageSizeId.A4
        printer.setPageSize(QPageSize(size))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setFullPage(True)  # the layout measures from the paper's edge, not the printable area
        printer.setDocName(layout.title)
        return printer

    def print_preview(self, calibration: bool, open_now: bool = True) -> QPrintPreviewDialog | None:
        """The pages in Qt's print preview (its Print button prints them)."""
        if self._folder is not None:
            self._folder.cleanup()
        self._folder = tempfile.TemporaryDirectory(prefix="thidua-giaykhen-")
        written = self.write(Path(self._folder.name) / "giay-khen.pdf", calibration)
        if written is None:
            return None
        if page_image(written[0], 0, 10).isNull():
            QMessageBox.warning(self, APP_NAME, "Máy này không vẽ được trang PDF để in; hãy dùng Lưu tệp… "
                                "rồi in từ trình xem PDF, ở cỡ thật (100 %).")
            return None
        self._printer = self.make_printer()  # the preview does not own its printer: keep it alive
        dialog = QPrintPreviewDialog(self._printer, self)
        dialog.setWindowTitle("In trang canh chỉnh" if calibration else "In giấy khen")
        fraction_of_screen(dialog, 0.9, 0.92)
        dialog.paintRequested.connect(lambda p: paint_pdf_full_page(p, *written))
        if open_now:
            dialog.open()
        return dialog

    def save_file(self, path: Path | None = None) -> Path | None:
        """Lưu tệp…: the certificates as PDF or Word with these offsets."""
        if path is None:
            from thidua_desktop.paths import documents_dir

            default = documents_dir() / f"{self.current_layout().title} - {self.round_code}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, "Lưu giấy khen", str(default),
                                                    "PDF (*.pdf);;Word (*.docx)")
            if not chosen:
                return None
            path = Path(chosen)
        written = self.write(path)
        if written is None:
            return None
        self.state.setText(f"Đã lưu vào “{written[0]}”.")
        return written[0]

    def done(self, result: int) -> None:  # noqa: D102 - Qt override: the temporary pages go with the dialog
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        super().done(result)
