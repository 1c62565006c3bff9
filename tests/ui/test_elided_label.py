"""A one-line label shortened with “…” to its width; the whole text stays in text() and the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from thidua_desktop.gui.widgets.elided_label import ElidedLabel

TEXT = "Huyện Hớn Quản · 18/06/2025 · 91/300 đại biểu | /tmp/du-lieu-mau-hon-quan-2025.sqlite"


@pytest.mark.parametrize("spare", [-1, 0, 1])
def test_elided_at_the_edge(qtbot, spare):
    parent = QWidget()
    qtbot.addWidget(parent)
    label = ElidedLabel(TEXT, parent)
    need = label.fontMetrics().horizontalAdvance(TEXT)
    margins = label.contentsMargins()
    label.resize(need + spare + margins.left() + margins.right(), 20)
    parent.show()
    qtbot.waitExposed(parent)
    assert label.text() == TEXT and label.toolTip() == TEXT
    shown = label.shown_text()
    if spare < 0:
        assert shown.endswith("…") and len(shown) < len(TEXT)
    else:
        assert shown == TEXT


def test_elided_label_never_widens_its_window(qtbot):
    label = ElidedLabel(TEXT * 5)
    qtbot.addWidget(label)
    assert label.minimumSizeHint().width() <= 40
    assert label.property("elided") is True
