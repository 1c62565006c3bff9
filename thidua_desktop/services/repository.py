"""Reads shared by the services: units, plans, events, settings."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from thidua_desktop.domain.models import Event, Plan, Unit, parse_date
from thidua_desktop.errors import NotFoundError
from thidua_desktop.templates.model import PlanRules, rules_of_stored

_UNIT_SQL = """
SELECT u.id, u.name, u.kind, k.name AS kind_name, k.level, u.parent_id, u.is_organiser
FROM units u JOIN unit_kinds k ON k.code = u.kind
"""

_EVENT_SQL = """
SELECT e.*, u.name AS unit_name, k.name AS unit_kind_name
FROM events e JOIN units u ON u.id = e.unit_id JOIN unit_kinds k ON k.code = u.kind
"""


def _unit(row: dict) -> Unit:
    return Unit(
        row["id"], row["name"], row["kind"], row["kind_name"], row["level"],
        row["parent_id"], bool(row["is_organiser"]),
    )


def organiser(db: Database) -> Unit | None:
    """The organiser unit (the office's own level), if any."""
    rows = list(db.query(_UNIT_SQL + " WHERE u.is_organiser = 1 ORDER BY u.id LIMIT 1"))
    return _unit(rows[0]) if rows else None


def units(db: Database, parent_id: int | None = None) -> list[Unit]:
    """Subordinate units of `parent_id` (default: of the organiser), in order."""
    if parent_id is None:
        org = organiser(db)
        if org is None:
            return []
        parent_id = org.id
    return [
        _unit(r)
        for r in db.query(
            _UNIT_SQL + " WHERE u.parent_id = ? ORDER BY u.position, u.id", [parent_id]
        )
    ]


def unit(db: Database, unit_id: int) -> Unit:
    """One unit by id."""
    rows = list(db.query(_UNIT_SQL + " WHERE u.id = ?", [unit_id]))
    if not rows:
        raise NotFoundError(f"Không có đơn vị số {unit_id}.")
    return _unit(rows[0])


def plans(db: Database) -> list[Plan]:
    """Every plan, newest first."""
    return [_plan(r) for r in db.query("SELECT * FROM plans ORDER BY id DESC")]


def plan(db: Database, plan_id: int) -> Plan:
    """One plan by id."""
    rows = list(db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
    if not rows:
        raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
    return _plan(rows[0])


def plan_rules(db: Database, plan_id: int) -> PlanRules:
    """The plan's rules as the typed model (read through attributes, never re-parsed)."""
    row = db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
    return rules_of_stored(row[0])


def _plan(row: dict) -> Plan:
    return Plan(
        row["id"], row["organiser_id"], row["template_id"], row["number"],
        parse_date(row["issued_on"]), row["issuer"], row["place"], row["title"],
        row["edition"], row["review_period"], row["direction_period"],
        json.loads(row["legal_bases"] or "[]"),
    )


def _event(row: dict) -> Event:
    return Event(
        id=row["id"], plan_id=row["plan_id"], code=row["code"], type_code=row["type_code"],
        name=row["name"], form=row["form"], level=row["level"], unit_id=row["unit_id"],
        unit_name=f"{row['unit_kind_name']} {row['unit_name']}",
        parent_event_id=row["parent_event_id"], date=parse_date(row["date"]),
        due=parse_date(row["due"]), start_time=row["start_time"],
        session_minutes=row["session_minutes"], venue=row["venue"],
        is_pilot=bool(row["is_pilot"]), max_delegates=row["max_delegates"],
        exemplary_share=row["exemplary_share"], presidium_min=row["presidium_min"],
        presidium_max=row["presidium_max"], presidium_exemplary=row["presidium_exemplary"],
        leadership=row["leadership"], status=row["status"],
    )


def events(db: Database, plan_id: int | None = None) -> list[Event]:
    """Events of a plan (default: every plan), upper level first, then by position."""
    where, params = "", []
    if plan_id is not None:
        where, params = " WHERE e.plan_id = ?", [plan_id]
    sql = _EVENT_SQL + where + " ORDER BY e.plan_id DESC, e.position, e.id"
    return [_event(r) for r in db.query(sql, params)]


def event_by_code(db: Database, code: str) -> Event:
    """One event by its code; a Vietnamese message lists the codes when absent."""
    rows = list(db.query(_EVENT_SQL + " WHERE e.code = ?", [code]))
    if not rows:
        codes = [r["code"] for r in db.query("SELECT code FROM events ORDER BY position, id")]
        listed = ", ".join(codes[:20]) + ("..." if len(codes) > 20 else "")
        raise NotFoundError(
            f"Không có sự kiện mã “{code}”. Các mã hiện có: {listed or '(chưa có sự kiện)'}."
        )
    return _event(rows[0])


def event(db: Database, event_id: int) -> Event:
    """One event by id."""
    rows = list(db.query(_EVENT_SQL + " WHERE e.id = ?", [event_id]))
    if not rows:
        raise NotFoundError(f"Không có sự kiện số {event_id}.")
    return _event(rows[0])


def delegate_count(db: Database, event_id: int) -> int:
    """Delegates of an event, absent ones excluded."""
    return db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent'", [event_id]
    ).fetchone()[0]


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """A JSON setting stored in the database."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: Database, key: str, value: Any) -> None:
    """Store a JSON setting."""
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
