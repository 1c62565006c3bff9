"""`export-roster`: the danh sách trích ngang of one event as .xlsx, .docx or .csv."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.cli import add_common
from thidua_desktop.commands._common import open_existing
from thidua_desktop.commands._output import say
from thidua_desktop.errors import UserError

FORMATS = (".xlsx", ".docx", ".csv")


def register(sub) -> None:
    """Add the `export-roster` sub-command."""
    parser = sub.add_parser("export-roster", help="xuất danh sách trích ngang đại biểu")
    add_common(parser, json_output=False)
    parser.add_argument("--event", required=True, help="mã sự kiện, ví dụ dh-hon-quan")
    parser.add_argument("--out", required=True, type=Path, help="tệp kết quả .xlsx, .docx hoặc .csv")
    parser.set_defaults(run=run)


def export_roster(db, event_id: int, out: Path) -> int:
    """Write the roster in the format the extension says; return the number of lines."""
    from thidua_desktop.export.roster_common import roster_document

    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"Không nhận dạng được định dạng của “{out.name}”; hãy đặt đuôi tệp là "
            ".xlsx (Excel), .docx (Word) hoặc .csv."
        )
    if not out.parent.is_dir():
        raise UserError(f"Thư mục “{out.parent}” không tồn tại; hãy chọn một thư mục có sẵn.")
    doc = roster_document(db, event_id)
    try:
        if suffix == ".xlsx":
            from thidua_desktop.export.roster_xlsx import write_roster_xlsx

            write_roster_xlsx(doc, out)
        elif suffix == ".docx":
            from thidua_desktop.export.roster_docx import write_roster_docx

            write_roster_docx(doc, out)
        else:
            from thidua_desktop.export.roster_csv import write_roster_csv

            write_roster_csv(doc, out)
    except PermissionError as exc:
        raise UserError(
            f"Không ghi được “{out}”: tệp đang mở trong chương trình khác hoặc thư mục không cho ghi. "
            "Hãy đóng tệp rồi thử lại."
        ) from exc
    return len(doc.lines)


def run(args) -> int:
    """Export; exit 2 on an unknown extension or an unknown event (nothing written)."""
    from thidua_desktop.services import repository

    if args.out.suffix.lower() not in FORMATS:
        raise UserError(
            f"Không nhận dạng được định dạng của “{args.out.name}”; hãy đặt đuôi tệp là "
            ".xlsx (Excel), .docx (Word) hoặc .csv."
        )
    db = open_existing(args, readonly=True)
    try:
        event = repository.event_by_code(db, args.event)
        count = export_roster(db, event.id, args.out)
    finally:
        db.close()
    say(f"Đã xuất {count} đại biểu của “{event.code}” vào “{args.out}”.")
    return 0
