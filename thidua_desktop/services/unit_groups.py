"""Units as a tree with groups: cluster and bloc membership, heads, and whom a milestone targets.

A group (cụm, khối thi đua) is a unit whose kind's level is "group"; its
members stay in the organiser's list and are linked to it in `unit_groups`,
one of them marked as its head. A template's milestone targets units by
`applies_to`:

- "office": the organiser; "units": every subordinate unit that is not a group;
- "selected": the units named in `units`; "pilot": the pilot units;
- "kinds": the units whose kind is in `kinds`;
- "groups": the groups themselves (every one, or those named in `groups`);
- "group_heads": the heads of the groups (of those named, or of all);
- "group_members": the members of the groups (of those named, or of all).

No Qt; writes only inside the caller's transaction.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.errors import ValidationError
from thidua_desktop.services.unit_list import UnitSpec

TARGETS = ("office", "units", "pilot", "selected", "kinds", "groups", "group_heads", "group_members")
# Targets kept as JSON beside the resolved units, so "save as template" gives the choice back.
_BY_RULE = ("kinds", "groups", "group_heads", "group_members")


def group_kinds(template) -> dict[str, str]:
    """Group kinds' names -> codes ("Cụm thi đua" -> "cum")."""
    return {k["name"]: k["code"] for k in template.data["unit_kinds"] if k["level"] == "group"}


def link_groups(db: Database, template, org_id: int, unit_rows: list[tuple[int, UnitSpec]],
                ensure_unit) -> list[tuple[int, UnitSpec]]:
    """Create the groups the units name (when not listed) and link the members; return all rows.

    `ensure_unit(kind, name, position)` creates or finds a unit under the organiser.
    """
    kinds = {k["code"]: k for k in template.data["unit_kinds"]}
    by_full = {fold(f"{kinds[s.kind]['name']} {s.name}"): uid for uid, s in unit_rows
               if kinds[s.kind]["level"] == "group"}
    rows = list(unit_rows)
    named = sorted(group_kinds(template).items(), key=lambda kv: -len(kv[0]))
    position = len(rows)
    for uid, spec in unit_rows:
        for order, group in enumerate(spec.groups):
            key = fold(group)
            if key not in by_full:
                kind = next((code for name, code in named if key.startswith(fold(name) + " ")), None)
                if kind is None:
                    choices = ", ".join(name for name, _c in named) or "(mẫu không có loại cụm, khối)"
                    raise ValidationError(
                        f"Đơn vị “{spec.name}” thuộc “{group}”, nhưng tên này không bắt đầu bằng một "
                        f"loại cụm, khối của mẫu ({choices}).")
                name = group[len(next(n for n, c in named if c == kind)):].strip()
                position += 1
                gid = ensure_unit(kind, name, position)
                by_full[key] = gid
                rows.append((gid, UnitSpec(kind, name)))
            gid = by_full[key]
            if gid == uid:
                raise ValidationError(f"Cụm, khối “{group}” không thể là thành viên của chính nó.")
            db.execute(
                "INSERT INTO unit_groups(group_id, unit_id, is_head, position) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(group_id, unit_id) DO UPDATE SET is_head = max(is_head, excluded.is_head)",
                [gid, uid, int(spec.heads), order])
    _one_head_each(db, [gid for gid in by_full.values()])
    return rows


def _one_head_each(db: Database, group_ids: list[int]) -> None:
    for gid in group_ids:
        heads = db.execute("SELECT count(*) FROM unit_groups WHERE group_id = ? AND is_head = 1",
                           [gid]).fetchone()[0]
        if heads > 1:
            name = db.execute("SELECT name FROM units WHERE id = ?", [gid]).fetchone()[0]
            raise ValidationError(f"Cụm, khối “{name}” có {heads} đơn vị trưởng; mỗi cụm, khối chỉ "
                                  f"có một đơn vị trưởng.")


def _group_filter(db: Database, item: dict, group_ids: list[int]) -> list[int]:
    """The groups a target names (all groups when it names none); an unknown name says so."""
    names = item.get("groups") or []
    if not names:
        return group_ids
    full = {}
    for gid in group_ids:
        name, kind_name = db.execute(
            "SELECT u.name, k.name FROM units u JOIN unit_kinds k ON k.code = u.kind WHERE u.id = ?",
            [gid]).fetchone()
        full[fold(f"{kind_name} {name}")] = gid
        full.setdefault(fold(name), gid)
    chosen = []
    for name in names:
        if fold(name) not in full:
            raise ValidationError(f"Mốc “{item.get('title', '')}” của mẫu dành cho “{name}”, nhưng cụm, "
                                  f"khối này không có trong danh sách đơn vị.")
        chosen.append(full[fold(name)])
    return chosen


def resolve_targets(db: Database, item: dict, org_id: int, unit_rows, kinds: dict,
                    pilot_units: list[int]) -> list[int]:
    """The unit ids a template milestone (or checklist) applies to."""
    applies = item.get("applies_to", "office")
    groups = [uid for uid, spec in unit_rows if kinds[spec.kind]["level"] == "group"]
    if applies == "office":
        return [org_id]
    if applies == "units":
        return [uid for uid, spec in unit_rows if kinds[spec.kind]["level"] != "group"]
    if applies == "pilot":
        return pilot_units
    if applies == "selected":
        by_name = {fold(spec.name): uid for uid, spec in unit_rows}
        by_name.update({fold(f"{kinds[s.kind]['name']} {s.name}"): uid for uid, s in unit_rows})
        out = []
        for name in item.get("units", []):
            if fold(name) not in by_name:
                raise ValidationError(
                    f"Mốc “{item.get('title', '')}” của mẫu dành cho đơn vị “{name}”, nhưng đơn vị này "
                    f"không có trong danh sách đơn vị trực thuộc. Hãy thêm đơn vị đó hoặc sửa mốc trong mẫu.")
            out.append(by_name[fold(name)])
        return list(dict.fromkeys(out))
    if applies == "kinds":
        wanted = set(item.get("kinds", []))
        return [uid for uid, spec in unit_rows if spec.kind in wanted]
    chosen = _group_filter(db, item, groups)
    if applies == "groups":
        return chosen
    marks = ",".join("?" * len(chosen)) or "NULL"
    head = " AND is_head = 1" if applies == "group_heads" else ""
    order = {uid: i for i, (uid, _s) in enumerate(unit_rows)}
    found = {r[0] for r in db.execute(
        f"SELECT unit_id FROM unit_groups WHERE group_id IN ({marks}){head}", chosen)}
    return sorted(found, key=lambda u: order.get(u, 1 << 30))


def target_json(item: dict) -> str:
    """What to keep of a target chosen by rule ('' for the plain ones)."""
    applies = item.get("applies_to", "office")
    if applies not in _BY_RULE:
        return ""
    kept = {"applies_to": applies}
    for key in ("kinds", "groups"):
        if item.get(key):
            kept[key] = list(item[key])
    return json.dumps(kept, ensure_ascii=False)


def groups_of(db: Database) -> dict[int, list[int]]:
    """unit id -> the groups it belongs to, in order."""
    out: dict[int, list[int]] = {}
    for gid, uid in db.execute("SELECT group_id, unit_id FROM unit_groups ORDER BY position, group_id"):
        out.setdefault(uid, []).append(gid)
    return out


def plan_unit_rows(db: Database, organiser_id: int) -> tuple[list[tuple[int, UnitSpec]], dict]:
    """The organiser's units as (id, spec) rows and the kinds by code, read back from a file."""
    kinds = {r["code"]: r for r in db.query("SELECT code, name, level FROM unit_kinds")}
    rows = [(r[0], UnitSpec(r[1], r[2])) for r in db.execute(
        "SELECT id, kind, name FROM units WHERE parent_id = ? ORDER BY position, id", [organiser_id])]
    return rows, kinds


def checklist_units(db: Database, event_id: int, target: str) -> list[int] | None:
    """The units a checklist chosen by rule covers for a run at `event_id` (None: no rule).

    A run started from a group's own event (a cluster's conference) covers that
    group's members or head only.
    """
    try:
        rule = json.loads(target) if target else None
    except ValueError:
        rule = None
    if not isinstance(rule, dict) or rule.get("applies_to") not in _BY_RULE:
        return None
    org, host = db.execute(
        "SELECT p.organiser_id, e.unit_id FROM events e JOIN plans p ON p.id = e.plan_id WHERE e.id = ?",
        [event_id]).fetchone()
    rows, kinds = plan_unit_rows(db, org)
    by_id = dict(rows)
    if host in by_id and kinds[by_id[host].kind]["level"] == "group" and not rule.get("groups"):
        name = f"{kinds[by_id[host].kind]['name']} {by_id[host].name}"
        rule = {**rule, "groups": [name]}
    return resolve_targets(db, rule, org, rows, kinds, [])
