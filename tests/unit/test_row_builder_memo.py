"""The builder reads each distinct birth cell once and skips the header guess on numbered rows.

Parsed birth values are shared between rows: one row's date must not leak into
another row with the same year, and cells that Python counts equal (True and 1)
must not share a reading. A numbered row is a person even when its texts read
like a header.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from thidua_desktop.importer import parse_roster

HEAD = ["STT", "Họ và tên", "Năm sinh", "Ngày sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"]


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN LỢI"])
    ws.append([])
    ws.append(HEAD)
    for row in rows:
        ws.append(row)
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    return path


def test_a_date_from_one_row_does_not_reach_another_row_of_the_same_year(tmp_path):
    roster = parse_roster(_xlsx(tmp_path, [
        [1, "Lê Văn An", 1980, "12/03/1980", "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", 1980, None, "Kinh", "Nông dân", "Thôn 2"],
        [3, "Phạm Văn Cường", 1980, "05/06/1980", "Kinh", "Nông dân", "Thôn 3"],
    ]))
    dates = [(p.birth_year, p.birth_date) for p in roster.people]
    assert dates == [(1980, dt.date(1980, 3, 12)), (1980, None), (1980, dt.date(1980, 6, 5))]


def test_a_mark_and_the_number_one_are_read_apart(tmp_path):
    roster = parse_roster(_xlsx(tmp_path, [
        [1, "Lê Văn An", True, None, "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", 1, None, "Kinh", "Nông dân", "Thôn 2"],
        [3, "Phạm Văn Cường", True, None, "Kinh", "Nông dân", "Thôn 3"],
    ]))
    first, second, third = roster.people
    assert not first.errors and first.birth_year is None
    assert any("Không hiểu năm sinh «1»" in e for e in second.errors)
    assert (third.errors, third.birth_year) == (first.errors, None)


def test_the_same_odd_year_warns_on_every_row(tmp_path):
    year = dt.date.today().year - 5  # five years old: unlikely for a delegate
    roster = parse_roster(_xlsx(tmp_path, [
        [1, "Lê Văn An", year, None, "Kinh", "Nông dân", "Thôn 1"],
        [2, "Trần Thị Bình", year, None, "Kinh", "Nông dân", "Thôn 2"],
    ]))
    assert all(any(f"Năm sinh {year} bất thường" in w for w in p.warnings) for p in roster.people)


def test_a_numbered_row_is_a_person_even_when_it_reads_like_a_header(tmp_path):
    """(An unnumbered second header ending the list: test_importer_rows.)"""
    header_like = ["Họ và tên", "Năm sinh", "Ngày sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác"]
    person = [1, "Lê Văn An", 1980, None, "Kinh", "Nông dân", "Thôn 1"]
    later = [3, "Phạm Văn Cường", 1981, None, "Kinh", "Nông dân", "Thôn 3"]
    numbered = parse_roster(_xlsx(tmp_path, [person, [2, *header_like], later]))
    assert [p.row_number for p in numbered.people] == [4, 5, 6]
    assert numbered.people[1].name == "Họ Và Tên"
