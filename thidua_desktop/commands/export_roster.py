"""`export-roster`: the danh sách trích ngang of one event as .xlsx, .docx or .csv."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError

FORMATS = (".xlsx", ".docx", ".csv")


def register(sub) -> None:
    """Add the `export-roster` sub-command."""
    parser = sub.add_parser("export-roster", help="xuất danh sách trích ngang đại biểu")
    add_common(parser, json_output=False)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--out", required=True, type=Path, help="tệp kết quả .xlsx, .docx hoặc .csv")
    parser.add_argument("--by-name", action="store_true",
                        help="một danh sách theo tên (mặc định: theo đoàn, theo thứ tự nghi thức)")
    parser.add_argument("--csv-excel", action="store_true",
                        help="CSV để mở bằng Excel cài đặt tiếng Việt (dấu chấm phẩy)")
    parser.set_defaults(run=run)


def export_roster(db, event_id: int, out: Path) -> int:
    """Write the roster of `event_id` to `out` (format from the extension); return its lines.

    Kept for callers of the first version (bench/); the work is export.roster_common's.
    """
    from thidua_desktop.export.roster_common import write_roster

    return write_roster(db, event_id, out)


def run(args) -> int:
    """Export; exit 2 on an unknown extension or an unknown event (nothing written)."""
    from thidua_desktop.export import roster_common as rc
    from thidua_desktop.services import repository

    if args.out.suffix.lower() not in FORMATS:  # before opening anything
        raise UserError(
            f"Không nhận dạng được định dạng của “{args.out.name}”; hãy đặt đuôi tệp là "
            ".xlsx (Excel), .docx (Word) hoặc .csv."
        )
    db = open_existing(args, readonly=True)
    try:
        event = repository.event_by_code(db, args.event)
        count = rc.write_roster(db, event.id, args.out,
                                order=rc.ORDER_NAME if args.by_name else rc.ORDER_DELEGATION,
                                csv_variant=rc.CSV_EXCEL if args.csv_excel else rc.CSV_MACHINE)
    finally:
        db.close()
    say(f"Đã xuất {count} đại biểu của “{event.code}” vào “{args.out}”.")
    return 0
