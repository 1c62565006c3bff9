"""Writes on milestones: add, edit, delete (with a snapshot to undo), progress, the soon setting.

Every write runs in one transaction; a bad value raises ValidationError with a
Vietnamese sentence and nothing is written. Functions that change data return
what the undo needs (a snapshot or the previous progress rows).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import repository, unit_targets
from thidua_desktop.services.plan_service import set_event_date, slug
from thidua_desktop.services.timeline_service import SOON_SETTING, milestone_from_row

APPLIES = tuple(unit_targets.SHAPES)  # office, units, selected, and the rule shapes
PROGRESS_STATES = ("todo", "doing", "done")


@dataclass
class MilestoneData:
    """What the officer enters for a milestone (the editing dialog's fields)."""

    title: str
    due_kind: str  # fixed | month | quarter | event | after
    due_date: dt.date | None = None
    due_year: int | None = None
    due_period: int | None = None
    rel_event_id: int | None = None
    rel_event_type: str | None = None
    rel_milestone_id: int | None = None
    offset_days: int = 0
    responsible: str = ""
    partners: str = ""
    applies_to: str = "office"
    unit_ids: list[int] = field(default_factory=list)  # for applies_to == "selected"
    kinds: list[str] = field(default_factory=list)  # for applies_to == "kinds"
    groups: list[str] = field(default_factory=list)  # for the group shapes (none: every group)
    source: str = ""
    code: str = ""  # made from the title when empty


def data_of(db: Database, milestone_id: int) -> MilestoneData:
    """The stored milestone as editable data."""
    row = _row(db, milestone_id)
    m = milestone_from_row(row)
    units = [r[0] for r in db.execute(
        "SELECT unit_id FROM milestone_units WHERE milestone_id = ? ORDER BY unit_id", [milestone_id])]
    rule = target_rule(row["target"])
    return MilestoneData(
        m.title, m.due_kind, m.due_date, m.due_year, m.due_period, m.rel_event_id,
        m.rel_event_type, m.rel_milestone_id, m.offset_days, m.responsible, m.partners,
        rule.get("applies_to", m.applies_to), units, list(rule.get("kinds", [])), list(rule.get("groups", [])),
        m.source, m.code,
    )


def target_rule(text: str | None) -> dict:
    """The rule a milestone keeps beside its units ({} when chosen by hand or plain)."""
    try:
        rule = json.loads(text) if text else {}
    except ValueError:
        return {}
    return rule if isinstance(rule, dict) and rule.get("applies_to") in unit_targets.BY_RULE else {}


def _row(db: Database, milestone_id: int) -> dict:
    rows = list(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id]))
    if not rows:
        raise NotFoundError(f"Không có mốc công việc số {milestone_id}; có thể nó đã bị xóa.")
    return rows[0]


def _code_from(title: str) -> str:
    return slug(title).replace("-", "_")[:40] or "moc"


def validate(db: Database, plan_id: int, data: MilestoneData, milestone_id: int | None = None) -> dict:
    """Check the data; return the `milestones` columns to write (ValidationError otherwise)."""
    title = clean_text(data.title)
    if not title:
        raise ValidationError("Hãy nhập tên mốc công việc.")
    cols: dict = {
        "title": title, "due_kind": data.due_kind, "due_date": None, "due_year": None,
        "due_period": None, "rel_event_id": None, "rel_event_type": None,
        "rel_milestone_id": None, "offset_days": 0, "responsible": clean_text(data.responsible),
        "partners": clean_text(data.partners), "source": clean_text(data.source),
    }
    if data.due_kind == "fixed":
        if data.due_date is None:
            raise ValidationError("Hãy chọn ngày hết hạn của mốc.")
        cols["due_date"] = data.due_date.isoformat()
    elif data.due_kind in ("month", "quarter"):
        top = 12 if data.due_kind == "month" else 4
        name = "Tháng" if data.due_kind == "month" else "Quý"
        if not data.due_period or not 1 <= data.due_period <= top:
            raise ValidationError(f"{name} phải từ 1 đến {top}.")
        if not data.due_year or not 1990 <= data.due_year <= 2100:
            raise ValidationError("Năm phải từ 1990 đến 2100.")
        cols["due_year"], cols["due_period"] = data.due_year, data.due_period
    elif data.due_kind == "event":
        _validate_event(db, plan_id, data, cols)
    elif data.due_kind == "after":
        _validate_chain(db, plan_id, data, milestone_id, cols)
    else:
        raise ValidationError(f"Loại hạn “{data.due_kind}” không hợp lệ.")
    if data.applies_to not in APPLIES:
        raise ValidationError(f"Phạm vi áp dụng “{data.applies_to}” không hợp lệ.")
    cols["applies_to"], cols["target"] = data.applies_to, ""
    if data.applies_to in unit_targets.BY_RULE:
        # Kept as the rule (for "save as template") and as the units it gives today.
        entry = unit_targets.rule(db, plan_id, data.applies_to, data.kinds, data.groups)
        cols["applies_to"], cols["target"] = "selected", unit_targets.stored(entry)
        cols["_units"] = unit_targets.resolve(db, plan_id, entry)
    elif data.applies_to == "selected":
        if not data.unit_ids:
            raise ValidationError("Hãy chọn ít nhất một đơn vị thực hiện mốc này.")
        org = repository.plan(db, plan_id).organiser_id
        known = {u.id for u in repository.units(db, org)}
        if set(data.unit_ids) - known:
            raise ValidationError("Có đơn vị được chọn không thuộc kế hoạch này.")
    code = fold(clean_text(data.code)).replace(" ", "_") or _code_from(title)
    if not re.fullmatch(r"[a-z0-9_\-]+", code):
        raise ValidationError(f"Mã mốc “{data.code}” chỉ được dùng chữ không dấu, số, “_” và “-”.")
    cols["code"] = _unique_code(db, plan_id, code, milestone_id, explicit=bool(clean_text(data.code)))
    return cols


def _validate_event(db, plan_id, data, cols) -> None:
    if abs(data.offset_days) > 366:
        raise ValidationError("Số ngày so với ngày tổ chức phải trong khoảng một năm (-366 đến 366).")
    cols["offset_days"] = int(data.offset_days)
    if data.rel_event_id is None and not data.rel_event_type:
        raise ValidationError("Hãy chọn sự kiện mà hạn này tính theo.")
    if data.rel_event_id is not None:
        row = db.execute("SELECT plan_id, type_code FROM events WHERE id = ?",
                         [data.rel_event_id]).fetchone()
        if row is None or row[0] != plan_id:
            raise ValidationError("Sự kiện được chọn không thuộc kế hoạch này.")
        cols["rel_event_id"] = data.rel_event_id
        cols["rel_event_type"] = data.rel_event_type or row[1]
    else:
        cols["rel_event_type"] = data.rel_event_type


def _validate_chain(db, plan_id, data, milestone_id, cols) -> None:
    if abs(data.offset_days) > 366:
        raise ValidationError("Số ngày sau mốc trước phải trong khoảng một năm (0 đến 366).")
    if data.offset_days < 0:
        raise ValidationError(
            "Mốc đi sau không thể đến hạn trước mốc nó theo sau; hãy nhập số ngày từ 0 trở lên.")
    prev = data.rel_milestone_id
    if prev is None:
        raise ValidationError("Hãy chọn mốc trước mà mốc này đi sau.")
    links = dict(db.execute(
        "SELECT id, rel_milestone_id FROM milestones WHERE plan_id = ?", [plan_id]).fetchall())
    if prev not in links:
        raise ValidationError("Mốc trước được chọn không thuộc kế hoạch này.")
    # Walk back from the chosen predecessor: reaching this milestone would make a loop.
    seen, cursor = set(), prev
    while cursor is not None and cursor not in seen:
        if cursor == milestone_id:
            raise ValidationError("Không thể chọn mốc trước như vậy: các mốc sẽ đi sau lẫn nhau "
                                  "thành vòng lặp.")
        seen.add(cursor)
        cursor = links.get(cursor)
    cols["rel_milestone_id"], cols["offset_days"] = prev, int(data.offset_days)


def _unique_code(db, plan_id, code, milestone_id, explicit) -> str:
    taken = {r[0] for r in db.execute(
        "SELECT code FROM milestones WHERE plan_id = ? AND id IS NOT ?", [plan_id, milestone_id])}
    if code not in taken:
        return code
    if explicit:
        raise ValidationError(f"Mã mốc “{code}” đã có trong kế hoạch; hãy chọn mã khác.")
    n = 2
    while f"{code}_{n}" in taken:
        n += 1
    return f"{code}_{n}"


def _targets(db, plan_id, cols, unit_ids) -> list[int]:
    org = repository.plan(db, plan_id).organiser_id
    if cols["applies_to"] == "office":
        return [org]
    if cols["applies_to"] == "units":
        return [u.id for u in repository.units(db, org) if u.level != "group"]
    return list(dict.fromkeys(unit_ids))


def _sync_targets(db, milestone_id, targets, selected) -> None:
    """Keep milestone_units and the progress rows in step with who the milestone applies to."""
    db.execute("DELETE FROM milestone_units WHERE milestone_id = ?", [milestone_id])
    for uid in selected:
        db.execute("INSERT INTO milestone_units(milestone_id, unit_id) VALUES (?, ?)", [milestone_id, uid])
    marks = ",".join("?" * len(targets)) or "NULL"
    db.execute(f"DELETE FROM milestone_progress WHERE milestone_id = ? AND unit_id NOT IN ({marks})",
               [milestone_id, *targets])
    for uid in targets:
        db.execute("INSERT OR IGNORE INTO milestone_progress(milestone_id, unit_id) VALUES (?, ?)",
                   [milestone_id, uid])


def add_milestone(db: Database, plan_id: int, data: MilestoneData) -> int:
    """Add a milestone at the end of the plan; return its id."""
    repository.plan(db, plan_id)
    cols = validate(db, plan_id, data)
    with db.atomic():
        position = db.execute("SELECT COALESCE(max(position), -1) + 1 FROM milestones WHERE plan_id = ?",
                              [plan_id]).fetchone()[0]
        units = cols.pop("_units", data.unit_ids)
        mid = db["milestones"].insert({"plan_id": plan_id, "position": position, **cols}).last_pk
        selected = units if cols["applies_to"] == "selected" else []
        _sync_targets(db, mid, _targets(db, plan_id, cols, units), selected)
    return mid


def update_milestone(db: Database, milestone_id: int, data: MilestoneData) -> dict:
    """Change a milestone; return the snapshot taken before (for undo)."""
    row = _row(db, milestone_id)
    cols = validate(db, row["plan_id"], data, milestone_id)
    before = snapshot(db, milestone_id)
    units = cols.pop("_units", data.unit_ids)
    selected = units if cols["applies_to"] == "selected" else []
    # The target column follows the choice: a rule (kinds, group heads...) or '' when
    # chosen by hand; a deadline no longer relative to an event no longer hangs on the group's.
    if cols.get("due_kind", row["due_kind"]) != "event":
        cols["rel_scope"] = "own"
    with db.atomic():
        db["milestones"].update(milestone_id, cols)
        _sync_targets(db, milestone_id, _targets(db, row["plan_id"], cols, units), selected)
    return before


def dependents(db: Database, milestone_id: int) -> list[str]:
    """Titles of the milestones chained after this one."""
    return [r[0] for r in db.execute(
        "SELECT title FROM milestones WHERE rel_milestone_id = ? ORDER BY position", [milestone_id])]


def delete_milestone(db: Database, milestone_id: int) -> dict:
    """Delete a milestone and its progress; return the snapshot to restore it."""
    after = dependents(db, milestone_id)
    if after:
        raise ValidationError(
            f"Không xóa được: mốc “{after[0]}” đang đi sau mốc này. "
            "Hãy đổi mốc trước của mốc đó (hoặc xóa nó) rồi thử lại.")
    before = snapshot(db, milestone_id)
    with db.atomic():
        db.execute("DELETE FROM milestones WHERE id = ?", [milestone_id])
    return before


def snapshot(db: Database, milestone_id: int) -> dict:
    """Everything stored about one milestone: its row, chosen units and progress rows."""
    return {
        "row": _row(db, milestone_id),
        "units": [r[0] for r in db.execute(
            "SELECT unit_id FROM milestone_units WHERE milestone_id = ?", [milestone_id])],
        "progress": list(db.query(
            "SELECT * FROM milestone_progress WHERE milestone_id = ?", [milestone_id])),
    }


def restore(db: Database, snap: dict) -> None:
    """Put a milestone back exactly as in `snapshot()` (after an edit or a delete)."""
    row = snap["row"]
    with db.atomic():
        if db.execute("SELECT 1 FROM milestones WHERE id = ?", [row["id"]]).fetchone():
            db["milestones"].update(row["id"], {k: v for k, v in row.items() if k != "id"})
        else:
            db["milestones"].insert(row)
        db.execute("DELETE FROM milestone_units WHERE milestone_id = ?", [row["id"]])
        db.execute("DELETE FROM milestone_progress WHERE milestone_id = ?", [row["id"]])
        for uid in snap["units"]:
            db.execute("INSERT INTO milestone_units(milestone_id, unit_id) VALUES (?, ?)", [row["id"], uid])
        for prog in snap["progress"]:
            db["milestone_progress"].insert(prog)


def set_progress(db: Database, pairs: list[tuple[int, int]], state: str,
                 done_on: dt.date | None = None, note: str | None = None) -> list[dict]:
    """Set the state of (milestone, unit) pairs at once; return the rows as they were (for undo)."""
    if state not in PROGRESS_STATES:
        raise ValidationError(f"Tình trạng “{state}” không hợp lệ.")
    if not pairs:
        raise ValidationError("Hãy chọn ít nhất một ô (đơn vị, mốc) cần cập nhật.")
    if state == "done":
        if done_on is None:
            raise ValidationError("Hãy chọn ngày hoàn thành.")
        if done_on > dt.date.today():
            raise ValidationError(
                f"Ngày hoàn thành {format_date(done_on)} chưa tới; hãy chọn một ngày từ hôm nay trở về trước.")
    previous = []
    with db.atomic():
        for mid, uid in dict.fromkeys(pairs):
            old = list(db.query("SELECT * FROM milestone_progress WHERE milestone_id = ? AND unit_id = ?",
                                [mid, uid]))
            if not old and not _applies(db, mid, uid):
                raise ValidationError("Mốc công việc này không áp dụng cho đơn vị được chọn.")
            previous.append({"milestone_id": mid, "unit_id": uid, "row": old[0] if old else None})
            db.execute(
                "INSERT INTO milestone_progress(milestone_id, unit_id, state, done_on, note) "
                "VALUES (?, ?, ?, ?, COALESCE(?, '')) ON CONFLICT(milestone_id, unit_id) DO UPDATE SET "
                "state = excluded.state, done_on = excluded.done_on, "
                "note = COALESCE(?, milestone_progress.note)",
                [mid, uid, state, done_on.isoformat() if state == "done" else None, note, note],
            )
    return previous


def _applies(db, mid, uid) -> bool:
    row = db.execute("SELECT plan_id, applies_to FROM milestones WHERE id = ?", [mid]).fetchone()
    if row is None:
        return False
    plan = repository.plan(db, row[0])
    if row[1] == "office":
        return uid == plan.organiser_id
    if row[1] == "units":
        return any(u.id == uid for u in repository.units(db, plan.organiser_id))
    return db.execute("SELECT 1 FROM milestone_units WHERE milestone_id = ? AND unit_id = ?",
                      [mid, uid]).fetchone() is not None


def restore_progress(db: Database, previous: list[dict]) -> None:
    """Undo `set_progress()`: put each row back as it was."""
    with db.atomic():
        for item in previous:
            db.execute("DELETE FROM milestone_progress WHERE milestone_id = ? AND unit_id = ?",
                       [item["milestone_id"], item["unit_id"]])
            if item["row"] is not None:
                db["milestone_progress"].insert(item["row"])


def set_soon_days(db: Database, days: int) -> None:
    """Store N of "due within N days"."""
    if not isinstance(days, int) or not 0 <= days <= 90:
        raise ValidationError("Số ngày báo sắp đến hạn phải từ 0 đến 90.")
    repository.set_setting(db, SOON_SETTING, days)


def move_event(db: Database, event_id: int, date: dt.date | None) -> dt.date | None:
    """Move an event (its relative deadlines follow); return the date it had."""
    event = repository.event(db, event_id)
    with db.atomic():
        set_event_date(db, event_id, date)
    return event.date
