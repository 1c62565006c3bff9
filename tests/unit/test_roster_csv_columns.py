"""The CSV written from the query column by column (write_event_csv) is, byte for byte,
the CSV of the RosterDocument path (write_roster_csv), on ordinary and on hostile files.

A hostile file holds what a file from before the text rules or a hand-edited one may:
control and bidi characters, texts starting like formulas in every kind of column,
texts at, just under and just over the export limit, a year 0 or written as text,
numbers that are not numbers, flags that are not 0/1, codes no label names. The parts
are made a few rows long so that the odd rows fall on both sides of their edges.
"""

from __future__ import annotations

import csv

import pytest

from thidua_desktop.domain import safe_text
from thidua_desktop.export import roster_csv
from thidua_desktop.export.roster_common import roster_document, write_roster
from thidua_desktop.services import repository
from thidua_desktop.store.database import open_database

LIMIT = safe_text.EXPORT_MAX
VARIANTS = ("machine", "excel")


def _careful(db, event_id, path, variant):
    """The reference: the document path, every line through scrub() and _row()."""
    doc = roster_document(db, event_id)
    for line in doc.lines:
        line.plain = False
    roster_csv.write_roster_csv(doc, path, variant)
    return path.read_bytes()


def _delegates(db, event_id):
    return db.execute(
        "SELECT d.id, d.person_id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.status != 'absent' ORDER BY p.sort_key, d.id",
        [event_id]).fetchall()


# Each entry: (table, column, value) given to the n-th attending delegate (or its person).
HOSTILE = [
    ("persons", "full_name", "Nguyễn\u202eVăn\tAn"),
    ("delegates", "note", "=1+2"),
    ("delegates", "achievement", "ả" * LIMIT),
    ("delegates", "achievement", "ả" * (LIMIT + 1)),
    ("delegates", "achievement", "ả" * (LIMIT - 1)),
    ("persons", "birth_year", 0),
    ("persons", "workplace", "-Tổ\u00a0sản xuất"),
    ("persons", "position", "@Tổ trưởng"),
    ("persons", "ethnicity", "+Kinh"),
    ("persons", "ethnicity", "Kinh\u200b"),
    ("delegates", "field", "\tGiáo dục"),
    ("delegates", "sector", "Nhà nước\x00"),
    ("persons", "birth_year", "1980"),
    ("persons", "birth_year", 1980.0),
    ("delegates", "provincial_awards", "=2"),
    ("delegates", "provincial_awards", 2.5),
    ("delegates", "provincial_awards", -3),
    ("delegates", "direct_worker", "có"),
    ("delegates", "presidium", 2),
    ("delegates", "speaker", 1.0),
    ("persons", "sex", b""),  # TEXT affinity keeps only blobs and NULL as they are
    ("persons", "birth_date", b""),
    ("persons", "birth_date", "=1990"),
    ("delegates", "note", b"5"),
    ("persons", "full_name", b"Tr\xe1\xba\xa7n"),
    ("delegates", "exemplary_kind", "=kind"),
    ("delegates", "exemplary_kind", "không có trong kế hoạch"),
    ("delegates", "category_code", "ma-la"),
    ("delegates", "status", "chờ"),
    ("delegates", "note", "có \"ngoặc kép\", dấu phẩy; và chấm phẩy"),
    ("persons", "workplace", "\ufeffTrường"),
]


@pytest.fixture
def hostile(demo_path):
    """The demo's district congress with HOSTILE spread over its first rows."""
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    rows = _delegates(db, event.id)
    assert len(rows) > 2 * len(HOSTILE)
    with db.conn:
        db.execute("PRAGMA ignore_check_constraints = ON")  # as a hand-edited file may hold
        for n, (table, column, value) in enumerate(HOSTILE):
            delegate_id, person_id = rows[2 * n]
            db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                       [value, person_id if table == "persons" else delegate_id])
    db.execute("PRAGMA ignore_check_constraints = OFF")
    yield db, event.id
    db.close()


@pytest.fixture
def formula_unit(demo_path):
    """The demo's district congress with a unit named like a formula (all its rows odd)."""
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    delegate_id = _delegates(db, event.id)[1][0]
    with db.conn:
        db.execute("UPDATE units SET name = '=HYPERLINK(1)', kind = 'co_quan' WHERE id = "
                   "(SELECT unit_id FROM delegates WHERE id = ?)", [delegate_id])
    yield db, event.id
    db.close()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("chunk", [1, 3, 4, 500])
def test_hostile_file_gives_the_careful_bytes(hostile, tmp_path, monkeypatch, variant, chunk):
    db, event_id = hostile
    monkeypatch.setattr(roster_csv, "CHUNK_ROWS", chunk)
    quick = tmp_path / "quick.csv"
    count = roster_csv.write_event_csv(db, event_id, quick, variant)
    expected = _careful(db, event_id, tmp_path / "careful.csv", variant)
    assert quick.read_bytes() == expected
    assert count == len(roster_document(db, event_id).lines)
    with open(quick, encoding="utf-8-sig", newline="") as handle:
        flat = [cell for row in csv.reader(handle, delimiter=roster_csv.DELIMITERS[variant])
                for cell in row]
    # what the careful path does, seen in the file
    assert "NguyễnVăn An" in flat and "'=1+2" in flat and "'-Tổ\u00a0sản xuất" in flat
    assert "ả" * LIMIT in flat and "ả" * (LIMIT - 1) in flat and "ả" * (LIMIT - 1) + "…" in flat
    assert "Nhà nước" in flat and "'=kind" in flat and "'=2" in flat


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("chunk", [1, 7, 500])  # the unit's rows in one part or in several
def test_a_unit_named_like_a_formula_is_guarded(formula_unit, tmp_path, monkeypatch, variant, chunk):
    db, event_id = formula_unit
    monkeypatch.setattr(roster_csv, "CHUNK_ROWS", chunk)
    quick = tmp_path / "quick.csv"
    roster_csv.write_event_csv(db, event_id, quick, variant)
    assert quick.read_bytes() == _careful(db, event_id, tmp_path / "careful.csv", variant)
    with open(quick, encoding="utf-8-sig", newline="") as handle:
        units = [row[0] for row in csv.reader(handle, delimiter=roster_csv.DELIMITERS[variant])]
    assert units.count("'=HYPERLINK(1)") > 2 and "=HYPERLINK(1)" not in units


def test_only_the_odd_rows_take_the_careful_way(hostile, tmp_path, monkeypatch):
    db, event_id = hostile
    careful = []
    row = roster_csv._row
    monkeypatch.setattr(roster_csv, "_row", lambda line: careful.append(line.name) or row(line))
    roster_csv.write_event_csv(db, event_id, tmp_path / "ds.csv")
    lines = len(roster_document(db, event_id).lines)
    # the hostile rows the careful way changes (not those it keeps: a text at the limit,
    # a negative number, an unknown code, a flag it turns into 0/1), none of the others
    assert 18 <= len(careful) <= len(HOSTILE) - 8 and lines > 80
    assert "Nguyễn\u202eVăn\tAn" not in careful and "NguyễnVăn An" in careful  # scrubbed first


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_event_of_the_demo_gives_the_document_bytes(demo_db, tmp_path, variant):
    events = [r[0] for r in demo_db.execute("SELECT id FROM events")]
    assert len(events) > 5
    for event_id in events:
        quick = tmp_path / f"{event_id}.csv"
        write_roster(demo_db, event_id, quick, csv_variant=variant)
        assert quick.read_bytes() == _careful(demo_db, event_id, tmp_path / "ref.csv", variant)


def test_an_empty_roster_is_the_header_alone(demo_db, tmp_path):
    event_id = demo_db.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    with demo_db.conn:
        demo_db.execute("UPDATE delegates SET status = 'absent' WHERE event_id = ?", [event_id])
    out = tmp_path / "empty.csv"
    assert roster_csv.write_event_csv(demo_db, event_id, out) == 0
    assert out.read_bytes() == _careful(demo_db, event_id, tmp_path / "ref.csv", "machine")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfunit,name,")


@pytest.mark.parametrize("length, whole", [(LIMIT - 1, True), (LIMIT, True), (LIMIT + 1, False)])
def test_one_long_text_among_short_ones(length, whole):
    column = ("ngắn",) * 5 + ("ệ" * length,) + ("ngắn",)
    assert (roster_csv._texts_kept(column) is not None) is whole
    assert roster_csv._text_kept(column[5]) is whole


@pytest.mark.parametrize("column", [("a", "=b"), ("a", "+b"), ("-a",), ("a", "@b", "c"),
                                    ("a", "b\u202e"), ("a", 5), ("a", b"x")])
def test_a_column_with_one_odd_value_is_not_kept(column):
    assert roster_csv._texts_kept(column) is None
    assert not all(map(roster_csv._text_kept, column))


@pytest.mark.parametrize("column", [("a", "b=", "c+d"), ("a", None, ""), ("no\u00a0break",), ()])
def test_a_column_of_plain_values_is_kept(column):
    assert roster_csv._texts_kept(column) is not None
    assert all(map(roster_csv._text_kept, column))


@pytest.mark.parametrize("values, written", [
    ((0, 1, 1), [0, 1, 1]), ((False, 1.0), [0, 1]), ((2, None, "x", ""), [1, 0, 1, 0])])
def test_flags_are_written_as_the_careful_way_writes_them(values, written):
    assert list(roster_csv._flags(values)) == written


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("chunk", [2, 500])
def test_texts_with_quotes_and_delimiters_are_quoted_as_the_csv_module_quotes(
        demo_db, tmp_path, monkeypatch, variant, chunk):
    monkeypatch.setattr(roster_csv, "CHUNK_ROWS", chunk)
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    rows = _delegates(demo_db, event.id)
    with demo_db.conn:
        demo_db.execute("UPDATE units SET name = 'Tân \"Lợi\"; ấp 3, tổ 2', kind = 'co_quan' WHERE id = "
                        "(SELECT unit_id FROM delegates WHERE id = ?)", [rows[0][0]])
        demo_db.execute("UPDATE persons SET full_name = 'An \"Bé\"' WHERE id = ?", [rows[1][1]])
        demo_db.execute("UPDATE delegates SET achievement = 'a;b' WHERE id = ?", [rows[2][0]])
    quick = tmp_path / "quick.csv"
    roster_csv.write_event_csv(demo_db, event.id, quick, variant)
    assert quick.read_bytes() == _careful(demo_db, event.id, tmp_path / "careful.csv", variant)
    text = quick.read_text(encoding="utf-8-sig")
    assert '"Tân ""Lợi""; ấp 3, tổ 2"' in text and '"An ""Bé"""' in text
    assert ('"a;b"' in text) is (variant == "excel")
