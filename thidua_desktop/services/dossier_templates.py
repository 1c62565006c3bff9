"""Dossier checklist templates of a plan: read, edit, copy; edits reach the runs.

The plan's templates live in `dossier_templates` / `dossier_template_items`
(copied from the plan template at creation). Every edit is mirrored into the
plan's rules JSON (so "save the plan as a template" carries it) and resyncs
the runs of the template (new items appear, deadlines move).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import dossier_service, repository, unit_targets


@dataclass(frozen=True)
class TemplateItemData:
    """One item as the officer edits it (plain input)."""

    name: str
    due: dict
    required: bool = True
    copies: int = 1
    per_delegate: bool = False
    code: str = ""
    source: str = ""
    per_proposal: bool = False  # owed once per reward proposal (a round's checklist, services/awards_dossier)


@dataclass(frozen=True)
class TemplateItem:
    """One item of a template."""

    id: int
    template_id: int
    code: str
    name: str
    required: bool
    copies: int
    per_delegate: bool
    due: dict
    source: str
    position: int
    per_proposal: bool = False

    def data(self) -> TemplateItemData:
        """The editable part."""
        return TemplateItemData(self.name, dict(self.due), self.required, self.copies,
                                self.per_delegate, self.code, self.source, self.per_proposal)

    @property
    def owed_per(self) -> str:
        """Whom one copy is owed by: "Mỗi đề nghị", "Mỗi đại biểu" or "Mỗi đơn vị"."""
        return "Mỗi đề nghị" if self.per_proposal else "Mỗi đại biểu" if self.per_delegate else "Mỗi đơn vị"

    @property
    def due_text(self) -> str:
        """The deadline as the plans phrase it."""
        try:
            return Deadline.from_dict(self.due).describe()
        except (KeyError, ValueError, TypeError):
            return "(chưa đặt hạn)"


@dataclass(frozen=True)
class Template:
    """A checklist template with its items."""

    id: int
    plan_id: int
    code: str
    name: str
    source: str
    event_type: str
    submitted_to: str
    items: list[TemplateItem] = field(default_factory=list)
    target: str = ""  # JSON rule of the units that submit it ('' = those holding the event type)

    @property
    def target_rule(self) -> dict:
        """The target rule as a dict ({} for the default)."""
        try:
            rule = json.loads(self.target) if self.target else {}
        except ValueError:
            return {}
        return rule if isinstance(rule, dict) else {}


def _rules(db: Database, plan_id: int) -> dict:
    """The plan's stored rules document, to write the mirror back (reads go through the model)."""
    row = db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}


def templates(db: Database, plan_id: int) -> list[Template]:
    """The plan's checklist templates with their items, in order."""
    rule_meta = {d.code: d for d in repository.plan_rules(db, plan_id).dossiers} if \
        db.execute("SELECT 1 FROM plans WHERE id = ?", [plan_id]).fetchone() else {}
    result = []
    for t in db.query("SELECT * FROM dossier_templates WHERE plan_id = ? ORDER BY id", [plan_id]):
        meta = rule_meta.get(t["code"])
        items = [
            TemplateItem(r["id"], r["template_id"], r["code"], r["name"], bool(r["required"]),
                         r["copies"], bool(r["per_delegate"]), _load_due(r["due"]), r["source"],
                         r["position"], bool(r["per_proposal"]))
            for r in db.query(
                "SELECT * FROM dossier_template_items WHERE template_id = ? ORDER BY position, id", [t["id"]])
        ]
        # Plans made before the columns existed keep these in the rules JSON only.
        result.append(Template(
            t["id"], t["plan_id"], t["code"], t["name"], t["source"],
            t["event_type"] or (meta.event_type if meta else ""),
            t["submitted_to"] or (meta.submitted_to if meta else ""),
            items, t["target"] or ""))
    return result


def template(db: Database, template_id: int) -> Template:
    """One template by id."""
    row = db.execute("SELECT plan_id FROM dossier_templates WHERE id = ?", [template_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có mẫu hồ sơ số {template_id}.")
    return next(t for t in templates(db, row[0]) if t.id == template_id)


def _load_due(text: str) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _code(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:40] or "muc"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def validate_item(data: TemplateItemData, no_deadline: bool = False) -> TemplateItemData:
    """A clean item, or a ValidationError saying what to fix. `no_deadline`: an empty deadline ({})
    is allowed (a reward round's checklist, which has no event type and is owed before the council)."""
    name = clean_text(data.name)
    if not name:
        raise ValidationError("Tên mục hồ sơ không được để trống.")
    copies = data.copies
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 99:
        raise ValidationError(f"Số bản của “{name}” phải là số nguyên từ 1 đến 99.")
    due = {k: v for k, v in (data.due or {}).items() if k != "source"}
    try:
        if due or not no_deadline:  # {} is "no deadline", allowed only where the checklist may go without
            Deadline.from_dict(due)
    except (KeyError, ValueError, TypeError) as exc:
        raise ValidationError(f"Hạn nộp của “{name}” chưa hợp lệ ({exc}); hãy chọn lại hạn.") from exc
    if data.per_delegate and data.per_proposal:
        raise ValidationError(f"Mục “{name}” chỉ tính được theo đại biểu hoặc theo đề nghị khen thưởng, "
                              "không cả hai; hãy bỏ một trong hai dấu.")
    source = clean_text(data.source) or clean_text((data.due or {}).get("source")) or "Cán bộ chỉnh sửa"
    return TemplateItemData(name, due, bool(data.required), copies, bool(data.per_delegate),
                            clean_text(data.code), source, bool(data.per_proposal))


def _row(data: TemplateItemData) -> dict:
    return {"name": data.name, "required": int(data.required), "copies": data.copies,
            "per_delegate": int(data.per_delegate), "per_proposal": int(data.per_proposal),
            "due": json.dumps({**data.due, "source": data.source}, ensure_ascii=False),
            "source": data.source}


def add_item(db: Database, template_id: int, data: TemplateItemData, position: int | None = None,
             item_id: int | None = None) -> int:
    """Add an item (at `position`, default last); runs of the template get it. Returns its id."""
    tpl = template(db, template_id)
    data = validate_item(data, no_deadline=not tpl.event_type)
    taken = {i.code for i in tpl.items}
    code = data.code if data.code and data.code not in taken else _code(data.name, taken)
    with db.atomic():
        if position is None:
            position = len(tpl.items)
        db.execute("UPDATE dossier_template_items SET position = position + 1 "
                   "WHERE template_id = ? AND position >= ?", [template_id, position])
        row = {"template_id": template_id, "code": code, "position": position, **_row(data)}
        if item_id is not None:
            row["id"] = item_id
        new_id = db["dossier_template_items"].insert(row).last_pk
        _after_edit(db, template_id)
    return new_id


def update_item(db: Database, item_id: int, data: TemplateItemData) -> None:
    """Change an item (name, copies, flags, deadline); runs follow."""
    template_id = _item_template(db, item_id)
    data = validate_item(data, no_deadline=not template(db, template_id).event_type)
    with db.atomic():
        db["dossier_template_items"].update(item_id, _row(data))
        _after_edit(db, template_id)


def recorded_count(db: Database, item_id: int) -> int:
    """How many units' entries of this item have a state, a note or a file."""
    return db.execute(
        "SELECT count(*) FROM dossier_items i WHERE i.template_item_id = ? AND (i.state != 'missing' "
        "OR i.note != '' OR EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_item_id = i.id))",
        [item_id]).fetchone()[0]


def remove_item(db: Database, item_id: int) -> TemplateItem:
    """Remove an item nobody has sent yet; return it (to put it back on undo)."""
    template_id = _item_template(db, item_id)
    removed = next(i for i in template(db, template_id).items if i.id == item_id)
    if recorded_count(db, item_id):
        raise ValidationError(
            f"Đã có đơn vị nộp “{removed.name}”, nên không xóa mục này được. "
            "Nếu không cần nữa, hãy bỏ dấu “Bắt buộc”.")
    with db.atomic():
        db.execute("DELETE FROM dossier_template_items WHERE id = ?", [item_id])
        db.execute("UPDATE dossier_template_items SET position = position - 1 "
                   "WHERE template_id = ? AND position > ?", [template_id, removed.position])
        _after_edit(db, template_id)
    return removed


def restore_item(db: Database, item: TemplateItem) -> None:
    """Put a removed item back with its id and place (undo of remove_item)."""
    add_item(db, item.template_id, item.data(), item.position, item.id)


def move_item(db: Database, item_id: int, delta: int) -> None:
    """Move an item up (-1) or down (+1) in its checklist."""
    template_id = _item_template(db, item_id)
    ids = [i.id for i in template(db, template_id).items]
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + delta))
    if target == index:
        return
    ids.insert(target, ids.pop(index))
    with db.atomic():
        for position, iid in enumerate(ids):
            db.execute("UPDATE dossier_template_items SET position = ? WHERE id = ?", [position, iid])
        _after_edit(db, template_id, resync=False)


def _item_template(db: Database, item_id: int) -> int:
    row = db.execute("SELECT template_id FROM dossier_template_items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có mục hồ sơ số {item_id}.")
    return row[0]


def create_template(db: Database, plan_id: int, name: str, event_type: str, submitted_to: str = "",
                    copy_from: int | None = None) -> int:
    """A new checklist for the plan, empty or a copy of another; returns its id."""
    name = clean_text(name)
    if not name:
        raise ValidationError("Hãy đặt tên cho mẫu hồ sơ.")
    types = set(repository.plan_rules(db, plan_id).event_type_names)
    types |= {r[0] for r in db.execute("SELECT DISTINCT type_code FROM events WHERE plan_id = ?", [plan_id])}
    if event_type not in types:
        raise ValidationError(f"Loại sự kiện “{event_type}” không có trong kế hoạch.")
    taken = {t.code for t in templates(db, plan_id)}
    with db.atomic():
        new_id = db["dossier_templates"].insert({
            "plan_id": plan_id, "code": _code(name, taken), "name": name, "source": "Cán bộ lập",
            "event_type": event_type, "submitted_to": clean_text(submitted_to)}).last_pk
        if copy_from is not None:
            for item in template(db, copy_from).items:
                db["dossier_template_items"].insert({
                    "template_id": new_id, "code": item.code, "position": item.position,
                    **_row(validate_item(item.data()))})
        _after_edit(db, new_id, resync=False)
    return new_id


def update_template(db: Database, template_id: int, name: str, submitted_to: str) -> None:
    """Rename a template or change who receives it (its runs keep their names)."""
    name = clean_text(name)
    if not name:
        raise ValidationError("Tên mẫu hồ sơ không được để trống.")
    with db.atomic():
        db["dossier_templates"].update(template_id, {"name": name, "submitted_to": clean_text(submitted_to)})
        _after_edit(db, template_id, resync=False)


def set_target(db: Database, template_id: int, shape: str, kinds=(), groups=()) -> str:
    """Whom the checklist is for: '' (the units holding its event type) or a rule shape
    (kinds, groups, their heads or members). Returns the old target, for undo."""
    tpl = template(db, template_id)
    if shape == "":
        stored = ""
    else:
        if shape not in unit_targets.BY_RULE:
            raise ValidationError(f"Mẫu hồ sơ không dùng được phạm vi “{unit_targets.SHAPES.get(shape, shape)}”.")
        entry = unit_targets.rule(db, tpl.plan_id, shape, kinds, groups)
        unit_targets.resolve(db, tpl.plan_id, entry)  # a rule reaching no unit says so
        stored = unit_targets.stored(entry)
    restore_target(db, template_id, stored)
    return tpl.target


def restore_target(db: Database, template_id: int, target: str) -> None:
    """Store a target as it was (undo of set_target); the plan's rules follow."""
    with db.atomic():
        db.execute("UPDATE dossier_templates SET target = ? WHERE id = ?", [target, template_id])
        _after_edit(db, template_id, resync=False)


def delete_template(db: Database, template_id: int) -> None:
    """Delete a template no run uses."""
    if db.execute("SELECT 1 FROM dossier_runs WHERE template_id = ?", [template_id]).fetchone():
        raise ValidationError("Mẫu này đang có đợt hồ sơ; hãy xóa các đợt trước khi xóa mẫu.")
    plan_id = template(db, template_id).plan_id
    with db.atomic():
        db.execute("DELETE FROM dossier_templates WHERE id = ?", [template_id])
        write_rules(db, plan_id)


def restore_template(db: Database, tpl: Template) -> None:
    """Put a deleted template back with its ids and items (undo of delete_template)."""
    with db.atomic():
        db["dossier_templates"].insert({
            "id": tpl.id, "plan_id": tpl.plan_id, "code": tpl.code, "name": tpl.name, "source": tpl.source,
            "event_type": tpl.event_type, "submitted_to": tpl.submitted_to, "target": tpl.target})
        for item in tpl.items:
            db["dossier_template_items"].insert({
                "id": item.id, "template_id": tpl.id, "code": item.code, "position": item.position,
                **_row(validate_item(item.data(), no_deadline=not tpl.event_type))})
        write_rules(db, tpl.plan_id)


def _after_edit(db: Database, template_id: int, resync: bool = True) -> None:
    plan_id = db.execute("SELECT plan_id FROM dossier_templates WHERE id = ?", [template_id]).fetchone()[0]
    write_rules(db, plan_id)
    if resync:
        run_ids = [r[0] for r in db.execute("SELECT id FROM dossier_runs WHERE template_id = ?", [template_id])]
        dossier_service.sync_runs(db, run_ids)


def write_rules(db: Database, plan_id: int) -> None:
    """Mirror the plan's templates into its rules JSON (templates without items are left out)."""
    rules = _rules(db, plan_id)
    entries = []
    for t in templates(db, plan_id):
        if not t.items or not t.event_type:
            continue
        entries.append({
            "code": t.code, "name": t.name, "event_type": t.event_type, "submitted_to": t.submitted_to,
            "source": t.source or "Cán bộ lập",
            **t.target_rule,  # whom it is for, as a rule: "save as template" keeps it
            "items": [{
                "code": i.code, "name": i.name, "required": i.required, "copies": i.copies,
                "per_delegate": i.per_delegate,
                **({"per_proposal": True} if i.per_proposal else {}),  # only a round's checklist has it
                "due": {**i.due, "source": i.due.get("source") or i.source or "Cán bộ chỉnh sửa"},
                "source": i.source,
            } for i in t.items],
        })
    rules["dossiers"] = entries
    db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(rules, ensure_ascii=False), plan_id])
