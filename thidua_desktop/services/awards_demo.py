"""The demo's reward round: proposals from every unit, reviewed, voted and decided.

Persons come from each unit's exemplary delegates (the same people as the
rosters), one collective per unit; a few were honoured in 2020 already (the
history flags them), and one person also has a second record from a former
commune (to be merged). Deterministic: same seed, same file.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlite_utils import Database

from thidua_desktop.services import awards_history, awards_service

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
    return awards_service.set_decision(db, rnd, "125/QĐ-UBND", dt.date(2025, 6, 10))


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
