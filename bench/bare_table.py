"""The bare-library baseline of the roster interactions: PySide6 + sqlite3, nothing of ours.

A QTableView over a minimal QAbstractTableModel that reads one screenful
the plain way (count, ids of the first SCREEN rows on the same indexes, those
rows; more as the view asks), shown at the size of the real tab and timed,
like ours, until the answer is painted. The ratio ours / bare is then what
the app adds (its model, proxy, tab, side panel) to what Qt and SQLite cost.
"""

from __future__ import annotations

import os
import sqlite3
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from bench.context import SEARCH_KEY, timed  # noqa: E402
from bench.generate import DISTRICT_CODE  # noqa: E402

SCREEN = 64
COLUMNS = ("p.full_name", "p.sex", "p.birth_year", "p.ethnicity", "p.position", "p.workplace",
           "d.unit_id", "d.category", "d.status", "d.achievement", "d.note")
_ROWS = (f"SELECT d.id, {', '.join(COLUMNS)} FROM delegates d JOIN persons p "
         "ON p.id = d.person_id WHERE d.id IN ({marks})")
_SEARCH = "AND d.id IN (SELECT rowid FROM delegate_search WHERE delegate_search MATCH ?)"


class BareModel(QAbstractTableModel):
    """Rows of one event read a screenful at a time; a query is (where, params, descending)."""

    def __init__(self, conn, event_id):
        super().__init__()
        self.conn, self.event_id = conn, event_id
        self.where, self.params, self.desc, self.key = "", [], False, ""
        self.count, self.pages = 0, {}
        self.requery()

    def requery(self, where="", params=(), desc=False, key=""):
        self.beginResetModel()
        self.where, self.params, self.desc, self.key = where, list(params), desc, key
        self.count = self.conn.execute(
            f"SELECT count(*) FROM delegates d WHERE d.event_id = ? {where}",
            [self.event_id, *self.params]).fetchone()[0]
        self.pages = {}
        self.endResetModel()

    def _page(self, number):
        if number not in self.pages:
            way = " DESC" if self.desc else ""
            key = f"d.{self.key}{way}, " if self.key else ""
            ids = [r[0] for r in self.conn.execute(
                f"SELECT d.id FROM delegates d WHERE d.event_id = ? {self.where} "
                f"ORDER BY {key}d.sort_key{way}, d.id{way} LIMIT ? OFFSET ?",
                [self.event_id, *self.params, SCREEN, number * SCREEN])]
            rows = {r[0]: r for r in self.conn.execute(
                _ROWS.format(marks=",".join("?" * len(ids))), ids)}
            self.pages[number] = [rows[i] for i in ids]
        return self.pages[number]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self._page(index.row() // SCREEN)[index.row() % SCREEN][index.column() + 1]
        return "" if value is None else str(value)

    def refresh_row(self, row):
        """Read one row again after a write (what an edit shows)."""
        self.pages.pop(row // SCREEN, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def _until_painted(app, view, action) -> None:
    from PySide6.QtCore import QEvent, QObject

    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    watch = Watch()
    view.viewport().installEventFilter(watch)
    action()
    view.viewport().update()
    deadline = time.perf_counter() + 20
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    view.viewport().removeEventFilter(watch)


def _setup(ctx):
    app = QApplication.instance() or QApplication([])
    conn = sqlite3.connect(str(ctx.db_path))
    event_id = conn.execute("SELECT id FROM events WHERE code = ?", [DISTRICT_CODE]).fetchone()[0]
    return app, conn, event_id


def _shown(app, conn, event_id):
    view = QTableView()
    view.resize(860, 700)  # the table's share of the 1280 x 760 tab
    model = BareModel(conn, event_id)
    view.setModel(model)
    _until_painted(app, view, view.show)
    return view, model


def roster_open(ctx) -> list[float]:
    """A new view and model on the event until painted."""
    app, conn, event_id = _setup(ctx)
    views = []

    def run(_rep):
        view = QTableView()
        view.resize(860, 700)
        _until_painted(app, view, lambda: (view.setModel(BareModel(conn, event_id)), view.show()))
        views.append(view)
        view.close()

    return timed(ctx, run)


def _interaction(ctx, step) -> list[float]:
    app, conn, event_id = _setup(ctx)
    view, model = _shown(app, conn, event_id)
    return timed(ctx, lambda rep: _until_painted(app, view, lambda: step(rep, model, conn)))


def roster_sort(ctx) -> list[float]:
    """The other name order, alternating as a header click does."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(desc=rep % 2 == 0))


def roster_sort_column(ctx) -> list[float]:
    """The workplace order (its stored key and index, as ours reads it), alternating."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(desc=rep % 2 == 0,
                                                                  key="workplace_sort"))


def _by_column(column: str):
    """The view re-queried in (column, name key, id) order, alternating, on the column's
    index of migration 0027 (partial: the query states `sort_key IS NOT NULL` to use it)."""
    return lambda rep, model, _c: model.requery("AND d.sort_key IS NOT NULL", desc=rep % 2 == 0,
                                                key=column)


def roster_sort_unit(ctx) -> list[float]:
    """The unit order (by id here; ours by the plan's places): one page on the unit index."""
    return _interaction(ctx, _by_column("unit_id"))


def roster_sort_status(ctx) -> list[float]:
    """The status order (by code here; ours by label): one page on the status index."""
    return _interaction(ctx, _by_column("status"))


def roster_sort_number(ctx) -> list[float]:
    """The provincial awards order: one page on its index."""
    return _interaction(ctx, _by_column("provincial_awards"))


def roster_search(ctx) -> list[float]:
    """The delegates with a word starting with the letter typed (the same FTS5 index)."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(_SEARCH, [f'"{SEARCH_KEY}"*']))


def roster_filter(ctx) -> list[float]:
    """One status, alternating with every status."""
    return _interaction(ctx, lambda rep, model, _c: model.requery(
        "AND d.status = ?", ["absent"]) if rep % 2 == 0 else model.requery())


def _note(rep, model, conn):
    did = model._page(0)[0][0]
    with conn:
        conn.execute("UPDATE delegates SET note = ? WHERE id = ?", [f"Ghi chú {rep}", did])
    model.refresh_row(0)


def roster_edit(ctx) -> list[float]:
    """One UPDATE in its transaction, the row read again and painted."""
    return _interaction(ctx, _note)


def roster_undo(ctx) -> list[float]:
    """The same write putting a value back."""
    return _interaction(ctx, lambda rep, model, conn: _note(-rep, model, conn))
