"""`init`: a new database from a template."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError


def register(sub) -> None:
    """Add the `init` sub-command."""
    parser = sub.add_parser("init", help="tạo cơ sở dữ liệu mới từ một mẫu kế hoạch")
    add_common(parser, json_output=False)
    parser.add_argument("--template", required=True, help="mã mẫu (xem lệnh templates)")
    parser.add_argument("--organiser", required=True, help="tên đơn vị tổ chức, ví dụ: Hớn Quản")
    parser.add_argument("--units", type=Path, help="tệp văn bản: mỗi dòng một đơn vị trực thuộc")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Create the file and the plan in it."""
    from thidua_desktop.services.plan_service import create_plan_file, parse_unit_lines
    from thidua_desktop.templates.loader import load_template

    path = db_path(args)
    template = load_template(args.template)
    units = None
    if args.units:
        try:
            text = args.units.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"Không đọc được danh sách đơn vị “{args.units}”: {exc}.") from exc
        units = parse_unit_lines(text.splitlines(), template)
    create_plan_file(path, template, args.organiser, units)
    say(f"Đã tạo “{path}” từ mẫu “{template.name}”.")
    return 0
