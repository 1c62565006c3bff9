"""The conditions of one award form, edited: a list of sentences and the fields of the selected one.

Used by the Hình thức khen thưởng window (gui/award_forms_dialog.py). The box
edits the form's own list of condition dicts in place: `show_form` points it
at a form (storing what the fields say for the one shown before), `store`
keeps the fields' values. A condition edited by the officer loses its "mặc định" mark.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.services import awards_forms_edit as fe


def combo(parent: QWidget, name: str, choices: dict[str, str]) -> QComboBox:
    """A combo of `choices` (code -> label)."""
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for code, label in choices.items():
        box.addItem(label, code)
    return box


def pick(box: QComboBox, code) -> None:
    """Select the entry holding `code` (the first when none does)."""
    box.setCurrentIndex(max(box.findData(code), 0))


def row_of(*widgets) -> QHBoxLayout:
    """The widgets side by side."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row



def show_start(edit: QLineEdit, text: str) -> None:
    """Put `text` in a line edit showing its beginning, not its end (a long authority reads from the start)."""
    edit.setText(text)
    edit.setCursorPosition(0)

class ConditionsBox(QGroupBox):
    """Điều kiện: the list and the fields of the selected condition."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Điều kiện", parent)
        self.form: dict | None = None
        self.names: dict[str, str] = {}
        self._cond = -1
        self.list = QListWidget(self)
        self.list.setAccessibleName("Các điều kiện")
        self.list.setWordWrap(True)  # a condition is a sentence: shown whole, on two lines if need be
        self.type = combo(self, "Loại điều kiện", fe.CONDITION_NAMES)
        self.lower = QComboBox(self)
        self.lower.setAccessibleName("Hình thức thấp hơn")
        self.lower.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lower.setMinimumContentsLength(12)
        self.years = QSpinBox(self)
        self.years.setRange(1, fe.MAX_YEARS)
        self.years.setSuffix(" năm")
        self.share = QDoubleSpinBox(self)
        self.share.setRange(0, 100)
        self.share.setDecimals(1)
        self.share.setSuffix(" %")
        self.criterion = combo(self, "Dành cho", fe.CRITERION_NAMES)
        self.text = QLineEdit(self)
        self.text.setMaxLength(fe.MAX_TEXT + 20)
        self.add_button = QPushButton("Thêm điề&u kiện", self)
        self.remove_button = QPushButton("Xóa điều kiệ&n", self)
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget in (("Kiể&u:", self.type), ("Hình thức thấp &hơn:", self.lower),
                                ("Số nă&m:", self.years), ("Tỷ &lệ:", self.share),
                                ("Dành &cho:", self.criterion), ("Nội d&ung:", self.text)):
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            fields.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(fields)
        layout.addLayout(row_of(self.add_button, self.remove_button))
        self.list.currentRowChanged.connect(self._show)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self._enable()

    @property
    def conds(self) -> list[dict] | None:
        """The conditions of the form shown (None: no form)."""
        return None if self.form is None else self.form.get("conditions")

    def show_form(self, form: dict | None, forms: list[dict]) -> None:
        """Edit the conditions of `form`, one of the set's `forms` (None shows nothing)."""
        self.store()
        self.form, self._cond = form, -1
        self.names = {f.get("code", ""): f.get("name", "") for f in forms}
        self.lower.clear()
        for other in forms:
            if other is not form:
                self.lower.addItem(other.get("name") or other.get("code", ""), other.get("code", ""))
        self._fill()
        self.list.setCurrentRow(0 if self.conds else -1)
        self._enable()

    def sentence(self, cond: dict) -> str:
        """The condition in words; "(mặc định)" when no text in hand fixes its figure."""
        text = fe.condition_sentence(cond, self.names) or "(điều kiện chưa ghi)"
        return text + (" (mặc định)" if str(cond.get("basis", "")).startswith("mặc định") else "")

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for cond in self.conds or []:
            self.list.addItem(self.sentence(cond))
        self.list.blockSignals(False)

    def _show(self, row: int) -> None:
        self.store()
        self._cond = row
        self._enable()
        if self.conds is None or not 0 <= row < len(self.conds):
            return
        cond = self.conds[row]
        pick(self.type, cond.get("type", "text"))
        pick(self.lower, cond.get("form", ""))
        self.years.setValue(int(cond.get("years", 1) or 1))
        self.share.setValue(round(100 * float(cond.get("share", 0) or 0), 1))
        pick(self.criterion, cond.get("criterion", "women"))
        show_start(self.text, cond.get("text", ""))
        self._type_changed()

    def _enable(self) -> None:
        on = self._cond >= 0
        for widget in (self.type, self.lower, self.years, self.share, self.criterion, self.text,
                       self.remove_button):
            widget.setEnabled(on)
        self.add_button.setEnabled(self.form is not None)
        if on:
            self._type_changed()

    def _type_changed(self, *_args) -> None:
        """Only the fields the condition's type uses can be edited."""
        used = {"text": {self.text}, "holds": {self.lower}, "consecutive_years": {self.lower, self.years},
                "max_share_of": {self.lower, self.share},
                "min_share": {self.share, self.criterion}}[self.type.currentData()]
        for widget in (self.lower, self.years, self.share, self.criterion, self.text):
            widget.setEnabled(self._cond >= 0 and widget in used)

    def store(self) -> None:
        """Keep what the fields say in the condition shown."""
        if self.conds is None or not 0 <= self._cond < len(self.conds):
            return
        kind = self.type.currentData()
        cond = {"type": kind}
        if kind == "text":
            cond["text"] = self.text.text()
        if kind in ("holds", "consecutive_years", "max_share_of"):
            cond["form"] = self.lower.currentData() or ""
        if kind in ("holds", "consecutive_years"):
            cond["years"] = self.years.value()
        if kind in ("max_share_of", "min_share"):
            cond["share"] = round(self.share.value() / 100, 4)
        if kind == "min_share":
            cond["criterion"] = self.criterion.currentData()
        old = {k: v for k, v in self.conds[self._cond].items() if k != "basis"}
        if old != cond:  # edited by the officer: no longer the bundled default
            self.conds[self._cond] = cond
            self.list.item(self._cond).setText(self.sentence(cond))

    def add(self) -> None:
        """A new free-text condition."""
        if self.form is None:
            return
        self.store()
        self.form.setdefault("conditions", []).append({"type": "text", "text": ""})
        self._fill()
        self.list.setCurrentRow(len(self.conds) - 1)
        self.text.setFocus()

    def remove(self) -> None:
        """Remove the selected condition."""
        if self.conds is not None and 0 <= self._cond < len(self.conds):
            del self.conds[self._cond]
            self._cond = -1
            self._fill()
            self.list.setCurrentRow(len(self.conds) - 1 if self.conds else -1)
            self._enable()
