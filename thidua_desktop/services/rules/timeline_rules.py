"""Timeline rules for `check`: overdue milestones, and chains the data asked to run backwards."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.services import timeline_service
from thidua_desktop.services.rules import Finding


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """Findings for the plans of these events; unit lines only for units hosting one of them."""
    if not event_ids:
        return []
    marks = ",".join("?" * len(event_ids))
    rows = db.execute(
        f"SELECT id, plan_id, unit_id, code FROM events WHERE id IN ({marks})", event_ids).fetchall()
    every_event = len(event_ids) >= db.execute("SELECT count(*) FROM events").fetchone()[0]
    findings: list[Finding] = []
    for plan_id in sorted({r[1] for r in rows}):
        tl = timeline_service.timeline(db, plan_id, as_of)
        hosted = {r[2]: r[3] for r in rows if r[1] == plan_id}
        # Every unit's own event, to name the event a line belongs to.
        own = {}
        for e in tl.events:
            own.setdefault(e.unit_id, e.code)
        for warning in tl.warnings:
            if every_event:
                findings.append(Finding("warning", "timeline.chain", None, warning.message,
                                        (warning.milestone_id,)))
        for line in tl.lines:
            if line.state != "overdue":
                continue
            if not every_event and line.unit_id not in hosted:
                continue
            m = tl.milestone(line.milestone_id)
            findings.append(Finding(
                "error", "timeline.overdue", own.get(line.unit_id),
                f"{line.unit_name} quá hạn {line.days_late} ngày: “{m.title}” "
                f"(hạn {format_date(line.due)}). Hãy đôn đốc thực hiện hoặc cập nhật ngày hoàn thành.",
                (line.milestone_id, line.unit_id),
            ))
    return findings
