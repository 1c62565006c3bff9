"""The one text cleaner (domain/safe_text): what is removed, what is too long, what exports print."""

from __future__ import annotations

import dataclasses

import pytest

from thidua_desktop.domain import names, safe_text
from thidua_desktop.domain.safe_text import (
    EXPORT_MAX,
    clean_text,
    for_export,
    length_problem,
    scrub,
    unsafe_kinds,
)
from thidua_desktop.errors import ValidationError
from thidua_desktop.importer.text_clean import clean_cell
from thidua_desktop.services import roster_service


@pytest.mark.parametrize("raw, clean, kinds", [
    ("Nguyễn\x1b Văn\x00 A", "Nguyễn Văn A", ["ký tự điều khiển"]),
    ("Đỗ \u202eNga", "Đỗ Nga", ["ký tự đảo chiều chữ"]),
    ("Lò\u2066 Văn\u2069 Sơn", "Lò Văn Sơn", ["ký tự đảo chiều chữ"]),
    ("Lê\u200b Thị\ufeff Hoa", "Lê Thị Hoa", ["ký tự ẩn"]),
    ("A\x85B\x9fC", "A BC", ["ký tự điều khiển"]),
    ("Lê\tDũng\n", "Lê Dũng", []),
    ("Hoa\ud800 \uffff", "Hoa", ["ký tự ẩn"]),
    ("Trần Văn Bình", "Trần Văn Bình", []),
])
def test_unsafe_characters(raw, clean, kinds):
    assert clean_text(raw) == clean and clean_cell(raw) == clean
    assert unsafe_kinds(raw) == kinds


def test_one_cleaner_everywhere():
    assert names.clean_text is safe_text.clean_text


@pytest.mark.parametrize("length, ok", [(99, True), (100, True), (101, False)])
def test_name_length_edge(length, ok):
    problem = length_problem("full_name", "a" * length)
    assert (problem is None) is ok
    if not ok:
        assert problem == "Họ và tên dài 101 ký tự, quá giới hạn 100 ký tự; hãy rút gọn."


@pytest.mark.parametrize("length, ok", [(100, True), (101, False)])
def test_the_form_and_paste_path_refuse_a_long_name(length, ok):
    if ok:
        assert roster_service.normalise_value("full_name", "a" * length) == "a" * length
    else:
        with pytest.raises(ValidationError, match="quá giới hạn 100"):
            roster_service.normalise_value("full_name", "a" * length)


def test_the_form_path_cleans_control_characters():
    assert roster_service.normalise_value("note", "ghi\x1b chú\u202e") == "ghi chú"
    with pytest.raises(ValidationError, match="Ghi chú dài 2.001"):
        roster_service.normalise_value("note", "x" * 2001)


@pytest.mark.parametrize("length", [EXPORT_MAX - 1, EXPORT_MAX, EXPORT_MAX + 1])
def test_for_export_cuts_only_past_the_edge(length):
    out = for_export("a" * length)
    assert len(out) == min(length, EXPORT_MAX)
    assert out.endswith("…") == (length > EXPORT_MAX)


@dataclasses.dataclass(frozen=True)
class _Line:
    name: str
    year: int
    tags: list


def test_scrub_walks_plain_data_and_leaves_the_input_alone():
    doc = {"lines": [_Line("A\x00B", 1980, ["x\u202ey", 3])], "title": ("T\x1b",)}
    out = scrub(doc)
    assert out == {"lines": [_Line("AB", 1980, ["xy", 3])], "title": ("T",)}
    assert doc["lines"][0].name == "A\x00B"
