"""Thêm / sửa mốc công việc: title, one of the deadline shapes, who does it, for whom.

The dialog checks the entry through the service (the same rules as every
other write) and shows the sentence under the form; it closes only on valid data.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.deadlines import KIND_LABELS
from thidua_desktop.errors import UserError
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.dates import date_edit, from_qdate, to_qdate  # noqa: F401 - re-exported
from thidua_desktop.gui.widgets.target_picker import TargetPicker, fit_height
from thidua_desktop.services import milestone_service as ms
from thidua_desktop.services import unit_targets as ut
from thidua_desktop.services.timeline_service import Timeline

KINDS = KIND_LABELS
APPLIES = tuple((code, ut.SHAPES[code]) for code in ms.APPLIES)


class MilestoneDialog(QDialog):
    """Edit one milestone's data; `data()` gives the MilestoneData once accepted."""

    def __init__(self, db, tl: Timeline, milestone_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.tl, self.milestone_id = db, tl, milestone_id
        self.setWindowTitle("Sửa mốc công việc" if milestone_id else "Thêm mốc công việc")
        self.setMinimumWidth(560)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Ví dụ: Gửi báo cáo kết quả Hội nghị về Phòng Nội vụ")
        self.kind = QComboBox(self)
        for code, label in KINDS:
            self.kind.addItem(label, code)
        self.pages = QStackedWidget(self)
        self._build_pages()
        # Every shape of the template: by hand, by kind, by group, the groups' heads or members.
        self.target = TargetPicker(ut.choices(db, tl.data.plan_id), ms.APPLIES, self)
        self.applies, self.units = self.target.shape, self.target.choices
        self.responsible = QLineEdit(self)
        self.partners = QLineEdit(self)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("Căn cứ, ví dụ: Kế hoạch 215/KH-UBND mục II.7")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #C62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Tên mốc:", self.title)
        form.addRow("&Loại hạn:", self.kind)
        self.when = QLabel(self)
        self.when.setObjectName("whenLabel")
        form.addRow(self.when, self.pages)
        form.addRow("&Áp dụng cho:", self.target)
        form.addRow("&Chủ trì:", self.responsible)
        form.addRow("&Phối hợp:", self.partners)
        form.addRow("&Căn cứ:", self.source)
        buttons = ok_cancel(self, "Lưu")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._show_page)
        self.applies.currentIndexChanged.connect(lambda: fit_height(self))  # the list came or went
        self._show_page(self.kind.currentIndex())
        self._result: ms.MilestoneData | None = None
        self._load()

    def _build_pages(self) -> None:
        today = self.tl.as_of
        self.fixed_date = date_edit(self, today)
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        self.month.setPrefix("Tháng ")
        self.month_year = QSpinBox(self)
        self.month_year.setRange(1990, 2100)
        self.quarter = QComboBox(self)
        for number, roman in enumerate(("I", "II", "III", "IV"), start=1):
            self.quarter.addItem(f"Quý {roman}", number)
        self.quarter_year = QSpinBox(self)
        self.quarter_year.setRange(1990, 2100)
        self.month_year.setValue(today.year)
        self.quarter_year.setValue(today.year)
        self.month.setValue(today.month)
        self.event = QComboBox(self)
        # One choice per event type: a type held by many units means "each unit's own event".
        by_type: dict[str, list[int]] = {}
        for (etype, _uid), eid in self.tl.data.own_events.items():
            by_type.setdefault(etype, []).append(eid)
        for etype, ids in by_type.items():
            name = self.tl.data.type_names.get(etype, etype)
            if len(ids) > 1:
                self.event.addItem(f"{name} (của chính từng đơn vị)", (None, etype))
            else:
                self.event.addItem(name, (ids[0], etype))
        self.event_offset = QSpinBox(self)
        self.event_offset.setRange(-366, 366)
        self.event_offset.setSuffix(" ngày")
        self.event_offset.setToolTip("Số âm: trước ngày tổ chức (ví dụ -10 là ít nhất 10 ngày trước).")
        self.after = QComboBox(self)
        for m in self.tl.milestones:
            if m.id != self.milestone_id:
                self.after.addItem(m.title, m.id)
        self.after_offset = QSpinBox(self)
        self.after_offset.setRange(0, 366)
        self.after_offset.setSuffix(" ngày sau")
        rows = [
            [self.fixed_date],
            [self.month, QLabel("năm"), self.month_year],
            [self.quarter, QLabel("năm"), self.quarter_year],
            [self.event, self.event_offset],
            [self.after, self.after_offset],
        ]
        # One label per kind, in KIND_LABELS order (fixed, month, quarter, event, after).
        self.page_labels = list(zip(("&Ngày:", "Thá&ng:", "&Quý:", "Sự &kiện:", "Sau &mốc:"),
                                    (widgets[0] for widgets in rows), strict=True))
        for widgets in rows:
            page = QWidget(self)
            box = QHBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                box.addWidget(w)
            box.addStretch(1)
            self.pages.addWidget(page)

    def _show_page(self, index: int) -> None:
        """The deadline's own fields, under a label that names them (Alt+letter to its first field)."""
        self.pages.setCurrentIndex(index)
        label, first = self.page_labels[index]
        self.when.setText(label)
        self.when.setBuddy(first)

    def _load(self) -> None:
        if self.milestone_id is None:
            return
        data = ms.data_of(self.db, self.milestone_id)
        self.title.setText(data.title)
        self.kind.setCurrentIndex([k for k, _ in KINDS].index(data.due_kind))
        if data.due_date:
            self.fixed_date.setDate(to_qdate(data.due_date))
        if data.due_kind == "month":
            self.month.setValue(data.due_period or 1)
            self.month_year.setValue(data.due_year or self.tl.as_of.year)
        if data.due_kind == "quarter":
            self.quarter.setCurrentIndex((data.due_period or 1) - 1)
            self.quarter_year.setValue(data.due_year or self.tl.as_of.year)
        if data.due_kind == "event":
            for i in range(self.event.count()):
                eid, etype = self.event.itemData(i)
                if etype == data.rel_event_type or (eid and eid == data.rel_event_id):
                    self.event.setCurrentIndex(i)
                    break
            self.event_offset.setValue(data.offset_days)
        if data.due_kind == "after":
            self.after.setCurrentIndex(max(0, self.after.findData(data.rel_milestone_id)))
            self.after_offset.setValue(max(0, data.offset_days))
        self.target.set_value(data.applies_to, data.unit_ids, data.kinds, data.groups)
        self.responsible.setText(data.responsible)
        self.partners.setText(data.partners)
        self.source.setText(data.source)
        self._code = data.code

    def collect(self) -> ms.MilestoneData:
        """The form as MilestoneData (not yet checked)."""
        kind = self.kind.currentData()
        applies, unit_ids, kinds, groups = self.target.value()
        data = ms.MilestoneData(
            title=self.title.text(), due_kind=kind, responsible=self.responsible.text(),
            partners=self.partners.text(), source=self.source.text(),
            applies_to=applies, code=getattr(self, "_code", ""),
            unit_ids=unit_ids if applies == "selected" else [], kinds=kinds, groups=groups,
        )
        if kind == "fixed":
            data.due_date = from_qdate(self.fixed_date.date())
        elif kind == "month":
            data.due_period, data.due_year = self.month.value(), self.month_year.value()
        elif kind == "quarter":
            data.due_period, data.due_year = self.quarter.currentData(), self.quarter_year.value()
        elif kind == "event":
            choice = self.event.currentData()
            data.rel_event_id, data.rel_event_type = choice if choice else (None, None)
            data.offset_days = self.event_offset.value()
        else:
            data.rel_milestone_id = self.after.currentData()
            data.offset_days = self.after_offset.value()
        return data

    def accept(self) -> None:
        data = self.collect()
        try:
            ms.validate(self.db, self.tl.data.plan_id, data, self.milestone_id)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self._result = data
        super().accept()

    def data(self) -> ms.MilestoneData | None:
        """The accepted data."""
        return self._result
