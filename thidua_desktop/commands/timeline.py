"""`timeline`: milestones with their computed due dates and states (optionally to Excel)."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say
from thidua_desktop.commands.check import parse_as_of
from thidua_desktop.errors import UserError

_STATE_TEXT = {"done": "xong", "overdue": "QUÁ HẠN", "due_soon": "sắp hạn", "open": "chưa đến hạn"}


def register(sub) -> None:
    """Add the `timeline` sub-command."""
    parser = sub.add_parser("timeline", help="tiến độ kế hoạch: hạn và tình trạng các mốc công việc")
    add_common(parser)
    parser.add_argument("--as-of", dest="as_of", help="ngày đối chiếu YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--out", type=Path, help="xuất tiến độ ra tệp Excel (.xlsx)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Print every line (milestone x unit) of every plan."""
    import datetime as dt

    from thidua_desktop.services import timeline_service

    as_of = parse_as_of(args.as_of) or dt.date.today()
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp “{args.out.name}” phải có đuôi .xlsx để xuất tiến độ ra Excel.")
    db = open_existing(args, readonly=args.out is None)
    try:
        timelines = [timeline_service.timeline(db, pid, as_of) for pid in timeline_service.plan_ids(db)]
        if args.out is not None:
            from thidua_desktop.export.progress_xlsx import export_progress

            for tl in timelines[:1]:
                export_progress(db, tl, args.out)
    finally:
        db.close()
    rows = [timeline_service.line_json(tl, ln) for tl in timelines for ln in tl.lines]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            due = r["due"] or "—"
            late = f" (trễ {r['days_late']} ngày)" if r["days_late"] else ""
            print(f"{due:<10}  {_STATE_TEXT[r['state']]:<12}  {r['unit']:<22}  {r['milestone']}{late}")
        overdue = sum(r["state"] == "overdue" for r in rows)
        soon = sum(r["state"] == "due_soon" for r in rows)
        say(f"Đến ngày {as_of:%d/%m/%Y}: {overdue} việc quá hạn, {soon} việc sắp đến hạn.")
    if args.out is not None:
        say(f"Đã xuất tiến độ ra “{args.out}”.")
    return 0
