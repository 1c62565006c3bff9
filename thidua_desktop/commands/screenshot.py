"""`screenshot`: render the main window on one tab, or one dialog, offscreen to a PNG."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError

TABS = ("timeline", "roster", "agenda", "dossiers", "awards")
# Kept here (not imported from the GUI) so `--help` lists them without loading Qt.
DIALOG_NAMES = ("new-plan", "import-preview", "import-many", "delegate", "bulk-edit", "program-preview",
                "script-preview", "speech", "video", "reminder", "start-run", "dossier-template", "receive",
                "milestone", "progress", "backup-settings", "shortcuts", "categories",
                "certificates", "seat-rules", "dossier-target",
                "award-forms", "guests", "invitation-reply", "seating", "seating-hall")


def register(sub) -> None:
    """Add the `screenshot` sub-command."""
    parser = sub.add_parser("screenshot", help="chụp cửa sổ chương trình (không cần màn hình)")
    add_common(parser, json_output=False)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--tab", choices=TABS)
    which.add_argument("--dialog", choices=DIALOG_NAMES, metavar="TÊN",
                       help="chụp một hộp thoại: " + ", ".join(DIALOG_NAMES))
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--size", default="1400x860", help="kích thước màn hình RộngxCao, ví dụ 1024x600")
    parser.add_argument("--event", help="mã sự kiện cần hiển thị (mặc định: sự kiện đầu tiên)")
    parser.add_argument("--file", type=Path, help="tệp danh sách mẫu cho hộp thoại import-preview, import-many")
    parser.add_argument("--check", action="store_true",
                        help="kiểm tra bố cục: in mọi điều khiển bị cắt hoặc ra ngoài màn hình (mã thoát 1)")
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
    """Open the window offscreen on a screen of --size, show the tab or dialog, grab it (gui/shot.py)."""
    width, height = parse_size(args.size)
    from thidua_desktop.commands._common import open_existing
    from thidua_desktop.gui.shot import take

    found = take(lambda: open_existing(args), db_path(args), args.out, width, height,
                 tab=args.tab, dialog=args.dialog, event=args.event, sample=args.file, check=args.check)
    say(f"Đã lưu ảnh vào “{args.out}”.")
    for line in found:
        say(f"  ✗ {line}")
    return 1 if found else 0
