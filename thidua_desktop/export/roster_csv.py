"""The roster as CSV: UTF-8 with a BOM (Excel opens it with the right letters).

Two variants. The machine contract (cli.md, the default): commas, for other
programs and scripts. The Excel variant: semicolons, which Excel under
Vietnamese regional settings (decimal comma, list separator ";") splits into
columns when the file is double-clicked; a comma file opens there as one
column. Both keep the BOM, so diacritics stay intact, and the same columns.

Columns of the contract first, in order: unit, name, sex, birth_year,
ethnicity, position, workplace, category, achievement, note; then extra ones.
Text a spreadsheet would run as a formula is written as text (safe_cell).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from itertools import compress, repeat
from operator import attrgetter, not_
from pathlib import Path

from thidua_desktop.domain.safe_text import _CHANGED, EXPORT_MAX
from thidua_desktop.export.roster_common import RosterDocument, atomic_output, event_labels
from thidua_desktop.export.state_format import safe_cell
from thidua_desktop.services.roster_query import _PRINT_SQL as PRINT_SQL

COLUMNS = ("unit", "name", "sex", "birth_year", "ethnicity", "position", "workplace", "category",
           "achievement", "note")
EXTRA_COLUMNS = ("exemplary_kind", "field", "sector", "direct_worker", "status", "presidium",
                 "speaker", "provincial_awards", "birth_date")
# First characters that make a spreadsheet read a cell as a formula (those safe_cell guards).
_RISKY = frozenset("=+-@\t\r")


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


# The CSV's columns computed by SQLite from roster_query's print query as roster_document
# and _row compute them in Python; {…} are CASE look-ups of the label maps (text compares
# to text only, no affinity on either side, as in a dict). The year: 0 and empty ones
# printed empty, as `year if year else ""` (the column's INTEGER affinity makes 0 match
# 0 and 0.0 only). The flags are printed as stored: the schema holds them to 0 or 1
# (CHECK constraints), which is what `1 if flag else 0` gives.
_LEAN_SQL = """
WITH r(unit, name, sex, year, ethnicity, position, workplace, category, achievement, note,
       kind, field, sector, direct, status, panel, speaker, awards, born, code) AS ({query})
SELECT unit, name, sex, CASE WHEN year = 0 OR year = '' OR year = x'' THEN '' ELSE year END,
       ethnicity, position, workplace, COALESCE(NULLIF({labels}, ''), {categories}),
       achievement, note, {kinds}, field, sector, direct, {states}, panel, speaker, awards, born
FROM r
"""


def _lookup(column: str, mapping: dict, default: str | None, params: list) -> str:
    """`mapping.get(column, default)` as SQL (default: a column's name, None: NULL)."""
    if not mapping:
        return default or "NULL"
    params += [v for pair in mapping.items() for v in pair]
    return f"CASE {column} {' '.join(['WHEN ? THEN ?'] * len(mapping))} ELSE {default or 'NULL'} END"


def _risky(delimiter: str) -> re.Pattern:
    """A field of the written text that starts like a formula (perhaps behind its quote).

    Tabs and carriage returns are not looked for: text holding them is not plain (below).
    """
    return re.compile(f'[{re.escape(delimiter)}\n]"?[-=+@]')


_RISKY_TEXT = {name: _risky(d) for name, d in DELIMITERS.items()}


def write_event_csv(db, event_id: int, path: str | Path, variant: str = "machine") -> int | None:
    """The usual CSV of the event's roster, straight from the query; the number of lines.

    What write_roster_csv(roster_document(...)) writes, byte for byte, without a line
    object per delegate: the label look-ups are done by SQLite, the rows go to the csv
    module as tuples and the written text is checked at once. None, with nothing
    written, when some text needs care (stored before the text rules, longer than a
    document prints, starting like a formula, a line break inside): the caller then
    takes the careful path.
    """
    _name, _congress, _cats, (labels, kinds, states, categories) = event_labels(db, event_id)
    params: list = [event_id]
    sql = _LEAN_SQL.format(
        query=PRINT_SQL.strip(), labels=_lookup("code", labels, None, params),
        categories=_lookup("category", categories, "category", params),
        kinds=_lookup("kind", kinds, "kind", params), states=_lookup("status", states, "status", params))
    rows = db.execute(sql, params).fetchall()
    if not rows:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITERS[variant])
    writer.writerow(COLUMNS + EXTRA_COLUMNS)
    writer.writerows(rows)
    text = buffer.getvalue()
    data = text.encode()  # once: the checks scan the bytes (memchr), the file gets them
    if not _plain_text(text, data, len(rows) + 1, variant):
        return None
    with atomic_output(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(codecs.BOM_UTF8)  # what encoding="utf-8-sig" writes first
            handle.write(data)
    return len(rows)


def _plain_text(text: str, data: bytes, lines: int, variant: str) -> bool:
    """Whether the written CSV (`text`, encoded as `data`) holds only text roster_document
    would take as it is.

    Every carriage return and line feed is a line's end (the csv module ends each of
    the `lines` lines with both; one inside a field would add one), no other character
    for_export would change, no field longer than it prints (only lines that long are
    read back field by field), no field starting like a formula.
    """
    if data.count(b"\r") != lines or data.count(b"\n") != lines:
        return False
    rows = text.split("\r\n")
    # A row isprintable() (the usual case) holds nothing for_export changes (safe_text).
    if any(_CHANGED.search(row) for row in compress(rows, map(not_, map(str.isprintable, rows)))):
        return False
    if max(map(len, rows)) > EXPORT_MAX:
        long = [row for row in rows if len(row) > EXPORT_MAX]
        fields = (f for row in csv.reader(long, delimiter=DELIMITERS[variant]) for f in row)
        if max(map(len, fields)) > EXPORT_MAX:
            return False
    # Looking for the rare first characters alone is a fast scan; the regex only when found.
    # '-' is common inside texts (birth dates), so only where a field may start.
    rare = any(mark in data for mark in (b"=", b"+", b"@")) or any(
        before + b"-" in data for before in (DELIMITERS[variant].encode(), b"\n", b'"'))
    return not rare or _RISKY_TEXT[variant].search(text) is None
