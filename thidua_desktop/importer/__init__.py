"""Reading commune roster workbooks (.xlsx, .xls, .ods, .csv) into clean rows; no Qt here.

The entry point is `parse_roster(path)`; it returns a `ParsedRoster` of
`ParsedPerson`s with Vietnamese warnings and errors, and raises
`ImportFileError` (with a Vietnamese message naming the file) for a file that
cannot be read. Storing the rows is the caller's job.
"""

from thidua_desktop.importer.errors import ImportCancelled, ImportFileError
from thidua_desktop.importer.fields import CATEGORY_EXEMPLARY, CATEGORY_GUEST, CATEGORY_LEADER
from thidua_desktop.importer.header_detect import FIELD_LABELS, FIELDS
from thidua_desktop.importer.model import ParsedPerson, ParsedRoster, header_key
from thidua_desktop.importer.roster_parser import parse_roster
from thidua_desktop.importer.safety import Limits

__all__ = [
    "CATEGORY_EXEMPLARY",
    "CATEGORY_GUEST",
    "CATEGORY_LEADER",
    "FIELDS",
    "FIELD_LABELS",
    "ImportCancelled",
    "ImportFileError",
    "Limits",
    "ParsedPerson",
    "ParsedRoster",
    "header_key",
    "parse_roster",
]
