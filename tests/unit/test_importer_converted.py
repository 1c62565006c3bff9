"""Real .xls (Excel 97-2003) and .ods files: every person right, as in the .xlsx originals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua_desktop.importer import parse_roster

HERE = Path(__file__).resolve().parents[1] / "data" / "rosters" / "converted"
from conftest import SAMPLES  # noqa: E402

FILES = sorted(HERE.glob("*.xls")) + sorted(HERE.glob("*.ods"))
FIELDS = ("name", "sex", "birth_year", "ethnicity", "position", "workplace", "category", "achievement")


def test_every_sample_exists_in_both_old_formats():
    assert {p.suffix for p in FILES} == {".xls", ".ods"} and len(FILES) == 8


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_converted_workbooks_parse_like_their_twins(path):
    truth = json.loads((SAMPLES / f"{path.stem}.json").read_text(encoding="utf-8"))
    roster = parse_roster(path)
    assert roster.unit_hint == truth["commune"]
    assert len(roster.people) == len(truth["people"])
    for got, want in zip(roster.people, truth["people"], strict=True):
        assert {k: getattr(got, k) for k in FIELDS} == {k: want[k] for k in FIELDS}
        assert (got.birth_date.isoformat() if got.birth_date else None) == want.get("birth_date")
        assert not got.errors
    assert roster.encoding == ("tcvn3" if "tcvn3" in path.stem else "unicode")
