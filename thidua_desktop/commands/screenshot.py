"""`screenshot`: render the main window offscreen on one tab to a PNG."""

from __future__ import annotations

import os
from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError

TABS = ("timeline", "roster", "agenda", "dossiers", "awards")


def register(sub) -> None:
    """Add the `screenshot` sub-command."""
    parser = sub.add_parser("screenshot", help="chụp cửa sổ chương trình (không cần màn hình)")
    add_common(parser, json_output=False)
    parser.add_argument("--tab", required=True, choices=TABS)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--size", default="1400x860", help="kích thước RộngxCao, ví dụ 1400x860")
    parser.add_argument("--event", help="mã sự kiện cần hiển thị (mặc định: sự kiện đầu tiên)")
    parser.set_defaults(run=run)


def parse_size(text: str) -> tuple[int, int]:
    """'1400x860' -> (1400, 860), with a Vietnamese message when malformed."""
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError as exc:
        raise UserError(f"Kích thước “{text}” không hợp lệ; viết dạng 1400x860.") from exc
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise UserError(f"Kích thước “{text}” nằm ngoài khoảng cho phép (320x240 đến 8000x8000).")
    return width, height


def run(args) -> int:
    """Open the window offscreen, show the tab, grab it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = parse_size(args.size)
    from thidua_desktop.commands._common import open_existing
    from thidua_desktop.gui.app import make_application
    from thidua_desktop.gui.main_window import MainWindow

    db = open_existing(args)
    app = make_application()
    window = MainWindow(db, db_path(args))
    try:
        if args.event:
            window.select_event_code(args.event)
        window.resize(width, height)
        window.select_tab(args.tab)
        window.show()
        for _ in range(5):
            app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.out), "PNG"):
            raise UserError(f"Không ghi được ảnh “{args.out}”.")
    finally:
        window.close()
    say(f"Đã lưu ảnh cửa sổ vào “{args.out}”.")
    return 0
