"""The danh sách trích ngang as plain data, shared by the Excel, Word and CSV writers.

One line per delegate who attends (absent ones are left out), in Vietnamese
name order (given name first, the sort key stored beside each name). Guests
and leaders say so in Ghi chú, as rosters do in practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError
from thidua_desktop.export.state_format import Letterhead, letterhead_for_event
from thidua_desktop.fileio import atomic_output  # noqa: F401 - re-exported
from thidua_desktop.services.roster_query import print_rows
from thidua_desktop.services.roster_service import CATEGORIES, STATUSES
from thidua_desktop.templates.model import rules_of_stored

TITLE = "DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"


@dataclass(slots=True)  # not frozen: a frozen init costs a setattr call per field, per row
class RosterLine:
    """One delegate as the roster prints them."""

    unit: str
    name: str
    sex: str | None
    birth_year: int | None
    ethnicity: str
    position: str
    workplace: str
    category: str  # Vietnamese label
    achievement: str
    note: str
    exemplary_kind: str = ""
    field: str = ""
    sector: str = ""
    direct_worker: bool = False
    status: str = ""
    presidium: bool = False
    speaker: bool = False
    provincial_awards: int = 0
    birth_date: str | None = None

    @property
    def remark(self) -> str:
        """Ghi chú of the printed list: "Khách mời"/"Lãnh đạo" for those, then the note,
        and the birth year when the sex is unknown (it has no column to go in)."""
        parts = [] if self.category == CATEGORIES["exemplary"] else [self.category]
        if self.sex is None and self.birth_year:
            parts.append(f"Năm sinh {self.birth_year}, chưa rõ giới tính")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


@dataclass(frozen=True)
class RosterDocument:
    """Everything a roster document shows."""

    letterhead: Letterhead
    title_lines: list[str]
    lines: list[RosterLine]
    sign_role: str  # "TM. BAN TỔ CHỨC"
    sign_title: str  # "TRƯỞNG BAN"

    @property
    def men(self) -> int:
        """Lines with sex Nam."""
        return sum(1 for line in self.lines if line.sex == "Nam")

    @property
    def women(self) -> int:
        """Lines with sex Nữ."""
        return sum(1 for line in self.lines if line.sex == "Nữ")

    @property
    def total_text(self) -> str:
        """"Tổng cộng: 91 đại biểu (58 nam, 33 nữ)"."""
        return f"Tổng cộng: {len(self.lines)} đại biểu ({self.men} nam, {self.women} nữ)"


def roster_document(db: Database, event_id: int) -> RosterDocument:
    """Read the event's roster and its heading from the database."""
    row = db.execute(
        "SELECT e.name, e.form, p.rules FROM events e JOIN plans p ON p.id = e.plan_id "
        "WHERE e.id = ?", [event_id]).fetchone()
    name, form_code, rules_json = row
    rules = rules_of_stored(rules_json)
    is_congress = rules.form_kinds.get(form_code) == "congress"
    body = "BAN TỔ CHỨC ĐẠI HỘI" if is_congress else "BAN TỔ CHỨC HỘI NGHỊ"
    kinds = rules.exemplary_kinds
    cats, states = CATEGORIES, STATUSES
    lines = []
    for (unit, name_, sex, year, ethnicity, position, workplace, category, achievement, note,
         kind, field, sector, direct, status, panel, speaker, awards, born) in print_rows(db, event_id):
        lines.append(RosterLine(
            unit, name_, sex, year, ethnicity, position, workplace, cats.get(category, category),
            achievement, note, kinds.get(kind, kind), field, sector, bool(direct),
            states.get(status, status), bool(panel), bool(speaker), awards, born))
    return RosterDocument(
        letterhead=letterhead_for_event(db, event_id, issuer=body),
        title_lines=[TITLE, f"DỰ {name.replace(chr(10), ' ').upper()}"],
        lines=lines, sign_role="TM. BAN TỔ CHỨC", sign_title="TRƯỞNG BAN",
    )


FORMATS = (".xlsx", ".docx", ".csv")


def write_roster(db: Database, event_id: int, path: str | Path) -> int:
    """Write the roster in the format the extension says; return the number of lines.

    A UserError (Vietnamese) for an unknown extension, a missing folder or a
    file another program holds open; nothing is written then.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"Không nhận dạng được định dạng của “{path.name}”; hãy đặt đuôi tệp là "
            ".xlsx (Excel), .docx (Word) hoặc .csv."
        )
    if not path.parent.is_dir():
        raise UserError(f"Thư mục “{path.parent}” không tồn tại; hãy chọn một thư mục có sẵn.")
    doc = roster_document(db, event_id)
    try:
        if suffix == ".xlsx":
            from thidua_desktop.export.roster_xlsx import write_roster_xlsx

            write_roster_xlsx(doc, path)
        elif suffix == ".docx":
            from thidua_desktop.export.roster_docx import write_roster_docx

            write_roster_docx(doc, path)
        else:
            from thidua_desktop.export.roster_csv import write_roster_csv

            write_roster_csv(doc, path)
    except PermissionError as exc:
        raise UserError(
            f"Không ghi được “{path}”: tệp đang mở trong chương trình khác hoặc thư mục không "
            "cho ghi. Hãy đóng tệp rồi thử lại."
        ) from exc
    return len(doc.lines)
