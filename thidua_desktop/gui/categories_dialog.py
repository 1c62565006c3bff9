"""Thành phần đại biểu…: the plan's delegate categories, edited in the window.

The categories are listed on the left in protocol order; the right side
edits the selected one (label, import words, protocol order, counts as
exemplary, its own limit as a number or a share, person or collective).
"Thêm thành phần" adds one. OK saves every change as one undoable step;
the service checks each value and a refused one is said under the form.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import category_editor as ce
from thidua_desktop.services.delegate_categories import plan_categories
from thidua_desktop.templates.model import Category
from thidua_desktop.templates.model_categories import CATEGORY_BASES

LIMITS = (("none", "Không giới hạn riêng"), ("quota", "Số lượng tối đa"), ("share", "Tỷ lệ tối đa"))


class CategoriesCommand(AppliedCommand):
    """Save some categories of a plan; undo puts the old ones back and takes new ones away."""

    area = "roster"

    def __init__(self, session, plan_id: int, categories: list[Category]):
        super().__init__(session, "Sửa thành phần đại biểu")
        self.plan_id, self.categories = plan_id, list(categories)
        self.old: list[tuple[str, Category | None]] = []

    def _do(self) -> None:
        self.old = [(c.code, ce.save_category(self.db, self.plan_id, c)) for c in self.categories]

    def _undo(self) -> None:
        for code, old in reversed(self.old):
            if old is None:
                ce.remove_new_category(self.db, self.plan_id, code)
            else:
                ce.save_category(self.db, self.plan_id, old)


class CategoriesDialog(QDialog):
    """The plan's categories: a list and a form; `command` is set when something was saved."""

    def __init__(self, session, plan_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.plan_id = session, plan_id
        self.setWindowTitle("Thành phần đại biểu của kế hoạch")
        self.original = {c.code: c for c in plan_categories(session.db, plan_id)}
        self.work: list[Category] = list(self.original.values())
        self.command: CategoriesCommand | None = None
        self.list = QListWidget(self)
        self.list.setAccessibleName("Các thành phần")
        self.list.setMinimumWidth(220)
        self.add_button = QPushButton("&Thêm thành phần", self)
        self.add_button.clicked.connect(self.add_category)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.add_button)
        self.label = QLineEdit(self)
        self.label.setMaxLength(ce.MAX_LABEL + 20)  # the service says why when it is too long
        self.words = QPlainTextEdit(self)
        self.words.setPlaceholderText("mỗi dòng một cụm từ, ví dụ: hội đồng thi đua")
        self.words.setFixedHeight(80)
        self.order = QSpinBox(self)
        self.order.setRange(0, 999)
        self.exemplary = QCheckBox("Tính là điển hình tiên tiến", self)
        self.limit = QComboBox(self)
        for code, text in LIMITS:
            self.limit.addItem(text, code)
        self.quota = QSpinBox(self)
        self.quota.setRange(0, ce.MAX_QUOTA)
        self.quota.setSuffix(" người")
        self.share = QDoubleSpinBox(self)
        self.share.setRange(0, 100)
        self.share.setDecimals(1)
        self.share.setSuffix(" %")
        limit_row = QHBoxLayout()
        for w in (self.limit, self.quota, self.share):
            limit_row.addWidget(w)
        self.kind = QComboBox(self)
        self.kind.addItem("Cá nhân", False)
        self.kind.addItem("Tập thể (có người đại diện)", True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget, name in (("Tên thành phần:", self.label, "label"),
                                      ("Từ nhận diện khi nhập:", self.words, "words"),
                                      ("Thứ tự giới thiệu:", self.order, "protocol_order"),
                                      ("", self.exemplary, "exemplary"),
                                      ("Giới hạn:", limit_row, "limit"),
                                      ("Cá nhân hay tập thể:", self.kind, "collective")):
            if isinstance(widget, QWidget):
                widget.setObjectName(name)
                widget.setAccessibleName(caption.rstrip(":") or widget.text())
            form.addRow(caption, widget)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left)
        columns.addLayout(right, 1)
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        self.limit.currentIndexChanged.connect(self._limit_changed)
        self._shown = -1
        self._fill_list()
        self.list.currentRowChanged.connect(self._select)
        self.list.setCurrentRow(0)
        self.resize(720, 420)

    # --- the list and the form ---------------------------------------------------------
    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.work:
            self.list.addItem(c.label)
        self.list.blockSignals(False)

    def _select(self, row: int) -> None:
        self._store()
        self._shown = row
        if not 0 <= row < len(self.work):
            return
        c = self.work[row]
        self.label.setText(c.label)
        self.words.setPlainText("\n".join(c.words))
        self.order.setValue(c.protocol_order)
        self.exemplary.setChecked(c.exemplary)
        fixed = c.code in CATEGORY_BASES  # release 1's three keep their base
        self.exemplary.setEnabled(not fixed)
        self.exemplary.setToolTip("Ba thành phần gốc (Điển hình tiên tiến, Lãnh đạo, Khách mời) giữ "
                                  "nguyên loại của mình." if fixed else "")
        limit = "quota" if c.quota is not None else "share" if c.share is not None else "none"
        self.limit.setCurrentIndex(self.limit.findData(limit))
        self.quota.setValue(c.quota or 0)
        self.share.setValue(round((c.share or 0) * 100, 1))
        self.kind.setCurrentIndex(1 if c.collective else 0)
        self._limit_changed()

    def _limit_changed(self) -> None:
        self.quota.setVisible(self.limit.currentData() == "quota")
        self.share.setVisible(self.limit.currentData() == "share")

    def _form(self, c: Category) -> Category:
        """The category as the form shows it now."""
        limit = self.limit.currentData()
        return replace(
            c, label=self.label.text(), words=ce.words_of(self.words.toPlainText()),
            protocol_order=self.order.value(), exemplary=self.exemplary.isChecked(),
            quota=self.quota.value() if limit == "quota" else None,
            share=round(self.share.value() / 100, 4) if limit == "share" else None,
            collective=bool(self.kind.currentData()))

    def _store(self) -> None:
        """Keep what the form says for the category it shows (before showing another)."""
        if 0 <= self._shown < len(self.work):
            self.work[self._shown] = self._form(self.work[self._shown])
            self.list.item(self._shown).setText(self.work[self._shown].label)

    def add_category(self) -> None:
        """A new personal category, last in protocol order."""
        self._store()
        order = max((c.protocol_order for c in self.work), default=0) + 1
        self.work.append(Category(ce.new_code(self.work), "Thành phần mới", (), order, "guest",
                                  False, source="thêm trong cửa sổ"))
        self._fill_list()
        self._shown = -1
        self.list.setCurrentRow(len(self.work) - 1)
        self.label.selectAll()
        self.label.setFocus()

    def changed(self) -> list[Category]:
        """The categories that differ from the stored ones, or are new."""
        self._store()
        return [c for c in self.work if self.original.get(c.code) != c]

    def accept(self) -> None:
        """Save as one undoable step; on a bad value say why, show that category, stay open."""
        changed = self.changed()
        if not changed:
            super().accept()
            return
        for c in changed:  # the first refused category is shown with its sentence
            try:
                ce.check_category(c, self.work)
            except ValidationError as exc:
                self.list.setCurrentRow(self.work.index(c))
                self.message.setText(f"{c.label or 'Thành phần'}: {exc.message}")
                self.message.show()
                return
        command = CategoriesCommand(self.session, self.plan_id, changed)
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def show_categories(session, parent: QWidget | None = None) -> bool:
    """Open the editor for the current event's plan; True when something was saved."""
    if session.db is None or not session.event_id or session.readonly:
        return False
    row = session.db.execute("SELECT plan_id FROM events WHERE id = ?", [session.event_id]).fetchone()
    if row is None:
        return False
    dialog = CategoriesDialog(session, row[0], parent)
    return bool(dialog.exec() and dialog.command)
