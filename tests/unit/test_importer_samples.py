"""Every sample roster parses with every person right, field by field against its JSON twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua_desktop.importer import parse_roster
from thidua_desktop.importer import roster_parser as parser_module

REPO = Path(__file__).resolve().parents[2]
from conftest import SAMPLES as SHARED  # noqa: E402

OURS = REPO / "tests" / "data" / "rosters"
FIELDS = ("name", "sex", "birth_year", "ethnicity", "position", "workplace", "category",
          "achievement")


def _samples(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".csv", ".xls")
                  and p.with_suffix(".json").exists())


SHARED_SAMPLES = _samples(SHARED)
OUR_SAMPLES = _samples(OURS)


def _check(path: Path, roster) -> None:
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    expected = truth["people"]
    assert [p.name for p in roster.people] == [e["name"] for e in expected]
    for person, want in zip(roster.people, expected, strict=True):
        got = {f: getattr(person, f) for f in FIELDS}
        assert got == {f: want[f] for f in FIELDS}, f"row {person.row_number}"
        if "birth_date" in want:
            assert person.birth_date is not None
            assert person.birth_date.isoformat() == want["birth_date"]
        assert person.errors == [], f"row {person.row_number}"
    assert roster.unit_hint == (truth["commune"] or None)


@pytest.mark.skipif(not SHARED_SAMPLES, reason="../shared/samples/rosters is not beside the repo")
@pytest.mark.parametrize("path", SHARED_SAMPLES, ids=lambda p: p.name)
def test_shared_sample_parses_exactly(path: Path) -> None:
    _check(path, parse_roster(path))


def test_shared_samples_are_all_seen() -> None:
    if SHARED.is_dir():
        assert len(SHARED_SAMPLES) == len(list(SHARED.glob("*.json")))


@pytest.mark.parametrize("path", OUR_SAMPLES, ids=lambda p: p.name)
def test_generated_sample_parses_exactly(path: Path) -> None:
    _check(path, parse_roster(path))


@pytest.mark.parametrize("path", [p for p in SHARED_SAMPLES + OUR_SAMPLES if p.suffix == ".xlsx"],
                         ids=lambda p: p.name)
def test_calamine_reader_gives_the_same_people(path: Path, monkeypatch) -> None:
    """The .xls/.ods reader (calamine) is the same code path; it reads .xlsx too."""
    monkeypatch.setattr(parser_module, "check_file", lambda p, limits: "xls")
    roster = parse_roster(path)
    # calamine keeps no fonts: .VnTimeH capitals are lost, so names are compared folded
    _check_loose(path, roster)


def _check_loose(path: Path, roster) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["people"]
    assert [p.name.casefold() for p in roster.people] == [e["name"].casefold() for e in expected]
    for person, want in zip(roster.people, expected, strict=True):
        assert (person.sex, person.birth_year, person.category) == (
            want["sex"], want["birth_year"], want["category"])


@pytest.mark.parametrize("name, encoding", [
    ("xa_an_khuong_tcvn3.xlsx", "tcvn3"),
    ("xa_tan_loi_split_year.xlsx", "unicode"),
    ("xa_minh_duc_flat_nfd_messy.xlsx", "unicode"),
])
def test_shared_sample_encoding(name: str, encoding: str) -> None:
    path = SHARED / name
    if not path.exists():
        pytest.skip("shared samples missing")
    roster = parse_roster(path)
    assert roster.encoding == encoding
    assert all(p.name == p.name.strip() for p in roster.people)


@pytest.mark.parametrize("name, encoding, charset", [
    ("xa_an_phu_tcvn3_caps.xlsx", "tcvn3", None),
    ("xa_dong_no_vni.xlsx", "vni", None),
    ("xa_phu_lo_utf8.csv", "unicode", "utf-8"),
    ("xa_phu_lo_cp1258.csv", "unicode", "cp1258"),
    ("xa_phu_lo_utf16.csv", "unicode", "utf-16"),
])
def test_generated_sample_encoding(name: str, encoding: str, charset: str | None) -> None:
    roster = parse_roster(OURS / name)
    assert (roster.encoding, roster.charset) == (encoding, charset)


def test_tcvn3_sample_says_it_was_converted() -> None:
    path = SHARED / "xa_an_khuong_tcvn3.xlsx"
    if not path.exists():
        pytest.skip("shared samples missing")
    roster = parse_roster(path)
    assert any("TCVN3" in w for w in roster.warnings)
    # said once for the file, not on every row (it drowned the real warnings)
    assert sum("TCVN3" in w for w in roster.warnings) == 1
    assert not any("TCVN3" in w for p in roster.people for w in p.warnings)
    assert roster.header[1] == "Họ và tên" and roster.header[5] == "Chức vụ"


def test_split_year_mapping_and_rows() -> None:
    roster = parse_roster(OURS / "xa_dong_no_vni.xlsx")
    assert roster.mapping["birth_year_male"] == 2 and roster.mapping["birth_year_female"] == 3
    assert (roster.header_row, roster.data_start_row) == (6, 8)
    assert roster.people[0].row_number == 8


def test_signature_block_gives_no_warning() -> None:
    roster = parse_roster(OURS / "xa_tan_hung_one_row.xlsx")
    assert roster.warnings == []
    assert [p.category for p in roster.people][-3:] == ["Khách mời", "Khách mời", "Lãnh đạo"]
