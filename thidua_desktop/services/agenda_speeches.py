"""Speeches (tham luận) and videos of an event: speaker, title, field, vetting, limits.

The vetting deadline and the video limits are read from the plan's rules
(`speeches.vetting_deadline`, `video_overview_minutes`,
`video_exemplar_max_minutes`); the field and sector mix is what the plans ask
the speeches to represent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.domain.models import Event
from thidua_desktop.domain.names import clean_text
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.agenda_service import (
    PERSON_COLS,
    check_delegate,
    clean_minutes,
    clean_title,
    label_of,
    person_joins,
)

VETTING = {"pending": "Chờ duyệt", "approved": "Đã duyệt", "revise": "Yêu cầu sửa"}
KINDS = {"speech": "Tham luận", "video": "Video"}
VIDEO_KINDS = {"overview": "Phóng sự tổng quan", "exemplar": "Video điển hình"}
SPEECH_FIELDS = ("kind", "video_kind", "delegate_id", "title", "field", "duration_min", "agenda_item_id")


@dataclass(frozen=True)
class Speech:
    """One speech or video, with its speaker as the roster names them."""

    id: int
    event_id: int
    kind: str
    video_kind: str
    delegate_id: int | None
    title: str
    field: str
    duration_min: int
    vetting: str
    vetted_on: dt.date | None
    position: int
    speaker_name: str = ""
    speaker_label: str = ""  # "Ông Vũ Đình Dũng, Trưởng thôn"
    speaker_workplace: str = ""
    sector: str = ""
    agenda_item_id: int | None = None  # shown within this item (None: placed by its kind)


@dataclass(frozen=True)
class Limits:
    """What the rules allow for videos, and the vetting deadline shape."""

    overview_minutes: int | None
    exemplar_max_minutes: int | None
    default_minutes: int
    vetting_deadline: dict | None


@dataclass
class Mix:
    """How the speeches spread over fields and economic sectors."""

    fields: list[tuple[str, int]] = field(default_factory=list)
    sectors: list[tuple[str, int]] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """"Nông nghiệp 1 · Công nghiệp 2 — thành phần: Nhà nước 3" for the panel."""
        parts = " · ".join(f"{name} {count}" for name, count in self.fields) or "chưa có tham luận"
        if self.sectors:
            parts += " — thành phần kinh tế: " + " · ".join(f"{n} {c}" for n, c in self.sectors)
        return parts


def limits(db: Database, plan_id: int) -> Limits:
    """Video limits and the vetting deadline from the plan's rules."""
    rules = repository.plan_rules(db, plan_id).speeches
    return Limits(
        overview_minutes=rules.video_overview_minutes,
        exemplar_max_minutes=rules.video_exemplar_max_minutes,
        default_minutes=rules.default_minutes,
        vetting_deadline=rules.vetting_deadline,
    )


def vetting_deadline(db: Database, event: Event) -> dt.date | None:
    """The date speeches must be vetted by (None without a rule or an event date)."""
    shape = limits(db, event.plan_id).vetting_deadline
    if not shape:
        return None
    deadline = Deadline.from_dict(shape)
    if deadline.kind not in ("event", "after"):
        return deadline.resolve()
    # Which event it counts from (this one, or another of the plan it names): the one resolver.
    from thidua_desktop.services.timeline_service import resolver_for

    return resolver_for(db, event.plan_id).deadline_due(deadline, event.unit_id, own_event_id=event.id)


_SQL = ("SELECT s.*, " + PERSON_COLS + " FROM speeches s" + person_joins("s.delegate_id")
        + "WHERE s.event_id = ? ORDER BY s.position, s.id")


def speeches(db: Database, event_id: int) -> list[Speech]:
    """Speeches and videos of the event, in their order."""
    host = repository.event(db, event_id).unit_id
    return [
        Speech(
            id=r["id"], event_id=event_id, kind=r["kind"], video_kind=r["video_kind"],
            delegate_id=r["delegate_id"], title=r["title"], field=r["field"],
            duration_min=r["duration_min"], vetting=r["vetting"],
            vetted_on=dt.date.fromisoformat(r["vetted_on"]) if r["vetted_on"] else None,
            position=r["position"], speaker_name=r["full_name"] or "", speaker_label=label_of(r, host),
            speaker_workplace=r["p_workplace"] or "", sector=r["sector"] or "",
            agenda_item_id=r.get("agenda_item_id"),
        )
        for r in db.query(_SQL, [event_id])
    ]


def speech_row(db: Database, speech_id: int) -> dict:
    """The stored row of one speech (for undo)."""
    rows = list(db.query("SELECT * FROM speeches WHERE id = ?", [speech_id]))
    if not rows:
        raise NotFoundError(f"Không còn tham luận số {speech_id}; hãy tải lại danh sách.")
    return rows[0]


def clean_speech_changes(db: Database, event_id: int, changes: dict) -> dict:
    """Validate fields of a speech; a Vietnamese sentence for each bad value."""
    out = {}
    for key, raw in changes.items():
        if key not in SPEECH_FIELDS:
            raise ValueError(f"unknown speech field {key}")
        if key == "title":
            out[key] = clean_title(raw, "Tên tham luận (hoặc video) không được để trống.")
        elif key == "kind":
            if raw not in KINDS:
                raise ValidationError(f"Loại “{raw}” không hợp lệ: chỉ nhận tham luận hoặc video.")
            out[key] = raw
        elif key == "video_kind":
            if raw not in ("", *VIDEO_KINDS):
                raise ValidationError(f"Loại video “{raw}” không hợp lệ.")
            out[key] = raw
        elif key == "duration_min":
            out[key] = clean_minutes(raw, 1, 7)
        elif key == "delegate_id":
            out[key] = check_delegate(db, event_id, raw,
                                      "Người trình bày phải là đại biểu của chính sự kiện này.")
        elif key == "agenda_item_id":
            item = db.execute("SELECT event_id FROM agenda_items WHERE id = ?", [raw]).fetchone() if raw else None
            if raw is not None and (item is None or item[0] != event_id):
                raise ValidationError("Chỉ gắn được video vào một mục chương trình của chính sự kiện này.")
            out[key] = raw
        else:
            out[key] = clean_text(raw)
    return out


def add_speech(db: Database, event_id: int, title: str, delegate_id: int | None = None,
               kind: str = "speech", video_kind: str = "", field: str | None = None,
               duration_min: int | None = None, agenda_item_id: int | None = None) -> int:
    """Add a speech or video at the end; the field defaults to the speaker's.

    `agenda_item_id` shows it within that item of the agenda (None: placed by its kind).
    """
    event = repository.event(db, event_id)
    rules = limits(db, event.plan_id)
    if kind == "video" and not video_kind:
        video_kind = "exemplar" if delegate_id else "overview"
    if duration_min is None:
        duration_min = rules.default_minutes
        if kind == "video" and video_kind == "overview" and rules.overview_minutes:
            duration_min = rules.overview_minutes
    if field is None and delegate_id:
        row = db.execute("SELECT field FROM delegates WHERE id = ?", [delegate_id]).fetchone()
        field = row[0] if row else ""
    values = clean_speech_changes(db, event_id, {
        "kind": kind, "video_kind": video_kind if kind == "video" else "", "delegate_id": delegate_id,
        "title": title, "field": field or "", "duration_min": duration_min, "agenda_item_id": agenda_item_id})
    with db.atomic():
        position = db.execute("SELECT COALESCE(max(position) + 1, 0) FROM speeches WHERE event_id = ?",
                              [event_id]).fetchone()[0]
        return db["speeches"].insert({"event_id": event_id, "position": position,
                                      "vetting": "pending", **values}).last_pk


def update_speech(db: Database, speech_id: int, **changes) -> dict:
    """Change fields of a speech; return the old values (for undo)."""
    row = speech_row(db, speech_id)
    values = clean_speech_changes(db, row["event_id"], changes)
    old = {k: row[k] for k in values}
    with db.atomic():
        db["speeches"].update(speech_id, values)
    return old


def set_vetting(db: Database, speech_id: int, state: str, on: dt.date | str | None = None) -> tuple:
    """Record the council's decision (today when no date); return the old (state, date)."""
    if state not in VETTING:
        raise ValidationError(f"Trạng thái thẩm định “{state}” không hợp lệ.")
    row = speech_row(db, speech_id)
    if isinstance(on, dt.date):
        on = on.isoformat()
    if state == "pending":
        on = None
    elif not on:
        on = dt.date.today().isoformat()
    with db.atomic():
        db.execute("UPDATE speeches SET vetting = ?, vetted_on = ? WHERE id = ?", [state, on, speech_id])
    return row["vetting"], row["vetted_on"]


def delete_speech(db: Database, speech_id: int) -> dict:
    """Delete a speech; return its row so it can be restored."""
    row = speech_row(db, speech_id)
    with db.atomic():
        db.execute("DELETE FROM speeches WHERE id = ?", [speech_id])
    return row


def restore_speech(db: Database, row: dict) -> int:
    """Put a deleted speech back (undo of delete)."""
    with db.atomic():
        db["speeches"].insert(dict(row))
    return row["id"]


def move_speech(db: Database, speech_id: int, to_index: int) -> int:
    """Move a speech to `to_index` (0-based) among the event's; return its old index."""
    row = speech_row(db, speech_id)
    with db.atomic():
        ids = [r[0] for r in db.execute(
            "SELECT id FROM speeches WHERE event_id = ? ORDER BY position, id", [row["event_id"]])]
        old = ids.index(speech_id)
        ids.remove(speech_id)
        ids.insert(max(0, min(to_index, len(ids))), speech_id)
        for position, sid in enumerate(ids):
            db.execute("UPDATE speeches SET position = ? WHERE id = ?", [position, sid])
    return old


def mix(db: Database, event_id: int) -> Mix:
    """Fields and sectors of the speeches (videos of exemplars count with their speaker)."""
    event = repository.event(db, event_id)
    items = [s for s in speeches(db, event_id) if s.kind == "speech" or s.video_kind == "exemplar"]
    fields = Counter(s.field or "(chưa ghi lĩnh vực)" for s in items)
    sectors = Counter(s.sector for s in items if s.sector)
    known = repository.plan_rules(db, event.plan_id).structure.fields
    return Mix(
        fields=sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])),
        sectors=sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0])),
        missing_fields=[f for f in known if f not in fields],
    )
