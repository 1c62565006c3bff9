"""Table helpers every tab shares: header sections as wide as their text."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView


def header_text_width(header: QHeaderView, column: int, text: str, bold: bool = False) -> int:
    """Width a header section needs for its longest line, its margins and (when sorted on) its mark.

    `bold`: measured in bold, for a header that highlights sections and so draws the
    titles of the selected rows' columns bold (the roster's 60 px "Giới tính" lost its
    first letter once a row was chosen).
    """
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    option = QStyleOptionHeader()
    option.initFrom(header)
    option.orientation = Qt.Orientation.Horizontal
    font = QFont(header.font())
    font.setBold(bold)
    option.fontMetrics = metrics = QFontMetrics(font)
    need = 0
    for line in text.split("\n"):
        option.text = line
        size = style.sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), header)
        need = max(need, size.width(), metrics.horizontalAdvance(line) + 2 * margin)
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        need += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    return need


def widen_to_headers(view: QTableView, bold: bool = False) -> None:
    """Widen every interactive or fixed section narrower than its header's text (`bold`: as above)."""
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
        need = header_text_width(header, column, text, bold)
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)


def keep_sort_mark_room(view: QTableView) -> None:
    """Widen the section the officer sorts on when its title and the sort mark do not fit.

    Sections are sized for their bold titles once; the sort mark needs a little more room,
    and without it a narrow column's title is cut under the mark ("Năm sinl"). A section
    only grows: a width the officer chose wider is kept.
    """
    header = view.horizontalHeader()

    def widen(section: int, _order=None) -> None:
        model = view.model()
        if model is None or section < 0 or header.isSectionHidden(section):
            return
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        need = header_text_width(header, section, text, bold=True)
        if header.sectionSize(section) < need:
            header.resizeSection(section, need)

    header.sortIndicatorChanged.connect(widen)
