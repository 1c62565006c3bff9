"""Alt+letter for every field's label: each label beside an input gets an unused letter and the input.

Run once when a window is first shown (the keyboard filter does it for every
dialog and the main window), so a dialog built without "&" in its labels is
still reachable by keyboard. Only plain letters a-z and digits are chosen (a
Vietnamese letter with a diacritic cannot be typed with Alt), and letters the
window already uses for other mnemonics are left alone.

`unique_accelerators(window)` then makes every Alt letter visible at once
unique: menus keep theirs, then the tab bars, then the controls in window
order; a later claimant of a taken letter moves its "&" to a free one (Alt+N
was shared by "Sự kiện", "Nhắc nộp…" and "Đã nộp…" on Hồ sơ).
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
    QMenuBar,
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


def _claims(window: QWidget):
    """(text, setter) of every visible mnemonic owner, in priority order: menus, tab bars, controls."""
    for bar in window.findChildren(QMenuBar):
        if bar.isVisibleTo(window):
            for action in bar.actions():
                if action.isVisible():
                    yield action.text(), action.setText
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            for i in range(bar.count()):
                yield bar.tabText(i), lambda text, b=bar, i=i: b.setTabText(i, text)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and not (widget.textFormat() == Qt.TextFormat.RichText
                                               or Qt.mightBeRichText(widget.text())):
            yield widget.text(), widget.setText
        elif isinstance(widget, QAbstractButton):
            yield widget.text(), widget.setText
        elif isinstance(widget, QGroupBox):
            yield widget.title(), widget.setTitle


def claimed_letter(text: str) -> str | None:
    """The Alt letter a text claims ("Đã &nộp…" -> "n"), None without one ("&&" is a literal &)."""
    match = _TAKEN.search((text or "").replace("&&", ""))
    return match.group(1).lower() if match else None


def unique_accelerators(window: QWidget) -> int:
    """Give every visible claimant of an Alt letter taken before it a free letter; return how many moved."""
    used: set[str] = set()
    moved = 0
    for text, set_text in list(_claims(window)):
        letter = claimed_letter(text)
        if letter is None:
            continue
        if letter not in used:
            used.add(letter)
            continue
        plain = re.sub(r"&(?!&)", "", text, count=1)
        index = _pick(plain, used)
        set_text(plain if index is None else plain[:index] + "&" + plain[index:])
        if index is not None:
            used.add(plain[index].lower())
        moved += 1
    return moved
