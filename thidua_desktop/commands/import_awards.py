"""`import-awards`: a unit's proposal workbook into a reward round (all rows or none)."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import emit_json, say


def register(sub) -> None:
    """Add the `import-awards` sub-command."""
    parser = sub.add_parser("import-awards", help="nhập danh sách đề nghị khen thưởng của một đơn vị")
    add_common(parser)
    parser.add_argument("--round", required=True, help="mã đợt khen thưởng, ví dụ kt-2025")
    parser.add_argument("--unit", required=True, help="đơn vị đề nghị, ví dụ “Tân Lợi” hoặc “xã Tân Lợi”")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    parser.add_argument("file", type=Path, help="tệp .xlsx, .xls, .ods hoặc .csv")
    parser.set_defaults(run=run)


def run(args) -> int:
    """Import the file; exit 1 with a sentence per bad row (nothing written), 2 on a bad round or unit."""
    from thidua_desktop.domain.names import fold
    from thidua_desktop.errors import NotFoundError
    from thidua_desktop.services import awards_service, repository
    from thidua_desktop.services.awards_import import import_proposals

    db = open_existing(args)  # a dry run writes in a transaction it then rolls back
    try:
        rnd = awards_service.round_by_code(db, args.round)
        wanted = fold(args.unit)
        unit = next((u for u in repository.units(db, rnd.issuer_unit_id)
                     if wanted in (fold(u.name), fold(u.display_name))), None)
        if unit is None:
            raise NotFoundError(f"Không có đơn vị “{args.unit}” trực thuộc đơn vị ban hành của đợt này.")
        result = import_proposals(db, rnd, unit.id, args.file, dry_run=args.dry_run)
        if not args.dry_run:
            from thidua_desktop.services.awards_dossier import follow

            follow(db, rnd.id)  # the round's checklist, if it has one, owes the new reports
    finally:
        db.close()
    verb = "Có thể nhập" if args.dry_run else "Đã nhập"
    say(f"{verb} {result.added} đề nghị của {unit.display_name} ({result.collectives} tập thể, "
        f"{result.persons} cá nhân) vào đợt “{rnd.name}”.")
    if result.honoured:
        say("Đã được khen cùng hình thức trước đây: " + ", ".join(result.honoured) + ".")
    if args.json:
        emit_json({"added": result.added, "persons": result.persons, "collectives": result.collectives,
                   "already_honoured": result.honoured, "dry_run": args.dry_run})
    return 0
