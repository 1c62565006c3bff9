"""Reward rounds: proposals of the units, their states, the council's votes, the decision.

A proposal moves proposed -> reviewed -> voted -> approved | rejected (and
may be sent back one step). Votes are counted from ballots (`record_ballot`)
or typed as a tally (`set_votes`); `decide_by_votes` approves each voted
proposal whose votes pass the council rule (a share of the members present,
from the form set's data) and rejects the rest. The decision's number and
date are typed once (`set_decision`), and approving a round writes each
approved proposal into the award history (awards_history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import clean_text, length_problem
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import awards_forms, awards_history

STATES = ("proposed", "reviewed", "voted", "approved", "rejected")
STATE_NAMES = {"proposed": "Đề nghị", "reviewed": "Đã thẩm định", "voted": "Đã bỏ phiếu",
               "approved": "Được khen thưởng", "rejected": "Không được khen thưởng"}
# Which state may follow which; a step back is allowed to correct a mistake.
_MOVES = {"proposed": ("reviewed",), "reviewed": ("voted", "proposed"),
          "voted": ("approved", "rejected", "reviewed"), "approved": ("voted",), "rejected": ("voted",)}
_NUMBER_MAX = 50


@dataclass(frozen=True)
class Round:
    """A reward round."""

    id: int
    code: str
    name: str
    year: int
    plan_id: int | None
    issuer_unit_id: int | None
    council_members: int
    members_present: int
    threshold: float
    meeting_date: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    signer_title: str
    signer_name: str

    @property
    def decided(self) -> bool:
        """True once the decision's number and date are typed."""
        return bool(self.decision_number and self.decision_date)

    @property
    def reference_date(self) -> dt.date:
        """The day that chooses the form set: the decision's, the meeting's, or 31 Dec of the year."""
        return self.decision_date or self.meeting_date or dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class Proposal:
    """One proposal, with what the lists print."""

    id: int
    round_code: str
    unit_id: int | None
    unit: str
    awardee_id: int
    kind: str  # person | collective
    name: str
    sex: str
    birth_year: int | None
    position: str
    workplace: str
    direct_worker: bool
    form_code: str
    form_name: str
    achievement: str
    state: str
    votes_for: int | None
    position_in_list: int


def _date(text):
    return dt.date.fromisoformat(text) if text else None


_ROUND_COLS = ("id, code, name, year, plan_id, issuer_unit_id, council_members, members_present, threshold, "
               "meeting_date, decision_number, decision_date, signer_title, signer_name")


def _round(row) -> Round:
    values = list(row)
    values[9], values[11] = _date(values[9]), _date(values[11])
    return Round(*values)


def rounds(db: Database) -> list[Round]:
    """Every round, newest first."""
    return [_round(r) for r in db.execute(f"SELECT {_ROUND_COLS} FROM award_rounds ORDER BY year DESC, id DESC")]


def round_by_code(db: Database, code: str | None) -> Round:
    """The round with this code (None: the newest); NotFoundError with a sentence otherwise."""
    if code is None:
        found = rounds(db)
        if not found:
            raise NotFoundError("Tệp chưa có đợt khen thưởng nào.")
        return found[0]
    row = db.execute(f"SELECT {_ROUND_COLS} FROM award_rounds WHERE code = ?", [code]).fetchone()
    if row is None:
        known = ", ".join(r.code for r in rounds(db)) or "chưa có"
        raise NotFoundError(f"Không có đợt khen thưởng “{code}” (các đợt: {known}).")
    return _round(row)


def create_round(db: Database, code: str, name: str, year: int, plan_id: int | None = None,
                 issuer_unit_id: int | None = None, council_members: int = 0, signer_title: str = "",
                 signer_name: str = "", meeting_date: dt.date | None = None) -> Round:
    """A new round; the threshold comes from the council rule of the form set data.

    The meeting date (else 31 December of the year) chooses the form set in effect.
    """
    code, name = clean_text(code), clean_text(name)
    if not code or not name:
        raise ValidationError("Đợt khen thưởng cần mã và tên.")
    for text, field, label in ((code, "phone", "Mã đợt"), (name, "position", "Tên đợt"),
                               (clean_text(signer_name), "name", "Người ký"),
                               (clean_text(signer_title), "category", "Chức vụ người ký")):
        problem = length_problem(field, text, label)
        if problem:
            raise ValidationError(problem)
    if not 1900 <= int(year) <= 2200:
        raise ValidationError(f"Năm {year} không hợp lệ.")
    if db.execute("SELECT 1 FROM award_rounds WHERE code = ?", [code]).fetchone():
        raise ValidationError(f"Đã có đợt khen thưởng mã “{code}”.")
    _, council = awards_forms.form_sets(db)
    with db.atomic():
        db.execute("INSERT INTO award_rounds (code, name, year, plan_id, issuer_unit_id, council_members, "
                   "threshold, signer_title, signer_name, meeting_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [code, name, int(year), plan_id, issuer_unit_id, int(council_members), council.threshold,
                    clean_text(signer_title), clean_text(signer_name),
                    meeting_date.isoformat() if meeting_date else None])
    return round_by_code(db, code)


def form_set_of(db: Database, rnd: Round) -> awards_forms.FormSet:
    """The forms in effect for this round (by its reference date)."""
    sets, _ = awards_forms.form_sets(db)
    return awards_forms.in_effect(sets, rnd.reference_date)


def council_rule(db: Database, rnd: Round) -> awards_forms.CouncilRule:
    """The council rule with this round's threshold (stored with the round, editable)."""
    _, council = awards_forms.form_sets(db)
    return awards_forms.CouncilRule(rnd.threshold, council.strictly_more)


def add_proposal(db: Database, rnd: Round, unit_id: int | None, form_code: str, *, kind: str, name: str,
                 birth_year: int | None = None, sex: str | None = None, position: str = "", workplace: str = "",
                 direct_worker: bool = False, achievement: str = "", former_unit: str = "",
                 person_id: int | None = None) -> int:
    """Add a proposal (the awardee found or created in the history); returns its id.

    Refused with a sentence: an unknown form, a form not for this kind, a text
    too long, the same awardee proposed twice for the same form in the round.
    """
    form = form_set_of(db, rnd).form(form_code)
    if form is None:
        raise ValidationError(f"Hình thức “{form_code}” không có trong bộ hình thức đang áp dụng.")
    if not form.allows(kind):
        who = "cá nhân" if kind == "person" else "tập thể"
        raise ValidationError(f"Hình thức “{form.name}” không dành cho {who}.")
    achievement = clean_text(achievement)
    problem = length_problem("achievement", achievement)
    if problem:
        raise ValidationError(problem)
    with db.atomic():
        awardee = awards_history.find_or_add_awardee(
            db, kind, name, birth_year=birth_year, sex=sex, position=position, workplace=workplace,
            unit_id=unit_id, direct_worker=direct_worker, former_unit=former_unit, person_id=person_id)
        if db.execute("SELECT 1 FROM award_proposals WHERE round_id = ? AND awardee_id = ? AND form_code = ?",
                      [rnd.id, awardee, form_code]).fetchone():
            raise ValidationError(f"“{clean_text(name)}” đã được đề nghị “{form.name}” trong đợt này.")
        position_next = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM award_proposals WHERE round_id = ?",
                                   [rnd.id]).fetchone()[0]
        cursor = db.execute("INSERT INTO award_proposals (round_id, awardee_id, unit_id, form_code, achievement, "
                            "position) VALUES (?, ?, ?, ?, ?, ?)",
                            [rnd.id, awardee, unit_id, form_code, achievement, position_next])
    return cursor.lastrowid


def proposals(db: Database, rnd: Round, unit_id: int | None = None, state: str | None = None) -> list[Proposal]:
    """The round's proposals in list order (unit order, then the order they were added)."""
    names = form_set_of(db, rnd).names()
    sql = ("SELECT p.id, u.id, COALESCE(u.name, ''), COALESCE(k.name, ''), a.id, a.kind, a.name, "
           "COALESCE(a.sex, ''), a.birth_year, a.position, a.workplace, a.direct_worker, p.form_code, "
           "p.achievement, p.state, p.votes_for, p.position FROM award_proposals p "
           "JOIN awardees a ON a.id = p.awardee_id LEFT JOIN units u ON u.id = p.unit_id "
           "LEFT JOIN unit_kinds k ON k.code = u.kind WHERE p.round_id = ?")
    params: list = [rnd.id]
    if unit_id is not None:
        sql += " AND p.unit_id = ?"
        params.append(unit_id)
    if state is not None:
        sql += " AND p.state = ?"
        params.append(state)
    sql += " ORDER BY p.position, p.id"
    out = []
    for r in db.execute(sql, params):
        unit = f"{r[3]} {r[2]}".strip()
        out.append(Proposal(r[0], rnd.code, r[1], unit, r[4], r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]),
                            r[12], names.get(r[12], r[12]), r[13], r[14], r[15], r[16]))
    return out


def move(db: Database, proposal_ids: list[int], to_state: str) -> int:
    """Move proposals to `to_state`; refuses (nothing written) if any may not move there."""
    if to_state not in STATES:
        raise ValidationError(f"Trạng thái “{to_state}” không hợp lệ.")
    rows = db.execute(f"SELECT id, state FROM award_proposals WHERE id IN ({','.join('?' * len(proposal_ids))})",
                      list(proposal_ids)).fetchall() if proposal_ids else []
    if len(rows) != len(set(proposal_ids)):
        raise NotFoundError("Có đề nghị không còn trong tệp.")
    for _pid, state in rows:
        if to_state != state and to_state not in _MOVES[state]:
            raise ValidationError(f"Không thể chuyển đề nghị từ “{STATE_NAMES[state]}” sang "
                                  f"“{STATE_NAMES[to_state]}”.")
    with db.atomic():
        for pid, _ in rows:
            db.execute("UPDATE award_proposals SET state = ? WHERE id = ?", [to_state, pid])
    return len(rows)


def set_meeting(db: Database, rnd: Round, members_present: int, meeting_date: dt.date | None = None,
                council_members: int | None = None, threshold: float | None = None) -> Round:
    """The council meeting: members present (and, if given, members, date, threshold)."""
    members = rnd.council_members if council_members is None else int(council_members)
    if not 0 < int(members_present) <= max(members, 0):
        raise ValidationError(f"Số thành viên có mặt ({members_present}) phải từ 1 đến {members}.")
    threshold = rnd.threshold if threshold is None else float(threshold)
    if not 0 < threshold <= 1:
        raise ValidationError("Tỷ lệ biểu quyết phải lớn hơn 0 và không quá 100%.")
    with db.atomic():
        db.execute("UPDATE award_rounds SET members_present = ?, council_members = ?, threshold = ?, "
                   "meeting_date = COALESCE(?, meeting_date) WHERE id = ?",
                   [int(members_present), members, threshold,
                    meeting_date.isoformat() if meeting_date else None, rnd.id])
    return round_by_code(db, rnd.code)


def set_votes(db: Database, rnd: Round, tally: dict[int, int]) -> None:
    """Type the tally (proposal id -> votes for); each bounded by the members present."""
    for votes in tally.values():
        if not 0 <= int(votes) <= rnd.members_present:
            raise ValidationError(f"Số phiếu đồng ý ({votes}) phải từ 0 đến số thành viên có mặt "
                                  f"({rnd.members_present}).")
    with db.atomic():
        for pid, votes in tally.items():
            db.execute("UPDATE award_proposals SET votes_for = ?, state = 'voted' WHERE id = ? AND round_id = ? "
                       "AND state IN ('reviewed', 'voted')", [int(votes), pid, rnd.id])


def record_ballot(db: Database, rnd: Round, agree_ids: set[int], valid: bool = True) -> int:
    """Count one ballot paper (its ticks: the proposals agreed); returns its number."""
    ballots = db.execute("SELECT COUNT(*) FROM award_ballots WHERE round_id = ?", [rnd.id]).fetchone()[0]
    if ballots >= rnd.members_present:
        raise ValidationError(f"Đã đủ {rnd.members_present} phiếu (bằng số thành viên có mặt).")
    voted = [p.id for p in proposals(db, rnd) if p.state in ("reviewed", "voted")]
    with db.atomic():
        number = ballots + 1
        bid = db.execute("INSERT INTO award_ballots (round_id, number, valid) VALUES (?, ?, ?)",
                         [rnd.id, number, int(valid)]).lastrowid
        if valid:
            for pid in voted:
                db.execute("INSERT INTO award_votes (ballot_id, proposal_id, agree) VALUES (?, ?, ?)",
                           [bid, pid, int(pid in agree_ids)])
        for pid in voted:
            count = db.execute("SELECT COUNT(*) FROM award_votes v JOIN award_ballots b ON b.id = v.ballot_id "
                               "WHERE v.proposal_id = ? AND v.agree = 1 AND b.valid = 1", [pid]).fetchone()[0]
            db.execute("UPDATE award_proposals SET votes_for = ?, state = 'voted' WHERE id = ?", [count, pid])
    return number


def decide_by_votes(db: Database, rnd: Round) -> tuple[int, int]:
    """Approve each voted proposal that passes the council rule, reject the rest; (approved, rejected)."""
    rule = council_rule(db, rnd)
    approved = rejected = 0
    with db.atomic():
        for p in proposals(db, rnd, state="voted"):
            ok = rule.passes(p.votes_for or 0, rnd.members_present)
            db.execute("UPDATE award_proposals SET state = ? WHERE id = ?", ["approved" if ok else "rejected", p.id])
            approved, rejected = approved + ok, rejected + (not ok)
    return approved, rejected


def set_decision(db: Database, rnd: Round, number: str, date: dt.date, signer_title: str = "",
                 signer_name: str = "") -> Round:
    """Type the decision's number and date once; the approved proposals enter the award history."""
    number = clean_text(number)
    if not number or len(number) > _NUMBER_MAX:
        raise ValidationError(f"Số quyết định phải có từ 1 đến {_NUMBER_MAX} ký tự.")
    if not any(p.state == "approved" for p in proposals(db, rnd)):
        raise ValidationError("Đợt này chưa có đề nghị nào được khen thưởng; chưa thể ghi quyết định.")
    with db.atomic():
        db.execute("UPDATE award_rounds SET decision_number = ?, decision_date = ?, "
                   "signer_title = COALESCE(NULLIF(?, ''), signer_title), "
                   "signer_name = COALESCE(NULLIF(?, ''), signer_name) WHERE id = ?",
                   [number, date.isoformat(), clean_text(signer_title), clean_text(signer_name), rnd.id])
        rnd = round_by_code(db, rnd.code)
        awards_history.record_round(db, rnd, form_set_of(db, rnd), proposals(db, rnd, state="approved"))
    return rnd


def issuer_name(db: Database, rnd: Round) -> tuple[str, str]:
    """("UBND HUYỆN HỚN QUẢN", "Hớn Quản"): the issuing body and the place of the date line."""
    row = db.execute("SELECT u.name, k.name FROM units u JOIN unit_kinds k ON k.code = u.kind WHERE u.id = ?",
                     [rnd.issuer_unit_id]).fetchone()
    if row is None:
        return ("", "")
    return (f"UBND {row[1]} {row[0]}".upper(), row[0])


# --- snapshots for undo ---------------------------------------------------------

def snapshot(db: Database, rnd: Round) -> dict:
    """What a step of the round may change (states, votes, meeting, decision), to put back on undo."""
    return {
        "proposals": {r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT id, state, votes_for FROM award_proposals WHERE round_id = ?", [rnd.id])},
        "round": db.execute("SELECT members_present, council_members, threshold, meeting_date, decision_number, "
                            "decision_date FROM award_rounds WHERE id = ?", [rnd.id]).fetchone(),
        "ballots": db.execute("SELECT id, number, valid FROM award_ballots WHERE round_id = ?", [rnd.id]).fetchall(),
        "votes": db.execute("SELECT v.ballot_id, v.proposal_id, v.agree FROM award_votes v JOIN award_ballots b "
                            "ON b.id = v.ballot_id WHERE b.round_id = ?", [rnd.id]).fetchall(),
        "awards": db.execute("SELECT id, awardee_id, form_code, form_name, level, year, decision_number, "
                             "decision_date, issuer, round_id, proposal_id, plan_id, note FROM awards "
                             "WHERE round_id = ?", [rnd.id]).fetchall(),
    }


def restore(db: Database, rnd: Round, snap: dict) -> Round:
    """Put the round back as `snapshot` saw it (one transaction)."""
    with db.atomic():
        for pid, (state, votes) in snap["proposals"].items():
            db.execute("UPDATE award_proposals SET state = ?, votes_for = ? WHERE id = ?", [state, votes, pid])
        db.execute("UPDATE award_rounds SET members_present = ?, council_members = ?, threshold = ?, "
                   "meeting_date = ?, decision_number = ?, decision_date = ? WHERE id = ?", [*snap["round"], rnd.id])
        db.execute("DELETE FROM award_ballots WHERE round_id = ?", [rnd.id])
        db.conn.executemany("INSERT INTO award_ballots (id, round_id, number, valid) VALUES (?, ?, ?, ?)",
                            [(b[0], rnd.id, b[1], b[2]) for b in snap["ballots"]])
        db.conn.executemany("INSERT INTO award_votes (ballot_id, proposal_id, agree) VALUES (?, ?, ?)",
                            snap["votes"])
        db.execute("DELETE FROM awards WHERE round_id = ?", [rnd.id])
        db.conn.executemany("INSERT INTO awards (id, awardee_id, form_code, form_name, level, year, decision_number, "
                            "decision_date, issuer, round_id, proposal_id, plan_id, note) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", snap["awards"])
    return round_by_code(db, rnd.code)



def decision_position_sql(person_column: str) -> str:
    """SQL for a person's place in the plan's signed reward decision (NULL when not in one).

    One parameter: the plan id. The run-of-show script orders its award calls by it,
    so the awardees are called in the decision's order (NULLs, not in a decision, last).
    """
    return ("(SELECT MIN(ap.position) FROM award_proposals ap JOIN awardees a ON a.id = ap.awardee_id "
            "JOIN award_rounds r ON r.id = ap.round_id WHERE a.person_id = " + person_column +
            " AND ap.state = 'approved' AND r.plan_id = ? AND r.decision_number != '')")
