"""The CSV straight from the query (roster_csv.write_event_csv) is the careful CSV, byte for byte.

write_event_csv skips roster_document's line objects; it must write exactly what
write_roster_csv(roster_document(...)) writes, or write nothing and say so (None)
when a row needs the careful path. Each odd text is put in one row of the demo
with raw SQL, as a file from before the text rules may hold it.
"""

from __future__ import annotations

import pytest

from thidua_desktop.domain.safe_text import EXPORT_MAX
from thidua_desktop.export import roster_csv
from thidua_desktop.export.roster_common import roster_document, write_roster
from thidua_desktop.services import repository
from thidua_desktop.store.database import open_database


@pytest.fixture
def demo(demo_path):
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    yield db, event.id
    db.close()


def _one_delegate(db, event_id):
    return db.execute(
        "SELECT d.id, d.person_id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.status != 'absent' ORDER BY p.sort_key, d.id LIMIT 1 OFFSET 3",
        [event_id]).fetchone()


def _careful(db, event_id, path, variant):
    roster_csv.write_roster_csv(roster_document(db, event_id), path, variant)
    return path.read_bytes()


@pytest.mark.parametrize("variant", ["machine", "excel"])
def test_the_demo_takes_the_lean_path_and_writes_the_careful_bytes(demo, tmp_path, variant):
    db, event_id = demo
    lean = tmp_path / "lean.csv"
    count = roster_csv.write_event_csv(db, event_id, lean, variant)
    assert count == len(roster_document(db, event_id).lines) > 50
    assert lean.read_bytes() == _careful(db, event_id, tmp_path / "careful.csv", variant)


# (table, column, stored text, whether the lean path may take it)
CASES = [
    ("delegates", "achievement", "ả" * (EXPORT_MAX - 1), True),
    ("delegates", "achievement", "ả" * EXPORT_MAX, True),  # at the limit: printed whole
    ("delegates", "achievement", "ả" * (EXPORT_MAX + 1), False),  # cut with an ellipsis
    ("delegates", "achievement", "a, b; " * 330, True),  # a long line whose fields are short
    ("delegates", "note", "=1+2", False),
    ("delegates", "note", "a=1, b+2 @x", True),  # formula characters not at a field's start
    ("delegates", "note", "-5 điểm", False),
    ("delegates", "note", "Tổ 3,-5", True),  # the comma is inside the field
    ("persons", "position", "@Tổ trưởng", False),
    ("persons", "position", "+84", False),
    ("persons", "full_name", "Nguyễn\u202eVăn An", False),  # a bidirectional override
    ("persons", "full_name", "Nguyễn\tVăn An", False),
    ("persons", "workplace", "Tổ 1\r\nTổ 2", False),  # a line break inside a field
    ("persons", "workplace", "Tổ 1\nTổ 2", False),
    ("persons", "workplace", "Tổ\u00a0sản xuất", True),  # not printable, yet kept
    ("persons", "birth_year", 0, True),
    ("persons", "birth_year", "", True),
    ("persons", "birth_year", 1970.5, True),  # a hand-edited real, printed as it is
    ("persons", "birth_year", "abc", True),  # hand-edited text: true in Python, printed
    ("persons", "birth_date", "1970-05-12", True),
]


@pytest.mark.parametrize("variant", ["machine", "excel"])
@pytest.mark.parametrize("table, column, value, lean", CASES)
def test_odd_texts_are_written_as_the_careful_path_writes_them(demo, tmp_path, variant, table,
                                                               column, value, lean):
    db, event_id = demo
    delegate_id, person_id = _one_delegate(db, event_id)
    with db.conn:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                   [value, delegate_id if table == "delegates" else person_id])
    quick = tmp_path / "quick.csv"
    taken = roster_csv.write_event_csv(db, event_id, quick, variant)
    if variant == "machine" and value == "Tổ 3,-5":
        lean = False  # the check does not follow quotes: ",-" may start a field, so the careful path
    assert (taken is not None) is lean
    assert quick.exists() is lean  # nothing written when the careful path must do it
    write_roster(db, event_id, quick, csv_variant=variant)
    assert quick.read_bytes() == _careful(db, event_id, tmp_path / "careful.csv", variant)
