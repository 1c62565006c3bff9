"""`check`: run every rule (quotas, shares, presidium, agenda, deadlines, dossiers)."""

from __future__ import annotations

import datetime as dt

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say
from thidua_desktop.errors import UserError


def register(sub) -> None:
    """Add the `check` sub-command."""
    parser = sub.add_parser("check", help="kiểm tra mọi quy định của kế hoạch")
    add_common(parser)
    parser.add_argument("--event", help="mã sự kiện (mặc định: mọi sự kiện)")
    parser.add_argument("--as-of", dest="as_of", help="ngày đối chiếu YYYY-MM-DD (mặc định: hôm nay)")
    parser.set_defaults(run=run)


def parse_as_of(text: str | None) -> dt.date | None:
    """YYYY-MM-DD, with a Vietnamese message when malformed."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"Ngày “{text}” không hợp lệ; viết dạng YYYY-MM-DD, ví dụ 2025-04-15.") from exc


def run(args) -> int:
    """Print the findings; exit 1 when an error-level rule is broken."""
    from thidua_desktop.services import repository
    from thidua_desktop.services.rules import run_all

    as_of = parse_as_of(args.as_of)
    db = open_existing(args, readonly=True)
    try:
        event_ids = [repository.event_by_code(db, args.event).id] if args.event else None
        findings = run_all(db, event_ids, as_of)
    finally:
        db.close()
    if args.json:
        emit_json([f.to_json() for f in findings])
    else:
        for f in findings:
            mark = "LỖI" if f.severity == "error" else "Lưu ý"
            print(f"[{mark}] {f.event or '-'}: {f.message}")
    errors = sum(f.severity == "error" for f in findings)
    if not args.json:
        say(f"{errors} lỗi, {len(findings) - errors} lưu ý.")
    return 1 if errors else 0
