"""Sửa mẫu hồ sơ: the plan's checklist templates, their items, copies, flags and deadlines.

Every change is an undoable command on the session's stack (the dialog has
its own Hoàn tác / Làm lại buttons); runs of a template follow its edits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui.dossiers import commands as cmd
from thidua_desktop.gui.dossiers.deadline_editor import DeadlineEditor
from thidua_desktop.gui.dossiers.dialogs import ok_cancel
from thidua_desktop.gui.dossiers.template_items_model import TemplateItemsModel
from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.gui.undo import push
from thidua_desktop.services import dossier_templates, repository, unit_targets
from thidua_desktop.services.dossier_templates import TemplateItem, TemplateItemData


def plan_choices(db, plan_id: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(event types, milestones) of the plan as (code, label) pairs."""
    types = list(repository.plan_rules(db, plan_id).event_type_names.items())
    milestones = [(r[0], r[1]) for r in db.execute(
        "SELECT code, title FROM milestones WHERE plan_id = ? ORDER BY position, id", [plan_id])]
    return types, milestones


class TemplateItemDialog(QDialog):
    """Thêm / sửa một mục hồ sơ."""

    def __init__(self, db, plan_id: int, item: TemplateItem | None = None, parent=None,
                 no_deadline: bool = False):
        """`no_deadline`: the checklist may leave an item without a deadline (a round's, no event type)."""
        super().__init__(parent)
        self.no_deadline = no_deadline
        self.setWindowTitle("Sửa mục hồ sơ" if item else "Thêm mục hồ sơ")
        types, milestones = plan_choices(db, plan_id)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Tên mục hồ sơ")
        self.required = QCheckBox("Bắt buộc phải nộp", self)
        self.required.setChecked(True)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 99)
        self.copies.setSuffix(" bản")
        self.per_delegate = QCheckBox("Mỗi đại biểu đi dự cấp trên một bản", self)
        self.per_proposal = QCheckBox("Mỗi đề nghị khen thưởng một bản (hồ sơ đợt khen thưởng)", self)
        # One copy is owed per delegate or per proposal, never both: ticking one clears the other.
        self.per_delegate.toggled.connect(lambda on: on and self.per_proposal.setChecked(False))
        self.per_proposal.toggled.connect(lambda on: on and self.per_delegate.setChecked(False))
        self.deadline = DeadlineEditor(types, milestones, self, optional=no_deadline)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("ví dụ: 000 II.7")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8A1C24")
        form = QFormLayout()
        form.addRow("Tên mục:", self.name)
        form.addRow("", self.required)
        form.addRow("Số bản:", self.copies)
        form.addRow("", self.per_delegate)
        form.addRow("", self.per_proposal)
        form.addRow("Hạn nộp:", self.deadline)
        form.addRow("Căn cứ:", self.source)
        buttons = ok_cancel(self, "Lưu")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if item is not None:
            self.name.setText(item.name)
            self.required.setChecked(item.required)
            self.copies.setValue(item.copies)
            self.per_delegate.setChecked(item.per_delegate)
            self.per_proposal.setChecked(item.per_proposal)
            self.deadline.set_value(item.due)
            self.source.setText(item.source)
        fit_to_screen(self, 520, 360)

    def data(self) -> TemplateItemData:
        """The item as entered."""
        return TemplateItemData(self.name.text(), self.deadline.value(), self.required.isChecked(),
                                self.copies.value(), self.per_delegate.isChecked(), source=self.source.text(),
                                per_proposal=self.per_proposal.isChecked())

    def accept(self) -> None:
        """Close only on a valid item (the service's own checks)."""
        try:
            dossier_templates.validate_item(self.data(), no_deadline=self.no_deadline)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        super().accept()


class TemplateEditor(QDialog):
    """The plan's checklist templates and their items."""

    def __init__(self, session, template_id: int | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Mẫu hồ sơ của kế hoạch")
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Mẫu hồ sơ")
        self.combo.setMinimumWidth(360)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.model = TemplateItemsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        top = QHBoxLayout()
        top.addWidget(QLabel("Mẫu hồ sơ:"))
        top.addWidget(self.combo, 1)
        for text, slot in (("Mẫu &mới…", self.new_template), ("&Nhân bản…", self.copy_template),
                           ("Đổi &tên…", self.rename_template), ("Đơn vị nộ&p…", self.edit_target),
                           ("&Xóa mẫu", self.delete_template)):
            top.addWidget(self._button(text, slot))
        actions = QHBoxLayout()
        self.add_button = self._button("&Thêm mục…", self.add_item)
        self.edit_button = self._button("&Sửa mục…", self.edit_item)
        self.remove_button = self._button("Xóa mục", self.remove_item)
        self.remove_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.up_button = self._button("Lên", lambda: self.move_item(-1))
        self.down_button = self._button("Xuống", lambda: self.move_item(+1))
        for button in (self.add_button, self.edit_button, self.remove_button, self.up_button, self.down_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for action, icon_text in ((session.undo_stack.createUndoAction(self, "Hoàn tác"), "Hoàn tác"),
                                  (session.undo_stack.createRedoAction(self, "Làm lại"), "Làm lại")):
            tool = QToolButton(self)
            tool.setDefaultAction(action)
            tool.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            action.setIconText(icon_text)
            actions.addWidget(tool)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.combo.currentIndexChanged.connect(lambda _i: self.refresh_items())
        session.data_changed.connect(self._on_data_changed)
        self.refresh(template_id)
        fit_to_screen(self, 920, 480)
        readonly = session.readonly
        for button in self.findChildren(QPushButton):
            button.setEnabled(not readonly)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- reading --------------------------------------------------------------
    @property
    def db(self):
        """The session's database."""
        return self.session.db

    def current_template(self):
        """The template shown, or None."""
        template_id = self.combo.currentData()
        return dossier_templates.template(self.db, template_id) if template_id else None

    def current_item(self) -> TemplateItem | None:
        """The selected item, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def refresh(self, template_id: int | None = None) -> None:
        """Reload the template list, keeping (or choosing) the current one."""
        keep = template_id or self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for tpl in dossier_templates.templates(self.db, self.session.plan_id or 0):
            self.combo.addItem(tpl.name, tpl.id)
        self.combo.setCurrentIndex(max(self.combo.findData(keep), 0))
        self.combo.blockSignals(False)
        self.refresh_items()

    def refresh_items(self, select_id: int | None = None) -> None:
        """Reload the items of the current template."""
        tpl = self.current_template()
        keep = select_id or (self.current_item().id if self.current_item() else None)
        self.model.set_items(tpl.items if tpl else [])
        if tpl is None:
            self.info.setText("Kế hoạch chưa có mẫu hồ sơ; bấm “Mẫu mới…” để lập.")
            return
        types = dict(plan_choices(self.db, tpl.plan_id)[0])
        self.info.setText(
            f"Dùng cho: {types.get(tpl.event_type, tpl.event_type or '—')} · Nộp về: {tpl.submitted_to or '—'}"
            f" · Căn cứ: {tpl.source or '—'} · {len(tpl.items)} mục"
            f" · Đơn vị nộp: {unit_targets.describe(tpl.target_rule, dict(unit_targets.choices(self.db, tpl.plan_id).kinds))}")
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)

    def _on_data_changed(self, what: str) -> None:
        if what == "dossiers":
            self.refresh()

    # --- items ------------------------------------------------------------------
    def add_item(self) -> None:
        """Thêm mục: after the selected item, else last."""
        tpl = self.current_template()
        if tpl is None:
            return
        dialog = TemplateItemDialog(self.db, tpl.plan_id, parent=self, no_deadline=not tpl.event_type)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        current = self.current_item()
        position = current.position + 1 if current else None
        command = cmd.AddTemplateItemCommand(self.session, tpl.id, dialog.data(), position)
        if push(self.session, command, self):
            self.refresh_items(command.item_id)

    def edit_item(self) -> None:
        """Sửa mục đang chọn."""
        item, tpl = self.current_item(), self.current_template()
        if item is None or tpl is None:
            return
        dialog = TemplateItemDialog(self.db, tpl.plan_id, item, parent=self, no_deadline=not tpl.event_type)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            push(self.session, cmd.UpdateTemplateItemCommand(self.session, item, dialog.data()), self)
            self.refresh_items(item.id)

    def remove_item(self) -> None:
        """Xóa mục đang chọn (only while no unit has sent it)."""
        item = self.current_item()
        if item is not None:
            push(self.session, cmd.RemoveTemplateItemCommand(self.session, item), self)
            self.refresh_items()

    def move_item(self, delta: int) -> None:
        """Lên / Xuống."""
        item = self.current_item()
        if item is not None:
            push(self.session, cmd.MoveTemplateItemCommand(self.session, item, delta), self)
            self.refresh_items(item.id)

    # --- templates --------------------------------------------------------------
    def new_template(self, copy_from=None) -> None:
        """Mẫu mới (empty) or Nhân bản (copy_from = the current template)."""
        plan_id = self.session.plan_id
        types, _ = plan_choices(self.db, plan_id)
        base = self.current_template() if copy_from else None
        name, ok = QInputDialog.getText(self, "Mẫu hồ sơ mới", "Tên mẫu hồ sơ:",
                                        text=f"{base.name} (bản sao)" if base else "")
        if not ok:
            return
        if base is not None:
            event_type, submitted_to = base.event_type, base.submitted_to
        else:
            labels = [label for _code, label in types]
            label, ok = QInputDialog.getItem(self, "Mẫu hồ sơ mới", "Dùng cho loại sự kiện:", labels, 0, False)
            if not ok:
                return
            event_type = types[labels.index(label)][0]
            submitted_to, ok = QInputDialog.getText(self, "Mẫu hồ sơ mới", "Nộp về (cơ quan nhận):")
            if not ok:
                return
        command = cmd.CreateTemplateCommand(self.session, plan_id, name, event_type, submitted_to,
                                           base.id if base else None)
        if push(self.session, command, self):
            self.refresh(command.template_id)

    def copy_template(self) -> None:
        """Nhân bản mẫu đang chọn."""
        if self.current_template() is not None:
            self.new_template(copy_from=True)

    def rename_template(self) -> None:
        """Đổi tên mẫu và cơ quan nhận."""
        tpl = self.current_template()
        if tpl is None:
            return
        name, ok = QInputDialog.getText(self, "Đổi tên mẫu hồ sơ", "Tên mẫu hồ sơ:", text=tpl.name)
        if not ok:
            return
        office, ok = QInputDialog.getText(self, "Đổi tên mẫu hồ sơ", "Nộp về (cơ quan nhận):", text=tpl.submitted_to)
        if ok:
            push(self.session, cmd.UpdateTemplateCommand(self.session, tpl, name, office), self)
            self.refresh(tpl.id)

    def edit_target(self) -> None:
        """Đơn vị nộp: the units the checklist is for, by rule (one undoable step)."""
        from thidua_desktop.gui.dossiers.target_dialog import TargetDialog

        tpl = self.current_template()
        if tpl is not None and TargetDialog(self.session, tpl, self).exec():
            self.refresh(tpl.id)

    def delete_template(self) -> None:
        """Xóa mẫu (only when no run uses it)."""
        tpl = self.current_template()
        if tpl is None:
            return
        answer = QMessageBox.question(self, APP_NAME, f"Xóa mẫu hồ sơ “{tpl.name}”? (Có thể hoàn tác.)")
        if answer == QMessageBox.StandardButton.Yes:
            push(self.session, cmd.DeleteTemplateCommand(self.session, tpl), self)
            self.refresh()
