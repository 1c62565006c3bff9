"""A one-line label that shortens its text with “…” when narrow; the whole text is its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    """Plain text, elided at the right to the width it is given; never widens the window."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = ""
        self.setProperty("elided", True)  # the layout check knows the cut is on purpose
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text or ""
        self.setToolTip(self._full)
        self._elide()

    def text(self) -> str:  # noqa: D102 - the whole text for Python callers; Qt paints the shortened one
        return self._full

    def shown_text(self) -> str:
        """The text as drawn (shortened to the width)."""
        return super().text()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(40, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 10)
        metrics = self.fontMetrics()
        # elidedText measures with fractional advances and may cut a text that fits to the pixel.
        shown = self._full if metrics.horizontalAdvance(self._full) <= width else \
            metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)
