"""`checkin`: mark one delegate present at the door, by badge code or name."""

from __future__ import annotations

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say


def register(sub) -> None:
    """Add the `checkin` sub-command."""
    parser = sub.add_parser("checkin", help="ghi nhận một đại biểu có mặt (mã thẻ hoặc họ tên)")
    add_common(parser)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--door", default="", help="tên cửa ghi nhận, ví dụ “Cửa 1”")
    parser.add_argument("--substitute", default="", help="họ tên người dự thay, nếu có")
    parser.add_argument("query", metavar="CODE_OR_NAME", help="mã thẻ đại biểu hoặc họ tên (không cần dấu)")
    parser.set_defaults(run=run)
    register_merge(sub)


def _line(c) -> str:
    return f"{c.badge_code}  {c.name} - {c.unit} ({c.category})"


def run(args) -> int:
    """Exit 0 when exactly one delegate matched and is marked; 1 with the candidates otherwise."""
    from thidua_desktop.services import event_day, repository

    db = open_existing(args)
    try:
        event = repository.event_by_code(db, args.event)
        found = event_day.lookup(db, event.id, args.query)
        one = found.found
        if one is None:
            if args.json:
                emit_json([{"code": c.badge_code, "name": c.name, "unit": c.unit} for c in found.candidates])
            if not found.candidates:
                say(f"Không tìm thấy đại biểu nào khớp với “{args.query}”.")
            else:
                say(f"Có {len(found.candidates)} đại biểu khớp với “{args.query}”; hãy nhập mã thẻ:")
                for c in found.candidates:
                    say("  " + _line(c))
            return 1
        new = event_day.mark_present(db, one.delegate_id, args.door, args.substitute)
        after = event_day.candidate(db, one.delegate_id)
    finally:
        db.close()
    if args.json:
        emit_json({"code": after.badge_code, "name": after.name, "unit": after.unit,
                   "present_at": after.present_at, "new": new})
    if new:
        say(f"Đã ghi nhận có mặt: {_line(after)}.")
    else:
        say(f"Đại biểu đã được ghi nhận có mặt lúc {after.present_at}: {_line(after)}.")
    return 0


def register_merge(sub) -> None:
    """Add the `checkin-merge` sub-command (check-ins of door copies into this file)."""
    from pathlib import Path

    parser = sub.add_parser("checkin-merge", help="gộp điểm danh từ các bản sao dùng ở các cửa")
    add_common(parser, json_output=False)
    parser.add_argument("copies", nargs="+", type=Path, metavar="BẢN_SAO", help="tệp .sqlite của từng cửa")
    parser.set_defaults(run=run_merge)


def run_merge(args) -> int:
    """Merge; exit 0, or 1 when some check-ins matched no delegate here (listed)."""
    from thidua_desktop.services.checkin_merge import merge_copies

    db = open_existing(args)
    try:
        report = merge_copies(db, list(args.copies))
    finally:
        db.close()
    say(report.sentence())
    return 1 if report.unmatched else 0
