"""Every rule the `check` command and the rules panels run.

Each module in this package exposes `run(db, event_ids, as_of) -> list[Finding]`
and is discovered automatically, so each area (roster, agenda, timeline,
dossiers) keeps its rules in its own module.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from dataclasses import asdict, dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class Finding:
    """One broken rule: what, where, and a Vietnamese sentence saying what to do."""

    severity: str  # "error" | "warning"
    rule: str  # stable code, e.g. "roster.max_delegates"
    event: str | None  # event code, or None for plan-wide findings
    message: str
    rows: tuple[int, ...] = ()  # ids of the records concerned (delegates, items...)

    def to_json(self) -> dict:
        """The contract's JSON shape (plus `rows`)."""
        data = asdict(self)
        data["rows"] = list(self.rows)
        return data


def rule_modules():
    """The rule modules, in name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{__name__}.{info.name}")


def run_all(db: Database, event_ids: list[int] | None = None, as_of: dt.date | None = None) -> list[Finding]:
    """Run every rule on the events (default: all events) as of a date (default: today)."""
    if event_ids is None:
        event_ids = [r[0] for r in db.execute("SELECT id FROM events ORDER BY position, id")]
    as_of = as_of or dt.date.today()
    findings: list[Finding] = []
    for module in rule_modules():
        findings.extend(module.run(db, event_ids, as_of))
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order.get(f.severity, 2), f.event or "", f.rule))
