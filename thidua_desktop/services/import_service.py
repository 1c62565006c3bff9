"""Land a parsed roster file in the database: whole or not at all.

The parser (`thidua_desktop.importer`) reads a file into clean rows with
warnings and errors; this service decides which unit the file belongs to,
finds people already in the database (same folded name and birth year),
and stores the confirmed rows in one transaction. Nothing here asks the user:
the caller (the CLI or the preview dialog) passes the decisions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.errors import UserError
from thidua_desktop.importer import (
    CATEGORY_GUEST,
    CATEGORY_LEADER,
    ParsedPerson,
    ParsedRoster,
    parse_roster,
)
from thidua_desktop.importer.person_names import COLLECTIVE
from thidua_desktop.services import repository
from thidua_desktop.services.delegate_categories import categories_in_protocol_order, recognise
from thidua_desktop.services.roster_service import (
    DelegateData,
    PersonData,
    insert_many,
    next_id,
    person_keys_of,
    person_row,
    ready_delegate_row,
)
from thidua_desktop.templates.model import Category
from thidua_desktop.templates.model_categories import CATEGORY_BASES

# What the preview lets the officer choose for a row that matches someone known.
NEW, MERGE, SKIP = "new", "merge", "skip"
DIRECT_WORKER_WORDS = ("nông dân", "công nhân", "ngư dân", "xã viên", "thợ", "lao động")
_CATEGORY = {CATEGORY_GUEST: "guest", CATEGORY_LEADER: "leader"}


@dataclass
class RowPlan:
    """One parsed person and what will happen to them.

    The plan's own messages (a possible duplicate, what the rules will say) go
    to `notes`, never into the parsed person: planning again gives the same.
    """

    person: ParsedPerson
    match_id: int | None = None  # an existing person with the same folded name and year
    match_label: str = ""
    in_event: bool = False  # that person is already a delegate of this event
    action: str = NEW
    unit_id: int | None = None  # set by a section row naming a unit; None: the file's unit
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what the database refused in the rehearsal

    @property
    def messages(self) -> list[str]:
        """Errors first, then warnings: the parser's and the plan's."""
        p = self.person
        return [*p.errors, *self.errors, *p.warnings, *self.notes]

    @property
    def has_error(self) -> bool:
        """An error the row cannot land with."""
        return bool(self.person.errors or self.errors)

    @property
    def importable(self) -> bool:
        """No error on the row and not skipped."""
        return not self.has_error and self.action != SKIP


@dataclass
class ImportPlan:
    """A file ready to land: the unit, the rows, the file-level messages."""

    roster: ParsedRoster
    event_id: int
    unit_id: int | None
    unit_label: str
    rows: list[RowPlan]
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rule_findings: list[str] = field(default_factory=list)  # new findings the rehearsal saw
    rehearsed: bool = False
    # Filled by apply_import, so that the import can be undone.
    created_delegates: list[int] = field(default_factory=list)
    created_persons: list[int] = field(default_factory=list)
    delegate_rows: dict[int, RowPlan] = field(default_factory=dict)  # created delegate -> its row

    @property
    def can_land(self) -> bool:
        """True when the whole file can be stored (no error anywhere)."""
        return not self.errors and not any(r.has_error for r in self.rows)


@dataclass
class ImportResult:
    """What one file did: the contract's JSON row."""

    file: str
    imported: int
    warnings: list[str]
    errors: list[str]

    def to_json(self) -> dict:
        """`{"file", "imported", "warnings", "errors"}`."""
        return {"file": self.file, "imported": self.imported, "warnings": self.warnings,
                "errors": self.errors}


def remembered_mapping(db: Database, header_key: str) -> dict[str, int] | None:
    """The column mapping chosen last time for a file with this header."""
    row = db.execute("SELECT mapping FROM import_mappings WHERE header_key = ?", [header_key]).fetchone()
    return {k: int(v) for k, v in json.loads(row[0]).items()} if row else None


def remember_mapping(db: Database, header_key: str, mapping: dict[str, int]) -> None:
    """Keep the mapping for the next file with the same header."""
    db.execute(
        "INSERT INTO import_mappings(header_key, mapping, used_at) VALUES (?, ?, datetime('now')) "
        "ON CONFLICT(header_key) DO UPDATE SET mapping = excluded.mapping, used_at = excluded.used_at",
        [header_key, json.dumps(mapping)],
    )


def read_file(db: Database, path: str | Path, progress=None, cancel=None,
              mapping: dict[str, int] | None = None, sheet: str | None = None) -> ParsedRoster:
    """Parse a file with `mapping` if given, else the one remembered for its header or shape.

    A sheet without a header is read too (columns guessed from their content);
    `roster.mapping_source` says where the mapping came from.
    """
    roster = parse_roster(path, mapping=mapping, progress=progress, cancel=cancel, sheet=sheet,
                          headless_ok=True)
    if mapping is not None:
        roster.mapping_source = "given"
        return roster
    remembered = remembered_mapping(db, roster.header_key)
    if remembered and remembered != roster.mapping:
        roster = parse_roster(path, mapping=remembered, progress=progress, cancel=cancel,
                              sheet=roster.sheet, headless_ok=True)
    if remembered:
        roster.mapping_source = "remembered"
    return roster


def find_unit(db: Database, plan_id: int, hint: str | None) -> tuple[int, str] | None:
    """The organiser's subordinate unit named `hint` ("Tân Lợi", "xã Tân Lợi"), if any."""
    if not hint:
        return None
    plan = repository.plan(db, plan_id)
    wanted = fold(hint)
    for unit in repository.units(db, plan.organiser_id):
        if wanted in (fold(unit.name), fold(unit.display_name)):
            return unit.id, unit.display_name
    return None


def plan_import(db: Database, event_id: int, roster: ParsedRoster, unit_name: str | None = None) -> ImportPlan:
    """Work out the unit and the matches of every row; write nothing, change nothing parsed."""
    event = repository.event(db, event_id)
    warnings = list(roster.warnings)
    errors: list[str] = []
    found = find_unit(db, event.plan_id, unit_name) if unit_name else None
    if unit_name and found is None:
        errors.append(f"Không có đơn vị “{unit_name}” trong danh sách đơn vị trực thuộc.")
    sections = _section_units(db, event.plan_id, roster.people)
    if found is None and not unit_name:
        found = find_unit(db, event.plan_id, roster.unit_hint)
        if found is None:
            if event.level in ("commune",) or not roster.unit_hint:
                found = (event.unit_id, event.unit_name)
                if roster.unit_hint:
                    warnings.append(
                        f"Tiêu đề tệp ghi đơn vị “{roster.unit_hint}” không có trong danh sách; "
                        f"các dòng được gán cho {event.unit_name}.")
                elif not all(sections.get(p.unit_hint) for p in roster.people):
                    warnings.append(
                        f"Tệp không ghi đơn vị gửi (không chọn đơn vị, tiêu đề không ghi): các dòng "
                        f"được gán cho {event.unit_name}, đơn vị tổ chức. Nếu sai, hãy chọn đơn vị gửi.")
            else:
                errors.append(
                    f"Không xác định được đơn vị của tệp (tiêu đề ghi “{roster.unit_hint}”). "
                    "Hãy chọn đơn vị (--unit).")
    elif found and roster.unit_hint and found != find_unit(db, event.plan_id, roster.unit_hint):
        warnings.append(f"Tiêu đề tệp ghi “{roster.unit_hint}” nhưng đã chọn {found[1]}.")
    unknown = sorted({p.unit_hint for p in roster.people if p.unit_hint and not sections[p.unit_hint]})
    for hint in unknown:
        warnings.append(f"Mục “{hint}” trong tệp không có trong danh sách đơn vị; các dòng dưới mục "
                        "này được gán cho đơn vị của tệp.")
    if roster.headless and roster.mapping_source == "guessed":
        warnings.append("Cột được đoán theo nội dung vì tệp không có dòng tiêu đề.")
    known = _known_people(db, event_id, roster.people)
    rows = [_row_plan(person, known) for person in roster.people]
    for row in rows:
        unit = sections.get(row.person.unit_hint)
        row.unit_id = unit[0] if unit else None
    if not rows:
        errors.append("Tệp không có dòng đại biểu nào.")
    unit_id, label = found if found else (None, "")
    return ImportPlan(roster, event_id, unit_id, label, rows, warnings, errors)


def _section_units(db: Database, plan_id: int, people: list[ParsedPerson]) -> dict:
    """Each unit named by a section row ("I. XÃ TÂN LỢI") -> (id, label), or None if unknown."""
    return {hint: find_unit(db, plan_id, hint) for hint in {p.unit_hint for p in people if p.unit_hint}}


def _known_people(db: Database, event_id: int, people: list[ParsedPerson]) -> dict:
    """People already in the database with the folded names of `people`, in one query.

    Returns {(name_key, birth_year): (id, full_name, birth_year, workplace, in_event)},
    the oldest record for each key.
    """
    keys = sorted({fold(p.name) for p in people if p.name})
    known: dict = {}
    for start in range(0, len(keys), 500):  # stay under SQLite's variable limit
        chunk = keys[start:start + 500]
        for row in db.execute(
            "SELECT p.name_key, p.birth_year, p.id, p.full_name, p.birth_year, p.workplace, "
            "EXISTS(SELECT 1 FROM delegates d WHERE d.person_id = p.id AND d.event_id = ?) "
            f"FROM persons p WHERE p.name_key IN ({','.join('?' * len(chunk))}) ORDER BY p.id",
            [event_id, *chunk],
        ):
            known.setdefault((row[0], row[1]), row[2:])
    return known


def _row_plan(person: ParsedPerson, known: dict) -> RowPlan:
    row = RowPlan(person)
    if not person.name or person.kind == COLLECTIVE:
        return row
    match = known.get((fold(person.name), person.birth_year))
    if match:
        row.match_id, row.in_event = match[0], bool(match[4])
        row.match_label = f"{match[1]} ({match[2] or '?'}, {match[3] or 'chưa rõ nơi công tác'})"
        row.action = SKIP if row.in_event else MERGE
        note = "đã có trong danh sách sự kiện này, sẽ bỏ qua" if row.in_event else "sẽ dùng hồ sơ đã có"
        row.notes.append(f"Có thể trùng với {row.match_label}: {note}.")
    return row


def apply_import(db: Database, plan: ImportPlan, source_name: str = "") -> int:
    """Store every importable row in ONE transaction; return how many delegates were added.

    A plan with an error anywhere lands nothing (UserError); a row the database
    refuses rolls the whole file back, with a sentence naming the row.
    """
    if not plan.can_land:
        raise UserError("Tệp còn lỗi nên chưa nhập dòng nào; hãy sửa các dòng lỗi rồi nhập lại.")
    plan.created_delegates, plan.created_persons, plan.delegate_rows = [], [], {}
    categories = plan_words_categories(db, plan.event_id)
    with db.atomic():
        added = _land_rows(db, plan, source_name, categories)
        remember_mapping(db, plan.roster.header_key, plan.roster.mapping)
    return added


class RowRefused(UserError):
    """The database refused a row: the file lands nothing."""

    def __init__(self, row: RowPlan, exc: Exception):
        self.row = row
        reason = exc.message if isinstance(exc, UserError) else "cơ sở dữ liệu không nhận dữ liệu này"
        self.reason = reason
        super().__init__(f"{_row_prefix(row.person)}: {reason}")


def plan_words_categories(db: Database, event_id: int) -> list[Category]:
    """The event's plan categories an import recognises by their words: the plan's own ones
    (release 1's three stay recognised by the parser, as before)."""
    return [c for c in categories_in_protocol_order(db, event_id) if c.code not in CATEGORY_BASES]


def row_category(categories: list[Category], p) -> tuple[str, str]:
    """(base kind, plan category code) of a parsed row: a plan category named in its Ghi chú
    or Chức vụ wins ("Thành viên Hội đồng Thi đua - Khen thưởng"); else the parser's."""
    for text in (p.note, p.position):
        found = recognise(categories, text)
        if found is not None:
            return found.base, found.code
    return _CATEGORY.get(p.category, "exemplary"), ""


def _land_rows(db: Database, plan: ImportPlan, source_name: str, categories: list[Category]) -> int:
    """Every importable row checked and cleaned in file order, then landed in one batch.

    Each row goes through the roster service's own checks (person_row,
    ready_delegate_row: same sentences), numbered with the ids one-by-one
    inserts would give; then one executemany per table. If the database
    refuses the batch, it is undone and landed row by row to name the row.
    """
    rows = [row for row in plan.rows if row.importable]
    merged = {row.match_id for row in rows if row.action == MERGE and row.match_id}
    taken = _delegates_among(db, plan.event_id, merged)  # already at the event: skipped
    merged_keys = person_keys_of(db, merged - taken)
    next_person, next_delegate = next_id(db, "persons"), next_id(db, "delegates")
    source = source_name or plan.roster.path.name
    known_codes: dict[str, bool] = {}
    landing: list[tuple[RowPlan, dict | None, dict]] = []  # (row, new person or None, delegate)
    for row in rows:
        p = row.person
        unit_id = row.unit_id or plan.unit_id
        try:
            if row.action == MERGE and row.match_id:
                person, person_id, keys = None, row.match_id, merged_keys.get(row.match_id, {})
                if person_id in taken:
                    continue
            else:
                person = person_row(PersonData(
                    full_name=p.name, sex=p.sex, birth_year=p.birth_year,
                    birth_date=p.birth_date.isoformat() if p.birth_date else None,
                    ethnicity=p.ethnicity, position=p.position, workplace=p.workplace,
                    unit_id=unit_id,
                ))
                person_id, next_person = next_person, next_person + 1
                person = {"id": person_id, **person}
                keys = person
            category, code = row_category(categories, p)
            delegate = ready_delegate_row(db, plan.event_id, person_id, DelegateData(
                category=category, category_code=code, achievement=p.achievement, note=p.note,
                collective=p.collective if p.kind == COLLECTIVE else "",
                direct_worker=category == "exemplary" and _is_direct_worker(p.position),
                unit_id=unit_id, source_file=source,
            ), keys, known_codes)
        except UserError as exc:
            raise RowRefused(row, exc) from exc
        taken.add(person_id)
        delegate = {"id": next_delegate, **delegate}
        next_delegate += 1
        landing.append((row, person, delegate))
    _insert_batch(db, landing)
    for row, person, delegate in landing:
        if person is not None:
            plan.created_persons.append(person["id"])
        plan.created_delegates.append(delegate["id"])
        plan.delegate_rows[delegate["id"]] = row
    return len(landing)


def _insert_batch(db: Database, landing: list[tuple[RowPlan, dict | None, dict]]) -> None:
    """The persons, then the delegates, one executemany each; a refusal names its row."""
    try:
        with db.atomic():
            insert_many(db, "persons", [person for _row, person, _d in landing if person is not None])
            insert_many(db, "delegates", [delegate for _row, _p, delegate in landing])
        return
    except sqlite3.DatabaseError:
        if not db.conn.in_transaction:
            raise  # the error ended the transaction (a full disk): one by one would not be atomic
        # executemany does not say which row: land them one by one to find it
    for row, person, delegate in landing:
        try:
            if person is not None:
                insert_many(db, "persons", [person])
            insert_many(db, "delegates", [delegate])
        except sqlite3.DatabaseError as exc:
            raise RowRefused(row, exc) from exc


def _delegates_among(db: Database, event_id: int, person_ids: set[int]) -> set[int]:
    """Those of `person_ids` who are delegates of the event already."""
    found: set[int] = set()
    ids = sorted(person_ids)
    for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
        chunk = ids[start:start + 500]
        found.update(r[0] for r in db.execute(
            f"SELECT person_id FROM delegates WHERE event_id = ? AND person_id IN "
            f"({','.join('?' * len(chunk))})", [event_id, *chunk]))
    return found


def undo_import(db: Database, plan: ImportPlan) -> None:
    """Remove what `apply_import` added (its delegates, and the persons it created)."""
    with db.atomic():
        for delegate_id in plan.created_delegates:
            db.execute("DELETE FROM delegates WHERE id = ?", [delegate_id])
        for person_id in plan.created_persons:
            db.execute(
                "DELETE FROM persons WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM delegates WHERE person_id = ?)", [person_id, person_id])


def _is_direct_worker(position: str) -> bool:
    text = position.casefold()
    return any(word in text for word in DIRECT_WORKER_WORDS)


def result_of(plan: ImportPlan, imported: int) -> ImportResult:
    """The JSON row of a file: row messages are prefixed with their sheet row."""
    warnings = list(plan.warnings)
    errors = list(plan.errors)
    for row in plan.rows:
        prefix = _row_prefix(row.person)
        warnings += [f"{prefix}: {w}" for w in (*row.person.warnings, *row.notes)]
        errors += [f"{prefix}: {e}" for e in (*row.person.errors, *row.errors)]
    warnings += [f"Sau khi nhập: {f}" for f in plan.rule_findings]
    return ImportResult(str(plan.roster.path), imported, warnings, errors)


def _row_prefix(person: ParsedPerson) -> str:
    prefix = f"Dòng {person.row_number}"
    return f"{prefix} ({person.name})" if person.name else prefix
