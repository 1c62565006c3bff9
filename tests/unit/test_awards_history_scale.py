"""Award history designed for 1,000,000 awards: every look-up on an index (query plans), paged lists that
match an independent count, and migration 0020 (indexes for the keys a delete looks up) on old files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.domain.names import fold
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import awards_history as ah
from thidua_desktop.services import awards_history_lookup as lk
from thidua_desktop.services import awards_service as svc

RELEASE1 = Path(__file__).resolve().parents[1] / "data" / "previous_release" / "demo_release1.sqlite"
NEW_INDEXES = ("awards_round", "awards_proposal", "awards_plan", "awardees_person", "awardees_unit")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The demo plus 6,000 generated awards (the benchmark's generator), opened."""
    from bench.bench_awards import generate
    from thidua_desktop.store.database import open_database

    path = tmp_path_factory.mktemp("history") / "awards.sqlite"
    data = generate(path, 6000)
    db = open_database(path)
    yield db, data
    db.close()


class Spy:
    """A database that keeps every statement it runs, to look at their plans."""

    def __init__(self, db):
        self.db, self.statements = db, []

    def execute(self, sql, params=()):
        self.statements.append((sql, list(params)))
        return self.db.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.db, name)


def _full_scans(db, statements) -> list[str]:
    """Plan steps that read a history table through (SCAN of awards or awardees, by name or alias)."""
    tables = {"awards", "awardees", "award_proposals", "a", "w", "k", "m", "p"}
    bad = []
    for sql, params in statements:
        for step in lk.query_plan(db, sql, params):
            if step.startswith("SCAN") and step.split()[1] in tables:
                bad.append(f"{step} <- {sql[:80]}")
    return bad


def test_every_look_up_is_on_an_index(generated):
    db, data = generated
    rnd = svc.round_by_code(db, "kt-2025")
    spy = Spy(db)
    person = data["people"][0]
    found = ah.find(spy, person[0], "person", person[2])
    assert found
    ah.history(spy, found[0].id)
    ah.find(spy, data["groups"][0][0], "collective")
    ah.already_honoured(spy, found[0].id, "ldtt", rnd.id)
    ah.honoured_flags(spy, rnd, svc.proposals(db, rnd))
    ah.eligibility(spy, found[0].id, svc.form_set_of(db, rnd), 2025)
    ah.by_form_year(spy, "ldtt", 2020)
    lk.search(spy, "nguyen v")
    lk.search(spy, "to dan", kind="collective")
    for form, year in (("ldtt", 2020), ("ldtt", None), (None, 2020), (None, None)):
        lk.awards_page(spy, form, year, limit=10)
        lk.count_awards(spy, form, year) if form or year else None
    assert len(spy.statements) >= 14
    assert _full_scans(db, spy.statements) == []
    plans = " ".join(step for sql, params in spy.statements for step in lk.query_plan(db, sql, params))
    for index in ("awards_awardee", "awards_form_year", "awards_year", "awardees_key", "awardees_merged"):
        assert index in plans
    # A list in the index's own order: no sort of a whole form's or year's awards.
    for form, year in (("ldtt", 2020), ("ldtt", None), (None, 2020), (None, None)):
        sql, params = lk.page_sql(form, year)
        start = [0] if year is not None else [0, 0]
        assert not any("TEMP B-TREE" in s for s in lk.query_plan(db, sql, [*params, *start, 10])), (form, year)


def test_writes_that_look_up_a_key_use_an_index(generated):
    db, _ = generated
    # The deletes a decision, an undo or the roster make: each child key has an index (partial: only rows
    # that point somewhere), so SQLite does not read 1,000,000 awards per deleted parent.
    for sql in ("DELETE FROM awards WHERE round_id = ?", "UPDATE awards SET proposal_id = NULL WHERE proposal_id = ?",
                "UPDATE awards SET plan_id = NULL WHERE plan_id = ?",
                "UPDATE awardees SET person_id = NULL WHERE person_id = ?",
                "UPDATE awardees SET unit_id = NULL WHERE unit_id = ?",
                "UPDATE awardees SET merged_into_id = ? WHERE merged_into_id = ?"):
        plan = lk.query_plan(db, sql, [1] * sql.count("?"))
        assert plan and all(step.startswith("SEARCH") for step in plan), (sql, plan)


def test_pages_match_an_independent_reading(generated):
    db, _ = generated
    raw = db.execute("SELECT id, year, form_code FROM awards").fetchall()
    for form, year in (("ldtt", 2020), ("gk_huyen", None), (None, 2011), (None, None)):
        expected = sorted((y, i) for i, y, f in raw if (form is None or f == form) and (year is None or y == year))
        got, after = [], (0, 0)
        while True:
            page = lk.awards_page(db, form, year, after=after, limit=37)
            assert len(page) <= 37
            got += [(r.award.year, r.award.id) for r in page]
            if len(page) < 37:
                break
            after = (page[-1].award.year, page[-1].award.id)
        assert got == expected and len(got) == lk.count_awards(db, form, year)
    row = lk.awards_page(db, "ldtt", 2020, limit=1)[0]
    assert row.name == db.execute("SELECT name FROM awardees WHERE id = ?", [row.award.awardee_id]).fetchone()[0]


@pytest.mark.parametrize("limit, ok", [(0, False), (1, True), (lk.MAX_PAGE, True), (lk.MAX_PAGE + 1, False)])
def test_page_size_is_bounded(generated, limit, ok):
    db, _ = generated
    if ok:
        assert len(lk.awards_page(db, limit=limit)) == limit
    else:
        with pytest.raises(ValidationError, match="Mỗi trang"):
            lk.awards_page(db, limit=limit)


def test_search_by_the_start_of_a_name(generated):
    db, _ = generated
    rows = db.execute("SELECT id, kind, name, merged_into_id, birth_year FROM awardees").fetchall()
    for text, kind in (("Nguyễn Văn", "person"), ("  TỔ DÂN  phố số 1", None), ("bui", None), ("zzz", None)):
        key = fold(text)
        # Collectives, then persons; by name, birth year (none first), id.
        expected = sorted((k, fold(n), -1 if b is None else b, i) for i, k, n, m, b in rows
                          if fold(n).startswith(key) and m is None and (kind is None or k == kind))
        found = lk.search(db, text, kind, limit=lk.MAX_PAGE)
        assert [a.id for a in found] == [e[-1] for e in expected][:lk.MAX_PAGE]
        assert found or text == "zzz"
    assert lk.search(db, "   ") == []


def test_flags_in_one_query_read_through_a_merge(demo_db):
    rnd = svc.round_by_code(demo_db, "kt-2025")
    props = svc.proposals(demo_db, rnd)
    clean = next(p for p in props if p.kind == "person" and not ah.already_honoured(demo_db, p.awardee_id,
                                                                                   p.form_code, rnd.id))
    assert clean.id not in ah.honoured_flags(demo_db, rnd, props)
    # Another record of the same person (a former commune) was honoured with the same form in 2019.
    other = ah.find_or_add_awardee(demo_db, "person", clean.name, birth_year=clean.birth_year,
                                   former_unit="xã Thanh Lương (cũ)")
    ah.add_award(demo_db, other, clean.form_name, 2019, form_code=clean.form_code)
    assert clean.id not in ah.honoured_flags(demo_db, rnd, props)
    merge = ah.merge(demo_db, clean.awardee_id, other)
    flags = ah.honoured_flags(demo_db, rnd, props)
    assert [a.year for a in flags[clean.id]] == [2019]
    assert flags[clean.id] == ah.already_honoured(demo_db, clean.awardee_id, clean.form_code, rnd.id)
    # Only the proposals asked for are answered.
    assert ah.honoured_flags(demo_db, rnd, [p for p in props if p.id != clean.id]).get(clean.id) is None
    assert ah.honoured_flags(demo_db, rnd, []) == {}
    ah.undo_merge(demo_db, merge)
    assert clean.id not in ah.honoured_flags(demo_db, rnd, props)


def test_deleting_a_proposal_still_clears_its_awards_key(demo_db):
    award = demo_db.execute("SELECT id, proposal_id FROM awards WHERE proposal_id IS NOT NULL").fetchone()
    demo_db.execute("DELETE FROM award_votes WHERE proposal_id = ?", [award[1]])
    demo_db.execute("DELETE FROM award_proposals WHERE id = ?", [award[1]])
    assert demo_db.execute("SELECT proposal_id FROM awards WHERE id = ?", [award[0]]).fetchone() == (None,)


def _indexes(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _all_rows(con, names=None) -> dict[str, list[tuple]]:
    """Every row of every table (or of `names`), by rowid; FTS shadow tables left out."""
    names = names or [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                                "NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
    return {t: [tuple(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in names}


def test_migration_0020_on_a_first_release_file(tmp_path):
    from thidua_desktop.store.database import open_database

    copy_path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, copy_path)
    with sqlite3.connect(copy_path) as raw:
        old = _all_rows(raw)
    db = open_database(copy_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 20
        assert set(NEW_INDEXES) <= _indexes(db)
        new = _all_rows(db.conn, list(old))
        old.pop("_sqlite_migrations"), new.pop("_sqlite_migrations")  # gains a row per migration
        # Later migrations add columns at the end: every old value is where it was, no row lost or added.
        assert {t: [r[:len(o[0])] for r in rows] if (o := old[t]) else rows for t, rows in new.items()} == old
    finally:
        db.close()


def test_migration_0020_on_a_file_with_awards(tmp_path, demo_master):
    """A file of the previous schema (0015 applied, 0020 not) keeps every award and gains the indexes."""
    from thidua_desktop.store.database import open_database

    path = tmp_path / "before.sqlite"
    shutil.copyfile(demo_master, path)
    with sqlite3.connect(path) as raw:
        for index in NEW_INDEXES:
            raw.execute(f"DROP INDEX {index}")
        raw.execute("DELETE FROM _sqlite_migrations WHERE name = '0020_award_history_indexes'")
        raw.execute("PRAGMA user_version = 17")
        awards = raw.execute("SELECT * FROM awards ORDER BY id").fetchall()
        awardees = raw.execute("SELECT * FROM awardees ORDER BY id").fetchall()
    assert awards
    db = open_database(path)
    try:
        assert set(NEW_INDEXES) <= _indexes(db)
        assert [tuple(r) for r in db.execute("SELECT * FROM awards ORDER BY id")] == awards
        assert [tuple(r) for r in db.execute("SELECT * FROM awardees ORDER BY id")] == awardees
        partial = db.execute("SELECT sql FROM sqlite_master WHERE name = 'awards_round'").fetchone()[0]
        assert "WHERE round_id IS NOT NULL" in partial
    finally:
        db.close()
