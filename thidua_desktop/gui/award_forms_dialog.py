"""Hình thức khen thưởng…: the dated sets of award forms and the council's threshold, edited.

Top: the set (its start date and the decree that fixes it), "Sao chép thành
bộ mới…" to start a set from another date when a new decree comes. Below:
the set's forms on the left, the selected form's fields in the middle, its
conditions on the right (gui/award_conditions.py: each a sentence; the
fields under the list edit the selected one), the council's threshold at the
bottom. "Lưu" saves every
changed set and the threshold as one undoable step; a bad value is said under
the form (services/awards_forms_edit.py), the set it is in is shown, nothing
is saved. A form's code is fixed once saved (proposals and the history point
at it); a new form's code is typed.
"""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.errors import ValidationError
from thidua_desktop.gui.accelerators import unique_accelerators
from thidua_desktop.gui.award_conditions import ConditionsBox, combo, pick, row_of, show_start
from thidua_desktop.gui.screen_fit import available, fit_to_screen
from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.message import apply_or_say, error_label
from thidua_desktop.services import awards_forms as af
from thidua_desktop.services import awards_forms_edit as fe


class AwardFormsCommand(AppliedCommand):
    """Save changed form sets and the council rule; undo puts the stored sets back exactly."""

    area = "awards"

    def __init__(self, session, sets: list[dict], council: dict):
        super().__init__(session, "Sửa hình thức khen thưởng")
        self.sets, self.council = sets, council
        self.before: dict | None = None

    def _do(self) -> None:
        self.before = af.stored_block(self.db)
        fe.save_sets(self.db, self.sets, self.council)

    def _undo(self) -> None:
        fe.replace_all(self.db, self.before)


class CopySetDialog(QDialog):
    """The new set's start date and the decree that fixes it."""

    def __init__(self, source: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sao chép thành bộ hình thức mới")
        form = QFormLayout(self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        start = dt.date.fromisoformat(source["effective_from"])
        self.date.setDate(QDate(start.year + 1, 1, 1))
        self.decree = QLineEdit(self)
        self.decree.setMaxLength(fe.MAX_DECREE + 20)
        self.decree.setPlaceholderText("Nghị định số …/…/NĐ-CP")
        form.addRow(QLabel(f"Sao chép các hình thức của “{source['decree']}”.", self))
        form.addRow("&Áp dụng từ ngày:", self.date)
        form.addRow("&Văn bản quy định:", self.decree)
        form.addRow(ok_cancel(self, "Sao chép"))

    def values(self) -> tuple[dt.date, str]:
        """The date and decree typed."""
        day = self.date.date()
        return dt.date(day.year(), day.month(), day.day()), self.decree.text()


class AwardFormsDialog(QDialog):
    """The file's award form sets; `command` is set when something was saved."""

    def __init__(self, session, parent: QWidget | None = None, on: dt.date | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Hình thức khen thưởng và điều kiện")
        af.ensure_form_sets(session.db)
        self.stored = af.stored_block(session.db)
        self.sets: list[dict] = copy.deepcopy(self.stored["sets"])
        self.saved_codes = {s["effective_from"]: {f["code"] for f in s["forms"]} for s in self.sets}
        self.command: AwardFormsCommand | None = None
        self._set = self._form = -1
        self._build()
        council = self.stored["council"]
        self.threshold.setValue(round(100 * float(council.get("threshold", 0.5)), 1))
        pick(self.strict, bool(council.get("strictly_more", True)))
        self._fill_sets()
        # The set in force on `on` (the round's date: its forms are the ones asked for), else the newest.
        index = self.set_index_on(on) if on else len(self.sets) - 1
        self.set_combo.setCurrentIndex(index)
        if self._set != index:  # the combo already stood there after filling: no signal came
            self._show_set(index)
        unique_accelerators(self)  # many fields, few letters: a later claimant moves to a free one
        room = available(self).size()  # grows on a large screen (long names, conditions), fits a small one
        fit_to_screen(self, min(max(980, int(room.width() * 0.75)), 1500),
                      min(max(540, int(room.height() * 0.8)), 950))

    def set_index_on(self, on: dt.date) -> int:
        """The index of the set in force on `on` (services/awards_forms.in_effect decides which)."""
        start = af.in_effect(af.form_sets(self.session.db)[0], on).effective_from.isoformat()
        return next((i for i, one in enumerate(self.sets) if one["effective_from"] == start), len(self.sets) - 1)

    # --- building --------------------------------------------------------------------
    def _build(self) -> None:
        self.set_combo = QComboBox(self)
        self.set_combo.setAccessibleName("Bộ hình thức")
        self.set_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_combo.setMinimumContentsLength(30)
        self.copy_button = QPushButton("Sao &chép thành bộ mới…", self)
        self.decree = QLineEdit(self)
        self.decree.setAccessibleName("Văn bản quy định")
        self.decree.setMaxLength(fe.MAX_DECREE + 20)
        self.start = QLabel(self)
        top = QGridLayout()
        top.addWidget(QLabel("&Bộ:", self, buddy=self.set_combo), 0, 0)
        top.addWidget(self.set_combo, 0, 1)
        top.addWidget(self.copy_button, 0, 2)
        top.addWidget(QLabel("&Văn bản quy định:", self, buddy=self.decree), 1, 0)
        top.addWidget(self.decree, 1, 1)
        top.addWidget(self.start, 1, 2)
        top.setColumnStretch(1, 1)
        self.forms = QListWidget(self)
        self.forms.setAccessibleName("Các hình thức")
        # Long names ("Giấy khen của Chủ tịch Ủy ban nhân dân huyện") wrap whole: they differ at their end.
        self.forms.setMinimumWidth(200)
        self.forms.setWordWrap(True)
        self.forms.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.forms.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.add_form_button = QPushButton("&Thêm", self)
        self.remove_form_button = QPushButton("&Xóa", self)
        left = QVBoxLayout()
        left.addWidget(self.forms, 1)
        left.addLayout(row_of(self.add_form_button, self.remove_form_button))
        self.code = QLineEdit(self)
        self.code.setMaxLength(40)
        self.name = QLineEdit(self)
        self.name.setMaxLength(fe.MAX_NAME + 20)
        self.kind = combo(self, "Loại", fe.KIND_NAMES)
        self.target = combo(self, "Đối tượng", fe.TARGET_NAMES)
        self.level = combo(self, "Cấp", af.LEVEL_NAMES)
        self.authority = QLineEdit(self)
        self.authority.setMaxLength(fe.MAX_AUTHORITY + 20)
        self.certificate = QLineEdit(self)
        self.certificate.setMaxLength(fe.MAX_NAME + 20)
        self.certificate.setPlaceholderText("Giấy khen, Bằng khen (nếu in phôi)")
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget in (("&Mã:", self.code), ("Tê&n:", self.name), ("&Loại:", self.kind),
                                ("Đối tượn&g:", self.target), ("Cấ&p:", self.level),
                                ("Thẩm &quyền:", self.authority), ("&Phôi:", self.certificate)):
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            fields.addRow(caption, widget)
        middle = QGroupBox("Hình thức", self)
        middle.setLayout(fields)
        self.cond = ConditionsBox(self)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(middle, 3)
        columns.addWidget(self.cond, 4)
        self.strict = QComboBox(self)
        self.strict.setAccessibleName("Cách tính ngưỡng")
        self.strict.addItem("trên", True)
        self.strict.addItem("từ … trở lên", False)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setAccessibleName("Tỷ lệ phiếu của Hội đồng")
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(1)
        self.threshold.setSuffix(" %")
        council = row_of(QLabel("Hội đồng: được khen khi số phiếu đồng ý", self), self.strict, self.threshold,
                       QLabel("số thành viên có mặt", self))
        council.addStretch(1)
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addLayout(council)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "Lưu"))
        self.set_combo.currentIndexChanged.connect(self._show_set)
        self.forms.currentRowChanged.connect(self._show_form)
        self.copy_button.clicked.connect(self.copy_set)
        self.add_form_button.clicked.connect(self.add_form)
        self.remove_form_button.clicked.connect(self.remove_form)

    # --- showing ---------------------------------------------------------------------
    def current_set(self) -> dict:
        """The set shown (the working copy)."""
        return self.sets[self._set]

    def _fill_sets(self) -> None:
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for one in self.sets:
            start = dt.date.fromisoformat(one["effective_from"])
            self.set_combo.addItem(f"Từ {start:%d/%m/%Y}: {one['decree']}", one["effective_from"])
        self.set_combo.blockSignals(False)

    def _show_set(self, index: int) -> None:
        self._store()
        self._set, self._form = index, -1
        if not 0 <= index < len(self.sets):
            return
        one = self.sets[index]
        show_start(self.decree, one["decree"])
        default = str(one.get("effective_from_basis", "")).startswith("mặc định")
        self.start.setText(f"áp dụng từ {dt.date.fromisoformat(one['effective_from']):%d/%m/%Y}"
                           + (" (mặc định)" if default else ""))
        self.start.setToolTip("\n".join(filter(None, (one.get("effective_from_basis"), one.get("note")))))
        self._fill_forms()
        self.forms.setCurrentRow(0)

    def _fill_forms(self) -> None:
        self.forms.blockSignals(True)
        self.forms.clear()
        for form in self.current_set()["forms"]:
            self.forms.addItem(form.get("name") or "(chưa đặt tên)")
            self.forms.item(self.forms.count() - 1).setToolTip(form.get("name", ""))
        self.forms.blockSignals(False)

    def _show_form(self, row: int) -> None:
        self._store()
        self._form = row
        forms = self.current_set()["forms"]
        if not 0 <= row < len(forms):
            self.cond.show_form(None, forms)
            return
        form = forms[row]
        show_start(self.code, form.get("code", ""))
        saved = form.get("code") in self.saved_codes.get(self.current_set()["effective_from"], set())
        self.code.setReadOnly(saved)
        self.code.setToolTip("Mã đã dùng trong đề nghị và lịch sử khen thưởng nên không sửa được." if saved else
                             "Chữ thường không dấu, chữ số, dấu gạch dưới, ví dụ bk_tinh.")
        show_start(self.name, form.get("name", ""))
        pick(self.kind, form.get("kind", "certificate"))
        pick(self.target, form.get("for", "both"))
        pick(self.level, form.get("level", "district"))
        show_start(self.authority, form.get("authority", ""))
        show_start(self.certificate, form.get("certificate", ""))
        self.cond.show_form(form, forms)

    def _store(self) -> None:
        """Keep what the fields say for the set, form and condition shown."""
        if not 0 <= self._set < len(self.sets):
            return
        one = self.current_set()
        one["decree"] = self.decree.text()
        if 0 <= self._form < len(one["forms"]):
            self.cond.store()
            form = one["forms"][self._form]
            form.update(code=self.code.text().strip(), name=self.name.text(), kind=self.kind.currentData(),
                        level=self.level.currentData(), authority=self.authority.text())
            form["for"] = self.target.currentData()
            if self.certificate.text().strip() or "certificate" in form:
                form["certificate"] = self.certificate.text()
            self.forms.item(self._form).setText(form["name"] or "(chưa đặt tên)")

    # --- actions -------------------------------------------------------------------------
    def copy_set(self, _checked=False, values: tuple[dt.date, str] | None = None) -> bool:
        """Sao chép thành bộ mới: the shown set's forms from a new date (saved with Lưu)."""
        self._store()
        if values is None:
            dialog = CopySetDialog(self.current_set(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        start, decree = values
        if any(s["effective_from"] == start.isoformat() for s in self.sets):
            return self._say(f"Đã có bộ hình thức áp dụng từ {start:%d/%m/%Y}; hãy chọn ngày khác.")
        if not decree.strip():
            return self._say("Hãy ghi văn bản quy định bộ hình thức mới (ví dụ: Nghị định số 152/2025/NĐ-CP).")
        new = fe.copy_set(self.current_set(), start, decree)
        self.saved_codes[new["effective_from"]] = set()  # every code of a new set is still free
        self.sets.append(new)
        self.sets.sort(key=lambda s: s["effective_from"])
        self._set = -1
        self._fill_sets()
        self.set_combo.setCurrentIndex(self.sets.index(new))
        self._show_set(self.sets.index(new))
        self.message.hide()
        return True

    def add_form(self) -> None:
        """A new form at the end of the set, its name selected for typing."""
        self._store()
        forms = self.current_set()["forms"]
        forms.append({"code": fe.new_code(forms), "name": "Hình thức mới", "kind": "certificate", "for": "both",
                      "level": forms[-1]["level"] if forms else "commune", "authority": "", "conditions": []})
        self._fill_forms()
        self.forms.setCurrentRow(len(forms) - 1)
        self.name.selectAll()
        self.name.setFocus()

    def remove_form(self) -> None:
        """Take the selected form out of the set (refused on Lưu while a condition names it)."""
        forms = self.current_set()["forms"]
        if not 0 <= self._form < len(forms):
            return
        code = forms[self._form].get("code")
        if code in self.saved_codes.get(self.current_set()["effective_from"], set()) and \
                code in fe.codes_in_use(self.session.db):
            self._say(f"Không xóa được “{forms[self._form].get('name')}”: đã có đề nghị hoặc khen thưởng "
                      "mang hình thức này.")
            return
        del forms[self._form]
        self._form = -1
        self._fill_forms()
        self.forms.setCurrentRow(0 if forms else -1)

    def council(self) -> dict:
        """The council rule as the fields say."""
        rule = dict(self.stored.get("council") or {})
        rule.update(threshold=round(self.threshold.value() / 100, 4), strictly_more=bool(self.strict.currentData()))
        return rule

    def changed_sets(self) -> list[dict]:
        """The sets that differ from the stored ones, or are new."""
        self._store()
        stored = {s["effective_from"]: s for s in self.stored["sets"]}
        return [s for s in self.sets if stored.get(s["effective_from"]) != s]

    def _say(self, text: str) -> bool:
        self.message.setText(text)
        self.message.show()
        return False

    def accept(self) -> None:
        """Save as one undoable step; on a bad value show its set, say why and stay open."""
        changed = self.changed_sets()
        council = self.council()
        if not changed and council == self.stored.get("council"):
            super().accept()
            return
        for one in changed:
            try:
                fe.check_set(fe.clean_set(one))
            except ValidationError as exc:
                if self.sets.index(one) != self._set:
                    self.set_combo.setCurrentIndex(self.sets.index(one))
                self._say(exc.message)
                return
        command = AwardFormsCommand(self.session, changed, council)
        if apply_or_say(self.session, command, self.message):
            self.command = command
            super().accept()


def show_award_forms(session, parent: QWidget | None = None, on: dt.date | None = None) -> bool:
    """Open the editor on the session's file (on the set in force on `on`); True when something was saved."""
    if session.db is None or session.readonly:
        return False
    dialog = AwardFormsDialog(session, parent, on)
    return bool(dialog.exec() and dialog.command)
