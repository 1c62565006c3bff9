"""The roster table's headers: Qt's own, measured once per change that can alter them.

QHeaderView's size hint measures its sections each time the rows change (a
search keystroke, a filter, a sort, a reload): the first and last 100 row
numbers (four questions to the Python model each, ~60 µs a section: ~8 ms at
every keystroke) and every column title, whose texts never change (issue 18).

- RowNumberHeader (STT): row numbers are as wide as their digits, so the
  widest are the last ones; it measures SAMPLE sections at each end and keeps
  the answer for that row count. In a font whose digits are all one width
  (tabular figures: DejaVu Sans, the application's font, and the usual UI
  fonts) this is exactly Qt's answer (tested against QHeaderView).
- TitleHeader (column titles): measures what Qt measures, every shown
  section, but only when the shown sections or the sort arrow changed.

Both measure again after a font or style change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QHeaderView

SAMPLE = 2  # row numbers measured at each end (Qt measures 100)
_RESTYLED = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class _MeasuredOnce(QHeaderView):
    """A table header, set up as QTableView's own, whose size hint is kept per `_key()`."""

    def __init__(self, orientation: Qt.Orientation, parent=None):
        super().__init__(orientation, parent)
        self.setSectionsClickable(True)  # as QTableView's own headers
        self.setHighlightSections(True)
        self._hint: tuple[object, QSize] | None = None  # (key, size hint)

    def _key(self) -> object:
        raise NotImplementedError

    def _measured(self) -> list[int]:
        raise NotImplementedError

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        key = self._key()
        if self._hint is not None and self._hint[0] == key:
            return QSize(self._hint[1])
        hint = QSize(0, 0)
        for section in self._measured():
            if not self.isSectionHidden(section):
                hint = hint.expandedTo(self.sectionSizeFromContents(section))
        self._hint = (key, hint)
        return QSize(hint)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in _RESTYLED:  # (only change events come here, not every event)
            self._hint = None
        super().changeEvent(event)


class RowNumberHeader(_MeasuredOnce):
    """The row numbers (vertical header), measured at a few sections once per row count."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)

    def _key(self) -> object:
        return self.count()

    def _measured(self) -> list[int]:
        count = self.count()
        return sorted({*range(min(SAMPLE, count)), *range(max(0, count - SAMPLE), count)})


class TitleHeader(_MeasuredOnce):
    """The column titles (horizontal header), measured when the shown columns or arrow change."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)

    def _key(self) -> object:
        count = self.count()
        return (count, self.isSortIndicatorShown(),
                tuple(s for s in range(count) if self.isSectionHidden(s)))

    def _measured(self) -> list[int]:
        return list(range(self.count()))  # (Qt: the first and last 100; a roster has 20)
