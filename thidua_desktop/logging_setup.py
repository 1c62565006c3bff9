"""A rotating log beside the database for bugs; the user sees sentences, never traces."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "thidua-desktop.log"


def setup_logging(db_path: Path, level: int = logging.INFO) -> Path | None:
    """Log to `<db folder>/thidua-desktop.log` (1 MB x 3); return the log path or None."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_thidua", False):
            root.removeHandler(handler)
            handler.close()
    # A log that cannot be written (full disk, write-protected stick) must never print a trace.
    logging.raiseExceptions = False
    folder = Path(db_path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler._thidua = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return folder / LOG_NAME
