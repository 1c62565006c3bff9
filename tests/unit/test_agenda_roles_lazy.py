"""The higher-level leader is found without folding every leader and guest (issue 18).

`first_higher_leader` and `is_higher_leader` must answer exactly what the full
list `higher_leaders` says, on the demo file as it is and after the protocol
order is changed so that the first leader is not of the level above.
"""

from __future__ import annotations

import datetime as dt

from thidua_desktop.services import agenda_roles, repository
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services.rules import agenda_rules


def _leaders(db, event_id):
    return [r[0] for r in db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND category IN ('leader', 'guest') "
        "AND status != 'absent'", [event_id])]


def test_lazy_answers_equal_the_full_list_on_every_event(demo_db):
    checked = 0
    for event in repository.events(demo_db, repository.plans(demo_db)[0].id):
        full = agenda_roles.higher_leaders(demo_db, event.id)
        first = agenda_roles.first_higher_leader(demo_db, event.id)
        assert first == (full[0] if full else None)
        ids = {r["id"] for r in full}
        for delegate_id in _leaders(demo_db, event.id):
            assert agenda_roles.is_higher_leader(demo_db, event.id, delegate_id) == (delegate_id in ids)
            checked += 1
    assert checked > 5  # the demo has leaders and guests to check


def test_a_local_leader_first_in_protocol_order_is_passed_over(demo_db):
    district = repository.event_by_code(demo_db, "dh-hon-quan")
    full = agenda_roles.higher_leaders(demo_db, district.id)
    assert full, "the demo's district congress has a guest of the province"
    local = next(i for i in _leaders(demo_db, district.id) if i not in {r["id"] for r in full})
    # The local leader goes first in protocol order: the directing speaker stays the province's.
    demo_db.execute("UPDATE delegates SET protocol_rank = 1 WHERE event_id = ? AND id != ? AND protocol_rank > 0",
                    [district.id, local])
    demo_db.execute("UPDATE delegates SET protocol_rank = 0 WHERE event_id = ? AND protocol_rank = 0 AND id != ?",
                    [district.id, local])
    demo_db.execute("UPDATE delegates SET protocol_rank = -1 WHERE id = ?", [local])
    order = [r[0] for r in demo_db.execute(
        "SELECT x.id FROM delegates x WHERE x.event_id = ? AND x.status != 'absent' "
        "AND x.category IN ('leader', 'guest') ORDER BY x.protocol_rank = 0, x.protocol_rank, x.id",
        [district.id])]
    assert order[0] == local
    assert agenda_roles.directing_speaker(demo_db, district.id)[0] == full[0]["id"]
    assert not agenda_roles.is_higher_leader(demo_db, district.id, local)
    # An absent higher leader is none: the next one (or nobody) speaks.
    demo_db.execute("UPDATE delegates SET status = 'absent' WHERE id = ?", [full[0]["id"]])
    expected = full[1]["id"] if len(full) > 1 else None
    assert agenda_roles.directing_speaker(demo_db, district.id)[0] == expected
    assert not agenda_roles.is_higher_leader(demo_db, district.id, full[0]["id"])


def test_the_rule_accepts_any_higher_leader_not_only_the_first(demo_db):
    district = repository.event_by_code(demo_db, "dh-hon-quan")
    guidance = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "guidance")
    first = agenda_roles.first_higher_leader(demo_db, district.id)
    # A second guest of the province (an office naming "Sở"): also of the level above.
    second = next(i for i in _leaders(demo_db, district.id) if i != first["id"])
    person = demo_db.execute("SELECT person_id FROM delegates WHERE id = ?", [second]).fetchone()[0]
    demo_db.execute("UPDATE persons SET workplace = 'Sở Tài chính tỉnh Bình Phước' WHERE id = ?", [person])
    assert agenda_roles.is_higher_leader(demo_db, district.id, second)

    def directing():
        found = agenda_rules.event_findings(demo_db, district.id, dt.date(2025, 6, 1))
        return [f for f in found if f.rule == "agenda.directing"]

    svc.update_item(demo_db, guidance.id, presenter_delegate_id=second)
    assert directing() == []
    svc.update_item(demo_db, guidance.id, presenter_delegate_id=first["id"])
    assert directing() == []
    demo_db.execute("UPDATE persons SET workplace = 'Huyện ủy Hớn Quản', position = 'Phó Bí thư' WHERE id = ?",
                    [person])
    demo_db.execute("UPDATE delegates SET unit_id = NULL WHERE id = ?", [second])
    demo_db.execute("UPDATE persons SET unit_id = NULL WHERE id = ?", [person])
    svc.update_item(demo_db, guidance.id, presenter_delegate_id=second)
    [finding] = directing()
    assert first["full_name"] in finding.message and finding.rows == (guidance.id,)
