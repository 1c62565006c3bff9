"""`invitation-reply`: record an invitation's state for one delegate (sent, or the reply)."""

from __future__ import annotations

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `invitation-reply` sub-command."""
    from thidua_desktop.services.event_day import INVITATION_STATES

    parser = sub.add_parser("invitation-reply", help="ghi trạng thái giấy mời của một đại biểu")
    add_common(parser, json_output=False)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--state", required=True, choices=tuple(INVITATION_STATES),
                        help="; ".join(f"{k}: {v}" for k, v in INVITATION_STATES.items()))
    parser.add_argument("--substitute", default="", help="họ tên người được cử dự thay (với --state substitute)")
    parser.add_argument("query", metavar="CODE_OR_NAME", help="mã thẻ đại biểu hoặc họ tên (không cần dấu)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Exit 0 when one delegate matched and the state is stored; 1 with the candidates otherwise."""
    from thidua_desktop.errors import UserError
    from thidua_desktop.services import event_day, repository

    if args.state == "substitute" and not args.substitute.strip():
        raise UserError("Hãy ghi họ tên người được cử dự thay (--substitute).")
    db = open_existing(args)
    try:
        event = repository.event_by_code(db, args.event)
        found = event_day.lookup(db, event.id, args.query)
        if found.found is None:
            say(f"Không xác định được một đại biểu duy nhất từ “{args.query}” ({len(found.candidates)} khớp).")
            for c in found.candidates:
                say(f"  {c.badge_code}  {c.name} - {c.unit}")
            return 1
        event_day.set_invitation(db, found.found.delegate_id, args.state, args.substitute)
    finally:
        db.close()
    say(f"Đã ghi: {found.found.name} - {event_day.INVITATION_STATES[args.state]}.")
    return 0
