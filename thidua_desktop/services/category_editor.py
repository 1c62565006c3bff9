"""Edit a plan's delegate categories from the window: check, save, add, take back an addition.

The form gives plain values; `check_category` cleans and bounds them and says
in Vietnamese what is wrong (nothing is written then). `save_category`
writes one category and returns what it replaced, so undo can put it back.
A category's base kind (what the quotas count it as) follows its "counts as
exemplary" box; release 1's three (exemplary, guest, leader) keep their own
base, since rows written before the plan had categories name them by it.
No Qt.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from sqlite_utils import Database

from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import ValidationError
from thidua_desktop.services.delegate_categories import plan_categories
from thidua_desktop.templates.model import Category
from thidua_desktop.templates.model_categories import CATEGORY_BASES

MAX_LABEL = 120
MAX_WORDS = 20
MAX_WORD = 80
MAX_QUOTA = 100_000


def words_of(text: str) -> tuple[str, ...]:
    """Import words typed one per line or separated by semicolons, cleaned, repeats dropped."""
    out: list[str] = []
    for part in re.split(r"[;\n]", text or ""):
        word = clean_text(part)
        if word and fold(word) not in {fold(w) for w in out}:
            out.append(word)
    return tuple(out)


def check_category(cat: Category, others: list[Category]) -> Category:
    """The category cleaned and bounded; a ValidationError names the first bad value."""
    label = clean_text(cat.label)
    if not label:
        raise ValidationError("Tên thành phần không được để trống.")
    if len(label) > MAX_LABEL:
        raise ValidationError(f"Tên thành phần dài quá {MAX_LABEL} ký tự.")
    if any(fold(o.label) == fold(label) for o in others if o.code != cat.code):
        raise ValidationError(f"Đã có thành phần “{label}” trong kế hoạch; đặt tên khác.")
    words = words_of("\n".join(cat.words))
    if len(words) > MAX_WORDS:
        raise ValidationError(f"Mỗi thành phần có tối đa {MAX_WORDS} từ nhận diện.")
    if any(len(w) > MAX_WORD for w in words):
        raise ValidationError(f"Mỗi từ nhận diện dài tối đa {MAX_WORD} ký tự.")
    if not 0 <= cat.protocol_order <= 999:
        raise ValidationError("Thứ tự giới thiệu phải từ 0 đến 999.")
    if cat.quota is not None and not 0 <= cat.quota <= MAX_QUOTA:
        raise ValidationError(f"Số lượng tối đa phải từ 0 đến {MAX_QUOTA:,}.".replace(",", "."))
    if cat.share is not None and not 0 <= cat.share <= 1:
        raise ValidationError("Tỷ lệ tối đa phải từ 0% đến 100%.")
    if cat.quota is not None and cat.share is not None:
        raise ValidationError("Chỉ đặt số lượng tối đa hoặc tỷ lệ tối đa, không đặt cả hai.")
    if cat.code in CATEGORY_BASES:
        base = cat.code  # release 1's own three keep their base
    elif cat.exemplary:
        base = "exemplary"
    else:
        base = cat.base if cat.base in ("guest", "leader") else "guest"
    return replace(cat, label=label, words=words, base=base, exemplary=base == "exemplary")


def new_code(existing: list[Category]) -> str:
    """A free code for a category added in the window (codes are per plan)."""
    taken = {c.code for c in existing}
    n = 1
    while f"rieng_{n}" in taken:
        n += 1
    return f"rieng_{n}"


def save_category(db: Database, plan_id: int, cat: Category) -> Category | None:
    """Write one category (checked); return the one it replaced (None: it is new).

    When its base kind changes, the plan's delegates in it change base too.
    """
    current = plan_categories(db, plan_id)
    cat = check_category(cat, current)
    old = next((c for c in current if c.code == cat.code), None)
    row = {"plan_id": plan_id, "code": cat.code, "label": cat.label,
           "words": json.dumps(list(cat.words), ensure_ascii=False),
           "protocol_order": cat.protocol_order, "base": cat.base, "exemplary": int(cat.exemplary),
           "quota": cat.quota, "share": cat.share, "collective": int(cat.collective),
           "source": cat.source or "sửa trong cửa sổ"}
    db["delegate_categories"].upsert(row, pk=("plan_id", "code"))
    if old is not None and old.base != cat.base:
        _move_base(db, plan_id, cat.code, cat.base)
    return old


def _move_base(db: Database, plan_id: int, code: str, base: str) -> None:
    # Migration 0009's trigger puts a row back in its base's own category when `category`
    # changes alone; the code is parked for one statement so the row keeps its category.
    events = "SELECT id FROM events WHERE plan_id = ?"
    db.execute(f"UPDATE delegates SET category_code = '#' || category_code "
               f"WHERE category_code = ? AND event_id IN ({events})", [code, plan_id])
    db.execute(f"UPDATE delegates SET category = ?, category_code = ? "
               f"WHERE category_code = ? AND event_id IN ({events})", [base, code, "#" + code, plan_id])


def remove_new_category(db: Database, plan_id: int, code: str) -> None:
    """Take back a category added in the window (undo); refused while a delegate is in it."""
    used = db.execute("SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                      "WHERE e.plan_id = ? AND d.category_code = ?", [plan_id, code]).fetchone()[0]
    if used:
        raise ValidationError(f"Còn {used} đại biểu thuộc thành phần này; chuyển họ sang thành "
                              "phần khác trước.")
    db.execute("DELETE FROM delegate_categories WHERE plan_id = ? AND code = ?", [plan_id, code])
