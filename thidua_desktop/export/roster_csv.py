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

import csv
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from thidua_desktop.export.roster_common import RosterDocument, atomic_output
from thidua_desktop.export.state_format import safe_cell

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
