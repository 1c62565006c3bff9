"""Opening the roster tab: its side panel and frozen names come after the rows' first paint.

Before the first paint only the table, filters and buttons are built; the
rules panel, the seats table (their counts come later anyway) and the frozen
name column (over the table's own name column, which the first frame shows
at the same place) follow on the next turn of the event loop, or at once
when something asks for them (issue 18).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from thidua_desktop.gui.session import Session
from thidua_desktop.gui.tabs.roster_tab import RosterTab
from thidua_desktop.store.database import open_database


class _FirstPaint(QObject):
    """Records how many side tabs existed when the table's viewport was first painted."""

    def __init__(self, tab):
        super().__init__()
        self.tab, self.side_tabs, self.frozen = tab, None, None

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self.side_tabs is None:
            self.side_tabs = self.tab.side.count()
            self.frozen = self.tab._frozen
        return False


def _tab(qtbot, demo_path):
    db = open_database(demo_path)
    event = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    session = Session(db, demo_path)
    session.set_plan(db.execute("SELECT plan_id FROM events WHERE id = ?", [event]).fetchone()[0])
    session.set_event(event)
    tab = RosterTab(session)
    qtbot.addWidget(tab)
    return tab


def test_the_side_panel_follows_the_first_paint(qtbot, demo_path):
    tab = _tab(qtbot, demo_path)
    assert tab.side.count() == 0 and tab.model.rowCount() == 91  # the rows are read already
    watch = _FirstPaint(tab)
    tab.table.viewport().installEventFilter(watch)
    tab.resize(1280, 760)
    tab.show()
    qtbot.waitUntil(lambda: watch.side_tabs is not None)
    assert watch.side_tabs == 0 and watch.frozen is None  # the rows painted first
    qtbot.waitUntil(lambda: tab.side.count() == 2)
    assert tab._frozen is not None and tab._frozen.isVisible()  # built after, unasked
    assert tab.frozen.geometry().width() == tab.table.columnWidth(0)
    assert [tab.side.tabText(i) for i in range(2)] == ["Quy định", "Chỉ tiêu đơn vị"]
    qtbot.waitUntil(lambda: tab.rules_panel.stats is not None)
    assert tab.rules_panel.stats.total == 91
    assert tab.seats_model.rowCount() > 0 and tab.seats_caption.text()
    tab.table.viewport().removeEventFilter(watch)


def test_asking_for_the_side_panel_builds_it_once(qtbot, demo_path):
    tab = _tab(qtbot, demo_path)  # never shown
    panel = tab.rules_panel
    assert tab.side.count() == 2 and tab.side.widget(0) is panel
    assert tab.rules_panel is panel and tab.seats_view.model() is tab.seats_model
    tab.refresh_side()  # a small roster: counted at once
    assert panel.stats is not None and panel.stats.total == 91
    assert tab.side.count() == 2
    assert tab._frozen is None  # never shown: nothing asked for it
    assert tab.frozen.model() is tab.table.model() and tab.frozen is tab.frozen
