"""`init`: a new database from a template."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `init` sub-command."""
    parser = sub.add_parser("init", help="tạo cơ sở dữ liệu mới từ một mẫu kế hoạch")
    add_common(parser, json_output=False)
    parser.add_argument("--template", required=True, help="mã mẫu (xem lệnh templates)")
    parser.add_argument("--organiser", required=True, help="tên đơn vị tổ chức, ví dụ: Hớn Quản")
    parser.add_argument("--organiser-kind", dest="organiser_kind",
                        help="loại đơn vị tổ chức: mã hoặc tên trong mẫu, ví dụ: xa, Xã, Tỉnh")
    parser.add_argument("--year", type=int,
                        help="năm kế hoạch: mọi ngày của mẫu chuyển sang năm này")
    parser.add_argument("--units", type=Path,
                        help="tệp văn bản (mỗi dòng một đơn vị, loại đứng trước: “Xã Tân Lợi”) "
                             "hoặc bảng tính có cột tên, loại, cụm/khối")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Create the file and the plan in it."""
    from thidua_desktop.services.plan_service import (
        create_plan_file,
        resolve_kind,
        review_flags,
    )
    from thidua_desktop.services.unit_list import read_units_file
    from thidua_desktop.templates.loader import load_template

    path = db_path(args)
    template = load_template(args.template)
    units = read_units_file(args.units, template) if args.units else None
    kind = resolve_kind(template, args.organiser_kind) if args.organiser_kind else None
    create_plan_file(path, template, args.organiser, units, kind, year=args.year)
    say(f"Đã tạo “{path}” từ mẫu “{template.name}”.")
    from thidua_desktop.store.database import open_database

    db = open_database(path)
    try:
        for sentence in review_flags(db):
            say(f"Cần xem lại: {sentence}")
    finally:
        db.close()
    return 0
