"""Dossier runs: a checklist template started for the units of an event.

A run covers a set of units (`dossier_run_units`); each unit owes one item per
per-unit template item and one per delegate it sent upward for per-delegate
items. `sync_runs` keeps the items in line with the roster and the templates:
a delegate sent upward adds an item, one taken back removes the item while it
is still missing (an item with a state or a file is kept), due dates follow
the events and the deadlines. States: missing, received (date), needs_fix
(what is wrong), accepted; "late" is derived: received after the due date.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import timeline_service
from thidua_desktop.services.dossier_due import DueResolver
from thidua_desktop.services.unit_groups import checklist_units

STATES = {"missing": "Chưa nộp", "received": "Đã nộp", "needs_fix": "Cần bổ sung", "accepted": "Đạt"}
LATE_LABEL = "Nộp muộn"
# The contract's states (`dossiers --json`): the stored ones plus the derived "late".
DISPLAY_STATES = {**STATES, "late": LATE_LABEL}


@dataclass(frozen=True)
class Run:
    """One started checklist."""

    id: int
    template_id: int
    template_code: str
    name: str
    event_id: int | None
    event_code: str
    plan_id: int
    upper_event_id: int | None
    due: dt.date | None
    created_at: str
    submitted_to: str


@dataclass(frozen=True)
class ItemState:
    """What is recorded of one item (enough to undo a change exactly)."""

    state: str
    received_on: str | None
    note: str


@dataclass(frozen=True)
class DossierItem:
    """One document a unit owes in a run, with what is known of it."""

    id: int
    run_id: int
    run_name: str
    unit_id: int
    unit_name: str
    template_item_id: int
    item_code: str
    item_name: str
    required: bool
    copies: int
    per_delegate: bool
    delegate_id: int | None
    delegate_name: str
    still_sent: bool  # False: the delegate is no longer sent upward (item kept for its record)
    state: str
    received_on: dt.date | None
    due: dt.date | None
    note: str
    file_count: int
    proposal_id: int | None = None  # an item owed once per reward proposal (services/awards_dossier)
    awardee_name: str = ""

    @property
    def late(self) -> bool:
        """Received after its due date."""
        return bool(self.received_on and self.due and self.received_on > self.due
                    and self.state != "missing")

    @property
    def outstanding(self) -> bool:
        """Still owed: missing, or sent back for fixing."""
        return self.state in ("missing", "needs_fix")

    def overdue(self, as_of: dt.date) -> bool:
        """Still owed and its due date has passed."""
        return self.outstanding and self.due is not None and self.due < as_of

    @property
    def display_state(self) -> str:
        """The contract's state: needs_fix stays; received or accepted after the due date is late."""
        if self.late and self.state in ("received", "accepted"):
            return "late"
        return self.state

    @property
    def label(self) -> str:
        """The item's name, with the delegate (or the proposed awardee) it is owed for."""
        if self.proposal_id:
            return f"{self.item_name}: {self.awardee_name}"
        return f"{self.item_name}: {self.delegate_name}" if self.delegate_id else self.item_name


@dataclass
class SyncReport:
    """What `sync_runs` changed."""

    added: int = 0
    removed: int = 0
    redated: int = 0

    @property
    def changed(self) -> bool:
        """Anything written."""
        return bool(self.added or self.removed or self.redated)


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def start_run(
    db: Database, template_code: str, event_id: int, unit_ids: list[int] | None = None,
    upper_event_id: int | None = None, created_at: str | None = None,
) -> int:
    """Start the checklist `template_code` for the units of event `event_id`'s plan.

    The run covers `unit_ids`, by default every unit holding an event of the
    same type in the plan (every commune for a commune conference, the
    organiser for the district congress), else the organiser's subordinate
    units. Per-delegate items are made for each delegate of the unit sent
    upward (to `upper_event_id` when given). Returns the run id.
    """
    event = db.execute("SELECT plan_id, type_code FROM events WHERE id = ?", [event_id]).fetchone()
    if event is None:
        raise NotFoundError(f"Không có sự kiện số {event_id}.")
    plan_id, type_code = event
    tpl = db.execute(
        "SELECT id, name FROM dossier_templates WHERE plan_id = ? AND code = ?", [plan_id, template_code]
    ).fetchone()
    if tpl is None:
        raise NotFoundError(f"Không có mẫu hồ sơ “{template_code}”.")
    template_id, name = tpl
    if not db.execute("SELECT 1 FROM dossier_template_items WHERE template_id = ?", [template_id]).fetchone():
        raise ValidationError(f"Mẫu hồ sơ “{name}” chưa có mục nào; hãy thêm mục trong Sửa mẫu hồ sơ.")
    if unit_ids is None:
        target = db.execute("SELECT target FROM dossier_templates WHERE id = ?", [template_id]).fetchone()[0]
        by_rule = checklist_units(db, event_id, target)
        unit_ids = by_rule if by_rule is not None else default_units(db, event_id)
    unit_ids = list(dict.fromkeys(unit_ids))
    if not unit_ids:
        raise ValidationError("Hãy chọn ít nhất một đơn vị cho đợt hồ sơ.")
    with db.atomic():
        run_id = db["dossier_runs"].insert(
            {"template_id": template_id, "event_id": event_id, "name": name,
             "upper_event_id": upper_event_id, "created_at": created_at or _now()}
        ).last_pk
        for position, unit_id in enumerate(unit_ids):
            own = db.execute(
                "SELECT id FROM events WHERE plan_id = ? AND unit_id = ? AND type_code = ? ORDER BY id",
                [plan_id, unit_id, type_code]).fetchone()
            db["dossier_run_units"].insert({
                "run_id": run_id, "unit_id": unit_id, "event_id": own[0] if own else None,
                "position": position,
            })
        sync_runs(db, [run_id])
    return run_id


def default_units(db: Database, event_id: int) -> list[int]:
    """Units holding an event of `event_id`'s type in its plan, else the subordinate units."""
    ids = [r[0] for r in db.execute(
        "SELECT u.id FROM events e JOIN events x ON x.plan_id = e.plan_id AND x.type_code = e.type_code "
        "JOIN units u ON u.id = x.unit_id WHERE e.id = ? GROUP BY u.id ORDER BY u.position, u.id",
        [event_id])]
    if ids:
        return ids
    return [r[0] for r in db.execute(
        "SELECT u.id FROM units u WHERE u.parent_id = (SELECT p.organiser_id FROM plans p "
        "JOIN events e ON e.plan_id = p.id WHERE e.id = ?) ORDER BY u.position, u.id", [event_id])]


def delete_run(db: Database, run_id: int) -> None:
    """Remove a run with its items and their file records (the stored files stay)."""
    with db.atomic():
        db.execute("DELETE FROM dossier_runs WHERE id = ?", [run_id])


_RUN_TABLES = (
    ("dossier_runs", "id = ?"),
    ("dossier_run_units", "run_id = ?"),
    ("dossier_items", "run_id = ?"),
    ("dossier_files", "dossier_item_id IN (SELECT id FROM dossier_items WHERE run_id = ?)"),
)


def run_snapshot(db: Database, run_id: int) -> dict[str, list[dict]]:
    """Every row of a run (run, units, items, file records), to delete it undoably."""
    return {table: list(db.query(f"SELECT * FROM {table} WHERE {where}", [run_id]))  # noqa: S608
            for table, where in _RUN_TABLES}


def restore_run(db: Database, snapshot: dict[str, list[dict]]) -> None:
    """Put a deleted run back exactly (undo of delete_run)."""
    with db.atomic():
        for table, _where in _RUN_TABLES:
            if snapshot.get(table):
                db[table].insert_all(snapshot[table])


# --- syncing with the roster and the templates ---------------------------------

def sync_runs(db: Database, run_ids: list[int] | None = None) -> SyncReport:
    """Bring the items of the runs (default: all) in line with roster, templates and dates.

    Call it after delegates are sent upward or taken back, after a template
    or an event date changes. Idempotent.
    """
    if run_ids is None:
        run_ids = [r[0] for r in db.execute("SELECT id FROM dossier_runs ORDER BY id")]
    report = SyncReport()
    with db.atomic():
        for run_id in run_ids:
            _sync_run(db, run_id, report)
    return report


def sync_delegate_items(db: Database, event_id: int | None = None) -> SyncReport:
    """After delegates are sent upward or taken back (on any event): resync every run.

    `event_id` is accepted for the callers' clarity; a run is small, so all
    runs are checked, which also catches a promotion to an event no run names.
    """
    del event_id
    return sync_runs(db)


def _sync_run(db: Database, run_id: int, report: SyncReport) -> None:
    run = db.execute(
        "SELECT r.template_id, r.event_id, r.upper_event_id, t.plan_id FROM dossier_runs r "
        "JOIN dossier_templates t ON t.id = r.template_id WHERE r.id = ?", [run_id]).fetchone()
    if run is None:
        return
    template_id, run_event_id, upper_event_id, plan_id = run
    template_items = list(db.query(
        "SELECT id, per_delegate, per_proposal, due FROM dossier_template_items WHERE template_id = ? "
        "ORDER BY position, id", [template_id]))
    # A reward round's run owes its per-proposal items once per proposal not rejected (awards_dossier).
    round_row = db.execute("SELECT award_round_id FROM dossier_runs WHERE id = ? AND award_round_id IS NOT NULL",
                           [run_id]).fetchone()
    if round_row:  # a unit that proposes after the run began joins it: its documents are owed too
        last = db.execute("SELECT COALESCE(MAX(position), -1) FROM dossier_run_units WHERE run_id = ?",
                          [run_id]).fetchone()[0]
        joining = db.execute(
            "SELECT p.unit_id FROM award_proposals p JOIN units u ON u.id = p.unit_id WHERE p.round_id = ? "
            "AND p.unit_id NOT IN (SELECT unit_id FROM dossier_run_units WHERE run_id = ?) "
            "GROUP BY p.unit_id ORDER BY MIN(p.position)", [round_row[0], run_id]).fetchall()
        for position, (unit_id,) in enumerate(joining, start=last + 1):
            db["dossier_run_units"].insert({"run_id": run_id, "unit_id": unit_id, "position": position})
    latest = None
    shared = functools.cache(lambda: timeline_service.resolver_for(db, plan_id))  # one read per run
    for unit_id, own_event_id in db.execute(
            "SELECT unit_id, event_id FROM dossier_run_units WHERE run_id = ? ORDER BY position",
            [run_id]).fetchall():
        resolver = DueResolver(db, plan_id, unit_id, own_event_id, run_event_id, shared)
        sent = [r[0] for r in _sent_upward(db, unit_id, own_event_id, run_event_id, upper_event_id)]
        proposed = [r[0] for r in db.execute(
            "SELECT id FROM award_proposals WHERE round_id = ? AND unit_id = ? AND state != 'rejected' "
            "ORDER BY position, id", [round_row[0], unit_id])] if round_row else []
        expected: dict[tuple[int, int | None, int | None], str | None] = {}
        for item in template_items:
            due = resolver.due(item["due"])
            due_text = due.isoformat() if due else None
            if due and (latest is None or due > latest):
                latest = due
            if item["per_proposal"]:
                for proposal_id in proposed:
                    expected[(item["id"], None, proposal_id)] = due_text
                continue
            for delegate_id in (sent if item["per_delegate"] else [None]):
                expected[(item["id"], delegate_id, None)] = due_text
        existing = {
            (r["template_item_id"], r["delegate_id"], r["proposal_id"]): r for r in db.query(
                "SELECT i.id, i.template_item_id, i.delegate_id, i.proposal_id, i.state, i.due, "
                "(SELECT count(*) FROM dossier_files f WHERE f.dossier_item_id = i.id) AS files "
                "FROM dossier_items i WHERE i.run_id = ? AND i.unit_id = ?", [run_id, unit_id])
        }
        for key, due_text in expected.items():
            row = existing.get(key)
            if row is None:
                db["dossier_items"].insert({
                    "run_id": run_id, "unit_id": unit_id, "template_item_id": key[0],
                    "delegate_id": key[1], "proposal_id": key[2], "due": due_text})
                report.added += 1
            elif row["due"] != due_text:
                db.execute("UPDATE dossier_items SET due = ? WHERE id = ?", [due_text, row["id"]])
                report.redated += 1
        for key, row in existing.items():
            # Only an item nobody has acted on goes; anything recorded is the office's history.
            if key not in expected and row["state"] == "missing" and not row["files"]:
                db.execute("DELETE FROM dossier_items WHERE id = ?", [row["id"]])
                report.removed += 1
    db.execute("UPDATE dossier_runs SET due = ? WHERE id = ?",
               [latest.isoformat() if latest else None, run_id])


def _sent_upward(db, unit_id, own_event_id, run_event_id, upper_event_id):
    """Delegates of the unit's own event (else the unit's delegates at the run's event) sent upward."""
    upper = ""
    params: list = []
    if own_event_id:
        where, params = "d.event_id = ?", [own_event_id]
    else:
        where, params = "d.event_id = ? AND d.unit_id = ?", [run_event_id, unit_id]
    if upper_event_id:
        upper, params = " AND up.event_id = ?", [*params, upper_event_id]
    return db.execute(
        "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "JOIN delegates up ON up.id = d.promoted_to_id "
        f"WHERE {where}{upper} ORDER BY p.sort_key, d.id", params).fetchall()


# --- reading ------------------------------------------------------------------

def runs(db: Database, plan_id: int | None = None) -> list[Run]:
    """The runs of a plan (default: all), oldest first."""
    where, params = ("WHERE t.plan_id = ?", [plan_id]) if plan_id is not None else ("", [])
    return [
        Run(r["id"], r["template_id"], r["template_code"], r["name"], r["event_id"],
            r["event_code"] or "", r["plan_id"], r["upper_event_id"],
            dt.date.fromisoformat(r["due"]) if r["due"] else None, r["created_at"],
            r["submitted_to"])
        for r in db.query(
            "SELECT r.*, t.code AS template_code, t.plan_id, t.submitted_to, e.code AS event_code "
            "FROM dossier_runs r JOIN dossier_templates t ON t.id = r.template_id "
            f"LEFT JOIN events e ON e.id = r.event_id {where} ORDER BY r.id", params)
    ]


def run(db: Database, run_id: int) -> Run:
    """One run by id."""
    for r in runs(db):
        if r.id == run_id:
            return r
    raise NotFoundError(f"Không có đợt hồ sơ số {run_id}.")


_ITEMS_SQL = """
SELECT i.id, i.run_id, r.name AS run_name, i.unit_id, k.name || ' ' || u.name AS unit_name,
       i.template_item_id, t.code AS item_code, t.name AS item_name, t.required, t.copies,
       t.per_delegate, i.delegate_id, COALESCE(p.full_name, '') AS delegate_name,
       d.promoted_to_id, i.state, i.received_on, i.due, i.note, i.proposal_id,
       COALESCE(aw.name, '') AS awardee_name,
       (SELECT count(*) FROM dossier_files f WHERE f.dossier_item_id = i.id) AS file_count
FROM dossier_items i
JOIN dossier_runs r ON r.id = i.run_id
JOIN dossier_templates tp ON tp.id = r.template_id
JOIN dossier_template_items t ON t.id = i.template_item_id
JOIN units u ON u.id = i.unit_id JOIN unit_kinds k ON k.code = u.kind
LEFT JOIN dossier_run_units ru ON ru.run_id = i.run_id AND ru.unit_id = i.unit_id
LEFT JOIN delegates d ON d.id = i.delegate_id LEFT JOIN persons p ON p.id = d.person_id
LEFT JOIN award_proposals ap ON ap.id = i.proposal_id LEFT JOIN awardees aw ON aw.id = ap.awardee_id
"""
_ITEMS_ORDER = (" ORDER BY i.run_id, ru.position, u.position, u.id, t.position, t.id, p.sort_key, ap.position, "
                "i.id")


def items(db: Database, run_id: int | None = None, unit_id: int | None = None,
          plan_id: int | None = None, item_ids: list[int] | None = None) -> list[DossierItem]:
    """Items, filtered by run, unit, plan or ids, in checklist order."""
    clauses, params = [], []
    for column, value in (("i.run_id", run_id), ("i.unit_id", unit_id), ("tp.plan_id", plan_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if item_ids is not None:
        clauses.append(f"i.id IN ({','.join('?' * len(item_ids)) or 'NULL'})")
        params.extend(item_ids)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return [_item(r) for r in db.query(_ITEMS_SQL + where + _ITEMS_ORDER, params)]


def item(db: Database, item_id: int) -> DossierItem:
    """One item by id."""
    found = items(db, item_ids=[item_id])
    if not found:
        raise NotFoundError(f"Không có mục hồ sơ số {item_id}.")
    return found[0]


def _item(r: dict) -> DossierItem:
    return DossierItem(
        id=r["id"], run_id=r["run_id"], run_name=r["run_name"], unit_id=r["unit_id"],
        unit_name=r["unit_name"], template_item_id=r["template_item_id"], item_code=r["item_code"],
        item_name=r["item_name"], required=bool(r["required"]), copies=r["copies"],
        per_delegate=bool(r["per_delegate"]), delegate_id=r["delegate_id"],
        delegate_name=r["delegate_name"],
        still_sent=r["delegate_id"] is None or r["promoted_to_id"] is not None,
        state=r["state"],
        received_on=dt.date.fromisoformat(r["received_on"]) if r["received_on"] else None,
        due=dt.date.fromisoformat(r["due"]) if r["due"] else None, note=r["note"],
        file_count=r["file_count"], proposal_id=r["proposal_id"], awardee_name=r["awardee_name"],
    )


# --- recording what arrived -----------------------------------------------------

def item_state(db: Database, item_id: int) -> ItemState:
    """What is recorded of an item now (for undo)."""
    row = db.execute("SELECT state, received_on, note FROM dossier_items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có mục hồ sơ số {item_id}.")
    return ItemState(*row)


def write_item_state(db: Database, item_id: int, value: ItemState) -> None:
    """Put back exactly what was recorded (undo/redo)."""
    db.execute("UPDATE dossier_items SET state = ?, received_on = ?, note = ? WHERE id = ?",
               [value.state, value.received_on, value.note, item_id])


def planned_state(current: ItemState, state: str, received_on: str | dt.date | None = None,
                  note: str = "") -> ItemState:
    """The state an item gets: validated, with its received date kept or set.

    received, needs_fix and accepted need the date the document arrived (the
    one given, else the one already recorded); missing clears it.
    """
    if state not in STATES:
        raise ValidationError(f"Trạng thái “{state}” không hợp lệ: chỉ nhận {', '.join(STATES)}.")
    if isinstance(received_on, dt.date):
        received_on = received_on.isoformat()
    if received_on:
        try:
            dt.date.fromisoformat(received_on)
        except ValueError as exc:
            raise ValidationError(
                f"Ngày nhận “{received_on}” không hợp lệ; viết dạng YYYY-MM-DD, ví dụ 2025-04-08.") from exc
    note = (note or "").strip()
    if state == "missing":
        return ItemState("missing", None, note)
    date = received_on or current.received_on
    if not date:
        raise ValidationError("Hãy ghi ngày nhận hồ sơ.")
    if state == "needs_fix" and not note:
        raise ValidationError("Hãy ghi hồ sơ cần bổ sung những gì để báo lại đơn vị.")
    return ItemState(state, date, note)


def set_item_state(db: Database, item_id: int, state: str, received_on: str | None = None,
                   note: str = "") -> None:
    """Record what arrived: missing, received (with date), needs_fix (with note), accepted."""
    write_item_state(db, item_id, planned_state(item_state(db, item_id), state, received_on, note))
