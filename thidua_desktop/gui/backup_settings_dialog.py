"""Tệp > Sao lưu tự động: how many automatic backups to keep, the list, "back up now"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.store.auto_backup import (
    MAX_KEEP,
    auto_backups,
    keep_count,
    make_auto_backup,
    set_keep_count,
)
from thidua_desktop.store.backup import backups_dir
from thidua_desktop.store.integrity import backup_candidates


@dataclass(frozen=True)
class BackupRow:
    """One backup file as listed."""

    path: Path
    automatic: bool
    time: dt.datetime
    size: int


def backup_rows(db_path: Path) -> list[BackupRow]:
    """The backups of `db_path`, newest first."""
    automatic = {p for _t, p in auto_backups(db_path)}
    rows = []
    for path in backup_candidates(db_path):
        stat = path.stat()
        rows.append(BackupRow(path, path in automatic, dt.datetime.fromtimestamp(stat.st_mtime),
                              stat.st_size))
    return rows


class BackupListModel(QAbstractTableModel):
    """The backups: time, kind, size, file."""

    COL_TIME, COL_KIND, COL_SIZE, COL_FILE = range(4)
    _HEADERS = ("Thời điểm", "Loại", "Dung lượng", "Tệp")
    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[BackupRow] = []

    def set_rows(self, rows: list[BackupRow]) -> None:
        """Replace the list."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> BackupRow:
        """The backup shown on `row`."""
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._HEADERS):
            return self._HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role == self.SortRole:
            return (item.time.timestamp(), item.automatic, item.size, item.path.name)[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_TIME:
                return item.time.strftime("%d/%m/%Y %H:%M")
            if col == self.COL_KIND:
                return "Tự động" if item.automatic else "Thủ công"
            if col == self.COL_SIZE:
                return f"{item.size / 1024:,.0f} KB".replace(",", ".")
            return item.path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item.path)
        return None


class BackupSettingsDialog(QDialog):
    """How many automatic backups to keep; the backups there are; back up now."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Sao lưu tự động")
        fit_to_screen(self, 640, 420)
        layout = QVBoxLayout(self)
        folder = backups_dir(session.db_path)
        intro = QLabel(
            "Mỗi lần mở tệp và mỗi ngày một lần, chương trình tự chép toàn bộ dữ liệu (kèm các "
            f"tệp đính kèm hồ sơ) vào thư mục “{folder}”. Bản cũ nhất được xoá khi vượt quá số "
            "bản cần giữ; các bản sao lưu thủ công không bao giờ bị xoá.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.keep_spin = QSpinBox(self)
        self.keep_spin.setRange(1, MAX_KEEP)
        self.keep_spin.setValue(keep_count(session.db))
        self.keep_spin.setEnabled(not session.readonly)
        self.keep_spin.setAccessibleName("Số bản sao lưu tự động cần giữ")
        form.addRow("Số bản tự động cần &giữ:", self.keep_spin)
        layout.addLayout(form)
        self.model = BackupListModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(BackupListModel.COL_FILE,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.backup_button = QPushButton("Sao lưu &ngay", self)
        self.backup_button.setEnabled(not session.readonly)
        self.folder_button = QPushButton("Mở &thư mục sao lưu", self)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_spin.valueChanged.connect(self.save_keep)
        self.backup_button.clicked.connect(self.back_up_now)
        self.folder_button.clicked.connect(self.open_folder)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of backups."""
        self.model.set_rows(backup_rows(self.session.db_path))
        self.table.resizeColumnsToContents()

    def save_keep(self, value: int) -> None:
        """Store the new count (takes effect at the next automatic backup)."""
        try:
            set_keep_count(self.session.db, int(value))
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)

    def back_up_now(self) -> None:
        """Make an automatic backup now and show it."""
        try:
            made = make_auto_backup(self.session.db_path, keep_count(self.session.db), force=True)
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, APP_NAME, getattr(exc, "message", None) or str(exc))
            return
        self.refresh()
        self.table.selectRow(next(i for i in range(self.model.rowCount())
                                  if self.model.row_at(i).path == made))

    def open_folder(self) -> None:
        """Show the backups folder in the file manager."""
        folder = backups_dir(self.session.db_path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_backup_settings(window) -> None:
    """Tệp > Sao lưu tự động (nothing to show without an open file)."""
    if window.session.db is None or window.session.db_path is None:
        QMessageBox.information(window, APP_NAME, "Hãy mở một tệp dữ liệu trước.")
        return
    BackupSettingsDialog(window.session, window).exec()
