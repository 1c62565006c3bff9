"""Undoable edits of the Hồ sơ tab (QUndoCommand subclasses on session.undo_stack).

Each command does its first write in `apply()`, before it is pushed: a
UserError then reaches the user as a sentence and nothing lands on the stack
(the write is one transaction). `redo()` skips that first time (QUndoStack.push
calls it at once) and replays the exact result afterwards.
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import attachments, dossier_service, dossier_templates
from thidua_desktop.services.dossier_service import STATES, ItemState
from thidua_desktop.services.dossier_templates import TemplateItemData


class DossierCommand(AppliedCommand):
    """A dossier write (see gui/undo.py)."""

    area = "dossiers"


class SetStateCommand(DossierCommand):
    """Record a state for items (with the date received, a note), attaching files to each."""

    def __init__(self, session, item_ids: list[int], state: str, received_on: str | None = None,
                 note: str = "", files: list[str | Path] = ()):
        count = f"{len(item_ids)} mục" if len(item_ids) > 1 else "mục hồ sơ"
        super().__init__(session, f"Đánh dấu {count} “{STATES[state]}”")
        self.item_ids, self.state, self.received_on, self.note = list(item_ids), state, received_on, note
        self.files = [Path(f) for f in files]
        self.before: dict[int, ItemState] = {}
        self.after: dict[int, ItemState] = {}
        self.attached: list[attachments.AttachedFile] = []

    def _do(self) -> None:
        for item_id in self.item_ids:
            self.before[item_id] = dossier_service.item_state(self.db, item_id)
            self.after[item_id] = dossier_service.planned_state(
                self.before[item_id], self.state, self.received_on, self.note)
            dossier_service.write_item_state(self.db, item_id, self.after[item_id])
            known = {f.id for f in attachments.item_files(self.db, item_id)}
            for path in self.files:
                attached = attachments.attach(self.db, item_id, path)
                if attached.id not in known:
                    self.attached.append(attached)
                    known.add(attached.id)

    def _redo(self) -> None:
        for item_id, value in self.after.items():
            dossier_service.write_item_state(self.db, item_id, value)
        for attached in self.attached:
            attachments.restore(self.db, attached)

    def _undo(self) -> None:
        for attached in self.attached:
            attachments.remove(self.db, attached.id)
        for item_id, value in self.before.items():
            dossier_service.write_item_state(self.db, item_id, value)


class AttachFilesCommand(DossierCommand):
    """Attach files to one item (stored once by content; undo drops the rows only)."""

    def __init__(self, session, item_id: int, files: list[str | Path]):
        super().__init__(session, f"Đính kèm {len(files)} tệp")
        self.item_id, self.files = item_id, [Path(f) for f in files]
        self.attached: list[attachments.AttachedFile] = []

    def _do(self) -> None:
        known = {f.id for f in attachments.item_files(self.db, self.item_id)}
        for path in self.files:
            attached = attachments.attach(self.db, self.item_id, path)
            if attached.id not in known:
                self.attached.append(attached)
                known.add(attached.id)

    def _redo(self) -> None:
        for attached in self.attached:
            attachments.restore(self.db, attached)

    def _undo(self) -> None:
        for attached in self.attached:
            attachments.remove(self.db, attached.id)


class RemoveFileCommand(DossierCommand):
    """Detach one file (the stored copy stays, so undo brings it back)."""

    def __init__(self, session, file_id: int):
        super().__init__(session, "Gỡ tệp đính kèm")
        self.file_id = file_id
        self.removed: attachments.AttachedFile | None = None

    def _do(self) -> None:
        self.removed = attachments.remove(self.db, self.file_id)

    def _undo(self) -> None:
        attachments.restore(self.db, self.removed)


class StartRunCommand(DossierCommand):
    """Start a checklist for a set of units; undo removes the run."""

    def __init__(self, session, template_code: str, event_id: int, unit_ids: list[int] | None,
                 upper_event_id: int | None = None, name: str = ""):
        super().__init__(session, f"Bắt đầu đợt hồ sơ “{name or template_code}”")
        self.args = (template_code, event_id, unit_ids, upper_event_id)
        self.run_id: int | None = None

    def _do(self) -> None:
        code, event_id, unit_ids, upper = self.args
        self.run_id = dossier_service.start_run(self.db, code, event_id, unit_ids, upper)

    def _undo(self) -> None:
        dossier_service.delete_run(self.db, self.run_id)


class AddTemplateItemCommand(DossierCommand):
    """Add an item to a checklist template; runs of the template get it."""

    def __init__(self, session, template_id: int, data: TemplateItemData, position: int | None = None):
        super().__init__(session, f"Thêm mục hồ sơ “{data.name.strip()}”")
        self.template_id, self.data, self.position = template_id, data, position
        self.item_id: int | None = None

    def _do(self) -> None:
        self.item_id = dossier_templates.add_item(self.db, self.template_id, self.data, self.position)
        ids = [i.id for i in dossier_templates.template(self.db, self.template_id).items]
        self.position = ids.index(self.item_id)

    def _redo(self) -> None:
        dossier_templates.add_item(self.db, self.template_id, self.data, self.position, self.item_id)

    def _undo(self) -> None:
        dossier_templates.remove_item(self.db, self.item_id)


class UpdateTemplateItemCommand(DossierCommand):
    """Change an item of a template (name, copies, flags, deadline)."""

    def __init__(self, session, item: dossier_templates.TemplateItem, data: TemplateItemData):
        super().__init__(session, f"Sửa mục hồ sơ “{item.name}”")
        self.item_id, self.before, self.after = item.id, item.data(), data

    def _do(self) -> None:
        dossier_templates.update_item(self.db, self.item_id, self.after)

    def _undo(self) -> None:
        dossier_templates.update_item(self.db, self.item_id, self.before)


class RemoveTemplateItemCommand(DossierCommand):
    """Remove an item nobody has sent yet; undo puts it back in its place."""

    def __init__(self, session, item: dossier_templates.TemplateItem):
        super().__init__(session, f"Xóa mục hồ sơ “{item.name}”")
        self.item_id = item.id
        self.removed: dossier_templates.TemplateItem | None = None

    def _do(self) -> None:
        self.removed = dossier_templates.remove_item(self.db, self.item_id)

    def _undo(self) -> None:
        dossier_templates.restore_item(self.db, self.removed)


class MoveTemplateItemCommand(DossierCommand):
    """Move an item up or down its checklist."""

    def __init__(self, session, item: dossier_templates.TemplateItem, delta: int):
        super().__init__(session, f"Chuyển mục “{item.name}” {'lên' if delta < 0 else 'xuống'}")
        self.item_id, self.delta = item.id, delta
        self.moved = False

    def _do(self) -> None:
        before = self._position()
        dossier_templates.move_item(self.db, self.item_id, self.delta)
        self.moved = self._position() != before

    def _position(self) -> int:
        template_id = self.db.execute(
            "SELECT template_id FROM dossier_template_items WHERE id = ?", [self.item_id]).fetchone()[0]
        return [i.id for i in dossier_templates.template(self.db, template_id).items].index(self.item_id)

    def _redo(self) -> None:
        if self.moved:
            dossier_templates.move_item(self.db, self.item_id, self.delta)

    def _undo(self) -> None:
        if self.moved:
            dossier_templates.move_item(self.db, self.item_id, -self.delta)


class CreateTemplateCommand(DossierCommand):
    """A new checklist template (empty or a copy); undo deletes it."""

    def __init__(self, session, plan_id: int, name: str, event_type: str, submitted_to: str,
                 copy_from: int | None = None):
        super().__init__(session, f"Thêm mẫu hồ sơ “{name.strip()}”")
        self.args = (plan_id, name, event_type, submitted_to, copy_from)
        self.template_id: int | None = None
        self.snapshot: dossier_templates.Template | None = None

    def _do(self) -> None:
        self.template_id = dossier_templates.create_template(self.db, *self.args)
        self.snapshot = dossier_templates.template(self.db, self.template_id)

    def _redo(self) -> None:
        dossier_templates.restore_template(self.db, self.snapshot)

    def _undo(self) -> None:
        dossier_templates.delete_template(self.db, self.template_id)


class UpdateTemplateCommand(DossierCommand):
    """Rename a template or change the office that receives it."""

    def __init__(self, session, tpl: dossier_templates.Template, name: str, submitted_to: str):
        super().__init__(session, f"Sửa mẫu hồ sơ “{tpl.name}”")
        self.template_id = tpl.id
        self.before, self.after = (tpl.name, tpl.submitted_to), (name, submitted_to)

    def _do(self) -> None:
        dossier_templates.update_template(self.db, self.template_id, *self.after)

    def _undo(self) -> None:
        dossier_templates.update_template(self.db, self.template_id, *self.before)


class SetTemplateTargetCommand(DossierCommand):
    """Whom a checklist is for (its event type's hosts, or a rule of kinds or groups)."""

    def __init__(self, session, tpl: dossier_templates.Template, shape: str, kinds, groups):
        super().__init__(session, f"Đổi đơn vị nộp mẫu hồ sơ “{tpl.name}”")
        self.template_id, self.choice = tpl.id, (shape, list(kinds), list(groups))
        self.old = ""

    def _do(self) -> None:
        self.old = dossier_templates.set_target(self.db, self.template_id, *self.choice)

    def _undo(self) -> None:
        dossier_templates.restore_target(self.db, self.template_id, self.old)


class DeleteTemplateCommand(DossierCommand):
    """Delete a template no run uses; undo restores it with its items."""

    def __init__(self, session, tpl: dossier_templates.Template):
        super().__init__(session, f"Xóa mẫu hồ sơ “{tpl.name}”")
        self.template_id = tpl.id
        self.snapshot: dossier_templates.Template | None = None

    def _do(self) -> None:
        self.snapshot = dossier_templates.template(self.db, self.template_id)
        dossier_templates.delete_template(self.db, self.template_id)

    def _undo(self) -> None:
        dossier_templates.restore_template(self.db, self.snapshot)


class DeleteRunCommand(DossierCommand):
    """Delete a run with its records; undo puts every row back (the stored files never left)."""

    def __init__(self, session, run_id: int, name: str):
        super().__init__(session, f"Xóa đợt hồ sơ “{name}”")
        self.run_id = run_id
        self.snapshot: dict | None = None

    def _do(self) -> None:
        self.snapshot = dossier_service.run_snapshot(self.db, self.run_id)
        dossier_service.delete_run(self.db, self.run_id)

    def _undo(self) -> None:
        dossier_service.restore_run(self.db, self.snapshot)
