"""Land a parsed roster file in the database: whole or not at all.

The parser (`thidua_desktop.importer`) reads a file into clean rows with
warnings and errors; this service decides which unit the file belongs to,
finds people already in the database (same folded name and birth year),
and stores the confirmed rows in one transaction. Nothing here asks the user:
the caller (the CLI or the preview dialog) passes the decisions.
"""

from __future__ import annotations

import json
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
from thidua_desktop.services import repository
from thidua_desktop.services.roster_service import (
    DelegateData,
    PersonData,
    add_delegate,
    add_person,
)

# What the preview lets the officer choose for a row that matches someone known.
NEW, MERGE, SKIP = "new", "merge", "skip"
DIRECT_WORKER_WORDS = ("nông dân", "công nhân", "ngư dân", "xã viên", "thợ", "lao động")
_CATEGORY = {CATEGORY_GUEST: "guest", CATEGORY_LEADER: "leader"}


@dataclass
class RowPlan:
    """One parsed person and what will happen to them."""

    person: ParsedPerson
    match_id: int | None = None  # an existing person with the same folded name and year
    match_label: str = ""
    in_event: bool = False  # that person is already a delegate of this event
    action: str = NEW

    @property
    def importable(self) -> bool:
        """No error on the row and not skipped."""
        return not self.person.errors and self.action != SKIP


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
    # Filled by apply_import, so that the import can be undone.
    created_delegates: list[int] = field(default_factory=list)
    created_persons: list[int] = field(default_factory=list)

    @property
    def can_land(self) -> bool:
        """True when the whole file can be stored (no error anywhere)."""
        return not self.errors and not any(r.person.errors for r in self.rows)


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


def read_file(db: Database, path: str | Path, progress=None, cancel=None) -> ParsedRoster:
    """Parse a file, reusing the mapping remembered for its header when there is one."""
    roster = parse_roster(path, progress=progress, cancel=cancel)
    mapping = remembered_mapping(db, roster.header_key)
    if mapping and mapping != roster.mapping:
        roster = parse_roster(path, mapping=mapping, progress=progress, cancel=cancel)
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
    """Work out the unit and the matches of every row; write nothing."""
    event = repository.event(db, event_id)
    warnings = list(roster.warnings)
    errors: list[str] = []
    found = find_unit(db, event.plan_id, unit_name) if unit_name else None
    if unit_name and found is None:
        errors.append(f"Không có đơn vị “{unit_name}” trong danh sách đơn vị trực thuộc.")
    if found is None and not unit_name:
        found = find_unit(db, event.plan_id, roster.unit_hint)
        if found is None:
            if event.level in ("commune",) or not roster.unit_hint:
                found = (event.unit_id, event.unit_name)
                if roster.unit_hint:
                    warnings.append(
                        f"Tiêu đề tệp ghi đơn vị “{roster.unit_hint}” không có trong danh sách; "
                        f"các dòng được gán cho {event.unit_name}.")
            else:
                errors.append(
                    f"Không xác định được đơn vị của tệp (tiêu đề ghi “{roster.unit_hint}”). "
                    "Hãy chọn đơn vị (--unit).")
    elif found and roster.unit_hint and found != find_unit(db, event.plan_id, roster.unit_hint):
        warnings.append(f"Tiêu đề tệp ghi “{roster.unit_hint}” nhưng đã chọn {found[1]}.")
    known = _known_people(db, event_id, roster.people)
    rows = [_row_plan(person, known) for person in roster.people]
    if not rows:
        errors.append("Tệp không có dòng đại biểu nào.")
    unit_id, label = found if found else (None, "")
    return ImportPlan(roster, event_id, unit_id, label, rows, warnings, errors)


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
    if not person.name:
        return row
    match = known.get((fold(person.name), person.birth_year))
    if match:
        row.match_id, row.in_event = match[0], bool(match[4])
        row.match_label = f"{match[1]} ({match[2] or '?'}, {match[3] or 'chưa rõ nơi công tác'})"
        row.action = SKIP if row.in_event else MERGE
        note = "đã có trong danh sách sự kiện này, sẽ bỏ qua" if row.in_event else "sẽ dùng hồ sơ đã có"
        person.warnings.append(f"Có thể trùng với {row.match_label}: {note}.")
    return row


def apply_import(db: Database, plan: ImportPlan, source_name: str = "") -> int:
    """Store every importable row in ONE transaction; return how many delegates were added.

    A plan with an error anywhere lands nothing (UserError).
    """
    if not plan.can_land:
        raise UserError("Tệp còn lỗi nên chưa nhập dòng nào; hãy sửa các dòng lỗi rồi nhập lại.")
    added = 0
    plan.created_delegates, plan.created_persons = [], []
    with db.atomic():
        for row in plan.rows:
            if not row.importable:
                continue
            p = row.person
            if row.action == MERGE and row.match_id:
                person_id = row.match_id
                if db.execute("SELECT 1 FROM delegates WHERE event_id = ? AND person_id = ?",
                              [plan.event_id, person_id]).fetchone():
                    continue
            else:
                person_id = add_person(db, PersonData(
                    full_name=p.name, sex=p.sex, birth_year=p.birth_year,
                    birth_date=p.birth_date.isoformat() if p.birth_date else None,
                    ethnicity=p.ethnicity, position=p.position, workplace=p.workplace,
                    unit_id=plan.unit_id,
                ))
                plan.created_persons.append(person_id)
            category = _CATEGORY.get(p.category, "exemplary")
            plan.created_delegates.append(add_delegate(db, plan.event_id, person_id, DelegateData(
                category=category, achievement=p.achievement, note=p.note,
                direct_worker=category == "exemplary" and _is_direct_worker(p.position),
                unit_id=plan.unit_id, source_file=source_name or plan.roster.path.name,
            ), new_person=row.action != MERGE or not row.match_id))
            added += 1
        remember_mapping(db, plan.roster.header_key, plan.roster.mapping)
    return added


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
        prefix = f"Dòng {row.person.row_number}"
        if row.person.name:
            prefix += f" ({row.person.name})"
        warnings += [f"{prefix}: {w}" for w in row.person.warnings]
        errors += [f"{prefix}: {e}" for e in row.person.errors]
    return ImportResult(str(plan.roster.path), imported, warnings, errors)
