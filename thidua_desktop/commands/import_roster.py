"""`import-roster`: commune roster workbooks into an event; each file whole or not at all.

Every file is read and judged before any lands: the parser's checks, the
database's own (rehearsed in a transaction that is rolled back) and the roster
rules. `--dry-run` stops there, so it applies exactly the checks of a real run.
A file that cannot be read (or has no header row and no --columns, nor a
mapping remembered for its shape) stops every landing (exit 2, nothing changed), but
every file is still judged and reported; otherwise each file that passed lands
in its own transaction and the others are refused (exit 1).
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common, db_path
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say
from thidua_desktop.errors import DatabaseError, UserError
from thidua_desktop.importer import ImportFileError
from thidua_desktop.importer.columns_option import parse_columns
from thidua_desktop.importer.errors import NO_HEADER
from thidua_desktop.importer.roster_parser import NO_HEADER_REASON
from thidua_desktop.store.watch import FileWatch

SPREADSHEETS = (".xlsx", ".xls", ".csv", ".ods")


def register(sub) -> None:
    """Add the `import-roster` sub-command."""
    parser = sub.add_parser("import-roster", help="nhập danh sách đại biểu từ tệp Excel/CSV của các đơn vị")
    add_common(parser)
    parser.add_argument("--event", required=True, help="mã sự kiện nhận danh sách")
    parser.add_argument("--unit", help="tên đơn vị gửi (mặc định: đọc từ tiêu đề tệp)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    parser.add_argument("--columns", metavar="FIELD=COL,...",
                        help="ghép cột bằng tay, ví dụ name=B,sex=C,birth=D,ethnicity=E "
                             "(dùng cho tệp không có dòng tiêu đề hoặc tiêu đề lạ)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Judge every file, then land each that passed (unless a file was unreadable or --dry-run)."""
    from thidua_desktop.services import import_service, repository
    from thidua_desktop.services.import_judge import judge

    results: list[dict] = []
    try:
        mapping = parse_columns(args.columns) if args.columns else None
        files = _expand(args.files)
        db = open_existing(args)
        watch = FileWatch(db_path(args))  # the database's folder may vanish while we work
    except UserError as exc:
        _report(args, [{"file": "", "imported": 0, "warnings": [], "errors": [exc.message]}])
        raise
    unreadable = False
    try:
        event = repository.event_by_code(db, args.event)
        plans, order = [], []
        for path in files:
            try:
                roster = import_service.read_file(db, path, mapping=mapping)
                if roster.headless and roster.mapping_source == "guessed":
                    raise ImportFileError(path, NO_HEADER, NO_HEADER_REASON)
            except ImportFileError as exc:
                unreadable = True
                order.append({"file": str(path), "imported": 0, "warnings": [],
                              "errors": [exc.message], "status": "unreadable"})
                continue
            plan = import_service.plan_import(db, event.id, roster, args.unit)
            plans.append(plan)
            order.append(plan)
        judge(db, plans)
        landed: dict[int, int] = {}
        for plan in plans:
            if not plan.can_land or unreadable:
                continue
            if args.dry_run:
                landed[id(plan)] = sum(r.importable for r in plan.rows)
                continue
            try:
                landed[id(plan)] = import_service.apply_import(db, plan)
            except UserError as exc:  # judged sound a moment ago; say so all the same
                plan.errors.append(exc.message)
            _still_there(watch)  # outside the try: a vanished folder stops everything (exit 2)
        for item in order:
            if isinstance(item, dict):
                results.append(item)
                continue
            result = import_service.result_of(item, landed.get(id(item), 0)).to_json()
            result["status"] = _status(item, landed, args.dry_run, unreadable)
            results.append(result)
    finally:
        db.close()
    _report(args, results)
    if unreadable:
        say("Có tệp không đọc được nên chưa nhập tệp nào; hãy sửa hoặc bỏ tệp đó rồi nhập lại.")
        return 2
    return 1 if any(r["errors"] for r in results) else 0


def _status(plan, landed: dict, dry_run: bool, unreadable: bool) -> str:
    if not plan.can_land:
        return "refused"
    if unreadable:
        return "not_landed"
    return "would_land" if dry_run else "landed"


def _report(args, results: list[dict]) -> None:
    """The JSON document (always, refusals included) and one summary line per file."""
    if args.json:
        emit_json(results)
    verb = "sẽ nhập" if args.dry_run else "đã nhập"
    for r in results:
        if not r["file"]:
            continue
        if r.get("status") == "unreadable":
            state = "KHÔNG đọc được"
        elif r["errors"]:
            state = f"KHÔNG nhập ({len(r['errors'])} lỗi)"
        elif r.get("status") == "not_landed":
            state = "chưa nhập (vì có tệp khác không đọc được)"
        else:
            state = f"{verb} {r['imported']} đại biểu"
        say(f"{Path(r['file']).name}: {state}, {len(r['warnings'])} lưu ý.")
        if not args.json:
            for message in r["errors"]:
                say(f"  LỖI {message}")


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
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in SPREADSHEETS)
            if not inside:
                raise UserError(f"Thư mục “{path}” không có tệp bảng tính nào.")
            files += inside
        else:
            files.append(path)
    return files
