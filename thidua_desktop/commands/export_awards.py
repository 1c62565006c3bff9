"""`export-awards`: one document of a reward round as PDF, Word or (lists) Excel."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError, ValidationError

# The contract's six kinds, then this build's additions (tờ trình, calibration page).
_FLAGS = (("decision", "quyết định và danh sách kèm theo"), ("list", "danh sách khen thưởng (.xlsx được)"),
          ("ballots", "phiếu biểu quyết (nhiều phiếu trên một trang A4)"), ("minutes", "biên bản họp Hội đồng"),
          ("certificates", "giấy khen, bằng khen (trên A4 có khung hoặc phôi in sẵn, xem --blank)"),
          ("receipts", "danh sách ký nhận (.xlsx được)"), ("submission", "tờ trình đề nghị khen thưởng"),
          ("calibration", "trang canh chỉnh máy in cho phôi (--blank)"),
          ("figures", "số liệu khen thưởng theo hình thức, cấp, năm cho báo cáo tổng kết (.xlsx)"))


def register(sub) -> None:
    """Add the `export-awards` sub-command."""
    parser = sub.add_parser("export-awards", help="xuất tài liệu của một đợt khen thưởng (.pdf, .docx, .xlsx)")
    add_common(parser, json_output=False)
    parser.add_argument("--round", required=True, help="mã đợt khen thưởng, ví dụ kt-2025")
    parser.add_argument("--out", required=True, type=Path, help="tệp kết quả .pdf, .docx hoặc .xlsx")
    group = parser.add_mutually_exclusive_group(required=True)
    for flag, text in _FLAGS:
        group.add_argument(f"--{flag}", dest="kind", action="store_const", const=flag, help=text)
    parser.add_argument("--blank", default="a4",
                        help="mẫu in: a4 (khung trên giấy trắng), giay_khen (phôi Giấy khen A4 ngang) hoặc "
                             "bang_khen (phôi Bằng khen A3 ngang)")
    parser.add_argument("--printer", default="", metavar="TÊN",
                        help="tên máy in: dùng độ lệch đã lưu cho máy in này (giấy khen, trang canh chỉnh)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Write the document; exit 2 with a sentence on a bad extension, round or blank."""
    from thidua_desktop.export.award_export import KIND_NAMES, check_target, export_award
    from thidua_desktop.services import awards_service

    check_target(args.kind, args.out)
    try:  # a bad argument is a usage error (exit 2), checked before the file is opened
        from thidua_desktop.export.certificate_layouts import printer_name

        args.printer = printer_name(args.printer)
    except ValidationError as exc:
        raise UserError(exc.message) from None
    db = open_existing(args, readonly=True)
    try:
        rnd = awards_service.round_by_code(db, args.round)
        out = export_award(db, rnd, args.kind, args.out, blank=args.blank, printer=args.printer)
        offset = _offset_note(db, args) if args.kind in ("certificates", "calibration") else ""
    finally:
        db.close()
    say(f"Đã xuất {KIND_NAMES[args.kind]} của đợt “{rnd.name}” vào “{out}”.{offset}")
    return 0


def _offset_note(db, args) -> str:
    """Which offset a blank was printed with, so a mistyped printer name shows."""
    from thidua_desktop.export.certificate_layouts import layout_for

    layout = layout_for(db, args.blank, args.printer)
    if not layout.blank:
        return ""
    whose = f"đã lưu cho máy in “{layout.printer}”" if layout.printer else "chung"
    if args.printer and not layout.printer:
        whose += f" (máy in “{args.printer}” chưa có độ lệch riêng)"
    return f" Độ lệch {whose}: ngang {layout.offset[0]:+.1f} mm, dọc {layout.offset[1]:+.1f} mm."
