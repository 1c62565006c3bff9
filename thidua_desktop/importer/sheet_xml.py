"""One pass of expat over a worksheet's XML: each row's cells as openpyxl would give them.

openpyxl's streaming sheet parser builds an ElementTree element for every
cell, and a rich-text object for every inline string, to hand over a dict per
cell; that alone took more time than the rest of an import's reading. Here
expat calls back straight into a few lines per element and the cell's value
is made once, with openpyxl's own conversions (`_cast_number`, `from_excel`,
`from_ISO8601`, `coordinate_to_tuple`), so the values are the same: the
workbook's shared strings, a date for a number in a date style, bool for
't="b"', the text of an inline string without its phonetic runs. Formulas
give their cached value (the reader opens workbooks with data_only).

Entity declarations are refused (openpyxl reads through defusedxml, which
refuses them too); the caller turns any error into the damaged-file sentence.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

from thidua_desktop.importer.xml_guard import guarded_parser

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_ROW, _CELL, _VALUE = _NS + "row", _NS + "c", _NS + "v"
_INLINE, _TEXT, _RUN, _PHONETIC = _NS + "is", _NS + "t", _NS + "r", _NS + "rPh"
_CHUNK = 1 << 16

Cell = tuple[int, object, int]  # column (1-based), value, style id
ParsedRow = tuple[int, list[Cell]]  # row number, the cells holding a value


def _row_number(text: str) -> int:
    """openpyxl's reading of a row's r attribute: an integer, or a float that is one."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if number.is_integer():
            return int(number)
        raise ValueError(f"{text} is not a valid row number") from None


def parse_rows(source, shared_strings: list, date_styles: set, timedelta_styles: set, epoch,
               on_chunk: Callable[[], None] | None = None) -> Iterator[ParsedRow]:
    """(row number, [(column, value, style id), ...]) for every row element, in file order.

    Only cells with a value other than None and "" are listed (the importer
    never needs the others). `on_chunk` is called after each 64 KB of XML
    (the reading's clock).
    """
    done: list[ParsedRow] = []
    cells: list[Cell] = []
    text: list[str] = []  # the characters of the element being taken (<v> or an inline <t>)
    runs: list[str] = []  # an inline string's rich-text runs
    # the row and cell being read: row number, column of the last cell without r, cell type,
    # style, ref, <v>'s text, an inline string's plain text, whether inside <is>, <r>, <rPh>
    state = {"row": 0, "col": 0, "type": "n", "style": 0, "ref": None, "v": None, "plain": None,
             "seen_v": False, "seen_is": False, "is": False, "run": False, "phonetic": False,
             "taking": False}

    def start(name, attrs):
        if name == _CELL:
            state["type"] = attrs.get("t", "n")
            style = attrs.get("s")
            state["style"] = int(style) if style else 0
            state["ref"] = attrs.get("r")
            state["v"] = state["plain"] = None
            state["seen_v"] = state["seen_is"] = False
            runs.clear()
        elif name == _VALUE:
            if not state["seen_v"] and not state["is"]:  # ElementTree's findtext: the first <v>
                state["taking"] = True
                text.clear()
        elif name == _TEXT:
            if state["is"] and not state["phonetic"]:
                state["taking"] = True
                text.clear()
        elif name == _INLINE:
            state["is"] = not state["seen_is"]  # ElementTree's find: the first <is>
        elif name == _RUN:
            state["run"] = True
        elif name == _PHONETIC:
            state["phonetic"] = True
        elif name == _ROW:
            number = attrs.get("r")
            state["row"] = _row_number(number) if number is not None else state["row"] + 1
            state["col"] = 0
            cells.clear()

    def end(name):
        if name == _TEXT:
            if state["taking"]:
                state["taking"] = False
                if state["run"]:
                    runs.append("".join(text))
                else:  # openpyxl's Text keeps the last plain <t>
                    state["plain"] = "".join(text)
        elif name == _VALUE:
            if state["taking"]:
                state["taking"], state["seen_v"] = False, True
                state["v"] = "".join(text) or None
        elif name == _RUN:
            state["run"] = False
        elif name == _PHONETIC:
            state["phonetic"] = False
        elif name == _INLINE:
            if state["is"]:
                state["is"], state["seen_is"] = False, True
        elif name == _CELL:
            _end_cell()
        elif name == _ROW:
            done.append((state["row"], list(cells)))

    def _end_cell():
        ref = state["ref"]
        if ref:
            column = coordinate_to_tuple(ref)[1]
        else:
            state["col"] += 1
            column = state["col"]
        kind = state["type"]
        if kind == "inlineStr":
            if not state["seen_is"]:
                return
            value = (state["plain"] or "") + "".join(runs)  # openpyxl's Text.content
        else:
            value = state["v"]
            if value is None:
                return
            if kind == "n":
                value = _cast_number(value)
                if state["style"] in date_styles:
                    value = _date(value, epoch, state["style"] in timedelta_styles)
            elif kind == "s":
                value = shared_strings[int(value)]
            elif kind == "b":
                value = bool(int(value))
            elif kind == "d":
                value = from_ISO8601(value)
        if value is not None and value != "":
            cells.append((column, value, state["style"]))

    def chars(data):
        if state["taking"]:
            text.append(data)

    parser = guarded_parser(refuse_doctype=False)  # (openpyxl's parser tolerates a DTD)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
        if on_chunk is not None:
            on_chunk()
        if done:
            yield from done
            done.clear()
    parser.Parse(b"", True)
    yield from done


def _date(value, epoch, timedelta: bool):
    """openpyxl's date for a number in a date style; "#VALUE!" (with its warning) if none."""
    try:
        return from_excel(value, epoch, timedelta=timedelta)
    except (OverflowError, ValueError):
        warnings.warn(f"Cell has a date format but the value {value} is not a valid date",
                      stacklevel=2)
        return "#VALUE!"
