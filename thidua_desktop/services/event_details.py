"""The details the documents print about an event and its plan, read and changed in one place.

Official event name, venue, date and start time (table `events`); the
plan's number, date, issuer and place for the date line (`plans`); the
organiser's name and kind (its `units` row); the event's level; what its
invitations say of themselves — number, the office that takes the replies,
the signer (`event_invitation`; empty: the letters' own wording). Every value
is cleaned and bounded before it is stored; a bad one gets a Vietnamese
sentence and nothing is written. `changes` gives the old and new values of
what really changes, so the window can undo and redo.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlite_utils import Database

from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.agenda_service import format_clock, parse_clock

LEVEL_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã",
               "agency": "Cơ quan, đơn vị", "group": "Cụm, khối thi đua"}
_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")

# field -> (label for sentences, max length); the order is the dialog's.
FIELDS = {
    "event_name": ("Tên chính thức của sự kiện", 300),
    "venue": ("Địa điểm", 200),
    "date": ("Ngày tổ chức", 10),
    "start_time": ("Giờ bắt đầu", 5),
    "level": ("Cấp của sự kiện", 20),
    "plan_number": ("Số kế hoạch", 60),
    "plan_issued_on": ("Ngày ban hành kế hoạch", 10),
    "issuer": ("Cơ quan ban hành", 200),
    "place": ("Địa danh ghi ở dòng ngày tháng", 80),
    "organiser_name": ("Tên đơn vị tổ chức", 120),
    "organiser_kind": ("Loại đơn vị tổ chức", 40),
    "invitation_number": ("Số giấy mời", 60),
    "invitation_contact": ("Liên hệ xác nhận", 200),
    "signer_title": ("Chức vụ người ký giấy mời", 80),
    "signer_name": ("Họ tên người ký giấy mời", 80),
}
REQUIRED = ("event_name", "issuer", "organiser_name", "organiser_kind", "level")


def unit_kinds(db: Database) -> list[tuple[str, str]]:
    """(code, name) of every unit kind the organiser may be."""
    return [(r[0], r[1]) for r in db.execute("SELECT code, name FROM unit_kinds ORDER BY rowid")]


def details(db: Database, event_id: int) -> dict[str, str]:
    """The current values, as text the dialog shows (dates dd/mm/yyyy)."""
    event = repository.event(db, event_id)
    plan = repository.plan(db, event.plan_id)
    org = repository.unit(db, plan.organiser_id)
    row = db.execute("SELECT number, contact, signer_title, signer_name FROM event_invitation "
                     "WHERE event_id = ?", [event_id]).fetchone() or ("", "", "", "")
    return {
        **dict(zip(_INVITATION_COLS, row, strict=True)),
        "event_name": event.name, "venue": event.venue, "date": _show(event.date),
        "start_time": event.start_time, "level": event.level, "plan_number": plan.number,
        "plan_issued_on": _show(plan.issued_on), "issuer": plan.issuer, "place": plan.place,
        "organiser_name": org.name, "organiser_kind": org.kind,
    }


def _show(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def parse_day(text: str, label: str) -> str | None:
    """"18/6/2025" or "2025-06-18" -> "2025-06-18"; "" -> None; otherwise a sentence."""
    if not text.strip():
        return None
    match = _DATE_RE.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _ISO_RE.match(text)):
        parts = iso.groups()
    try:
        if parts is None:
            raise ValueError(text)
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError as exc:
        raise ValidationError(f"{label} “{text}” không hợp lệ; hãy viết ngày/tháng/năm, ví dụ 18/06/2025.") from exc
    if not 1900 <= day.year <= 2200:
        raise ValidationError(f"{label} phải trong khoảng năm 1900 đến 2200 (đã nhập {day.year}).")
    return day.isoformat()


def clean(db: Database, event_id: int, values: dict) -> dict:
    """Validated values of the given fields, ready to store (dates ISO)."""
    out = {}
    for key, raw in values.items():
        if key not in FIELDS:
            raise ValueError(f"unknown details field {key}")
        label, limit = FIELDS[key]
        text = clean_text("".join(ch if ch.isprintable() else " " for ch in str(raw or "")))
        if key in REQUIRED and not text:
            raise ValidationError(f"{label} không được để trống.")
        if len(text) > limit:
            raise ValidationError(f"{label} dài quá {limit} ký tự (đã nhập {len(text)}).")
        if key in ("date", "plan_issued_on"):
            out[key] = parse_day(text, label)
        elif key == "start_time":
            minutes = parse_clock(text)
            if minutes is None:
                raise ValidationError("Hãy nhập giờ bắt đầu, ví dụ 07:30.")
            out[key] = format_clock(minutes)
        elif key == "level" and text not in LEVEL_NAMES:
            raise ValidationError(f"{label} phải là một trong: {', '.join(LEVEL_NAMES.values())}.")
        elif key == "organiser_kind" and text not in dict(unit_kinds(db)):
            raise ValidationError(f"{label} “{text}” không có trong danh mục loại đơn vị của kế hoạch.")
        else:
            out[key] = text
    if "organiser_name" in out:
        _check_organiser_name(db, event_id, out["organiser_name"], out.get("organiser_kind"))
    return out


def _check_organiser_name(db: Database, event_id: int, name: str, kind: str | None) -> None:
    plan = repository.plan(db, repository.event(db, event_id).plan_id)
    org = repository.unit(db, plan.organiser_id)
    clash = db.execute("SELECT 1 FROM units WHERE id != ? AND parent_id IS ? AND kind = ? AND name = ?",
                       [org.id, org.parent_id, kind or org.kind, name]).fetchone()
    if clash:
        raise ValidationError(f"Đã có một đơn vị tên “{name}” cùng loại; hãy chọn tên khác.")


_EVENT_COLS = {"event_name": "name", "venue": "venue", "date": "date", "start_time": "start_time", "level": "level"}
_PLAN_COLS = {"plan_number": "number", "plan_issued_on": "issued_on", "issuer": "issuer", "place": "place"}
_UNIT_COLS = {"organiser_name": "name", "organiser_kind": "kind"}
_INVITATION_COLS = {"invitation_number": "number", "invitation_contact": "contact",
                    "signer_title": "signer_title", "signer_name": "signer_name"}


def _stored(db: Database, event_id: int) -> dict:
    """The raw stored values (dates ISO), for undo."""
    event = repository.event(db, event_id)
    plan = repository.plan(db, event.plan_id)
    shown = details(db, event_id)
    shown["date"] = event.date.isoformat() if event.date else None
    shown["plan_issued_on"] = plan.issued_on.isoformat() if plan.issued_on else None
    return shown


def changes(db: Database, event_id: int, values: dict) -> tuple[dict, dict]:
    """(old, new) values of the fields that `values` really changes, cleaned; nothing written."""
    new = clean(db, event_id, values)
    old_all = _stored(db, event_id)
    changed = {k: v for k, v in new.items() if v != old_all[k]}
    return {k: old_all[k] for k in changed}, changed


def update(db: Database, event_id: int, values: dict) -> dict:
    """Store the changed values; return the old ones of exactly those fields (for undo)."""
    old, new = changes(db, event_id, values)
    if new:
        write(db, event_id, new)
    return old


def write(db: Database, event_id: int, values: dict) -> None:
    """Store already cleaned values (what `clean` or `update` returned): for update, undo and redo."""
    event = repository.event(db, event_id)
    plan = repository.plan(db, event.plan_id)
    with db.atomic():
        for cols, table, row_id in ((_EVENT_COLS, "events", event_id), (_PLAN_COLS, "plans", plan.id),
                                    (_UNIT_COLS, "units", plan.organiser_id)):
            part = {cols[k]: v for k, v in values.items() if k in cols}
            if table == "units" and "name" in part:
                part["name_key"] = fold(part["name"])
            if part:
                db[table].update(row_id, part)
        part = {_INVITATION_COLS[k]: v for k, v in values.items() if k in _INVITATION_COLS}
        if part:  # the row may not exist yet: its other columns keep their defaults
            db.execute("INSERT OR IGNORE INTO event_invitation (event_id) VALUES (?)", [event_id])
            db["event_invitation"].update(event_id, part)
