"""After the event: the attendance list and its figures, as Excel or PDF (state format).

List: every delegate of the event with present or absent, arrival time,
door, seat and substitute, in delegation then name order. Figures: present
against listed and quota, per category (protocol order) and per delegation,
with the total. Both under the organising committee's letterhead and closed
by its signature block; the workbook has the list and the figures on two
sheets, the PDF one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.errors import UserError
from thidua_desktop.export.state_format import (
    Letterhead,
    Signature,
    letterhead_for_event,
    xlsx_cell,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services import event_day
from thidua_desktop.services.event_day_people import day_people

LIST_HEAD = ("STT", "Họ và tên", "Đơn vị", "Thành phần", "Có mặt", "Giờ đến", "Cửa", "Người dự thay")
LIST_WIDTHS = (5, 22, 20, 16, 8, 8, 9, 20)  # 108 characters: A4 landscape at 100 %
FIG_HEAD = ("Đoàn / thành phần", "Có mặt", "Danh sách", "Chỉ tiêu", "Tỉ lệ có mặt")
FIG_WIDTHS = (34, 10, 10, 10, 12)  # portrait at 100 %


@dataclass(frozen=True)
class AttendanceDoc:
    """Plain data of the attendance documents."""

    letterhead: Letterhead
    event_name: str
    rows: tuple[tuple, ...]  # LIST_HEAD values
    figures: event_day.Attendance
    signature: Signature


def attendance_doc(db: Database, event_id: int) -> AttendanceDoc:
    """The attendance of the event, ready to lay out."""
    from thidua_desktop.services import repository

    present = {c.delegate_id: c for c in event_day.checked_in(db, event_id)}
    rows = []
    for number, p in enumerate(day_people(db, event_id), start=1):
        c = present.get(p.delegate_id)
        rows.append((number, p.name, p.unit, p.category, "x" if c else "vắng",
                     c.present_at[11:16] if c else "", c.door if c else "", c.substitute_name if c else ""))
    event = repository.event(db, event_id)
    return scrub(AttendanceDoc(letterhead_for_event(db, event_id), " ".join(event.name.split()), tuple(rows),
                               event_day.attendance(db, event_id), Signature("TRƯỞNG BAN", role="TM. BAN TỔ CHỨC")))


def _figure_rows(doc: AttendanceDoc) -> list[tuple]:
    def share(row) -> str:
        return f"{100 * row.present / row.expected:.0f}%" if row.expected else ""

    f = doc.figures
    total = event_day.CountRow("TỔNG SỐ", f.present, f.expected, f.quota)
    rows = [("THEO THÀNH PHẦN", "", "", "", "")]
    rows += [(r.label, r.present, r.expected, r.quota if r.quota is not None else "", share(r)) for r in f.by_category]
    rows += [("THEO ĐOÀN", "", "", "", "")]
    rows += [(r.label, r.present, r.expected, r.quota if r.quota is not None else "", share(r)) for r in f.by_unit]
    rows.append((total.label, total.present, total.expected, total.quota or "", share(total)))
    return rows


def write_attendance(db: Database, event_id: int, path: str | Path) -> Path:
    """Write the list and figures; the format from the extension (.xlsx, .pdf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserError(f"Không xuất được “{path.name}”: danh sách có mặt chỉ xuất ra tệp .xlsx hoặc .pdf.")
    doc = attendance_doc(db, event_id)
    return (_write_xlsx if suffix == ".xlsx" else _write_pdf)(doc, path)


def _write_xlsx(doc: AttendanceDoc, path: Path) -> Path:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from thidua_desktop.export import state_format_xlsx as sfx

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = sfx.xlsx_workbook()
    sheets = ((wb.active, "Danh sách có mặt", LIST_HEAD, LIST_WIDTHS, list(doc.rows), "DANH SÁCH ĐẠI BIỂU CÓ MẶT"),
              (wb.create_sheet(), "Số liệu", FIG_HEAD, FIG_WIDTHS, _figure_rows(doc), "SỐ LIỆU ĐẠI BIỂU CÓ MẶT"))
    for ws, title, head, widths, rows, heading in sheets:
        ws.title = title
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        row = sfx.xlsx_letterhead(ws, doc.letterhead, len(head), [heading, doc.event_name.upper()])
        first = row
        for col, text in enumerate(head, start=1):
            cell = xlsx_cell(ws, row, col, text)
            cell.font, cell.border = Font(name="Times New Roman", size=12, bold=True), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for values in rows:
            row += 1
            bold = head is FIG_HEAD and (values[1] == "" or values[0] == "TỔNG SỐ")
            for col, value in enumerate(values, start=1):
                cell = xlsx_cell(ws, row, col, value)
                cell.font, cell.border = Font(name="Times New Roman", size=12, bold=bold), box
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal="left" if col in (2, 3, 4, 8) or head is FIG_HEAD and col == 1
                                           else "center")
        ws.freeze_panes = ws.cell(row=first + 1, column=1)
        last = sfx.xlsx_signature(ws, row + 2, len(head), doc.signature)
        sfx.xlsx_page_setup(ws, last, len(head), landscape=head is LIST_HEAD, title_rows=(first, first))
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def _write_pdf(doc: AttendanceDoc, path: Path) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    from thidua_desktop.export.state_format import (
        pdf_document,
        pdf_letterhead,
        pdf_page_number,
        pdf_signature,
        pdf_styles,
        pdf_table_chunks,
        usable_width_mm,
    )

    s = pdf_styles()
    width = usable_width_mm(landscape=True) * mm

    def table(head, rows, shares):
        data = [[Paragraph(h, s["cell_bold"]) for h in head]]
        data += [[Paragraph(escape(str(v)), s["cell"]) for v in r] for r in rows]
        widths = [width * x / sum(shares) for x in shares]
        return pdf_table_chunks(data, widths, style=[("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])

    story = [*pdf_letterhead(doc.letterhead, width), Paragraph("DANH SÁCH ĐẠI BIỂU CÓ MẶT", s["title"]),
             Paragraph(escape(doc.event_name.upper()), s["subtitle"]), Spacer(1, 3 * mm),
             *table(LIST_HEAD, doc.rows, LIST_WIDTHS), PageBreak(),
             Paragraph("SỐ LIỆU ĐẠI BIỂU CÓ MẶT", s["title"]), Spacer(1, 3 * mm),
             *table(FIG_HEAD, _figure_rows(doc), FIG_WIDTHS), pdf_signature(doc.signature, s, width=width)]
    with atomic_output(path) as tmp:
        pdf_document(tmp, landscape=True, title=f"Danh sách có mặt - {doc.event_name}").build(
            story, onLaterPages=pdf_page_number)
    return path
