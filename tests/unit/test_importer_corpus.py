"""Realistic roster layouts (tests/unit/roster_corpus.py) in .xlsx, .xls, .ods and .csv:
every person read field by field as a careful officer would."""

from __future__ import annotations

import pytest
from roster_corpus import BY_NAME, PATTERNS, Pattern, convert, soffice, write_csv, write_xlsx

from thidua_desktop.importer import parse_roster

FIELDS = ("name", "sex", "birth_year", "ethnicity", "position", "workplace", "kind", "collective",
          "unit_hint", "note", "achievement")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, dict[str, object]]:
    """Every pattern written once in each format: {format: {pattern: path}}."""
    root = tmp_path_factory.mktemp("corpus")
    xlsx = {p.name: write_xlsx(p, root / f"{p.name}.xlsx") for p in PATTERNS}
    files: dict[str, dict[str, object]] = {"xlsx": xlsx}
    files["csv"] = {p.name: write_csv(p, root / f"{p.name}.csv") for p in PATTERNS if p.csv}
    if soffice():
        profile = tmp_path_factory.mktemp("lo-profile")
        for kind in ("xls", "ods"):
            made = convert(list(xlsx.values()), kind, root / kind, profile)
            files[kind] = {p.name: path for p, path in zip(PATTERNS, made, strict=True)}
    return files


CASES = [pytest.param(fmt, p.name, id=f"{p.name}.{fmt}")
         for fmt in ("xlsx", "xls", "ods", "csv") for p in PATTERNS if fmt != "csv" or p.csv]


def _check(pattern: Pattern, roster) -> None:
    got = [{k: getattr(p, k) for k in FIELDS} for p in roster.people]
    want = [{k: w[k] for k in FIELDS} for w in pattern.people]
    assert got == want
    for person, expected in zip(roster.people, pattern.people, strict=True):
        assert person.errors == []
        for fragment in expected["warns"]:
            assert any(fragment in w for w in person.warnings), (fragment, person.warnings)
    for fragment in pattern.file_warns:
        assert any(fragment in w for w in roster.warnings), (fragment, roster.warnings)


@pytest.mark.parametrize("fmt, name", CASES)
def test_each_layout_lands_the_right_people(corpus, fmt, name):
    if fmt not in corpus:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls/.ods made")
    pattern = BY_NAME[name]
    roster = parse_roster(corpus[fmt][name], headless_ok=pattern.headless)
    assert roster.headless is pattern.headless
    _check(pattern, roster)


def test_a_sheet_without_header_is_refused_unless_allowed(corpus):
    from thidua_desktop.importer import ImportFileError

    with pytest.raises(ImportFileError) as caught:
        parse_roster(corpus["xlsx"]["plain_list"])
    assert caught.value.kind == "no_header" and "--columns" in caught.value.message


def test_the_people_sheet_is_chosen_and_the_others_listed(corpus):
    roster = parse_roster(corpus["xlsx"]["people_on_second_sheet"])
    assert roster.sheet == "Danh sách"
    assert roster.sheets == ["Hướng dẫn", "Danh sách", "Tổng hợp"]


def test_the_second_table_is_reported_not_read(corpus):
    roster = parse_roster(corpus["xlsx"]["second_table"])
    assert any("Bỏ qua 2 dòng" in w for w in roster.warnings), roster.warnings


def test_the_one_column_off_header_is_reported_and_fixed(corpus):
    roster = parse_roster(corpus["xlsx"]["one_column_off"])
    assert roster.mapping["name"] == 2 and roster.mapping["birth_year"] == 4
