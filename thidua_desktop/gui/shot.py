"""The window or one dialog drawn offscreen on a screen of a given size, saved as a PNG.

The Qt half of the `screenshot` command (commands/screenshot.py keeps the options, so that
`--help` lists them without loading Qt).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from thidua_desktop.errors import UserError


def take(open_db: Callable, path, out: Path, width: int, height: int, *, tab: str | None = None,
         dialog: str | None = None, event: str | None = None, sample: Path | None = None,
         check: bool = False) -> list[str]:
    """Draw the tab (or dialog) and save it to `out`; with `check`, the layout problems found."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:  # a fresh process: make the offscreen screen that size
        from thidua_desktop.gui.screen_fit import offscreen_platform

        if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
            os.environ["QT_QPA_PLATFORM"] = offscreen_platform(width, height)
    from thidua_desktop.gui.app import make_application
    from thidua_desktop.gui.main_window import MainWindow

    db = open_db()
    app = make_application()
    window = MainWindow(db, path)
    shown = None
    found: list[str] = []
    try:
        if event:
            window.select_event_code(event)
        window.select_tab(tab or "timeline")
        window.show()
        settle(app)
        fill_screen(window, width, height)
        settle(app)
        target = window
        if dialog:
            from thidua_desktop.gui import dialog_gallery

            shown = dialog_gallery.build(dialog, window, sample)
            shown.show()
            settle(app)
            target = shown
        if check:
            from PySide6.QtCore import QRect

            from thidua_desktop.gui.layout_check import problems

            found = problems(target, QRect(0, 0, width, height))
        out.parent.mkdir(parents=True, exist_ok=True)
        if not target.grab().save(str(out), "PNG"):
            raise UserError(f"Không ghi được ảnh “{out}”.")
    finally:
        if shown is not None:
            shown.done(0)
        window.close()
    return found


def fill_screen(window, width: int, height: int) -> None:
    """The window's client area covers the screen (as a maximised window's would)."""
    window.resize(width, height)
    window.move(0, 0)


def settle(app) -> None:
    """Let queued layout and paint events run."""
    for _ in range(5):
        app.processEvents()
