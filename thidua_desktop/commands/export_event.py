"""`export-event`: the documents of the day (invitations, envelopes, labels, badges, name cards, seating,
the invitations' replies).

Exporting invitations marks the delegates they reach "Đã mời" when not invited yet (`--no-mark`: not).
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `export-event` sub-command."""
    parser = sub.add_parser("export-event", help="xuất giấy mời, thẻ đại biểu, biển tên, sơ đồ chỗ ngồi")
    add_common(parser, json_output=False)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--out", required=True, type=Path,
                        help="tệp kết quả .pdf (giấy mời: .pdf hoặc .docx; trả lời giấy mời: .xlsx hoặc .pdf)")
    kind = parser.add_mutually_exclusive_group(required=True)
    for flag, text in (("--invitations", "giấy mời (.pdf, .docx)"), ("--badges", "thẻ đại biểu (.pdf)"),
                       ("--cards", "biển tên đặt bàn (.pdf)"), ("--seating", "sơ đồ và danh sách chỗ ngồi (.pdf)"),
                       ("--envelopes", "phong bì 110 x 220 mm (.pdf)"),
                       ("--labels", "nhãn địa chỉ 2 x 7 trên A4, 99,1 x 38,1 mm (.pdf)"),
                       ("--replies", "danh sách mời và trả lời giấy mời, số liệu theo trạng thái và đơn vị "
                                     "(.xlsx, .pdf)")):
        kind.add_argument(flag, action="store_true", help=text)
    parser.add_argument("--fields", default="position,unit,seat",
                        help="thẻ đại biểu: các trường in dưới họ tên, cách nhau bởi dấu phẩy, chọn trong "
                             "position, unit, category, seat (mặc định: position,unit,seat)")
    parser.add_argument("--colour-by", choices=("category", "unit"), default="category",
                        help="thẻ đại biểu: dải màu theo thành phần (category) hoặc theo đoàn (unit)")
    parser.add_argument("--per-unit", action="store_true",
                        help="giấy mời, phong bì, nhãn: một giấy mời gửi lãnh đạo mỗi đơn vị (nêu tên đại biểu "
                             "của đơn vị hoặc số suất), thay cho một giấy mời mỗi đại biểu")
    parser.add_argument("--no-mark", action="store_true",
                        help="giấy mời: không ghi “Đã mời” cho những đại biểu chưa mời (mặc định có ghi)")
    parser.add_argument("--a5", action="store_true", help="biển tên: mỗi biển một tờ A5 gấp đôi (mặc định A4)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Write the document; exit 2 with a sentence on a bad extension or event."""
    from thidua_desktop.errors import DatabaseError
    from thidua_desktop.export.event_day_export import (
        KINDS,
        addressed,
        check_target,
        export_event_document,
    )
    from thidua_desktop.services import event_day, repository

    if args.replies:
        return _replies(args)
    kind = next(k for k in KINDS if getattr(args, k))
    check_target(kind, args.out)
    mark = kind == "invitations" and not args.no_mark
    try:
        db = open_existing(args, readonly=not mark)
    except DatabaseError as exc:
        if not mark:
            raise
        raise DatabaseError(f"{exc.message} Thêm --no-mark để xuất giấy mời mà không ghi “Đã mời”.") from exc
    try:
        event = repository.event_by_code(db, args.event)
        fields = tuple(f.strip() for f in args.fields.split(",") if f.strip())
        out = export_event_document(db, event.id, kind, args.out, fields=fields, colour_by=args.colour_by,
                                    per_unit=args.per_unit, a5=args.a5)
        marked = len(event_day.mark_invited(db, addressed(db, event.id, args.per_unit))) if mark else None
    finally:
        db.close()
    say(f"Đã xuất {KINDS[kind]} “{event.name}” vào “{out}”.")
    if marked is not None:
        say(f"Đã ghi “Đã mời” cho {marked} đại biểu chưa mời (dùng --no-mark để không ghi).")
    return 0


def _replies(args) -> int:
    """--replies: the list of invitations and replies with its figures (.xlsx or .pdf)."""
    from thidua_desktop.export.invitation_replies import check_replies_target, write_replies
    from thidua_desktop.services import repository

    check_replies_target(args.out)  # a bad extension is refused before the file is opened
    db = open_existing(args, readonly=True)
    try:
        event = repository.event_by_code(db, args.event)
        out = write_replies(db, event.id, args.out)
    finally:
        db.close()
    say(f"Đã xuất danh sách trả lời giấy mời “{event.name}” vào “{out}”.")
    return 0
