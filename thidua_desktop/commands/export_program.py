"""`export-program`: the programme (or the run-of-show script) as PDF or Word."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `export-program` sub-command."""
    parser = sub.add_parser("export-program", help="xuất chương trình hoặc kịch bản điều hành (.pdf, .docx)")
    add_common(parser, json_output=False)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--out", required=True, type=Path, help="tệp kết quả .pdf hoặc .docx")
    parser.add_argument("--script", action="store_true", help="xuất kịch bản điều hành thay cho chương trình")
    parser.add_argument("--date", help="ngày ban hành ghi ở dòng địa danh, YYYY-MM-DD (mặc định: để trống)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Write the document; exit 2 with a sentence on a bad extension, event or date."""
    from thidua_desktop.commands.check import parse_as_of
    from thidua_desktop.export.program_export import check_target, export_program
    from thidua_desktop.services import repository

    check_target(args.out)
    date = parse_as_of(args.date)
    db = open_existing(args, readonly=True)
    try:
        event = repository.event_by_code(db, args.event)
        out = export_program(db, event.id, args.out, script=args.script, date=date)
    finally:
        db.close()
    what = "kịch bản điều hành" if args.script else "chương trình"
    say(f"Đã xuất {what} “{event.name}” vào “{out}”.")
    return 0
