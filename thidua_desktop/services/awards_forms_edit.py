"""Editing the stored award form sets: check in the officer's words, copy, save, put back.

`awards_forms.read_award_forms` refuses a bad block with the JSON path of the
bad value (right for a template file). The window needs sentences about the
form the officer is looking at ("Hình thức “Bằng khen …”: số năm liên tục
phải từ 1 đến 20"), so `check_set` checks a set as the editor builds it,
first bad value first; `save_sets` then checks the whole block again with
the reader (one truth for what is valid) and writes every changed set at
once, or nothing. `replace_all` puts a block back exactly (undo).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import ValidationError
from thidua_desktop.services.awards_forms import (
    CONDITION_TYPES,
    KINDS,
    LEVELS,
    SHARE_CRITERIA,
    TARGETS,
    read_award_forms,
    stored_block,
    write_meta,
)

MAX_NAME, MAX_AUTHORITY, MAX_DECREE, MAX_TEXT = 200, 200, 120, 500
MAX_YEARS = 20
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
CONDITION_NAMES = {"text": "Điều kiện ghi bằng chữ", "holds": "Đạt hình thức thấp hơn năm liền trước",
                   "consecutive_years": "Số năm liên tục đạt hình thức thấp hơn",
                   "max_share_of": "Tỷ lệ tối đa so với hình thức thấp hơn",
                   "min_share": "Tỷ lệ tối thiểu dành cho nữ / lao động trực tiếp"}
TARGET_NAMES = {"person": "Cá nhân", "collective": "Tập thể", "both": "Cá nhân và tập thể"}
KIND_NAMES = {"title": "Danh hiệu", "certificate": "Giấy khen, Bằng khen", "flag": "Cờ thi đua",
              "medal": "Huân, huy chương"}
CRITERION_NAMES = {"women": "Nữ", "direct_worker": "Người lao động trực tiếp"}


def _refuse(text: str) -> None:
    raise ValidationError(text)


def _date(text: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        _refuse(f"Ngày bắt đầu áp dụng “{text}” không hợp lệ; hãy chọn một ngày.")
    raise AssertionError  # unreachable: _refuse raises


def _check_condition(cond: dict, label: str, own: str, codes: set[str], number: int) -> None:
    where = f"{label}, điều kiện {number}"
    kind = cond.get("type")
    if kind not in CONDITION_TYPES:
        _refuse(f"{where}: loại điều kiện “{kind}” không có.")
    if kind == "text":
        if not clean_text(cond.get("text")):
            _refuse(f"{where}: nội dung điều kiện không được để trống.")
        if len(clean_text(cond.get("text"))) > MAX_TEXT:
            _refuse(f"{where}: nội dung dài quá {MAX_TEXT} ký tự.")
        return
    if kind != "min_share":
        lower = cond.get("form") or ""
        if not lower:
            _refuse(f"{where}: hãy chọn hình thức thấp hơn.")
        if lower == own:
            _refuse(f"{where}: hình thức thấp hơn không thể là chính hình thức này.")
        if lower not in codes:
            _refuse(f"{where}: hình thức thấp hơn “{lower}” không có trong bộ.")
    years = cond.get("years", 1)
    if kind in ("holds", "consecutive_years") and (
            isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS):
        _refuse(f"{where}: số năm liên tục phải là số nguyên từ 1 đến {MAX_YEARS}, không phải {years}.")
    if kind in ("max_share_of", "min_share"):
        share = cond.get("share")
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            shown = f"{share * 100:g}%" if isinstance(share, (int, float)) else share
            _refuse(f"{where}: tỷ lệ phải lớn hơn 0% và không quá 100%, không phải {shown}.")
    if kind == "min_share" and cond.get("criterion") not in SHARE_CRITERIA:
        _refuse(f"{where}: hãy chọn dành cho nữ hay cho người lao động trực tiếp.")


def check_set(raw_set: dict, other_dates: tuple[str, ...] = ()) -> None:
    """Refuse the first bad value of a set with a sentence naming the form and the field."""
    start = _date(raw_set.get("effective_from"))
    if start.isoformat() in other_dates:
        _refuse(f"Đã có bộ hình thức áp dụng từ {start:%d/%m/%Y}; hãy chọn ngày khác.")
    if not 1990 <= start.year <= 2100:
        _refuse(f"Ngày bắt đầu áp dụng {start:%d/%m/%Y} nằm ngoài khoảng 1990 – 2100.")
    decree = clean_text(raw_set.get("decree"))
    if not decree:
        _refuse("Hãy ghi văn bản quy định bộ hình thức (ví dụ: Nghị định số 152/2025/NĐ-CP).")
    if len(decree) > MAX_DECREE:
        _refuse(f"Tên văn bản quy định dài quá {MAX_DECREE} ký tự.")
    forms = raw_set.get("forms") or []
    if not forms:
        _refuse("Bộ hình thức phải có ít nhất một hình thức khen thưởng.")
    codes: set[str] = set()
    for number, form in enumerate(forms, start=1):
        name = clean_text(form.get("name"))
        label = f"Hình thức “{name}”" if name else f"Hình thức thứ {number}"
        code = form.get("code") or ""
        if not CODE_RE.match(code):
            _refuse(f"{label}: mã “{code}” phải bắt đầu bằng chữ thường không dấu, chỉ gồm chữ thường "
                    "không dấu, chữ số, dấu gạch dưới, tối đa 30 ký tự.")
        if code in codes:
            _refuse(f"{label}: mã “{code}” đã dùng cho một hình thức khác trong bộ.")
        codes.add(code)
        if not name:
            _refuse(f"{label}: tên hình thức không được để trống.")
        if len(name) > MAX_NAME:
            _refuse(f"{label}: tên dài quá {MAX_NAME} ký tự.")
        authority = clean_text(form.get("authority"))
        if not authority:
            _refuse(f"{label}: hãy ghi cấp có thẩm quyền khen thưởng (ví dụ: Chủ tịch Ủy ban nhân dân xã).")
        if len(authority) > MAX_AUTHORITY or len(clean_text(form.get("certificate"))) > MAX_NAME:
            _refuse(f"{label}: thẩm quyền hoặc tên phôi dài quá {MAX_AUTHORITY} ký tự.")
        for key, allowed in (("for", TARGETS), ("level", LEVELS), ("kind", KINDS)):
            if form.get(key) not in allowed:
                _refuse(f"{label}: giá trị “{form.get(key)}” không hợp lệ.")
    for form in forms:
        label = f"Hình thức “{clean_text(form.get('name'))}”"
        for number, cond in enumerate(form.get("conditions") or [], start=1):
            _check_condition(cond, label, form["code"], codes, number)


def clean_set(raw_set: dict) -> dict:
    """The set with every text cleaned (NFC, no control characters, single spaces)."""
    out = copy.deepcopy(raw_set)
    out["decree"] = clean_text(out.get("decree"))
    for form in out.get("forms") or []:
        for key in ("name", "authority", "certificate"):
            if key in form:
                form[key] = clean_text(form[key])
        for cond in form.get("conditions") or []:
            if "text" in cond:
                cond["text"] = clean_text(cond["text"])
    return out


def check_council(council: dict) -> None:
    """The council's threshold: a share above 0 and at most 100% of the members present."""
    threshold = council.get("threshold", 0.5)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.01 <= threshold <= 1:
        _refuse("Tỷ lệ phiếu để được khen thưởng phải từ 1% đến 100% số thành viên có mặt.")
    if not isinstance(council.get("strictly_more", True), bool):
        _refuse("Cách tính ngưỡng phiếu phải là “trên” hoặc “từ … trở lên”.")


def copy_set(raw_set: dict, effective_from: dt.date, decree: str) -> dict:
    """A new set with the forms and conditions of `raw_set`, from another date under another text."""
    out = copy.deepcopy(raw_set)
    out["effective_from"] = effective_from.isoformat()
    out["decree"] = decree
    for key in ("effective_from_basis", "note"):  # they spoke of the old text and its date
        out.pop(key, None)
    return out


def save_sets(db: Database, sets: list[dict], council: dict) -> None:
    """Add or replace each set (keyed by its start date) and set the council rule; all or nothing."""
    block = stored_block(db)
    changed = {s["effective_from"] for s in sets}
    if len(changed) != len(sets):
        _refuse("Hai bộ hình thức có cùng ngày bắt đầu áp dụng.")
    kept = [s for s in block["sets"] if s["effective_from"] not in changed]
    cleaned = [clean_set(s) for s in sets]
    for one in cleaned:
        check_set(one)
    check_council(council)
    typed, _ = read_award_forms({"sets": kept + cleaned, "council": council})  # the reader has the last word
    check_rounds(db, typed)
    replace_all(db, {"council": council, "sets": kept + cleaned})


def check_rounds(db: Database, typed_sets) -> None:
    """Refuse sets under which a round's proposals would name a form that is gone or not for their kind."""
    from thidua_desktop.services import awards_service
    from thidua_desktop.services.awards_forms import in_effect

    for rnd in awards_service.rounds(db):
        forms = in_effect(typed_sets, rnd.reference_date)
        for code, kind in db.execute("SELECT DISTINCT p.form_code, a.kind FROM award_proposals p "
                                     "JOIN awardees a ON a.id = p.awardee_id WHERE p.round_id = ?", [rnd.id]):
            form = forms.form(code)
            if form is None:
                _refuse(f"Đợt “{rnd.name}” có đề nghị hình thức mã “{code}”, nhưng bộ áp dụng từ "
                        f"{forms.effective_from:%d/%m/%Y} không còn hình thức này.")
            if not form.allows(kind):
                who = "cá nhân" if kind == "person" else "tập thể"
                _refuse(f"Hình thức “{form.name}”: đợt “{rnd.name}” đã có đề nghị cho {who}, "
                        f"nên hình thức phải dành cho cả {who}.")


def replace_all(db: Database, block: dict) -> None:
    """Make the stored sets exactly `block` (in one transaction)."""
    council = json.dumps(block.get("council") or {}, ensure_ascii=False)
    with db.atomic():
        db.execute("DELETE FROM award_form_sets")
        db.execute("DELETE FROM award_form_set_notes")
        for raw in sorted(block["sets"], key=lambda s: s["effective_from"]):
            db.execute("INSERT INTO award_form_sets (effective_from, decree, forms, council) VALUES (?, ?, ?, ?)",
                       [raw["effective_from"], raw.get("decree", ""),
                        json.dumps(raw["forms"], ensure_ascii=False), council])
            write_meta(db, raw)


def condition_sentence(cond: dict, names: dict[str, str]) -> str:
    """A condition as the officer reads it (awards_forms.Condition.sentence), from its raw dict."""
    from thidua_desktop.services.awards_forms import Condition

    if cond.get("type") not in CONDITION_TYPES:
        return ""
    return Condition(type=cond["type"], text=cond.get("text") or "", form=cond.get("form") or "",
                     years=int(cond.get("years") or 0), share=float(cond.get("share") or 0),
                     criterion=cond.get("criterion") or "").sentence(names)


def new_code(forms: list[dict]) -> str:
    """A code no form of the set has yet: hinh_thuc_1, hinh_thuc_2, …"""
    taken = {f.get("code") for f in forms}
    return next(f"hinh_thuc_{n}" for n in range(1, len(forms) + 2) if f"hinh_thuc_{n}" not in taken)


def codes_in_use(db: Database) -> set[str]:
    """Form codes that proposals or the award history point at (a form with one cannot be removed)."""
    return {r[0] for r in db.execute("SELECT form_code FROM award_proposals UNION SELECT form_code FROM awards")}
