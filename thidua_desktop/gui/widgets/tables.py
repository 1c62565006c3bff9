"""Table helpers every tab shares: header sections as wide as their text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView


def header_text_width(header: QHeaderView, column: int, text: str) -> int:
    """Width a header section needs for its longest line, its margins and (when sorted on) its mark."""
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    need = max(header.fontMetrics().horizontalAdvance(line) for line in text.split("\n")) + 2 * margin
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        need += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    return need


def widen_to_headers(view: QTableView) -> None:
    """Widen every interactive or fixed section narrower than its header's text."""
    header, model = view.horizontalHeader(), view.model()
    if model is None:
        return
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        if header.sectionResizeMode(column) in (QHeaderView.ResizeMode.Stretch,
                                                QHeaderView.ResizeMode.ResizeToContents):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = header_text_width(header, column, text)
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)
