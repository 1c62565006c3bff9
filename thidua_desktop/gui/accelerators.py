"""Alt+letter for every field's label: each label beside an input gets an unused letter and the input.

Run once when a window is first shown (the keyboard filter does it for every
dialog and the main window), so a dialog built without "&" in its labels is
still reachable by keyboard. Only plain letters a-z and digits are chosen (a
Vietnamese letter with a diacritic cannot be typed with Alt), and letters the
window already uses for other mnemonics are left alone.
"""

from __future__ import annotations

import re

from PySide6.QtGui import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView, QCheckBox)

_TAKEN = re.compile(r"&([^&\s])")


def _used(window: QWidget) -> set[str]:
    used = set()
    texts = [w.text() for kind in (QLabel, QAbstractButton) for w in window.findChildren(kind)]
    texts += [w.title() for w in window.findChildren(QGroupBox)]
    for bar in window.findChildren(QTabBar):
        texts += [bar.tabText(i) for i in range(bar.count())]
    if hasattr(window, "menuBar") and window.menuBar() is not None:
        texts += [a.text() for a in window.menuBar().actions()]
    for text in texts:
        used.update(m.group(1).lower() for m in _TAKEN.finditer(text or ""))
    return used


def _pick(text: str, used: set[str]) -> int | None:
    """Index of the first character usable as an accelerator: word starts first, then any."""
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    for index in starts + list(range(len(text))):
        char = text[index].lower()
        if char.isascii() and char.isalnum() and char not in used:
            return index
    return None


def _pairs(window: QWidget):
    """(label, field) pairs: form rows, a grid's label and the input right of it, a box's label
    and the input after it."""
    for form in window.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item else None
            field = field_item.widget() if field_item else None
            if field is None and field_item is not None and field_item.layout() is not None:
                inner = field_item.layout().itemAt(0)
                field = inner.widget() if inner else None
            yield label, field
    for grid in window.findChildren(QGridLayout):
        for index in range(grid.count()):
            row, column, _rows, _columns = grid.getItemPosition(index)
            right = grid.itemAtPosition(row, column + 1)
            yield grid.itemAt(index).widget(), right.widget() if right else None
    for box in window.findChildren(QBoxLayout):
        widgets = [box.itemAt(i).widget() for i in range(box.count())]
        yield from zip(widgets, widgets[1:], strict=False)


def add_accelerators(window: QWidget) -> int:
    """Give each field's label without one an accelerator and a buddy; return how many were added."""
    if window.property("accelerators_done"):
        return 0
    window.setProperty("accelerators_done", True)
    used, added = _used(window), 0
    for label, field in _pairs(window):
        if not isinstance(label, QLabel) or not isinstance(label.buddy() or field, INPUTS):
            continue
        if label.property("no_accelerator"):  # a label that shows data, not a caption
            continue
        if "&" in label.text() or not label.text() or label.textFormat() == Qt.TextFormat.RichText \
                or Qt.mightBeRichText(label.text()):
            continue
        index = _pick(label.text(), used)
        if index is None:
            continue
        used.add(label.text()[index].lower())
        label.setText(label.text()[:index] + "&" + label.text()[index:])
        label.setBuddy(label.buddy() or field)  # a form row's label already knows its field
        added += 1
    return added
