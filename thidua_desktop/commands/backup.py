"""`backup` and `restore`: SQLite's online backup API, attachments included."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import say


def register(sub) -> None:
    """Add the `backup` and `restore` sub-commands."""
    parser = sub.add_parser("backup", help="sao lưu tệp dữ liệu")
    add_common(parser, json_output=False)
    parser.add_argument("--out", type=Path, help="tệp sao lưu (mặc định: thư mục sao lưu)")
    parser.set_defaults(run=run_backup)
    parser = sub.add_parser("restore", help="khôi phục từ một bản sao lưu")
    add_common(parser, json_output=False)
    parser.add_argument("file", type=Path, help="tệp sao lưu")
    parser.set_defaults(run=run_restore)


def run_backup(args) -> int:
    """Back up --db; a damaged file is copied as it is, said so, and exits 1."""
    from thidua_desktop.store.backup import backup_database, copy_damaged
    from thidua_desktop.store.database import _check_header
    from thidua_desktop.store.integrity import check_file

    path = db_path(args)
    if _check_header(path) and not check_file(path).ok:
        out = copy_damaged(path, args.out)
        say(f"Tệp dữ liệu “{path.name}” bị hỏng (kiểm tra nhanh thấy dữ liệu không còn nguyên "
            f"vẹn). Đã chép nguyên trạng tệp vào “{out}” để người hỗ trợ kỹ thuật xem; bản chép "
            "này cũng hỏng như tệp gốc, không dùng để khôi phục được.")
        return 1
    out = backup_database(path, args.out)
    say(f"Đã sao lưu vào “{out}”.")
    return 0


def run_restore(args) -> int:
    """Restore --db from FILE, keeping a copy of what it replaces."""
    from thidua_desktop.store.backup import restore_database

    kept = restore_database(db_path(args), args.file)
    extra = f" Bản cũ được giữ tại “{kept}”." if kept else ""
    say(f"Đã khôi phục từ “{args.file}”.{extra}")
    return 0
