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
    """Back up --db."""
    from thidua_desktop.store.backup import backup_database

    out = backup_database(db_path(args), args.out)
    say(f"Đã sao lưu vào “{out}”.")
    return 0


def run_restore(args) -> int:
    """Restore --db from FILE, keeping a copy of what it replaces."""
    from thidua_desktop.store.backup import restore_database

    kept = restore_database(db_path(args), args.file)
    extra = f" Bản cũ được giữ tại “{kept}”." if kept else ""
    say(f"Đã khôi phục từ “{args.file}”.{extra}")
    return 0
