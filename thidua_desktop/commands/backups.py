"""`backups`: list the backups of a database, make an automatic one, set how many are kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._output import emit_json, say


def register(sub) -> None:
    """Add the `backups` sub-command."""
    parser = sub.add_parser("backups", help="xem các bản sao lưu; đặt số bản sao lưu tự động cần giữ")
    add_common(parser)
    parser.add_argument("--keep", type=int, metavar="N",
                        help="số bản sao lưu tự động cần giữ (1-365, mặc định 10)")
    parser.add_argument("--now", action="store_true", help="tạo ngay một bản sao lưu tự động")
    parser.add_argument("--check", action="store_true",
                        help="kiểm tra từng bản sao lưu có còn đọc được không (chậm hơn)")
    parser.set_defaults(run=run)


def run(args) -> int:
    """List backups (newest first); --keep changes the setting; --now makes one."""
    from thidua_desktop.commands._common import open_existing
    from thidua_desktop.store.auto_backup import (
        auto_backups,
        keep_count,
        make_auto_backup,
        set_keep_count,
    )
    from thidua_desktop.store.integrity import backup_candidates, is_good_copy

    path = db_path(args)
    db = open_existing(args, readonly=args.keep is None)
    try:
        if args.keep is not None:
            set_keep_count(db, args.keep)
            say(f"Từ nay giữ {args.keep} bản sao lưu tự động gần nhất.")
        keep = keep_count(db)
    finally:
        db.close()
    if args.now:
        made = make_auto_backup(path, keep, force=True)
        say(f"Đã sao lưu vào “{made}”.")
    automatic = {p for _t, p in auto_backups(path)}
    rows = []
    for backup in backup_candidates(path):
        stat = backup.stat()
        row = {
            "file": str(backup),
            "kind": "automatic" if backup in automatic else "manual",
            "time": dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds"),
            "bytes": stat.st_size,
        }
        if args.check:
            row["ok"] = is_good_copy(backup)
        rows.append(row)
    if args.json:
        emit_json({"keep": keep, "backups": rows})
        return 0
    say(f"Giữ {keep} bản sao lưu tự động; hiện có {len(automatic)} bản tự động, "
        f"{len(rows) - len(automatic)} bản khác.")
    for row in rows:
        kind = "tự động" if row["kind"] == "automatic" else "thủ công"
        state = "" if "ok" not in row else (" — tốt" if row["ok"] else " — HỎNG")
        when = dt.datetime.fromisoformat(row["time"]).strftime("%d/%m/%Y %H:%M")
        say(f"  {when}  {kind:8}  {Path(row['file']).name}{state}")
    return 1 if any(row.get("ok") is False for row in rows) else 0
