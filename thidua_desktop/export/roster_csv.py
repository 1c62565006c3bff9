"""The roster as CSV: UTF-8 with a BOM (Excel opens it with the right letters).

Two variants. The machine contract (cli.md, the default): commas, for other
programs and scripts. The Excel variant: semicolons, which Excel under
Vietnamese regional settings (decimal comma, list separator ";") splits into
columns when the file is double-clicked; a comma file opens there as one
column. Both keep the BOM, so diacritics stay intact, and the same columns.

Columns of the contract first, in order: unit, name, sex, birth_year,
ethnicity, position, workplace, category, achievement, note; then extra ones.
Text a spreadsheet would run as a formula is written as text (safe_cell).

Two ways to the same bytes. `write_roster_csv` writes a RosterDocument's lines.
`write_event_csv` (what export-roster and the window call) reads the roster a
few hundred rows at a time and checks each column of such a part at once; a row
that any check stops (text stored before the text rules, a text starting like a
formula, a year 0, a number that is not one) is written the careful way of the
first, field by field.
"""

from __future__ import annotations

import csv
import re
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import EXPORT_MAX, exportable, kept, scrub
from thidua_desktop.export.roster_common import (
    RosterDocument,
    RosterLabels,
    atomic_output,
    event_labels,
)
from thidua_desktop.export.state_format import _FORMULA_START as FORMULA_START  # safe_cell's
from thidua_desktop.export.state_format import safe_cell
from thidua_desktop.services.roster_query import print_row_chunks, print_unit_names

COLUMNS = ("unit", "name", "sex", "birth_year", "ethnicity", "position", "workplace", "category",
           "achievement", "note")
EXTRA_COLUMNS = ("exemplary_kind", "field", "sector", "direct_worker", "status", "presidium",
                 "speaker", "provincial_awards", "birth_date")
# First characters that make a spreadsheet read a cell as a formula (those safe_cell guards).
_RISKY = frozenset(FORMULA_START)


def _row(line) -> list:
    values = [line.unit, line.name, line.sex or "", line.birth_year if line.birth_year else "",
              line.ethnicity, line.position, line.workplace, line.category, line.achievement,
              line.note, line.exemplary_kind, line.field, line.sector, int(line.direct_worker),
              line.status, int(line.presidium), int(line.speaker), line.provincial_awards,
              line.birth_date or ""]
    for value in values:
        # Almost no row has such a cell: look first, protect the whole row only then.
        if value.__class__ is str and value[:1] in _RISKY:
            return [safe_cell(v) for v in values]
    return values


# The line's attributes in the order of the columns: what _row gives for a plain line
# (the csv module writes None as an empty field; the flags are 0/1 already).
_ATTRIBUTES = ("unit", "name", "sex", "birth_year", "ethnicity", "position", "workplace",
               "category", "achievement", "note", "exemplary_kind", "field", "sector",
               "direct_worker", "status", "presidium", "speaker", "provincial_awards", "birth_date")
_NUMBER = (int, type(None))


def _plain(lines: list) -> bool:
    """Whether every line can be written as its attributes are (checked in C, not per line).

    Not when a line is not plain (roster_common: a text starting like a formula, or
    one scrubbed), a year is 0 (written empty) or a number is not an integer (a
    hand-edited file): then _row, line by line.
    """
    return (all(map(attrgetter("plain"), lines))
            and 0 not in map(attrgetter("birth_year"), lines)
            and all(map(isinstance, map(attrgetter("birth_year"), lines), repeat(_NUMBER)))
            and all(map(isinstance, map(attrgetter("provincial_awards"), lines), repeat(_NUMBER))))


DELIMITERS = {"machine": ",", "excel": ";"}


def write_roster_csv(doc: RosterDocument, path: str | Path, variant: str = "machine") -> Path:
    """Write the roster CSV to `path` (atomically); return the path.

    `variant`: "machine" (commas, the contract) or "excel" (semicolons).
    """
    delimiter = DELIMITERS[variant]
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(COLUMNS + EXTRA_COLUMNS)
            if _plain(doc.lines):  # the usual case: no row built in Python
                writer.writerows(map(attrgetter(*_ATTRIBUTES), doc.lines))
            else:
                writer.writerows([_row(line) for line in doc.lines])
    return Path(path)


# Rows read and checked at a time by write_event_csv: small enough to stay in the
# processor's cache between the query, the checks and the writer.
CHUNK_ROWS = 500
# A printable character no roster holds, put between the texts of a column checked at once.
_SEP = "\u241f"
_FORMULA_AFTER_SEP = re.compile(_SEP + "[" + re.escape("".join(FORMULA_START)) + "]")
_NONE = type(None)
_FLAG = {0: 0, 1: 1}


def write_event_csv(db: Database, event_id: int, path: str | Path, variant: str = "machine") -> int:
    """Write the roster CSV of `event_id` to `path` (atomically); return its number of rows.

    The same bytes as write_roster_csv(roster_document(db, event_id), path, variant)
    without a line object per delegate (tests/unit/test_roster_csv_columns.py).
    """
    labels = event_labels(db, event_id)
    units = print_unit_names(db, event_id)
    kept_texts: set = set()  # values of the repeating columns found written as they are
    count = 0
    with atomic_output(path) as tmp:
        # The BOM by hand: "utf-8-sig" encodes each write through a Python method,
        # plain "utf-8" in C; the bytes are the same.
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")
            writer = csv.writer(handle, delimiter=DELIMITERS[variant])
            writer.writerow(COLUMNS + EXTRA_COLUMNS)
            for chunk in print_row_chunks(db, event_id, CHUNK_ROWS):
                writer.writerows(_chunk_rows(chunk, units, labels, kept_texts))
                count += len(chunk)
    return count


def _chunk_rows(chunk: list[tuple], units: dict, labels: RosterLabels, kept_texts: set):
    """The CSV rows of some print_row_chunks rows: columns labelled and checked at once.

    `kept_texts`: values already found written as they are (a unit's name, a status
    label...), grown here: a column of few values is checked on its new ones only.
    """
    (unit_id, name, sex, year, ethnicity, position, workplace, category, achievement, note,
     kind, field, sector, direct, status, panel, speaker, awards, born, code) = zip(*chunk, strict=True)
    unit = list(map(units.get, unit_id, repeat("")))
    label = list(map(labels.categories.get, code))
    if not all(label):  # a code the plan does not name: release 1's label, else as stored
        label = [text or labels.bases.get(base, base) for text, base in zip(label, category, strict=True)]
    kind = list(map(labels.kinds.get, kind, kind))
    status = list(map(labels.states.get, status, status))
    direct, panel, speaker = _flags(direct), _flags(panel), _flags(speaker)
    odd: set[int] = set()  # rows some check stopped: written the careful way
    for column in (unit, sex, ethnicity, position, workplace, label, kind, field, sector, status):
        _check_repeating(column, kept_texts, odd)
    if not set(map(type, born)) <= {str, _NONE}:  # an empty one is written empty, whatever it is
        odd.update(i for i, value in enumerate(born) if not _text_kept(value))
    for column in (name, achievement, note, born):
        if not _texts_kept(column):
            odd.update(i for i, value in enumerate(column) if not _text_kept(value))
    if not (set(map(type, year)) <= {int, _NONE} and 0 not in year):  # a year 0 is written empty
        odd.update(i for i, value in enumerate(year)
                   if value is not None and (value.__class__ is not int or value == 0))
    if not set(map(type, awards)) <= {int, _NONE}:
        odd.update(i for i, value in enumerate(awards) if value.__class__ not in (int, _NONE))
    rows = zip(unit, name, sex, year, ethnicity, position, workplace, label, achievement, note,
               kind, field, sector, direct, status, panel, speaker, awards, born, strict=True)
    if not odd:
        return rows
    rows = list(rows)
    for i in odd:
        rows[i] = _row(scrub(labels.line((unit[i], *chunk[i][1:]))))
    return rows


def _check_repeating(column, kept_texts: set, odd: set) -> None:
    """Check the values of `column` not in `kept_texts`; note the rows of those not kept."""
    new = set(column).difference(kept_texts)
    if not new:
        return
    # Types first: a falsy one (b'' in Giới tính) would pass the join unseen.
    plain = set(map(type, new)) <= {str, _NONE} and _texts_kept(new)
    good = new if plain else {value for value in new if _text_kept(value)}
    kept_texts.update(good)
    if len(good) < len(new):
        bad = new - good
        odd.update(i for i, value in enumerate(column) if value in bad)


def _flags(column: tuple) -> list:
    """A flag column as 0/1 (the way _row writes it: 1 if the value is true)."""
    flags = list(map(_FLAG.get, column))  # 0, 1 and what equals them (False, 1.0...)
    return flags if None not in flags else [1 if value else 0 for value in column]


def _texts_kept(column) -> bool:
    """Whether each text of `column` is written as stored: printable, not longer than an
    export prints, not starting like a formula. One join and a few scans for all of them;
    False for a column holding what is neither text nor empty (a hand-edited file)."""
    try:
        text = _SEP.join(filter(None, column))
    except TypeError:
        return False
    return ((len(text) <= EXPORT_MAX or max(map(len, filter(None, column))) <= EXPORT_MAX)
            and kept(text) and not text.startswith(FORMULA_START)
            and _FORMULA_AFTER_SEP.search(text) is None)


def _text_kept(value) -> bool:
    """_texts_kept for one value, None included (written empty both ways)."""
    return value is None or (value.__class__ is str and exportable(value)
                             and not value.startswith(FORMULA_START))
