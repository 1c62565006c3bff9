"""The bench's bare baseline (bench/bare_table.py) shows what the roster tab shows.

Its ratio only says what our code adds if both sides paint the same table:
the same columns in the same order with the same headers and widths, the
same texts, check boxes, alignment and grey rows, in the same order; and,
for the opening, the same first frame around it (filters, buttons, count).
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QToolButton, QWidget

from bench import bare_table
from thidua_desktop.gui.session import Session
from thidua_desktop.gui.tabs.roster_tab import RosterTab
from thidua_desktop.store.database import open_database

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole,
         Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole)


def _plain(value):
    """A role's value in a comparable form (enums and ints alike, colours by name)."""
    if value is None:
        return None
    if hasattr(value, "name") and callable(value.name):
        return value.name()
    if isinstance(value, str):
        return value
    return int(value.value if hasattr(value, "value") else value)


@pytest.fixture
def varied(demo_path):
    """The demo's district congress with one row of each kind the columns show differently."""
    conn = sqlite3.connect(demo_path)
    event = conn.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM delegates WHERE event_id = ? ORDER BY id LIMIT 5", [event])]
    code = conn.execute("SELECT code FROM delegate_categories WHERE plan_id = "
                        "(SELECT plan_id FROM events WHERE id = ?) ORDER BY protocol_order DESC",
                        [event]).fetchone()[0]
    with conn:
        conn.execute("UPDATE delegates SET status = 'absent', presidium = 1, direct_worker = 1 "
                     "WHERE id = ?", [ids[0]])
        conn.execute("UPDATE delegates SET promoted_to_id = ?, category_code = ?, unit_id = NULL "
                     "WHERE id = ?", [ids[2], code, ids[1]])
        conn.execute("DELETE FROM delegate_event_day WHERE delegate_id = ?", [ids[3]])
        conn.execute("UPDATE persons SET sex = NULL, birth_year = NULL WHERE id = "
                     "(SELECT person_id FROM delegates WHERE id = ?)", [ids[4]])
    conn.close()
    return demo_path, event


def test_the_bare_table_paints_the_tabs_columns_texts_and_rows(qtbot, varied):
    path, event = varied
    db = open_database(path)
    session = Session(db, path)
    session.set_plan(db.execute("SELECT plan_id FROM events WHERE id = ?", [event]).fetchone()[0])
    session.set_event(event)
    app, before = QApplication.instance(), QApplication.font()
    if "DejaVu Sans" in QFontDatabase.families():  # the font both are painted in (bench)
        app.setFont(QFont("DejaVu Sans", 10))
    try:
        tab = RosterTab(session)
    finally:
        app.setFont(before)
    qtbot.addWidget(tab)
    header = tab.table.horizontalHeader()
    visible = [header.logicalIndex(v) for v in range(header.count())
               if not tab.table.isColumnHidden(header.logicalIndex(v))]
    conn = sqlite3.connect(path)
    bare = bare_table.BareModel(conn, event)
    horizontal = Qt.Orientation.Horizontal

    assert [tab.proxy.headerData(c, horizontal) for c in visible] == [
        bare.headerData(i, horizontal) for i in range(bare.columnCount())]
    # (a header's width follows the font: three titles are widened to their bold text)
    widths = zip([tab.table.columnWidth(c) for c in visible], [c[3] for c in bare_table.COLUMNS],
                 strict=True)
    widths = list(widths)
    assert all(abs(ours - theirs) <= 2 for ours, theirs in widths), widths
    assert tab.table.verticalHeader().defaultSectionSize() == bare_table.ROW_HEIGHT
    assert bare.rowCount() == tab.proxy.rowCount() == 91
    assert bare.headerData(4, Qt.Orientation.Vertical) == tab.proxy.headerData(
        4, Qt.Orientation.Vertical) == "5"
    seen = {role: set() for role in ROLES}
    for row in range(bare.rowCount()):
        for at, column in enumerate(visible):
            for role in ROLES:
                ours = _plain(tab.proxy.index(row, column).data(role))
                theirs = _plain(bare.index(row, at).data(role))
                assert ours == theirs, (row, tab.proxy.headerData(column, horizontal), role)
                seen[role].add(ours)
    # The rows above made every kind of value appear (the comparison covered them).
    assert {"Vắng", "✓", "Chưa mời", ""} <= seen[Qt.ItemDataRole.DisplayRole]
    assert len(seen[Qt.ItemDataRole.CheckStateRole]) == 3  # checked, unchecked, none
    assert len(seen[Qt.ItemDataRole.ForegroundRole]) == 2  # grey, none
    conn.close()
    db.close()


def _texts_shown(root, inside_side):
    """(class, text, enabled) of the visible labels and buttons with a text, outside the side panel."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or inside_side(widget):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            kind = "label" if isinstance(widget, QLabel) else "button"
            found.append((kind, widget.text(), widget.isEnabled()))
    return sorted(found)


def test_the_bare_opening_builds_the_tabs_first_frame(qtbot, demo_path):
    """The bare opening shows what the tab's first frame shows (issue 18, fourth session): the
    same filter row with the same items, the same buttons, the count, the table at its size."""
    db = open_database(demo_path)
    event = db.execute("SELECT id, plan_id FROM events WHERE code = 'dh-hon-quan'").fetchone()
    session = Session(db, demo_path)
    session.set_plan(event[1])
    session.set_event(event[0])
    tab = RosterTab(session)
    qtbot.addWidget(tab)
    tab.resize(*bare_table.SCREEN_SIZE)
    tab.show()
    conn = sqlite3.connect(demo_path)
    bare = bare_table.BareScreen(conn, event[0])
    qtbot.addWidget(bare)
    bare.show()
    qtbot.waitExposed(tab)
    qtbot.waitExposed(bare)

    row = [tab.filter_row.itemAt(i).widget() for i in range(tab.filter_row.count())]
    combos = [w for w in row if isinstance(w, QComboBox)]
    assert [[c.itemText(i) for i in range(c.count())] for c in combos] == [
        [c.itemText(i) for i in range(c.count())] for c in bare.filters]
    assert len(combos) == 4 and combos[0].count() > 10  # the district's units are listed
    assert [c.minimumContentsLength() for c in combos] == [
        c.minimumContentsLength() for c in bare.filters]
    assert [c.geometry() for c in combos] == [c.geometry() for c in bare.filters]
    assert tab.search.placeholderText() == bare.search.placeholderText()
    assert tab.search.isClearButtonEnabled() and bare.search.isClearButtonEnabled()
    assert tab.search.geometry() == bare.search.geometry()
    assert tab.count_label.text() == bare.count_label.text() == "91 đại biểu"
    assert tab.count_label.geometry() == bare.count_label.geometry()

    buttons = [b for b in tab.button_row.findChildren(QToolButton) if b.isVisible()]
    assert [(b.text(), b.isEnabled()) for b in buttons] == [
        (b.text(), b.isEnabled()) for b in [*bare.buttons, bare.export]]
    assert [a.text() for a in tab.export_button.menu().actions()] == [
        a.text() for a in bare.export.menu().actions()]
    assert tab.export_button.popupMode() == bare.export.popupMode()

    assert tab.table.geometry().size() == bare.view.geometry().size()
    assert tab.table.viewport().size() == bare.view.viewport().size()
    header = tab.table.horizontalHeader()
    assert header.visualIndex(header.sortIndicatorSection()) == \
        bare.view.horizontalHeader().sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == bare.view.horizontalHeader().sortIndicatorOrder()

    # Nothing else with a text shows outside the side panel (whose contents come later on both
    # sides): a label or button added to the tab's first frame must be added to the bare one.
    def in_side(widget, side=tab.side):
        return widget is side or side.isAncestorOf(widget)

    assert _texts_shown(tab, in_side) == _texts_shown(bare, lambda _w: False)
    tab.hide()  # nothing painted from a closed file
    bare.hide()
    conn.close()
    db.close()
