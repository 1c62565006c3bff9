"""A reward round's supporting documents as a dossier run: one checklist system for both.

The proposing units send, with their proposals, a tờ trình, the minutes of
their own review (biên bản bình xét), the list, and one báo cáo thành tích
per person or collective proposed. `prepare` gives the round a checklist
template of its plan ("Hồ sơ đề nghị khen thưởng", no event type: it is the
round's, not an event's, and is not written into the plan's rules) and a
dossier run covering every unit that proposes; the last item is owed once
per proposal (`dossier_template_items.per_proposal`, migration 0019; the run
names its round in `dossier_runs.award_round_id`), so
dossier_service keeps the run in line with the proposals each time it syncs
(a unit proposing later joins the run; a proposal rejected or taken out
drops its item while nothing is recorded on it). The Hồ sơ tab then shows and records them like any other
run; `outstanding` tells the awards tab what is still missing before the
council meets.
"""

from __future__ import annotations

from sqlite_utils import Database

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import dossier_service

TEMPLATE_CODE = "de-nghi-khen-thuong"
TEMPLATE_NAME = "Hồ sơ đề nghị khen thưởng"
# (code, name, owed once per proposal). The officer may rename them or add more in Mẫu hồ sơ….
DOCUMENTS = (
    ("to-trinh", "Tờ trình đề nghị khen thưởng", False),
    ("bien-ban", "Biên bản họp xét (bình xét) thi đua, khen thưởng", False),
    ("danh-sach", "Danh sách đề nghị khen thưởng", False),
    ("bao-cao-thanh-tich", "Báo cáo thành tích", True),
)


def run_of(db: Database, round_id: int) -> int | None:
    """The round's dossier run, if it has one that still exists."""
    row = db.execute("SELECT id FROM dossier_runs WHERE award_round_id = ? ORDER BY id LIMIT 1",
                     [round_id]).fetchone()
    return row[0] if row else None


def _template(db: Database, plan_id: int) -> int:
    """The plan's round checklist, made with its documents the first time."""
    row = db.execute("SELECT id FROM dossier_templates WHERE plan_id = ? AND code = ?",
                     [plan_id, TEMPLATE_CODE]).fetchone()
    if row:
        return row[0]
    template_id = db["dossier_templates"].insert({
        "plan_id": plan_id, "code": TEMPLATE_CODE, "name": TEMPLATE_NAME, "event_type": "",
        "source": "Hồ sơ kèm theo đề nghị khen thưởng"}).last_pk
    for position, (code, name, per_proposal) in enumerate(DOCUMENTS):
        db["dossier_template_items"].insert({
            "template_id": template_id, "code": code, "name": name, "required": 1, "copies": 1,
            "per_delegate": 0, "per_proposal": int(per_proposal), "due": "{}", "position": position,
            "source": "Hồ sơ kèm theo đề nghị khen thưởng"})
    return template_id


def _proposing_units(db: Database, round_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT p.unit_id FROM award_proposals p JOIN units u ON u.id = p.unit_id WHERE p.round_id = ? "
        "GROUP BY p.unit_id ORDER BY MIN(p.position), p.unit_id", [round_id])]


def prepare(db: Database, rnd, created_at: str | None = None) -> int:
    """Give the round its dossier run (made once) covering every proposing unit; items synced. Run id.

    `created_at` stamps a new run (the demo's fixed clock); by default now."""
    if rnd.plan_id is None:
        raise ValidationError(f"Đợt “{rnd.name}” chưa gắn với kế hoạch nào nên chưa lập được hồ sơ kèm theo.")
    units = _proposing_units(db, rnd.id)
    if not units:
        raise ValidationError(f"Đợt “{rnd.name}” chưa có đề nghị nào của đơn vị; hãy nhập đề nghị trước.")
    with db.atomic():
        run_id = run_of(db, rnd.id)
        if run_id is None:
            _template(db, rnd.plan_id)
            event = db.execute("SELECT id FROM events WHERE plan_id = ? ORDER BY unit_id = ? DESC, id LIMIT 1",
                               [rnd.plan_id, rnd.issuer_unit_id]).fetchone()
            if event is None:
                raise ValidationError("Kế hoạch của đợt chưa có sự kiện nào để gắn hồ sơ kèm theo.")
            run_id = dossier_service.start_run(db, TEMPLATE_CODE, event[0], units, created_at=created_at)
            db.execute("UPDATE dossier_runs SET name = ?, award_round_id = ? WHERE id = ?",
                       [f"{TEMPLATE_NAME} - {rnd.name}", rnd.id, run_id])
        # The sync adds the units that proposed since and items for the proposals (start_run
        # synced before the run named its round).
        dossier_service.sync_runs(db, [run_id])
    return run_id


def follow(db: Database, round_id: int) -> None:
    """After proposals change (headless import): bring the round's run, if it has one, up to date."""
    run_id = run_of(db, round_id)
    if run_id is not None:
        dossier_service.sync_runs(db, [run_id])


def outstanding(db: Database, round_id: int) -> dict[int, list[str]]:
    """Proposal id -> the required documents still owed for it (its own, then its unit's), missing or
    to be completed; a proposal whose unit owes nothing is left out. Empty without a run."""
    run_id = run_of(db, round_id)
    if run_id is None:
        return {}
    owed_by_unit: dict[int, list[str]] = {}
    owed_by_proposal: dict[int, list[str]] = {}
    for item in dossier_service.items(db, run_id=run_id):
        if not (item.required and item.outstanding):
            continue
        if item.proposal_id:
            owed_by_proposal.setdefault(item.proposal_id, []).append(item.item_name)
        else:
            owed_by_unit.setdefault(item.unit_id, []).append(item.item_name)
    out = {}
    for pid, unit_id in db.execute("SELECT id, unit_id FROM award_proposals WHERE round_id = ? AND "
                                   "state != 'rejected' ORDER BY position, id", [round_id]):
        owed = owed_by_proposal.get(pid, []) + owed_by_unit.get(unit_id, [])
        if owed:
            out[pid] = owed
    return out
