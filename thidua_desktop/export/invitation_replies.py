"""The invitations and their replies on a list, as Excel or PDF (state format).

List: every delegate of the event in delegation then name order, with the
invitation's state (Chưa mời, Đã mời, Nhận lời, Từ chối, Cử người thay), the
substitute named, the reply's time and the unit. Figures: per unit, how many
are in each state, with the total per state (TỔNG SỐ). Both under the
organising committee's letterhead and closed by its signature block; the
workbook has the list and the figures on two sheets, the PDF one after the
other (landscape, the table head repeated on every page).

The states and their labels are event_day's (one owner); the writers get
plain data (`RepliesDoc`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.errors import UserError
from thidua_desktop.export.state_format import Letterhead, Signature, letterhead_for_event
from thidua_desktop.services.event_day import INVITATION_STATES
from thidua_desktop.services.event_day_people import day_people

TITLE = "DANH SÁCH MỜI VÀ TRẢ LỜI GIẤY MỜI"
FIG_TITLE = "SỐ LIỆU TRẢ LỜI GIẤY MỜI"
LIST_HEAD = ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Trả lời", "Người dự thay", "Thời gian trả lời")
LIST_WIDTHS = (6, 19, 18, 17, 14, 18, 16)  # 108 characters: A4 landscape at 100 %
STATES = tuple(INVITATION_STATES)  # none, invited, confirmed, declined, substitute: the columns' order
FIG_HEAD = ("STT", "Đơn vị", *INVITATION_STATES.values(), "Cộng")
FIG_WIDTHS = (6, 30, 12, 12, 12, 12, 14, 10)  # 108 characters, landscape like the list
TOTAL = "TỔNG SỐ"
NO_UNIT = "Khách mời, không thuộc đơn vị"


@dataclass(frozen=True)
class RepliesDoc:
    """Plain data of the replies documents."""

    letterhead: Letterhead
    event_name: str
    rows: tuple[tuple, ...]  # LIST_HEAD values
    by_unit: tuple[tuple[str, tuple[int, ...]], ...]  # (unit, count per state in STATES order)
    signature: Signature

    @property
    def totals(self) -> tuple[int, ...]:
        """Count per state over every unit, in STATES order."""
        return tuple(sum(counts[i] for _u, counts in self.by_unit) for i in range(len(STATES)))


def _reply_time(stamp: str | None) -> str:
    """"2025-06-02T09:15:00" -> "02/06/2025 09:15" ('' without a reply)."""
    if not stamp or len(stamp) < 16:
        return ""
    return f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]} {stamp[11:16]}"


def replies_doc(db: Database, event_id: int) -> RepliesDoc:
    """The event's invitations and replies, ready to lay out; a sentence when it has no delegate."""
    from thidua_desktop.services import repository

    event = repository.event(db, event_id)
    people = day_people(db, event_id)
    if not people:
        raise UserError(f"Sự kiện “{event.name}” chưa có đại biểu nào để lập danh sách trả lời giấy mời.")
    replied = dict(db.execute(
        "SELECT x.delegate_id, x.replied_at FROM delegate_event_day x JOIN delegates d ON d.id = x.delegate_id "
        "WHERE d.event_id = ?", [event_id]).fetchall())
    rows, counts = [], {}
    for number, p in enumerate(people, start=1):
        state = p.invitation if p.invitation in INVITATION_STATES else "none"
        unit = p.unit or NO_UNIT
        rows.append((number, p.name, p.position, p.unit, INVITATION_STATES[state],
                     p.substitute_name if state == "substitute" else "", _reply_time(replied.get(p.delegate_id))))
        per_unit = counts.setdefault(unit, [0] * len(STATES))  # first appearance: the list's unit order
        per_unit[STATES.index(state)] += 1
    by_unit = tuple((unit, tuple(c)) for unit, c in counts.items())
    return scrub(RepliesDoc(letterhead_for_event(db, event_id), " ".join(event.name.split()), tuple(rows),
                            by_unit, Signature("TRƯỞNG BAN", role="TM. BAN TỔ CHỨC")))


def figure_rows(doc: RepliesDoc) -> list[tuple]:
    """The figures table's body: a row per unit, then TỔNG SỐ (FIG_HEAD values)."""
    rows = [(n, unit, *counts, sum(counts)) for n, (unit, counts) in enumerate(doc.by_unit, start=1)]
    rows.append(("", TOTAL, *doc.totals, sum(doc.totals)))
    return rows


def check_replies_target(path: str | Path) -> str:
    """The output format (.xlsx or .pdf), or a sentence saying what to do."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserError(f"Không xuất được “{path.name}”: danh sách trả lời giấy mời chỉ xuất ra tệp .xlsx hoặc "
                        ".pdf; hãy đặt tên tệp có đuôi .xlsx hoặc .pdf.")
    if not path.parent.exists():
        raise UserError(f"Thư mục “{path.parent}” không tồn tại; hãy chọn thư mục khác.")
    return suffix


def write_replies(db: Database, event_id: int, path: str | Path) -> Path:
    """Write the list and figures; the format from the extension (.xlsx, .pdf). Nothing written on a refusal."""
    path = Path(path)
    suffix = check_replies_target(path)
    doc = replies_doc(db, event_id)
    from thidua_desktop.export import invitation_replies_write as w

    return (w.write_xlsx if suffix == ".xlsx" else w.write_pdf)(doc, path)
