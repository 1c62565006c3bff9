"""Đơn vị nộp…: which units a checklist is for — those holding its event type, or a rule.

A rule (units of some kinds, the clusters and blocs, their heads or their
members) is checked by the service and saved as one undoable step; the
plan's rules keep it, so "save as template" writes it back. A sentence on
top says what the choice decides; the dialog is as tall as what it shows
(it shrinks or grows when the shape hides or shows the list).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout

from thidua_desktop.gui.dossiers import commands as cmd
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.gui.widgets.target_picker import TargetPicker, fit_height
from thidua_desktop.services import dossier_templates
from thidua_desktop.services import unit_targets as ut

SHAPES = ("", *ut.BY_RULE)
DEFAULT_LABEL = "Các đơn vị tổ chức sự kiện cùng loại (mặc định)"
PURPOSE = ("Đơn vị nào phải nộp bộ hồ sơ này: mặc định là các đơn vị tổ chức sự kiện cùng loại; "
           "có thể chọn theo loại đơn vị hoặc theo cụm, khối thi đua. Khi bắt đầu một đợt thu hồ sơ từ mẫu "
           "này, mỗi đơn vị phải nộp có một dòng theo dõi.")


class TargetDialog(QDialog):
    """The checklist's target; `command` is set once saved."""

    def __init__(self, session, tpl: dossier_templates.Template, parent=None):
        super().__init__(parent)
        self.session, self.tpl = session, tpl
        self.setWindowTitle(f"Đơn vị nộp — {tpl.name}")
        self.command: cmd.SetTemplateTargetCommand | None = None
        self.picker = TargetPicker(ut.choices(session.db, tpl.plan_id), SHAPES, self, DEFAULT_LABEL)
        rule = tpl.target_rule
        self.picker.set_value(rule.get("applies_to", ""), (), rule.get("kinds", ()), rule.get("groups", ()))
        self.message = error_label(self)
        purpose = QLabel(PURPOSE, self)
        purpose.setObjectName("purpose")
        purpose.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Đơn vị &nộp:", self.picker)
        layout = QVBoxLayout(self)
        layout.addWidget(purpose)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        self.setMinimumWidth(560)
        self.picker.shape.currentIndexChanged.connect(lambda: fit_height(self))
        fit_height(self)

    def accept(self) -> None:
        """Save as one undoable step; a refused choice says why and the dialog stays open."""
        shape, _ids, kinds, groups = self.picker.value()
        command = cmd.SetTemplateTargetCommand(self.session, self.tpl, shape, kinds, groups)
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()
