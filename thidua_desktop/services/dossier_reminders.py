"""What the reminders say: for each unit still owing items of a run, the letter's content.

Plain data for the exporters (export/reminder_*.py): who writes (the office
that receives the dossier, under the plan's organiser), to whom, which items
are missing or to be fixed with their deadlines, and the date to reply by.
Nothing about a district, an office or a year is fixed here: all of it comes
from the plan, its templates and the officer's choices.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.errors import ValidationError
from thidua_desktop.export.state_format import Letterhead, letterhead_for_plan
from thidua_desktop.services import dossier_service, dossier_templates, repository

SIGNER_SETTING = "dossiers.reminder_signer"
DEFAULT_REPLY_DAYS = 7
# The number is filled in by hand when the letter is registered: keep its blank visible.
NBSP = "\u00a0"


@dataclass(frozen=True)
class Signer:
    """Who signs the letters: role line (optional), title, name (may be blank)."""

    title: str = "TRƯỞNG PHÒNG"
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class MissingLine:
    """One item a unit still owes."""

    name: str
    delegate: str
    copies: int
    due: dt.date | None
    state: str  # missing | needs_fix
    note: str
    required: bool
    overdue: bool

    @property
    def label(self) -> str:
        """The item, with the delegate it concerns."""
        return f"{self.name}: {self.delegate}" if self.delegate else self.name

    @property
    def status_text(self) -> str:
        """Chưa nộp / Cần bổ sung: ..., with its marks in one bracket: "(đã quá hạn, không bắt buộc)"."""
        text = "Chưa nộp" if self.state == "missing" else "Cần bổ sung"
        if self.state == "needs_fix" and self.note:
            text += f": {self.note}"
        marks = [mark for mark, on in (("đã quá hạn", self.overdue), ("không bắt buộc", not self.required)) if on]
        if marks:
            text += f" ({', '.join(marks)})"
        return text

    @property
    def due_text(self) -> str:
        """dd/mm/yyyy or a dash."""
        return format_date(self.due) or "—"


@dataclass(frozen=True)
class ReminderLetter:
    """A letter to one unit."""

    unit_id: int
    unit_name: str  # "Xã Tân Hưng"
    addressee: str  # "UBND xã Tân Hưng"
    lines: tuple[MissingLine, ...]


@dataclass(frozen=True)
class ReminderSet:
    """Everything the reminder list and letters need."""

    run_name: str
    as_of: dt.date
    reply_by: dt.date
    letterhead: Letterhead
    office: str  # "Phòng Nội vụ": who receives the dossier and writes the letters
    organiser: str  # "UBND huyện Hớn Quản"
    subject: str  # "V/v đôn đốc nộp hồ sơ sau Hội nghị cấp xã"
    basis: str  # "Thực hiện Kế hoạch số ... về ...;"
    signer: Signer
    letters: tuple[ReminderLetter, ...] = field(default_factory=tuple)

    @property
    def line_count(self) -> int:
        """Items owed over all letters."""
        return sum(len(letter.lines) for letter in self.letters)


def office_of(submitted_to: str) -> str:
    """The office that writes: "UBND thị xã (qua Phòng Nội vụ)" -> "Phòng Nội vụ"."""
    text = (submitted_to or "").strip()
    match = re.search(r"\(qua ([^)]+)\)", text)
    if match:
        return match.group(1).strip()
    return re.sub(r"\s*\(.*\)\s*$", "", text).strip()


def initials(name: str) -> str:
    """"Phòng Nội vụ" -> "PNV" (the office's code in a letter number)."""
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()


def addressee(kind_name: str, level: str, name: str) -> str:
    """Whom a letter goes to: the People's Committee of a commune or district, else the unit."""
    if level in ("commune", "district", "province"):
        return f"UBND {kind_name.lower()} {name}"
    return f"{kind_name} {name}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def signer(db: Database) -> Signer:
    """The signer remembered in the database, or the default."""
    data = repository.get_setting(db, SIGNER_SETTING, {}) or {}
    return Signer(data.get("title") or Signer.title, data.get("name", ""), data.get("role", ""))


def remember_signer(db: Database, value: Signer) -> None:
    """Keep the signer for next time."""
    repository.set_setting(db, SIGNER_SETTING, {"title": value.title, "name": value.name, "role": value.role})


def build_reminders(db: Database, run_id: int, as_of: dt.date | None = None,
                    reply_by: dt.date | None = None, unit_ids: list[int] | None = None,
                    overdue_only: bool = False, who: Signer | None = None,
                    office: str | None = None) -> ReminderSet:
    """Letters for every unit of the run still owing items (or `unit_ids`)."""
    as_of = as_of or dt.date.today()
    reply_by = reply_by or as_of + dt.timedelta(days=DEFAULT_REPLY_DAYS)
    if reply_by < as_of:
        raise ValidationError("Hạn gửi lại phải từ ngày lập thư trở về sau.")
    run = dossier_service.run(db, run_id)
    plan = repository.plan(db, run.plan_id)
    tpl = dossier_templates.template(db, run.template_id)
    office = (office or office_of(tpl.submitted_to) or "Thường trực Hội đồng Thi đua - Khen thưởng").strip()
    lh = letterhead_for_plan(db, plan.id, issuer=office.upper(), date=as_of,
                             number=f"Số:{NBSP * 8}/{initials(office)}")
    units = {u.id: u for u in repository.units(db, plan.organiser_id)}
    org = repository.organiser(db)
    if org is not None:
        units[org.id] = org
    by_unit: dict[int, list[MissingLine]] = {}
    names: dict[int, str] = {}
    for item in dossier_service.items(db, run_id=run_id):
        if not item.outstanding or (unit_ids is not None and item.unit_id not in unit_ids):
            continue
        if overdue_only and not item.overdue(as_of):
            continue
        names[item.unit_id] = item.unit_name
        by_unit.setdefault(item.unit_id, []).append(MissingLine(
            item.item_name, item.delegate_name, item.copies, item.due, item.state, item.note,
            item.required, item.overdue(as_of)))
    letters = []
    for unit_id, lines in by_unit.items():
        unit = units.get(unit_id) or repository.unit(db, unit_id)
        letters.append(ReminderLetter(unit_id, names[unit_id], addressee(unit.kind_name, unit.level, unit.name),
                                      tuple(lines)))
    number = f"số {plan.number} " if plan.number and not plan.number.startswith("/") else ""
    issued = f"ngày {format_date(plan.issued_on)} " if plan.issued_on else ""
    basis = f"Thực hiện Kế hoạch {number}{issued}của {plan.issuer} về {_lower_first(plan.title)}"
    return ReminderSet(
        run_name=run.name, as_of=as_of, reply_by=reply_by, letterhead=lh, office=office,
        organiser=plan.issuer, subject=f"V/v đôn đốc nộp {_lower_first(run.name)}", basis=basis,
        signer=who or signer(db), letters=tuple(letters))


def letter_paragraphs(reminders: ReminderSet, letter: ReminderLetter) -> tuple[str, str, str]:
    """The letter's three paragraphs: basis and rule, what is missing (lead-in), the request."""
    dues = sorted({line.due for line in letter.lines if line.due})
    due_text = f" trước ngày {format_date(dues[0])}" if dues else ""
    first = (f"{reminders.basis}; theo đó, các đơn vị gửi {_lower_first(reminders.run_name)} về "
             f"{reminders.office}{due_text}.")
    second = (f"Đến ngày {format_date(reminders.as_of)}, {reminders.office} chưa nhận được đủ hồ sơ của "
              f"{letter.addressee}. Cụ thể các hồ sơ còn thiếu hoặc cần bổ sung như sau:")
    third = (f"Để kịp thời tổng hợp, báo cáo {reminders.organiser}, {reminders.office} đề nghị "
             f"{letter.addressee} khẩn trương hoàn thiện và gửi các hồ sơ nêu trên về {reminders.office} "
             f"trước ngày {format_date(reminders.reply_by)}./.")
    return first, second, third


@dataclass(frozen=True)
class LetterRow:
    """One row of a letter's table: an item, or one item for several delegates."""

    label: str
    copies: int
    due_text: str
    status_text: str


def letter_rows(letter: ReminderLetter) -> list[LetterRow]:
    """The letter's table: missing per-delegate items of one kind and due date share a row.

    A commune that sent nothing owes one achievement report per delegate; one
    row naming them all keeps the letter on one page, as the office writes it.
    """
    rows: list[LetterRow] = []
    groups: dict[tuple, list[MissingLine]] = {}
    order: list[tuple] = []
    for line in letter.lines:
        key = (line.name, line.due, line.required, line.overdue) if line.delegate and line.state == "missing" \
            else (id(line),)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(line)
    for key in order:
        lines = groups[key]
        first = lines[0]
        if len(lines) == 1:
            rows.append(LetterRow(first.label, first.copies, first.due_text, first.status_text))
            continue
        names = ", ".join(line.delegate for line in lines)
        rows.append(LetterRow(f"{first.name} ({len(lines):02d} đại biểu): {names}",
                              sum(line.copies for line in lines), first.due_text, first.status_text))
    return rows


def letter_file_stem(letter: ReminderLetter) -> str:
    """A file name for one unit's letter."""
    from thidua_desktop.services.attachments import safe_name

    return safe_name(f"Đôn đốc nộp hồ sơ - {letter.unit_name}")
