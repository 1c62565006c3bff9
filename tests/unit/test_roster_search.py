"""The roster's search and window queries (services/roster_window.py) and migration 0013.

Search: words in any order, accents and case ignored (đ too), each word the
start of a word, all words in one field; empty text lists everyone; no hit is
an empty answer. The index (FTS5 + triggers) follows every write. Migration
0013 carries a first-release file forward with nothing lost.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.services import roster_service as rs
from thidua_desktop.services import roster_window as rw
from thidua_desktop.services.roster_query import RosterQuery, roster_rows
from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).resolve().parents[1] / "data" / "previous_release" / "demo_release1.sqlite"


@pytest.fixture
def roster(demo_db):
    """The district congress with four known people added."""
    event = demo_db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    people = {}
    for name, position, workplace in (
            ("Nguyễn Đình Đức", "Bí thư Chi bộ", "Ấp Sóc Trào"),
            ("Nguyễn Văn Hưng", "Trưởng ấp", "Trường Tiểu học Đức Hạnh"),
            ("Đặng Thị Ánh", "Giáo viên", "Trường THCS Tân Lợi"),
            ("Trần Đức Nguyên", "Chủ tịch Hội Nông dân", "Xã Thanh Bình")):
        people[name] = rs.add_person_delegate(
            demo_db, event, rs.PersonData(full_name=name, position=position, workplace=workplace),
            rs.DelegateData())
    return demo_db, event, people


def names(db, event, text, **filters) -> set[str]:
    flt = rw.RosterFilter(search=text, **filters)
    total = rw.count(db, event, flt)
    ids = rw.page_ids(db, event, flt, 0, 10_000, total=total)
    assert len(ids) == total  # the count and the pages agree
    found = {r[0]: r[2] for r in roster_rows(db, event, RosterQuery(search=text, **filters))}
    assert set(found) == set(ids)  # the headless list searches the same way
    return set(found.values())


@pytest.mark.parametrize("typed", [
    "nguyen duc", "duc nguyen", "NGUYỄN ĐỨC", "  nguyen   dinh  duc ", "Đức Nguyễn", "dinh",
    "nguyen-duc", "nguy du",  # partial words, as they are being typed
])
def test_words_in_any_order_without_accents_find_the_person(roster, typed):
    db, event, _ = roster
    assert "Nguyễn Đình Đức" in names(db, event, typed)


@pytest.mark.parametrize("typed, wanted, unwanted", [
    # All words in one field: Hưng's workplace holds "Đức", his name holds "Nguyễn".
    ("nguyen duc", {"Nguyễn Đình Đức"}, {"Nguyễn Văn Hưng"}),
    ("duc hanh", {"Nguyễn Văn Hưng"}, {"Nguyễn Đình Đức"}),
    # đ folds to d and only to d: "dang" finds Đặng, "ang" is not the start of a word.
    ("dang thi anh", {"Đặng Thị Ánh"}, set()),
    ("đang", {"Đặng Thị Ánh"}, set()),
    ("tan loi giao vien", set(), {"Đặng Thị Ánh"}),  # two fields: no match
    ("giao vien", {"Đặng Thị Ánh"}, set()),
    ("tran duc nguyen", {"Trần Đức Nguyên"}, {"Nguyễn Đình Đức"}),
])
def test_one_field_holds_every_word(roster, typed, wanted, unwanted):
    db, event, _ = roster
    found = names(db, event, typed)
    assert wanted <= found and not unwanted & found


def test_a_word_matches_at_its_start_only(roster):
    db, event, _ = roster
    assert "Nguyễn Đình Đức" in names(db, event, "ngu")
    assert "Nguyễn Đình Đức" not in names(db, event, "guyen")


def test_empty_search_lists_everyone_and_no_hit_lists_no_one(roster):
    db, event, _ = roster
    everyone = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event]).fetchone()[0]
    for blank in ("", "   ", "-- !!", "\"", "*"):
        assert rw.search_match(blank) is None
        assert rw.count(db, event, rw.RosterFilter(search=blank)) == everyone
    assert names(db, event, "zzqx") == set()
    assert names(db, event, "nguyen zzqx") == set()
    # FTS5 syntax typed by the user is only text: quotes, stars, OR, NEAR, column names.
    for odd in ('"nguyen', "nguyen*", "nguyen OR tran", "NEAR(nguyen duc)", "name: duc", "AND"):
        names(db, event, odd)  # no sqlite3.OperationalError


def test_search_combines_with_the_filters(roster):
    db, event, people = roster
    unit = db.execute("SELECT unit_id FROM delegates WHERE id = ?",
                      [people["Nguyễn Đình Đức"]]).fetchone()[0]
    assert "Nguyễn Đình Đức" in names(db, event, "duc", category="exemplary", status="nominated")
    assert names(db, event, "duc", status="absent") == set()
    if unit is not None:
        assert "Nguyễn Đình Đức" in names(db, event, "duc", unit_id=unit)


def test_the_index_follows_every_write(roster):
    db, event, people = roster
    did = people["Nguyễn Đình Đức"]
    rs.update_delegates(db, [did], {"full_name": "Lê Thị Bé"})
    assert "Lê Thị Bé" in names(db, event, "be le")
    old = rw.RosterFilter(search="dinh duc")
    assert did not in rw.page_ids(db, event, old, 0, 1000, total=rw.count(db, event, old))
    rs.update_delegates(db, [did], {"workplace": "Phường Đồng Xoài"})
    assert "Lê Thị Bé" in names(db, event, "dong xoai")
    commune = db.execute("SELECT id, name FROM units WHERE kind = 'xa' ORDER BY id LIMIT 1").fetchone()
    rs.update_delegates(db, [did], {"unit_id": commune[0]})
    assert "Lê Thị Bé" in names(db, event, f"xa {commune[1]}")
    db.execute("UPDATE units SET name = 'Đắk Ơ' WHERE id = ?", [commune[0]])
    assert "Lê Thị Bé" in names(db, event, "dak o")
    db.execute("DELETE FROM delegates WHERE id = ?", [did])
    assert db.execute("SELECT count(*) FROM delegate_search WHERE rowid = ?", [did]).fetchone()[0] == 0
    # The copied name key follows the person.
    other = people["Đặng Thị Ánh"]
    rs.update_delegates(db, [other], {"full_name": "Võ Văn An"})
    key = db.execute("SELECT d.sort_key = p.sort_key FROM delegates d JOIN persons p "
                     "ON p.id = d.person_id WHERE d.id = ?", [other]).fetchone()[0]
    assert key == 1


def test_pages_and_ranks_follow_the_name_order(roster):
    db, event, _ = roster
    flt = rw.RosterFilter()
    total = rw.count(db, event, flt)
    every = rw.page_ids(db, event, flt, 0, total)
    keys = [db.execute("SELECT sort_key FROM delegates WHERE id = ?", [i]).fetchone()[0] for i in every]
    assert keys == sorted(keys)
    assert rw.page_ids(db, event, flt, 10, 5) == every[10:15]
    assert rw.page_ids(db, event, flt, 0, 5, descending=True) == every[::-1][:5]
    assert rw.page_ids(db, event, flt, total - 1, 5) == every[-1:]  # the last page is short
    assert rw.page_ids(db, event, flt, total, 5) == []
    for row in (0, 1, total // 2, total - 1):
        assert rw.rank(db, event, flt, every[row]) == row
        assert rw.rank(db, event, flt, every[row], descending=True) == total - 1 - row
    assert rw.rank(db, event, rw.RosterFilter(search="zzqx"), every[0]) is None


def test_few_and_many_hits_give_the_same_pages(roster, monkeypatch):
    """The plan chosen by the number of hits changes the speed, never the answer."""
    db, event, _ = roster
    flt = rw.RosterFilter(search="n")
    total = rw.count(db, event, flt)
    assert total > 3
    driven = rw.page_ids(db, event, flt, 0, total, total=total)  # few: from the hits
    monkeypatch.setattr(rw, "_FEW_HITS", total - 1)
    walked = rw.page_ids(db, event, flt, 0, total, total=total)  # many: along the index
    assert driven == walked


def _tables(conn) -> dict[str, int]:
    names_ = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'delegate_search%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names_}


def test_migration_carries_a_first_release_file_forward(tmp_path):
    path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, path)
    before_conn = sqlite3.connect(path)
    before = _tables(before_conn)
    old_delegates = before_conn.execute("SELECT * FROM delegates ORDER BY id").fetchall()
    version = before_conn.execute("PRAGMA user_version").fetchone()[0]
    before_conn.close()
    assert version < 13 and before["delegates"] > 0
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 13
    after = _tables(db.conn)
    assert {k: after[k] for k in before if k != "_sqlite_migrations"} == {
        k: v for k, v in before.items() if k != "_sqlite_migrations"}
    columns = [r[1] for r in db.execute("PRAGMA table_info(delegates)")]
    kept = [c for c in columns if c not in ("sort_key", "category_code")]  # 0009 adds category_code
    rows = db.execute(f"SELECT {', '.join(kept)} FROM delegates ORDER BY id").fetchall()
    assert rows == old_delegates  # every old value kept, in the old columns
    assert db.execute("SELECT count(*) FROM delegates d JOIN persons p ON p.id = d.person_id "
                      "WHERE d.sort_key != p.sort_key").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM delegate_search").fetchone()[0] == before["delegates"]
    event, full_name = db.execute(
        "SELECT d.event_id, p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE p.full_name LIKE '% % %' ORDER BY d.id LIMIT 1").fetchone()
    words = full_name.split()
    typed = f"{words[-1]} {words[0]}"  # given name first, accents as stored
    assert full_name in names(db, event, typed)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("INSERT INTO delegate_search(delegate_search) VALUES('integrity-check')")
    db.close()


@pytest.mark.parametrize("given", ["", "x", None])
def test_a_delegate_always_gets_its_persons_name_key(roster, given):
    """The insert trigger copies the key unless the writer gave the right one already."""
    db, event, _ = roster
    person = rs.add_person(db, rs.PersonData(full_name="Lò Văn Páo"))
    columns = "event_id, person_id" + (", sort_key" if given is not None else "")
    values = [event, person] + ([given] if given is not None else [])
    did = db.execute(f"INSERT INTO delegates({columns}) VALUES ({', '.join('?' * len(values))})",
                     values).lastrowid
    copied, own = db.execute("SELECT d.sort_key, p.sort_key FROM delegates d JOIN persons p "
                             "ON p.id = d.person_id WHERE d.id = ?", [did]).fetchone()
    assert copied == own and own.startswith("p!a!o!")
