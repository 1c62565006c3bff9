"""Award forms as dated plan data: who issues each form, for whom, on what conditions.

A form set is the list of forms a decree fixes, from the day it takes effect
(Nghị định 98/2023/NĐ-CP, replaced by Nghị định 152/2025/NĐ-CP from
2025-07-01). Sets are data: the bundled `resources/awards/award_forms.json`,
or a template's `award_forms` block, copied into `award_form_sets` the first
time a file needs them; the officer edits them there (`save_form_set`, which
validates first and writes nothing on a bad value). `read_award_forms` turns
the JSON into frozen dataclasses, each bad value a Vietnamese sentence.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import ValidationError
from thidua_desktop.paths import resources_dir
from thidua_desktop.templates.model_reader import Reader

TARGETS = ("person", "collective", "both")
LEVELS = ("commune", "district", "province", "state")
KINDS = ("title", "certificate", "flag", "medal")
CONDITION_TYPES = ("text", "holds", "consecutive_years", "max_share_of", "min_share")
SHARE_CRITERIA = ("women", "direct_worker")
LEVEL_NAMES = {"commune": "Cấp xã", "district": "Cấp huyện", "province": "Cấp tỉnh", "state": "Cấp Nhà nước"}


@dataclass(frozen=True)
class Condition:
    """One condition: free text, or a typed rule the history can check."""

    type: str
    text: str = ""
    form: str = ""  # holds / consecutive_years / max_share_of: the lower form
    years: int = 0
    share: float = 0.0
    criterion: str = ""  # min_share: women | direct_worker

    def sentence(self, names: dict[str, str]) -> str:
        """The condition in words, for the officer and the documents."""
        lower = names.get(self.form, self.form)
        if self.type == "holds":
            return f"Đã đạt “{lower}” năm liền trước"
        if self.type == "consecutive_years":
            return f"Có {self.years} năm liên tục đạt “{lower}”"
        if self.type == "max_share_of":
            return f"Không quá {self.share:.0%} số cá nhân đạt “{lower}”"
        if self.type == "min_share":
            who = "người lao động trực tiếp" if self.criterion == "direct_worker" else "nữ"
            return f"Dành ít nhất {self.share:.0%} cho {who}"
        return self.text


@dataclass(frozen=True)
class AwardForm:
    """One award form (hình thức khen thưởng)."""

    code: str
    name: str
    kind: str  # title | certificate | flag | medal
    target: str  # person | collective | both
    level: str
    authority: str
    certificate: str = ""  # the blank it is printed on: "Giấy khen", "Bằng khen"
    conditions: tuple[Condition, ...] = ()

    def allows(self, kind: str) -> bool:
        """True when the form may be given to a `kind` ("person"/"collective")."""
        return self.target in (kind, "both")


@dataclass(frozen=True)
class CouncilRule:
    """How the council decides: a share of the members present (as data)."""

    threshold: float = 0.5
    strictly_more: bool = True  # "trên 50%": more than, not equal

    def passes(self, votes_for: int, present: int) -> bool:
        """True when `votes_for` of `present` members reach the threshold."""
        if present <= 0:
            return False
        # Integers compared exactly: 0.5 of 9 present needs 5, 0.5 of 10 needs 6 (strict).
        need = self.threshold * present
        return votes_for > need + 1e-9 if self.strictly_more else votes_for >= need - 1e-9

    def needed(self, present: int) -> int:
        """The fewest votes that pass with `present` members."""
        return next((v for v in range(present + 1) if self.passes(v, present)), present + 1)


@dataclass(frozen=True)
class FormSet:
    """The forms in effect from `effective_from`, under `decree`."""

    effective_from: dt.date
    decree: str
    forms: tuple[AwardForm, ...]

    def form(self, code: str) -> AwardForm | None:
        """The form with this code, or None."""
        return next((f for f in self.forms if f.code == code), None)

    def names(self) -> dict[str, str]:
        """Code -> name of every form."""
        return {f.code: f.name for f in self.forms}


def _condition(raw: Any, r: Reader, where: str) -> Condition | None:
    data = r.obj(raw, where)
    kind = r.text(data.get("type"), f"{where}.type")
    if kind not in CONDITION_TYPES:
        r.fail(f"{where}.type", f"phải là một trong: {', '.join(CONDITION_TYPES)}")
        return None
    if kind == "text":
        text = clean_text(r.text(data.get("text"), f"{where}.text"))
        if not text:
            r.fail(f"{where}.text", "điều kiện dạng chữ không được để trống")
        return Condition("text", text=text)
    form = r.text(data.get("form"), f"{where}.form")
    if kind != "min_share" and not form:
        r.fail(f"{where}.form", "phải nêu mã hình thức thấp hơn")
    years = r.number(data.get("years"), f"{where}.years", 1, 20, integer=True, default=1)
    share = r.number(data.get("share"), f"{where}.share", 0, 1, default=0.0)
    criterion = r.text(data.get("criterion"), f"{where}.criterion")
    if kind == "min_share" and criterion not in SHARE_CRITERIA:
        r.fail(f"{where}.criterion", f"phải là một trong: {', '.join(SHARE_CRITERIA)}")
    return Condition(kind, form=form, years=years, share=float(share), criterion=criterion)


def _choice(r: Reader, raw: Any, where: str, allowed: tuple[str, ...], default: str) -> str:
    value = r.text(raw, where, default)
    if value not in allowed:
        r.fail(where, f"phải là một trong: {', '.join(allowed)}")
        return default
    return value


def read_form(raw: Any, r: Reader, where: str) -> AwardForm | None:
    """One form of a set, every field typed and bounded."""
    data = r.obj(raw, where)
    code = r.text(data.get("code"), f"{where}.code")
    name = clean_text(r.text(data.get("name"), f"{where}.name"))
    if not code or not name:
        r.fail(where, "mỗi hình thức cần mã (code) và tên (name)")
        return None
    conds = data.get("conditions") or []
    if not isinstance(conds, list):
        r.fail(f"{where}.conditions", "phải là một danh sách")
        conds = []
    conditions = tuple(cond for i, raw_cond in enumerate(conds)
                       if (cond := _condition(raw_cond, r, f"{where}.conditions[{i}]")) is not None)
    return AwardForm(
        code=code, name=name,
        kind=_choice(r, data.get("kind"), f"{where}.kind", KINDS, "certificate"),
        target=_choice(r, data.get("for"), f"{where}.for", TARGETS, "both"),
        level=_choice(r, data.get("level"), f"{where}.level", LEVELS, "district"),
        authority=clean_text(r.text(data.get("authority"), f"{where}.authority")),
        certificate=clean_text(r.text(data.get("certificate"), f"{where}.certificate")),
        conditions=conditions,
    )


def read_form_set(raw: Any, r: Reader, where: str) -> FormSet | None:
    """One dated set of forms."""
    data = r.obj(raw, where)
    try:
        start = dt.date.fromisoformat(r.text(data.get("effective_from"), f"{where}.effective_from"))
    except ValueError:
        r.fail(f"{where}.effective_from", "phải là ngày dạng YYYY-MM-DD")
        return None
    forms_raw = data.get("forms")
    if not isinstance(forms_raw, list) or not forms_raw:
        r.fail(f"{where}.forms", "phải là một danh sách hình thức, không trống")
        return None
    forms = tuple(form for i, raw_form in enumerate(forms_raw)
                  if (form := read_form(raw_form, r, f"{where}.forms[{i}]")))
    codes = [f.code for f in forms]
    for code in {c for c in codes if codes.count(c) > 1}:
        r.fail(f"{where}.forms", f"mã “{code}” bị trùng")
    for form in forms:
        for cond in form.conditions:
            if cond.form and cond.form not in codes:
                r.fail(f"{where}.forms.{form.code}", f"điều kiện nhắc tới mã “{cond.form}” không có trong bộ")
    return FormSet(start, clean_text(r.text(data.get("decree"), f"{where}.decree")), forms)


def read_council(raw: Any, r: Reader, where: str = "council") -> CouncilRule:
    """The council rule: threshold (0-1] of the members present."""
    data = r.obj(raw, where)
    threshold = r.number(data.get("threshold"), f"{where}.threshold", 0.01, 1, default=0.5)
    strict = data.get("strictly_more", True)
    if not isinstance(strict, bool):
        r.fail(f"{where}.strictly_more", "phải là true hoặc false")
        strict = True
    return CouncilRule(float(threshold), strict)


def read_award_forms(data: Any) -> tuple[tuple[FormSet, ...], CouncilRule]:
    """The typed `award_forms` block; any bad value raises ValidationError (a sentence)."""
    problems: list[str] = []
    r = Reader(problems)
    block = r.obj(data, "award_forms")
    raw_sets = block.get("sets")
    if not isinstance(raw_sets, list) or not raw_sets:
        problems.append("award_forms.sets: phải là danh sách các bộ hình thức, không trống")
        raw_sets = []
    sets = [one for i, raw_set in enumerate(raw_sets)
            if (one := read_form_set(raw_set, r, f"award_forms.sets[{i}]"))]
    council = read_council(block.get("council"), r)
    dates = [s.effective_from for s in sets]
    if len(set(dates)) != len(dates):
        problems.append("award_forms.sets: hai bộ có cùng ngày bắt đầu áp dụng")
    if problems:
        raise ValidationError("Hình thức khen thưởng không hợp lệ: " + "; ".join(problems[:6]) + ".")
    return tuple(sorted(sets, key=lambda s: s.effective_from)), council


def bundled_block() -> dict:
    """The bundled `award_forms` block (resources/awards/award_forms.json)."""
    return json.loads((resources_dir() / "awards" / "award_forms.json").read_text(encoding="utf-8"))


def in_effect(sets: tuple[FormSet, ...], on: dt.date) -> FormSet:
    """The set in effect on `on`: the latest that started on or before it (else the earliest)."""
    started = [s for s in sets if s.effective_from <= on]
    return started[-1] if started else sets[0]


# --- stored sets --------------------------------------------------------------

def _plan_block(db: Database) -> dict | None:
    """A template's own `award_forms` block, kept with the plan's rules, if any."""
    from thidua_desktop.services import repository

    for (plan_id,) in db.execute("SELECT id FROM plans ORDER BY id").fetchall():
        block = repository.plan_rules(db, plan_id).award_forms
        if block is not None:
            return block
    return None


def ensure_form_sets(db: Database) -> None:
    """Copy the plan's (or the bundled) sets into the file the first time they are needed."""
    if db.execute("SELECT 1 FROM award_form_sets LIMIT 1").fetchone():
        return
    block = _plan_block(db) or bundled_block()
    read_award_forms(block)  # refuse a bad block before anything is written
    council = json.dumps(block.get("council") or {}, ensure_ascii=False)
    with db.atomic():
        for raw in block["sets"]:
            db.execute("INSERT INTO award_form_sets (effective_from, decree, forms, council) VALUES (?, ?, ?, ?)",
                       [raw["effective_from"], raw.get("decree", ""),
                        json.dumps(raw["forms"], ensure_ascii=False), council])
            write_meta(db, raw)


def stored_block(db: Database) -> dict:
    """The stored sets as an `award_forms` block (what the officer edits)."""
    rows = db.execute("SELECT s.effective_from, s.decree, s.forms, s.council, n.meta FROM award_form_sets s "
                      "LEFT JOIN award_form_set_notes n ON n.effective_from = s.effective_from "
                      "ORDER BY s.effective_from").fetchall()
    council = json.loads(rows[-1][3]) if rows else {}
    return {"council": council, "sets": [
        {"effective_from": r[0], "decree": r[1], "forms": json.loads(r[2]), **json.loads(r[4] or "{}")}
        for r in rows]}


META_KEYS = ("effective_from_basis", "note")  # what a set's date rests on; a note for the officer


def write_meta(db: Database, raw_set: dict) -> None:
    """Keep the set's own notes (`award_form_set_notes`, migration 0019) beside its row."""
    meta = {k: raw_set[k] for k in META_KEYS if raw_set.get(k)}
    db.execute("DELETE FROM award_form_set_notes WHERE effective_from = ?", [raw_set["effective_from"]])
    if meta:
        db.execute("INSERT INTO award_form_set_notes (effective_from, meta) VALUES (?, ?)",
                   [raw_set["effective_from"], json.dumps(meta, ensure_ascii=False)])


def form_sets(db: Database) -> tuple[tuple[FormSet, ...], CouncilRule]:
    """The typed sets and council rule of this file (copied in first if needed)."""
    ensure_form_sets(db)
    return read_award_forms(stored_block(db))


def save_form_set(db: Database, raw_set: dict, council: dict | None = None) -> FormSet:
    """Add or replace the set starting on raw_set["effective_from"]; validated first, nothing
    written on a bad value (ValidationError with the sentence)."""
    block = stored_block(db)
    sets = [s for s in block["sets"] if s["effective_from"] != raw_set.get("effective_from")] + [raw_set]
    new_council = council if council is not None else block["council"]
    typed, _ = read_award_forms({"sets": sets, "council": new_council})
    with db.atomic():
        db.execute("DELETE FROM award_form_sets WHERE effective_from = ?", [raw_set["effective_from"]])
        db.execute("INSERT INTO award_form_sets (effective_from, decree, forms, council) VALUES (?, ?, ?, ?)",
                   [raw_set["effective_from"], raw_set.get("decree", ""),
                    json.dumps(raw_set["forms"], ensure_ascii=False), json.dumps(new_council, ensure_ascii=False)])
        write_meta(db, raw_set)
        db.execute("UPDATE award_form_sets SET council = ?", [json.dumps(new_council, ensure_ascii=False)])
    return next(s for s in typed if s.effective_from.isoformat() == raw_set["effective_from"])
