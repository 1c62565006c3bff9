"""Đơn vị ký kết…: which units sign the emulation covenant (ký kết giao ước thi đua) in an agenda item.

Every unit of the plan is listed with a check box, in the plan's order; the
checked ones are read out by the MC and printed in the programme. OK saves
the choice as one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import agenda_wording as aw
from thidua_desktop.services import repository


class SigningUnitsCommand(AppliedCommand):
    """Set the covenant's signing units; undo puts the old list back."""

    area = "agenda"

    def __init__(self, session, item_id: int, unit_ids: list[int]):
        super().__init__(session, "Chọn đơn vị ký kết giao ước thi đua")
        self.item_id, self.unit_ids = item_id, unit_ids
        self.old: list[int] = []

    def _do(self) -> None:
        self.old = aw.set_signing_units(self.db, self.item_id, self.unit_ids)

    def _undo(self) -> None:
        aw.set_signing_units(self.db, self.item_id, self.old)


class SigningUnitsDialog(QDialog):
    """Check the units that sign; Space toggles, Enter saves."""

    def __init__(self, session, item_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.item_id = session, item_id
        self.setWindowTitle("Đơn vị ký kết giao ước thi đua")
        chosen = [u for u, _ in aw.signing_units(session.db, item_id)]
        self.list = QListWidget(self)
        self.list.setAccessibleName("Đơn vị ký kết")
        for unit in repository.units(session.db):
            item = QListWidgetItem(unit.display_name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit.id in chosen else Qt.CheckState.Unchecked)
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Đánh dấu các đơn vị lên ký kết (phím cách để chọn, Enter để lưu):", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        self.list.setCurrentRow(0)
        self.resize(460, 480)
        self.command: SigningUnitsCommand | None = None

    def checked(self) -> list[int]:
        """The checked units' ids, in the list's order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        """Save the choice as one undoable step."""
        command = SigningUnitsCommand(self.session, self.item_id, self.checked())
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()
