"""The one undo pattern of every tab: write first, then push (nothing lands on a refused write).

A command does its first write in `apply()`, inside one transaction, before
it is pushed: a UserError then reaches the user as a sentence and nothing is
written or stacked. `redo()` skips that first time (QUndoStack.push calls it
at once) and replays afterwards; `undo()` reverses. After each step the
command says what changed (`changed()`), so the views refresh.

A replay can find its target gone (deleted by another window or program
since): the transaction rolls back, the officer reads why (the session's
`message` signal), and the command is made obsolete so the stack drops it
and stays usable; the rest of the history is untouched.

Commands never write in their constructors; `push()` is the only way onto
the stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError

log = logging.getLogger(__name__)


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
        elif not self._replay(self._redo, "làm lại"):
            return
        self.changed()

    def undo(self) -> None:
        if self._replay(self._undo, "hoàn tác"):
            self.changed()

    def _replay(self, step: Callable[[], None], verb: str) -> bool:
        """Run an undo or redo step; a vanished target leaves the data as it was and drops the command."""
        try:
            with self.db.atomic():
                step()
        except UserError as exc:
            self.setObsolete(True)  # QUndoStack removes it; the rest of the history stays
            self.session.report(f"Không thể {verb} “{self.text()}”: {exc.message} "
                                "Dữ liệu được giữ nguyên; bước này đã được bỏ khỏi danh sách hoàn tác.")
            self.session.notify_data_changed(self.area)
            return False
        return True

    def changed(self) -> None:
        """Tell the views what changed (default: the session's data_changed signal)."""
        self.session.notify_data_changed(self.area)

    def _do(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        self._do()

    def _undo(self) -> None:
        raise NotImplementedError


def push(session, command: AppliedCommand, report: Callable[[str], None] | QWidget | None = None) -> bool:
    """Apply and push a command; a refused write is reported (a callable, or a message box on
    a widget) and nothing is written or pushed. The one way onto the undo stack."""
    try:
        command.apply()
    except UserError as exc:
        if callable(report) and not isinstance(report, QWidget):
            report(exc.message)
        else:
            QMessageBox.warning(report, APP_NAME, exc.message)
        return False
    session.undo_stack.push(command)
    return True
