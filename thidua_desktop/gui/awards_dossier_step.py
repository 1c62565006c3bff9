"""Hồ sơ kèm theo: the round's supporting documents put on the dossier checklist, as one undo step.

The first time, the round gets its checklist and run (services/awards_dossier);
afterwards the step adds the units that have proposed since and syncs the
items. Undo puts back exactly the run that was there (or removes the one
made, with its template when the step made it too).
"""

from __future__ import annotations

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import awards_dossier as ad
from thidua_desktop.services import awards_service as svc
from thidua_desktop.services import dossier_service


class PrepareDossierCommand(AppliedCommand):
    """Make or bring up to date the round's dossier run."""

    area = "awards"

    def __init__(self, session, round_code: str):
        super().__init__(session, "Lập hồ sơ kèm theo đề nghị khen thưởng")
        self.round_code = round_code
        self.run_id: int | None = None
        self.before_run: int | None = None
        self.before: dict | None = None
        self.template_made = False

    def _do(self) -> None:
        rnd = svc.round_by_code(self.db, self.round_code)
        self.before_run = ad.run_of(self.db, rnd.id)
        self.before = dossier_service.run_snapshot(self.db, self.before_run) if self.before_run else None
        self.template_made = rnd.plan_id is not None and not self.db.execute(
            "SELECT 1 FROM dossier_templates WHERE plan_id = ? AND code = ?",
            [rnd.plan_id, ad.TEMPLATE_CODE]).fetchone()
        self.run_id = ad.prepare(self.db, rnd)

    def _undo(self) -> None:
        template_id = self.db.execute("SELECT template_id FROM dossier_runs WHERE id = ?", [self.run_id]).fetchone()
        dossier_service.delete_run(self.db, self.run_id)
        if self.before is not None:
            dossier_service.restore_run(self.db, self.before)
        elif self.template_made and template_id:
            self.db.execute("DELETE FROM dossier_templates WHERE id = ?", [template_id[0]])

    def changed(self) -> None:
        """The awards tab's flags and the Hồ sơ tab's runs both change."""
        self.session.notify_data_changed("awards")
        self.session.notify_data_changed("dossiers")


def summary(missing: dict[int, list[str]]) -> str:
    """"N đề nghị còn thiếu hồ sơ" for the tab's summary line ('' when nothing is missing)."""
    return f"{len(missing)} đề nghị còn thiếu hồ sơ" if missing else ""
