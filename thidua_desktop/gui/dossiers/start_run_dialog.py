"""Bắt đầu đợt hồ sơ: a template, the event it follows, the units that owe it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from thidua_desktop.gui.dossiers.dialogs import ok_cancel
from thidua_desktop.gui.screen_fit import fit_to_screen
from thidua_desktop.services import dossier_service, dossier_templates, repository


class StartRunDialog(QDialog):
    """Choose template, event and units; `choice()` gives what to start."""

    def __init__(self, db, plan_id: int, current_event_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.plan_id = db, plan_id
        self.setWindowTitle("Bắt đầu đợt hồ sơ")
        self.templates = [t for t in dossier_templates.templates(db, plan_id) if t.items]
        self.events = repository.events(db, plan_id)
        org = repository.organiser(db)
        self.units = ([org] if org else []) + repository.units(db, org.id if org else None)
        self.template = QComboBox(self)
        self.template.setAccessibleName("Mẫu hồ sơ")
        for tpl in self.templates:
            self.template.addItem(f"{tpl.name} ({len(tpl.items)} mục)", tpl.id)
        self.event = QComboBox(self)
        self.event.setAccessibleName("Sự kiện")
        for event in self.events:
            self.event.addItem(event.name.replace("\n", " "), event.id)
        self.upper = QComboBox(self)
        self.upper.addItem("Mọi sự kiện cấp trên", None)
        for event in self.events:
            self.upper.addItem(event.name.replace("\n", " "), event.id)
        self.upper.setToolTip("Mục “theo đại biểu” lập cho các đại biểu được cử đi dự sự kiện này.")
        self.unit_list = QListWidget(self)
        self.unit_list.setAccessibleName("Đơn vị phải nộp")
        for unit in self.units:
            item = QListWidgetItem(unit.display_name)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #7A4100")
        all_button, none_button = QPushButton("Chọn &tất cả", self), QPushButton("&Bỏ chọn", self)
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("Mẫu hồ sơ:", self.template)
        form.addRow("Sau sự kiện:", self.event)
        form.addRow("Đại biểu cử đi dự:", self.upper)
        form.addRow("Đơn vị phải nộp:", self.unit_list)
        form.addRow("", row)
        self.buttons = ok_cancel(self, "Bắt đầu")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.template.currentIndexChanged.connect(lambda _i: self._template_changed())
        self.event.currentIndexChanged.connect(lambda _i: self._event_changed())
        self.unit_list.itemChanged.connect(lambda _i: self._update())
        self._current_event = current_event_id
        self._template_changed()
        fit_to_screen(self, 620, 560)

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.unit_list.count()):
            self.unit_list.item(i).setCheckState(state)

    def _template_changed(self) -> None:
        tpl = self.current_template()
        if tpl is None:
            self._update()
            return
        # The event: the current one when it fits the template, else the first of its type.
        fitting = [e for e in self.events if e.type_code == tpl.event_type]
        preferred = next((e for e in fitting if e.id == self._current_event), fitting[0] if fitting else None)
        if preferred is not None:
            self.event.setCurrentIndex(self.event.findData(preferred.id))
        self._event_changed()

    def _event_changed(self) -> None:
        event_id = self.event.currentData()
        chosen = set(dossier_service.default_units(self.db, event_id)) if event_id else set()
        self.unit_list.blockSignals(True)
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.unit_list.blockSignals(False)
        self._update()

    def _update(self) -> None:
        tpl, event_id = self.current_template(), self.event.currentData()
        notes = []
        if tpl is None:
            notes.append("Kế hoạch chưa có mẫu hồ sơ nào có mục; hãy lập mẫu trong “Mẫu hồ sơ…”.")
        elif any(r.template_id == tpl.id and r.event_id == event_id for r in dossier_service.runs(self.db, self.plan_id)):
            notes.append("Lưu ý: mẫu này đã có một đợt cho sự kiện này.")
        if not self.chosen_units():
            notes.append("Hãy chọn ít nhất một đơn vị.")
        self.warning.setText(" ".join(notes))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(tpl is not None and event_id is not None and bool(self.chosen_units()))

    def current_template(self):
        """The chosen template, or None."""
        template_id = self.template.currentData()
        return next((t for t in self.templates if t.id == template_id), None)

    def chosen_units(self) -> list[int]:
        """Checked units, in list order."""
        return [self.unit_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.unit_list.count())
                if self.unit_list.item(i).checkState() == Qt.CheckState.Checked]

    def choice(self) -> tuple[str, int, list[int], int | None, str]:
        """(template code, event id, unit ids, upper event id or None, template name)."""
        tpl = self.current_template()
        return tpl.code, self.event.currentData(), self.chosen_units(), self.upper.currentData(), tpl.name
