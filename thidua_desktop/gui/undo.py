"""The undo pattern every tab uses: write first, then push (nothing lands on a refused write).

A command does its first write in `apply()`, inside one transaction, before
it is pushed: a UserError then reaches the user as a sentence and nothing is
written or stacked. `redo()` skips that first time (QUndoStack.push calls it
at once) and replays afterwards; `undo()` reverses. After each step the
command says what changed (`changed()`), so the views refresh.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError


class AppliedCommand(QUndoCommand):
    """A write whose first run happens in `apply()`; later redos replay it."""

    area = ""  # what session.data_changed announces

    def __init__(self, session, text: str):
        super().__init__(text)
        self.session = session
        self._first = True

    @property
    def db(self):
        """The session's database."""
        return self.session.db

    def apply(self) -> None:
        """Do the write the first time (may raise UserError: nothing written)."""
        with self.db.atomic():
            self._do()

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            with self.db.atomic():
                self._redo()
        self.changed()

    def undo(self) -> None:
        with self.db.atomic():
            self._undo()
        self.changed()

    def changed(self) -> None:
        """Tell the views what changed (default: the session's data_changed signal)."""
        self.session.notify_data_changed(self.area)

    def _do(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        self._do()

    def _undo(self) -> None:
        raise NotImplementedError


def run_command(session, command: AppliedCommand, parent: QWidget | None = None) -> bool:
    """Apply and push a command; a user error becomes a message box and nothing is pushed."""
    try:
        command.apply()
    except UserError as exc:
        QMessageBox.warning(parent, APP_NAME, exc.message)
        return False
    session.undo_stack.push(command)
    return True
