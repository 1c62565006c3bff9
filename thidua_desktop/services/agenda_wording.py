"""The MC's wording of one event, the covenant's signing units, videos attached to an item.

Wording is layered (domain/script_wording.py): shipped defaults, the plan's
template (`script_wording` in the plan's rules), then what the officer
changed for this event (table `event_wording`). Editing one event never
touches the template nor another event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain import script_wording as sw
from thidua_desktop.domain.names import clean_text
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import repository


@dataclass(frozen=True)
class WordingRow:
    """One sentence of the event's script as the editor lists it."""

    kind: str
    field: str
    kind_label: str
    label: str
    text: str  # what the script will say (resolved)
    template_text: str  # what it says without the event's own edit
    edited: bool  # the officer changed it for this event
    placeholders: tuple[str, ...]


def event_edits(db: Database, event_id: int) -> sw.Wording:
    """The officer's own wording for this event only."""
    out: sw.Wording = {}
    for r in db.query("SELECT kind, field, text FROM event_wording WHERE event_id = ?", [event_id]):
        out.setdefault(r["kind"], {})[r["field"]] = r["text"]
    return out


def template_layer(db: Database, event_id: int) -> sw.Wording:
    """The plan template's wording block (empty for templates without one), from the typed model."""
    event = repository.event(db, event_id)
    return {kind: dict(fields) for kind, fields in repository.plan_rules(db, event.plan_id).script_wording.items()}


def event_wording(db: Database, event_id: int) -> sw.Wording:
    """Every sentence the script of this event uses, layered."""
    return sw.resolve(template_layer(db, event_id), event_edits(db, event_id))


def wording_rows(db: Database, event_id: int, kinds: list[str] | None = None) -> list[WordingRow]:
    """The sentences of the given kinds (default: every kind), for the editor."""
    base = sw.resolve(template_layer(db, event_id))
    edits = event_edits(db, event_id)
    rows = []
    for kind in kinds or list(sw.SPEC):
        for field, spec in sw.SPEC.get(kind, {}).items():
            own = edits.get(kind, {}).get(field)
            rows.append(WordingRow(kind, field, sw.KIND_LABELS.get(kind, kind), spec.label,
                                   own if own is not None else base[kind][field], base[kind][field],
                                   own is not None, spec.placeholders))
    return rows


def set_wording(db: Database, event_id: int, kind: str, field: str, text: str | None) -> str | None:
    """Set (or with None/"" clear) the event's own text of kind.field; return the old own text.

    A bad text gets a Vietnamese sentence naming the sentence and what is
    expected, and nothing is written.
    """
    repository.event(db, event_id)
    label = f"{sw.KIND_LABELS.get(kind, kind)} – {sw.SPEC.get(kind, {}).get(field, sw.FieldSpec(field)).label}"
    cleaned = clean_text(sw.strip_controls(str(text))) if text is not None else ""
    old = event_edits(db, event_id).get(kind, {}).get(field)
    if cleaned:
        problem = sw.check_text(kind, field, cleaned)
        if problem:
            raise ValidationError(f"Lời dẫn “{label}” {problem}.")
    elif field not in sw.SPEC.get(kind, {}):
        raise ValidationError(f"Lời dẫn “{label}” không có trong danh sách lời dẫn.")
    with db.atomic():
        db.execute("DELETE FROM event_wording WHERE event_id = ? AND kind = ? AND field = ?",
                   [event_id, kind, field])
        if cleaned:
            db.execute("INSERT INTO event_wording (event_id, kind, field, text) VALUES (?, ?, ?, ?)",
                       [event_id, kind, field, cleaned])
    return old


# --- covenant signatories -------------------------------------------------------

def signing_units(db: Database, item_id: int) -> list[tuple[int, str]]:
    """(unit id, "xã Thanh An") of the units signing the covenant in this item, in order."""
    from thidua_desktop.services.agenda_service import unit_phrase

    return [(r["id"], unit_phrase(r["kind_name"], r["name"])) for r in db.query(
        "SELECT u.id, u.name, k.name AS kind_name FROM agenda_item_units s JOIN units u ON u.id = s.unit_id "
        "LEFT JOIN unit_kinds k ON k.code = u.kind WHERE s.item_id = ? ORDER BY s.position, u.position, u.id",
        [item_id])]


def set_signing_units(db: Database, item_id: int, unit_ids: list[int]) -> list[int]:
    """Make these units (in this order) the covenant's signatories; return the old ids."""
    if db.execute("SELECT 1 FROM agenda_items WHERE id = ?", [item_id]).fetchone() is None:
        raise NotFoundError(f"Không còn mục chương trình số {item_id}; hãy tải lại chương trình.")
    known = {r[0] for r in db.execute("SELECT id FROM units")}
    unknown = [u for u in unit_ids if u not in known]
    if unknown:
        raise ValidationError("Đơn vị ký kết phải là đơn vị của kế hoạch; hãy chọn lại trong danh sách.")
    old = [u for u, _ in signing_units(db, item_id)]
    with db.atomic():
        db.execute("DELETE FROM agenda_item_units WHERE item_id = ?", [item_id])
        for position, unit_id in enumerate(dict.fromkeys(unit_ids)):
            db.execute("INSERT INTO agenda_item_units (item_id, unit_id, position) VALUES (?, ?, ?)",
                       [item_id, unit_id, position])
    return old


# --- videos attached to an item -----------------------------------------------

def attach(db: Database, speech_id: int, item_id: int | None) -> int | None:
    """Show a speech or video within `item_id` (None: placed by its kind); return the old item."""
    from thidua_desktop.services.agenda_speeches import update_speech

    return update_speech(db, speech_id, agenda_item_id=item_id)["agenda_item_id"]
