"""Whom a milestone or a checklist is for: one shape, and the units, kinds or groups it names.

Thin over `services/unit_targets.py`: a combo of the shapes this dialog
offers and one checkable list that shows what the shape chooses from (the
units one by one, the unit kinds, or the clusters and blocs; no group ticked
means every group). The service checks the choice and resolves the units.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from thidua_desktop.services import unit_targets as ut

_HINTS = {
    "selected": "Đánh dấu các đơn vị thực hiện.",
    "kinds": "Đánh dấu các loại đơn vị.",
    "groups": "Đánh dấu các cụm, khối; không đánh dấu cụm, khối nào là tất cả.",
}


class TargetPicker(QWidget):
    """The shape combo (`shape`) and its list (`choices`); `value()` gives (shape, ids, kinds, groups)."""

    def __init__(self, offer: ut.Choices, shapes: tuple[str, ...], parent: QWidget | None = None,
                 default_label: str = ""):
        super().__init__(parent)
        self.offer = offer
        self.shape = QComboBox(self)
        self.shape.setObjectName("applies")
        self.shape.setAccessibleName("Áp dụng cho")
        for code in shapes:
            if code in ut.GROUP_SHAPES and not offer.groups:
                continue  # a plan without clusters or blocs offers no group shape
            self.shape.addItem(default_label if code == "" else ut.SHAPES[code], code)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.choices = QListWidget(self)
        self.choices.setObjectName("targets")
        self.choices.setAccessibleName("Đơn vị, loại hoặc cụm, khối được chọn")
        self.choices.setMaximumHeight(130)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.shape)
        box.addWidget(self.hint)
        box.addWidget(self.choices)
        self.ticked: dict[str, set] = {"selected": set(), "kinds": set(), "groups": set()}
        self._list = ""
        self.shape.currentIndexChanged.connect(self._refill)
        self._refill()

    def _list_for(self, shape: str) -> str:
        return "groups" if shape in ut.GROUP_SHAPES else shape if shape in ("selected", "kinds") else ""

    def _items(self, which: str) -> list[tuple[object, str]]:
        if which == "selected":
            return list(self.offer.units)
        if which == "kinds":
            return list(self.offer.kinds)
        return [(g, g) for g in self.offer.groups]

    def _keep(self) -> None:
        if self._list:
            self.ticked[self._list] = {self.choices.item(i).data(Qt.ItemDataRole.UserRole)
                                       for i in range(self.choices.count())
                                       if self.choices.item(i).checkState() == Qt.CheckState.Checked}

    def _refill(self) -> None:
        self._keep()
        which = self._list_for(self.shape.currentData())
        self._list = which
        self.choices.clear()
        self.hint.setText(_HINTS.get(which, ""))
        self.hint.setVisible(bool(which))
        self.choices.setVisible(bool(which))
        for key, text in self._items(which) if which else []:
            item = QListWidgetItem(text, self.choices)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in self.ticked[which] else Qt.CheckState.Unchecked)

    def set_value(self, shape: str, unit_ids=(), kinds=(), groups=()) -> None:
        """Show a stored choice."""
        self.ticked = {"selected": set(unit_ids), "kinds": set(kinds), "groups": set(groups)}
        self._list = ""
        index = self.shape.findData(shape)
        if index < 0:  # a shape this plan no longer offers: show it rather than hide it
            self.shape.addItem(ut.SHAPES.get(shape, shape), shape)
            index = self.shape.count() - 1
        self.shape.blockSignals(True)
        self.shape.setCurrentIndex(index)
        self.shape.blockSignals(False)
        self._refill()

    def value(self) -> tuple[str, list[int], list[str], list[str]]:
        """(shape, unit ids, kind codes, group names), each list in the offer's order."""
        self._keep()
        order = {which: [key for key, _t in self._items(which)] for which in self.ticked}
        picked = {which: [k for k in order[which] if k in self.ticked[which]] for which in self.ticked}
        return self.shape.currentData(), picked["selected"], picked["kinds"], picked["groups"]
