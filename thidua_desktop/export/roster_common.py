"""The danh sách trích ngang as plain data, shared by the Excel, Word and CSV writers.

One line per delegate who attends (absent ones are left out). As officials
print it (the default, ORDER_DELEGATION): grouped by delegation (unit, the
host first, then the units in their plan order), a heading line per
delegation with its count, the categories in protocol order inside each
(protocol_rank), a total per delegation and one overall; ORDER_NAME gives one
list in Vietnamese name order (given name first) instead. Guests and leaders
say so in Ghi chú, as rosters do in practice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import exportable, scrub
from thidua_desktop.errors import UserError
from thidua_desktop.export.state_format import _FORMULA_START as FORMULA_START  # safe_cell's
from thidua_desktop.export.state_format import Letterhead, Signature, letterhead_for_event
from thidua_desktop.fileio import atomic_output  # noqa: F401 - re-exported
from thidua_desktop.services import repository
from thidua_desktop.services.delegate_categories import categories_in_protocol_order
from thidua_desktop.services.roster_query import event_units, print_rows
from thidua_desktop.services.roster_service import CATEGORIES, STATUSES, seat_rows
from thidua_desktop.templates.model import rules_of_stored

TITLE = "DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"
ORDER_DELEGATION = "delegation"
ORDER_NAME = "name"
ORDERS = (ORDER_DELEGATION, ORDER_NAME)
_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
          ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
# Release 1's categories in protocol order: the order when a document is built
# without its plan's categories (the plan's come from categories_in_protocol_order).
_PROTOCOL = ("exemplary", "leader", "guest")


def protocol_rank(category_code: str, order: tuple[str, ...] = _PROTOCOL) -> int:
    """Where a delegate category stands in protocol order (unknown ones last)."""
    return order.index(category_code) if category_code in order else len(order)


def roman(number: int) -> str:
    """1 -> "I", 14 -> "XIV" (delegation headings are numbered this way)."""
    out = ""
    for letters, value in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def count_text(lines) -> str:
    """"91 đại biểu (58 nam, 33 nữ)"."""
    lines = list(lines)
    men = sum(1 for line in lines if line.sex == "Nam")
    women = sum(1 for line in lines if line.sex == "Nữ")
    return f"{len(lines)} đại biểu ({men} nam, {women} nữ)"


@dataclass(frozen=True)
class SeatLine:
    """One unit's seats at the event and the delegates it sent."""

    unit: str
    seats: int
    filled: int


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
    direct_worker: int = 0  # flags 0 or 1 (the CSV prints them so)
    status: str = ""
    presidium: int = 0
    speaker: int = 0
    provincial_awards: int = 0
    birth_date: str | None = None
    category_code: str = ""  # the plan's category (release 1's: the base kind)
    base: str = ""  # the base kind the quotas count (exemplary, guest, leader); '' = the code's
    # Set by roster_document: every text is printable as stored and none starts like a
    # formula (= + - @), so writers may take the values as they are.
    plain: bool = False

    @property
    def remark(self) -> str:
        """Ghi chú of the printed list: the category's label for those not exemplary
        ("Khách mời", "Thành viên Hội đồng Thi đua - Khen thưởng"), then the note,
        and the birth year when the sex is unknown (it has no column to go in)."""
        exemplary = (self.base or self.category_code) == "exemplary" or (
            not self.base and self.category == CATEGORIES["exemplary"])
        parts = [] if exemplary else [self.category]
        if self.sex is None and self.birth_year:
            parts.append(f"Năm sinh {self.birth_year}, chưa rõ giới tính")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


@dataclass(frozen=True)
class PrintRow:
    """One row of the printed table: a delegation heading, a delegate, a subtotal or the total."""

    kind: str  # "group" | "line" | "subtotal" | "total"
    text: str = ""
    number: int = 0
    line: RosterLine | None = None


@dataclass(frozen=True)
class RosterDocument:
    """Everything a roster document shows."""

    letterhead: Letterhead
    title_lines: list[str]
    lines: list[RosterLine]
    signature: Signature
    order: str = ORDER_DELEGATION
    unit_order: tuple[str, ...] = ()  # delegations in printing order (others follow by name)
    # The plan's category codes in protocol order (categories_in_protocol_order): each
    # delegation lists its lines in this order.
    category_order: tuple[str, ...] = _PROTOCOL
    # Seats the event gives each sending unit and how many it sent (the Excel roster's
    # "Chỉ tiêu" sheet); empty when the event shares no seats.
    seats: tuple[SeatLine, ...] = ()

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
        return f"Tổng cộng: {count_text(self.lines)}"

    def groups(self) -> list[tuple[str, list[RosterLine]]]:
        """(delegation, its lines in protocol order) in printing order."""
        by_unit: dict[str, list[RosterLine]] = {}
        for line in self.lines:
            by_unit.setdefault(line.unit, []).append(line)
        rank = {unit: i for i, unit in enumerate(self.unit_order)}
        units = sorted(by_unit, key=lambda u: (rank.get(u, len(rank)), u == "", u))
        # sorted() is stable: name order (the query's) stays inside each category.
        return [(u, sorted(by_unit[u], key=lambda ln: protocol_rank(ln.category_code, self.category_order)))
                for u in units]

    def print_rows(self) -> list[PrintRow]:
        """The table as printed: by delegation with headings and subtotals, or by name."""
        if self.order == ORDER_NAME:
            rows = [PrintRow("line", number=i, line=ln) for i, ln in enumerate(self.lines, start=1)]
            return rows + [PrintRow("total", self.total_text)]
        rows, number = [], 0
        for index, (unit, lines) in enumerate(self.groups(), start=1):
            name = f"ĐOÀN {unit.upper()}" if unit else "ĐẠI BIỂU KHÁC"
            rows.append(PrintRow("group", f"{roman(index)}. {name}: {len(lines)} đại biểu"))
            for line in lines:
                number += 1
                rows.append(PrintRow("line", number=number, line=line))
            rows.append(PrintRow("subtotal", f"Cộng: {count_text(lines)}"))
        return rows + [PrintRow("total", self.total_text)]


@dataclass(frozen=True)
class RosterLabels:
    """What a roster prints for the codes it stores, each label made printable once."""

    categories: dict  # category code (the plan's, release 1's) -> label
    bases: dict  # release 1's categories -> label: a code the plan does not name
    kinds: dict  # exemplary kind -> its name in the plan
    states: dict  # status -> label

    def line(self, row: tuple) -> RosterLine:
        """One row of roster_query.print_rows as a RosterLine, its texts as stored."""
        (unit, name, sex, year, ethnicity, position, workplace, category, achievement, note,
         kind, field, sector, direct, status, panel, speaker, awards, born, code) = row
        return RosterLine(
            unit, name, sex, year, ethnicity, position, workplace,
            self.categories.get(code) or self.bases.get(category, category), achievement, note,
            self.kinds.get(kind, kind), field, sector, 1 if direct else 0,
            self.states.get(status, status), 1 if panel else 0, 1 if speaker else 0, awards, born,
            code, category)


def event_labels(db: Database, event_id: int, plan_categories=None) -> RosterLabels:
    """The labels of the event's plan (`plan_categories`: its categories, when read already)."""
    rules = db.execute("SELECT p.rules FROM events e JOIN plans p ON p.id = e.plan_id WHERE e.id = ?",
                       [event_id]).fetchone()[0]
    if plan_categories is None:
        plan_categories = categories_in_protocol_order(db, event_id)
    return _labels(rules, tuple((c.code, c.label) for c in plan_categories))


@lru_cache(maxsize=8)
def _labels(rules: str | None, categories: tuple[tuple[str, str], ...]) -> RosterLabels:
    """RosterLabels from the plan's stored rules and its (code, label) pairs, read and made
    printable once for as long as they stay the same (parsing the rules took a tenth of a
    300-row CSV). Shared: callers only read them."""
    return RosterLabels(
        scrub({**CATEGORIES, **dict(categories)}), scrub(CATEGORIES),
        scrub(rules_of_stored(rules).exemplary_kinds), scrub(STATUSES))


def roster_document(db: Database, event_id: int, order: str = ORDER_DELEGATION) -> RosterDocument:
    """Read the event's roster, its heading and its signer from the database."""
    row = db.execute(
        "SELECT e.name, e.form, e.plan_id FROM events e WHERE e.id = ?", [event_id]).fetchone()
    name, form_code, plan_id = row
    rules = repository.plan_rules(db, plan_id)
    is_congress = rules.form_kinds.get(form_code) == "congress"
    body = "BAN TỔ CHỨC ĐẠI HỘI" if is_congress else "BAN TỔ CHỨC HỘI NGHỊ"
    plan_cats = categories_in_protocol_order(db, event_id)
    # Labels made printable once here; the lines' own texts are checked row by row below.
    line_of = event_labels(db, event_id, plan_cats).line
    lines = []
    for row in print_rows(db, event_id):
        line = line_of(row)
        # Every text of the line, each behind a separator, in one string: one scan says
        # whether scrub() would change any (scrub() walking 100,000 lines field by field
        # took seconds) and one whether a text starts like a spreadsheet formula.
        # Not text (None, a number; a blob of a hand-edited file) shows as printable and
        # is left as is, as scrub() leaves it.
        texts = (f"{_SEP}{line.unit}{_SEP}{line.name}{_SEP}{line.sex}{_SEP}{line.ethnicity}"
                 f"{_SEP}{line.position}{_SEP}{line.workplace}{_SEP}{line.category}"
                 f"{_SEP}{line.achievement}{_SEP}{line.note}{_SEP}{line.exemplary_kind}"
                 f"{_SEP}{line.field}{_SEP}{line.sector}{_SEP}{line.status}{_SEP}{line.birth_date}"
                 f"{_SEP}{line.category_code}{_SEP}{line.base}")
        if exportable(texts):
            line.plain = _FORMULA.search(texts) is None
            lines.append(line)
        else:  # rare: text stored before the text rules, or a long row; field by field
            lines.append(scrub(line))
    return RosterDocument(  # stored text made printable (domain/safe_text)
        letterhead=scrub(letterhead_for_event(db, event_id, issuer=body)),
        title_lines=scrub([TITLE, f"DỰ {name.replace(chr(10), ' ').upper()}"]),
        lines=lines, signature=scrub(Signature("TRƯỞNG BAN", role="TM. BAN TỔ CHỨC")), order=order,
        unit_order=scrub(tuple(name for _id, name in event_units(db, event_id))),
        category_order=scrub(tuple(c.code for c in plan_cats) or _PROTOCOL),
        seats=scrub(tuple(SeatLine(r.unit_name, r.seats, r.filled) for r in seat_rows(db, event_id)
                          if r.seats is not None)),
    )


# A printable character no roster holds, put before each text of a row checked at once.
_SEP = "\u241f"
_FORMULA = re.compile(_SEP + "[" + re.escape("".join(FORMULA_START)) + "]")


FORMATS = (".xlsx", ".docx", ".csv")
CSV_MACHINE = "machine"  # the contract: UTF-8 with BOM, commas (cli.md)
CSV_EXCEL = "excel"  # for double-clicking in Excel under Vietnamese settings: semicolons
CSV_VARIANTS = (CSV_MACHINE, CSV_EXCEL)


@dataclass(frozen=True)
class ExportChoice:
    """One line of the export dialog's file types: what the officer picks, what it writes."""

    label: str  # a Qt file filter: "Excel, theo đoàn (*.xlsx)"
    order: str
    csv_variant: str = CSV_MACHINE


def export_choices(suffix: str) -> list[ExportChoice]:
    """The file types the dialog offers for `suffix`, the usual one first."""
    if suffix == ".csv":
        return [ExportChoice("CSV mở bằng Excel, dấu chấm phẩy (*.csv)", ORDER_DELEGATION, CSV_EXCEL),
                ExportChoice("CSV cho chương trình khác, dấu phẩy (*.csv)", ORDER_DELEGATION, CSV_MACHINE)]
    kind = {".xlsx": "Excel", ".docx": "Word"}[suffix]
    return [ExportChoice(f"{kind}, theo đoàn và thứ tự nghi thức (*{suffix})", ORDER_DELEGATION),
            ExportChoice(f"{kind}, một danh sách theo tên (*{suffix})", ORDER_NAME)]


def write_roster(db: Database, event_id: int, path: str | Path, order: str = ORDER_DELEGATION,
                 csv_variant: str = CSV_MACHINE) -> int:
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
    try:
        if suffix == ".csv":  # straight from the query: none of the document's headings
            from thidua_desktop.export.roster_csv import write_event_csv

            return write_event_csv(db, event_id, path, csv_variant)
        doc = roster_document(db, event_id, order)
        if suffix == ".xlsx":
            from thidua_desktop.export.roster_xlsx import write_roster_xlsx

            write_roster_xlsx(doc, path)
        elif suffix == ".docx":
            from thidua_desktop.export.roster_docx import write_roster_docx

            write_roster_docx(doc, path)
    except PermissionError as exc:
        raise UserError(
            f"Không ghi được “{path}”: tệp đang mở trong chương trình khác hoặc thư mục không "
            "cho ghi. Hãy đóng tệp rồi thử lại."
        ) from exc
    return len(doc.lines)
