"""The unit x item matrix of a run, with counts per row and column (plain data).

Per-unit template items are one column each; a per-delegate item is one
column whose cell sums the unit's delegates ("3/5"). Each cell carries a
summary status that decides its colour, the worst of its items:
overdue > needs_fix > missing > late > received > accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.services import dossier_service
from thidua_desktop.services.dossier_service import DossierItem

# Cell statuses, worst first; "none" is a unit that owes nothing in the column.
STATUS_ORDER = ("overdue", "needs_fix", "missing", "late", "received", "accepted", "none")
STATUS_LABELS = {
    "overdue": "Quá hạn", "needs_fix": "Cần bổ sung", "missing": "Chưa nộp", "late": "Nộp muộn",
    "received": "Đã nộp", "accepted": "Đạt", "none": "Không phải nộp",
}
# What a matrix cell says (short, so a dozen columns fit; the colour and the tooltip say the rest).
CELL_LABELS = {
    "overdue": "Quá hạn", "needs_fix": "Bổ sung", "missing": "Chưa nộp", "late": "Muộn",
    "received": "Nộp", "accepted": "Đạt", "none": "—",
}


def item_status(item: DossierItem, as_of: dt.date) -> str:
    """One item's status for colouring: its display state, or overdue when missing past due."""
    if item.state == "missing" and item.overdue(as_of):
        return "overdue"
    return item.display_state


@dataclass(frozen=True)
class MatrixCell:
    """One unit's entries for one column."""

    items: tuple[DossierItem, ...]
    status: str
    done: int  # received, late or accepted

    @property
    def total(self) -> int:
        """Entries owed."""
        return len(self.items)

    def text(self, per_delegate: bool) -> str:
        """What the cell shows."""
        if not self.items:
            return "—"
        if per_delegate:
            return f"{self.done}/{self.total}"
        item = self.items[0]
        label = CELL_LABELS[self.status]
        if self.status in ("received", "late", "accepted") and item.received_on:
            return f"{label} {item.received_on:%d/%m}"
        return label

    def tooltip(self, as_of: dt.date) -> str:
        """Every entry with its state, dates and note."""
        lines = []
        for item in self.items:
            parts = [item.label, STATUS_LABELS[item_status(item, as_of)]]
            if item.due:
                parts.append(f"hạn {format_date(item.due)}")
            if item.received_on:
                parts.append(f"nhận {format_date(item.received_on)}")
            if item.file_count:
                parts.append(f"{item.file_count} tệp")
            if item.note:
                parts.append(item.note)
            if not item.still_sent:
                parts.append("đại biểu không còn đi dự cấp trên")
            lines.append(" · ".join(parts))
        return "\n".join(lines)


@dataclass(frozen=True)
class MatrixColumn:
    """One template item as a column, with its count of units (or entries) done."""

    template_item_id: int
    name: str
    per_delegate: bool
    required: bool
    done: int
    total: int
    per_proposal: bool = False  # owed once per reward proposal (services/awards_dossier)


@dataclass(frozen=True)
class MatrixRow:
    """One unit with its cells and counts."""

    unit_id: int
    unit_name: str
    cells: tuple[MatrixCell, ...]
    done: int
    total: int
    outstanding: int
    overdue: int
    late: int


@dataclass(frozen=True)
class Matrix:
    """A run's matrix as of a date."""

    run_id: int
    as_of: dt.date
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]


def _summary(items: list[DossierItem], as_of: dt.date) -> str:
    if not items:
        return "none"
    return min((item_status(i, as_of) for i in items), key=STATUS_ORDER.index)


def build_matrix(db: Database, run_id: int, as_of: dt.date | None = None) -> Matrix:
    """The matrix of run `run_id` (units in run order, columns in checklist order)."""
    as_of = as_of or dt.date.today()
    run = dossier_service.run(db, run_id)
    template_items = list(db.query(
        # An item owed per reward proposal sums its entries like a per-delegate one ("3/5").
        "SELECT id, name, per_delegate OR per_proposal AS per_delegate, per_proposal, required "
        "FROM dossier_template_items "
        "WHERE template_id = ? "
        "ORDER BY position, id", [run.template_id]))
    units = list(db.query(
        "SELECT ru.unit_id, k.name || ' ' || u.name AS unit_name FROM dossier_run_units ru "
        "JOIN units u ON u.id = ru.unit_id JOIN unit_kinds k ON k.code = u.kind "
        "WHERE ru.run_id = ? ORDER BY ru.position, u.position", [run_id]))
    by_cell: dict[tuple[int, int], list[DossierItem]] = {}
    for item in dossier_service.items(db, run_id=run_id):
        by_cell.setdefault((item.unit_id, item.template_item_id), []).append(item)
    rows = []
    for unit in units:
        cells = []
        for t in template_items:
            found = by_cell.get((unit["unit_id"], t["id"]), [])
            done = sum(i.state in ("received", "accepted") for i in found)
            cells.append(MatrixCell(tuple(found), _summary(found, as_of), done))
        owed = [i for c in cells for i in c.items]
        rows.append(MatrixRow(
            unit["unit_id"], unit["unit_name"], tuple(cells),
            done=sum(c.done for c in cells), total=len(owed),
            outstanding=sum(i.outstanding for i in owed),
            overdue=sum(i.overdue(as_of) for i in owed), late=sum(i.late for i in owed)))
    columns = []
    for index, t in enumerate(template_items):
        cells = [r.cells[index] for r in rows]
        if t["per_delegate"]:
            done, total = sum(c.done for c in cells), sum(c.total for c in cells)
        else:
            owing = [c for c in cells if c.items]
            done, total = sum(c.done == c.total for c in owing), len(owing)
        columns.append(MatrixColumn(t["id"], t["name"], bool(t["per_delegate"]), bool(t["required"]),
                                    done, total, bool(t["per_proposal"])))
    return Matrix(run_id, as_of, tuple(columns), tuple(rows))
