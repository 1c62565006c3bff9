"""Dossier runs: a checklist template started for the units of an event."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.errors import NotFoundError


def _item_due(due_json: str, event_date: dt.date | None) -> dt.date | None:
    deadline = Deadline.from_dict(json.loads(due_json))
    return deadline.resolve(event_date=lambda _ref: event_date)


def start_run(
    db: Database, template_code: str, event_id: int, unit_ids: list[int] | None = None,
    upper_event_id: int | None = None,
) -> int:
    """Start the checklist `template_code` for the units of event `event_id`'s plan.

    For a per-unit event type the run covers every subordinate unit holding an
    event of that type (or `unit_ids`); per-delegate items are made for each
    delegate of that unit sent upward (promoted to `upper_event_id`).
    """
    event = db.execute("SELECT plan_id, date, parent_event_id FROM events WHERE id = ?", [event_id]).fetchone()
    if event is None:
        raise NotFoundError(f"Không có sự kiện số {event_id}.")
    plan_id, event_date, parent_event_id = event
    tpl = db.execute(
        "SELECT id, name FROM dossier_templates WHERE plan_id = ? AND code = ?", [plan_id, template_code]
    ).fetchone()
    if tpl is None:
        raise NotFoundError(f"Không có mẫu hồ sơ “{template_code}”.")
    template_id, name = tpl
    items = list(db.query(
        "SELECT * FROM dossier_template_items WHERE template_id = ? ORDER BY position", [template_id]
    ))
    with db.atomic():
        run_id = db["dossier_runs"].insert(
            {"template_id": template_id, "event_id": event_id, "name": name,
             "created_at": "2025-01-01 00:00:00"}
        ).last_pk
        if unit_ids is None:
            unit_ids = [r[0] for r in db.execute(
                "SELECT u.id FROM units u WHERE u.parent_id = (SELECT organiser_id FROM plans WHERE id = ?) "
                "ORDER BY u.position, u.id", [plan_id])]
        for unit_id in unit_ids:
            own = db.execute(
                "SELECT id, date FROM events WHERE plan_id = ? AND unit_id = ? AND type_code = "
                "(SELECT type_code FROM events WHERE id = ?)", [plan_id, unit_id, event_id]
            ).fetchone()
            own_date = dt.date.fromisoformat(own[1]) if own and own[1] else (
                dt.date.fromisoformat(event_date) if event_date else None)
            for item in items:
                due = _item_due(item["due"], own_date)
                if item["per_delegate"]:
                    for (delegate_id,) in _delegates_sent_upward(db, own[0] if own else event_id, unit_id):
                        _add_item(db, run_id, unit_id, item["id"], delegate_id, due)
                else:
                    _add_item(db, run_id, unit_id, item["id"], None, due)
    return run_id


def _delegates_sent_upward(db, event_id, unit_id):
    return db.execute(
        "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.promoted_to_id IS NOT NULL AND (d.unit_id = ? OR d.unit_id IS NULL) "
        "ORDER BY p.sort_key, d.id", [event_id, unit_id]
    ).fetchall()


def _add_item(db, run_id, unit_id, template_item_id, delegate_id, due) -> int:
    return db["dossier_items"].insert(
        {"run_id": run_id, "unit_id": unit_id, "template_item_id": template_item_id,
         "delegate_id": delegate_id, "due": due.isoformat() if due else None}
    ).last_pk


def set_item_state(db: Database, item_id: int, state: str, received_on: str | None = None,
                   note: str = "") -> None:
    """Record what arrived: missing, received (with date), needs_fix (with note), accepted."""
    db.execute(
        "UPDATE dossier_items SET state = ?, received_on = COALESCE(?, received_on), note = ? WHERE id = ?",
        [state, received_on, note, item_id],
    )
