"""The red sentence a dialog shows when a value is refused, and the save that fills it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from thidua_desktop.gui.undo import AppliedCommand, push

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    """A wrapping red label, hidden until a refusal is said in it."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName("Thông báo")
    label.hide()
    return label


def apply_or_say(session, command: AppliedCommand, message: QLabel) -> bool:
    """Apply and push a dialog's command (gui/undo.push); on a refused value put its sentence
    in `message` and write nothing."""
    def say(text: str) -> None:
        message.setText(text)
        message.show()

    return push(session, command, say)
