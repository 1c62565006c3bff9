"""Every dialog of the window by name, built on the open file as the window would build it.

Used by `screenshot --dialog NAME` and by the layout test, so both look at the
dialogs the officer sees. Each factory gets the main window (on the demo or
any file with a plan) and an optional sample file (the import preview's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog

from thidua_desktop.errors import UserError
from thidua_desktop.services import dossier_service, dossier_templates, repository


def _new_plan(window, _sample):
    from thidua_desktop.gui.new_plan_dialog import NewPlanDialog

    return NewPlanDialog(window, window._start_dir())


def _import_preview(window, sample):
    from thidua_desktop.gui.importer.import_dialog import ImportDialog

    if sample is None:
        raise UserError("Hộp thoại import-preview cần một tệp danh sách mẫu: thêm --file TỆP.xlsx.")
    dialog = ImportDialog(window.session, Path(sample), window)
    if not dialog.load():
        raise UserError(f"Không đọc được tệp “{sample}”.")
    return dialog


def _import_many(window, sample):
    """The multi-file summary over the sample and up to two spreadsheets beside it."""
    from thidua_desktop.gui.importer.import_summary import ImportSummaryDialog, plan_file
    from thidua_desktop.services import import_service

    if sample is None:
        raise UserError("Hộp thoại import-many cần một tệp danh sách mẫu: thêm --file TỆP.xlsx.")
    sample = Path(sample)
    others = sorted(p for p in sample.parent.glob("*" + sample.suffix) if p != sample)[:2]
    plans = [plan_file(window.session, import_service.read_file(window.session.db, p))
             for p in (sample, *others)]
    return ImportSummaryDialog(window.session, plans, [], window)


def _delegate(window, _sample):
    from thidua_desktop.gui.roster.delegate_dialog import DelegateDialog

    tab = window.roster_tab
    return DelegateDialog(window.session.db, window, {}, **tab._dialog_lists())


def _bulk(window, _sample):
    from thidua_desktop.gui.roster.bulk_dialog import BulkEditDialog

    return BulkEditDialog(window.session.db, 12, window, **window.roster_tab._dialog_lists())


def _program_preview(window, _sample, script=False):
    from thidua_desktop.gui.agenda.preview import PreviewDialog

    return PreviewDialog(window.session, script, window.agenda_tab.document_date(), window)


def _speech(window, _sample, kind="speech"):
    from thidua_desktop.gui.agenda.speech_dialog import SpeechDialog

    return SpeechDialog(window.session.db, window.session.event_id, kind, window)


def _first_run(window) -> int:
    runs = dossier_service.runs(window.session.db, window.session.plan_id)
    if not runs:
        raise UserError("Tệp chưa có đợt hồ sơ nào (hãy dùng dữ liệu mẫu).")
    return runs[0].id


def _reminder(window, _sample):
    from thidua_desktop.gui.dossiers.reminder_dialog import ReminderDialog

    return ReminderDialog(window.session, _first_run(window), False, window)


def _start_run(window, _sample):
    from thidua_desktop.gui.dossiers.start_run_dialog import StartRunDialog

    session = window.session
    return StartRunDialog(session.db, session.plan_id, session.event_id, window)


def _dossier_template(window, _sample):
    from thidua_desktop.gui.dossiers.template_editor import TemplateEditor

    templates = dossier_templates.templates(window.session.db, window.session.plan_id)
    return TemplateEditor(window.session, templates[0].id if templates else None, window)


def _receive(window, _sample):
    from thidua_desktop.gui.dossiers.dialogs import ReceiveDialog

    return ReceiveDialog("Báo cáo thành tích của tập thể (bản chính)", dt.date.today(), window)


def _milestone(window, _sample):
    from thidua_desktop.gui.timeline.milestone_dialog import MilestoneDialog

    return MilestoneDialog(window.session.db, window.timeline_tab.tl, None, window)


def _progress(window, _sample):
    from thidua_desktop.gui.timeline.progress_dialog import ProgressDialog

    tl = window.timeline_tab.tl
    return ProgressDialog(tl, tl.milestones[0].id, None, None, window)


def _backup_settings(window, _sample):
    from thidua_desktop.gui.backup_settings_dialog import BackupSettingsDialog

    return BackupSettingsDialog(window.session, window)


def _shortcuts(window, _sample):
    from thidua_desktop.gui.help_dialogs import ShortcutsDialog

    return ShortcutsDialog(window)


def _categories(window, _sample):
    from thidua_desktop.gui.categories_dialog import CategoriesDialog

    return CategoriesDialog(window.session, window.session.plan_id, window)


def _certificates(window, _sample):
    from thidua_desktop.gui.certificate_dialog import CertificateDialog
    from thidua_desktop.services import awards_service

    rounds = awards_service.rounds(window.session.db)
    if not rounds:
        raise UserError("Tệp chưa có đợt khen thưởng nào; hãy chụp trên dữ liệu mẫu (lệnh demo).")
    return CertificateDialog(window.session, rounds[0].code, window)


def _seat_rules(window, _sample):
    from thidua_desktop.gui.seat_rules_dialog import SeatRulesDialog

    return SeatRulesDialog(window.session, window.session.event_id, window)


def _dossier_target(window, _sample):
    from thidua_desktop.gui.dossiers.target_dialog import TargetDialog
    from thidua_desktop.services import dossier_templates

    return TargetDialog(window.session, dossier_templates.templates(window.session.db, window.session.plan_id)[0],
                        window)


def _award_forms(window, _sample):
    from thidua_desktop.gui.award_forms_dialog import AwardFormsDialog

    return AwardFormsDialog(window.session, window)


def _guests(window, _sample):
    from thidua_desktop.gui.guests_dialog import GuestsDialog

    return GuestsDialog(window.session, window.session.event_id, window)


def _invitation_reply(window, _sample):
    from thidua_desktop.gui.roster.invitation_reply import InvitationReplyDialog

    ids = [r[0] for r in window.session.db.execute(
        "SELECT id FROM delegates WHERE event_id = ? ORDER BY id LIMIT 1", [window.session.event_id])]
    return InvitationReplyDialog(window.session, window.roster_tab, ids, window)


def _seating(window, _sample):
    from thidua_desktop.gui.seating_dialog import SeatingDialog

    return SeatingDialog(window.session, window)


def _seating_hall(window, _sample):
    from thidua_desktop.gui.seating_hall_editor import HallEditorDialog
    from thidua_desktop.services import seating, seating_board

    session = window.session
    return HallEditorDialog(seating.hall(session.db, session.event_id),
                            lambda h: seating_board.outside(session.db, session.event_id, h), window,
                            short=lambda h: seating.shortfall(session.db, session.event_id, h))


DIALOGS: dict[str, Callable] = {
    "new-plan": _new_plan,
    "import-preview": _import_preview,
    "import-many": _import_many,
    "delegate": _delegate,
    "bulk-edit": _bulk,
    "program-preview": _program_preview,
    "script-preview": lambda w, s: _program_preview(w, s, script=True),
    "speech": _speech,
    "video": lambda w, s: _speech(w, s, kind="video"),
    "reminder": _reminder,
    "start-run": _start_run,
    "dossier-template": _dossier_template,
    "receive": _receive,
    "milestone": _milestone,
    "progress": _progress,
    "backup-settings": _backup_settings,
    "shortcuts": _shortcuts,
    "categories": _categories,
    "certificates": _certificates,
    "seat-rules": _seat_rules,
    "dossier-target": _dossier_target,
    "award-forms": _award_forms,
    "guests": _guests,
    "invitation-reply": _invitation_reply,
    "seating": _seating,
    "seating-hall": _seating_hall,
}


def build(name: str, window, sample: Path | None = None) -> QDialog:
    """The dialog `name`, constructed (not shown) over `window`."""
    if window.session.db is None or not repository.plans(window.session.db):
        raise UserError("Tệp chưa có kế hoạch nào; hãy chụp trên dữ liệu mẫu (lệnh demo).")
    return DIALOGS[name](window, sample)
