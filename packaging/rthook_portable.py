"""PyInstaller runtime hook: portable mode, and no crash when there is no console.

Portable mode: when a file `portable.txt` sits beside the program, the data
lives beside it too, in `du-lieu/` (the database, its backups and log, the
officer's templates, the window settings as an .ini file) — nothing goes to
Documents or the registry, so the whole folder can travel on a USB stick.
thidua_desktop.paths reads THIDUA_PORTABLE_DIR and THIDUA_HOME.
"""

import os
import sys
from pathlib import Path

PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "du-lieu"


def _portable() -> None:
    program_dir = Path(sys.executable).resolve().parent
    if not (program_dir / PORTABLE_MARKER).is_file():
        return
    data = program_dir / PORTABLE_DATA
    try:
        data.mkdir(exist_ok=True)
    except OSError:
        return  # read-only medium: run as an installed program
    os.environ.setdefault("THIDUA_PORTABLE_DIR", str(data))
    os.environ.setdefault("THIDUA_HOME", str(data))
    try:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data))
    except ImportError:
        pass


def _streams() -> None:
    # The windowed program has no console: print() and logging to stderr must not fail.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


_streams()
_portable()
