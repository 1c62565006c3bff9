"""Tệp > Mới từ mẫu: the Designer form `ui/new_plan_dialog.ui`, wired to the plan service.

The form's root is a plain QWidget laid out inside this dialog (a QDialog root
would be a second, hidden top-level window: the first release's bug).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QFile, Qt
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QVBoxLayout

from thidua_desktop.errors import UserError
from thidua_desktop.paths import forms_dir
from thidua_desktop.services.plan_service import (
    create_plan,
    create_plan_file,
    default_units,
    parse_unit_lines,
)
from thidua_desktop.services.plan_year import first_open_year
from thidua_desktop.services.unit_list import read_units_file, unit_line
from thidua_desktop.templates.loader import list_templates


def load_form(name: str, parent=None):
    """Load a Qt Designer form from `ui/`."""
    file = QFile(str(forms_dir() / name))
    if not file.open(QFile.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(name)
    try:
        return QUiLoader().load(file, parent)
    finally:
        file.close()


class NewPlanDialog(QDialog):
    """Choose a template, the organiser and its units; create a new database file."""

    def __init__(self, parent=None, start_dir: Path | None = None, into_db=None, into_path=None):
        """`into_db`: an open database still without a plan, which the plan goes into."""
        super().__init__(parent)
        self.into_db, self.into_path = into_db, into_path
        self.form = load_form("new_plan_dialog.ui", self)
        # The .ui's top level is a QDialog: as a window of its own it never showed inside this one.
        self.form.setWindowFlags(Qt.WindowType.Widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.setWindowTitle("Tạo kế hoạch mới từ mẫu")
        self.resize(self.form.size())
        self.created_path: Path | None = None
        self.templates = list_templates()
        f = self.form
        for template in self.templates:
            f.templateCombo.addItem(f"{template.name} [{template.source}]", template.id)
        f.templateCombo.currentIndexChanged.connect(self._template_picked)
        f.fileEdit.setText(str((start_dir or Path.home()) / "ke-hoach-moi.sqlite"))
        f.browseButton.clicked.connect(self._browse)
        f.importButton.clicked.connect(self._import_units)
        if into_db is not None:
            f.fileEdit.setText(str(into_path))
            f.fileEdit.setReadOnly(True)
            f.browseButton.setEnabled(False)
        f.buttons.accepted.connect(self.accept)
        f.buttons.rejected.connect(self.reject)
        ok = f.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Tạo")
        ok.setDefault(True)  # Enter in a field creates the plan
        f.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self._template_picked(0)

    def _template(self):
        return self.templates[self.form.templateCombo.currentIndex()]

    def _template_picked(self, _index: int) -> None:
        if not self.templates:
            return
        template = self._template()
        f = self.form
        f.kindCombo.clear()
        for kind in template.rules.unit_kinds:
            # Any level can organise (a commune too); villages and clusters cannot.
            if kind.level in ("province", "district", "commune", "agency"):
                f.kindCombo.addItem(kind.name, kind.code)
        f.kindCombo.setCurrentIndex(max(f.kindCombo.findData(template.rules.organiser.kind), 0))
        f.organiserEdit.setText(template.rules.organiser.name)
        f.yearSpin.setValue(first_open_year(template.data, dt.date.today()) or dt.date.today().year)
        kinds = {k.code: k.name for k in template.rules.unit_kinds}
        f.unitsEdit.setPlainText("\n".join(unit_line(kinds[u.kind], u) for u in default_units(template)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Tệp dữ liệu mới", self.form.fileEdit.text(), "Tệp dữ liệu (*.sqlite)"
        )
        if path:
            self.form.fileEdit.setText(path if path.endswith(".sqlite") else path + ".sqlite")

    def _import_units(self) -> None:
        """Fill the units box from a workbook (name, kind, group, head, figure columns)."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Danh sách đơn vị", str(Path(self.form.fileEdit.text()).parent),
            "Bảng tính (*.xlsx *.xls *.ods *.csv);;Văn bản (*.txt)")
        if not path:
            return
        template = self._template()
        try:
            specs = read_units_file(Path(path), template)
        except UserError as exc:
            self.form.errorLabel.setText(exc.message)
            return
        kinds = {k.code: k.name for k in template.rules.unit_kinds}
        self.form.unitsEdit.setPlainText("\n".join(unit_line(kinds[s.kind], s) for s in specs))
        self.form.errorLabel.setText(f"Đã nhập {len(specs)} đơn vị từ “{Path(path).name}”.")

    def accept(self) -> None:
        """Create the file; on a bad input show the sentence and stay open."""
        f = self.form
        path = Path(f.fileEdit.text().strip())
        try:
            if not f.fileEdit.text().strip():
                raise UserError("Hãy chọn nơi lưu tệp dữ liệu mới.")
            template = self._template()
            units = parse_unit_lines(f.unitsEdit.toPlainText().splitlines(), template)
            if self.into_db is not None:
                create_plan(self.into_db, template, f.organiserEdit.text(), units,
                            f.kindCombo.currentData(), year=f.yearSpin.value())
                path = Path(self.into_path)
            else:
                create_plan_file(path, template, f.organiserEdit.text(), units,
                                 f.kindCombo.currentData(), year=f.yearSpin.value())
        except UserError as exc:
            f.errorLabel.setText(exc.message)
            return
        self.created_path = path
        super().accept()
