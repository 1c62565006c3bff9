"""Judging roster files before any lands: the database's checks and the roster rules, rehearsed.

`judge(db, plans)` lands every landable plan, in order, inside one transaction
that is then rolled back: a row the database refuses (a year it does not
accept, a rule of the schema) becomes an error of its row, so the file will
not land; the roster rules (seats, duplicates, quotas, missing fields) are run
before and after each file, and what a file would newly cause is kept on its
plan. A dry run and a real run see exactly the same checks; the preview shows
them before the officer presses Nhập.
"""

from __future__ import annotations

from sqlite_utils import Database

from thidua_desktop.services.import_service import ImportPlan, RowRefused, apply_import
from thidua_desktop.services.rules.roster_rules import check_event

_ROW_FINDING_LIMIT = 20  # a finding naming more rows is about the file, not one row


class _Rollback(Exception):
    """Ends the rehearsal: everything it wrote is undone."""


def judge(db: Database, plans: list[ImportPlan]) -> None:
    """Rehearse landing `plans` in order; fill each plan's row errors and rule findings.

    Nothing stays in the database. Plans judged again start from a clean slate.
    """
    for plan in plans:
        plan.rule_findings = []
        clear_rule_notes(plan)
        for row in plan.rows:
            row.errors = []
    try:
        with db.atomic():
            for plan in plans:
                _rehearse(db, plan)
            raise _Rollback
    except _Rollback:
        pass


def _rehearse(db: Database, plan: ImportPlan) -> None:
    plan.rehearsed = True
    if not plan.can_land:
        return
    before = {(f.rule, f.message) for f in check_event(db, plan.event_id)}
    try:
        with db.atomic():
            apply_import(db, plan)
    except RowRefused as exc:
        exc.row.errors.append(f"Cơ sở dữ liệu không nhận dòng này: {exc.reason}")
        plan.created_delegates, plan.created_persons, plan.delegate_rows = [], [], {}
        return
    for finding in check_event(db, plan.event_id):
        if (finding.rule, finding.message) in before:
            continue
        prefix = "Sẽ vi phạm: " if finding.severity == "error" else ""
        plan.rule_findings.append(prefix + finding.message)
        if len(finding.rows) <= _ROW_FINDING_LIMIT:
            for delegate_id in finding.rows:
                row = plan.delegate_rows.get(delegate_id)
                if row is not None and finding.message not in row.notes:
                    row.notes.append(f"Sau khi nhập: {finding.message}")
    # the ids were the rehearsal's: the real landing fills them again
    plan.created_delegates, plan.created_persons, plan.delegate_rows = [], [], {}


def clear_rule_notes(plan: ImportPlan) -> None:
    """Remove what an earlier rehearsal said on the rows (before judging a changed plan)."""
    for row in plan.rows:
        row.notes = [n for n in row.notes if not n.startswith("Sau khi nhập: ")]
