"""One unit's detail in a run: its items with their states, and the chosen item's files.

The state buttons act on the selected items (several at once is one undo
step); files are attached, opened with the system's program, or detached.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.dossiers import commands as cmd
from thidua_desktop.gui.dossiers.dialogs import DOCUMENT_FILTER, NeedsFixDialog, ReceiveDialog
from thidua_desktop.gui.dossiers.items_model import FilesModel, SortRole, UnitItemsModel
from thidua_desktop.gui.undo import push
from thidua_desktop.services import attachments, dossier_service
from thidua_desktop.services.dossier_service import DossierItem

log = logging.getLogger(__name__)


def _table(parent, model) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class UnitDetail(QWidget):
    """Items of one unit in one run, with state buttons and the files panel."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.run_id: int | None = None
        self.unit_id: int | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold")
        self.model = UnitItemsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.items_view = _table(self, self.proxy)
        self.items_view.setSortingEnabled(True)
        self.items_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.items_view.setAccessibleName("Các mục hồ sơ của đơn vị")
        self.items_view.doubleClicked.connect(lambda _i: self.receive_dialog())
        self.files_model = FilesModel(self)
        self.files_view = _table(self, self.files_model)
        self.files_view.setAccessibleName("Tệp đính kèm")
        self.files_view.horizontalHeader().setStretchLastSection(False)
        self.files_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files_view.doubleClicked.connect(lambda _i: self.open_selected_file())
        self.buttons: dict[str, QPushButton] = {}
        states = QHBoxLayout()
        for key, text, slot, tip in (
            ("received", "Đã &nộp…", self.receive_dialog, "Ghi ngày nhận, đính kèm tệp nhận được"),
            ("needs_fix", "Cần &bổ sung…", self.needs_fix_dialog, "Ghi hồ sơ cần bổ sung gì"),
            ("accepted", "Đạ&t", lambda: self.mark(self.selected_ids(), "accepted"), "Hồ sơ đã đạt yêu cầu"),
            ("missing", "C&hưa nộp", lambda: self.mark(self.selected_ids(), "missing"), "Đưa về chưa nộp"),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            states.addWidget(button)
            self.buttons[key] = button
        states.addStretch(1)
        files_buttons = QHBoxLayout()
        for key, text, slot, tip in (
            ("attach", "Đính &kèm tệp…", self.attach_dialog, "Chép tệp vào thư mục tệp đính kèm (phím Insert)"),
            ("open", "Mở tệ&p", self.open_selected_file, "Mở bằng chương trình mặc định (Enter)"),
            ("detach", "&Gỡ tệp", self.remove_selected_file, "Gỡ tệp khỏi mục này (có thể hoàn tác)"),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            files_buttons.addWidget(button)
            self.buttons[key] = button
        files_buttons.addStretch(1)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self, self.attach_dialog,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.files_view, self.open_selected_file,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files_view, self.remove_selected_file,
                  context=Qt.ShortcutContext.WidgetShortcut)
        files_box = QGroupBox("Tệp đã nhận của mục đang chọn", self)
        files_layout = QVBoxLayout(files_box)
        files_layout.addWidget(self.files_view)
        files_layout.addLayout(files_buttons)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.items_view, 1)
        left.addLayout(states)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 5)
        layout.addWidget(files_box, 2)
        self.items_view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.files_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- showing ------------------------------------------------------------------
    def show_unit(self, run_id: int | None, unit_id: int | None, as_of: dt.date,
                  template_item_id: int | None = None) -> None:
        """Show a unit's items (selecting those of one template item), keeping the selection otherwise."""
        keep = self.selected_ids() if (run_id, unit_id) == (self.run_id, self.unit_id) else []
        self.run_id, self.unit_id = run_id, unit_id
        found = dossier_service.items(self.session.db, run_id=run_id, unit_id=unit_id) if run_id and unit_id else []
        self.model.set_items(found, as_of)
        if not found:
            self.title.setText("Chọn một đơn vị trong bảng để xem và ghi nhận hồ sơ.")
        else:
            done = sum(i.state in ("received", "accepted") for i in found)
            self.title.setText(f"{found[0].unit_name}: đã nộp {done}/{len(found)} mục")
        rows = self.model.rows_of(template_item_id) if template_item_id else [
            r for r in (self.model.row_of_item(i) for i in keep) if r >= 0]
        self.select_rows(rows)
        self._selection_changed()

    def select_rows(self, rows: list[int]) -> None:
        """Select these source rows of the items table."""
        selection = self.items_view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.proxy.mapFromSource(self.model.index(row, 0)), flags)
        if rows:
            first = self.proxy.mapFromSource(self.model.index(rows[0], 0))
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.items_view.scrollTo(first)

    def selected_items(self) -> list[DossierItem]:
        """The selected items, in table order."""
        rows = sorted(self.proxy.mapToSource(i).row() for i in self.items_view.selectionModel().selectedRows())
        return [self.model.item_at(r) for r in rows if self.model.item_at(r) is not None]

    def selected_ids(self) -> list[int]:
        """Ids of the selected items."""
        return [i.id for i in self.selected_items()]

    def _selection_changed(self) -> None:
        chosen = self.selected_items()
        files = attachments.item_files(self.session.db, chosen[0].id) if len(chosen) == 1 else []
        self.files_model.set_files(files)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.session.readonly and self.session.db is not None
        chosen = self.selected_items()
        for key in ("received", "needs_fix", "accepted", "missing"):
            self.buttons[key].setEnabled(writable and bool(chosen))
        self.buttons["attach"].setEnabled(writable and len(chosen) == 1)
        has_file = bool(self.files_view.selectionModel().selectedRows()) or self.files_model.rowCount() == 1
        self.buttons["open"].setEnabled(has_file)
        self.buttons["detach"].setEnabled(writable and has_file)

    def _what(self, chosen: list[DossierItem]) -> str:
        if len(chosen) == 1:
            return f"{chosen[0].unit_name} — {chosen[0].label}"
        return f"{chosen[0].unit_name} — {len(chosen)} mục hồ sơ"

    # --- actions ------------------------------------------------------------------
    def mark(self, item_ids: list[int], state: str, received_on: str | None = None, note: str = "",
             files: list[Path] = ()) -> bool:
        """Record a state for items (undoable); False when nothing was written."""
        if not item_ids:
            return False
        return push(self.session, cmd.SetStateCommand(
            self.session, item_ids, state, received_on, note, files), self)

    def receive_dialog(self) -> None:
        """Đã nộp…: date received and the files received."""
        chosen = self.selected_items()
        if not chosen or self.session.readonly:
            return
        start = str(self.session.db_path.parent) if self.session.db_path else ""
        dialog = ReceiveDialog(self._what(chosen), chosen[0].received_on, self, start)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            received_on, files, note = dialog.values()
            self.mark([i.id for i in chosen], "received", received_on, note, files)

    def needs_fix_dialog(self) -> None:
        """Cần bổ sung…: what is wrong."""
        chosen = self.selected_items()
        if not chosen or self.session.readonly:
            return
        dialog = NeedsFixDialog(self._what(chosen), chosen[0].received_on, chosen[0].note, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            received_on, note = dialog.values()
            self.mark([i.id for i in chosen], "needs_fix", received_on, note)

    def attach(self, item_id: int, paths: list[str | Path]) -> bool:
        """Attach files to one item (undoable)."""
        if not paths:
            return False
        return push(self.session, cmd.AttachFilesCommand(self.session, item_id, list(paths)), self)

    def attach_dialog(self) -> None:
        """Đính kèm tệp…"""
        chosen = self.selected_items()
        if len(chosen) != 1 or self.session.readonly:
            return
        start = str(self.session.db_path.parent) if self.session.db_path else ""
        paths, _ = QFileDialog.getOpenFileNames(self, "Đính kèm tệp hồ sơ", start, DOCUMENT_FILTER)
        self.attach(chosen[0].id, paths)

    def _current_file(self):
        rows = self.files_view.selectionModel().selectedRows()
        if rows:
            return self.files_model.file_at(rows[0].row())
        return self.files_model.file_at(0) if self.files_model.rowCount() == 1 else None

    def open_file(self, file_id: int) -> bool:
        """Open a read-only copy of the attachment with the system's default program."""
        try:
            path = attachments.open_copy(self.session.db, file_id)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, APP_NAME, f"Không có chương trình nào mở được tệp “{path.name}”. "
                                f"Bản sao của tệp nằm ở “{path.parent}”.")
            return False
        return True

    def open_selected_file(self) -> None:
        """Mở tệp."""
        attached = self._current_file()
        if attached is not None:
            self.open_file(attached.id)

    def remove_selected_file(self) -> None:
        """Gỡ tệp."""
        attached = self._current_file()
        if attached is not None and not self.session.readonly:
            push(self.session, cmd.RemoveFileCommand(self.session, attached.id), self)
