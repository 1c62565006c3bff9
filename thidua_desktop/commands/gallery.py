"""`gallery`: every document of a database rendered to PNG pages, with an index.html."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `gallery` sub-command."""
    parser = sub.add_parser("gallery", help="xuất mọi văn bản và ảnh từng trang (PNG) để xem lại")
    add_common(parser, json_output=False)
    parser.add_argument("--out", required=True, type=Path, help="thư mục kết quả")
    parser.add_argument("--all-events", action="store_true",
                        help="mọi sự kiện (mặc định: sự kiện cấp huyện và một sự kiện cấp xã)")
    parser.add_argument("--as-of", dest="as_of", help="ngày lập báo cáo, YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--dpi", type=int, default=60, help="độ phân giải ảnh (mặc định 60)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Build the gallery; exit 2 when LibreOffice or poppler is missing (nothing written)."""
    from thidua_desktop.commands.check import parse_as_of
    from thidua_desktop.export.gallery import build_gallery, check_tools

    check_tools()
    as_of = parse_as_of(args.as_of)
    db = open_existing(args, readonly=True)
    try:
        rendered = build_gallery(db, args.out, args.all_events, as_of, max(30, min(args.dpi, 300)))
    finally:
        db.close()
    pages = sum(len(r.pages) for r in rendered)
    say(f"Đã xuất {len(rendered)} văn bản, {pages} trang ảnh vào “{args.out}” (xem index.html).")
    return 0
