"""The run-of-show script (kịch bản điều hành) as plain data: the MC's words for every item.

Names, titles and positions come from the roster: the presidium (or chair
panel) and the guests are introduced in protocol order, speakers are
announced with their speech titles, award winners are called by name.
The words are the customary ones of Vietnamese congress scripts; the PDF
and Word writers only lay them out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export.program_content import span, speech_slots, time_place_lines
from thidua_desktop.export.state_format import Letterhead, letterhead_for_event
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches, repository

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


def spoken_name(db: Database, event, form: dict) -> str:
    """"Đại hội Thi đua yêu nước huyện Hớn Quản lần thứ III (2025 – 2030)" from the official name."""
    unit, bare = event_unit(db, event)
    bare = bare.upper()
    official = " ".join(event.name.split())
    tail = official[official.upper().find(bare) + len(bare):] if bare in official.upper() else ""
    words = [w if set(w) <= set("IVXLCDM()–-0123456789") else w.lower() for w in tail.split()]
    return " ".join([form.get("name", svc.event_word(form)), unit, *words]).strip()


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
    direction_period: str


def _people(db: Database, event_id: int, where: str) -> list[str]:
    rows = db.query(
        "SELECT " + svc.PERSON_COLS + " FROM delegates x" + svc.person_joins("x.id")
        + "WHERE x.event_id = ? AND x.status != 'absent' AND " + where
        + " ORDER BY d.protocol_rank = 0, d.protocol_rank, d.category = 'exemplary', p.sort_key, d.id",
        [event_id])
    host = repository.event(db, event_id).unit_id
    return [svc.label_of(r, host) for r in rows]


def _context(db: Database, agenda: svc.Agenda) -> _Ctx:
    event, form = agenda.event, agenda.form
    plan = repository.plan(db, event.plan_id)
    word = svc.event_word(form)
    board = {"presidium": "Đoàn Chủ tịch", "chair_panel": f"Chủ tọa {word}"}.get(event.leadership, "Ban Tổ chức")
    plan_line = f"Thực hiện Kế hoạch số {plan.number}"
    if plan.issued_on:
        plan_line += f" ngày {format_date(plan.issued_on)}"
    plan_line += f" của {plan.issuer} về {lower_first(plan.title)}"
    awards: dict[str, list[str]] = {}
    for r in db.query(
            "SELECT x.award_at_event AS award, " + svc.PERSON_COLS + " FROM delegates x"
            + svc.person_joins("x.id") + "WHERE x.event_id = ? AND x.award_at_event != '' "
            "AND x.status != 'absent' ORDER BY x.award_at_event, p.sort_key", [event.id]):
        awards.setdefault(r["award"], []).append(svc.label_of(r, event.unit_id))
    upper_count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND promoted_to_id IS NOT NULL",
                             [event.id]).fetchone()[0]
    upper_name = ""
    if event.parent_event_id:
        upper = repository.event(db, event.parent_event_id)
        upper_name = spoken_name(db, upper, svc.event_form(plan.rules, upper.form))
    exemplary = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND category = 'exemplary' "
                           "AND status != 'absent'", [event.id]).fetchone()[0]
    return _Ctx(
        word=word, name=spoken_name(db, event, form), board=board, plan_line=plan_line,
        presidium=_people(db, event.id, "x.presidium = 1") if event.leadership != "none" else [],
        guests=_people(db, event.id, "x.presidium = 0 AND x.category IN ('leader', 'guest')"),
        exemplary_count=exemplary, unit=event_unit(db, event)[0],
        awards=sorted(awards.items()), upper_count=upper_count, upper_name=upper_name,
        direction_period=plan.direction_period.replace(" - ", " – "),
    )


def _who(item: svc.AgendaItem) -> str:
    """The presenter inside a sentence ("đồng chí ..."); a body's name keeps its capital."""
    return lower_first(item.presenter_label) if item.presenter_delegate_id else item.presenter_text


BLANK = "đồng chí ………………………"  # left for the officer to fill when no presenter is chosen


def _invite(item: svc.AgendaItem, what: str, lead: str = "") -> list[Line]:
    """"[lead] trân trọng kính mời <presenter> <what>."."""
    ask = f"trân trọng kính mời {_who(item) or BLANK} {what}."
    return [Line(f"{lead} {ask}" if lead else ask[:1].upper() + ask[1:])]


def _welcome(c: _Ctx, item, talks) -> list[Line]:
    lines = [Line("Nhạc đón đại biểu; Ban Tổ chức đón tiếp, hướng dẫn đại biểu vào chỗ ngồi.", "note")]
    for t in talks:
        lines.append(Line(f"Trong thời gian chờ khai mạc, kính mời quý vị đại biểu theo dõi phóng sự "
                          f"“{t.title.split(':', 1)[-1].strip()}” (thời lượng {t.duration_min} phút)."))
    lines.append(Line(f"Kính thưa quý vị đại biểu! Chỉ ít phút nữa, {c.name} sẽ chính thức bắt đầu. "
                      "Ban Tổ chức kính mời quý vị đại biểu ổn định chỗ ngồi."))
    return lines


def _art(c: _Ctx, item, talks) -> list[Line]:
    by = f" do {item.presenter_text or _who(item)} biểu diễn" if item.has_presenter else ""
    return [Line(f"Mở đầu chương trình, kính mời quý vị đại biểu thưởng thức {lower_first(item.title)}{by}.")]


def _flag(c: _Ctx, item, talks) -> list[Line]:
    return [
        Line(f"Kính thưa quý vị đại biểu! {c.word} xin phép được làm lễ chào cờ. "
             "Trân trọng kính mời quý vị đại biểu đứng dậy làm lễ chào cờ."),
        Line("Nghiêm! Chào cờ… chào!", "say"),
        Line("Quốc ca.", "note"),
        Line("Thôi! Xin mời quý vị đại biểu ngồi.")]


def _opening(c: _Ctx, item, talks) -> list[Line]:
    lines = [Line(f"Kính thưa quý vị đại biểu! {c.plan_line}, hôm nay Ban Tổ chức long trọng tổ chức {c.name}.")]
    if c.guests:
        lines.append(Line(f"Đến dự {c.word} hôm nay, Ban Tổ chức trân trọng giới thiệu:"))
        lines += [Line(f"{lower_first(g)};", "name") for g in c.guests]
    if c.exemplary_count:
        lines.append(Line(f"Cùng dự {c.word} có {c.exemplary_count} đại biểu điển hình tiên tiến, tiêu biểu cho "
                          f"các phong trào thi đua yêu nước của {c.unit}."))
    if c.presidium:
        named = c.board if c.board.endswith(c.word) else f"{c.board} {c.word}"  # "Đoàn Chủ tịch Đại hội"
        lines.append(Line(f"Kính thưa quý vị đại biểu! Để điều hành {c.word}, Ban Tổ chức xin trân trọng giới "
                          f"thiệu {named} gồm {len(c.presidium)} đồng chí:"))
        lines += [Line(f"{lower_first(p)};", "name") for p in c.presidium]
        lines.append(Line(f"Trân trọng kính mời {c.board} lên làm việc.", "say"))
    if "khai mạc" in item.title.lower():
        lines += _invite(item, f"thay mặt {c.board} phát biểu khai mạc {c.word}")
    return lines


def _open_declare(c: _Ctx, item, talks) -> list[Line]:
    return _invite(item, f"thay mặt {c.board} phát biểu khai mạc {c.word}")


def _report(c: _Ctx, item, talks) -> list[Line]:
    lines = [Line(f"Kính thưa quý vị đại biểu! Tiếp theo chương trình, {c.word} nghe {item.title}.")]
    for t in talks:
        lines.append(Line(f"Trước hết, kính mời quý vị đại biểu theo dõi phóng sự “{t.title}”."))
    return lines + _invite(item, "trình bày báo cáo")


def _speeches(c: _Ctx, item, talks) -> list[Line]:
    lines = [Line(f"Kính thưa quý vị đại biểu! Tiếp theo chương trình, {c.word} nghe các báo cáo tham luận "
                  "của các điển hình tiên tiến.")]
    for t in talks:
        if t.kind == "video":
            lines.append(Line(f"Kính mời quý vị đại biểu theo dõi video “{t.title}” ({t.duration_min} phút)."))
        elif t.speaker_label:
            lines.append(Line(f"Trân trọng kính mời {lower_first(t.speaker_label)} trình bày tham luận "
                              f"với chủ đề: “{t.title}”."))
        else:
            lines.append(Line(f"Tham luận: “{t.title}” (chưa chọn người trình bày)."))
    if talks:
        lines.append(Line(f"Xin cảm ơn các đại biểu đã có những tham luận sâu sắc, tâm huyết gửi đến {c.word}."))
    return lines


def _exchange(c: _Ctx, item, talks) -> list[Line]:
    return [Line(f"Tiếp theo chương trình, {c.word} tổ chức {lower_first(item.title)}. Trân trọng kính mời "
                 "các điển hình tiên tiến lên sân khấu giao lưu.")]


def _guidance(c: _Ctx, item, talks) -> list[Line]:
    return [Line(f"Kính thưa quý vị đại biểu! {c.word} vinh dự được đón nhận ý kiến phát biểu chỉ đạo.")] + \
        _invite(item, f"phát biểu chỉ đạo {c.word}")


def _honours(c: _Ctx, item, talks) -> list[Line]:
    lines = [Line(f"Kính thưa quý vị đại biểu! Tiếp theo chương trình, {c.word} tiến hành biểu dương, tôn vinh, "
                  "khen thưởng các điển hình tiên tiến.")]
    for award, people in c.awards:
        for start in range(0, len(people), AWARD_BATCH):
            batch = people[start:start + AWARD_BATCH]
            batch_no = f" (đợt {start // AWARD_BATCH + 1})" if len(people) > AWARD_BATCH else ""
            lines.append(Line(f"Trao {award}{batch_no}: kính mời các cá nhân có tên sau lên nhận khen thưởng:"))
            lines += [Line(f"{lower_first(p)};", "name") for p in batch]
            lines += _invite(item, "lên trao khen thưởng")
    if not c.awards:
        lines += _invite(item, "trao khen thưởng")
    return lines


def _launch(c: _Ctx, item, talks) -> list[Line]:
    period = f" giai đoạn {c.direction_period}" if c.direction_period else ""
    return _invite(item, "phát động phong trào thi đua",
                   f"Kính thưa quý vị đại biểu! Để tiếp tục đẩy mạnh phong trào thi đua yêu nước{period},")


def _response(c: _Ctx, item, talks) -> list[Line]:
    return _invite(item, "phát biểu hưởng ứng", "Hưởng ứng lời phát động,")


def _upper(c: _Ctx, item, talks) -> list[Line]:
    where = c.upper_name or "Đại hội cấp trên"
    count = f" gồm {c.upper_count} đại biểu" if c.upper_count else ""
    return [Line(f"Tiếp theo, {c.word} biểu quyết thông qua danh sách đại biểu đi dự {where}{count}.")] + \
        _invite(item, "thông qua danh sách")


def _closing(c: _Ctx, item, talks) -> list[Line]:
    return [Line(f"Kính thưa quý vị đại biểu! Sau một buổi làm việc khẩn trương, nghiêm túc, {c.word} đã hoàn "
                 "thành toàn bộ chương trình đề ra.")] + \
        _invite(item, f"thay mặt {c.board} phát biểu bế mạc {c.word}") + \
        [Line(f"{c.name} xin được bế mạc. Kính chúc quý vị đại biểu sức khỏe, hạnh phúc và thành công. "
              "Xin trân trọng cảm ơn!")]


def _free(c: _Ctx, item, talks) -> list[Line]:
    return _invite(item, lower_first(item.title))


PHRASES = {
    "welcome": _welcome, "art": _art, "flag_salute": _flag, "opening": _opening,
    "opening_declare": _open_declare, "summary_report": _report, "speeches": _speeches,
    "exchange": _exchange, "guidance": _guidance, "honours": _honours, "launch": _launch,
    "response": _response, "upper_list": _upper, "closing": _closing,
}


def script_document(db: Database, event_id: int, date: dt.date | None = None) -> ScriptDoc:
    """The run-of-show script of an event; `date` is the issuing date (blank when None)."""
    agenda = svc.agenda(db, event_id)
    event = agenda.event
    ctx = _context(db, agenda)
    slots = speech_slots(agenda.items, agenda_speeches.speeches(db, event_id))
    blocks = []
    for item in agenda.items:
        lines = PHRASES.get(item.kind, _free)(ctx, item, slots.get(item.id, []))
        if item.notes:
            lines.append(Line(item.notes, "note"))
        presenter = MC
        if item.has_presenter and item.presenter_label != MC:
            presenter = f"{MC}; {item.presenter_label}"
        blocks.append(ScriptBlock(span(item.start, item.end), item.title, lines, presenter, item.duration_min))
    lh = letterhead_for_event(db, event_id, issuer=f"BAN TỔ CHỨC {ctx.word.upper()}")
    lh = dataclasses.replace(lh, date=date, year=(date or event.date or dt.date.today()).year)
    # stored text made printable (domain/safe_text): a control character must not stop the export
    return scrub(ScriptDoc(lh, "KỊCH BẢN ĐIỀU HÀNH", event.name, time_place_lines(event, agenda.start),
                           blocks))
