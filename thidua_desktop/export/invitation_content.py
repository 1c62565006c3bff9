"""What a giấy mời says, as plain data (the PDF and Word writers only lay it out).

One invitation per delegate (and one per guest of the event's guest list,
services/event_guests): the letterhead of the organising committee with
the invitation's number, the title GIẤY MỜI, "Kính gửi" the person, then the
lines the issue asks for — time, place, dress, what to bring, the reply
contact — the delegate's code and seat when assigned, and the signature of
the committee. What the event does not say (dress, what to bring, contact,
signer) falls back to wording an office would use; `event_invitation` holds
the officer's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.domain.unit_names import position_at
from thidua_desktop.export.program_content import date_phrase
from thidua_desktop.export.state_format import (
    MIN_PRINTED_PT,
    SIZES,
    Letterhead,
    Recipients,
    Signature,
    letterhead_for_event,
    text_width_pt,
)
from thidua_desktop.services import repository
from thidua_desktop.services.agenda_service import (
    event_form,
    event_word,
    parse_clock,
    spoken_clock,
)
from thidua_desktop.services.event_day_people import DayPerson, day_people

TITLE = "GIẤY MỜI"
# Every letter of a batch addresses its person alike, as invitations of the Party and State do.
ADDRESS = "Đồng chí"
NBSP = "\u00a0"
# Room left after "Số:" for the number the office writes by hand.
NUMBER_ROOM = NBSP * 12
_NUMBER_RE = re.compile(r"^(Số\s*:)[\s\u00a0.…_]*/")
_YEARS_RE = re.compile(r"(\d{4})\s*([–-])\s*(\d{4})")
DEFAULTS = {
    "number": "Số: /GM-BTC",
    "dress": "Trang phục lịch sự (nam: áo sơ mi, quần âu; nữ: áo dài truyền thống).",
    "bring": "Giấy mời này (hoặc thẻ đại biểu) để làm thủ tục tại cửa vào hội trường.",
    "contact": "",
    "signer_title": "TRƯỞNG BAN",
    "signer_name": "",
}


@dataclass(frozen=True)
class Invitation:
    """One letter."""

    delegate_id: int
    addressee: str  # "Đồng chí Nguyễn Văn An"
    addressee_detail: str  # "Chủ tịch Hội Nông dân xã An Phú"
    lines: tuple[tuple[str, str], ...]  # (label, text): "Thời gian", "07 giờ 30 phút, ..."
    code: str
    # A letter to a unit or a guest says more or otherwise; empty: the set's own wording.
    to: str = ""  # "Ủy ban nhân dân xã Tân Lợi" printed as "Kính gửi: …" under the title
    members: str = ""  # "gồm 16 đồng chí: Nguyễn Văn An, …" (a unit's delegation)
    closing: str = ""
    address: str = ""  # where the envelope goes: a guest's address, a delegate's or unit's place


@dataclass(frozen=True)
class InvitationSet:
    """The invitations of an event with what they share."""

    letterhead: Letterhead
    title: str
    subject: str  # "DỰ ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN ..." under the title (the official name)
    opening: str  # "Ban Tổ chức Đại hội trân trọng kính mời:"
    closing: str
    signature: Signature
    recipients: Recipients
    letters: tuple[Invitation, ...]


def invitation_settings(db: Database, event_id: int) -> dict[str, str]:
    """The event's invitation wording, defaults filled in."""
    row = db.execute("SELECT number, dress, bring, contact, signer_title, signer_name "
                     "FROM event_invitation WHERE event_id = ?", [event_id]).fetchone()
    stored = dict(zip(DEFAULTS, row, strict=True)) if row else {}
    return {k: (stored.get(k) or v) for k, v in DEFAULTS.items()}


def save_invitation_settings(db: Database, event_id: int, values: dict[str, str]) -> None:
    """Store the officer's wording (cleaned, bounded to 300 characters each)."""
    from thidua_desktop.domain.safe_text import clean_text
    from thidua_desktop.errors import ValidationError

    clean = {}
    for key in DEFAULTS:
        text = clean_text(values.get(key, "")).strip()
        if len(text) > 300:
            raise ValidationError(f"Nội dung “{key}” của giấy mời dài quá 300 ký tự; hãy rút gọn.")
        clean[key] = text
    with db.atomic():
        db.conn.execute("INSERT OR REPLACE INTO event_invitation (event_id, number, dress, bring, contact, "
                        "signer_title, signer_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [event_id, *clean.values()])


def number_line(number: str) -> str:
    """"Số: /GM-BTC" -> "Số:" and room to write the number by hand before "/GM-BTC" (a number
    already written stays; "25/GM-BTC" gets its "Số:")."""
    number = number.strip()
    if number and not number.startswith(("Số", "số")):
        number = f"Số: {number}"
    return _NUMBER_RE.sub(lambda m: f"{m.group(1)}{NUMBER_ROOM}/", number, count=1)


def unbroken_years(text: str) -> str:
    """"(2025 – 2030)" held together: the spaces of a year range become non-breaking."""
    return _YEARS_RE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}{NBSP}{m.group(3)}", text)


def to_line(to: str) -> str:
    """"Kính gửi: …." under the title (a unit's head)."""
    return f"Kính gửi: {to}."


def to_size(to: str, width_pt: float, size: float = SIZES["body"].used) -> float:
    """The size that prints the "Kính gửi" line on one line of `width_pt` (a long unit name shrinks
    rather than breaking inside it), not under MIN_PRINTED_PT; it wraps between words below that."""
    text = to_line(to)
    while size > MIN_PRINTED_PT and text_width_pt(text, size) > width_pt:
        size -= 0.5
    return size


def _detail(p: DayPerson) -> str:
    return position_at(p.position, p.workplace or p.unit)


@dataclass(frozen=True)
class Wording:
    """What every letter of an event shares: the event's word, the common lines, the reply contact."""

    word: str  # "Đại hội" / "Hội nghị"
    common: tuple[tuple[str, str], ...]  # time, place, dress, what to bring
    contact: str

    def reply(self, who: str) -> tuple[str, str]:
        """The "Xác nhận tham dự" line asking `who` ("Ông", "đơn vị") to answer."""
        return ("Xác nhận tham dự", f"đề nghị {who} báo lại trước ngày diễn ra {self.word.lower()} "
                                    f"cho {self.contact}.")


def wording(db: Database, event_id: int) -> Wording:
    """The shared lines of the event's letters."""
    event = repository.event(db, event_id)
    word = event_word(event_form(repository.plan_rules(db, event.plan_id), event.form))
    settings = invitation_settings(db, event_id)
    start = parse_clock(event.start_time) or 7 * 60 + 30
    common = (("Thời gian", f"{spoken_clock(start)}, {date_phrase(event.date)}."),
              ("Địa điểm", f"{event.venue or '……………………'}."),
              ("Trang phục", settings["dress"]), ("Đề nghị mang theo", settings["bring"]))
    return Wording(word, common, settings["contact"] or f"Văn phòng Ban Tổ chức {word.lower()}")


def empty_set(db: Database, event_id: int, date: dt.date | None = None) -> InvitationSet:
    """The event's invitation frame (letterhead, title, signature) without letters."""
    event = repository.event(db, event_id)
    word = wording(db, event_id).word
    settings = invitation_settings(db, event_id)
    lh = letterhead_for_event(db, event_id, issuer=f"BAN TỔ CHỨC {word.upper()}")
    lh = dataclasses.replace(lh, number=number_line(settings["number"]), date=date,
                             year=(date or event.date or dt.date.today()).year)
    name = " ".join(event.name.split())
    return InvitationSet(
        letterhead=lh, title=TITLE, subject=unbroken_years(f"DỰ {name.upper()}"),
        opening=f"Ban Tổ chức {word} trân trọng kính mời:",
        closing=f"Rất mong {ADDRESS.lower()} thu xếp thời gian đến dự {word.lower()} đúng giờ./.",
        signature=Signature(settings["signer_title"], settings["signer_name"], "TM. BAN TỔ CHỨC"),
        recipients=Recipients(("- Như trên;", "- Lưu: VT, BTC.")),
        letters=())


def delegate_letters(db: Database, event_id: int, delegate_ids: list[int] | None = None) -> list[Invitation]:
    """One letter per delegate (every delegate of the event, or those listed)."""
    w = wording(db, event_id)
    letters = []
    for p in day_people(db, event_id, delegate_ids):
        lines = list(w.common)
        if p.seat:
            lines.append(("Chỗ ngồi", f"{p.seat}."))
        lines.append(("Mã đại biểu", p.badge_code))
        lines.append(w.reply(ADDRESS.lower()))
        letters.append(Invitation(p.delegate_id, f"{ADDRESS} {p.name}", _detail(p), tuple(lines),
                                  p.badge_code, address=p.address))
    return letters


def guest_letters(db: Database, event_id: int) -> list[Invitation]:
    """One letter per guest of the event's guest list ("Đồng chí", as every letter of the batch)."""
    from thidua_desktop.services.event_guests import guests

    w = wording(db, event_id)
    return [Invitation(0, f"{ADDRESS} {g.full_name}", position_at(g.title, g.agency),
                       (*w.common, w.reply(ADDRESS.lower())), "",
                       address=g.address) for g in guests(db, event_id)]


def invitation_set(db: Database, event_id: int, delegate_ids: list[int] | None = None,
                   date: dt.date | None = None) -> InvitationSet:
    """The invitations of the event: its guests then every delegate (or only the delegates listed)."""
    letters = guest_letters(db, event_id) if delegate_ids is None else []
    letters += delegate_letters(db, event_id, delegate_ids)
    return scrub(dataclasses.replace(empty_set(db, event_id, date), letters=tuple(letters)))
