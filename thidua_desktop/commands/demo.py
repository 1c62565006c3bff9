"""`demo`: build the deterministic demo database."""

from __future__ import annotations

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `demo` sub-command."""
    parser = sub.add_parser("demo", help="tạo cơ sở dữ liệu mẫu (Hớn Quản 2025)")
    add_common(parser, json_output=False)
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    parser.add_argument("--province", action="store_true",
                        help="dữ liệu mẫu cấp tỉnh: Đại hội Thi đua yêu nước tỉnh Đồng Nai 2026, "
                             "15 cụm, khối thi đua với các đơn vị thành viên")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Build the demo at --db (the Hớn Quản district, or with --province the Đồng Nai province)."""
    if args.province:
        from thidua_desktop.services.demo_province import build_province_demo as build
    else:
        from thidua_desktop.services.demo import build_demo as build

    path = build(db_path(args), force=args.force)
    say(f"Đã tạo dữ liệu mẫu tại “{path}”.")
    return 0
