"""Whom a milestone or a dossier checklist is for, chosen in the window: one shape, checked here.

The shapes are the template's (`services/unit_groups.py`): the office, every
unit, units chosen one by one, units of some kinds, the clusters and blocs
themselves, their heads, their members. A rule shape (kinds, groups, heads,
members) is kept as JSON beside the units it gives (`target_json`), so "save
the plan as a template" writes the rule back, not the units of this file.
`rule()` cleans the officer's choice against the plan's own kinds and groups
(a Vietnamese sentence otherwise); `resolve()` gives the units. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.unit_groups import plan_unit_rows, resolve_targets, target_json

SHAPES = {
    "office": "Cơ quan chủ trì kế hoạch",
    "units": "Mọi đơn vị trực thuộc",
    "selected": "Các đơn vị được chọn",
    "kinds": "Các đơn vị thuộc loại…",
    "groups": "Các cụm, khối thi đua",
    "group_heads": "Đơn vị trưởng các cụm, khối",
    "group_members": "Đơn vị thành viên các cụm, khối",
}
BY_RULE = ("kinds", "groups", "group_heads", "group_members")
GROUP_SHAPES = ("groups", "group_heads", "group_members")


@dataclass(frozen=True)
class Choices:
    """What a plan offers to choose from: its units, the kinds they are, its groups."""

    units: list[tuple[int, str]]  # (id, "Xã Tân Lợi"), not groups
    kinds: list[tuple[str, str]]  # (code, "Xã") of the kinds its units are
    groups: list[str]  # "Cụm thi đua số 1", as a rule names them


def choices(db: Database, plan_id: int) -> Choices:
    """The plan's units, kinds and groups, in the organiser's order."""
    org = repository.plan(db, plan_id).organiser_id
    rows, kinds = plan_unit_rows(db, org)
    units, used, groups = [], {}, []
    for uid, spec in rows:
        kind = kinds[spec.kind]
        full = f"{kind['name']} {spec.name}"
        if kind["level"] == "group":
            groups.append(full)
            continue
        units.append((uid, full))
        used.setdefault(spec.kind, kind["name"])
    return Choices(units, list(used.items()), groups)


def rule(db: Database, plan_id: int, shape: str, kinds=(), groups=()) -> dict:
    """The officer's choice as a template rule ({"applies_to": ..., "kinds"|"groups": [...]}).

    Kinds and groups must be the plan's; the groups shapes with no group named
    mean every group. A sentence names what is wrong.
    """
    if shape not in SHAPES:
        raise ValidationError(f"Phạm vi áp dụng “{shape}” không có; hãy chọn một trong: "
                              + ", ".join(SHAPES.values()) + ".")
    offer = choices(db, plan_id)
    entry: dict = {"applies_to": shape}
    if shape == "kinds":
        known = dict(offer.kinds)
        wanted = list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in known]
        if unknown:
            raise ValidationError(f"Loại đơn vị “{unknown[0]}” không có trong kế hoạch này.")
        if not wanted:
            raise ValidationError("Hãy chọn ít nhất một loại đơn vị.")
        entry["kinds"] = wanted
    if shape in GROUP_SHAPES:
        if not offer.groups:
            raise ValidationError("Kế hoạch này chưa có cụm, khối thi đua nào; hãy chọn phạm vi khác.")
        wanted = list(dict.fromkeys(groups))
        unknown = [g for g in wanted if g not in offer.groups]
        if unknown:
            raise ValidationError(f"Cụm, khối “{unknown[0]}” không có trong kế hoạch này.")
        if wanted and len(wanted) < len(offer.groups):
            entry["groups"] = wanted
    return entry


def resolve(db: Database, plan_id: int, entry: dict) -> list[int]:
    """The units a rule gives in this plan; a rule that reaches none says so."""
    org = repository.plan(db, plan_id).organiser_id
    rows, kinds = plan_unit_rows(db, org)
    found = resolve_targets(db, entry, org, rows, kinds, [])
    if not found and entry.get("applies_to") in BY_RULE:
        raise ValidationError(f"Phạm vi “{SHAPES[entry['applies_to']]}” không có đơn vị nào trong kế hoạch "
                              "này; hãy chọn phạm vi khác.")
    return found


def stored(entry: dict) -> str:
    """The JSON kept beside the units ('' for the plain shapes)."""
    return target_json(entry)


def describe(entry: dict | None, kind_names: dict[str, str] | None = None) -> str:
    """The rule in words, for a caption: "Đơn vị trưởng các cụm, khối (Cụm thi đua số 1)"."""
    if not entry:
        return "Các đơn vị tổ chức sự kiện cùng loại (mặc định)"
    text = SHAPES.get(entry.get("applies_to", ""), entry.get("applies_to", ""))
    names = kind_names or {}
    named = entry.get("groups") or [names.get(k, k) for k in entry.get("kinds") or []]
    return f"{text.rstrip('…')} ({', '.join(named)})" if named else text.rstrip("…")
