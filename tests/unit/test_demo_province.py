"""`demo --province`: Đồng Nai's congress with 15 clusters and blocs, deterministic, consistent."""

from __future__ import annotations

import pytest

from thidua_desktop.cli import main
from thidua_desktop.services.rules.roster_rules import check_event
from thidua_desktop.store.database import open_database


@pytest.fixture(scope="module")
def province_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("province") / "tinh.sqlite"
    assert main(["demo", "--db", str(path), "--province"]) == 0
    return path


@pytest.fixture
def db(province_path):
    database = open_database(province_path)
    yield database
    database.close()


def _one(db, sql, args=()):
    return db.execute(sql, args).fetchone()[0]


def test_fifteen_groups_each_with_members_and_one_head(db):
    groups = db.execute("SELECT u.id, k.name || ' ' || u.name FROM units u JOIN unit_kinds k ON k.code = u.kind "
                        "WHERE k.level = 'group' ORDER BY u.position").fetchall()
    assert [name for _id, name in groups] == [f"Cụm thi đua số {i}" for i in range(1, 11)] + [
        f"Khối thi đua số {i}" for i in range(1, 6)]
    for gid, _name in groups:
        members, heads = db.execute("SELECT count(*), sum(is_head) FROM unit_groups WHERE group_id = ?",
                                    [gid]).fetchone()
        assert members in (4, 5) and heads == 1
    assert _one(db, "SELECT count(DISTINCT unit_id) FROM unit_groups") == 70


def test_a_few_hundred_delegates_each_conference_from_its_own_members(db):
    assert 300 <= _one(db, "SELECT count(*) FROM delegates") <= 600
    strays = _one(db, "SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                      "WHERE e.type_code = 'cluster' AND d.unit_id NOT IN "
                      "(SELECT unit_id FROM unit_groups WHERE group_id = e.unit_id)")
    assert strays == 0
    upward = _one(db, "SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                      "WHERE e.type_code = 'province' AND d.category = 'exemplary'")
    assert 15 * 3 <= upward <= 15 * 5
    # Every category of the template is used, the collective with its name.
    codes = {r[0] for r in db.execute("SELECT DISTINCT category_code FROM delegates")}
    assert codes == {"leader", "council", "member_heads", "guest", "collective", "exemplary"}
    assert _one(db, "SELECT count(*) FROM delegates WHERE category_code = 'collective' AND collective = ''") == 0


def test_the_congress_seats_follow_each_units_figure(db):
    seats = dict(db.execute("SELECT s.unit_id, s.seats FROM event_seats s JOIN events e ON e.id = s.event_id "
                            "WHERE e.type_code = 'province'").fetchall())
    assert sum(seats.values()) == 280 and len(seats) == 70  # 400 x 70 % exemplary
    figures = {uid: _one(db, "SELECT staff_count FROM units WHERE id = ?", [uid]) for uid in seats}
    big, small = max(figures, key=figures.get), min(figures, key=figures.get)
    assert seats[big] > seats[small]


def test_the_congress_passes_its_rules(db):
    congress = _one(db, "SELECT id FROM events WHERE type_code = 'province'")
    errors = [f for f in check_event(db, congress) if f.severity == "error"]
    assert errors == []


def test_the_demo_is_deterministic_and_refuses_to_overwrite(province_path, tmp_path):
    again = tmp_path / "again.sqlite"
    assert main(["demo", "--db", str(again), "--province"]) == 0
    sql = ("SELECT p.full_name, p.position, p.workplace, d.category_code, e.code FROM delegates d "
           "JOIN persons p ON p.id = d.person_id JOIN events e ON e.id = d.event_id ORDER BY d.id")
    first, second = open_database(province_path), open_database(again)
    try:
        assert first.execute(sql).fetchall() == second.execute(sql).fetchall()
    finally:
        first.close()
        second.close()
    assert main(["demo", "--db", str(again), "--province"]) == 2


def test_a_wards_offices_and_head_say_phuong(db):
    rows = db.execute("SELECT k.name, u.name, p.position, p.workplace FROM persons p JOIN units u ON u.id = p.unit_id "
                      "JOIN unit_kinds k ON k.code = u.kind WHERE k.code IN ('xa', 'phuong')").fetchall()
    wards = [(unit, position, workplace) for kind, unit, position, workplace in rows if kind == "Phường"]
    communes = [(unit, position, workplace) for kind, unit, position, workplace in rows if kind == "Xã"]
    assert wards and communes
    assert not [w for unit, _, w in wards if f"xã {unit}" in w]
    assert not [p for _, p, _ in wards if p == "Xã đội trưởng"]
    assert any(f"phường {unit}" in w for unit, _, w in wards)
    assert not [w for unit, _, w in communes if f"phường {unit}" in w]
