"""Find what a small screen hides: windows off the screen, controls cut off, text clipped.

`problems(window, screen)` walks every visible control of a shown window and
returns one sentence per fault (empty when all is well). Used by the layout
test at 1024×600 and by `screenshot --check`. Rules:

- the window lies inside the screen;
- each control is wholly inside the window and not cut by a parent, unless
  that parent is a scroll area's viewport (it can be scrolled into view);
- a button's, check box's or one-line label's text fits its width (measured
  with its font), unless the label elides on purpose (`elided` property);
- a table's header texts fit their sections; a table or list shows at least
  a few lines;
- the window shows at least one control (a form loaded as a window of its
  own left a dialog blank);
- a control whose parent lays its children out is in that layout, and no
  control overlaps a visible sibling control (a combo made with the dialog as
  parent but never added sat over a form's first row and took the focus).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

from thidua_desktop.gui.widgets.tables import header_text_width

CONTROLS = (QAbstractButton, QLabel, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractScrollArea)
MIN_VIEW_HEIGHT = 60  # a table squeezed below this shows no useful row
BUTTON_PADDING = 6  # room a button's frame needs either side of its text
INDICATOR = 18  # a check box's or radio button's box, with its gap


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel)):
        text = widget.text()
    label = widget.accessibleName() or widget.objectName() or text or ""
    return f"{type(widget).__name__} “{_plain(label)[:40]}”"


def _plain(text: str) -> str:
    """Text as drawn: mnemonics' & removed (&& stays one &)."""
    return re.sub(r"&(.)", r"\1", text)


def _skip(widget: QWidget, top: QWidget) -> bool:
    """Widgets owned by another widget's internals (editors in views, tab-bar scrollers)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QAbstractItemView, QTabBar, QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QToolButton) and isinstance(widget.parentWidget(), QTabBar)


def _cut(widget: QWidget, top: QWidget) -> bool:
    """True when a parent (not a scrollable viewport) hides part of the widget."""
    rect = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and \
                parent is parent.parentWidget().viewport():
            return False  # scrolled content: the scroll bars reach it
        outer = QRect(parent.mapTo(top, parent.rect().topLeft()), parent.size())
        if not outer.contains(rect):
            return True
        parent = parent.parentWidget()
    return not top.rect().contains(rect)


def _text_needed(widget: QWidget) -> int | None:
    """Width the widget's text needs, or None when it does not have to fit on one line."""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.wordWrap() or widget.property("elided") or not widget.text() or widget.pixmap() is not None \
                and not widget.pixmap().isNull():
            return None
        if widget.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(widget.text()):
            document = QTextDocument()
            document.setDefaultFont(widget.font())
            document.setDocumentMargin(0)
            document.setHtml(widget.text())
            return int(document.idealWidth())
        return max(metrics.horizontalAdvance(line) for line in _plain(widget.text()).split("\n"))
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return metrics.horizontalAdvance(_plain(widget.text())) + INDICATOR if widget.text() else None
    if isinstance(widget, (QPushButton, QToolButton)) and widget.text():
        icon = widget.iconSize().width() + 4 if not widget.icon().isNull() else 0
        return metrics.horizontalAdvance(_plain(widget.text())) + icon + 2 * BUTTON_PADDING
    return None


def _in_layout(layout, widget: QWidget) -> bool:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget or item.layout() is not None and _in_layout(item.layout(), widget):
            return True
    return False


def _stray(widget: QWidget, top: QWidget) -> str | None:
    """A sentence when a control sits outside its parent's layout or over a sibling control."""
    parent = widget.parentWidget()
    if parent is None or widget.objectName().startswith("qt_"):  # Qt's own parts place themselves
        return None
    rect = widget.geometry()
    for other in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if other is not widget and isinstance(other, CONTROLS) and other.isVisibleTo(top) \
                and other.geometry().intersects(rect):
            return f"{_name(widget)} chồng lên {_name(other)}"
    if parent.layout() is not None and not _in_layout(parent.layout(), widget):
        return f"{_name(widget)} nằm ngoài bố cục của cửa sổ"
    return None


def _header_problems(view: QTableView) -> list[str]:
    out = []
    header: QHeaderView = view.horizontalHeader()
    model = view.model()
    if model is None or not header.isVisible():
        return out
    for column in range(model.columnCount()):
        if header.isSectionHidden(column) or header.sectionSize(column) == 0:
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = header_text_width(header, column, text)
        if header.sectionSize(column) < need:
            out.append(f"{_name(view)}: tiêu đề cột “{text}” bị cắt "
                       f"({header.sectionSize(column)} < {need} px)")
    return out


def problems(top: QWidget, screen: QRect) -> list[str]:
    """Every fault found in `top` (a shown window) on a screen of this geometry."""
    out = []
    # The client area: offscreen windows get a make-believe frame; real dialogs keep
    # room for theirs through screen_fit.FRAME_MARGIN.
    frame = QRect(top.frameGeometry().topLeft(), top.size())
    if not screen.contains(frame):
        out.append(f"Cửa sổ “{top.windowTitle()}” ({frame.width()}×{frame.height()} tại "
                   f"{frame.x()},{frame.y()}) vượt ra ngoài màn hình {screen.width()}×{screen.height()}")
    shown = 0
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(top) or _skip(widget, top):
            continue
        shown += 1
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        if _cut(widget, top):
            out.append(f"{_name(widget)} bị che hoặc nằm ngoài cửa sổ")
            continue
        stray = _stray(widget, top)
        if stray:
            out.append(stray)
        need = _text_needed(widget)
        if need is not None and widget.contentsRect().width() < need:
            out.append(f"{_name(widget)}: chữ bị cắt ({widget.contentsRect().width()} < {need} px)")
        if isinstance(widget, QAbstractItemView) and widget.height() < MIN_VIEW_HEIGHT:
            out.append(f"{_name(widget)}: bảng chỉ cao {widget.height()} px")
        if isinstance(widget, QTableView):
            out.extend(_header_problems(widget))
    if not shown:
        out.append(f"Cửa sổ “{top.windowTitle()}” không hiện điều khiển nào (nội dung nằm ở cửa sổ khác?)")
    return out
