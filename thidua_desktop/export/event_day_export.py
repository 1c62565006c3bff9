"""Write one document of the day to a file: the dispatcher `export-event` and the window share.

Each writer gets plain data (invitation_content, event_day_people, seating);
the file is written beside its target and renamed into place by the writer.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError

KINDS = {"invitations": "giấy mời", "badges": "thẻ đại biểu", "cards": "biển tên",
         "seating": "sơ đồ chỗ ngồi"}
FORMATS = {"invitations": (".pdf", ".docx"), "badges": (".pdf",), "cards": (".pdf",), "seating": (".pdf",)}


def check_target(kind: str, out: str | Path) -> str:
    """The output format, or a sentence saying what to do (nothing written)."""
    suffix = Path(out).suffix.lower()
    allowed = FORMATS[kind]
    if suffix not in allowed:
        names = " hoặc ".join(allowed)
        raise UserError(f"Không xuất được “{Path(out).name}”: {KINDS[kind]} chỉ xuất ra tệp {names}; "
                        f"hãy đặt tên tệp có đuôi {names}.")
    if not Path(out).parent.exists():
        raise UserError(f"Thư mục “{Path(out).parent}” không tồn tại; hãy chọn thư mục khác.")
    return suffix


def export_event_document(db: Database, event_id: int, kind: str, out: str | Path,
                          fields: tuple[str, ...] | None = None, colour_by: str = "category") -> Path:
    """Write the `kind` document of the event to `out` (.pdf; .docx too for invitations).

    `fields` and `colour_by` choose what badges print under the name and what their band follows.
    """
    out = Path(out)
    suffix = check_target(kind, out)
    if kind == "invitations":
        from thidua_desktop.export.invitation_content import invitation_set

        inv = invitation_set(db, event_id)
        if not inv.letters:
            raise UserError("Sự kiện chưa có đại biểu nào để in giấy mời.")
        if suffix == ".docx":
            from thidua_desktop.export.invitation_docx import write_invitations_docx

            return write_invitations_docx(inv, out)
        from thidua_desktop.export.invitation_pdf import write_invitations_pdf

        return write_invitations_pdf(inv, out)
    if kind in ("badges", "cards"):
        from thidua_desktop.export.badge_pdf import (
            DEFAULT_FIELDS,
            badge_sheet,
            write_badges_pdf,
            write_cards_pdf,
        )

        sheet = badge_sheet(db, event_id, fields or DEFAULT_FIELDS, colour_by)
        if not sheet.people:
            raise UserError(f"Sự kiện chưa có đại biểu nào để in {KINDS[kind]}.")
        return (write_badges_pdf if kind == "badges" else write_cards_pdf)(sheet, out)
    from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf

    return write_seating_pdf(seating_plan(db, event_id), out)
