"""First-version row queries for the tabs (each tab's own service refines them)."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date


def agenda_rows(db: Database, event_id: int) -> list[tuple]:
    """(start, minutes, title, presenter) with the running clock from the event start."""
    event = db.execute("SELECT start_time FROM events WHERE id = ?", [event_id]).fetchone()
    if event is None:
        return []
    hours, minutes = (int(x) for x in (event[0] or "07:30").split(":"))
    clock = dt.datetime(2000, 1, 1, hours, minutes)
    rows = []
    for item in db.query(
        "SELECT a.*, p.full_name, p.position FROM agenda_items a "
        "LEFT JOIN delegates d ON d.id = a.presenter_delegate_id "
        "LEFT JOIN persons p ON p.id = d.person_id WHERE a.event_id = ? ORDER BY a.position",
        [event_id],
    ):
        if item["pinned_start"]:
            h, m = (int(x) for x in item["pinned_start"].split(":"))
            clock = clock.replace(hour=h, minute=m)
        presenter = (
            f"Đồng chí {item['full_name']}, {item['position']}" if item["full_name"] else item["presenter_text"]
        )
        rows.append((clock.strftime("%H:%M"), item["duration_min"], item["title"], presenter))
        clock += dt.timedelta(minutes=item["duration_min"])
    return rows


def dossier_matrix(db: Database, plan_id: int) -> tuple[list[str], list[tuple]]:
    """Item names across, one row per unit: counts received / expected per item."""
    items = [r[0] for r in db.execute(
        "SELECT DISTINCT t.name FROM dossier_items i JOIN dossier_template_items t ON t.id = i.template_item_id "
        "JOIN dossier_runs r ON r.id = i.run_id JOIN events e ON e.id = r.event_id WHERE e.plan_id = ? "
        "ORDER BY t.position", [plan_id])]
    rows = []
    units = db.execute(
        "SELECT DISTINCT u.id, k.name || ' ' || u.name FROM dossier_items i JOIN units u ON u.id = i.unit_id "
        "JOIN unit_kinds k ON k.code = u.kind JOIN dossier_runs r ON r.id = i.run_id "
        "JOIN events e ON e.id = r.event_id WHERE e.plan_id = ? ORDER BY u.position", [plan_id]).fetchall()
    for unit_id, name in units:
        cells = []
        for item in items:
            done, total = db.execute(
                "SELECT sum(i.state IN ('received', 'accepted')), count(*) FROM dossier_items i "
                "JOIN dossier_template_items t ON t.id = i.template_item_id WHERE i.unit_id = ? AND t.name = ?",
                [unit_id, item]).fetchone()
            cells.append(f"{done or 0}/{total}" if total else "")
        rows.append((name, *cells))
    return items, rows


def date_text(value: str | None) -> str:
    """ISO date to dd/mm/yyyy."""
    return format_date(value) if value else ""
