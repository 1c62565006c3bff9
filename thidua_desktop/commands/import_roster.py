"""`import-roster`: commune roster workbooks into an event; each file whole or not at all."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say
from thidua_desktop.errors import DatabaseError, UserError
from thidua_desktop.store.watch import FileWatch


def register(sub) -> None:
    """Add the `import-roster` sub-command."""
    parser = sub.add_parser("import-roster", help="nhập danh sách đại biểu từ tệp Excel/CSV của các đơn vị")
    add_common(parser)
    parser.add_argument("--event", required=True, help="mã sự kiện nhận danh sách")
    parser.add_argument("--unit", help="tên đơn vị gửi (mặc định: đọc từ tiêu đề tệp)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Read every file first (an unreadable one stops everything: exit 2), then land each."""
    from thidua_desktop.services import import_service, repository

    db = open_existing(args)
    watch = FileWatch(db_path(args))  # the database's folder may vanish while we work
    try:
        event = repository.event_by_code(db, args.event)
        parsed = []
        for path in _expand(args.files):
            parsed.append(import_service.read_file(db, path))  # ImportFileError -> exit 2
        results = []
        for roster in parsed:
            plan = import_service.plan_import(db, event.id, roster, args.unit)
            imported = 0
            if plan.can_land and not args.dry_run:
                imported = import_service.apply_import(db, plan)
                _still_there(watch)
            elif plan.can_land:
                imported = sum(r.importable for r in plan.rows)
            results.append(import_service.result_of(plan, imported))
    finally:
        db.close()
    if args.json:
        emit_json([r.to_json() for r in results])
    for r in results:
        verb = "sẽ nhập" if args.dry_run else "đã nhập"
        state = f"{verb} {r.imported} đại biểu" if not r.errors else f"KHÔNG nhập ({len(r.errors)} lỗi)"
        say(f"{Path(r.file).name}: {state}, {len(r.warnings)} lưu ý.")
        if not args.json:
            for message in r.errors:
                say(f"  LỖI {message}")
    return 1 if any(r.errors for r in results) else 0


def _still_there(watch: FileWatch) -> None:
    """Writes into a deleted file vanish with it: say so instead of 'đã nhập'."""
    problem = watch.problem()
    if problem:
        raise DatabaseError(
            f"Việc nhập không thành công: thư mục hoặc tệp dữ liệu “{watch.path.name}” đã bị xoá, "
            "đổi tên hoặc thiết bị bị rút ra trong lúc nhập, nên những gì vừa nhập không được "
            "lưu vào tệp. Hãy kiểm tra lại tệp dữ liệu rồi nhập lại."
        )


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the spreadsheets inside it."""
    files = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xls", ".csv", ".ods"))
            if not inside:
                raise UserError(f"Thư mục “{path}” không có tệp bảng tính nào.")
            files += inside
        else:
            files.append(path)
    return files
