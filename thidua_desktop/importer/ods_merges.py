"""Merged ranges of an .ods workbook, read from its content.xml in one bounded streaming pass.

python-calamine reads an OpenDocument sheet's values but none of its merged
ranges, so a unit written once in a cell spanning twenty rows would reach only
the first of them. This pass finds every `table:table-cell` carrying
`table:number-rows-spanned` / `table:number-columns-spanned` and places it by
counting rows (`table:number-rows-repeated`) and cells, covered ones included
(`table:number-columns-repeated`), as LibreOffice writes them.

Bounded like every other read (bounded.py): the XML is fed to expat in chunks
(no tree is built), document type and entity declarations are refused (no
entity expansion), spans are clipped to `Limits.max_rows` / `max_columns`,
the cells all merges cover together may not exceed `Limits.max_cells`, and the
clock is looked at as the elements stream by.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from thidua_desktop.importer.bounded import ReadBudget, _n
from thidua_desktop.importer.errors import CORRUPT, ImportFileError
from thidua_desktop.importer.xml_guard import XmlRefused, guarded_parser

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column; 0-based

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_SHEET, _ROW = _TABLE + "table", _TABLE + "table-row"
_CELL, _COVERED = _TABLE + "table-cell", _TABLE + "covered-table-cell"
_NAME = _TABLE + "name"
_ROWS_REPEATED, _COLS_REPEATED = _TABLE + "number-rows-repeated", _TABLE + "number-columns-repeated"
_ROWS_SPANNED, _COLS_SPANNED = _TABLE + "number-rows-spanned", _TABLE + "number-columns-spanned"
_CHUNK = 1 << 16
_CLOCK_EVERY = 4096  # elements between two looks at the clock


def _count(value: str | None) -> int:
    """A repeat or span count; missing, malformed or below one counts as one (as LibreOffice does)."""
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1


class _Scan:
    """The expat handlers: the position of each cell, and the merges found so far, per sheet."""

    def __init__(self, budget: ReadBudget):
        self.budget = budget
        self.sheets: dict[str, list[Merge]] = {}
        self.merges: list[Merge] = []
        self.depth = 0  # tables nested in cells (never in a real sheet) are not counted
        self.row = self.col = 0
        self.row_repeat = 1
        self.area = 0
        self.elements = 0

    def start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements % _CLOCK_EVERY == 0:
            self.budget.check_clock()
        if name == _SHEET:
            self.depth += 1
            if self.depth == 1:
                self.merges = self.sheets.setdefault(attrs.get(_NAME, ""), [])
                self.row = 0
        elif self.depth != 1:
            return
        elif name == _ROW:
            self.col = 0
            self.row_repeat = _count(attrs.get(_ROWS_REPEATED))
        elif name == _CELL or name == _COVERED:
            repeat = _count(attrs.get(_COLS_REPEATED))
            if name == _CELL:
                rows, cols = _count(attrs.get(_ROWS_SPANNED)), _count(attrs.get(_COLS_SPANNED))
                if rows > 1 or cols > 1:
                    self._add(rows, cols, repeat)
            self.col += repeat

    def end(self, name: str) -> None:
        if name == _SHEET:
            self.depth -= 1
        elif name == _ROW and self.depth == 1:
            self.row += self.row_repeat
            self.row_repeat = 1

    def _add(self, rows: int, cols: int, repeat: int) -> None:
        """One merge per repetition of the spanning cell, clipped to the limits, area counted."""
        limits = self.budget.limits
        for r1 in range(self.row, min(self.row + self.row_repeat, limits.max_rows)):
            for c1 in range(self.col, min(self.col + repeat, limits.max_columns)):
                r2 = min(r1 + rows, limits.max_rows) - 1
                c2 = min(c1 + cols, limits.max_columns) - 1
                # every turn adds at least one cell, so the loops stop at max_cells
                self.area += (r2 - r1 + 1) * (c2 - c1 + 1)
                if self.area > limits.max_cells:
                    raise self.budget.fail(
                        f"các vùng gộp ô của tệp phủ hơn {_n(limits.max_cells)} ô, vượt giới hạn; "
                        "có thể là tệp độc hại, không mở.")
                if r2 > r1 or c2 > c1:
                    self.merges.append((r1, c1, r2, c2))


def ods_merges(path: Path, budget: ReadBudget) -> dict[str, list[Merge]]:
    """Each sheet's merged ranges, by sheet name; raises ImportFileError (limits, damage)."""
    scan = _Scan(budget)
    parser = guarded_parser()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as member:
            while chunk := member.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ImportFileError:
        raise
    except (XmlRefused, expat.ExpatError, KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFileError(path, CORRUPT, "tệp .ods bị hỏng hoặc có cấu trúc bất thường, "
                              "không đọc được; hãy mở bằng LibreOffice, lưu lại rồi nhập lại.") from exc
    return scan.sheets
