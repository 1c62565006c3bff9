"""Delegate categories defined by the plan: stored, read in protocol order, recognised, assigned.

Each plan keeps its categories in `delegate_categories` (from its template's
`categories` block, or release 1's three: leader, guest, exemplary). A
delegate's `category` stays the base kind the quotas count (exemplary, guest,
leader); `category_code` names the plan's category. A collective category
(tập thể) is a delegate whose `collective` names the collective it stands for.
No Qt.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.templates.model import Category


def store_categories(db: Database, plan_id: int, categories: tuple[Category, ...]) -> None:
    """Write a plan's categories (inside the caller's transaction)."""
    for c in categories:
        db["delegate_categories"].insert({
            "plan_id": plan_id, "code": c.code, "label": c.label,
            "words": json.dumps(list(c.words), ensure_ascii=False), "protocol_order": c.protocol_order,
            "base": c.base, "exemplary": int(c.exemplary), "quota": c.quota, "share": c.share,
            "collective": int(c.collective), "source": c.source,
        })


def _category(row: dict) -> Category:
    try:
        words = tuple(w for w in json.loads(row["words"] or "[]") if isinstance(w, str))
    except ValueError:
        words = ()
    return Category(row["code"], row["label"], words, row["protocol_order"], row["base"],
                    bool(row["exemplary"]), row["quota"], row["share"], bool(row["collective"]),
                    row["source"])


def plan_categories(db: Database, plan_id: int) -> list[Category]:
    """A plan's categories in protocol order."""
    return [_category(r) for r in db.query(
        "SELECT * FROM delegate_categories WHERE plan_id = ? ORDER BY protocol_order, code", [plan_id])]


def categories_in_protocol_order(db: Database, event_id: int) -> list[Category]:
    """The categories of an event's plan, in protocol order (roster groups, introductions)."""
    row = db.execute("SELECT plan_id FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có sự kiện số {event_id}.")
    return plan_categories(db, row[0])


def recognise(categories: list[Category], text: str) -> Category | None:
    """The category an imported cell names: its code, its label, or one of its words."""
    key = fold(text or "").strip()
    if not key:
        return None
    for c in categories:
        if key in (fold(c.code), fold(c.label)):
            return c
    # The longest word that the cell holds wins ("đại biểu khách mời" before "đại biểu").
    best = max(((len(fold(w)), c) for c in categories for w in c.words if fold(w) and fold(w) in key),
               default=None, key=lambda t: t[0])
    return best[1] if best else None


def set_delegate_category(db: Database, delegate_id: int, code: str) -> None:
    """Put a delegate in one of its plan's categories (the base kind follows)."""
    row = db.execute("SELECT e.plan_id FROM delegates d JOIN events e ON e.id = d.event_id "
                     "WHERE d.id = ?", [delegate_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không có đại biểu số {delegate_id}.")
    found = {c.code: c for c in plan_categories(db, row[0])}
    if code not in found:
        names = ", ".join(c.label for c in found.values())
        raise ValidationError(f"Thành phần “{code}” không có trong kế hoạch; các thành phần có: {names}.")
    db.execute("UPDATE delegates SET category = ?, category_code = ? WHERE id = ?",
               [found[code].base, code, delegate_id])


def category_counts(db: Database, event_id: int) -> dict[str, int]:
    """Delegates present per category code (a row without a code counts under its base)."""
    return dict(db.execute(
        "SELECT COALESCE(NULLIF(category_code, ''), category), count(*) FROM delegates "
        "WHERE event_id = ? AND status != 'absent' GROUP BY 1", [event_id]).fetchall())


def category_quota(category: Category, max_delegates: int | None) -> int | None:
    """A category's own maximum: its quota, else its share of the event's maximum."""
    if category.quota is not None:
        return category.quota
    if category.share is not None and max_delegates:
        return int(max_delegates * category.share)
    return None
