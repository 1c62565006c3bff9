"""No two visible controls or menus of the main window share an Alt letter, on any tab."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar

from thidua_desktop.gui.main_window import TAB_NAMES, MainWindow
from thidua_desktop.store.database import open_database

MNEMONIC = re.compile(r"&([^&\s])")


def alt_letters(window) -> dict[str, list[str]]:
    """Alt letter -> the texts that claim it, among what is visible on the current tab and the menu bar."""
    claims = defaultdict(list)
    texts = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisibleTo(window)]
    texts += [w.text() for w in window.findChildren(QLabel)  # rich text's &nbsp; is no mnemonic
              if w.isVisibleTo(window) and not Qt.mightBeRichText(w.text())]
    texts += [w.title() for w in window.findChildren(QGroupBox) if w.isVisibleTo(window)]
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            texts += [bar.tabText(i) for i in range(bar.count())]
    for text in texts:
        for match in MNEMONIC.finditer((text or "").replace("&&", "")):
            claims[match.group(1).lower()].append(text)
    return claims


@pytest.mark.parametrize("tab", TAB_NAMES)
def test_no_two_visible_controls_share_an_alt_letter(qtbot, demo_path, tab):
    window = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    window.select_tab(tab)
    qtbot.wait(20)
    claims = alt_letters(window)
    assert len(claims) >= 5  # the menus at least: the check looks at something
    shared = {letter: texts for letter, texts in claims.items() if len(texts) > 1}
    assert shared == {}, "\n".join(f"{k}: {v}" for k, v in shared.items())


def test_a_later_claimant_moves_to_a_free_letter(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    from thidua_desktop.gui.accelerators import claimed_letter, unique_accelerators

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    first, second, third = QPushButton("Nhắc &nộp…"), QPushButton("Đã &nộp…"), QPushButton("&Đóng && lưu")
    for button in (first, second, third):
        layout.addWidget(button)
    assert unique_accelerators(box) == 1
    assert first.text() == "Nhắc &nộp…"
    assert second.text() == "&Đã nộp…" or claimed_letter(second.text()) not in {"n", None}
    assert claimed_letter(second.text()) != "n" and second.text().replace("&", "") == "Đã nộp…"
    assert third.text() == "&Đóng && lưu" and claimed_letter(third.text()) == "đ"
