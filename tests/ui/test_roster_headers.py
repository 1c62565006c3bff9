"""The roster's headers measure themselves once per change, and get Qt's own size.

Qt's QHeaderView measures the first and last 100 sections on every change of
the rows; RowNumberHeader measures SAMPLE row numbers at each end once per
row count, TitleHeader every column title once per set of shown columns.
Each is compared with a plain QHeaderView on real views, at row counts on
each side of the edges where they differ.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from thidua_desktop.gui.roster.headers import SAMPLE, RowNumberHeader, TitleHeader

TITLES = ("Họ và tên", "Giới tính", "Năm sinh", "Đơn vị công tác", "Trạng thái")


class Rows(QAbstractTableModel):
    """`count` rows numbered from 1 and a few titled columns, counting the header questions."""

    def __init__(self, count):
        super().__init__()
        self.count, self.asked = count, {Qt.Orientation.Vertical: 0, Qt.Orientation.Horizontal: 0}

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(TITLES)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        self.asked[orientation] += 1
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return TITLES[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def resize_to(self, count):
        self.beginResetModel()
        self.count = count
        self.endResetModel()

    def zero(self):
        self.asked = dict.fromkeys(self.asked, 0)


def _views(qtbot, count):
    """(ours, plain): a table with our two headers and one with Qt's, on equal models."""
    out = []
    for ours in (True, False):
        view = QTableView()
        qtbot.addWidget(view)
        model = Rows(count)
        view.setModel(model)
        if ours:
            view.setVerticalHeader(RowNumberHeader(view))
            view.setHorizontalHeader(TitleHeader(view))
        view.setSortingEnabled(True)
        out.append((view, model))
    return out


@pytest.mark.parametrize("count", [0, 1, SAMPLE - 1, SAMPLE, SAMPLE + 1, 2 * SAMPLE, 2 * SAMPLE + 1,
                                   9, 10, 11, 99, 100, 101, 199, 200, 201, 9_999, 10_000, 10_001,
                                   100_000])
def test_the_sizes_are_qts_own(qtbot, count):
    (ours, _), (plain, _) = _views(qtbot, count)
    assert type(plain.verticalHeader()) is QHeaderView and type(plain.horizontalHeader()) is QHeaderView
    assert ours.verticalHeader().sizeHint() == plain.verticalHeader().sizeHint()
    assert ours.horizontalHeader().sizeHint() == plain.horizontalHeader().sizeHint()


def test_the_row_numbers_are_measured_at_a_few_sections_once_per_count(qtbot):
    (view, model), (plain, plain_model) = _views(qtbot, 100_000)
    header, vertical = view.verticalHeader(), Qt.Orientation.Vertical
    for each in (model, plain_model):
        each.resize_to(100_000)  # a reset: Qt forgets its measure
        each.zero()
    width = header.sizeHint().width()
    plain.verticalHeader().sizeHint()
    assert 0 < model.asked[vertical] <= 2 * SAMPLE * 4  # four roles a section, at most
    assert plain_model.asked[vertical] >= 200 * 4  # Qt's: 200 sections
    model.zero()
    assert header.sizeHint().width() == width and model.asked[vertical] == 0  # kept
    model.resize_to(99)
    narrower = header.sizeHint().width()
    assert model.asked[vertical] > 0 and narrower < width  # a new count is measured again
    plain_model.resize_to(99)
    assert narrower == plain.verticalHeader().sizeHint().width()


def test_the_titles_are_measured_again_only_when_the_shown_columns_change(qtbot):
    (view, model), (plain, plain_model) = _views(qtbot, 50)
    header, horizontal = view.horizontalHeader(), Qt.Orientation.Horizontal
    hint = header.sizeHint()
    model.zero()
    model.resize_to(7)  # a search: new rows, the same titles
    assert header.sizeHint() == hint and model.asked[horizontal] == 0
    view.setColumnHidden(3, True)  # "Đơn vị công tác" hidden: measured again
    plain.setColumnHidden(3, True)
    assert header.sizeHint() == plain.horizontalHeader().sizeHint()
    assert model.asked[horizontal] > 0
    model.zero()
    view.setSortingEnabled(False)  # no arrow: measured again
    plain.setSortingEnabled(False)
    header.setSortIndicatorShown(False)
    plain.horizontalHeader().setSortIndicatorShown(False)
    plain_model.resize_to(50)  # (Qt keeps its measure until the rows change)
    assert header.sizeHint() == plain.horizontalHeader().sizeHint()
    assert model.asked[horizontal] > 0


def test_a_new_font_is_measured_again(qtbot):
    (view, _model), (plain, _) = _views(qtbot, 5_000)
    before = (view.verticalHeader().sizeHint(), view.horizontalHeader().sizeHint())
    font = QFont(view.font())
    font.setPointSize(font.pointSize() * 3)
    for header in (view.verticalHeader(), view.horizontalHeader(), plain.verticalHeader(),
                   plain.horizontalHeader()):
        header.setFont(font)
    after = (view.verticalHeader().sizeHint(), view.horizontalHeader().sizeHint())
    assert after[0].width() > before[0].width() and after[1].height() > before[1].height()
    assert after == (plain.verticalHeader().sizeHint(), plain.horizontalHeader().sizeHint())
