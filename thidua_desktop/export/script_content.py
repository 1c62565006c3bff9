"""The run-of-show script (kịch bản điều hành) as plain data: the MC's words for every item.

Names, titles and positions come from the roster: the presidium (or chair
panel) and the guests are introduced in protocol order, speakers are
announced with their speech titles, award winners are called by name.
The words are data (domain/script_wording.py): the customary ones shipped
in resources/script_wording.json, overridden by the plan's template and by
the officer for this event; the PDF and Word writers only lay them out.
An awards item is always preceded by the announcement of the award
decision; the directing speech goes to the higher-level leader when one
attends and the officer chose nobody.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain import script_wording as sw
from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export.program_content import span, speech_slots, time_place_lines
from thidua_desktop.export.state_format import Letterhead, letterhead_for_event
from thidua_desktop.services import agenda_roles, agenda_speeches, agenda_wording, repository
from thidua_desktop.services import agenda_service as svc

log = logging.getLogger(__name__)
MC = "Người dẫn chương trình"
AWARD_BATCH = 10  # people called to the stage at once


@dataclass
class Line:
    """One paragraph of the script: the MC's words, a stage note, or a name in a list."""

    text: str
    style: str = "say"  # "say" | "note" | "name"


@dataclass
class ScriptBlock:
    """What happens during one agenda item."""

    time: str
    title: str
    lines: list[Line] = field(default_factory=list)
    presenter: str = MC
    minutes: int = 0


@dataclass
class ScriptDoc:
    """The whole script, ready to lay out."""

    letterhead: Letterhead
    heading: str
    event_name: str
    lines: list[str]
    blocks: list[ScriptBlock]


def lower_first(text: str) -> str:
    """"Đồng chí X" -> "đồng chí X" inside a sentence."""
    return text[:1].lower() + text[1:] if text else text


def event_unit(db: Database, event) -> tuple[str, str]:
    """("huyện Hớn Quản", "Hớn Quản"): the host unit in a sentence, and its bare name."""
    unit = repository.unit(db, event.unit_id)
    return svc.unit_phrase(unit.kind_name, unit.name), unit.name


def spoken_name(db: Database, event, form: svc.FormRule) -> str:
    """"Đại hội Thi đua yêu nước huyện Hớn Quản lần thứ III (2025 – 2030)" from the official name."""
    unit, bare = event_unit(db, event)
    bare = bare.upper()
    official = " ".join(event.name.split())
    tail = official[official.upper().find(bare) + len(bare):] if bare in official.upper() else ""
    words = [w if set(w) <= set("IVXLCDM()–-0123456789") else w.lower() for w in tail.split()]
    return " ".join([form.name or svc.event_word(form), unit, *words]).strip()


@dataclass
class _Ctx:
    """Everything the phrases need, read once."""

    word: str  # Đại hội / Hội nghị
    name: str  # spoken event name
    board: str  # Đoàn Chủ tịch / Chủ tọa Hội nghị / Ban Tổ chức
    plan_line: str
    presidium: list[str]
    guests: list[str]
    exemplary_count: int
    unit: str
    awards: list[tuple[str, list[str]]]
    upper_count: int
    upper_name: str
    review_period: str
    direction_period: str
    wording: sw.Wording = field(default_factory=dict)
    directing: str = ""  # the higher-level leader's label, when one attends
    signatories: dict[int, list[str]] = field(default_factory=dict)  # covenant item id -> units

    def values(self, item: svc.AgendaItem, **more) -> dict:
        """The placeholders every sentence of `item` may use."""
        return {"event": self.word, "event_name": self.name, "board": self.board, "unit": self.unit,
                "title": lower_first(item.title), "presenter": _who(item, self), "review_period": self.review_period,
                "direction_period": self.direction_period, **more}

    def say(self, kind: str, fld: str, item: svc.AgendaItem, **more) -> Line:
        """One sentence of the wording, filled, in its style."""
        values = self.values(item, **more)
        missing = set(sw.SPEC[kind][fld].placeholders) - set(values)
        if missing:  # a phrase below forgot a value its sentence may use: a bug, said once in the log
            log.warning("script wording %s.%s: no value for %s", kind, fld, sorted(missing))
        return Line(sw.fill(self.wording[kind][fld], values), sw.SPEC[kind][fld].style)

    def say_list(self, kind: str, fld: str, item: svc.AgendaItem, names: list[str], **more) -> list[Line]:
        """A sentence introducing a list, then the names on their own lines unless the text names them."""
        spec = sw.SPEC[kind][fld]
        lines = [self.say(kind, fld, item, **{spec.names: names}, **more)]
        if not sw.uses(self.wording[kind][fld], spec.names):
            lines += [Line(f"{lower_first(n)};", "name") for n in names]
        return lines


_CATEGORY_ORDER = (
    "COALESCE((SELECT c.protocol_order FROM delegate_categories c JOIN events ce ON ce.plan_id = c.plan_id "
    "WHERE ce.id = d.event_id AND c.code = COALESCE(NULLIF(d.category_code, ''), d.category)), 1e9)")


def _people(db: Database, event_id: int, where: str) -> list[str]:
    rows = db.query(
        "SELECT " + svc.PERSON_COLS + " FROM delegates x" + svc.person_joins("x.id")
        + "WHERE x.event_id = ? AND x.status != 'absent' AND " + where
        # Unranked ones in the plan's protocol order of categories (guests: Hội đồng TĐKT first...).
        + " ORDER BY d.protocol_rank = 0, d.protocol_rank, " + _CATEGORY_ORDER
        + ", d.category = 'exemplary', p.sort_key, d.id",
        [event_id])
    host = repository.event(db, event_id).unit_id
    return [svc.label_of(r, host) for r in rows]


def awardee_label(row: dict, host_unit_id: int | None) -> str:
    """"Tập thể Hội Nông dân xã Tân Lợi (đồng chí X, Chủ tịch Hội, đại diện nhận)" or the person."""
    person = svc.label_of(row, host_unit_id)
    collective = (row.get("collective") or "").strip()
    if not collective:
        return person
    named = collective if collective.casefold().startswith("tập thể") else f"Tập thể {collective}"
    return f"{named} ({lower_first(person)} đại diện nhận)" if person else named


def _awards(db: Database, event) -> list[tuple[str, list[str]]]:
    """Awards given at the event, each with its awardees: collectives first, then persons.

    Within an award, people named in the plan's signed reward decision are called in the
    decision's order, then the others by name (awards_service.decision_position_sql).
    """
    from thidua_desktop.services.awards_service import decision_position_sql

    place = decision_position_sql("x.person_id")
    awards: dict[str, list[str]] = {}
    for r in db.query(
            "SELECT x.award_at_event AS award, x.collective, " + svc.PERSON_COLS + " FROM delegates x"
            + svc.person_joins("x.id") + "WHERE x.event_id = ? AND x.award_at_event != '' "
            f"AND x.status != 'absent' ORDER BY x.award_at_event, x.collective = '', {place} IS NULL, {place}, "
            "p.sort_key", [event.id, event.plan_id, event.plan_id]):
        awards.setdefault(r["award"], []).append(awardee_label(r, event.unit_id))
    return sorted(awards.items())


def _context(db: Database, agenda: svc.Agenda) -> _Ctx:
    event, form = agenda.event, agenda.form
    plan = repository.plan(db, event.plan_id)
    word = svc.event_word(form)
    board = {"presidium": "Đoàn Chủ tịch", "chair_panel": f"Chủ tọa {word}"}.get(event.leadership, "Ban Tổ chức")
    plan_line = f"Thực hiện Kế hoạch số {plan.number}"
    if plan.issued_on:
        plan_line += f" ngày {format_date(plan.issued_on)}"
    plan_line += f" của {plan.issuer} về {lower_first(plan.title)}"
    upper_count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND promoted_to_id IS NOT NULL",
                             [event.id]).fetchone()[0]
    upper_name = "Đại hội cấp trên"
    if event.parent_event_id:
        upper = repository.event(db, event.parent_event_id)
        upper_name = spoken_name(db, upper, svc.event_form(repository.plan_rules(db, plan.id), upper.form))
    exemplary = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND category = 'exemplary' "
                           "AND status != 'absent'", [event.id]).fetchone()[0]
    return _Ctx(
        word=word, name=spoken_name(db, event, form), board=board, plan_line=plan_line,
        presidium=_people(db, event.id, "x.presidium = 1") if event.leadership != "none" else [],
        guests=_people(db, event.id, "x.presidium = 0 AND x.category IN ('leader', 'guest')"),
        exemplary_count=exemplary, unit=event_unit(db, event)[0],
        awards=_awards(db, event), upper_count=upper_count or "", upper_name=upper_name,
        review_period=plan.review_period.replace(" - ", " – "),
        direction_period=plan.direction_period.replace(" - ", " – "),
        wording=agenda_wording.event_wording(db, event.id),
        directing=agenda_roles.directing_speaker(db, event.id)[1],
        signatories={i.id: [u for _, u in agenda_wording.signing_units(db, i.id)]
                     for i in agenda.items if i.kind == "covenant"},
    )


def example_values(db: Database, event_id: int) -> dict[str, str]:
    """The event-wide placeholders as this event's script fills them (the wording editor's examples)."""
    c = _context(db, svc.agenda(db, event_id))
    values = {"event": c.word, "event_name": c.name, "board": c.board, "unit": c.unit,
              "review_period": c.review_period, "direction_period": c.direction_period,
              "plan_line": c.plan_line, "presidium_count": str(len(c.presidium)) if c.presidium else "",
              "exemplary_count": str(c.exemplary_count)}
    return {k: v for k, v in values.items() if v}


BLANK = "đồng chí ………………………"  # left for the officer to fill when no presenter is chosen


def _who(item: svc.AgendaItem, ctx: _Ctx | None = None) -> str:
    """The presenter inside a sentence ("đồng chí ..."); a body's name keeps its capital.

    A directing speech nobody was chosen for goes to the higher-level leader.
    """
    if item.presenter_delegate_id:
        return lower_first(item.presenter_label)
    if item.presenter_text.strip():
        return item.presenter_text
    if item.kind == "guidance" and ctx is not None and ctx.directing:
        return lower_first(ctx.directing)
    return BLANK


def _videos(c: _Ctx, item, talks, kind: str = "attached") -> list[Line]:
    return [c.say(kind, "video", item, video=_video_title(t), minutes=t.duration_min)
            for t in talks if t.kind == "video"]


def _video_title(talk) -> str:
    """"Phóng sự: X" -> "X" (the sentence already says what it is)."""
    return talk.title.split(":", 1)[-1].strip() if ":" in talk.title else talk.title


def _welcome(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("welcome", "music", item), *_videos(c, item, talks, "welcome"), c.say("welcome", "settle", item)]


def _art(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("art", "invite", item), *_videos(c, item, talks)]


def _flag(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("flag_salute", f, item) for f in ("invite", "command", "anthem", "sit")]


def _opening(c: _Ctx, item, talks) -> list[Line]:
    lines = [c.say("opening", "reason", item, plan_line=c.plan_line)]
    if c.guests:
        lines += c.say_list("opening", "guests_intro", item, c.guests)
    if c.exemplary_count:
        lines.append(c.say("opening", "exemplary", item, exemplary_count=c.exemplary_count))
    if c.presidium:
        named = c.board if c.board.endswith(c.word) else f"{c.board} {c.word}"  # "Đoàn Chủ tịch Đại hội"
        lines += c.say_list("opening", "presidium_intro", item, c.presidium, board_named=named,
                            presidium_count=len(c.presidium))
        lines.append(c.say("opening", "presidium_invite", item))
    if "khai mạc" in item.title.lower():
        lines.append(c.say("opening", "declare", item))
    return lines + _videos(c, item, talks)


def _open_declare(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("opening_declare", "invite", item), *_videos(c, item, talks)]


def _report(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("summary_report", "intro", item), *_videos(c, item, talks, "summary_report"),
            c.say("summary_report", "invite", item)]


def _speeches(c: _Ctx, item, talks) -> list[Line]:
    speakers = [lower_first(t.speaker_label) for t in talks if t.kind == "speech" and t.speaker_label]
    lines = [c.say("speeches", "intro", item, speakers=speakers)]
    for t in talks:
        if t.kind == "video":
            lines.append(c.say("speeches", "video", item, video=_video_title(t), minutes=t.duration_min))
        elif t.speaker_label:
            lines.append(c.say("speeches", "speaker", item, speaker=lower_first(t.speaker_label),
                               speech_title=t.title))
        else:
            lines.append(c.say("speeches", "unassigned", item, speech_title=t.title))
    if any(t.kind == "speech" for t in talks):
        lines.append(c.say("speeches", "thanks", item))
    return lines


def _simple(kind: str, *fields: str):
    def phrase(c: _Ctx, item, talks) -> list[Line]:
        return [*(c.say(kind, f, item) for f in fields), *_videos(c, item, talks)]
    return phrase


def _award_names(c: _Ctx) -> str:
    return "; ".join(a for a, _ in c.awards)


def _decision(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("award_decision", "announce", item, awards=_award_names(c)), *_videos(c, item, talks)]


def _honours(c: _Ctx, item, talks, announced: bool = False) -> list[Line]:
    lines = [c.say("honours", "intro", item, awards=_award_names(c))]
    if not announced:  # the decision is always read before anyone is called up
        lines.append(c.say("honours", "decision", item, awards=_award_names(c)))
    lines += _videos(c, item, talks)
    for award, people in c.awards:
        for start in range(0, len(people), AWARD_BATCH):
            batch = people[start:start + AWARD_BATCH]
            batch_no = f" (đợt {start // AWARD_BATCH + 1})" if len(people) > AWARD_BATCH else ""
            lines += c.say_list("honours", "call", item, batch, award=award, batch=batch_no)
            lines.append(c.say("honours", "hand_over", item, award=award))
    if not c.awards:
        lines.append(c.say("honours", "hand_over", item, award="khen thưởng"))
    return lines


def _covenant(c: _Ctx, item, talks) -> list[Line]:
    units = c.signatories.get(item.id) or ["……………………… (chưa chọn đơn vị ký kết)"]
    return [*c.say_list("covenant", "intro", item, units), c.say("covenant", "witness", item),
            *_videos(c, item, talks)]


def _upper(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("upper_list", "intro", item, upper_event=c.upper_name, upper_count=c.upper_count),
            c.say("upper_list", "invite", item), *_videos(c, item, talks)]


def _video_item(c: _Ctx, item, talks) -> list[Line]:
    return [c.say("video", "intro", item), *_videos(c, item, talks)]


PHRASES = {
    "welcome": _welcome, "art": _art, "flag_salute": _flag, "opening": _opening,
    "opening_declare": _open_declare, "summary_report": _report, "speeches": _speeches,
    "exchange": _simple("exchange", "invite"), "guidance": _simple("guidance", "intro", "invite"),
    "award_decision": _decision, "honours": _honours, "covenant": _covenant,
    "launch": _simple("launch", "invite"), "response": _simple("response", "invite"),
    "upper_list": _upper, "closing": _simple("closing", "intro", "invite", "farewell"),
    "video": _video_item, "children_greeting": _simple("children_greeting", "invite"),
}


def script_document(db: Database, event_id: int, date: dt.date | None = None) -> ScriptDoc:
    """The run-of-show script of an event; `date` is the issuing date (blank when None)."""
    agenda = svc.agenda(db, event_id)
    event = agenda.event
    ctx = _context(db, agenda)
    slots = speech_slots(agenda.items, agenda_speeches.speeches(db, event_id))
    blocks, previous = [], ""
    for item in agenda.items:
        talks = slots.get(item.id, [])
        if item.kind == "honours":
            lines = _honours(ctx, item, talks, announced=previous == "award_decision")
        else:
            lines = PHRASES.get(item.kind, _simple("free", "invite"))(ctx, item, talks)
        if item.notes:
            lines.append(Line(item.notes, "note"))
        presenter = MC
        label = item.presenter_label or (ctx.directing if item.kind == "guidance" else "")
        if label and label != MC:
            presenter = f"{MC}; {label}"
        blocks.append(ScriptBlock(span(item.start, item.end), item.title, lines, presenter, item.duration_min))
        previous = item.kind
    lh = letterhead_for_event(db, event_id, issuer=f"BAN TỔ CHỨC {ctx.word.upper()}")
    lh = dataclasses.replace(lh, date=date, year=(date or event.date or dt.date.today()).year)
    # stored text made printable (domain/safe_text): a control character must not stop the export
    return scrub(ScriptDoc(lh, "KỊCH BẢN ĐIỀU HÀNH", event.name, time_place_lines(event, agenda.start),
                           blocks))
