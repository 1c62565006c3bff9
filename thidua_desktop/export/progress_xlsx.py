"""The plan's progress to Excel: a report (báo cáo) in the state format, for the council.

The unit x milestone grid ("Theo đơn vị", on as many sheets as it takes
page widths) and the list of every milestone line ("Danh sách"). Each has the heading block with the report's
number, the title BÁO CÁO and its subject (the plan, its number, the date the
report is made as of), the colours of the window (done green, overdue red,
due soon amber), totals, a legend, "Nơi nhận" and the signer of the plan's
office. Printed at 100 % on A4 landscape with the NĐ 30 margins: the grid,
wider than a page, is laid out in blocks of one page width (see _grid_sheets). The data (letterhead, signer, recipients) comes in as a
ProgressReport; only export_progress reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.export import state_format_xlsx as sfx
from thidua_desktop.export.state_format import (
    Letterhead,
    Recipients,
    Signature,
    letterhead_for_plan,
    xlsx_cell,
)
from thidua_desktop.services import repository
from thidua_desktop.services.timeline_service import (
    STATE_COLOURS,
    STATE_LABELS,
    Timeline,
    cell_text,
)

FONT = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def fill_for(state: str) -> PatternFill:
    """The light background of a state, as in the window."""
    return PatternFill("solid", fgColor=STATE_COLOURS[state][1].lstrip("#"))


def _font(bold=False, italic=False, size=12, colour=None) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)


def _cell(ws, row, col, value, bold=False, align=_CENTER, fill=None, colour=None, italic=False):
    cell = xlsx_cell(ws, row, col, value)
    cell.font = _font(bold=bold, italic=italic, colour=colour)
    cell.alignment = align
    cell.border = _BORDER
    if fill is not None:
        cell.fill = fill
    return cell


NBSP = "\u00a0"  # the number is written by hand when the report is registered: keep its blank


@dataclass(frozen=True)
class ProgressReport:
    """What the report's state-format parts say (plain data)."""

    letterhead: Letterhead
    titles: list[str]  # BÁO CÁO, the subject, the "as of" line
    signature: Signature
    recipients: Recipients


def progress_report(db: Database, tl: Timeline) -> ProgressReport:
    """The report's heading, number, signer and recipients, from the plan and its office."""
    from thidua_desktop.services.dossier_reminders import initials, signer

    plan = repository.plan(db, tl.data.plan_id)
    office = "Phòng Nội vụ"
    lh = letterhead_for_plan(db, plan.id, issuer=office.upper(), date=tl.as_of,
                             number=f"Số:{NBSP * 8}/BC-{initials(office)}")
    of_plan = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    subject = f"Tiến độ thực hiện {of_plan} về {plan.title[:1].lower()}{plan.title[1:]}"
    who = signer(db)
    recipients = Recipients((
        f"- {plan.issuer or 'UBND'} (để báo cáo);" if plan.issuer else "- Lãnh đạo UBND (để báo cáo);",
        "- Thường trực Hội đồng Thi đua - Khen thưởng;",
        f"- Lưu: VT, {initials(office)}.",
    ))
    return ProgressReport(lh, ["BÁO CÁO", subject, f"(Tình hình đến ngày {format_date(tl.as_of)})"],
                          Signature(who.title, who.name, who.role), recipients)


def export_progress(db: Database, tl: Timeline, path: str | Path) -> Path:
    """Write the workbook for a computed timeline, as a report of the plan's office."""
    return write_progress_xlsx(tl, progress_report(db, tl), path)


def write_progress_xlsx(tl: Timeline, report: ProgressReport, path: str | Path) -> Path:
    """The two sheets, saved to `path` (.xlsx)."""
    path = Path(path)
    wb = sfx.xlsx_workbook()
    _grid_sheets(wb, tl, report)
    _list_sheet(wb.create_sheet("Danh sách"), tl, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _setup(ws, header_row: int, freeze: str, last_row: int, ncols: int) -> None:
    sfx.xlsx_page_setup(ws, last_row, ncols, landscape=True, title_rows=(header_row, header_row))
    ws.freeze_panes = freeze
    ws.sheet_view.showGridLines = False


MILESTONE_WIDTH = 15  # characters: "14/04/2025 (trễ 4 ngày)" on two lines at 12 pt


GRID_SHEET = "Theo đơn vị"


def _blocks(count: int) -> list[range]:
    """Milestone indexes (0-based) per block, each block as wide as a landscape page at 100 %.

    The last block also takes the "Số mốc quá hạn" column; blocks are balanced.
    """
    room = sfx.printable_width_pt(landscape=True) - sfx.column_pt(5) - sfx.column_pt(22)
    fit = max(1, int(room // sfx.column_pt(MILESTONE_WIDTH)))
    blocks = max(1, -(-(count + 1) // fit))
    while True:
        per = -(-count // blocks) if count else 0
        if count - per * (blocks - 1) + 1 <= fit:
            break
        blocks += 1
    return [range(i, min(i + per, count)) for i in range(0, count, per)] if count else [range(0)]


def _grid_sheets(wb, tl: Timeline, report: ProgressReport) -> None:
    """Units down, milestones across, a sheet per block of one page width; cells coloured by state.

    A grid of a dozen milestones is twice a page wide: rather than shrinking it
    below 11 pt or cutting it between pages (the heading and the unit names
    then print on the first page only), each block of milestones goes on a
    sheet of its own ("Theo đơn vị", "Theo đơn vị (2)", ...), with its header
    row printed on every page and the unit names; the first has the heading,
    the last the legend, "Nơi nhận" and the signature.
    """
    items = tl.milestones
    blocks = _blocks(len(items))
    units = [u for u in tl.units if any(tl.line(m.id, u.id) for m in items)]
    for number, block in enumerate(blocks):
        ws = wb.active if number == 0 else wb.create_sheet(f"{GRID_SHEET} ({number + 1})")
        ws.title = GRID_SHEET if number == 0 else ws.title
        last_block = number == len(blocks) - 1
        ncols = 2 + len(block) + (1 if last_block else 0)
        ws.column_dimensions["A"].width = 5
        ws.column_dimensions["B"].width = 22
        for col in range(3, ncols + 1):
            ws.column_dimensions[get_column_letter(col)].width = MILESTONE_WIDTH
        if number == 0:
            row = sfx.xlsx_letterhead(ws, report.letterhead, ncols, report.titles)
        else:
            row = 1
            title = f"{report.titles[0]} (tiếp theo): mốc {block[0] + 1} - {block[-1] + 1}"
            sfx.put(ws, row, 1, ncols, title, sfx.font(bold=True), sfx.CENTER)
            row += 2
        header = row
        row = _grid_block(ws, row, tl, block, units, with_count=last_block)
        last = row
        if last_block:
            row = _legend(ws, row + 2)
            last = sfx.xlsx_signature(ws, row + 1, ncols, report.signature, report.recipients)
        _setup(ws, header, f"C{header + 1}", last, ncols)


def _grid_block(ws, row: int, tl: Timeline, block: range, units, with_count: bool) -> int:
    """One block: header, a row per unit, the three count rows; returns its last row."""
    items = [tl.milestones[i] for i in block]
    count_col = 3 + len(items)
    _cell(ws, row, 1, "STT", bold=True, fill=_HEAD_FILL)
    _cell(ws, row, 2, "Đơn vị", bold=True, fill=_HEAD_FILL)
    for col, (i, m) in enumerate(zip(block, items, strict=True), start=3):
        dues = {ln.due for ln in tl.lines_of(m.id)}
        due = format_date(next(iter(dues))) if len(dues) == 1 and None not in dues else m.describe()
        _cell(ws, row, col, f"{i + 1}. {m.title}\n(Hạn: {due})", bold=True, fill=_HEAD_FILL)
    if with_count:
        _cell(ws, row, count_col, "Số mốc quá hạn", bold=True, fill=_HEAD_FILL)
    ws.row_dimensions[row].height = 120
    for n, unit in enumerate(units, start=1):
        row += 1
        ws.row_dimensions[row].height = 32  # room for "14/04/2025 (trễ 4 ngày)" on two lines
        _cell(ws, row, 1, n)
        _cell(ws, row, 2, unit.display_name, align=_LEFT)
        for col, m in enumerate(items, start=3):
            ln = tl.line(m.id, unit.id)
            if ln is None:
                _cell(ws, row, col, "")
                continue
            _cell(ws, row, col, cell_text(ln, long=True), fill=fill_for(ln.state),
                  colour=STATE_COLOURS[ln.state][0].lstrip("#"), bold=ln.state == "overdue")
        if with_count:
            overdue = sum(1 for m in tl.milestones if (ln := tl.line(m.id, unit.id)) and ln.state == "overdue")
            _cell(ws, row, count_col, overdue or "", bold=bool(overdue),
                  fill=fill_for("overdue") if overdue else None)
    for label, state in (("Hoàn thành", "done"), ("Quá hạn", "overdue"), ("Sắp đến hạn", "due_soon")):
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        _cell(ws, row, 1, f"Số đơn vị {label.lower()}", bold=True, align=_LEFT)
        _cell(ws, row, 2, None)
        for col, m in enumerate(items, start=3):
            counts = tl.counts(m.id)
            total = sum(counts.values())
            text = f"{counts[state]}/{total}" if total else ""
            _cell(ws, row, col, text, bold=True, fill=fill_for(state) if counts[state] else None)
        if with_count:
            _cell(ws, row, count_col, "")
    return row


def _list_sheet(ws, tl: Timeline, report: ProgressReport) -> None:
    """Milestone by milestone (title, deadline, who leads), one line per unit below it."""
    headers = ("STT", "Đơn vị thực hiện", "Hạn", "Tình trạng", "Ngày hoàn thành",
               "Số ngày trễ", "Ghi chú")
    widths = (6, 26, 13, 16, 15, 10, 30)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = sfx.xlsx_letterhead(ws, report.letterhead, len(headers), report.titles)
    header = row
    for col, text in enumerate(headers, start=1):
        _cell(ws, row, col, text, bold=True, fill=_HEAD_FILL)
    ws.row_dimensions[row].height = 32
    group_fill = PatternFill("solid", fgColor="F2F4F7")
    for i, m in enumerate(tl.milestones, start=1):
        lines = tl.lines_of(m.id)
        if not lines:
            continue
        row += 1
        who = f"Chủ trì: {m.responsible}" if m.responsible else ""
        if m.partners:
            who += f"; phối hợp: {m.partners}"
        text = f"{i}. {m.title} — hạn {m.describe()}" + (f"\n{who}" if who else "")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        _cell(ws, row, 1, text, bold=True, align=_LEFT, fill=group_fill)
        ws.row_dimensions[row].height = 16 * (1 + (len(text) - len(who)) // 105 + (1 if who else 0)) + 4
        for n, ln in enumerate(lines, start=1):
            row += 1
            note = [cell_text(ln, long=True)] if ln.state == "due_soon" else []
            if ln.progress == "doing" and ln.state != "done":
                note.append("Đang thực hiện")
            if ln.note:
                note.append(ln.note)
            values = (n, ln.unit_name, format_date(ln.due), STATE_LABELS[ln.state],
                      format_date(ln.done_on), ln.days_late or "", "; ".join(note))
            # Days late of work done late show amber: done, but not on time.
            late_state = "overdue" if ln.state == "overdue" else "due_soon"
            for col, value in enumerate(values, start=1):
                state = ln.state if col == 4 else (late_state if col == 6 and ln.days_late else None)
                _cell(ws, row, col, value, align=_LEFT if col in (2, 7) else _CENTER,
                      fill=fill_for(state) if state else None,
                      colour=STATE_COLOURS[state][0].lstrip("#") if state else None,
                      bold=state == "overdue")
    row = _legend(ws, row + 2)
    last = sfx.xlsx_signature(ws, row + 1, len(headers), report.signature, report.recipients)
    _setup(ws, header, f"A{header + 1}", last, len(headers))


def _legend(ws, row: int) -> int:
    ws.cell(row=row, column=2, value="Chú thích:").font = _font(bold=True, italic=True)
    for state in ("done", "overdue", "due_soon", "open"):
        row += 1
        swatch = ws.cell(row=row, column=1, value="")
        swatch.fill = fill_for(state)
        swatch.border = _BORDER
        ws.cell(row=row, column=2, value=STATE_LABELS[state]).font = _font(italic=True)
    return row + 1
