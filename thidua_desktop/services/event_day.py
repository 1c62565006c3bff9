"""The day of the event: who is who (badge codes, names), check-in, replies, live counts.

One owner for "find the delegate the door means": `lookup` takes what was
typed or scanned. A badge code matches exactly (case ignored: scanners may
send lower case); otherwise the words are a name, matched through the
roster's FTS index (migration 0013, accents and case folded) on the name
column only. A name typed in full that equals one delegate's name wins over
longer names it is the beginning of ("Nguyễn Văn An" against "Nguyễn Văn
Anh"). No Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import clean_text, length_problem
from thidua_desktop.domain.unit_names import written_sql
from thidua_desktop.errors import ValidationError
from thidua_desktop.services.roster_window import search_words

INVITATION_STATES = {"none": "Chưa mời", "invited": "Đã mời", "confirmed": "Nhận lời",
                     "declined": "Từ chối", "substitute": "Cử người thay"}
QUERY_MAX = 100  # what a door may type: a name (100, as stored) or a code
_CODE = re.compile(r"^[0-9][0-9A-Fa-f]{3,12}$")


@dataclass(frozen=True)
class Candidate:
    """One delegate as the door sees it."""

    delegate_id: int
    name: str
    unit: str
    category: str
    badge_code: str
    present_at: str | None
    substitute_name: str = ""
    door: str = ""


@dataclass(frozen=True)
class Lookup:
    """What a typed text found: exactly one delegate, none, or several."""

    candidates: tuple[Candidate, ...]

    @property
    def found(self) -> Candidate | None:
        """The delegate when exactly one matched."""
        return self.candidates[0] if len(self.candidates) == 1 else None


_CANDIDATE_SQL = """
SELECT d.id, p.full_name,
       COALESCE((SELECT """ + written_sql() + """ FROM units u JOIN unit_kinds k ON k.code = u.kind
                 WHERE u.id = d.unit_id), ''),
       COALESCE((SELECT c.label FROM delegate_categories c JOIN events e ON e.plan_id = c.plan_id
                 WHERE e.id = d.event_id AND c.code = COALESCE(NULLIF(d.category_code, ''), d.category)),
                d.category),
       x.badge_code, ci.present_at, COALESCE(ci.substitute_name, ''), COALESCE(ci.door, '')
FROM delegates d JOIN persons p ON p.id = d.person_id
JOIN delegate_event_day x ON x.delegate_id = d.id
LEFT JOIN checkins ci ON ci.delegate_id = d.id
"""


def _candidates(db: Database, where: str, params: list) -> list[Candidate]:
    sql = _CANDIDATE_SQL + f" WHERE {where} ORDER BY d.sort_key, d.id LIMIT 50"
    return [Candidate(*row) for row in db.execute(sql, params)]


def clean_query(text: str) -> str:
    """What was typed, cleaned and bounded; a sentence when it is too long."""
    text = clean_text(text).strip()
    if len(text) > QUERY_MAX:
        raise ValidationError(f"Nội dung nhập quá dài ({len(text)} ký tự, tối đa {QUERY_MAX}).")
    return text


def lookup(db: Database, event_id: int, text: str) -> Lookup:
    """The delegates of the event that `text` (a badge code or a name) designates."""
    text = clean_query(text)
    if not text:
        return Lookup(())
    if _CODE.match(text):
        found = _candidates(db, "d.event_id = ? AND x.badge_code = ?", [event_id, text.upper()])
        if found:
            return Lookup(tuple(found))
    words = search_words(text)
    if not words:
        return Lookup(())
    terms = " ".join(f'"{w}"*' for w in words)
    found = _candidates(
        db, "d.event_id = ? AND d.id IN (SELECT rowid FROM delegate_search WHERE delegate_search MATCH ?)",
        [event_id, f"name : ({terms})"])
    typed = " ".join(words)
    exact = [c for c in found if " ".join(search_words(c.name)) == typed]
    return Lookup(tuple(exact if len(exact) == 1 else found))


def candidate(db: Database, delegate_id: int) -> Candidate:
    """One delegate as the door sees it."""
    found = _candidates(db, "d.id = ?", [delegate_id])
    if not found:
        raise ValidationError(f"Không có đại biểu số {delegate_id}.")
    return found[0]


def mark_present(db: Database, delegate_id: int, door: str = "", substitute_name: str = "",
                 at: dt.datetime | None = None) -> bool:
    """Record the delegate present (one transaction); False when already recorded.

    A second scan keeps the first time. A substitute given later is added to
    the existing check-in.
    """
    substitute_name = _clean_name(substitute_name, "Họ tên người dự thay")
    door = clean_text(door).strip()[:50]
    stamp = (at or dt.datetime.now()).isoformat(timespec="seconds")
    with db.atomic():
        cur = db.conn.execute(
            "INSERT OR IGNORE INTO checkins (delegate_id, present_at, door, substitute_name) "
            "VALUES (?, ?, ?, ?)", [delegate_id, stamp, door, substitute_name])
        if cur.rowcount == 0 and substitute_name:
            db.conn.execute("UPDATE checkins SET substitute_name = ? WHERE delegate_id = ?",
                            [substitute_name, delegate_id])
    return cur.rowcount == 1


def undo_present(db: Database, delegate_id: int) -> None:
    """Take a check-in back (a wrong person marked)."""
    with db.atomic():
        db.conn.execute("DELETE FROM checkins WHERE delegate_id = ?", [delegate_id])


def _clean_name(text: str, label: str) -> str:
    text = clean_text(text or "").strip()
    problem = length_problem("full_name", text, label)
    if problem:
        raise ValidationError(problem)
    return text


def set_invitation(db: Database, delegate_id: int, state: str, substitute_name: str = "",
                   at: dt.datetime | None = None) -> None:
    """Record an invitation state (sent, or the reply) for one delegate; one who declines
    loses their seat (the seat goes to someone who comes)."""
    if state not in INVITATION_STATES:
        raise ValidationError(f"Trạng thái giấy mời không hợp lệ: “{state}”.")
    substitute_name = _clean_name(substitute_name, "Họ tên người dự thay")
    if state == "substitute" and not substitute_name:
        raise ValidationError("Hãy ghi họ tên người được cử dự thay.")
    replied = None
    if state in ("confirmed", "declined", "substitute"):
        replied = (at or dt.datetime.now()).isoformat(timespec="seconds")
    with db.atomic():
        db.conn.execute(
            "UPDATE delegate_event_day SET invitation = ?, substitute_name = ?, replied_at = ? "
            "WHERE delegate_id = ?", [state, substitute_name if state == "substitute" else "",
                                     replied, delegate_id])
        if state == "declined":
            db.conn.execute("DELETE FROM seat_assignments WHERE delegate_id = ?", [delegate_id])


InvitationRow = tuple[int, str, str, str | None, int | None, int | None, int | None]


def invitation_rows(db: Database, delegate_ids: list[int]) -> list[InvitationRow]:
    """(delegate id, state, substitute name, replied at, seat's event, row, seat) of some
    delegates, for an undo to put back (a decline frees the seat)."""
    out: list[InvitationRow] = []
    ids = list(delegate_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out += db.execute("SELECT x.delegate_id, x.invitation, x.substitute_name, x.replied_at, "
                          "s.event_id, s.row, s.seat FROM delegate_event_day x "
                          "LEFT JOIN seat_assignments s ON s.delegate_id = x.delegate_id "
                          f"WHERE x.delegate_id IN ({','.join('?' * len(part))})", part).fetchall()
    return out


def set_invitations(db: Database, delegate_ids: list[int], state: str, substitute_name: str = "",
                    at: dt.datetime | None = None) -> list[InvitationRow]:
    """Record one state for several delegates (one transaction); returns what they had before.

    A substitute is one person in one delegate's place: with several delegates it is refused.
    """
    if state == "substitute" and len(delegate_ids) != 1:
        raise ValidationError("Chỉ ghi “Cử người thay” cho từng đại biểu một (mỗi người một tên người dự thay).")
    before = invitation_rows(db, delegate_ids)
    if len(before) != len(set(delegate_ids)):
        raise ValidationError("Một số đại biểu đã chọn không còn trong danh sách; hãy chọn lại.")
    with db.atomic():
        for delegate_id in delegate_ids:
            set_invitation(db, delegate_id, state, substitute_name, at)
    return before


def restore_invitations(db: Database, rows: list[InvitationRow]) -> None:
    """Put back what `invitation_rows` read (one transaction), a freed seat too when it is still free."""
    with db.atomic():
        for delegate_id, state, substitute, replied, *seat in rows:
            cur = db.conn.execute("UPDATE delegate_event_day SET invitation = ?, substitute_name = ?, "
                                  "replied_at = ? WHERE delegate_id = ?", [state, substitute, replied, delegate_id])
            if cur.rowcount == 0:
                raise ValidationError(f"Không có đại biểu số {delegate_id}.")
            if seat and seat[0] is not None:
                # A guest may sit there since (guest_seats): the seat stays theirs.
                db.conn.execute("INSERT OR IGNORE INTO seat_assignments (event_id, delegate_id, row, seat) "
                                "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM guest_seats WHERE "
                                "event_id = ? AND row = ? AND seat = ?)", [seat[0], delegate_id, *seat[1:],
                                                                          *seat])


def mark_invited(db: Database, delegate_ids: list[int]) -> list[InvitationRow]:
    """Mark "Đã mời" those of `delegate_ids` not invited yet (a letter went out); a reply already
    recorded stays. Returns what the marked ones had, for an undo (one transaction)."""
    ids = sorted(set(delegate_ids))
    fresh = [r[0] for r in invitation_rows(db, ids) if r[1] == "none"]
    before = invitation_rows(db, fresh)
    with db.atomic():
        for start in range(0, len(fresh), 500):
            part = fresh[start:start + 500]
            db.conn.execute("UPDATE delegate_event_day SET invitation = 'invited' "
                            f"WHERE invitation = 'none' AND delegate_id IN ({','.join('?' * len(part))})", part)
    return before


def invitation_counts(db: Database, event_id: int) -> dict[str, int]:
    """Delegates per invitation state."""
    rows = db.execute("SELECT x.invitation, count(*) FROM delegates d JOIN delegate_event_day x "
                      "ON x.delegate_id = d.id WHERE d.event_id = ? GROUP BY 1", [event_id])
    counts = dict.fromkeys(INVITATION_STATES, 0)
    counts.update(dict(rows.fetchall()))
    return counts


@dataclass(frozen=True)
class CountRow:
    """Present against expected (delegates listed) and quota (seats), for one group."""

    label: str
    present: int
    expected: int
    quota: int | None


@dataclass(frozen=True)
class Attendance:
    """The live count of the door."""

    present: int
    expected: int
    quota: int | None
    by_unit: tuple[CountRow, ...]
    by_category: tuple[CountRow, ...]


def attendance(db: Database, event_id: int) -> Attendance:
    """Present, listed and quota: in all, per delegation (unit) and per category."""
    from thidua_desktop.services.delegate_categories import (
        categories_in_protocol_order,
        category_quota,
    )

    units = db.execute(
        f"SELECT COALESCE({written_sql()}, 'Chưa rõ đơn vị'), count(ci.delegate_id), count(*), "
        "(SELECT seats FROM event_seats s WHERE s.event_id = d.event_id AND s.unit_id = d.unit_id) "
        "FROM delegates d LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN unit_kinds k ON k.code = u.kind "
        "LEFT JOIN checkins ci ON ci.delegate_id = d.id WHERE d.event_id = ? "
        "GROUP BY d.unit_id ORDER BY min(u.position), min(u.id)", [event_id]).fetchall()
    per_code = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT COALESCE(NULLIF(d.category_code, ''), d.category), count(ci.delegate_id), count(*) "
        "FROM delegates d LEFT JOIN checkins ci ON ci.delegate_id = d.id WHERE d.event_id = ? "
        "GROUP BY 1", [event_id])}
    max_delegates = db.execute("SELECT max_delegates FROM events WHERE id = ?", [event_id]).fetchone()[0]
    cats = []
    for cat in categories_in_protocol_order(db, event_id):
        present, expected = per_code.pop(cat.code, (0, 0))
        if expected or category_quota(cat, max_delegates) is not None:
            cats.append(CountRow(cat.label, present, expected, category_quota(cat, max_delegates)))
    cats += [CountRow(code, p, e, None) for code, (p, e) in sorted(per_code.items())]
    total = [sum(r[1] for r in units), sum(r[2] for r in units)]
    return Attendance(total[0], total[1], max_delegates,
                      tuple(CountRow(*r) for r in units), tuple(cats))


def checked_in(db: Database, event_id: int) -> list[Candidate]:
    """Every delegate present, in arrival order."""
    sql = _CANDIDATE_SQL + " WHERE d.event_id = ? AND ci.present_at IS NOT NULL ORDER BY ci.present_at, d.id"
    return [Candidate(*row) for row in db.execute(sql, [event_id])]


def badge_code(db: Database, delegate_id: int) -> str:
    """The delegate's badge code."""
    row = db.execute("SELECT badge_code FROM delegate_event_day WHERE delegate_id = ?",
                     [delegate_id]).fetchone()
    if row is None:
        raise ValidationError(f"Không có đại biểu số {delegate_id}.")
    return row[0]


def folded_name(name: str) -> str:
    """A name as compared between copies of a file."""
    return " ".join(fold(name).split())


DAY_TABLES = ("delegate_event_day", "checkins", "seat_assignments")  # rows keyed by delegate_id


def day_rows(db: Database, delegate_ids: list[int]) -> list[tuple[str, dict]]:
    """(table, row) of the delegates' day-of-event rows, for an undoable deletion to put back.

    Restoring a deleted delegate must give back the same badge code (its badge
    may already be printed), reply, check-in and seat.
    """
    out: list[tuple[str, dict]] = []
    ids = list(delegate_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for table in DAY_TABLES:
            cursor = db.execute(f"SELECT * FROM {table} WHERE delegate_id IN ({','.join('?' * len(part))})", part)
            cols = [d[0] for d in cursor.description]
            out += [(table, dict(zip(cols, row, strict=True))) for row in cursor.fetchall()]
    return out


def restore_day_rows(db: Database, rows: list[tuple[str, dict]]) -> None:
    """Put back what `day_rows` read, over the code the insert trigger gave (caller's transaction)."""
    for table, row in rows:
        cols = list(row)
        if table == "seat_assignments" and db.execute(
                "SELECT 1 FROM guest_seats WHERE event_id = ? AND row = ? AND seat = ?",
                [row["event_id"], row["row"], row["seat"]]).fetchone():
            continue  # a guest sits there since: the seat stays theirs
        db.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                   [row[c] for c in cols])
