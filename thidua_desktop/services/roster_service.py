"""Persons and their delegate entries: create, find, promote upward."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.names import clean_text, fold, sort_key
from thidua_desktop.errors import ValidationError

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


def person_row(person: PersonData) -> dict:
    """Validate and normalise a person into a `persons` row."""
    name = clean_text(person.full_name)
    if not name:
        raise ValidationError("Họ và tên không được để trống.")
    if person.sex not in (None, "Nam", "Nữ"):
        raise ValidationError(f"Giới tính “{person.sex}” không hợp lệ: chỉ nhận Nam hoặc Nữ.")
    if person.birth_year is not None and not 1900 <= int(person.birth_year) <= 2100:
        raise ValidationError(f"Năm sinh {person.birth_year} của “{name}” không hợp lệ.")
    return {
        "full_name": name, "name_key": fold(name), "sort_key": sort_key(name),
        "sex": person.sex, "birth_year": person.birth_year, "birth_date": person.birth_date,
        "ethnicity": clean_text(person.ethnicity), "religion": clean_text(person.religion),
        "position": clean_text(person.position), "workplace": clean_text(person.workplace),
        "education": clean_text(person.education), "party_member": int(bool(person.party_member)),
        "phone": clean_text(person.phone), "unit_id": person.unit_id,
    }


def add_person(db: Database, person: PersonData) -> int:
    """Insert a person; return its id."""
    return db["persons"].insert(person_row(person)).last_pk


def delegate_row(event_id: int, person_id: int, data: DelegateData) -> dict:
    """Validate and normalise a delegate entry into a `delegates` row."""
    if data.category not in CATEGORIES:
        raise ValidationError(f"Thành phần “{data.category}” không hợp lệ.")
    if data.status not in STATUSES:
        raise ValidationError(f"Trạng thái “{data.status}” không hợp lệ.")
    return {
        "event_id": event_id, "person_id": person_id, "unit_id": data.unit_id,
        "category": data.category, "exemplary_kind": data.exemplary_kind,
        "collective": clean_text(data.collective), "field": data.field, "sector": data.sector,
        "direct_worker": int(bool(data.direct_worker)), "achievement": clean_text(data.achievement),
        "awards": clean_text(data.awards), "provincial_awards": int(data.provincial_awards),
        "status": data.status, "presidium": int(bool(data.presidium)),
        "speaker": int(bool(data.speaker)), "award_at_event": clean_text(data.award_at_event),
        "protocol_rank": data.protocol_rank, "note": clean_text(data.note),
        "source_file": data.source_file,
    }


def add_delegate(db: Database, event_id: int, person_id: int, data: DelegateData) -> int:
    """Insert a delegate entry; return its id."""
    exists = db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND person_id = ?", [event_id, person_id]
    ).fetchone()
    if exists:
        raise ValidationError("Người này đã có trong danh sách đại biểu của sự kiện.")
    return db["delegates"].insert(delegate_row(event_id, person_id, data)).last_pk


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
