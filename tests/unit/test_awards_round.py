"""A reward round end to end: proposals, review, ballots and tally, decision, the `awards` command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from thidua_desktop.domain.names import sort_key
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import awards_demo, awards_history
from thidua_desktop.services import awards_service as svc


@pytest.fixture
def undecided(demo_db):
    """The demo file with its round replaced by the same round, not yet reviewed."""
    demo_db.execute("DELETE FROM awards")
    demo_db.execute("DELETE FROM award_rounds")
    return demo_db, awards_demo.populate_awards(demo_db, 1, decide=False)


def test_demo_round_has_proposals_from_all_13_units(demo_db):
    rnd = svc.round_by_code(demo_db, "kt-2025")
    props = svc.proposals(demo_db, rnd)
    units = {p.unit_id for p in props}
    expected = demo_db.execute("SELECT COUNT(*) FROM units WHERE parent_id = 1").fetchone()[0]
    assert len(units) == expected == 13
    assert {p.kind for p in props} == {"person", "collective"}
    assert rnd.decided and rnd.decision_number == "125/QĐ-UBND"
    approved = [p for p in props if p.state == "approved"]
    # Every approved proposal is in the history once, with the decision's number.
    history = demo_db.execute("SELECT proposal_id, decision_number FROM awards WHERE round_id = ?",
                              [rnd.id]).fetchall()
    assert sorted(h[0] for h in history) == sorted(p.id for p in approved)
    assert {h[1] for h in history} == {"125/QĐ-UBND"}


def test_review_vote_decide(undecided):
    db, rnd = undecided
    props = svc.proposals(db, rnd)
    assert {p.state for p in props} == {"proposed"}
    with pytest.raises(ValidationError):  # a step may not be skipped
        svc.move(db, [props[0].id], "approved")
    assert svc.move(db, [p.id for p in props], "reviewed") == len(props)
    with pytest.raises(ValidationError):  # more present than members
        svc.set_meeting(db, rnd, 10)
    rnd = svc.set_meeting(db, rnd, 8, dt.date(2025, 5, 28))
    rule = svc.council_rule(db, rnd)
    assert rule.needed(8) == 5
    # Edges of the rule: 4 of 8 fails (exactly half), 5 of 8 passes, 6 of 8 passes.
    tally = {props[0].id: 4, props[1].id: 5, props[2].id: 6}
    tally.update({p.id: 8 for p in props[3:]})
    with pytest.raises(ValidationError):
        svc.set_votes(db, rnd, {props[0].id: 9})  # more votes than members present
    svc.set_votes(db, rnd, tally)
    approved, rejected = svc.decide_by_votes(db, rnd)
    assert (approved, rejected) == (len(props) - 1, 1)
    states = {p.id: p.state for p in svc.proposals(db, rnd)}
    assert states[props[0].id] == "rejected" and states[props[1].id] == "approved"
    with pytest.raises(ValidationError):
        svc.set_decision(db, rnd, "", dt.date(2025, 6, 10))
    rnd = svc.set_decision(db, rnd, "125/QĐ-UBND", dt.date(2025, 6, 10))
    assert db.execute("SELECT COUNT(*) FROM awards WHERE round_id = ?", [rnd.id]).fetchone()[0] == approved
    # Typing the decision again replaces the history rows, never doubles them.
    svc.set_decision(db, rnd, "126/QĐ-UBND", dt.date(2025, 6, 11))
    rows = db.execute("SELECT DISTINCT decision_number FROM awards WHERE round_id = ?", [rnd.id]).fetchall()
    assert rows == [("126/QĐ-UBND",)]
    assert db.execute("SELECT COUNT(*) FROM awards WHERE round_id = ?", [rnd.id]).fetchone()[0] == approved


def test_ballots_count_into_the_tally(undecided):
    db, rnd = undecided
    props = svc.proposals(db, rnd)[:3]
    svc.move(db, [p.id for p in svc.proposals(db, rnd)], "reviewed")
    rnd = svc.set_meeting(db, rnd, 3)
    a, b, c = (p.id for p in props)
    svc.record_ballot(db, rnd, {a, b})
    svc.record_ballot(db, rnd, {a})
    svc.record_ballot(db, rnd, {a, b, c}, valid=False)  # a spoilt paper counts for nobody
    with pytest.raises(ValidationError):
        svc.record_ballot(db, rnd, {a})  # a fourth paper for three members present
    votes = {p.id: p.votes_for for p in svc.proposals(db, rnd)}
    assert (votes[a], votes[b], votes[c]) == (2, 1, 0)
    svc.decide_by_votes(db, rnd)
    states = {p.id: p.state for p in svc.proposals(db, rnd)}
    # More than half of 3 present: 2 passes, 1 does not.
    assert (states[a], states[b], states[c]) == ("approved", "rejected", "rejected")


def test_bad_proposals_write_nothing(undecided):
    db, rnd = undecided
    before = db.execute("SELECT COUNT(*) FROM award_proposals").fetchone()[0]
    first = svc.proposals(db, rnd)[0]
    cases = [
        dict(kind="person", name=first.name, birth_year=first.birth_year, form="gk_huyen"),  # twice in a round
        dict(kind="person", name="", form="gk_huyen"),
        dict(kind="person", name="A" * 101, form="gk_huyen"),
        dict(kind="person", name="Lê Văn B", form="khong_co"),
        dict(kind="collective", name="Hội Cựu chiến binh", form="ldtt"),
        dict(kind="person", name="Lê Văn C", form="gk_huyen", achievement="x" * 2001),
        dict(kind="person", name="Lê Văn D", form="gk_huyen", sex="Khác"),
    ]
    for case in cases:
        form = case.pop("form")
        with pytest.raises(ValidationError) as err:
            svc.add_proposal(db, rnd, first.unit_id, form, sex=case.pop("sex", None), **case)
        assert err.value.message.endswith(".")
    assert db.execute("SELECT COUNT(*) FROM award_proposals").fetchone()[0] == before
    # Unsafe characters are cleaned before they are stored.
    pid = svc.add_proposal(db, rnd, first.unit_id, "gk_huyen", kind="person", name="Lê\u202e Văn\x00 E")
    assert db.execute("SELECT a.name FROM award_proposals p JOIN awardees a ON a.id = p.awardee_id "
                      "WHERE p.id = ?", [pid]).fetchone()[0] == "Lê Văn E"


def test_round_lookup_and_filters(demo_db):
    rnd = svc.round_by_code(demo_db, None)
    assert rnd.code == "kt-2025"
    with pytest.raises(NotFoundError) as err:
        svc.round_by_code(demo_db, "khong-co")
    assert "kt-2025" in err.value.message
    unit = svc.proposals(demo_db, rnd)[0].unit_id
    assert {p.unit_id for p in svc.proposals(demo_db, rnd, unit_id=unit)} == {unit}
    rejected = svc.proposals(demo_db, rnd, state="rejected")
    assert rejected and {p.state for p in rejected} == {"rejected"}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8")


def test_awards_command_json_contract(demo_path, demo_db):
    result = _cli("awards", "--db", str(demo_path), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    rnd = svc.round_by_code(demo_db, "kt-2025")
    props = svc.proposals(demo_db, rnd)
    assert len(rows) == len(props)
    for row in rows:
        assert {"round", "unit", "name", "kind", "form", "state"} <= set(row)
        assert row["kind"] in ("person", "collective")
        assert row["state"] in svc.STATES
    assert len({r["unit"] for r in rows}) == 13
    flagged = [r for r in rows if r["already_honoured"]]
    expected = {p.name for p in props if awards_history.already_honoured(demo_db, p.awardee_id, p.form_code,
                                                                         rnd.id)}
    assert flagged and {r["name"] for r in flagged} == expected
    assert all(2020 in r["already_honoured"] for r in flagged)
    one = _cli("awards", "--db", str(demo_path), "--round", "kt-2025")
    assert one.returncode == 0 and len(one.stdout.splitlines()) == len(props)
    bad = _cli("awards", "--db", str(demo_path), "--round", "khong-co")
    assert bad.returncode == 2 and "Không có đợt khen thưởng" in bad.stderr


def test_script_calls_awardees_in_the_decisions_order(demo_db):
    """The district congress's run-of-show calls the decided awardees in the decision's order."""
    from thidua_desktop.export.script_content import script_document
    from thidua_desktop.services import repository

    event = repository.event_by_code(demo_db, "dh-hon-quan")
    decided = demo_db.execute(
        "SELECT d.id, p.full_name, ap.position FROM delegates d JOIN persons p ON p.id = d.person_id "
        "JOIN awardees a ON a.person_id = d.person_id JOIN award_proposals ap ON ap.awardee_id = a.id "
        "WHERE d.event_id = ? AND ap.state = 'approved' AND d.status != 'absent' ORDER BY ap.position",
        [event.id]).fetchall()
    assert len(decided) >= 4
    demo_db.execute("UPDATE delegates SET award_at_event = '' WHERE event_id = ?", [event.id])
    for did, _name, _pos in decided:
        demo_db.execute("UPDATE delegates SET award_at_event = 'Giấy khen', collective = '' WHERE id = ?", [did])

    def called() -> list[str]:
        text = " ".join(line.text for b in script_document(demo_db, event.id).blocks for line in b.lines)
        text = text[text.find("Trao Giấy khen"):]  # the calls (the same people may speak earlier)
        found = sorted((text.find(name), name) for _d, name, _p in decided)
        assert all(pos >= 0 for pos, _ in found)
        return [name for _, name in found]

    assert called() == [name for _d, name, _p in decided]  # the decision's order
    by_name = sorted(decided, key=lambda r: sort_key(r[1]))
    demo_db.execute("UPDATE award_rounds SET decision_number = ''")  # no signed decision: by name
    assert called() == [name for _d, name, _p in by_name]
    assert [r[1] for r in by_name] != [r[1] for r in decided]  # the two orders differ: the test can tell


@pytest.mark.parametrize("field, limit", [("code", 30), ("name", 300), ("signer_name", 100)])
def test_round_texts_are_bounded_at_their_edge(memory_db, field, limit):
    base = {"code": "kt", "name": "Đợt", "signer_name": ""}
    ok = dict(base, **{field: "x" * limit})
    svc.create_round(memory_db, ok["code"], ok["name"], 2025, signer_name=ok["signer_name"])
    memory_db.execute("DELETE FROM award_rounds")
    too_long = dict(base, **{field: "x" * (limit + 1)})
    with pytest.raises(ValidationError) as err:
        svc.create_round(memory_db, too_long["code"], too_long["name"], 2025, signer_name=too_long["signer_name"])
    assert "quá giới hạn" in err.value.message
    assert memory_db.execute("SELECT COUNT(*) FROM award_rounds").fetchone()[0] == 0
