"""Persons and their delegate entries: create, edit, delete (undoably), promote upward, seats."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.domain.names import (
    DELEGATE_SORT_KEYS,
    PERSON_SORT_KEYS,
    clean_text,
    fold,
    sort_key,
    text_key,
)
from thidua_desktop.domain.safe_text import DEFAULT_MAX, FIELD_MAX, length_problem
from thidua_desktop.domain.unit_names import written_sql
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import event_day

CATEGORIES = {"exemplary": "Điển hình tiên tiến", "guest": "Khách mời", "leader": "Lãnh đạo"}
STATUSES = {
    "nominated": "Đề cử", "selected": "Được chọn", "confirmed": "Xác nhận dự", "absent": "Vắng",
}


@dataclass
class PersonData:
    """What is known of a person (plain input for add_person)."""

    full_name: str
    sex: str | None = None
    birth_year: int | None = None
    birth_date: str | None = None
    ethnicity: str = ""
    religion: str = ""
    position: str = ""
    workplace: str = ""
    education: str = ""
    party_member: bool = False
    phone: str = ""
    unit_id: int | None = None


@dataclass
class DelegateData:
    """A person's place at one event (plain input for add_delegate)."""

    category: str = "exemplary"
    category_code: str = ""  # the plan's category ('' = the base kind's own)
    exemplary_kind: str = ""
    collective: str = ""
    field: str = ""
    sector: str = ""
    direct_worker: bool = False
    achievement: str = ""
    awards: str = ""
    provincial_awards: int = 0
    status: str = "nominated"
    presidium: bool = False
    speaker: bool = False
    award_at_event: str = ""
    protocol_rank: int = 0
    note: str = ""
    source_file: str = ""
    unit_id: int | None = None


_DERIVED = frozenset({"name_key", "sort_key", "source_file", *PERSON_SORT_KEYS.values(),
                      *DELEGATE_SORT_KEYS.values()})  # made by the app, not typed
# The person's columns a delegate row copies under the same names (migrations 0013, 0024 and
# 0028: the name and text keys, the sex and birth year the roster sorts by).
COPIED_KEYS = ("sort_key", *PERSON_SORT_KEYS.values(), "sex", "birth_year")


def with_sort_keys(row: dict, keys: dict[str, str]) -> dict:
    """`row` with the stored key of each of its text columns named in `keys`."""
    for column, key in keys.items():
        if column in row:
            row[key] = text_key(row[column])
    return row


def _checked_lengths(row: dict) -> dict:
    """The row unchanged when every text fits its field (domain/safe_text); else ValidationError."""
    for field, value in row.items():
        # the field's own limit read here: length_problem (one call per text) only for a long
        # one, as an import checks 70,000 texts
        if type(value) is str and len(value) > FIELD_MAX.get(field, DEFAULT_MAX) \
                and field not in _DERIVED:
            raise ValidationError(length_problem(field, value, FIELD_LABELS.get(field)))
    return row


@functools.lru_cache(maxsize=8192)
def _clean_str(text: str) -> str:
    return clean_text(text)


def _clean(value) -> str:
    """clean_text, remembered per distinct text: a 5,000-row import repeats its places and notes."""
    return _clean_str(value) if type(value) is str else clean_text(value)


def person_row(person: PersonData) -> dict:
    """Validate and normalise a person into a `persons` row."""
    name = _clean(person.full_name)
    if not name:
        raise ValidationError("Họ và tên không được để trống.")
    if person.sex not in (None, "Nam", "Nữ"):
        raise ValidationError(f"Giới tính “{person.sex}” không hợp lệ: chỉ nhận Nam hoặc Nữ.")
    if person.birth_year is not None and not 1900 <= int(person.birth_year) <= 2100:
        raise ValidationError(f"Năm sinh {person.birth_year} của “{name}” không hợp lệ.")
    return with_sort_keys(_checked_lengths({
        "full_name": name, "name_key": fold(name), "sort_key": sort_key(name),
        "sex": person.sex, "birth_year": person.birth_year, "birth_date": person.birth_date,
        "ethnicity": _clean(person.ethnicity), "religion": _clean(person.religion),
        "position": _clean(person.position), "workplace": _clean(person.workplace),
        "education": _clean(person.education), "party_member": int(bool(person.party_member)),
        "phone": _clean(person.phone), "unit_id": person.unit_id,
    }), PERSON_SORT_KEYS)


def _insert(db: Database, table: str, row: dict) -> int:
    """INSERT one row with a plain prepared statement; return its id.

    sqlite-utils' Table.insert introspects the table and converts every value
    on each call; for rows already validated here a prepared INSERT is about
    three times faster, which is what a 5,000-row import spends its time on.
    """
    columns = tuple(row)
    sql = _INSERT_SQL.get((table, columns))
    if sql is None:
        sql = _INSERT_SQL[(table, columns)] = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
    return db.execute(sql, list(row.values())).lastrowid


_INSERT_SQL: dict[tuple, str] = {}


def insert_many(db: Database, table: str, rows: list[dict]) -> None:
    """INSERT validated rows with one `executemany` per run of rows with the same columns.

    For a batch that chose its own ids (`next_id`): executemany gives no
    lastrowid per row. An import of 5,000 rows spends a quarter less landing
    them this way than with one execute per row.
    """
    start = 0
    while start < len(rows):
        columns = tuple(rows[start])
        end = start + 1
        while end < len(rows) and tuple(rows[end]) == columns:
            end += 1
        sql = _INSERT_SQL.get((table, columns))
        if sql is None:
            sql = _INSERT_SQL[(table, columns)] = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            )
        db.conn.executemany(sql, [tuple(row.values()) for row in rows[start:end]])
        start = end


def next_id(db: Database, table: str) -> int:
    """The id SQLite gives the next row of `persons` or `delegates`: one past the largest.

    Their ids are INTEGER PRIMARY KEY without AUTOINCREMENT, so a batch that
    numbers its rows from here inside its transaction gets the ids that
    inserting them one by one would have given.
    """
    return (db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1


def add_person(db: Database, person: PersonData) -> int:
    """Insert a person; return its id."""
    return add_person_keyed(db, person)[0]


def add_person_keyed(db: Database, person: PersonData) -> tuple[int, dict[str, Any]]:
    """Insert a person; return its id and what its delegate rows copy (COPIED_KEYS: for
    add_delegate's `person_keys`)."""
    row = person_row(person)
    return _insert(db, "persons", row), {c: row[c] for c in COPIED_KEYS if c in row}


def delegate_row(event_id: int, person_id: int, data: DelegateData) -> dict:
    """Validate and normalise a delegate entry into a `delegates` row."""
    if data.category not in CATEGORIES:
        raise ValidationError(f"Thành phần “{data.category}” không hợp lệ.")
    if data.status not in STATUSES:
        raise ValidationError(f"Trạng thái “{data.status}” không hợp lệ.")
    return with_sort_keys(_checked_lengths({
        "event_id": event_id, "person_id": person_id, "unit_id": data.unit_id,
        "category": data.category, "category_code": data.category_code,
        "exemplary_kind": data.exemplary_kind,
        "collective": _clean(data.collective), "field": data.field, "sector": data.sector,
        "direct_worker": int(bool(data.direct_worker)), "achievement": _clean(data.achievement),
        "awards": _clean(data.awards), "provincial_awards": int(data.provincial_awards),
        "status": data.status, "presidium": int(bool(data.presidium)),
        "speaker": int(bool(data.speaker)), "award_at_event": _clean(data.award_at_event),
        "protocol_rank": data.protocol_rank, "note": _clean(data.note),
        "source_file": data.source_file,
    }), DELEGATE_SORT_KEYS)


def add_delegate(db: Database, event_id: int, person_id: int, data: DelegateData,
                 *, new_person: bool = False, person_keys: dict[str, Any] | None = None) -> int:
    """Insert a delegate entry; return its id.

    `new_person`: the person was created in this transaction, so cannot be a
    delegate of the event yet (an import skips 5,000 look-ups). `person_keys`: the
    person's COPIED_KEYS when the caller has them (add_person_keyed), else read here.
    """
    exists = not new_person and db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND person_id = ?", [event_id, person_id]
    ).fetchone()
    if exists:
        raise ValidationError("Người này đã có trong danh sách đại biểu của sự kiện.")
    return _insert(db, "delegates", ready_delegate_row(db, event_id, person_id, data, person_keys))


def ready_delegate_row(db: Database, event_id: int, person_id: int, data: DelegateData,
                       person_keys: dict[str, Any] | None = None,
                       known_codes: dict[str, bool] | None = None) -> dict:
    """`delegate_row` with its plan category checked and its person's keys in: ready to insert.

    `known_codes` remembers which category codes the event's plan has (a batch
    of rows asks once per code).
    """
    code = data.category_code
    if code:
        known = known_codes.get(code) if known_codes is not None else None
        if known is None:
            known = db.execute(
                "SELECT 1 FROM events e JOIN delegate_categories c ON c.plan_id = e.plan_id "
                "WHERE e.id = ? AND c.code = ?", [event_id, code]).fetchone() is not None
            if known_codes is not None:
                known_codes[code] = known
        if not known:
            raise ValidationError(f"Thành phần “{code}” không có trong kế hoạch của sự kiện.")
    row = delegate_row(event_id, person_id, data)
    # The person's keys, sex and birth year given at once: the copying triggers of migrations
    # 0013, 0024 and 0028 then skip their UPDATE (a quarter of what the roster's indexes add
    # to a 5,000-row import). A wrong copy costs only that UPDATE: each trigger compares.
    keys = person_keys if person_keys is not None else person_keys_of(db, [person_id]).get(person_id, {})
    row.update((c, keys[c]) for c in COPIED_KEYS if c in keys)
    return row


def person_keys_of(db: Database, person_ids) -> dict[int, dict[str, Any]]:
    """What a delegate row copies (COPIED_KEYS) of each existing person among `person_ids`."""
    out: dict[int, dict[str, Any]] = {}
    for part in _chunks(sorted(set(person_ids))):
        out.update((row[0], dict(zip(COPIED_KEYS, row[1:], strict=True))) for row in db.execute(
            f"SELECT id, {', '.join(COPIED_KEYS)} FROM persons "
            f"WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def promote(db: Database, delegate_ids: list[int], upper_event_id: int) -> list[int]:
    """Send delegates of a lower event to the upper event; they keep their history.

    Returns the new delegate ids. A delegate already promoted is skipped.
    """
    created = []
    with db.atomic():
        for delegate_id in delegate_ids:
            row = db.execute("SELECT * FROM delegates WHERE id = ?", [delegate_id]).fetchone()
            if row is None:
                raise ValidationError(f"Không có đại biểu số {delegate_id}.")
            cols = [d[0] for d in db.execute("SELECT * FROM delegates LIMIT 0").description]
            old = dict(zip(cols, row, strict=True))
            if old["promoted_to_id"]:
                continue
            existing = db.execute(
                "SELECT id FROM delegates WHERE event_id = ? AND person_id = ?",
                [upper_event_id, old["person_id"]],
            ).fetchone()
            if existing:
                new_id = existing[0]
            else:
                new = {k: v for k, v in old.items() if k not in ("id", "promoted_to_id")}
                new.update(
                    event_id=upper_event_id, status="nominated", presidium=0, speaker=0,
                    award_at_event="", protocol_rank=0, source_file="",
                )
                new_id = db["delegates"].insert(new).last_pk
                created.append(new_id)
            db.execute("UPDATE delegates SET promoted_to_id = ? WHERE id = ?", [new_id, delegate_id])
    return created


# --- editing -----------------------------------------------------------------

PERSON_FIELDS = (
    "full_name", "sex", "birth_year", "birth_date", "ethnicity", "religion", "position",
    "workplace", "education", "party_member", "phone",
)
DELEGATE_FIELDS = (
    "unit_id", "category", "category_code", "exemplary_kind", "collective", "field", "sector",
    "direct_worker",
    "achievement", "awards", "provincial_awards", "status", "presidium", "speaker",
    "award_at_event", "protocol_rank", "note",
)
FIELD_LABELS = {
    "full_name": "Họ và tên", "sex": "Giới tính", "birth_year": "Năm sinh",
    "birth_date": "Ngày sinh", "ethnicity": "Dân tộc", "religion": "Tôn giáo",
    "position": "Chức vụ", "workplace": "Đơn vị công tác", "education": "Trình độ",
    "party_member": "Đảng viên", "phone": "Điện thoại", "unit_id": "Đơn vị cử",
    "category": "Loại thành phần", "category_code": "Thành phần",
    "exemplary_kind": "Loại điển hình", "collective": "Đại diện tập thể",
    "field": "Lĩnh vực", "sector": "Thành phần kinh tế", "direct_worker": "Trực tiếp sản xuất",
    "achievement": "Thành tích", "awards": "Khen thưởng",
    "provincial_awards": "Số lần Chủ tịch UBND tỉnh khen", "status": "Trạng thái",
    "presidium": "Đoàn Chủ tịch / Chủ tọa", "speaker": "Tham luận",
    "award_at_event": "Khen thưởng tại sự kiện", "protocol_rank": "Thứ tự giới thiệu",
    "note": "Ghi chú",
}
_BOOL_FIELDS = {"party_member", "direct_worker", "presidium", "speaker"}
_INT_FIELDS = {"provincial_awards", "protocol_rank"}
_PHONE = re.compile(r"^[0-9 +().-]*$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _as_bool(value: Any) -> int:
    if isinstance(value, str):
        return int(fold(value) in ("1", "co", "x", "true", "yes", "dung"))
    return int(bool(value))


def parse_birth_date(text: Any) -> str | None:
    """dd/mm/yyyy (or ISO) to ISO text; None when blank; a Vietnamese error otherwise."""
    text = clean_text(str(text)) if text not in (None, "") else ""
    if not text:
        return None
    match = _DATE_DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise ValidationError(
            f"Ngày sinh “{text}” không hợp lệ; viết dạng ngày/tháng/năm, ví dụ 05/09/1978."
        ) from exc


def normalise_value(field: str, value: Any) -> Any:
    """One field's value checked and normalised as stored; ValidationError says what is wrong."""
    label = FIELD_LABELS.get(field, field)
    if field not in PERSON_FIELDS and field not in DELEGATE_FIELDS:
        raise ValidationError(f"Không sửa được trường “{field}”.")
    if field in _BOOL_FIELDS:
        return _as_bool(value)
    if field == "full_name":
        name = clean_text(value)
        if not name:
            raise ValidationError("Họ và tên không được để trống.")
        return _checked_lengths({field: name})[field]
    if field == "sex":
        text = fold(value) if value else ""
        if not text:
            return None
        if text in ("nam", "m", "male"):
            return "Nam"
        if text in ("nu", "f", "female"):
            return "Nữ"
        raise ValidationError(f"Giới tính “{clean_text(value)}” không hợp lệ: chỉ nhận Nam hoặc Nữ.")
    if field == "birth_year":
        if value in (None, ""):
            return None
        try:
            year = int(str(value).strip())
        except ValueError as exc:
            raise ValidationError(f"Năm sinh “{value}” không hợp lệ; nhập bốn chữ số, ví dụ 1978.") from exc
        if not 1900 <= year <= dt.date.today().year:
            raise ValidationError(
                f"Năm sinh {year} không hợp lệ; nhập năm từ 1900 đến {dt.date.today().year}."
            )
        return year
    if field == "birth_date":
        return parse_birth_date(value)
    if field in _INT_FIELDS:
        try:
            number = int(str(value).strip() or 0)
        except ValueError as exc:
            raise ValidationError(f"{label} phải là một số nguyên (ví dụ 0, 1, 2).") from exc
        if not 0 <= number <= 999:
            raise ValidationError(f"{label} phải từ 0 đến 999.")
        return number
    if field == "category":
        if value not in CATEGORIES:
            raise ValidationError(f"Thành phần “{value}” không hợp lệ.")
        return value
    if field == "category_code":
        return clean_text(value)
    if field == "status":
        if value not in STATUSES:
            raise ValidationError(f"Trạng thái “{value}” không hợp lệ.")
        return value
    if field == "unit_id":
        return None if value in (None, "", 0) else int(value)
    text = clean_text(value)
    if field == "phone" and not _PHONE.match(text):
        raise ValidationError(f"Số điện thoại “{text}” chỉ được gồm chữ số, dấu cách, + . - ( ).")
    return _checked_lengths({field: text})[field]


def normalise_changes(db: Database, changes: dict[str, Any]) -> dict[str, Any]:
    """Every field checked; a birth date brings its year; an unknown unit is refused."""
    out = {field: normalise_value(field, value) for field, value in changes.items()}
    if out.get("birth_date"):
        year = int(out["birth_date"][:4])
        if out.get("birth_year") not in (None, year) and "birth_year" in changes:
            raise ValidationError(
                f"Năm sinh {out['birth_year']} không khớp ngày sinh {format_date(out['birth_date'])}."
            )
        out["birth_year"] = year
    if out.get("unit_id") is not None:
        if db.execute("SELECT 1 FROM units WHERE id = ?", [out["unit_id"]]).fetchone() is None:
            raise ValidationError(f"Không có đơn vị số {out['unit_id']}.")
    if "category_code" in out:
        out["category"] = _category_base(db, out["category_code"])
    return out


def _category_base(db: Database, code: str) -> str:
    """The base kind (the quotas') of a plan category; a Vietnamese sentence if none has it."""
    row = db.execute("SELECT base FROM delegate_categories WHERE code = ? LIMIT 1", [code]).fetchone()
    if row is None:
        raise ValidationError(f"Thành phần “{code}” không có trong kế hoạch; chọn một thành phần "
                              "trong danh sách của kế hoạch.")
    return row[0]


def _check_category_in_plans(db: Database, delegate_ids: list[int], code: str) -> None:
    """Every delegate's own plan must define the category (codes are per plan)."""
    for part in _chunks(list(delegate_ids)):
        missing = db.execute(
            "SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
            "LEFT JOIN delegate_categories c ON c.plan_id = e.plan_id AND c.code = ? "
            f"WHERE d.id IN ({','.join('?' * len(part))}) AND c.code IS NULL", [code, *part],
        ).fetchone()[0]
        if missing:
            raise ValidationError(f"Thành phần “{code}” không có trong kế hoạch của "
                                  f"{missing} đại biểu đã chọn; không sửa gì.")


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def read_fields(db: Database, delegate_ids: list[int], fields: list[str]) -> dict[int, dict]:
    """Current values of `fields` for each delegate (what undo puts back)."""
    cols = [("p." if f in PERSON_FIELDS else "d.") + f for f in fields]
    out: dict[int, dict] = {}
    for part in _chunks(list(delegate_ids)):
        sql = (f"SELECT d.id, {', '.join(cols) or 'NULL'} FROM delegates d "
               f"JOIN persons p ON p.id = d.person_id WHERE d.id IN ({','.join('?' * len(part))})")
        for row in db.execute(sql, part):
            out[row[0]] = dict(zip(fields, row[1:], strict=True))
    return out


def _apply(db: Database, delegate_ids: list[int], values: dict[str, Any]) -> None:
    person = {k: v for k, v in values.items() if k in PERSON_FIELDS}
    delegate = {k: v for k, v in values.items() if k in DELEGATE_FIELDS}
    if "full_name" in person:
        person["name_key"] = fold(person["full_name"])
        person["sort_key"] = sort_key(person["full_name"])
    with_sort_keys(person, PERSON_SORT_KEYS)
    with_sort_keys(delegate, DELEGATE_SORT_KEYS)
    for part in _chunks(list(delegate_ids)):
        marks = ",".join("?" * len(part))
        if person:
            sets = ", ".join(f"{k} = ?" for k in person)
            db.execute(
                f"UPDATE persons SET {sets} WHERE id IN "
                f"(SELECT person_id FROM delegates WHERE id IN ({marks}))",
                [*person.values(), *part],
            )
        if delegate:
            sets = ", ".join(f"{k} = ?" for k in delegate)
            db.execute(f"UPDATE delegates SET {sets} WHERE id IN ({marks})", [*delegate.values(), *part])


def update_delegates(db: Database, delegate_ids: list[int], changes: dict[str, Any]) -> dict[str, Any]:
    """Set the same values on every delegate (a person's fields change for all their events).

    Returns the normalised values written; nothing is written when one is invalid.
    """
    values = normalise_changes(db, changes)
    if "category_code" in values:
        _check_category_in_plans(db, delegate_ids, values["category_code"])
    if delegate_ids and values:
        with db.atomic():
            _apply(db, delegate_ids, values)
    return values


def restore_fields(db: Database, before: dict[int, dict]) -> None:
    """Put back values read by `read_fields` (undo of an edit)."""
    with db.atomic():
        for delegate_id, values in before.items():
            _apply(db, [delegate_id], values)


# --- deleting (undoable) --------------------------------------------------------

@dataclass
class DeletedDelegates:
    """Everything a deletion removed or unlinked, so that undo can put it back."""

    delegates: list[dict] = _field(default_factory=list)
    presenters: list[tuple[int, int]] = _field(default_factory=list)  # (agenda item, delegate)
    speeches: list[tuple[int, int]] = _field(default_factory=list)  # (speech, delegate)
    promoted_from: list[tuple[int, int]] = _field(default_factory=list)  # (lower, upper)
    dossier_items: list[dict] = _field(default_factory=list)
    dossier_files: list[dict] = _field(default_factory=list)
    day_rows: list[tuple[str, dict]] = _field(default_factory=list)  # badge code, check-in, seat


def _rows(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


def delete_delegates(db: Database, delegate_ids: list[int]) -> DeletedDelegates:
    """Remove delegate entries (their persons stay); return what undo needs."""
    gone = DeletedDelegates()
    with db.atomic():
        for part in _chunks(list(delegate_ids)):
            marks = ",".join("?" * len(part))
            gone.delegates += _rows(db, f"SELECT * FROM delegates WHERE id IN ({marks})", part)
            gone.presenters += db.execute(
                f"SELECT id, presenter_delegate_id FROM agenda_items "
                f"WHERE presenter_delegate_id IN ({marks})", part).fetchall()
            gone.speeches += db.execute(
                f"SELECT id, delegate_id FROM speeches WHERE delegate_id IN ({marks})", part).fetchall()
            gone.promoted_from += db.execute(
                f"SELECT id, promoted_to_id FROM delegates WHERE promoted_to_id IN ({marks})",
                part).fetchall()
            items = _rows(db, f"SELECT * FROM dossier_items WHERE delegate_id IN ({marks})", part)
            gone.dossier_items += items
            for item_part in _chunks([i["id"] for i in items]):
                gone.dossier_files += _rows(
                    db, f"SELECT * FROM dossier_files WHERE dossier_item_id IN "
                        f"({','.join('?' * len(item_part))})", item_part)
            gone.day_rows += event_day.day_rows(db, part)
            db.execute(f"DELETE FROM delegates WHERE id IN ({marks})", part)
    return gone


def restore_deleted(db: Database, gone: DeletedDelegates) -> None:
    """Undo `delete_delegates`: the same rows under the same ids, links restored."""
    with db.atomic():
        # Upper entries first: a lower row may point to one of them.
        ordered = sorted(gone.delegates, key=lambda r: r["promoted_to_id"] is not None)
        for row in ordered:
            db["delegates"].insert(row)
        for item_id, delegate_id in gone.presenters:
            db.execute("UPDATE agenda_items SET presenter_delegate_id = ? WHERE id = ?",
                       [delegate_id, item_id])
        for speech_id, delegate_id in gone.speeches:
            db.execute("UPDATE speeches SET delegate_id = ? WHERE id = ?", [delegate_id, speech_id])
        for lower, upper in gone.promoted_from:
            db.execute("UPDATE delegates SET promoted_to_id = ? WHERE id = ?", [upper, lower])
        for item in gone.dossier_items:
            db["dossier_items"].insert(item)
        for row in gone.dossier_files:
            db["dossier_files"].insert(row)
        event_day.restore_day_rows(db, gone.day_rows)


def remove_unused_person(db: Database, person_id: int) -> dict | None:
    """Delete a person no event lists any more (undo of an addition); return the row."""
    rows = _rows(db, "SELECT * FROM persons WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM delegates WHERE person_id = ?)", [person_id, person_id])
    if not rows:
        return None
    db.execute("DELETE FROM persons WHERE id = ?", [person_id])
    return rows[0]


def restore_person(db: Database, row: dict | None) -> None:
    """Put back a row returned by `remove_unused_person`."""
    if row is not None:
        db["persons"].insert(row)


def add_person_delegate(db: Database, event_id: int, person: PersonData, data: DelegateData) -> int:
    """A new person and their entry at the event, in one transaction; return the delegate id."""
    with db.atomic():
        person_id = add_person(db, person)
        return add_delegate(db, event_id, person_id, data)


# --- promotion -------------------------------------------------------------------

def upper_event_id(db: Database, event_id: int) -> int | None:
    """The event this one sends delegates to (its parent), if any."""
    row = db.execute("SELECT parent_event_id FROM events WHERE id = ?", [event_id]).fetchone()
    return row[0] if row else None


def promotion_state(db: Database, delegate_ids: list[int]) -> dict[int, int | None]:
    """promoted_to_id of each delegate (what undo of a promotion puts back)."""
    out: dict[int, int | None] = {}
    for part in _chunks(list(delegate_ids)):
        marks = ",".join("?" * len(part))
        out.update(db.execute(
            f"SELECT id, promoted_to_id FROM delegates WHERE id IN ({marks})", part).fetchall())
    return out


def promote_upward(db: Database, delegate_ids: list[int], upper_event_id: int
                   ) -> tuple[list[int], dict[int, int | None]]:
    """`promote`, then the dossier runs follow (one achievement report per delegate sent up).

    Returns (created delegate ids, the links before) for `undo_promote`.
    """
    from thidua_desktop.services import dossier_service

    before = promotion_state(db, delegate_ids)
    with db.atomic():
        created = promote(db, delegate_ids, upper_event_id)
        dossier_service.sync_delegate_items(db, upper_event_id)
    return created, before


def undo_promote(db: Database, before: dict[int, int | None], created: list[int]) -> None:
    """Undo `promote`: forget the links it made, remove the entries it created, resync dossiers."""
    from thidua_desktop.services import dossier_service

    with db.atomic():
        for delegate_id, upper in before.items():
            db.execute("UPDATE delegates SET promoted_to_id = ? WHERE id = ?", [upper, delegate_id])
        for part in _chunks(list(created)):
            db.execute(f"DELETE FROM delegates WHERE id IN ({','.join('?' * len(part))})", part)
        dossier_service.sync_delegate_items(db)


# --- seat allocation ------------------------------------------------------------

@dataclass(frozen=True)
class SeatRow:
    """Seats an event gives a unit and how many of its delegates fill them."""

    unit_id: int
    unit_name: str
    seats: int | None  # None: the unit has no allocation
    filled: int

    @property
    def remaining(self) -> int | None:
        """Seats still free (negative when over the allocation)."""
        return None if self.seats is None else self.seats - self.filled


def seat_rows(db: Database, event_id: int) -> list[SeatRow]:
    """Each allocated unit (and each unit nominating without one), in unit order."""
    sql = """
    WITH filled AS (
        SELECT unit_id, count(*) AS n FROM delegates
        WHERE event_id = :e AND status != 'absent' AND unit_id IS NOT NULL GROUP BY unit_id
    ), allocated AS (SELECT unit_id, seats FROM event_seats WHERE event_id = :e)
    SELECT u.id, """ + written_sql() + """, a.seats, COALESCE(f.n, 0)
    FROM units u JOIN unit_kinds k ON k.code = u.kind
    LEFT JOIN allocated a ON a.unit_id = u.id LEFT JOIN filled f ON f.unit_id = u.id
    WHERE (a.unit_id IS NOT NULL OR f.unit_id IS NOT NULL)
      AND u.id != (SELECT unit_id FROM events WHERE id = :e)
    ORDER BY u.position, u.id
    """
    return [SeatRow(*row) for row in db.execute(sql, {"e": event_id})]


def set_seats(db: Database, event_id: int, unit_id: int, seats: Any) -> int | None:
    """Allocate `seats` to a unit (blank removes the allocation); return the value stored."""
    if seats in (None, ""):
        db.execute("DELETE FROM event_seats WHERE event_id = ? AND unit_id = ?", [event_id, unit_id])
        return None
    try:
        number = int(str(seats).strip())
    except ValueError as exc:
        raise ValidationError(f"Số chỉ tiêu “{seats}” không hợp lệ; nhập một số nguyên từ 0.") from exc
    if number < 0:
        raise ValidationError("Số chỉ tiêu không được âm.")
    db.execute(
        "INSERT INTO event_seats(event_id, unit_id, seats) VALUES (?, ?, ?) "
        "ON CONFLICT(event_id, unit_id) DO UPDATE SET seats = excluded.seats",
        [event_id, unit_id, number],
    )
    return number
