"""The roster export's quick paths write exactly what the field-by-field paths write.

roster_document checks each row's texts in one scan and the CSV writer takes
plain lines as they are; a row holding text stored before the text rules (written
here with raw SQL, as an old file holds it), a formula-like cell, a year 0 or a
long achievement must take the careful path and come out as it always did.
"""

from __future__ import annotations

import csv

import pytest

from thidua_desktop.domain import safe_text
from thidua_desktop.export import roster_common, roster_csv
from thidua_desktop.export.roster_common import roster_document, write_roster
from thidua_desktop.services import repository
from thidua_desktop.store.database import open_database

LIMIT = safe_text.EXPORT_MAX


def _first_delegates(db, event_id, count):
    return [r[0] for r in db.execute(
        "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.status != 'absent' ORDER BY p.sort_key, d.id LIMIT ?",
        [event_id, count])]


def _person_of(db, delegate_id):
    return db.execute("SELECT person_id FROM delegates WHERE id = ?", [delegate_id]).fetchone()[0]


@pytest.fixture
def old_file(demo_path):
    """The demo with rows as a file from before the text rules may hold them."""
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    ids = _first_delegates(db, event.id, 7)
    with db.conn:
        db.execute("UPDATE persons SET full_name = ? WHERE id = ?",
                   ["Nguyễn\u202eVăn\tAn", _person_of(db, ids[0])])  # bidi override, a tab
        db.execute("UPDATE delegates SET note = ? WHERE id = ?", ["=1+2", ids[1]])
        db.execute("UPDATE delegates SET achievement = ? WHERE id = ?", ["ả" * LIMIT, ids[2]])
        db.execute("UPDATE delegates SET achievement = ? WHERE id = ?", ["ả" * (LIMIT + 1), ids[3]])
        db.execute("UPDATE persons SET birth_year = 0 WHERE id = ?", [_person_of(db, ids[4])])
        db.execute("UPDATE persons SET workplace = ? WHERE id = ?",
                   ["-Tổ\u00a0sản xuất", _person_of(db, ids[5])])  # printable? no: \xa0 kept
        db.execute("UPDATE persons SET position = ? WHERE id = ?", ["@Tổ trưởng", _person_of(db, ids[6])])
    yield demo_path, event.id
    db.close()


def _careful(monkeypatch):
    """Every row through scrub() and _row(), as before the quick paths."""
    monkeypatch.setattr(roster_common, "exportable", lambda _text: False)


def _csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_quick_csv_is_the_careful_csv(old_file, tmp_path, monkeypatch):
    path, event_id = old_file
    db = open_database(path)
    quick = tmp_path / "quick.csv"
    write_roster(db, event_id, quick)
    doc = roster_document(db, event_id)
    with monkeypatch.context() as m:
        _careful(m)
        careful = tmp_path / "careful.csv"
        write_roster(db, event_id, careful)
        assert not any(line.plain for line in roster_document(db, event_id).lines)
    db.close()
    assert quick.read_bytes() == careful.read_bytes()
    rows = _csv_rows(quick)
    by_name = {r[1]: r for r in rows[1:]}
    assert "NguyễnVăn An" in by_name  # the override removed, the tab a space
    flat = [cell for row in rows for cell in row]
    assert "'=1+2" in flat and "'-Tổ\u00a0sản xuất" in flat and "'@Tổ trưởng" in flat
    assert "ả" * LIMIT in flat  # at the limit: kept whole
    assert "ả" * (LIMIT - 1) + "…" in flat  # one over: cut with an ellipsis
    # the quick path was taken for the ordinary rows, not for the seven above
    plain = [line.plain for line in doc.lines]
    assert plain.count(False) >= 5 and plain.count(True) >= len(plain) - 7


def test_one_odd_line_sends_the_whole_csv_the_careful_way(old_file):
    path, event_id = old_file
    db = open_database(path)
    doc = roster_document(db, event_id)
    db.close()
    assert not roster_csv._plain(doc.lines)
    clean = [line for line in doc.lines if line.plain and line.birth_year != 0]
    assert roster_csv._plain(clean)
    clean[0].provincial_awards = "=2"  # a number that is not one (a hand-edited file)
    assert not roster_csv._plain(clean)


@pytest.mark.parametrize("length, ok", [(LIMIT - 1, True), (LIMIT, True), (LIMIT + 1, False)])
def test_exportable_at_the_limit(length, ok):
    assert safe_text.exportable("ệ" * length) is ok
    assert (safe_text.for_export("ệ" * length) == "ệ" * length) is ok


@pytest.mark.parametrize("text", ["a\u202eb", "tab\there", "nul\x00", "\ufeffbom", "soft\xadhyphen",
                                  "line\nbreak", "\U000e0041tag"])
def test_exportable_is_false_whenever_for_export_changes_the_text(text):
    assert safe_text.for_export(text) != text
    assert not safe_text.exportable(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "no\u00a0break", "thin\u2009space", ""])
def test_exportable_is_true_whenever_for_export_keeps_the_text(text):
    assert safe_text.for_export(text) == text
    assert safe_text.exportable(text)


def test_a_plan_label_that_looks_like_a_formula_is_guarded(demo_path, tmp_path):
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    with db.conn:
        db.execute("UPDATE delegate_categories SET label = '=Khách mời' WHERE code = 'guest' "
                   "AND plan_id = (SELECT plan_id FROM events WHERE id = ?)", [event.id])
    guests = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent' "
                        "AND COALESCE(NULLIF(category_code, ''), category) = 'guest'",
                        [event.id]).fetchone()[0]
    out = tmp_path / "ds.csv"
    write_roster(db, event.id, out)
    doc = roster_document(db, event.id)
    db.close()
    assert guests > 0
    assert sum(not line.plain for line in doc.lines) == guests
    categories = [row[7] for row in _csv_rows(out)[1:]]
    assert categories.count("'=Khách mời") == guests and "=Khách mời" not in categories


def test_no_printable_character_is_one_strip_unsafe_changes():
    """exportable() trusts str.isprintable(): true of no character strip_unsafe removes or replaces."""
    every = [chr(c) for c in range(0x110000)]
    changed = [c for c in every if safe_text._CHANGED.match(c)]
    assert len(changed) > 2000  # the controls, overrides, invisibles, surrogates, tags
    assert not [c for c in changed if c.isprintable()]
    assert all(safe_text.strip_unsafe(f"a{c}b") != f"a{c}b" for c in changed)
    # and _CHANGED misses nothing strip_unsafe removes
    assert not [c for c in every if safe_text._UNSAFE.match(c) and not safe_text._CHANGED.match(c)]
