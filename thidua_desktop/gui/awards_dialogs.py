"""Dialogs of the Khen thưởng tab: a new round, a new proposal. They collect values; services check them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.services import awards_service as svc


def _date(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class NewRoundDialog(QDialog):
    """Đợt khen thưởng mới: name, year, council, meeting date, signer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Đợt khen thưởng mới")
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setMaxLength(300)
        self.name.setPlaceholderText("Ví dụ: Phong trào thi đua yêu nước năm 2026")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.members = QSpinBox(self)
        self.members.setRange(1, 99)
        self.members.setValue(9)
        self.meeting = QDateEdit(QDate.currentDate(), self)
        self.meeting.setCalendarPopup(True)
        self.meeting.setDisplayFormat("dd/MM/yyyy")
        self.signer = QLineEdit(self)
        self.signer.setMaxLength(100)
        form.addRow("Tên đợt:", self.name)
        form.addRow("Năm:", self.year)
        form.addRow("Thành viên Hội đồng:", self.members)
        form.addRow("Ngày họp Hội đồng:", self.meeting)
        form.addRow("Người ký quyết định:", self.signer)
        form.addRow(ok_cancel(self, "Tạo đợt"))


class NewProposalDialog(QDialog):
    """Thêm đề nghị: unit, person or collective, name and details, the form asked, the achievement."""

    def __init__(self, forms, units: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Thêm đề nghị khen thưởng")
        self._forms = forms
        form = QFormLayout(self)
        self.unit = QComboBox(self)
        for unit_id, name in units:
            self.unit.addItem(name, unit_id)
        self.kind = QComboBox(self)
        self.kind.addItem("Cá nhân", "person")
        self.kind.addItem("Tập thể", "collective")
        self.name = QLineEdit(self)
        self.name.setMaxLength(300)
        self.birth_year = QSpinBox(self)
        self.birth_year.setRange(0, 2100)
        self.birth_year.setSpecialValueText("—")
        self.sex = QComboBox(self)
        for text in ("", "Nam", "Nữ"):
            self.sex.addItem(text or "—", text or None)
        self.position = QLineEdit(self)
        self.workplace = QLineEdit(self)
        self.form_code = QComboBox(self)
        self.achievement = QPlainTextEdit(self)
        self.achievement.setFixedHeight(70)
        form.addRow("Đơn vị đề nghị:", self.unit)
        form.addRow("Đối tượng:", self.kind)
        form.addRow("Họ và tên / Tên tập thể:", self.name)
        form.addRow("Năm sinh:", self.birth_year)
        form.addRow("Giới tính:", self.sex)
        form.addRow("Chức vụ:", self.position)
        form.addRow("Đơn vị công tác:", self.workplace)
        form.addRow("Hình thức:", self.form_code)
        form.addRow("Thành tích:", self.achievement)
        form.addRow(ok_cancel(self, "Thêm"))
        self.kind.currentIndexChanged.connect(self._fill_forms)
        self._fill_forms()

    def _fill_forms(self, *_args) -> None:
        kind = self.kind.currentData()
        self.form_code.clear()
        for f in self._forms.forms:
            if f.allows(kind):
                self.form_code.addItem(f.name, f.code)
        for widget in (self.birth_year, self.sex, self.position):
            widget.setEnabled(kind == "person")

    def values(self) -> dict:
        """The typed values, as add_proposal takes them."""
        person = self.kind.currentData() == "person"
        return dict(unit_id=self.unit.currentData(), form_code=self.form_code.currentData() or "",
                    kind=self.kind.currentData(), name=self.name.text(),
                    birth_year=(self.birth_year.value() or None) if person else None,
                    sex=self.sex.currentData() if person else None, position=self.position.text() if person else "",
                    workplace=self.workplace.text(), achievement=self.achievement.toPlainText())


class NewRoundCommand(AppliedCommand):
    """Create a round; undo deletes it (with whatever was added to it since is undone first)."""

    area = "awards"

    def __init__(self, session, values: dict):
        super().__init__(session, "Tạo đợt khen thưởng")
        self.values = values
        self.code = ""

    def _do(self) -> None:
        year = self.values["year"]
        taken = {r.code for r in svc.rounds(self.db)}
        self.code = next(c for c in [f"kt-{year}"] + [f"kt-{year}-{n}" for n in range(2, 1000)] if c not in taken)
        plan = self.session.plan_id
        unit = self.db.execute("SELECT organiser_id FROM plans WHERE id = ?", [plan]).fetchone() if plan else None
        svc.create_round(self.db, self.code, self.values["name"], year, plan_id=plan,
                         issuer_unit_id=unit[0] if unit else None, council_members=self.values["members"],
                         signer_name=self.values["signer"], meeting_date=self.values["meeting"])

    def _undo(self) -> None:
        self.db.execute("DELETE FROM award_rounds WHERE code = ?", [self.code])

    def changed(self) -> None:
        self.session.notify_data_changed("award_rounds")


class NewProposalCommand(AppliedCommand):
    """Add one proposal; undo removes it."""

    area = "awards"

    def __init__(self, session, round_code: str, values: dict):
        super().__init__(session, f"Thêm đề nghị “{values['name']}”")
        self.round_code, self.values = round_code, values
        self.proposal_id: int | None = None

    def _do(self) -> None:
        values = dict(self.values)
        rnd = svc.round_by_code(self.db, self.round_code)
        self.proposal_id = svc.add_proposal(self.db, rnd, values.pop("unit_id"), values.pop("form_code"), **values)

    def _undo(self) -> None:
        self.db.execute("DELETE FROM award_proposals WHERE id = ?", [self.proposal_id])


def round_values(dialog: NewRoundDialog) -> dict:
    """The new round's values from its dialog."""
    return dict(name=dialog.name.text(), year=dialog.year.value(), members=dialog.members.value(),
                meeting=_date(dialog.meeting), signer=dialog.signer.text())


class ImportCommand(AppliedCommand):
    """Import a unit's proposal workbook (all rows or none); undo removes exactly those proposals."""

    area = "awards"

    def __init__(self, session, round_code: str, unit_id: int, path):
        super().__init__(session, "Nhập danh sách đề nghị")
        self.round_code, self.unit_id, self.path = round_code, unit_id, path
        self.added: list[int] = []
        self.result = None

    def _ids(self) -> set[int]:
        rnd = svc.round_by_code(self.db, self.round_code)
        return {r[0] for r in self.db.execute("SELECT id FROM award_proposals WHERE round_id = ?", [rnd.id])}

    def _do(self) -> None:
        from thidua_desktop.services.awards_import import import_proposals

        before = self._ids()
        self.result = import_proposals(self.db, svc.round_by_code(self.db, self.round_code), self.unit_id,
                                       self.path)
        self.added = sorted(self._ids() - before)

    def _undo(self) -> None:
        self.db.conn.executemany("DELETE FROM award_proposals WHERE id = ?", [(pid,) for pid in self.added])
