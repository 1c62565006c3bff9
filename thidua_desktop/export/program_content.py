"""What the printed programme says, as plain data (the PDF and Word writers only lay it out).

The official event name as the plan fixes it, the time and place lines, and
one row per agenda item: time span, content (with the speeches and videos
that belong to it, the covenant's signing units, the award decision's
announcement when no item of its own precedes the awards), presenter (the
higher-level leader for a directing speech nobody was chosen for).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.models import Event
from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export.state_format import Letterhead, letterhead_for_event
from thidua_desktop.services import agenda_roles, agenda_speeches, agenda_wording
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services.agenda_speeches import Speech

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
HEADERS = ("Thời gian", "Nội dung", "Người thực hiện")


@dataclass
class ProgramRow:
    """One item of the printed programme."""

    time: str  # "07h30 - 08h00"
    title: str
    details: list[str] = field(default_factory=list)  # speeches, videos, notes under the title
    presenter: str = ""
    kind: str = ""
    start: int = 0
    minutes: int = 0


@dataclass
class ProgramDoc:
    """The programme of one event, ready to lay out."""

    letterhead: Letterhead
    heading: str  # "CHƯƠNG TRÌNH"
    event_name: str  # official, as the plan fixes it
    lines: list[str]  # time and place
    rows: list[ProgramRow]
    event_word: str  # "Đại hội" / "Hội nghị"


def span(start: int, end: int) -> str:
    """"07h30 - 08h00"."""
    def one(m: int) -> str:
        return f"{(m // 60) % 24:02d}h{m % 60:02d}"
    return f"{one(start)} - {one(end)}"


def date_phrase(date: dt.date | None) -> str:
    """"thứ Tư, ngày 18 tháng 6 năm 2025" ("ngày ... tháng ... năm ..." without a date)."""
    if date is None:
        return "ngày ... tháng ... năm ..."
    day = f"{date.day:02d}" if date.day < 10 else str(date.day)
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)  # as NĐ 30 writes dates
    return f"{WEEKDAYS[date.weekday()]}, ngày {day} tháng {month} năm {date.year}"


def time_place_lines(event: Event, start: int) -> list[str]:
    """The time and place lines under the title."""
    lines = [f"Thời gian: {svc.spoken_clock(start)}, {date_phrase(event.date)}"]
    if event.venue:
        lines.append(f"Địa điểm: {event.venue}")
    return lines


def speech_slots(items: list[svc.AgendaItem], talks: list[Speech]) -> dict[int, list[Speech]]:
    """Which agenda item each speech or video belongs to.

    A talk attached to an item stays there. Otherwise speeches and exemplar
    videos go to the speeches item; the overview video
    plays while delegates arrive (the welcome item), else with the summary
    report it illustrates, else first.
    """
    by_kind: dict[str, int] = {}
    for item in items:
        by_kind.setdefault(item.kind, item.id)
    slots: dict[int, list[Speech]] = {}
    ids = {item.id for item in items}
    for talk in talks:
        if talk.agenda_item_id in ids:  # the officer put it there
            target = talk.agenda_item_id
        elif talk.kind == "video" and talk.video_kind == "overview":
            target = by_kind.get("welcome") or by_kind.get("summary_report")
        else:
            target = by_kind.get("speeches")
        if target is None and items:
            target = items[0].id
        if target is not None:
            slots.setdefault(target, []).append(talk)
    return slots


def speech_line(talk: Speech) -> str:
    """"- Tham luận “...” – Ông Vũ Đình Dũng, Trưởng thôn..." for the programme."""
    if talk.kind == "video":
        what = "Phóng sự" if talk.video_kind == "overview" else "Video"
        title = talk.title
        if title.casefold().startswith(what.casefold()):
            what, title = title.split(":", 1)[0].strip(), title.split(":", 1)[-1].strip()
        line = f"- {what}: “{title}” ({talk.duration_min} phút)"
    else:
        line = f"- Tham luận: “{talk.title}”"
    if talk.speaker_label:
        line += f" – {talk.speaker_label}"
    return line


def program_document(db: Database, event_id: int, date: dt.date | None = None,
                     heading: str = "CHƯƠNG TRÌNH") -> ProgramDoc:
    """The programme of an event; `date` is the issuing date (blank when None)."""
    agenda = svc.agenda(db, event_id)
    event = agenda.event
    word = svc.event_word(agenda.form)
    lh = letterhead_for_event(db, event_id, issuer=f"BAN TỔ CHỨC {word.upper()}")
    lh = dataclasses.replace(lh, date=date, year=(date or event.date or dt.date.today()).year)
    slots = speech_slots(agenda.items, agenda_speeches.speeches(db, event_id))
    directing = agenda_roles.directing_speaker(db, event_id)[1]
    rows, previous = [], ""
    for item in agenda.items:
        details = []
        if item.kind == "honours" and previous != "award_decision":
            details.append("- Công bố quyết định khen thưởng")  # always before anyone is awarded
        if item.kind == "covenant":
            signing = [u for _, u in agenda_wording.signing_units(db, item.id)]
            details.append("- Đơn vị ký kết: " + ("; ".join(signing) if signing else "………………………"))
        details += [speech_line(t) for t in slots.get(item.id, [])]
        if item.notes:
            details.append(f"({item.notes})")
        presenter = item.presenter_label or (directing if item.kind == "guidance" else "")
        rows.append(ProgramRow(span(item.start, item.end), item.title, details, presenter,
                               item.kind, item.start, item.duration_min))
        previous = item.kind
    # stored text made printable (domain/safe_text): a control character must not stop the export
    return scrub(ProgramDoc(lh, heading, event.name, time_place_lines(event, agenda.start), rows, word))
