"""Errors of the roster import: a file that cannot be read, an import cancelled."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.errors import UserError

# Machine-readable kinds, for the CLI's JSON and for tests.
TOO_LARGE = "too_large"
ZIP_BOMB = "zip_bomb"
NOT_SPREADSHEET = "not_spreadsheet"
CORRUPT = "corrupt"
ENCRYPTED = "encrypted"
EMPTY = "empty"
NO_HEADER = "no_header"
NOT_FOUND = "not_found"
TOO_BIG = "too_big"  # over a limit found while reading (rows, columns, cells, text, time, memory)
UNREADABLE = "unreadable"  # the file could not be read from disk (folder gone, no permission)


class ImportFileError(UserError):
    """A file that cannot be imported; `message` names the file and the reason, in Vietnamese."""

    def __init__(self, path: str | Path, kind: str, reason: str):
        self.path = Path(path)
        self.kind = kind
        self.reason = reason
        super().__init__(f"Không nhập được tệp «{self.path.name}»: {reason}")


class ImportCancelled(Exception):
    """The user cancelled the import; nothing was read into the roster."""
