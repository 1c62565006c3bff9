"""Dossier rules for `check`: items missing past their due date, items sent back, lost files.

A finding belongs to the unit's own event (the commune's conference for its
post-event dossier), else to the event the run was started for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.services import attachments, dossier_service
from thidua_desktop.services.rules import Finding


def _names(items) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.item_name] = counts.get(item.item_name, 0) + 1
    return ", ".join(f"{name} ({n})" if n > 1 else name for name, n in counts.items())


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """Findings for the dossier runs touching `event_ids`, as of `as_of`."""
    wanted = set(event_ids)
    codes = {r[0]: r[1] for r in db.execute("SELECT id, code FROM events")}
    owner = {(r[0], r[1]): r[2] or r[3] for r in db.execute(
        "SELECT ru.run_id, ru.unit_id, ru.event_id, r.event_id FROM dossier_run_units ru "
        "JOIN dossier_runs r ON r.id = ru.run_id")}
    groups: dict[tuple[int, int], list] = defaultdict(list)
    for item in dossier_service.items(db):
        event_id = owner.get((item.run_id, item.unit_id))
        if event_id in wanted:
            groups[(item.run_id, item.unit_id)].append(item)
    findings = []
    for (_run_id, _unit_id), owed in groups.items():
        first = owed[0]
        event = codes.get(owner[(first.run_id, first.unit_id)])
        for required in (True, False):
            late = [i for i in owed if i.state == "missing" and i.overdue(as_of) and i.required == required]
            if late:
                due = min(i.due for i in late)
                kind = "" if required else " (không bắt buộc)"
                findings.append(Finding(
                    "error" if required else "warning", "dossier.missing_past_due", event,
                    f"{first.unit_name} chưa nộp {len(late)} mục “{first.run_name}”{kind} đã quá hạn "
                    f"{format_date(due)}: {_names(late)}. Hãy gửi thư nhắc (tab Hồ sơ, nút Nhắc nộp).",
                    tuple(i.id for i in late)))
        to_fix = [i for i in owed if i.state == "needs_fix"]
        if to_fix:
            details = "; ".join(f"{i.label}: {i.note}" if i.note else i.label for i in to_fix)
            findings.append(Finding(
                "warning", "dossier.needs_fix", event,
                f"{first.unit_name} cần bổ sung {len(to_fix)} mục “{first.run_name}” — {details}.",
                tuple(i.id for i in to_fix)))
    findings.extend(_lost_files(db, wanted, owner, codes))
    return findings


def _lost_files(db: Database, wanted: set[int], owner: dict, codes: dict) -> list[Finding]:
    lost = attachments.missing_files(db)
    if not lost:
        return []
    by_item = {i.id: i for i in dossier_service.items(db, item_ids=[f.item_id for f in lost])}
    findings = []
    for attached in lost:
        item = by_item.get(attached.item_id)
        if item is None or owner.get((item.run_id, item.unit_id)) not in wanted:
            continue
        findings.append(Finding(
            "error", "dossier.file_missing", codes.get(owner[(item.run_id, item.unit_id)]),
            f"Tệp “{attached.original_name}” của {item.unit_name} ({item.label}) không còn trong thư mục "
            "tệp đính kèm. Hãy chép lại thư mục tệp đính kèm từ bản sao lưu hoặc đính kèm lại.",
            (item.id,)))
    return findings
