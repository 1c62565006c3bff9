"""Editing the stored award form sets: sentences per bad value, all-or-nothing saves, exact undo."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import awards_forms as af
from thidua_desktop.services import awards_forms_edit as fe


@pytest.fixture
def stored(memory_db):
    af.ensure_form_sets(memory_db)
    return memory_db


def _latest(db) -> dict:
    return copy.deepcopy(af.stored_block(db)["sets"][-1])


def _form(one: dict, code: str) -> dict:
    return next(f for f in one["forms"] if f["code"] == code)


@pytest.mark.parametrize("edit, words", [
    (lambda s: _form(s, "ldtt").update(name="   "), "tên hình thức không được để trống"),
    (lambda s: _form(s, "ldtt").update(name="x" * (fe.MAX_NAME + 1)), f"dài quá {fe.MAX_NAME}"),
    (lambda s: _form(s, "ldtt").update(authority=""), "cấp có thẩm quyền"),
    (lambda s: _form(s, "ldtt").update(level="galaxy"), "“galaxy” không hợp lệ"),
    (lambda s: _form(s, "gk_xa").update(code="Giấy khen"), "mã “Giấy khen”"),
    (lambda s: _form(s, "gk_xa").update(code="ldtt"), "đã dùng cho một hình thức khác"),
    (lambda s: s.update(decree=""), "văn bản quy định"),
    (lambda s: s.update(forms=[]), "ít nhất một hình thức"),
    (lambda s: _form(s, "bk_tinh")["conditions"][0].update(years=0), "từ 1 đến 20, không phải 0"),
    (lambda s: _form(s, "bk_tinh")["conditions"][0].update(years=21), "từ 1 đến 20, không phải 21"),
    (lambda s: _form(s, "bk_tinh")["conditions"][1].update(share=0), "lớn hơn 0%"),
    (lambda s: _form(s, "bk_tinh")["conditions"][1].update(share=1.001), "không quá 100%"),
    (lambda s: _form(s, "bk_tinh")["conditions"][1].update(criterion="youth"), "nữ hay cho người lao động"),
    (lambda s: _form(s, "bk_tinh")["conditions"][0].update(form="bk_tinh"), "chính hình thức này"),
    (lambda s: _form(s, "bk_tinh")["conditions"][0].update(form="khong_co"), "“khong_co” không có"),
    (lambda s: _form(s, "bk_tinh")["conditions"][0].update(form=""), "hãy chọn hình thức thấp hơn"),
    (lambda s: _form(s, "ldtt")["conditions"][0].update(text=" "), "không được để trống"),
])
def test_each_bad_value_is_a_sentence_naming_the_form_and_nothing_is_saved(stored, edit, words):
    before = af.stored_block(stored)
    one = _latest(stored)
    edit(one)
    with pytest.raises(ValidationError) as err:
        fe.save_sets(stored, [one], before["council"])
    assert words in err.value.message
    assert "award_forms." not in err.value.message  # the officer's words, not a JSON path
    assert af.stored_block(stored) == before


@pytest.mark.parametrize("years, ok", [(1, True), (20, True), (0, False), (21, False)])
def test_consecutive_years_at_its_bounds(stored, years, ok):
    one = _latest(stored)
    _form(one, "bk_tinh")["conditions"][0]["years"] = years
    if ok:
        fe.save_sets(stored, [one], af.stored_block(stored)["council"])
        assert af.form_sets(stored)[0][-1].form("bk_tinh").conditions[0].years == years
    else:
        with pytest.raises(ValidationError):
            fe.save_sets(stored, [one], af.stored_block(stored)["council"])


@pytest.mark.parametrize("threshold, ok", [(0.01, True), (1.0, True), (0.0099, False), (1.0001, False)])
def test_council_threshold_at_its_bounds(stored, threshold, ok):
    council = {"threshold": threshold, "strictly_more": False}
    if ok:
        fe.save_sets(stored, [], council)
        _, rule = af.form_sets(stored)
        assert rule.threshold == pytest.approx(threshold) and not rule.strictly_more
    else:
        before = af.stored_block(stored)
        with pytest.raises(ValidationError) as err:
            fe.save_sets(stored, [], council)
        assert "từ 1% đến 100%" in err.value.message
        assert af.stored_block(stored) == before


def test_a_copy_takes_over_from_its_date_and_replace_all_puts_everything_back(stored):
    before = af.stored_block(stored)
    new = fe.copy_set(_latest(stored), dt.date(2027, 1, 1), "Nghị định số 999/2026/NĐ-CP")
    _form(new, "bk_tinh")["conditions"][0]["years"] = 3
    fe.save_sets(stored, [new], before["council"])
    sets, _ = af.form_sets(stored)
    assert len(sets) == 3
    assert af.in_effect(sets, dt.date(2026, 12, 31)).form("bk_tinh").conditions[0].years == 2
    assert af.in_effect(sets, dt.date(2027, 1, 1)).form("bk_tinh").conditions[0].years == 3
    assert af.in_effect(sets, dt.date(2027, 1, 1)).decree == "Nghị định số 999/2026/NĐ-CP"
    fe.replace_all(stored, before)
    assert af.stored_block(stored) == before


def test_a_date_already_taken_and_texts_are_cleaned(stored):
    one = _latest(stored)
    with pytest.raises(ValidationError) as err:
        fe.check_set(one, other_dates=(one["effective_from"],))
    assert "01/07/2025" in err.value.message
    _form(one, "ldtt")["name"] = "  Lao động\u00a0 tiên tiến\x07 "
    fe.save_sets(stored, [one], af.stored_block(stored)["council"])
    assert _form(_latest(stored), "ldtt")["name"] == "Lao động tiên tiến"


def test_sentences_and_new_codes_and_codes_in_use(stored):
    one = _latest(stored)
    names = {f["code"]: f["name"] for f in one["forms"]}
    years = fe.condition_sentence({"type": "consecutive_years", "form": "ldtt", "years": 3}, names)
    assert years == "Có 3 năm liên tục đạt “Lao động tiên tiến”"
    assert fe.condition_sentence({"type": "min_share", "criterion": "women", "share": 0.3}, names) == \
        "Dành ít nhất 30% cho nữ"
    assert fe.new_code(one["forms"]) == "hinh_thuc_1"
    assert fe.new_code([*one["forms"], {"code": "hinh_thuc_1"}]) == "hinh_thuc_2"
    assert fe.codes_in_use(stored) == set()


@pytest.mark.parametrize("length, ok", [(fe.MAX_NAME, True), (fe.MAX_NAME + 1, False)])
def test_name_length_at_its_edge(stored, length, ok):
    one = _latest(stored)
    _form(one, "ldtt")["name"] = "L" * length
    if ok:
        fe.save_sets(stored, [one], af.stored_block(stored)["council"])
        assert af.form_sets(stored)[0][-1].form("ldtt").name == "L" * length
    else:
        with pytest.raises(ValidationError):
            fe.save_sets(stored, [one], af.stored_block(stored)["council"])


def test_a_round_in_use_keeps_its_forms_and_kinds(demo_db):
    db = demo_db
    before = af.stored_block(db)
    first = copy.deepcopy(before["sets"][0])  # the demo's round (June 2025) takes the first set
    kinds = dict(db.execute("SELECT p.form_code, MIN(a.kind) FROM award_proposals p JOIN awardees a "
                            "ON a.id = p.awardee_id WHERE a.kind = 'collective' GROUP BY p.form_code"))
    code = next(iter(kinds))
    _form(first, code)["for"] = "person"
    with pytest.raises(ValidationError) as err:
        fe.save_sets(db, [first], before["council"])
    assert "đã có đề nghị cho tập thể" in err.value.message
    assert af.stored_block(db) == before
    # A new set from a date after the round changes nothing for it: accepted.
    later = fe.copy_set(before["sets"][-1], dt.date(2026, 1, 1), "Nghị định số 1/2026/NĐ-CP")
    _form(later, "gk_xa")["for"] = "person"
    fe.save_sets(db, [later], before["council"])
    # The same new set dated before the round's decision would take the round over: refused.
    earlier = fe.copy_set(later, dt.date(2025, 6, 1), "Nghị định số 2/2025/NĐ-CP")
    with pytest.raises(ValidationError) as err:
        fe.save_sets(db, [earlier], before["council"])
    assert "không còn hình thức này" in err.value.message
