"""Bounded reading of .xlsx parts that openpyxl would otherwise materialise whole.

- `check_shared_strings` streams the shared-strings table through expat and
  counts its strings and their text against the limits BEFORE openpyxl loads
  it (openpyxl keeps the whole table as Python strings: a 3 MB bomb of tiny
  strings took 1.6 GB).
- `sheet_rows` yields a worksheet's rows sparsely, only the cells that hold a
  value, from one expat pass over its XML (sheet_xml): the read-only worksheet
  would pad every row to its last cell (16,384 wide for one value at XFD) and
  fill every missing row up to a stray cell at row 1,048,576.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from thidua_desktop.importer.bounded import IndexedRow, ReadBudget
from thidua_desktop.importer.sheet_xml import parse_rows
from thidua_desktop.importer.xml_guard import guarded_parser

_SHARED_TYPE = re.compile(
    rb'PartName="/?([^"]+)"\s+ContentType="application/vnd\.openxmlformats-officedocument'
    rb'\.spreadsheetml\.sharedStrings\+xml"')
_CHUNK = 1 << 20


def _shared_string_members(archive: zipfile.ZipFile) -> list[str]:
    names = set(archive.namelist())
    found = {"xl/sharedStrings.xml"} & names
    if "[Content_Types].xml" in names and archive.getinfo("[Content_Types].xml").file_size < (1 << 20):
        types = archive.read("[Content_Types].xml")
        for part in _SHARED_TYPE.findall(re.sub(rb"\s+", b" ", types)):
            name = part.decode("utf-8", "replace")
            if name in names:
                found.add(name)
    return sorted(found)


def check_shared_strings(archive: zipfile.ZipFile, budget: ReadBudget) -> None:
    """Counts the shared strings as they stream; raises ImportFileError at the first limit met."""
    limits = budget.limits
    for member in _shared_string_members(archive):
        state = {"count": 0, "depth": 0, "length": 0, "total": 0}

        def start(name, _attrs, state=state):
            if name.rsplit(" ", 1)[-1] == "si":
                state["count"] += 1
                state["length"] = 0
                if state["count"] > limits.max_cells:
                    raise budget.too_many_strings()

        def text(data, state=state):
            state["length"] += len(data)
            state["total"] += len(data)
            if state["length"] > limits.max_cell_chars:
                raise budget.cell_too_long(state["length"])
            if state["total"] > limits.max_text_chars:
                raise budget.too_much_text()

        parser = guarded_parser()  # (a refusal is a ValueError: the damaged-file sentence)
        parser.StartElementHandler = start
        parser.CharacterDataHandler = text
        with archive.open(member) as source:
            while chunk := source.read(_CHUNK):
                parser.Parse(chunk, False)
                budget.check_clock()
            parser.Parse(b"", True)


def sheet_rows(ws, budget: ReadBudget) -> Iterator[IndexedRow]:
    """(row number, values, fonts) for each row holding cells, cells without a value left out.

    The cells come from one expat pass over the sheet's XML (sheet_xml), with
    the values openpyxl's sheet parser gives. A value past `max_columns` stops
    the reading at once, before its row is built.
    """
    wb = ws.parent
    font_of_style: dict[int, str | None] = {}

    def font(style_id: int) -> str | None:
        if style_id not in font_of_style:
            try:
                font_of_style[style_id] = wb._fonts[wb._cell_styles[style_id].fontId].name
            except (IndexError, AttributeError, TypeError):
                font_of_style[style_id] = None
        return font_of_style[style_id]

    limit = budget.limits.max_columns
    with ws._get_source() as source:
        for number, present in parse_rows(source, ws._shared_strings, wb._date_formats,
                                          wb._timedelta_formats, wb.epoch, budget.check_clock):
            if not present:
                yield number, [], None
                continue
            width = max(column for column, _v, _s in present)
            if width > limit:  # refused before the wide row is built
                raise budget.too_wide(number, width)
            values: list = [None] * width
            fonts: list = [None] * width
            for column, value, style in present:
                values[column - 1] = value
                if type(value) is str:
                    fonts[column - 1] = font(style)
            yield number, values, fonts
