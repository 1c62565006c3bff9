"""Award rules for `check`: proposals going to the council with supporting documents still owed.

A round whose checklist exists (services/awards_dossier) is checked while
proposals are still before the vote (proposed, reviewed): one warning per
round, on the event its run hangs on, naming how many proposals lack a
required document and the first few with what they lack.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.services import awards_dossier
from thidua_desktop.services.rules import Finding

SHOWN = 3  # proposals named in the sentence; the rest are counted


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """A warning per round with proposals before the vote whose documents are still owed."""
    del as_of  # the council's date decides, not today: owed is owed
    wanted = set(event_ids)
    findings = []
    for round_id, name, event_id, event_code in db.execute(
            "SELECT a.id, a.name, r.event_id, e.code FROM award_rounds a "
            "JOIN dossier_runs r ON r.award_round_id = a.id LEFT JOIN events e ON e.id = r.event_id "
            "ORDER BY a.id").fetchall():
        if event_id not in wanted:
            continue
        before_vote = dict(db.execute(
            "SELECT p.id, w.name FROM award_proposals p JOIN awardees w ON w.id = p.awardee_id "
            "WHERE p.round_id = ? AND p.state IN ('proposed', 'reviewed') ORDER BY p.position, p.id", [round_id]))
        owed = {pid: docs for pid, docs in awards_dossier.outstanding(db, round_id).items() if pid in before_vote}
        if not owed:
            continue
        named = "; ".join(f"{before_vote[pid]} ({', '.join(docs)})" for pid, docs in list(owed.items())[:SHOWN])
        more = f" và {len(owed) - SHOWN} đề nghị khác" if len(owed) > SHOWN else ""
        findings.append(Finding(
            "warning", "awards.documents_missing", event_code,
            f"Đợt khen thưởng “{name}”: {len(owed)} đề nghị chưa bỏ phiếu còn thiếu hồ sơ kèm theo — "
            f"{named}{more}. Hãy nhắc đơn vị nộp trước khi Hội đồng họp (tab Hồ sơ).",
            tuple(owed)))
    return findings
