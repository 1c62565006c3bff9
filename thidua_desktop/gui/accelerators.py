"""Alt+letter for every form label: each label of a QFormLayout gets an unused letter and its field.

Run once when a window is first shown (the keyboard filter does it for every
dialog and the main window), so a dialog built without "&" in its labels is
still reachable by keyboard. Only plain letters a-z and digits are chosen (a
Vietnamese letter with a diacritic cannot be typed with Alt), and letters the
window already uses for other mnemonics are left alone.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QFormLayout, QGroupBox, QLabel, QTabBar, QWidget

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


def add_accelerators(window: QWidget) -> int:
    """Give each form label without one an accelerator and a buddy; return how many were added."""
    if window.property("accelerators_done"):
        return 0
    window.setProperty("accelerators_done", True)
    used, added = _used(window), 0
    for form in window.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item else None
            field = field_item.widget() if field_item else None
            if field is None and field_item is not None and field_item.layout() is not None:
                inner = field_item.layout().itemAt(0)
                field = inner.widget() if inner else None
            if not isinstance(label, QLabel) or field is None or "&" in label.text() or not label.text():
                continue
            index = _pick(label.text(), used)
            if index is None:
                continue
            used.add(label.text()[index].lower())
            label.setText(label.text()[:index] + "&" + label.text()[index:])
            label.setBuddy(field)
            added += 1
    return added
