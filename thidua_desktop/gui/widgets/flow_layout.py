"""A layout that wraps its widgets onto more lines when the window is narrow.

Button rows use it, so a 1024-pixel screen shows every button whole on two
lines instead of cutting each one's text.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Left to right, then the next line; height follows width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._stretch_after: set[int] = set()
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt override
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def addStretch(self, _stretch: int = 1) -> None:  # noqa: N802 - same call as QBoxLayout
        """What follows goes to the right end of its line (or to the next line)."""
        self._stretch_after.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = sum(i.sizeHint().width() for i in self._visible()) + self.spacing() * max(
            len(self._visible()) - 1, 0)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list:
        return [i for i in self._items if i.widget() is None or not i.widget().isHidden()]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in `rect` (or only measure); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list] = [[]]
        x = 0
        for index, item in enumerate(self._items):
            if item.widget() is not None and item.widget().isHidden():
                continue
            width = item.sizeHint().width()
            if lines[-1] and x + width > area.width():
                lines.append([])
                x = 0
            lines[-1].append((index, item))
            x += width + self.spacing()
        y = area.y()
        for line in lines:
            height = max((item.sizeHint().height() for _i, item in line), default=0)
            if move:
                self._place_line(line, area, y, height)
            y += height + self.spacing()
        return y - self.spacing() - area.y() + margins.top() + margins.bottom()

    def _place_line(self, line: list, area: QRect, y: int, height: int) -> None:
        """Items before a stretch from the left, those after it pushed to the right."""
        split = next((n for n, (index, _item) in enumerate(line) if index in self._stretch_after), len(line))
        used = sum(item.sizeHint().width() for _i, item in line) + self.spacing() * (len(line) - 1)
        gap = max(area.width() - used, 0) if split < len(line) else 0
        x = area.x()
        for n, (_index, item) in enumerate(line):
            if n == split:
                x += gap
            hint = item.sizeHint()
            top = y + (height - hint.height()) // 2
            item.setGeometry(QRect(QPoint(x, top), hint))
            x += hint.width() + self.spacing()


def flow_row(parent: QWidget, *widgets: QWidget, stretch_at: int | None = None) -> QWidget:
    """A widget holding `widgets` in a FlowLayout (a stretch before widgets[stretch_at])."""
    row = QWidget(parent)
    row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    flow = FlowLayout(row)
    for n, widget in enumerate(widgets):
        if n == stretch_at:
            flow.addStretch()
        flow.addWidget(widget)
    return row
