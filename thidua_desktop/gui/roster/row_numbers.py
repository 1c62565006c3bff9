"""The roster's row numbers (STT): a vertical header that measures a few numbers, not 200.

QHeaderView's size hint measures the first 100 and the last 100 sections
each time the rows change (a search, a filter, a sort, a reload), asking
the model four roles of each: ~800 calls of the Python model for a list
whose width only depends on how many rows there are. The numbers' widths
grow with their digits, so the widest are among the last; this header
measures the first and last SAMPLE sections and keeps the answer for that
row count until the font or style changes (issue 18).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QHeaderView

SAMPLE = 10  # sections measured at each end (Qt measures 100)
_RESTYLED = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class RowNumberHeader(QHeaderView):
    """A table's vertical header, set up as QTableView's own, with a cheaper size hint."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)  # as QTableView's own vertical header
        self.setHighlightSections(True)
        self._hint: tuple[int, QSize] | None = None  # (row count, size hint)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        count = self.count()
        if self._hint is not None and self._hint[0] == count:
            return QSize(self._hint[1])
        hint = QSize(0, 0)
        for section in sorted({*range(min(SAMPLE, count)), *range(max(0, count - SAMPLE), count)}):
            if not self.isSectionHidden(section):
                hint = hint.expandedTo(self.sectionSizeFromContents(section))
        self._hint = (count, hint)
        return QSize(hint)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in _RESTYLED:  # (only change events come here, not every event)
            self._hint = None
        super().changeEvent(event)
