"""Roster tab measurements: the real widgets of gui/tabs/roster_tab.py, driven offscreen.

Each case builds a Session on the generated file with the district congress
current, then times one user action until the table shows its result and the
viewport has been painted: opening the tab, a click on the "Họ và tên"
header, one keystroke in the search box. The widgets are found by what they
are (the table view with the most rows, the header titled "Họ và tên", the line
edit that says "Tìm"), so the probe follows the tab as it changes.

An action is timed only once the rules' recount of the previous step (a
worker thread at 5,000 delegates and more) has ended and the panel showing
it has painted (`_settle`): the CPU clock is the whole process's, and the
officer's next click comes after the panel updated.
"""

from __future__ import annotations

import gc
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QTableView  # noqa: E402

from bench.context import SEARCH_KEY, Unavailable  # noqa: E402
from bench.generate import DISTRICT_CODE  # noqa: E402

NAME_HEADERS = ("họ và tên", "họ tên", "tên")
TIMEOUT = 20.0



class _PaintWatcher(QObject):
    def __init__(self):
        super().__init__()
        self.painted = False

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _session(db_path):
    from thidua_desktop.gui.app import make_application
    from thidua_desktop.gui.session import Session
    from thidua_desktop.services import repository
    from thidua_desktop.store.database import open_database

    app = make_application()
    db = open_database(db_path)
    session = Session(db, db_path)
    event = repository.event_by_code(db, DISTRICT_CODE)
    session.set_plan(event.plan_id)
    session.set_event(event.id)
    return app, session


def _roster_table(tab) -> QTableView:
    views = tab.findChildren(QTableView)
    if not views:
        raise Unavailable("the roster tab has no table view")
    return max(views, key=lambda v: (v.model().rowCount() if v.model() else -1, v.isVisible()))


def _name_column(view: QTableView) -> int:
    model = view.model()
    for wanted in NAME_HEADERS:
        for col in range(model.columnCount()):
            text = str(model.headerData(col, Qt.Orientation.Horizontal) or "").strip().lower()
            if text == wanted:
                return col
    raise Unavailable("no “Họ và tên” column in the roster table")


def _search_box(tab) -> QLineEdit:
    for edit in tab.findChildren(QLineEdit):
        hint = f"{edit.placeholderText()} {edit.objectName()} {edit.accessibleName()}".lower()
        if "tìm" in hint or "search" in hint or "loc" in hint or "lọc" in hint:
            return edit
    raise Unavailable("the roster tab has no search box (first-version tab)")


def _wait(app, watcher: _PaintWatcher | None, done) -> None:
    """Process events until `done()` holds and (with a watcher) a paint followed; raise on time-out."""
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        app.processEvents()
        if (watcher is None or watcher.painted) and done():
            return
    raise TimeoutError("the roster table did not settle within 20 s")


def _open_tab(app, session):
    from thidua_desktop.gui.tabs.roster_tab import RosterTab

    watcher = _PaintWatcher()
    tab = RosterTab(session, None)
    # On the table's viewport, as the bare view's (nothing is painted before show()): an
    # application-wide filter would add a Python call to each of the ~2,500 events of a build.
    viewport = _roster_table(tab).viewport()
    viewport.installEventFilter(watcher)
    tab.resize(1280, 760)
    tab.show()
    try:
        _wait(app, watcher, lambda: _roster_table(tab).model().rowCount() > 0)
    finally:
        viewport.removeEventFilter(watcher)
    return tab


def _describe(ctx, tab) -> None:
    from thidua_desktop.gui.tabs.simple_tab import SimpleTableTab

    if isinstance(tab, SimpleTableTab):
        ctx.note("first-version tab (gui/tabs/simple_tab.py; issue 4's tab not landed)")


def _close(app, tab) -> None:
    tab.close()
    tab.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def roster_open(ctx) -> list[float]:
    """Build the roster tab on the district congress until its rows are painted."""
    app, session = _session(ctx.db_path)
    times = []
    for _ in range(ctx.warmup + ctx.reps):
        started = ctx.start()
        tab = _open_tab(app, session)
        times.append(ctx.stop(started))
        ctx.note(f"{_roster_table(tab).model().rowCount()} rows shown")
        _describe(ctx, tab)
        _close(app, tab)
        del tab  # free it before the next run, so the peak is one tab's
        gc.collect()
    return times[ctx.warmup:]


def _first_name(view, col) -> str:
    return str(view.model().index(0, col).data() or "")


SETTLE = 0.1  # seconds of events processed after a recount: its panel's paint is flushed


def _settle(app, tab) -> None:
    """Wait until the side panel's recount is done (at 100,000 a thread takes seconds) and
    shown: the panel's repaint must not fall into the next timed action."""
    pending = getattr(tab, "side_pending", None)
    if pending is not None:
        _wait(app, None, lambda: not pending())
    until = time.perf_counter() + SETTLE
    while time.perf_counter() < until:
        app.processEvents()


def _opened(ctx):
    """The application, an open roster tab on the district congress, and its table.

    The side panel's recount that follows the opening (a worker thread, ~3 s at
    100,000 delegates) is waited for: the interactions timed after it are an
    officer's clicks a moment after the tab opened, and their CPU time (the
    process's, every thread's) would otherwise hold part of that count.
    """
    app, session = _session(ctx.db_path)
    tab = _open_tab(app, session)
    _describe(ctx, tab)
    _settle(app, tab)
    return app, tab, _roster_table(tab)


def _time_action(ctx, app, view, action, done) -> float:
    """Seconds from `action()` until `done()` holds and the table's viewport was painted."""
    watcher = _PaintWatcher()
    view.viewport().installEventFilter(watcher)
    try:
        started = ctx.start()
        action()
        _wait(app, watcher, done)
        return ctx.stop(started)
    finally:
        view.viewport().removeEventFilter(watcher)


def _header_column(view: QTableView, wanted: str) -> int:
    model = view.model()
    for col in range(model.columnCount()):
        if str(model.headerData(col, Qt.Orientation.Horizontal) or "").strip().lower() == wanted:
            return col
    raise Unavailable(f"no “{wanted}” column in the roster table")


def _click_header(ctx, col: int) -> list[float]:
    """Click a header (alternating order) until the first row changed and painted."""
    app, _tab, view = _opened(ctx)
    name = _name_column(view)
    header = view.horizontalHeader()
    view.scrollTo(view.model().index(0, col))  # the header must be on screen to be clicked
    app.processEvents()
    times = []
    for _ in range(ctx.warmup + ctx.reps):
        before = (_first_name(view, name), _first_name(view, col))
        pos = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) // 2,
                     header.height() // 2)
        times.append(_time_action(
            ctx, app, view,
            lambda p=pos: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                           Qt.KeyboardModifier.NoModifier, p),
            lambda b=before: (_first_name(view, name), _first_name(view, col)) != b))
    title = view.model().headerData(col, Qt.Orientation.Horizontal)
    ctx.note(f"{view.model().rowCount()} rows sorted by “{title}”")
    return times[ctx.warmup:]


def roster_sort(ctx) -> list[float]:
    """Click the name header (alternating order) until the first row changed and painted."""
    app, _tab, view = _opened(ctx)
    return _click_header(ctx, _name_column(view))


def roster_sort_column(ctx) -> list[float]:
    """Click the “Đơn vị công tác” (workplace) header: a free-text column, alternating order."""
    app, _tab, view = _opened(ctx)
    return _click_header(ctx, _header_column(view, "đơn vị công tác"))


def _click_fresh(ctx, wanted: str) -> list[float]:
    """Click a column's header from the name order, each time (a new order, not a reversal).

    Before each timed click the name header is clicked and the tab reloaded (as after
    any change of the data elsewhere), untimed, so every timed click orders the column
    anew: no order kept from an earlier click (a second click on the same header would
    only reverse the rows). Timed until the new order is painted.
    """
    app, tab, view = _opened(ctx)
    # The opening's rules recount (a thread, seconds at 100,000) would be counted in the
    # clicks' CPU: let it finish first.
    deadline = time.perf_counter() + 60
    while (tab.side_counter.busy() or tab._side_timer.isActive()) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    col, name = _header_column(view, wanted), _name_column(view)
    header = view.horizontalHeader()
    view.setColumnHidden(col, False)  # “Lần khen tỉnh” is hidden until the officer shows it
    view.scrollTo(view.model().index(0, col))  # the header must be on screen to be clicked
    app.processEvents()

    def click(section):
        pos = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                     header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, pos)

    times = []
    for _ in range(ctx.warmup + ctx.reps):
        view.sortByColumn(name, Qt.SortOrder.AscendingOrder)
        _wait(app, None, lambda: header.sortIndicatorSection() == name)
        # What a reload does to the model (tab.reload would also start the side recount).
        tab.model.load(tab.session.db, tab.session.event_id)
        app.processEvents()
        times.append(_time_action(ctx, app, view, lambda: click(col),
                                  lambda: header.sortIndicatorSection() == col))
    ctx.note(f"{view.model().rowCount()} rows sorted by “{wanted}” from the name order")
    return times[ctx.warmup:]


def roster_sort_unit(ctx) -> list[float]:
    """Click the “Đơn vị cử” header: the plan's unit order, read in segments (migration 0027)."""
    return _click_fresh(ctx, "đơn vị cử")


def roster_sort_status(ctx) -> list[float]:
    """Click the “Trạng thái” header: statuses by their label, read in segments."""
    return _click_fresh(ctx, "trạng thái")


def roster_sort_number(ctx) -> list[float]:
    """Click the “Lần khen tỉnh” header: a number column, read in segments."""
    return _click_fresh(ctx, "lần khen tỉnh")


def roster_sort_birth_year(ctx) -> list[float]:
    """Click the “Năm sinh” header: the person's year, read in segments from its copy on
    the delegate (migration 0028; ~70 values and the unknown ones)."""
    return _click_fresh(ctx, "năm sinh")


def roster_search(ctx) -> list[float]:
    """Type one letter in the search box until the filtered rows are painted."""
    app, tab, view = _opened(ctx)
    edit = _search_box(tab)
    total = view.model().rowCount()
    times = []
    for _ in range(ctx.warmup + ctx.reps):
        edit.clear()
        _wait(app, None, lambda: view.model().rowCount() == total)
        _settle(app, tab)  # the cleared list painted before the keystroke
        edit.setFocus()
        times.append(_time_action(ctx, app, view, lambda: QTest.keyClick(edit, SEARCH_KEY),
                                  lambda: view.model().rowCount() != total))
    ctx.note(f"“{SEARCH_KEY}” leaves {view.model().rowCount()} of {total} rows")
    return times[ctx.warmup:]


def _status_filter(tab):
    from PySide6.QtWidgets import QComboBox

    for combo in tab.findChildren(QComboBox):
        if "trạng thái" in combo.accessibleName().lower():
            return combo
    raise Unavailable("the roster tab has no status filter")


def roster_filter(ctx) -> list[float]:
    """Choose a status in the filter (alternating with “every status”) until painted."""
    app, tab, view = _opened(ctx)
    combo = _status_filter(tab)
    total = view.model().rowCount()
    wanted = combo.findData("absent")
    times, left = [], total
    for rep in range(ctx.warmup + ctx.reps):
        target = wanted if rep % 2 == 0 else 0
        times.append(_time_action(
            ctx, app, view, lambda t=target: combo.setCurrentIndex(t),
            lambda t=target: (view.model().rowCount() != total) == (t != 0)))
        if target:
            left = view.model().rowCount()
    ctx.note(f"status “vắng” leaves {left} of {total} rows")
    return times[ctx.warmup:]


def _note_column(view) -> int:
    model = view.model()
    for col in range(model.columnCount()):
        if str(model.headerData(col, Qt.Orientation.Horizontal)).strip().lower() == "ghi chú":
            return col
    raise Unavailable("no “Ghi chú” column in the roster table")


def _edit_and_undo(ctx, undo: bool) -> list[float]:
    """Commit a note on the first row (and, with `undo`, time Ctrl+Z of it) until painted."""
    app, tab, view = _opened(ctx)
    col = _note_column(view)
    stack = tab.session.undo_stack
    settled = getattr(tab, "side_pending", tab._side_timer.isActive)
    times, side = [], []
    for rep in range(ctx.warmup + ctx.reps):
        index = view.model().index(0, col)
        text = f"Ghi chú {rep}"
        commit = lambda i=index, t=text: view.model().setData(i, t)  # noqa: E731
        shows = lambda t=text: view.model().index(0, col).data() == t  # noqa: E731
        if undo:
            commit()
            _wait(app, None, shows)
            _settle(app, tab)  # the commit's recount is not the undo's
            before = view.model().index(0, col).data()
            times.append(_time_action(ctx, app, view, stack.undo,
                                      lambda b=before: view.model().index(0, col).data() != b))
        else:
            times.append(_time_action(ctx, app, view, commit, shows))
        started = time.perf_counter()
        _wait(app, None, lambda: not settled())
        side.append(times[-1] + time.perf_counter() - started)
        _settle(app, tab)
    side_ms = sorted(side[ctx.warmup:])[len(side[ctx.warmup:]) // 2] * 1000
    ctx.note(f"{view.model().rowCount()} rows; the rules panel shows its new counts "
             f"{side_ms:,.0f} ms after the action (median)")
    return times[ctx.warmup:]


def roster_edit(ctx) -> list[float]:
    """Type a note in the first row's Ghi chú cell and commit it (an undoable command)."""
    return _edit_and_undo(ctx, undo=False)


def roster_undo(ctx) -> list[float]:
    """Ctrl+Z of a committed note until the old value is painted."""
    return _edit_and_undo(ctx, undo=True)
