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
            writer.writerows([_row(line) for line in doc.lines])
    return Path(path)
