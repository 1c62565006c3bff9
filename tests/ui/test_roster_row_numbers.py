"""The roster's row-number header measures a few sections, and gets Qt's own width.

Qt's QHeaderView measures the first and last 100 sections on every change of
the rows; RowNumberHeader measures SAMPLE at each end. Both are compared on
real views, at row counts on each side of the edges where they differ.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from thidua_desktop.gui.roster.row_numbers import SAMPLE, RowNumberHeader


class Rows(QAbstractTableModel):
    """`count` rows numbered from 1, counting the header questions asked."""

    def __init__(self, count):
        super().__init__()
        self.count, self.asked = count, 0

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            self.asked += 1
        return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None

    def resize_to(self, count):
        self.beginResetModel()
        self.count = count
        self.endResetModel()


def _views(qtbot, count):
    out = []
    for ours in (True, False):
        view = QTableView()
        qtbot.addWidget(view)
        model = Rows(count)
        view.setModel(model)
        if ours:
            view.setVerticalHeader(RowNumberHeader(view))
        out.append((view, model))
    return out


@pytest.mark.parametrize("count", [0, 1, 9, SAMPLE, SAMPLE + 1, 2 * SAMPLE, 2 * SAMPLE + 1, 99,
                                   100, 101, 199, 200, 201, 9_999, 10_000, 10_001, 100_000])
def test_the_width_is_qts_own(qtbot, count):
    (ours, _), (plain, _) = _views(qtbot, count)
    assert isinstance(plain.verticalHeader(), QHeaderView)
    assert not isinstance(plain.verticalHeader(), RowNumberHeader)
    assert ours.verticalHeader().sizeHint() == plain.verticalHeader().sizeHint()


def test_it_asks_a_few_sections_once_per_row_count(qtbot):
    (view, model), (plain, plain_model) = _views(qtbot, 100_000)
    header = view.verticalHeader()
    for each in (model, plain_model):
        each.resize_to(100_000)  # a reset: Qt forgets its measure
        each.asked = 0
    width = header.sizeHint().width()
    plain.verticalHeader().sizeHint()
    assert 0 < model.asked <= 2 * SAMPLE * 4  # four roles a section, at most
    assert plain_model.asked >= 200  # Qt's: 200 sections
    model.asked = 0
    assert header.sizeHint().width() == width and model.asked == 0  # kept for that count
    model.resize_to(99)
    narrower = header.sizeHint().width()
    assert model.asked > 0 and narrower < width  # a new count is measured again
    plain_model.resize_to(99)
    assert narrower == plain.verticalHeader().sizeHint().width()


def test_a_new_font_is_measured_again(qtbot):
    (view, _model), (plain, _) = _views(qtbot, 5_000)
    before = view.verticalHeader().sizeHint().width()
    font = QFont(view.verticalHeader().font())
    font.setPointSize(font.pointSize() * 3)
    view.verticalHeader().setFont(font)
    plain.verticalHeader().setFont(font)
    after = view.verticalHeader().sizeHint().width()
    assert after > before
    assert after == plain.verticalHeader().sizeHint().width()
