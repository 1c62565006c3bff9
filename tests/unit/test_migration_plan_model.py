"""Migrations 0008-0009 carry a file of the first release forward with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from thidua_desktop.store.database import open_database
from thidua_desktop.store.migrations import latest_version

RELEASE1 = Path(__file__).parents[1] / "data" / "previous_release" / "demo_release1.sqlite"


def _tables(conn, names: list[str] | None = None) -> dict[str, list[tuple]]:
    """Every row of the release-1 tables, each in its columns' order (the first column sorts)."""
    names = names or [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != '_sqlite_migrations' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    virtual = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    names = [n for n in names if not any(n.startswith(v + "_") for v in virtual)]  # FTS shadow tables
    return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def _copy(tmp_path) -> Path:
    path = tmp_path / "release1.sqlite"
    shutil.copy(RELEASE1, path)
    return path


def test_every_row_of_release_1_survives_and_new_columns_take_their_defaults(tmp_path):
    path = _copy(tmp_path)
    old = sqlite3.connect(path)
    before_version = old.execute("PRAGMA user_version").fetchone()[0]
    before = _tables(old)
    old.close()
    assert before_version < 8

    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version() >= 8
    after = _tables(db.conn, list(before))
    for table, rows in before.items():
        width = len(rows[0]) if rows else 0
        # New columns are appended: the old ones keep every value.
        assert sorted((r[:width] for r in after[table]), key=repr) == rows, table
    assert db.execute("SELECT count(*) FROM unit_groups").fetchone()[0] == 0
    assert {r[0] for r in db.execute("SELECT DISTINCT target FROM milestones")} == {""}
    assert {r[0] for r in db.execute("SELECT DISTINCT rel_scope FROM milestones")} == {"own"}
    assert {r[0] for r in db.execute("SELECT DISTINCT target FROM dossier_templates")} == {""}
    db.close()


def test_the_migrated_demo_still_computes_its_timeline_and_dossiers(tmp_path):
    import datetime as dt

    from thidua_desktop.services import dossier_service, timeline_service

    db = open_database(_copy(tmp_path))
    plan_id = db.execute("SELECT id FROM plans").fetchone()[0]
    tl = timeline_service.timeline(db, plan_id, as_of=dt.date(2025, 3, 1))
    assert tl.lines and any(ln.due for ln in tl.lines)
    dossier_service.sync_runs(db)
    db.close()


def test_release_1s_three_categories_are_carried_into_every_plan(tmp_path):
    from thidua_desktop.services.delegate_categories import categories_in_protocol_order

    path = _copy(tmp_path)
    old = sqlite3.connect(path)
    by_category = dict(old.execute("SELECT category, count(*) FROM delegates GROUP BY 1").fetchall())
    plans = old.execute("SELECT count(*) FROM plans").fetchone()[0]
    old.close()
    assert set(by_category) == {"exemplary", "guest", "leader"}

    db = open_database(path)
    assert db.execute("SELECT count(*) FROM delegate_categories").fetchone()[0] == 3 * plans
    after = dict(db.execute("SELECT category_code, count(*) FROM delegates GROUP BY 1").fetchall())
    assert after == by_category
    assert db.execute("SELECT count(*) FROM delegates WHERE category_code != category").fetchone()[0] == 0
    event_id = db.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    cats = categories_in_protocol_order(db, event_id)
    assert [(c.code, c.label, c.exemplary) for c in cats] == [
        ("exemplary", "Điển hình tiên tiến", True), ("leader", "Lãnh đạo", False),
        ("guest", "Khách mời", False)]
    assert {r[0] for r in db.execute("SELECT DISTINCT seat_rule FROM events")} == {""}
    db.close()
