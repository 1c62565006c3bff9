"""Add a speech or a video: speaker from the roster, title, field, length."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches, repository

MIN_COMBO_CHARS = 24


class SpeechDialog(QDialog):
    """Collects the fields of a new speech (kind "speech") or video (kind "video")."""

    def __init__(self, db, event_id: int, kind: str = "speech", parent=None):
        super().__init__(parent)
        self.db, self.event_id, self.kind = db, event_id, kind
        self.setWindowTitle("Thêm tham luận" if kind == "speech" else "Thêm video")
        event = repository.event(db, event_id)
        limits = agenda_speeches.limits(db, event.plan_id)
        form = QFormLayout(self)
        # the video-only controls exist only for a video: made and left out of the form, they sat
        # over "Người trình bày" and took the first focus
        self.video_kind: QComboBox | None = None
        self.item: QComboBox | None = None
        if kind == "video":
            self.video_kind = QComboBox(self)
            for code, name in agenda_speeches.VIDEO_KINDS.items():
                self.video_kind.addItem(name, code)
            form.addRow("Loại video:", self.video_kind)
        self.speaker = QComboBox(self)
        self.speaker.setEditable(False)
        self.speaker.addItem("(không có người trình bày)", None)
        choices = svc.presenter_choices(db, event_id)
        for choice in sorted(choices, key=lambda c: c.category != "exemplary"):
            self.speaker.addItem(choice.label, choice.delegate_id)
        form.addRow("Người trình bày:", self.speaker)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("Tên tham luận hoặc video")
        form.addRow("Tên:", self.title_edit)
        self.field = QComboBox(self)
        self.field.setEditable(True)
        self.field.addItem("")
        self.field.addItems(repository.plan_rules(db, event.plan_id).structure.fields)
        form.addRow("Lĩnh vực:", self.field)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(" phút")
        self.minutes.setValue(limits.overview_minutes if kind == "video" and limits.overview_minutes
                              else limits.default_minutes)
        form.addRow("Thời lượng:", self.minutes)
        if kind == "video":
            self.item = QComboBox(self)
            self.item.setAccessibleName("Chiếu trong mục")
            self.item.addItem("(theo loại video)", None)
            for item in svc.agenda(db, event_id).items:
                self.item.addItem(f"{item.position}. {item.title}", item.id)
            form.addRow("Chiếu trong mục:", self.item)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.speaker.currentIndexChanged.connect(self._speaker_picked)
        if self.video_kind is not None:
            self.video_kind.currentIndexChanged.connect(self._kind_picked)
        self._limits = limits
        for combo in self.findChildren(QComboBox):
            # long agenda titles or names must not widen the dialog past a small screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(MIN_COMBO_CHARS)
            combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
            combo.view().setMinimumWidth(0)

    def _speaker_picked(self, _index: int) -> None:
        delegate_id = self.speaker.currentData()
        if delegate_id and not self.field.currentText():
            row = self.db.execute("SELECT field FROM delegates WHERE id = ?", [delegate_id]).fetchone()
            self.field.setEditText(row[0] if row else "")

    def _kind_picked(self, _index: int) -> None:
        if self.video_kind.currentData() == "exemplar" and self._limits.exemplar_max_minutes:
            self.minutes.setValue(self._limits.exemplar_max_minutes)
        elif self._limits.overview_minutes:
            self.minutes.setValue(self._limits.overview_minutes)

    def fields(self) -> dict:
        """The values as add_speech takes them."""
        return {
            "title": self.title_edit.text(), "delegate_id": self.speaker.currentData(), "kind": self.kind,
            "video_kind": self.video_kind.currentData() if self.kind == "video" else "",
            "field": self.field.currentText(), "duration_min": self.minutes.value(),
            "agenda_item_id": self.item.currentData() if self.kind == "video" else None,
        }

    def accept(self) -> None:  # noqa: D102 - Qt override: validate before closing
        try:
            agenda_speeches.clean_speech_changes(self.db, self.event_id, self.fields())
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        super().accept()
