"""The roster names a unit as it is written (walkthrough 5): the unit filter, the Đơn vị cử column,
printed rosters and the seat allocation, read back from a real province file."""

from __future__ import annotations

import shutil

import pytest

from thidua_desktop.domain.unit_names import CATEGORY_KINDS, written_name
from thidua_desktop.services.roster_query import event_units, print_rows
from thidua_desktop.services.roster_service import seat_rows
from thidua_desktop.store.database import open_database


@pytest.fixture
def province(province_master, tmp_path):
    copy = tmp_path / "tinh.sqlite"
    shutil.copyfile(province_master, copy)
    db = open_database(copy)
    yield db, db.execute("SELECT id FROM events WHERE code = 'dh-dong-nai'").fetchone()[0]
    db.close()


def _expected(db) -> dict[int, str]:
    return {uid: written_name(code, kind, name) for uid, code, kind, name in db.execute(
        "SELECT u.id, u.kind, k.name, u.name FROM units u JOIN unit_kinds k ON k.code = u.kind")}


def test_unit_filter_and_seat_rows_name_units_as_written(province):
    db, event_id = province
    expected = _expected(db)
    units = event_units(db, event_id)
    categorised = [uid for uid, _ in units if db.execute(
        "SELECT kind FROM units WHERE id = ?", [uid]).fetchone()[0] in CATEGORY_KINDS]
    assert categorised, "the province demo must hold category-kind units for this test to mean anything"
    assert all(name == expected[uid] for uid, name in units)
    assert not any(name.startswith(("Doanh nghiệp ", "Cơ quan ", "Đoàn thể ")) for _, name in units)
    assert "Tổng Công ty Sonadezi" in {name for _, name in units}
    assert all(row.unit_name == expected[row.unit_id] for row in seat_rows(db, event_id))


def test_printed_roster_names_units_as_written(province):
    db, event_id = province
    written = set(_expected(db).values())
    names = {row[0] for row in print_rows(db, event_id)}
    assert names and names <= written | {""}
    assert not any(n.startswith(("Doanh nghiệp ", "Cơ quan ", "Đoàn thể ")) for n in names)
