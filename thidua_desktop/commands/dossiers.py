"""`dossiers`: the dossier runs as unit x item states.

JSON rows per the contract: run, unit, item, state, due, received; state is
one of missing, received, needs_fix, accepted, late (received or accepted
after the due date). Extra keys: run_id, item_id, item_code, delegate,
recorded_state, late, overdue, note, files.
"""

from __future__ import annotations

import datetime as dt

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say


def register(sub) -> None:
    """Add the `dossiers` sub-command."""
    parser = sub.add_parser("dossiers", help="tình trạng hồ sơ của các đơn vị (đơn vị x mục hồ sơ)")
    add_common(parser)
    parser.add_argument("--as-of", dest="as_of", help="ngày đối chiếu quá hạn YYYY-MM-DD (mặc định: hôm nay)")
    parser.set_defaults(run=run)


def dossier_rows(db, as_of: dt.date) -> list[dict]:
    """Every item of every run as the contract's JSON rows (plus extra keys)."""
    from thidua_desktop.services import dossier_service

    return [{
        "run": item.run_name, "unit": item.unit_name, "item": item.item_name,
        "state": item.display_state,
        "due": item.due.isoformat() if item.due else None,
        "received": item.received_on.isoformat() if item.received_on else None,
        "run_id": item.run_id, "item_id": item.id, "item_code": item.item_code,
        "delegate": item.delegate_name or None, "awardee": item.awardee_name or None,
        "recorded_state": item.state, "late": item.late,
        "overdue": item.overdue(as_of), "note": item.note, "files": item.file_count,
    } for item in dossier_service.items(db)]


def run(args) -> int:
    """Print the items; exit 0 (missing items are the officer's work, not a failure)."""
    from thidua_desktop.commands.check import parse_as_of
    from thidua_desktop.services.dossier_service import DISPLAY_STATES

    as_of = parse_as_of(args.as_of) or dt.date.today()
    db = open_existing(args, readonly=True)
    try:
        rows = dossier_rows(db, as_of)
    finally:
        db.close()
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        what = f"{r['item']}: {r['delegate']}" if r["delegate"] else r["item"]
        state = DISPLAY_STATES[r["state"]] + (" (quá hạn)" if r["overdue"] else "")
        print(f"{r['unit']:<22} {state:<20} {r['due'] or '—':<10} {r['received'] or '—':<10} {what}")
    outstanding = sum(r["recorded_state"] in ("missing", "needs_fix") for r in rows)
    say(f"{len(rows)} mục hồ sơ, còn thiếu hoặc cần bổ sung {outstanding}.")
    return 0
