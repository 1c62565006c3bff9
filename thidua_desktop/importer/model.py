"""The plain data the roster parser returns: a roster and its people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from thidua_desktop.importer.text_clean import fold_label


@dataclass
class ParsedPerson:
    """One person read from a roster row; messages are Vietnamese sentences."""

    row_number: int  # 1-based sheet row, for messages
    name: str
    sex: str | None  # "Nam" / "Nữ"
    birth_year: int | None
    birth_date: dt.date | None
    ethnicity: str
    position: str
    workplace: str
    category: str  # "Điển hình tiên tiến" / "Khách mời" / "Lãnh đạo"
    achievement: str
    note: str
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kind: str = "person"  # "person" | "collective" (a team, an office, a school...)
    collective: str = ""  # the collective's name, for kind == "collective"
    unit_hint: str | None = None  # unit named by a section row above ("I. XÃ TÂN LỢI")


@dataclass
class ParsedRoster:
    """A whole roster file as read, before anything is stored."""

    path: Path
    sheet: str
    unit_hint: str | None  # commune named in the title block ("UBND XÃ TÂN LỢI" -> "Tân Lợi")
    header: list[str]  # column labels as read
    mapping: dict[str, int]  # field -> 0-based column; the preview may change it
    encoding: str  # "unicode" | "tcvn3" | "vni"
    people: list[ParsedPerson]
    warnings: list[str]
    header_row: int = 0  # 1-based row of the header's first line
    data_start_row: int = 0  # 1-based row where the data begins
    charset: str | None = None  # CSV only: how the bytes were decoded
    sheets: list[str] = field(default_factory=list)  # every sheet of the file, for the preview
    headless: bool = False  # no header row: the mapping was guessed from the content
    shape_key: str | None = None  # headless only: columns and what they hold
    mapping_source: str = "header"  # "header" | "guessed" (headless) | "remembered" | "given"

    @property
    def header_key(self) -> str:
        """A key for remembering the mapping chosen for files with this same header (or shape)."""
        return self.shape_key or header_key(self.header)

    @property
    def error_count(self) -> int:
        """Rows that cannot be imported as they are."""
        return sum(1 for p in self.people if p.errors)


def header_key(labels: list[str]) -> str:
    """Folded labels joined: equal for two files with the same header."""
    return "|".join(fold_label(label) for label in labels)
