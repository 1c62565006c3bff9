"""A sentence over an empty table saying what to do next ("Chưa có đại biểu nào: …")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QObject):
    """Shows `text()` centred on the view's viewport whenever its model has no rows.

    The label (a styled widget) is made the first time it has something to say or is
    asked for: a table that opens with rows, as most do, never builds it (issue 18).
    """

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]):
        super().__init__(view)
        self.view, self.text = view, text
        self._label: QLabel | None = None
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    @property
    def label(self) -> QLabel:
        """The sentence's label over the viewport (made on first use)."""
        if self._label is None:
            label = QLabel(self.view.viewport())
            label.setObjectName("emptyHint")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("color: #555; font-size: 11pt; padding: 16px;")
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.hide()
            label.setGeometry(self.view.viewport().rect())
            self._label = label
        return self._label

    def update(self, *_args) -> None:
        """Show or hide the sentence after the rows changed."""
        empty = self.view.model().rowCount() == 0
        text = self.text() if empty else ""
        if not text and self._label is None:
            return  # nothing to say, nothing shown: no label to make
        label = self.label
        label.setText(text)
        label.setVisible(bool(text))
        label.setGeometry(self.view.viewport().rect())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if self._label is not None and event.type() == QEvent.Type.Resize:
            self._label.setGeometry(self.view.viewport().rect())
        return False
