"""Whom a milestone or a checklist is for: one shape, and the units, kinds or groups it names.

Thin over `services/unit_targets.py`: a combo of the shapes this dialog
offers and one checkable list that shows what the shape chooses from (the
units one by one, the unit kinds, or the clusters and blocs; no group ticked
means every group). The list is as tall as its rows (up to `MAX_ROWS`, then
it scrolls); above it a search box (accents optional: "tan loi" finds "Xã
Tân Lợi") for the units; under it how many are ticked and Chọn tất cả / Bỏ chọn
for the rows shown. The service checks the choice and resolves the units.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.names import fold
from thidua_desktop.services import unit_targets as ut

_HINTS = {
    "selected": "Đánh dấu các đơn vị thực hiện.",
    "kinds": "Đánh dấu các loại đơn vị.",
    "groups": "Đánh dấu các cụm, khối; không đánh dấu cụm, khối nào là tất cả.",
}
_NOUNS = {"selected": "đơn vị", "kinds": "loại", "groups": "cụm, khối"}
MAX_ROWS = 12  # a longer list scrolls, so a dialog with 70 units still fits a 600-pixel screen


def fit_height(dialog: QWidget) -> None:
    """The dialog as tall as its form shows now (the list came or went): no empty grey, width kept."""
    dialog.layout().activate()
    dialog.resize(max(dialog.width(), dialog.minimumWidth()), dialog.sizeHint().height())
    # Grown downwards from where it opened, it may pass the screen's bottom (600 px): lift it.
    screen = dialog.screen().availableGeometry() if dialog.screen() else None
    over = dialog.frameGeometry().bottom() - screen.bottom() if screen else 0
    if dialog.isVisible() and over > 0:
        dialog.move(dialog.x(), max(screen.top(), dialog.y() - over))


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
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.choices = QListWidget(self)
        self.choices.setObjectName("targets")
        self.choices.setAccessibleName("Đơn vị, loại hoặc cụm, khối được chọn")
        self.search = QLineEdit(self)
        self.search.setObjectName("targetSearch")
        self.search.setAccessibleName("Tìm đơn vị")
        self.search.setPlaceholderText("Tìm đơn vị (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.every = QPushButton("C&họn tất cả", self)
        self.every.setToolTip("Đánh dấu mọi dòng đang hiện (theo ô tìm).")
        self.nothing = QPushButton("&Bỏ chọn", self)
        self.nothing.setToolTip("Bỏ đánh dấu mọi dòng đang hiện (theo ô tìm).")
        self.count = QLabel(self)
        self.count.setObjectName("targetCount")
        picks = QHBoxLayout()
        picks.setContentsMargins(0, 0, 0, 0)
        picks.addWidget(self.count, 1)
        picks.addWidget(self.every)
        picks.addWidget(self.nothing)
        self.tools = QWidget(self)
        self.tools.setLayout(picks)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.shape)
        box.addWidget(self.hint)
        box.addWidget(self.search)
        box.addWidget(self.choices)
        box.addWidget(self.tools)
        self.ticked: dict[str, set] = {"selected": set(), "kinds": set(), "groups": set()}
        self._list = ""
        self.shape.currentIndexChanged.connect(self._refill)
        self.search.textChanged.connect(self._filter)
        self.every.clicked.connect(lambda: self._tick_shown(True))
        self.nothing.clicked.connect(lambda: self._tick_shown(False))
        self.choices.itemChanged.connect(self._count)
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
        self.choices.blockSignals(True)
        self.choices.clear()
        self.hint.setText(_HINTS.get(which, ""))
        for widget in (self.hint, self.tools, self.choices):
            widget.setVisible(bool(which))
        self.search.setVisible(which == "selected")  # kinds and groups are a few rows
        self.search.clear()
        for key, text in self._items(which) if which else []:
            item = QListWidgetItem(text, self.choices)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in self.ticked[which] else Qt.CheckState.Unchecked)
        self.choices.blockSignals(False)
        self._fit()
        self._count()
        self.updateGeometry()  # the dialog's layout must see the new height now, not after the event loop

    def _fit(self) -> None:
        """The list as tall as its rows, up to MAX_ROWS (no empty grey under a short list)."""
        rows = min(max(self.choices.count(), 1), MAX_ROWS)
        row = self.choices.sizeHintForRow(0) if self.choices.count() else self.fontMetrics().height()
        self.choices.setFixedHeight(rows * row + 2 * self.choices.frameWidth())

    def _filter(self, text: str) -> None:
        """Show the rows whose name holds the words typed, accents or not."""
        words = fold(text).split()
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            name = fold(item.text())
            item.setHidden(not all(w in name for w in words))

    def _tick_shown(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.choices.blockSignals(True)
        for i in range(self.choices.count()):
            if not self.choices.item(i).isHidden():
                self.choices.item(i).setCheckState(state)
        self.choices.blockSignals(False)
        self._count()

    def _count(self, *_args) -> None:
        """"Đã chọn 5/70 đơn vị." under the list, beside the buttons."""
        if not self._list:
            return
        ticked = sum(self.choices.item(i).checkState() == Qt.CheckState.Checked
                     for i in range(self.choices.count()))
        self.count.setText(f"Đã chọn {ticked}/{self.choices.count()} {_NOUNS[self._list]}.")

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
