"""Delegate categories and seat rules of a plan template, typed and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from thidua_desktop.templates.model_reader import Reader, flag

CATEGORY_BASES = ("exemplary", "guest", "leader")
SEAT_RULES = ("equal", "proportional", "per_category", "fixed", "none")
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class Category:
    """A delegate category of the plan (Điển hình tiên tiến, Khách mời, Thành viên Hội đồng...)."""

    code: str
    label: str
    words: tuple[str, ...] = ()  # recognise it in an imported cell
    protocol_order: int = 0  # introductions, the presidium, roster groups
    base: str = "exemplary"  # what the quotas count it as: exemplary, guest, leader
    exemplary: bool = True  # counts as exemplary
    quota: int | None = None  # its own maximum
    share: float | None = None  # its own share of the event's maximum (gives a quota)
    collective: bool = False  # a tập thể, represented by a person
    source: str = ""


# Release 1's three fixed codes, for a template without `categories`, in the
# order its roster printed them.
DEFAULT_CATEGORIES = (
    Category("exemplary", "Điển hình tiên tiến", ("điển hình", "gương điển hình"), 1, "exemplary",
             True, source="mặc định"),
    Category("leader", "Lãnh đạo", ("lãnh đạo",), 2, "leader", False, source="mặc định"),
    Category("guest", "Khách mời", ("khách mời", "đại biểu khách mời"), 3, "guest", False,
             source="mặc định"),
)


@dataclass(frozen=True)
class SeatRule:
    """How an event's seats are shared between the units sending delegates."""

    rule: str = "equal"  # equal, proportional (to the unit's figure), per_category, fixed, none
    per_unit: int | None = None  # fixed: seats each unit gets
    source: str = ""


def read_categories(block: Any, r: Reader) -> tuple[Category, ...]:
    """The `categories` block, in protocol order; absent: release 1's three."""
    if block is None:
        return DEFAULT_CATEGORIES
    if not isinstance(block, list) or not block:
        r.fail("categories", "phải là danh sách thành phần đại biểu (không rỗng)")
        return DEFAULT_CATEGORIES
    out, seen = [], set()
    for i, item in enumerate(block):
        where = f"categories[{i}]"
        item = r.obj(item, where)
        if not item:
            continue
        code = r.text(item.get("code"), f"{where}.code")
        if not _CODE.match(code):
            r.fail(f"{where}.code", "chỉ gồm chữ thường không dấu, số và dấu gạch dưới (1-40 ký tự)")
            continue
        if code in seen:
            r.fail(f"{where}.code", f"mã “{code}” bị lặp lại")
            continue
        seen.add(code)
        label = r.text(item.get("label"), f"{where}.label").strip()
        if not label:
            r.fail(f"{where}.label", "phải là tên thành phần, không rỗng")
        exemplary = flag(r, item.get("exemplary"), f"{where}.exemplary", False)
        base = r.text(item.get("base"), f"{where}.base", "exemplary" if exemplary else "guest")
        if base not in CATEGORY_BASES:
            r.fail(f"{where}.base", f"phải là một trong: {', '.join(CATEGORY_BASES)}")
            base = "guest"
        if exemplary and base != "exemplary":
            r.fail(f"{where}.base", "thành phần tính là điển hình phải có base “exemplary”")
        out.append(Category(
            code=code, label=label or code,
            words=r.texts(item.get("words"), f"{where}.words"),
            protocol_order=r.number(item.get("protocol_order"), f"{where}.protocol_order", 0, 999,
                                    integer=True, default=i + 1),
            base=base, exemplary=exemplary,
            quota=r.number(item.get("quota"), f"{where}.quota", 0, 100_000, integer=True),
            share=r.number(item.get("share"), f"{where}.share", 0, 1),
            collective=flag(r, item.get("collective"), f"{where}.collective", False),
            source=item.get("source") if isinstance(item.get("source"), str) else "",
        ))
    return tuple(sorted(out, key=lambda c: (c.protocol_order, c.code))) or DEFAULT_CATEGORIES


def read_seat_rule(entry: Any, r: Reader, where: str) -> SeatRule:
    """An event type's `seats` block; absent: equal shares, as release 1."""
    if entry is None:
        return SeatRule()
    data = r.obj(entry, where)
    rule = r.text(data.get("rule"), f"{where}.rule", "equal")
    if rule not in SEAT_RULES:
        r.fail(f"{where}.rule", f"phải là một trong: {', '.join(SEAT_RULES)}")
        return SeatRule()
    per_unit = r.number(data.get("per_unit"), f"{where}.per_unit", 0, 10_000, integer=True)
    if rule == "fixed" and per_unit is None:
        r.fail(f"{where}.per_unit", "quy tắc “fixed” cần số ghế cho mỗi đơn vị")
    return SeatRule(rule, per_unit, data.get("source") if isinstance(data.get("source"), str) else "")
