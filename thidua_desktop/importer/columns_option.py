"""`--columns name=B,sex=C,birth=D`: a column mapping typed by hand (headless import)."""

from __future__ import annotations

import re

from thidua_desktop.errors import UserError
from thidua_desktop.importer.header_detect import FIELDS

# Short names accepted on the command line, besides the field keys themselves.
ALIASES = {
    "birth": "birth_year", "year": "birth_year", "date": "birth_date", "male": "birth_year_male",
    "female": "birth_year_female", "family": "family_name", "given": "given_name",
    "unit": "workplace", "ethnic": "ethnicity", "title": "position",
}
_COLUMN = re.compile(r"^([A-Za-z]{1,3}|\d{1,4})$")


def column_index(text: str) -> int:
    """"B" -> 1, "AA" -> 26, "3" -> 2 (numbers count from 1)."""
    if text.isdigit():
        return int(text) - 1
    index = 0
    for ch in text.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def parse_columns(spec: str) -> dict[str, int]:
    """Field -> 0-based column from "name=B,sex=C,birth=D"; a clear sentence when wrong."""
    mapping: dict[str, int] = {}
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        key, sep, col = (x.strip() for x in part.partition("="))
        field = ALIASES.get(key.lower(), key.lower())
        if not sep or field not in FIELDS or not _COLUMN.match(col) or column_index(col) < 0:
            known = ", ".join(sorted({*FIELDS, *ALIASES}))
            raise UserError(f"--columns: không hiểu «{part}». Viết TÊN=CỘT, ví dụ name=B,sex=C,"
                            f"birth=D; tên nhận được: {known}.")
        if field in mapping:
            raise UserError(f"--columns: trường «{key}» được ghép hai lần.")
        mapping[field] = column_index(col)
    if "name" not in mapping and not {"family_name", "given_name"} <= set(mapping):
        raise UserError("--columns: cần chỉ cột họ tên (name=...) hoặc cả family=... và given=....")
    return mapping
