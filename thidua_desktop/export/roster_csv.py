"""The roster as CSV: UTF-8 with a BOM (Excel opens it with the right letters).

Two variants. The machine contract (cli.md, the default): commas, for other
programs and scripts. The Excel variant: semicolons, which Excel under
Vietnamese regional settings (decimal comma, list separator ";") splits into
columns when the file is double-clicked; a comma file opens there as one
column. Both keep the BOM, so diacritics stay intact, and the same columns.

Columns of the contract first, in order: unit, name, sex, birth_year,
ethnicity, position, workplace, category, achievement, note; then extra ones.
Text a spreadsheet would run as a formula is written as text (safe_cell).

Two ways to the same bytes. `write_roster_csv` writes a RosterDocument's lines
through csv.writer, field by field: the reference. `write_event_csv` (what
export-roster and the window call) reads the roster a few hundred rows at a
time, checks each column of such a part at once and joins each row's fields
(quoted as csv.writer quotes them: QUOTE_MINIMAL, the delimiter, a quote or a
line break); a row that any check stops (text stored before the text rules, a
text starting like a formula, a year 0, a number that is not one) is written by
csv.writer the careful way of the first. csv.writer looks at each character of
each field through a function call: joining took a tenth of its time.
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
    delimiter = DELIMITERS[variant]
    fields: dict = {None: ""}  # values of the repeating columns found plain -> their field
    count = 0
    with atomic_output(path) as tmp:
        # The BOM by hand: "utf-8-sig" encodes each write through a Python method,
        # plain "utf-8" in C; the bytes are the same.
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")
            csv.writer(handle, delimiter=delimiter).writerow(COLUMNS + EXTRA_COLUMNS)
            for chunk in print_row_chunks(db, event_id, CHUNK_ROWS):
                handle.write(_chunk_text(chunk, units, labels, fields, delimiter))
                count += len(chunk)
    return count


class _Lines(list):
    """What a csv.writer writes, line by line."""

    write = list.append


def _chunk_text(chunk: list[tuple], units: dict, labels: RosterLabels, fields: dict,
                delimiter: str) -> str:
    """The CSV lines of some print_row_chunks rows: columns labelled, checked and turned into
    fields at once, each line the fields joined (what csv.writer writes for them, faster).

    `fields`: the repeating columns' plain values (a unit's name, a status label...) and
    their fields, grown here: such a column is checked on its new values only. A row any
    check stops is written by csv.writer, the careful way of write_roster_csv.
    """
    (unit_id, name, sex, year, ethnicity, position, workplace, category, achievement, note,
     kind, field, sector, direct, status, panel, speaker, awards, born, code) = zip(*chunk, strict=True)
    unit = list(map(units.get, unit_id, repeat("")))
    label = list(map(labels.categories.get, code))
    if not all(label):  # a code the plan does not name: release 1's label, else as stored
        label = [text or labels.bases.get(base, base) for text, base in zip(label, category, strict=True)]
    kind = list(map(labels.kinds.get, kind, kind))
    status = list(map(labels.states.get, status, status))
    odd: set[int] = set()  # rows some check stopped: written the careful way
    unit, sex, ethnicity, position, workplace, label, kind, field, sector, status = (
        _repeating(column, fields, odd, delimiter)
        for column in (unit, sex, ethnicity, position, workplace, label, kind, field, sector, status))
    if not set(map(type, born)) <= {str, _NONE}:  # an empty one is written empty, whatever it is
        odd.update(i for i, value in enumerate(born) if not _text_kept(value))
    name, achievement, note, born = (_single(column, odd, delimiter)
                                     for column in (name, achievement, note, born))
    if not (set(map(type, year)) <= {int, _NONE} and 0 not in year):  # a year 0 is written empty
        odd.update(i for i, value in enumerate(year)
                   if value is not None and (value.__class__ is not int or value == 0))
    if not set(map(type, awards)) <= {int, _NONE}:
        odd.update(i for i, value in enumerate(awards) if value.__class__ not in (int, _NONE))
    year, awards, direct, panel, speaker = (
        _numbers(column) for column in (year, awards, _flags(direct), _flags(panel), _flags(speaker)))
    rows = list(zip(unit, name, sex, year, ethnicity, position, workplace, label, achievement,
                    note, kind, field, sector, direct, status, panel, speaker, awards, born,
                    strict=True))
    try:
        lines = list(map(delimiter.join, rows))
    except TypeError:  # a blob b'' among the texts (a hand-edited file): passed the join above
        odd.update(i for i, row in enumerate(rows) if set(map(type, row)) != {str})
        lines = [delimiter.join(row) if i not in odd else "" for i, row in enumerate(rows)]
    if odd:
        careful = _Lines()
        writer = csv.writer(careful, delimiter=delimiter)
        for i in odd:
            writer.writerow(_row(scrub(labels.line((units.get(chunk[i][0], ""), *chunk[i][1:])))))
            lines[i] = careful[-1][:-2]  # its line end is the join's below
    return "\r\n".join(lines) + "\r\n"


def _repeating(column, fields: dict, odd: set, delimiter: str) -> list:
    """The fields of a column of few distinct values; notes the rows of values not plain."""
    out = list(map(fields.get, column))
    if None in out:
        new = set(column).difference(fields)
        # Types first: a falsy one (b'' in Giới tính) would pass the join unseen.
        plain = set(map(type, new)) <= {str, _NONE} and _texts_kept(new) is not None
        for value in new:  # each value once per export
            if plain or _text_kept(value):
                fields[value] = _field(value, delimiter)
        out = list(map(fields.get, column))
        if None in out:  # not plain: the careful way writes the row
            odd.update(i for i, value in enumerate(out) if value is None)
            out = [value or "" for value in out]
    return out


def _single(column, odd: set, delimiter: str) -> list:
    """The fields of a column of mostly distinct texts; notes the rows of texts not plain."""
    text = _texts_kept(column)
    if text is None:
        odd.update(i for i, value in enumerate(column) if not _text_kept(value))
        return [_field(value, delimiter) if value.__class__ is str else "" for value in column]
    if delimiter in text or '"' in text:
        return [_field(value, delimiter) if value.__class__ is str or value is None else value
                for value in column]
    return list(map(_EMPTY.get, column, column))


def _numbers(column) -> list:
    """The fields of a column of integers (a year, a count, a flag) or None; '' for another
    value (its row is written the careful way)."""
    texts = {value: str(value) for value in set(column) if value.__class__ is int}
    texts[None] = ""
    return list(map(texts.get, column, repeat("")))


def _field(value, delimiter: str) -> str:
    """A text or None as csv.writer writes it (QUOTE_MINIMAL): quoted when it holds the
    delimiter, a quote or a line break, its quotes doubled."""
    if value is None:
        return ""
    if delimiter in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


_EMPTY = {None: ""}


def _flags(column: tuple) -> list:
    """A flag column as 0/1 (the way _row writes it: 1 if the value is true)."""
    flags = list(map(_FLAG.get, column))  # 0, 1 and what equals them (False, 1.0...)
    return flags if None not in flags else [1 if value else 0 for value in column]


def _texts_kept(column) -> str | None:
    """The texts of `column` joined when each is written as stored: printable, not longer
    than an export prints, not starting like a formula (one join and a few scans for all of
    them); None when one is not, or is neither text nor empty (a hand-edited file)."""
    try:
        text = _SEP.join(filter(None, column))
    except TypeError:
        return None
    if ((len(text) <= EXPORT_MAX or max(map(len, filter(None, column))) <= EXPORT_MAX)
            and kept(text) and not text.startswith(FORMULA_START)
            and _FORMULA_AFTER_SEP.search(text) is None):
        return text
    return None


def _text_kept(value) -> bool:
    """_texts_kept for one value, None included (written empty both ways)."""
    return value is None or (value.__class__ is str and exportable(value)
                             and not value.startswith(FORMULA_START))
