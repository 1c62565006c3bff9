"""Award history: every person and collective with all its awards, across plans and years.

An awardee is matched by kind, folded name and birth year (a collective by
its folded name). Two records of one person (two former communes after the
2025 merger) are merged by pointing the second at the first
(`awardees.merged_into_id`): every look-up reads through the pointer, so
nothing moves and nothing is lost; `undo_merge` clears it again. Every
look-up is one SQL query on an index of migration 0015 (awardee+year,
form+year, year, name key): the history, the already-honoured flags of a
whole round, the years an eligibility check needs; none reads the awards
table through (tests/unit/test_awards_history_scale.py checks the plans).
Paged lists by form and year are in awards_history_lookup.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import clean_text, length_problem
from thidua_desktop.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class Award:
    """One award received."""

    id: int
    awardee_id: int
    form_code: str
    form_name: str
    level: str
    year: int
    decision_number: str
    decision_date: str | None
    issuer: str
    round_id: int | None = None


@dataclass(frozen=True)
class Awardee:
    """A person or collective in the history."""

    id: int
    kind: str
    name: str
    birth_year: int | None
    former_unit: str
    merged_into_id: int | None


def _text(value: str, field: str) -> str:
    text = clean_text(value)
    problem = length_problem(field, text)
    if problem:
        raise ValidationError(problem)
    return text


def find_or_add_awardee(db: Database, kind: str, name: str, *, birth_year: int | None = None,
                        sex: str | None = None, position: str = "", workplace: str = "",
                        unit_id: int | None = None, direct_worker: bool = False, former_unit: str = "",
                        person_id: int | None = None) -> int:
    """The id of the awardee with this kind, name and birth year (the kept one if merged), or a new one."""
    if kind not in ("person", "collective"):
        raise ValidationError(f"Loại “{kind}” không hợp lệ (cá nhân hoặc tập thể).")
    name = _text(name, "name" if kind == "person" else "collective")
    if not name:
        raise ValidationError("Tên người hoặc tập thể được đề nghị không được để trống.")
    if sex not in (None, "", "Nam", "Nữ"):
        raise ValidationError(f"Giới tính “{sex}” không hợp lệ (Nam hoặc Nữ).")
    key = fold(name)
    year = birth_year if kind == "person" else None
    former = _text(former_unit, "unit")
    row = db.execute("SELECT id, merged_into_id FROM awardees WHERE kind = ? AND name_key = ? AND birth_year IS ? "
                     "AND former_unit = ? ORDER BY id LIMIT 1", [kind, key, year, former]).fetchone()
    if row:
        return row[1] or row[0]
    return db.execute(
        "INSERT INTO awardees (kind, name, name_key, birth_year, sex, position, workplace, former_unit, "
        "direct_worker, unit_id, person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [kind, name, key, year, sex or None, _text(position, "position"), _text(workplace, "workplace"), former,
         int(bool(direct_worker)), unit_id, person_id]).lastrowid


def add_award(db: Database, awardee_id: int, form_name: str, year: int, *, form_code: str = "", level: str = "",
              decision_number: str = "", decision_date: str | None = None, issuer: str = "",
              round_id: int | None = None, proposal_id: int | None = None) -> int:
    """Record one award received (typed, imported, or from a round's decision)."""
    form_name = _text(form_name, "award_at_event")
    if not form_name:
        raise ValidationError("Tên hình thức khen thưởng không được để trống.")
    if not 1945 <= int(year) <= 2200:
        raise ValidationError(f"Năm khen thưởng {year} không hợp lệ.")
    return db.execute(
        "INSERT INTO awards (awardee_id, form_code, form_name, level, year, decision_number, decision_date, "
        "issuer, round_id, proposal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [awardee_id, form_code, form_name, level, int(year), clean_text(decision_number), decision_date,
         clean_text(issuer), round_id, proposal_id]).lastrowid


def record_round(db: Database, rnd, form_set, approved) -> int:
    """Write the approved proposals of a decided round into the history (again: replaced, not doubled)."""
    db.execute("DELETE FROM awards WHERE round_id = ?", [rnd.id])
    for p in approved:
        form = form_set.form(p.form_code)
        add_award(db, p.awardee_id, p.form_name, rnd.decision_date.year, form_code=p.form_code,
                  level=form.level if form else "", decision_number=rnd.decision_number,
                  decision_date=rnd.decision_date.isoformat(), issuer=form.authority if form else "",
                  round_id=rnd.id, proposal_id=p.id)
    return len(approved)


# The kept record and every record merged into it (a merge repoints chains, so one level is all).
FAMILY_SQL = "SELECT ? UNION ALL SELECT id FROM awardees WHERE merged_into_id = ?"
AWARD_COLUMNS = ("id, awardee_id, form_code, form_name, level, year, decision_number, decision_date, issuer, "
                 "round_id")


def kept_id(db: Database, awardee_id: int) -> int:
    """The record that holds this awardee's history (itself, or the one it was merged into)."""
    row = db.execute("SELECT COALESCE(merged_into_id, id) FROM awardees WHERE id = ?", [awardee_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có người hoặc tập thể mã {awardee_id} trong lịch sử khen thưởng.")
    return row[0]


def awardee(db: Database, awardee_id: int) -> Awardee:
    """One awardee; NotFoundError if none."""
    row = db.execute("SELECT id, kind, name, birth_year, former_unit, merged_into_id FROM awardees WHERE id = ?",
                     [awardee_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có người hoặc tập thể mã {awardee_id} trong lịch sử khen thưởng.")
    return Awardee(*row)


def history(db: Database, awardee_id: int) -> list[Award]:
    """Every award of this awardee and of the records merged into it, oldest first (awards_awardee index)."""
    kept = kept_id(db, awardee_id)
    rows = db.execute(f"SELECT {AWARD_COLUMNS} FROM awards WHERE awardee_id IN ({FAMILY_SQL}) ORDER BY year, id",
                      [kept, kept])
    return [Award(*r) for r in rows]


def find(db: Database, name: str, kind: str = "person", birth_year: int | None = None) -> list[Awardee]:
    """Awardees (not merged away) by folded name (and birth year), through the name index."""
    sql = ("SELECT id, kind, name, birth_year, former_unit, merged_into_id FROM awardees "
           "WHERE kind = ? AND name_key = ?")
    params: list = [kind, fold(clean_text(name))]
    if birth_year is not None:
        sql += " AND birth_year = ?"
        params.append(birth_year)
    return [Awardee(*r) for r in db.execute(sql + " ORDER BY id", params) if r[5] is None]


def by_form_year(db: Database, form_code: str, year: int) -> int:
    """How many awards of a form in a year (through the form+year index)."""
    return db.execute("SELECT COUNT(*) FROM awards WHERE form_code = ? AND year = ?", [form_code, year]).fetchone()[0]


def already_honoured(db: Database, awardee_id: int, form_code: str, round_id: int | None = None) -> list[Award]:
    """Awards of the same form received before, outside round `round_id` (the flag when proposed again)."""
    kept = kept_id(db, awardee_id)
    rows = db.execute(f"SELECT {AWARD_COLUMNS} FROM awards WHERE awardee_id IN ({FAMILY_SQL}) AND +form_code = ? "
                      "AND (? IS NULL OR round_id IS NOT ?) ORDER BY year, id",
                      [kept, kept, form_code, round_id, round_id])
    return [Award(*r) for r in rows]


def honoured_flags(db: Database, rnd, props) -> dict[int, list[Award]]:
    """Proposal id -> earlier awards of the same form, for every proposal of `props` that has any.

    One query for the whole round: each proposal's kept record and the records merged into it, joined to
    their awards of the proposal's form through the awards_awardee index. (The unary + keeps SQLite off
    the form+year index, which would read every award of the form for each proposal.)"""
    wanted = {p.id for p in props}
    if not wanted:
        return {}
    columns = ", ".join(f"a.{c.strip()}" for c in AWARD_COLUMNS.split(","))
    rows = db.execute(
        "WITH kept(pid, kid, form) AS (SELECT p.id, COALESCE(k.merged_into_id, k.id), p.form_code "
        "  FROM award_proposals p JOIN awardees k ON k.id = p.awardee_id WHERE p.round_id = ?), "
        "family(pid, member, form) AS (SELECT pid, kid, form FROM kept UNION ALL "
        "  SELECT kept.pid, m.id, kept.form FROM kept JOIN awardees m ON m.merged_into_id = kept.kid) "
        f"SELECT family.pid, {columns} FROM family JOIN awards a ON a.awardee_id = family.member "
        "AND +a.form_code = family.form WHERE a.round_id IS NOT ? ORDER BY family.pid, a.year, a.id",
        [rnd.id, rnd.id])
    flags: dict[int, list[Award]] = {}
    for pid, *award in rows:
        if pid in wanted:
            flags.setdefault(pid, []).append(Award(*award))
    return flags


def merge(db: Database, kept_id: int, merged_id: int) -> int:
    """Merge `merged_id` into `kept_id` as one step; returns the merge id (undo_merge undoes it)."""
    kept, other = awardee(db, kept_id), awardee(db, merged_id)
    if kept_id == merged_id or kept.merged_into_id or other.merged_into_id:
        raise ValidationError("Chỉ gộp được hai bản ghi khác nhau, chưa gộp vào bản ghi nào.")
    if kept.kind != other.kind:
        raise ValidationError("Không gộp được một cá nhân với một tập thể.")
    with db.atomic():
        repointed = [r[0] for r in db.execute("SELECT id FROM awardees WHERE merged_into_id = ?", [merged_id])]
        db.execute("UPDATE awardees SET merged_into_id = ? WHERE merged_into_id = ?", [kept_id, merged_id])
        db.execute("UPDATE awardees SET merged_into_id = ? WHERE id = ?", [kept_id, merged_id])
        return db.execute("INSERT INTO award_merges (kept_id, merged_id, repointed) VALUES (?, ?, ?)",
                          [kept_id, merged_id, json.dumps(repointed)]).lastrowid


def undo_merge(db: Database, merge_id: int) -> None:
    """Undo one merge: the merged record (and those it held) stand alone again."""
    row = db.execute("SELECT kept_id, merged_id, repointed FROM award_merges WHERE id = ?", [merge_id]).fetchone()
    if row is None:
        raise NotFoundError("Lần gộp này không còn để hoàn tác.")
    kept_id, merged_id, repointed = row
    with db.atomic():
        db.execute("UPDATE awardees SET merged_into_id = NULL WHERE id = ?", [merged_id])
        for other in json.loads(repointed):
            db.execute("UPDATE awardees SET merged_into_id = ? WHERE id = ?", [merged_id, other])
        db.execute("DELETE FROM award_merges WHERE id = ?", [merge_id])


@dataclass(frozen=True)
class Eligibility:
    """Whether an awardee meets the conditions of a form in a year, as far as the history tells."""

    form_code: str
    form_name: str
    met: bool | None  # None: some condition is not in the history (free text, round shares)
    reasons: tuple[str, ...]


def eligibility(db: Database, awardee_id: int, form_set, year: int) -> list[Eligibility]:
    """For every form this awardee's kind may get: which history conditions hold for `year`."""
    person = awardee(db, awardee_id)
    spans = [c.years if c.type == "consecutive_years" else 1 for f in form_set.forms for c in f.conditions
             if c.type in ("holds", "consecutive_years")]
    kept = kept_id(db, awardee_id)
    # Only the years the conditions look back over, read through the awards_awardee (awardee, year) index.
    received = set(db.execute(f"SELECT DISTINCT form_code, year FROM awards WHERE awardee_id IN ({FAMILY_SQL}) "
                              "AND year >= ? AND year < ?", [kept, kept, year - max(spans, default=0), year]))
    names = form_set.names()
    out = []
    for form in form_set.forms:
        if not form.allows(person.kind):
            continue
        met: bool | None = True
        reasons = []
        for cond in form.conditions:
            text = cond.sentence(names)
            if cond.type in ("holds", "consecutive_years"):
                span = cond.years if cond.type == "consecutive_years" else 1
                missing = [y for y in range(year - span, year) if (cond.form, y) not in received]
                if missing:
                    met = False
                    reasons.append(f"{text}: thiếu năm {', '.join(map(str, missing))}")
                else:
                    reasons.append(f"{text}: đạt")
            else:
                met = None if met else met
                reasons.append(f"{text}: cần xem hồ sơ hoặc cả đợt")
        out.append(Eligibility(form.code, form.name, met, tuple(reasons)))
    return out
