"""`awards`: the proposals of a reward round (or of every round) and their states."""

from __future__ import annotations

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json


def register(sub) -> None:
    """Add the `awards` sub-command."""
    parser = sub.add_parser("awards", help="liệt kê các đề nghị khen thưởng và trạng thái")
    add_common(parser)
    parser.add_argument("--round", help="mã đợt khen thưởng (mặc định: mọi đợt)")
    parser.set_defaults(run=run)


def award_rows(db, round_code: str | None = None) -> list[dict]:
    """The proposals as the contract's JSON rows (plus a few extra keys)."""
    from thidua_desktop.services import awards_history, awards_service

    chosen = [awards_service.round_by_code(db, round_code)] if round_code else awards_service.rounds(db)
    rows = []
    for rnd in chosen:
        props = awards_service.proposals(db, rnd)
        flags = awards_history.honoured_flags(db, rnd, props)
        for p in props:
            rows.append({
                "round": rnd.code, "unit": p.unit, "name": p.name, "kind": p.kind, "form": p.form_name,
                "state": p.state, "form_code": p.form_code, "votes_for": p.votes_for,
                "already_honoured": [a.year for a in flags.get(p.id, [])],
            })
    return rows


def run(args) -> int:
    """Print the proposals."""
    from thidua_desktop.services.awards_service import STATE_NAMES

    db = open_existing(args, readonly=True)
    try:
        rows = award_rows(db, args.round)
    finally:
        db.close()
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            kind = "CN" if r["kind"] == "person" else "TT"
            flag = f" (đã khen {', '.join(map(str, r['already_honoured']))})" if r["already_honoured"] else ""
            print(f"{r['round']:<10} {kind} {r['name']:<40} {r['unit']:<22} {STATE_NAMES[r['state']]:<24} "
                  f"{r['form']}{flag}")
    return 0
