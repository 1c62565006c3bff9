"""Which units send delegations: clusters and blocs group units, their members send people."""

from __future__ import annotations

from thidua_desktop.services.roster_query import event_units
from thidua_desktop.store.database import open_database


def _unit(db, name: str, kind: str, parent: int | None, level: str) -> int:
    db.execute("INSERT OR IGNORE INTO unit_kinds(code, name, level) VALUES (?, ?, ?)", [kind, kind, level])
    return db.execute("INSERT INTO units(name, kind, parent_id) VALUES (?, ?, ?)",
                      [name, kind, parent]).lastrowid


def _event(db, plan: int, code: str, host: int) -> int:
    return db.execute("INSERT INTO events(plan_id, code, type_code, name, form, level, unit_id) "
                      "VALUES (?, ?, 't', ?, 'conference', 'commune', ?)", [plan, code, code, host]).lastrowid


def test_a_cluster_is_no_delegation_and_its_conference_takes_its_members(tmp_path):
    db = open_database(tmp_path / "groups.sqlite")
    with db.atomic():
        province = _unit(db, "Tỉnh Thử", "tinh_thu", None, "province")
        a = _unit(db, "Xã A", "xa_thu", province, "commune")
        b = _unit(db, "Xã B", "xa_thu", province, "commune")
        c = _unit(db, "Xã C", "xa_thu", province, "commune")
        cluster = _unit(db, "Cụm 1", "cum_thu", province, "group")
        db.execute("INSERT INTO unit_groups(group_id, unit_id, is_head) VALUES (?, ?, 1), (?, ?, 0)",
                   [cluster, a, cluster, b])
        plan = db.execute("INSERT INTO plans(organiser_id, title) VALUES (?, 'KH')", [province]).lastrowid
        congress = _event(db, plan, "dh", province)
        conference = _event(db, plan, "hn-cum-1", cluster)
    assert [u for u, _ in event_units(db, congress)] == [province, a, b, c]  # the cluster is not one
    assert sorted(u for u, _ in event_units(db, conference)) == sorted([cluster, a, b])  # host + members
    db.close()
