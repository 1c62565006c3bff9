"""`events`: list the events with their quotas and delegate counts."""

from __future__ import annotations

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json


def register(sub) -> None:
    """Add the `events` sub-command."""
    parser = sub.add_parser("events", help="liệt kê các Đại hội, Hội nghị")
    add_common(parser)
    parser.set_defaults(run=run)


def event_rows(db) -> list[dict]:
    """The events as the contract's JSON rows (plus a few extra keys)."""
    from thidua_desktop.services import repository

    rows = []
    for event in repository.events(db):
        rows.append({
            "code": event.code, "name": event.name, "level": event.level, "form": event.form,
            "date": event.date.isoformat() if event.date else None,
            "max_delegates": event.max_delegates,
            "delegates": repository.delegate_count(db, event.id),
            "unit": event.unit_name, "pilot": event.is_pilot,
            "due": event.due.isoformat() if event.due else None,
            "exemplary_share": event.exemplary_share,
        })
    return rows


def run(args) -> int:
    """Print the events."""
    db = open_existing(args, readonly=True)
    try:
        rows = event_rows(db)
    finally:
        db.close()
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            pilot = " (điểm)" if r["pilot"] else ""
            print(f"{r['code']:<18} {r['date'] or '—':<10} {r['delegates']:>4}/{r['max_delegates'] or '—':<4} {r['name']}{pilot}")
    return 0
