"""Write one document of the day to a file: the dispatcher `export-event` and the window share.

Each writer gets plain data (invitation_content, event_day_people, seating);
the file is written beside its target and renamed into place by the writer.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError

KINDS = {"invitations": "giấy mời", "badges": "thẻ đại biểu", "cards": "biển tên",
         "seating": "sơ đồ chỗ ngồi", "envelopes": "phong bì", "labels": "nhãn địa chỉ"}
FORMATS = {"invitations": (".pdf", ".docx"), "badges": (".pdf",), "cards": (".pdf",), "seating": (".pdf",),
           "envelopes": (".pdf",), "labels": (".pdf",)}


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


def invitations(db: Database, event_id: int, per_unit: bool = False):
    """The letters: one per delegate, or one per sending unit (`per_unit`) and the host's own people."""
    if per_unit:
        from thidua_desktop.export.invitation_units import per_unit_set

        inv = per_unit_set(db, event_id)
    else:
        from thidua_desktop.export.invitation_content import invitation_set

        inv = invitation_set(db, event_id)
    if not inv.letters:
        raise UserError("Sự kiện chưa có đại biểu hay đơn vị nào để in giấy mời.")
    return inv


def addressed(db: Database, event_id: int, per_unit: bool = False) -> list[int]:
    """The delegates the invitations reach: each one's own letter, or (`per_unit`) the letter to
    their unit's head (named there or "theo danh sách") and the host's own people's letters."""
    inv = invitations(db, event_id, per_unit)
    ids = {letter.delegate_id for letter in inv.letters if letter.delegate_id}
    if per_unit:
        from thidua_desktop.export.invitation_units import sending_units

        units = [u.unit_id for u in sending_units(db, event_id)]
        for start in range(0, len(units), 500):
            part = units[start:start + 500]
            ids.update(r[0] for r in db.execute(
                f"SELECT id FROM delegates WHERE event_id = ? AND unit_id IN ({','.join('?' * len(part))})",
                [event_id, *part]))
    return sorted(ids)


def export_event_document(db: Database, event_id: int, kind: str, out: str | Path,
                          fields: tuple[str, ...] | None = None, colour_by: str = "category",
                          per_unit: bool = False, a5: bool = False) -> Path:
    """Write the `kind` document of the event to `out` (.pdf; .docx too for invitations).

    `fields` and `colour_by` choose what badges print under the name and what their band follows;
    `per_unit`: invitations, envelopes and labels go to each unit's head instead of each delegate;
    `a5`: name cards on A5 sheets.
    """
    out = Path(out)
    suffix = check_target(kind, out)
    if kind in ("invitations", "envelopes", "labels"):
        inv = invitations(db, event_id, per_unit)
        if kind in ("envelopes", "labels"):
            from thidua_desktop.export.envelope_pdf import (
                mailing,
                write_envelopes_pdf,
                write_labels_pdf,
            )

            return (write_envelopes_pdf if kind == "envelopes" else write_labels_pdf)(mailing(inv), out)
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

        sheet = badge_sheet(db, event_id, fields or DEFAULT_FIELDS, colour_by, guests=kind == "cards")
        if not sheet.people:
            raise UserError(f"Sự kiện chưa có đại biểu nào để in {KINDS[kind]}.")
        if kind == "cards":
            return write_cards_pdf(sheet, out, a5=a5)
        return write_badges_pdf(sheet, out)
    from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf

    return write_seating_pdf(seating_plan(db, event_id), out)
