"""The demo's reward round: proposals from every unit, reviewed, voted and decided.

Persons come from each unit's exemplary delegates (the same people as the
rosters), one collective per unit; a few were honoured in 2020 already (the
history flags them), and one person also has a second record from a former
commune (to be merged). The round's supporting documents are on the dossier
checklist already (services/awards_dossier), most received, some still owed,
so the tab's "N đề nghị còn thiếu hồ sơ" has something to show.
Deterministic: same seed, same file.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlite_utils import Database

from thidua_desktop.services import awards_dossier, awards_history, awards_service, dossier_service

ROUND_CODE = "kt-2025"
PERSONS_PER_UNIT = 4
COUNCIL_MEMBERS = 9
COLLECTIVES = ("Hội Nông dân", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Trường Tiểu học", "Trạm Y tế")


def populate_awards(db: Database, plan_id: int, decide: bool = True, seed: int = 2025) -> awards_service.Round:
    """Add the demo round to a demo file (its units and delegates must exist)."""
    rng = random.Random(seed)
    district = db.execute("SELECT organiser_id FROM plans WHERE id = ?", [plan_id]).fetchone()[0]
    rnd = awards_service.create_round(
        db, ROUND_CODE, "Phong trào thi đua yêu nước giai đoạn 2020 - 2025", 2025,
        plan_id=plan_id, issuer_unit_id=district, council_members=COUNCIL_MEMBERS,
        signer_title="Chủ tịch", signer_name="Nguyễn Văn Hùng",
        meeting_date=dt.date(2025, 5, 28))
    # A fixed creation time: the demo is the same file byte for byte on every build.
    db.execute("UPDATE award_rounds SET created_at = '2025-05-05 08:00:00' WHERE id = ?", [rnd.id])
    units = db.execute("SELECT u.id, u.name, k.name FROM units u JOIN unit_kinds k ON k.code = u.kind "
                       "WHERE u.parent_id = ? ORDER BY u.position, u.id", [district]).fetchall()
    for unit_id, unit_name, kind_name in units:
        people = db.execute(
            "SELECT p.id, p.full_name, p.birth_year, p.sex, p.position, p.workplace, d.direct_worker, d.achievement "
            "FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.unit_id = ? AND d.category = 'exemplary' "
            "ORDER BY d.id LIMIT ?", [unit_id, PERSONS_PER_UNIT]).fetchall()
        for pid, name, year, sex, position, workplace, direct, achievement in people:
            awards_service.add_proposal(
                db, rnd, unit_id, "gk_huyen", kind="person", name=name, birth_year=year, sex=sex,
                position=position, workplace=workplace, direct_worker=bool(direct), person_id=pid,
                achievement=achievement or "Có thành tích xuất sắc trong phong trào thi đua yêu nước 2020 - 2025")
        collective = f"{rng.choice(COLLECTIVES)} {kind_name.lower()} {unit_name}"
        awards_service.add_proposal(db, rnd, unit_id, "gk_huyen", kind="collective", name=collective,
                                    achievement="Hoàn thành xuất sắc nhiệm vụ giai đoạn 2020 - 2025")
    _earlier_history(db, rng, rnd)
    # Its own generator: the documents' draw leaves the votes drawn below as they were.
    _documents(db, random.Random(seed + 1), rnd)
    if not decide:
        return rnd
    props = awards_service.proposals(db, rnd)
    awards_service.move(db, [p.id for p in props], "reviewed")
    rnd = awards_service.set_meeting(db, rnd, 8, dt.date(2025, 5, 28))
    # Most proposals pass well; two fall just short of the rule (5 of 8 pass, 4 of 8 does not).
    tally = {p.id: rng.choice((6, 7, 7, 8, 8)) for p in props}
    for p in props[7::30]:
        tally[p.id] = 4
    awards_service.set_votes(db, rnd, tally)
    awards_service.decide_by_votes(db, rnd)
    rnd = awards_service.set_decision(db, rnd, "125/QĐ-UBND", dt.date(2025, 6, 10))
    awards_dossier.follow(db, rnd.id)  # a rejected proposal's report left unrecorded drops off the run
    return rnd


DOCS_RUN_CREATED = "2025-05-12 08:00:00"
LATE_UNITS = 2  # the last units in the list sent their papers without every report


def _documents(db: Database, rng: random.Random, rnd) -> None:
    """The round's checklist, filled as the units' papers arrived in May 2025.

    Every unit sent its tờ trình, minutes and list; the reports arrived for most
    proposals, not for a few of the last units' people, so some proposals are
    still flagged as owing papers. (Nothing is due by a date: `check` raises
    nothing past due for the round; the awards tab flags what is owed.)
    """
    run_id = awards_dossier.prepare(db, rnd, created_at=DOCS_RUN_CREATED)
    units = [r[0] for r in db.execute("SELECT unit_id FROM dossier_run_units WHERE run_id = ? ORDER BY position",
                                      [run_id])]
    late = set(units[-LATE_UNITS:])
    for item in dossier_service.items(db, run_id=run_id):
        on = f"2025-05-{14 + units.index(item.unit_id) % 8:02d}"
        if item.proposal_id and item.unit_id in late and rng.random() < 0.6:
            continue  # report still owed
        if rng.random() < 0.5:
            dossier_service.set_item_state(db, item.id, "accepted", on)
        else:
            dossier_service.set_item_state(db, item.id, "received", on)


def _earlier_history(db: Database, rng: random.Random, rnd) -> None:
    """Some proposed people were honoured in 2020; one has a second record from a former commune."""
    props = [p for p in awards_service.proposals(db, rnd) if p.kind == "person"]
    for p in props[::9]:
        awards_history.add_award(db, p.awardee_id, "Giấy khen của Chủ tịch Ủy ban nhân dân huyện", 2020,
                                 form_code="gk_huyen", level="district", decision_number="88/QĐ-UBND",
                                 decision_date="2020-06-15", issuer="Chủ tịch Ủy ban nhân dân huyện")
        awards_history.add_award(db, p.awardee_id, "Lao động tiên tiến", 2023, form_code="ldtt",
                                 level="commune", issuer="Chủ tịch Ủy ban nhân dân xã")
    first = props[1]
    twin = awards_history.find_or_add_awardee(db, "person", first.name, birth_year=first.birth_year,
                                              sex=first.sex or None, former_unit="xã Thanh Lương (cũ)")
    awards_history.add_award(db, twin, "Lao động tiên tiến", 2019, form_code="ldtt", level="commune",
                             issuer="Chủ tịch Ủy ban nhân dân xã Thanh Lương")
