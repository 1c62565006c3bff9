"""The speeches panel: speeches and videos with their vetting, the deadline, the field mix."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from thidua_desktop.domain.deadlines import Deadline, format_date
from thidua_desktop.errors import UserError
from thidua_desktop.gui.agenda import commands
from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog
from thidua_desktop.gui.agenda.speeches_model import COL_TITLE, SpeechesTableModel
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.flow_layout import flow_row
from thidua_desktop.services import agenda_speeches, repository


class SpeechesPanel(QGroupBox):
    """Speeches and videos of the current event; every change is undoable."""

    def __init__(self, session, report, parent=None):
        super().__init__(parent)
        self.setFlat(True)
        self.session = session
        self.report = report  # callable(str): shows a sentence to the officer
        self.model = SpeechesTableModel(self)
        self.model.edit_requested.connect(self._edit, Qt.ConnectionType.QueuedConnection)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setObjectName("speechesTable")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.add_speech_button = QPushButton("Thêm tham luận…", self)
        self.add_video_button = QPushButton("Thêm &video…", self)
        self.delete_button = QPushButton("Xóa", self)
        self.up_button = QPushButton("Lên", self)
        self.down_button = QPushButton("Xuống", self)
        self.vetting_buttons = {}
        self.vetted_on = QDateEdit(self)
        self.vetted_on.setDisplayFormat("dd/MM/yyyy")
        self.vetted_on.setCalendarPopup(True)
        self.vetted_on.setDate(QDate.currentDate())
        self.vetted_on.setToolTip("Ngày Hội đồng thẩm định")
        vetted_label = QLabel("Thẩ&m định ngày", self)
        vetted_label.setBuddy(self.vetted_on)
        for state, text in agenda_speeches.VETTING.items():
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, s=state: self.set_vetting(s))
            self.vetting_buttons[state] = button
        bar = flow_row(self, self.add_speech_button, self.add_video_button, self.delete_button, self.up_button,
                       self.down_button, vetted_label, self.vetted_on, *self.vetting_buttons.values(),
                       stretch_at=5)
        self.deadline_label = QLabel(self)
        self.deadline_label.setWordWrap(True)
        self.mix_label = QLabel(self)
        self.mix_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.mix_label)
        self.add_speech_button.clicked.connect(lambda: self.add("speech"))
        self.add_video_button.clicked.connect(lambda: self.add("video"))
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    # --- refresh ------------------------------------------------------------
    def load(self, db, event_id: int | None) -> None:
        """Refill from the database, keeping the selected speech."""
        current = self.current()
        rows = agenda_speeches.speeches(db, event_id) if event_id else []
        deadline = agenda_speeches.vetting_deadline(db, repository.event(db, event_id)) if event_id else None
        late = deadline is not None and dt.date.today() > deadline
        self.model.set_rows(rows, {s.id for s in rows if late and s.vetting != "approved"})
        self.model.editable = not self.session.readonly
        for w in (self.add_speech_button, self.add_video_button, self.delete_button, self.up_button,
                  self.down_button, *self.vetting_buttons.values()):
            w.setEnabled(bool(event_id) and not self.session.readonly)
        if current is not None and self.model.row_of(current.id) >= 0:
            self.table.selectRow(self.model.row_of(current.id))
        if not event_id:
            self.deadline_label.clear()
            self.mix_label.clear()
            return
        event = repository.event(db, event_id)
        shape = agenda_speeches.limits(db, event.plan_id).vetting_deadline
        if deadline:
            pending = sum(s.vetting != "approved" for s in rows)
            self.deadline_label.setText(
                f"Hạn thẩm định: {format_date(deadline)} ({Deadline.from_dict(shape).describe()}); "
                f"còn {pending} nội dung chưa duyệt.")
        else:
            self.deadline_label.setText("Hạn thẩm định: chưa tính được (sự kiện chưa có ngày tổ chức).")
        mix = agenda_speeches.mix(db, event_id)
        text = f"Cơ cấu tham luận theo lĩnh vực: {mix.describe()}."
        if mix.missing_fields and mix.fields:
            text += f" Chưa có lĩnh vực: {', '.join(mix.missing_fields)}."
        self.mix_label.setText(text)

    def current(self):
        """The selected speech, or None."""
        index = self.table.currentIndex()
        return self.model.speech(index.row()) if index.isValid() else None

    # --- actions ------------------------------------------------------------
    def _push(self, command) -> bool:
        return push(self.session, command, self.report)

    def add(self, kind: str) -> None:
        """Add a speech or a video through the dialog."""
        if not self.session.event_id:
            return
        dialog = SpeechDialog(self.session.db, self.session.event_id, kind, self)
        if dialog.exec():
            self.add_fields(dialog.fields())

    def add_fields(self, fields: dict) -> bool:
        """Add a speech from its fields (validated first)."""
        try:
            agenda_speeches.clean_speech_changes(self.session.db, self.session.event_id, fields)
        except UserError as exc:
            self.report(exc.message)
            return False
        return self._push(commands.AddSpeech(self.session, self.session.event_id, **fields))

    def _edit(self, speech_id: int, changes: dict) -> None:
        speech = self.model.speech(self.model.row_of(speech_id))
        try:
            agenda_speeches.clean_speech_changes(self.session.db, self.session.event_id, changes)
        except UserError as exc:
            self.report(exc.message)
            self.load(self.session.db, self.session.event_id)
            return
        self._push(commands.EditSpeech(self.session, speech_id, changes, speech.title if speech else ""))

    def delete_current(self) -> None:
        """Delete the selected speech."""
        s = self.current()
        if s is not None:
            self._push(commands.DeleteSpeech(self.session, s.id, s.title))

    def move_current(self, step: int) -> None:
        """Move the selected speech up (-1) or down (+1)."""
        s = self.current()
        if s is None:
            return
        row = self.model.row_of(s.id)
        if 0 <= row + step < self.model.rowCount():
            self._push(commands.MoveSpeech(self.session, s.id, row + step, s.title))

    def set_vetting(self, state: str) -> None:
        """Record the council's decision on the selected speech, on the chosen date."""
        s = self.current()
        if s is None:
            self.report("Hãy chọn một tham luận trong danh sách trước.")
            return
        on = self.vetted_on.date().toPython() if state != "pending" else None
        if isinstance(on, dt.date) and on > dt.date.today():
            self.report("Ngày thẩm định không được sau ngày hôm nay.")
            return
        self._push(commands.SetVetting(self.session, s.id, state, on, s.title))
