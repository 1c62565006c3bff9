"""Agenda rules: required items present and in order, flag salute only where it belongs,
the session's length, presenters (the directing speech to the level above), covenant
signing units, speeches vetted in time, videos within limits.

Everything comes from the plan's rules; the same findings feed `check` and the
agenda tab's live panel.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.services import agenda_roles, agenda_speeches, agenda_wording
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services.rules import Finding


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """Every agenda finding for the events."""
    findings: list[Finding] = []
    for event_id in event_ids:
        findings.extend(event_findings(db, event_id, as_of))
    return findings


def event_findings(db: Database, event_id: int, as_of: dt.date | None = None) -> list[Finding]:
    """Findings of one event (the tab calls this after each edit)."""
    as_of = as_of or dt.date.today()
    agenda = svc.agenda(db, event_id)
    if agenda.event.status == "cancelled":
        return []
    standard = svc.standard_items(db, agenda.event.plan_id)
    # Computed once: the first leader of the level above answers both questions below.
    higher = agenda_roles.first_higher_leader(db, event_id)
    out = _items(agenda, standard, higher and higher["id"]) + _clock(agenda)
    out += _speeches(db, agenda, as_of)
    out += _roles(db, agenda, higher)
    return out


def _f(severity, rule, agenda, message, rows=()) -> Finding:
    return Finding(severity, rule, agenda.event.code, message, tuple(rows))


def _items(agenda: svc.Agenda, standard: list[svc.StandardItem], directing: int | None = None) -> list[Finding]:
    out = []
    word = svc.event_word(agenda.form)
    by_kind = {s.kind: s for s in standard}
    present = {i.kind for i in agenda.items}
    flag = by_kind.get("flag_salute")
    flag_ok = svc.flag_salute_allowed(agenda.form, flag)
    for item in standard:
        if not item.required or item.kind in present:
            continue
        if item.kind == "flag_salute" and not flag_ok:
            continue
        out.append(_f("error", "agenda.required", agenda,
                      f"Chương trình thiếu mục bắt buộc “{item.title}”; hãy chèn mục này từ bảng mục chuẩn."))
    if not flag_ok:
        rows = [i.id for i in agenda.items if i.kind == "flag_salute"]
        if rows:
            out.append(_f("error", "agenda.flag_salute", agenda,
                          f"{word} theo hình thức “{agenda.form.name or agenda.form.code}” "
                          "không có nghi thức chào cờ (chỉ Đại hội mới chào cờ); hãy xóa mục Chào cờ.", rows))
    # Order: each standard item must not come before one that the template puts earlier.
    highest, late = None, []
    for item in agenda.items:
        rank = by_kind[item.kind].order if item.kind in by_kind else None
        if rank is None:
            continue
        if highest is not None and rank < highest[0]:
            late.append((item, highest[1]))
        if highest is None or rank > highest[0]:
            highest = (rank, item)
    for item, before in late:
        out.append(_f("warning", "agenda.order", agenda,
                      f"Mục “{item.title}” đang đứng sau “{before.title}”, trái với thứ tự "
                      "của kế hoạch; hãy đưa lên trước.", [item.id, before.id]))
    # A directing speech nobody was chosen for is not missing when a higher-level leader attends:
    # the script gives it to them (see _roles).
    unset = [i for i in agenda.items if not i.has_presenter
             and not (i.kind == "guidance" and directing)]
    missing = [i.id for i in unset]
    if missing:
        titles = "; ".join(i.title for i in unset)
        out.append(_f("warning", "agenda.presenter", agenda,
                      f"{len(missing)} mục chưa có người thực hiện ({titles}); hãy chọn đại biểu "
                      "hoặc ghi người thực hiện.", missing))
    return out


def _roles(db: Database, agenda: svc.Agenda, higher: dict | None) -> list[Finding]:
    """The covenant names its signing units; the directing speech goes to the level above when present."""
    out = []
    for item in agenda.items:
        if item.kind == "covenant" and not agenda_wording.signing_units(db, item.id):
            out.append(_f("warning", "agenda.covenant_units", agenda,
                          f"Mục “{item.title}” chưa có đơn vị ký kết; hãy chọn mục đó rồi bấm "
                          "“Đơn vị ký kết…”.", [item.id]))
    for item in agenda.items:
        if item.kind == "guidance" and item.presenter_delegate_id and higher is not None \
                and item.presenter_delegate_id != higher["id"] \
                and not agenda_roles.is_higher_leader(db, agenda.event.id, item.presenter_delegate_id):
            name = higher["full_name"]
            out.append(_f("warning", "agenda.directing", agenda,
                          f"Có lãnh đạo cấp trên dự ({name}) nhưng mục “{item.title}” do người khác "
                          "thực hiện; phát biểu chỉ đạo thường dành cho lãnh đạo cấp trên.", [item.id]))
    return out


def _clock(agenda: svc.Agenda) -> list[Finding]:
    out = []
    if agenda.over_minutes:
        out.append(_f("error", "agenda.session", agenda,
                      f"Chương trình kết thúc lúc {svc.format_clock(agenda.end)}, quá giờ kết thúc "
                      f"buổi làm việc ({svc.format_clock(agenda.session_end)}) {agenda.over_minutes} phút; "
                      "hãy rút ngắn hoặc bỏ bớt nội dung."))
    previous = None
    for item in agenda.items:
        if item.pinned_start and previous is not None and item.start < previous.end:
            out.append(_f("warning", "agenda.overlap", agenda,
                          f"Mục “{item.title}” được đặt bắt đầu lúc {item.pinned_start}, trước khi mục "
                          f"“{previous.title}” kết thúc ({svc.format_clock(previous.end)}).",
                          [previous.id, item.id]))
        previous = item
    return out


def _speeches(db: Database, agenda: svc.Agenda, as_of: dt.date) -> list[Finding]:
    out = []
    event = agenda.event
    items = agenda_speeches.speeches(db, event.id)
    limits = agenda_speeches.limits(db, event.plan_id)
    deadline = agenda_speeches.vetting_deadline(db, event)
    if deadline is not None:
        for s in items:
            who = f" của {s.speaker_name}" if s.speaker_name else ""
            if s.vetting != "approved" and as_of > deadline:
                state = agenda_speeches.VETTING[s.vetting].lower()
                out.append(_f("error", "agenda.vetting", agenda,
                              f"“{s.title}”{who} còn {state}, đã quá hạn thẩm định "
                              f"{format_date(deadline)}; hãy thẩm định ngay hoặc thay nội dung.", [s.id]))
            elif s.vetting == "approved" and s.vetted_on and s.vetted_on > deadline:
                out.append(_f("warning", "agenda.vetting_late", agenda,
                              f"“{s.title}”{who} được duyệt ngày {format_date(s.vetted_on)}, sau hạn "
                              f"{format_date(deadline)}.", [s.id]))
    for s in items:
        if s.kind != "video":
            continue
        if s.video_kind == "overview" and limits.overview_minutes and s.duration_min > limits.overview_minutes:
            out.append(_f("error", "agenda.video", agenda,
                          f"Phóng sự “{s.title}” dài {s.duration_min} phút, quá mức "
                          f"{limits.overview_minutes} phút của kế hoạch; hãy biên tập ngắn lại.", [s.id]))
        if (s.video_kind == "exemplar" and limits.exemplar_max_minutes
                and s.duration_min > limits.exemplar_max_minutes):
            out.append(_f("error", "agenda.video", agenda,
                          f"Video “{s.title}” dài {s.duration_min} phút, quá mức tối đa "
                          f"{limits.exemplar_max_minutes} phút cho mỗi điển hình; hãy biên tập ngắn lại.",
                          [s.id]))
    talks = [s for s in items if s.kind == "speech" or s.video_kind == "exemplar"]
    slot = sum(i.duration_min for i in agenda.items if i.kind == "speeches")
    spoken = sum(s.duration_min for s in talks)
    if talks and slot and spoken > slot:
        out.append(_f("warning", "agenda.speeches_time", agenda,
                      f"Các tham luận cần {spoken} phút nhưng mục tham luận chỉ có {slot} phút; "
                      "hãy tăng thời lượng hoặc bớt tham luận.", [s.id for s in talks]))
    fields = Counter(s.field for s in talks if s.field)
    if len(talks) >= 3 and fields:
        name, count = fields.most_common(1)[0]
        if count * 2 > len(talks):
            out.append(_f("warning", "agenda.speech_fields", agenda,
                          f"{count}/{len(talks)} tham luận cùng lĩnh vực “{name}”; tham luận nên đại diện "
                          "cho các lĩnh vực, thành phần.", [s.id for s in talks if s.field == name]))
    return out
