"""Plan model blocks the agenda, the script and the dossiers read: typed, validated on load.

Part of the model (`templates/model.py` re-exports them): a value of the wrong
kind becomes a Vietnamese sentence through the Reader, never a TypeError later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thidua_desktop.templates.model_reader import Reader, flag


@dataclass(frozen=True)
class AgendaItemRule:
    """One item of the template's standard agenda (the title's placeholders not yet filled)."""

    kind: str
    title: str
    minutes: int = 5
    required: bool = False
    congress_only: bool = False
    note: str = ""
    in_standard: bool = True  # put in a new agenda (False: offered in the palette only)
    event_types: tuple[str, ...] = ()  # the event types whose standard agenda has it (empty: all)


@dataclass(frozen=True)
class DossierRule:
    """A dossier checklist of the template: its code, name, event type and receiving office."""

    code: str
    name: str
    event_type: str = ""
    submitted_to: str = ""


def read_agenda(block: Any, r: Reader) -> tuple[AgendaItemRule, ...]:
    """The `agenda.items` block; an item without a kind is left out (the loader says why)."""
    items = r.obj(block, "agenda").get("items")
    if items is None:
        return ()
    if not isinstance(items, list):
        r.fail("agenda.items", "phải là một danh sách mục")
        return ()
    out = []
    for i, item in enumerate(items):
        where = f"agenda.items[{i}]"
        item = r.obj(item, where)
        kind = r.text(item.get("kind"), f"{where}.kind")
        if not kind:
            continue
        out.append(AgendaItemRule(
            kind=kind, title=r.text(item.get("title"), f"{where}.title", kind) or kind,
            minutes=r.number(item.get("minutes"), f"{where}.minutes", 0, 1440, integer=True, default=5),
            required=flag(r, item.get("required"), f"{where}.required", False),
            congress_only=flag(r, item.get("congress_only"), f"{where}.congress_only", False),
            note=r.text(item.get("note"), f"{where}.note"),
            in_standard=flag(r, item.get("in_standard"), f"{where}.in_standard", True),
            event_types=r.texts(item.get("event_types"), f"{where}.event_types"),
        ))
    return tuple(out)


def read_script_wording(block: Any, r: Reader) -> dict[str, dict[str, str]]:
    """The `script_wording` block's texts ({kind: {field: text}}); the loader checks each against
    the script's own list (domain/script_wording.problems), here only the shape."""
    out: dict[str, dict[str, str]] = {}
    for kind, fields in r.obj(block, "script_wording").items():
        for name, text in r.obj(fields, f"script_wording.{kind}").items():
            if isinstance(text, str):
                out.setdefault(kind, {})[name] = text
            else:
                r.fail(f"script_wording.{kind}.{name}", "phải là một chuỗi chữ")
    return out


def read_dossiers(block: Any, r: Reader) -> tuple[DossierRule, ...]:
    """The dossiers' names, event types and offices (their items are the loader's and the tables')."""
    if block is None:
        return ()
    if not isinstance(block, list):
        r.fail("dossiers", "phải là một danh sách")
        return ()
    out = []
    for i, item in enumerate(block):
        item = r.obj(item, f"dossiers[{i}]")
        code = r.text(item.get("code"), f"dossiers[{i}].code")
        if code:
            out.append(DossierRule(code, r.text(item.get("name"), f"dossiers[{i}].name", code),
                                   r.text(item.get("event_type"), f"dossiers[{i}].event_type"),
                                   r.text(item.get("submitted_to"), f"dossiers[{i}].submitted_to")))
    return tuple(out)
