"""`guests`: list an event's guest list, add a workbook's rows to it, or replace it by them."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say


def register(sub) -> None:
    """Add the `guests` sub-command."""
    parser = sub.add_parser("guests", help="danh sách khách mời của một sự kiện (xem, hoặc nhập từ bảng tính)")
    add_common(parser)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--import", dest="workbook", type=Path, default=None,
                        help="thêm vào danh sách các dòng của tệp .xlsx, .xls, .ods, .csv (cột Họ và tên, "
                             "Chức vụ, Cơ quan, Địa chỉ): khách mời đã có (cùng họ tên và cơ quan) được cập "
                             "nhật, giữ chỗ ngồi; một dòng sai thì không ghi gì")
    parser.add_argument("--replace", action="store_true",
                        help="cùng --import: danh sách chỉ còn các dòng của tệp (khách mời không có trong tệp "
                             "bị bỏ, cùng chỗ ngồi của họ)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Print the list (after importing when asked); a refused file or row changes nothing."""
    from thidua_desktop.errors import UserError
    from thidua_desktop.services import event_guests, repository

    if args.replace and args.workbook is None:
        raise UserError("--replace chỉ dùng cùng --import TỆP (thay danh sách bằng các dòng của tệp).")
    rows = event_guests.read_guests_workbook(args.workbook) if args.workbook else None
    db = open_existing(args, readonly=rows is None)
    try:
        event = repository.event_by_code(db, args.event)
        if rows is not None:
            done = event_guests.import_guests(db, event.id, rows, replace=args.replace)
            say(f"Đã nhập {len(rows)} dòng vào danh sách khách mời của “{event.name}”: {done.summary()}.")
        guests = event_guests.guests(db, event.id)
    finally:
        db.close()
    if args.json:
        emit_json([{"name": g.full_name, "position": g.title, "agency": g.agency, "address": g.address}
                   for g in guests])
    else:
        for number, g in enumerate(guests, start=1):
            print(f"{number:>3}. {' - '.join(t for t in (g.full_name, g.detail, g.address) if t)}")
    return 0
