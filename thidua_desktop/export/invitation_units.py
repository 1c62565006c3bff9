"""Invitations per unit: one letter to each sending unit's head, naming its delegates or its seats.

Beside the per-delegate letters (invitation_content), an office sends one
giấy mời to each commune's People's Committee: "Kính gửi: Ủy ban nhân dân xã
Tân Lợi", then the delegation — its delegates by name when the roster has
them, else the number of seats the plan gave the unit — and the lines every
letter shares. The host unit's own people and the guests get letters of
their own (`per_unit_set` puts them in the same bundle). Plain data; the PDF and Word
writers of invitation_pdf / invitation_docx lay it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.domain.unit_names import written_name
from thidua_desktop.export.invitation_content import (
    Invitation,
    InvitationSet,
    delegate_letters,
    empty_set,
    guest_letters,
    wording,
)
from thidua_desktop.services import repository
from thidua_desktop.services.event_day_people import day_people

# Beyond this many names the letter gives the count (one page a letter).
NAMED_MAX = 40
# Who heads a unit, by the level of its kind ("Ủy ban nhân dân xã Tân Lợi").
_HEADS = {"province": "Ủy ban nhân dân", "district": "Ủy ban nhân dân", "commune": "Ủy ban nhân dân"}
# An agency's head by its kind; any other agency: "Lãnh đạo Sở Y tế".
_AGENCY_HEADS = {"truong": "Ban Giám hiệu", "doanh_nghiep": "Ban Giám đốc"}


@dataclass(frozen=True)
class SendingUnit:
    """A unit that sends a delegation to the event."""

    unit_id: int
    kind_code: str
    kind: str  # "Xã"
    level: str  # "commune", "agency", …
    name: str  # "Tân Lợi"
    seats: int | None
    people: tuple[str, ...]  # "Nguyễn Văn An", in the roster's order (the letter says "đồng chí")
    parent: str = ""  # "huyện Hớn Quản"

    @property
    def written(self) -> str:
        """"Xã Tân Lợi", "Sở Y tế", "Tổng Công ty Sonadezi" (domain.unit_names)."""
        return written_name(self.kind_code, self.kind, self.name)

    @property
    def full_name(self) -> str:
        """"xã Tân Lợi" (a place's kind in lower case, as running text writes it), "Sở Y tế"."""
        return f"{self.kind.lower()} {self.name}" if self.level in _HEADS else self.written

    @property
    def head(self) -> str:
        """"Ủy ban nhân dân xã Tân Lợi", "Ban Giám hiệu Trường …", "Ban Giám đốc Tổng Công ty …",
        "Lãnh đạo Sở Y tế"."""
        if self.level in _HEADS:
            return f"{_HEADS[self.level]} {self.full_name}"
        return f"{_AGENCY_HEADS.get(self.kind_code, 'Lãnh đạo')} {self.written}"

    @property
    def address(self) -> str:
        """"Xã Tân Lợi, huyện Hớn Quản" for the envelope."""
        return ", ".join(t for t in (self.written, self.parent) if t)


def sending_units(db: Database, event_id: int) -> list[SendingUnit]:
    """Units other than the host with delegates in the event or seats given, in the plan's order."""
    event = repository.event(db, event_id)
    people: dict[int | None, list[str]] = {}
    for p in day_people(db, event_id):
        people.setdefault(p.unit_id, []).append(p.name)
    rows = db.execute(
        "SELECT u.id, u.kind, k.name, k.level, u.name, "
        "(SELECT seats FROM event_seats s WHERE s.event_id = :e AND s.unit_id = u.id), "
        "COALESCE((SELECT lower(pk.name) || ' ' || pu.name FROM units pu JOIN unit_kinds pk "
        "ON pk.code = pu.kind WHERE pu.id = u.parent_id), '') "
        "FROM units u JOIN unit_kinds k ON k.code = u.kind "
        "WHERE u.id != :host AND k.level != 'group' AND (u.id IN (SELECT unit_id FROM delegates "
        "WHERE event_id = :e) OR u.id IN (SELECT unit_id FROM event_seats WHERE event_id = :e AND seats > 0)) "
        "ORDER BY u.position, u.id", {"e": event_id, "host": event.unit_id}).fetchall()
    return [SendingUnit(uid, code, kind, level, name, seats, tuple(people.get(uid, ())), parent)
            for uid, code, kind, level, name, seats, parent in rows]


def _members(unit: SendingUnit) -> str:
    count = len(unit.people)
    if not count:
        seats = unit.seats or 0
        return (f"Đề nghị {unit.full_name} cử {seats} đại biểu theo chỉ tiêu được phân bổ tham dự "
                f"và gửi danh sách về Ban Tổ chức.")
    if count > NAMED_MAX:
        return f"gồm {count} đồng chí theo danh sách {unit.full_name} đã đăng ký với Ban Tổ chức."
    return f"gồm {count} đồng chí: {', '.join(unit.people)}."


def unit_letters(db: Database, event_id: int) -> list[Invitation]:
    """One letter per sending unit, to the unit's head."""
    w = wording(db, event_id)
    letters = []
    for unit in sending_units(db, event_id):
        lines = (*w.common, w.reply("đơn vị"))
        letters.append(Invitation(
            delegate_id=0, addressee=f"Đoàn đại biểu {unit.full_name}", addressee_detail="",
            lines=lines, code="", to=unit.head, members=_members(unit),
            closing=f"Đề nghị {unit.head} thông báo đến các đồng chí có tên trên tham dự đầy đủ, "
                    f"đúng giờ./." if unit.people else
                    f"Rất mong {unit.head} quan tâm, cử đại biểu tham dự đúng thành phần./.",
            address=unit.address))
    return letters


def per_unit_set(db: Database, event_id: int, date: dt.date | None = None) -> InvitationSet:
    """Letters to the guests, to the units' heads, then one to each of the host unit's own delegates."""
    event = repository.event(db, event_id)
    host = db.execute("SELECT id FROM delegates WHERE event_id = ? AND unit_id = ?",
                      [event_id, event.unit_id]).fetchall()
    letters = guest_letters(db, event_id) + unit_letters(db, event_id)
    if host:
        letters += delegate_letters(db, event_id, [r[0] for r in host])
    return scrub(dataclasses.replace(empty_set(db, event_id, date), letters=tuple(letters)))
