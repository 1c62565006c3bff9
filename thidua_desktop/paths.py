"""Where the program finds its bundled files and where it keeps the user's data.

Resources live in the top-level folders `resources/`, `db/` and `ui/` of the
source tree; the wheel and the Windows bundle place them inside the package
(`thidua_desktop/resources`, ...). Both layouts are searched, package first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    """Return the folder `name` from the package, the bundle or the source tree."""
    candidates = [PACKAGE_DIR / name, PACKAGE_DIR.parent / name]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "thidua_desktop" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found in {candidates}")


def resources_dir() -> Path:
    """Plan templates, fonts, icons, translations."""
    return _find("resources")


def migrations_dir() -> Path:
    """Numbered SQL migrations."""
    return _find("db")


def forms_dir() -> Path:
    """Qt Designer forms."""
    return _find("ui")


def templates_dir() -> Path:
    """Shipped plan templates (JSON)."""
    return resources_dir() / "templates"


def fonts_dir() -> Path:
    """Bundled fonts (metric-compatible with Times New Roman)."""
    return resources_dir() / "fonts"


def documents_dir() -> Path:
    """The user's documents folder (Windows: the shell folder; elsewhere ~/Documents)."""
    override = os.environ.get("THIDUA_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        try:
            import ctypes.wintypes

            buf = ctypes.create_unicode_buffer(ctypes.wintypes.MAX_PATH)
            # CSIDL_PERSONAL = 5: "My Documents"; 0 = SHGFP_TYPE_CURRENT
            ctypes.windll.shell32.SHGetFolderPathW(None, 5, None, 0, buf)
            if buf.value:
                return Path(buf.value)
        except (AttributeError, OSError):
            pass
    home = Path.home()
    docs = home / "Documents"
    return docs if docs.is_dir() else home


def default_db_path() -> Path:
    """`Documents/ThiDua/thidua.sqlite`, or beside the program in portable mode."""
    portable = os.environ.get("THIDUA_PORTABLE_DIR")
    if portable:
        return Path(portable) / "thidua.sqlite"
    return documents_dir() / "ThiDua" / "thidua.sqlite"
