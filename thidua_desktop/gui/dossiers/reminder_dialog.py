"""Nhắc nộp hồ sơ: the reminder list (Excel) and a letter per unit (PDF, Word) into a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.dossiers.dialogs import date_edit, from_qdate, ok_cancel
from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.paths import documents_dir
from thidua_desktop.services import dossier_reminders, dossier_service, dossier_templates
from thidua_desktop.services.dossier_reminders import Signer


class ReminderDialog(QDialog):
    """Options of the reminders, then the export with a progress bar."""

    def __init__(self, session, run_id: int, overdue_only: bool = False, parent=None):
        super().__init__(parent)
        self.session, self.run_id = session, run_id
        self.written: list[Path] = []
        db = session.db
        run = dossier_service.run(db, run_id)
        self.setWindowTitle(f"Nhắc nộp hồ sơ — {run.name}")
        today = dt.date.today()
        self.as_of = date_edit(self, today)
        self.reply_by = date_edit(self, today + dt.timedelta(days=dossier_reminders.DEFAULT_REPLY_DAYS))
        self.overdue_only = QCheckBox("Chỉ nhắc các mục đã quá hạn", self)
        self.overdue_only.setChecked(overdue_only)
        tpl = dossier_templates.template(db, run.template_id)
        self.office = QLineEdit(dossier_reminders.office_of(tpl.submitted_to), self)
        signer = dossier_reminders.signer(db)
        self.role = QLineEdit(signer.role, self)
        self.role.setPlaceholderText("ví dụ: KT. TRƯỞNG PHÒNG (để trống nếu Trưởng phòng ký)")
        self.title = QLineEdit(signer.title, self)
        self.signer_name = QLineEdit(signer.name, self)
        self.signer_name.setPlaceholderText("để trống: ghi tay khi ký")
        self.xlsx = QCheckBox("Danh sách nhắc nộp (Excel)", self)
        self.pdf = QCheckBox("Thư nhắc từng đơn vị (PDF)", self)
        self.docx = QCheckBox("Thư nhắc từng đơn vị (Word)", self)
        for box in (self.xlsx, self.pdf, self.docx):
            box.setChecked(True)
        base = session.db_path.parent if session.db_path else documents_dir()
        self.folder = QLineEdit(str(base / f"Nhắc nộp hồ sơ {today:%d-%m-%Y}"), self)
        self.folder.setAccessibleName("Thư mục lưu")
        browse = QPushButton("&Chọn…", self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Tính đến ngày:", self.as_of)
        form.addRow("Hạn gửi bổ sung:", self.reply_by)
        form.addRow("", self.overdue_only)
        form.addRow("Cơ quan nhắc:", self.office)
        form.addRow("Thẩm quyền ký:", self.role)
        form.addRow("Chức vụ người ký:", self.title)
        form.addRow("Họ tên người ký:", self.signer_name)
        form.addRow("Xuất:", self.xlsx)
        form.addRow("", self.pdf)
        form.addRow("", self.docx)
        form.addRow("Lưu vào thư mục:", folder_row)
        buttons = ok_cancel(self, "Xuất")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for widget in (self.as_of, self.reply_by):
            widget.dateChanged.connect(lambda _d: self._update_summary())
        self.overdue_only.toggled.connect(lambda _c: self._update_summary())
        self._update_summary()
        fit_to_screen(self, 600, 520)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục lưu thư nhắc", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def signer(self) -> Signer:
        """The signer as entered."""
        return Signer(self.title.text().strip() or Signer.title, self.signer_name.text().strip(),
                      self.role.text().strip())

    def reminders(self):
        """The reminder set for the options shown (may raise UserError)."""
        return dossier_reminders.build_reminders(
            self.session.db, self.run_id, from_qdate(self.as_of.date()), from_qdate(self.reply_by.date()),
            overdue_only=self.overdue_only.isChecked(), who=self.signer(), office=self.office.text().strip() or None)

    def _update_summary(self) -> None:
        try:
            rem = self.reminders()
        except UserError as exc:
            self.summary.setText(exc.message)
            return
        if not rem.letters:
            self.summary.setText("Không có đơn vị nào còn thiếu hồ sơ theo lựa chọn này.")
        else:
            self.summary.setText(f"Sẽ nhắc {len(rem.letters)} đơn vị, {rem.line_count} mục hồ sơ.")

    def formats(self) -> tuple[str, ...]:
        """The chosen formats."""
        return tuple(f for f, box in (("xlsx", self.xlsx), ("pdf", self.pdf), ("docx", self.docx))
                     if box.isChecked())

    def accept(self) -> None:
        """Write the files; stay open with a sentence when something is wrong."""
        from thidua_desktop.export.reminder_files import export_reminders

        try:
            rem = self.reminders()
            if not rem.letters:
                raise UserError("Không có đơn vị nào còn thiếu hồ sơ theo lựa chọn này; không có gì để xuất.")
            if not self.formats():
                raise UserError("Hãy chọn ít nhất một loại tệp để xuất.")
            progress = QProgressDialog("Đang xuất thư nhắc…", "", 0, 0, self)
            progress.setCancelButton(None)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)

            def step(done: int, total: int) -> None:
                progress.setMaximum(total)
                progress.setValue(done)
                QApplication.processEvents()

            try:
                self.written = export_reminders(rem, Path(self.folder.text().strip()), self.formats(), step)
            except PermissionError as exc:
                raise UserError(f"Không ghi được tệp “{Path(exc.filename or '').name}”: tệp đang mở trong "
                                "chương trình khác hoặc thư mục không cho ghi. Hãy đóng tệp rồi thử lại.") from exc
            except OSError as exc:
                raise UserError(f"Không ghi được vào thư mục đã chọn ({exc.strerror or exc}); "
                                "hãy chọn thư mục khác.") from exc
            finally:
                progress.close()
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return
        if not self.session.readonly:
            with self.session.db.atomic():
                dossier_reminders.remember_signer(self.session.db, self.signer())
        super().accept()
        answer = QMessageBox.information(
            self.parentWidget(), APP_NAME,
            f"Đã xuất {len(self.written)} tệp nhắc nộp hồ sơ vào “{self.folder.text()}”. Mở thư mục?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close)
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))
