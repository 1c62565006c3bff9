"""Seats an event gives each sending unit, by the plan's rule (data, not code).

- equal: the event's exemplary seats (maximum x exemplary share) split evenly,
  the first units in the list taking the remainder (release 1's behaviour);
- proportional: the same seats split in proportion to each unit's figure
  (`units.staff_count`), largest remainders first; a unit without a figure gets none;
- per_category: each category with its own quota (or share) split evenly;
  a unit's seats are the sum over the categories;
- fixed: `per_unit` seats each;
- none: no seats are given.

Pure functions; the plan service writes the result.
"""

from __future__ import annotations

from thidua_desktop.services.delegate_categories import category_quota
from thidua_desktop.templates.model import Category, SeatRule


def _even(total: int, units: list[int]) -> dict[int, int]:
    if not units:
        return {}
    base, extra = divmod(total, len(units))
    return {uid: base + (1 if i < extra else 0) for i, uid in enumerate(units)}


def _proportional(total: int, figures: list[tuple[int, int | None]]) -> dict[int, int]:
    weights = {uid: f for uid, f in figures if f}
    whole = sum(weights.values())
    out = {uid: 0 for uid, _f in figures}
    if not whole:
        return out
    exact = {uid: total * w / whole for uid, w in weights.items()}
    for uid, x in exact.items():
        out[uid] = int(x)
    left = total - sum(out.values())
    order = {uid: i for i, (uid, _f) in enumerate(figures)}
    for uid in sorted(exact, key=lambda u: (-(exact[u] - int(exact[u])), order[u]))[:left]:
        out[uid] += 1
    return out


def allocate(rule: SeatRule, max_delegates: int | None, exemplary_share: float | None,
             figures: list[tuple[int, int | None]], categories: tuple[Category, ...] | list[Category] = ()
             ) -> tuple[dict[int, int], dict[tuple[int, str], int]]:
    """(seats per unit, seats per (unit, category)) for units given as (id, figure)."""
    units = [uid for uid, _f in figures]
    if rule.rule == "none" or not units:
        return {}, {}
    if rule.rule == "fixed":
        return {uid: rule.per_unit or 0 for uid in units}, {}
    if rule.rule == "per_category":
        by_category: dict[tuple[int, str], int] = {}
        totals = {uid: 0 for uid in units}
        for c in categories:
            quota = category_quota(c, max_delegates)
            if quota is None:
                continue
            for uid, n in _even(quota, units).items():
                by_category[(uid, c.code)] = n
                totals[uid] += n
        return totals, by_category
    if not max_delegates:
        return {}, {}
    seats_total = int(max_delegates * (1.0 if exemplary_share is None else exemplary_share))
    if rule.rule == "proportional":
        return _proportional(seats_total, figures), {}
    return _even(seats_total, units), {}
