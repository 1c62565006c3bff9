"""Sizes from content and screen: a window or dialog never opens larger than the screen.

Every dialog asks for the size it would like (`preferred`); it gets at most the
screen's available area (less a margin for a taskbar and window frame) and at
least what its layout needs. A layout that needs more than the screen is a bug
the layout test (tests/ui/test_screen_fit.py) catches; here it is clamped
anyway so the window's buttons stay reachable by the window manager.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window frame and title bar: what is available is not all drawable.
FRAME_MARGIN = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry of the widget's screen (the primary screen when none)."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def fitted_size(widget: QWidget, preferred: QSize) -> QSize:
    """`preferred`, shrunk to the screen less its frame, grown to the layout's minimum."""
    room = available(widget).size() - FRAME_MARGIN
    size = preferred.boundedTo(room)
    return size.expandedTo(widget.minimumSizeHint()).expandedTo(widget.minimumSize())


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to (width, height) or less, so the whole window is on the screen."""
    widget.resize(fitted_size(widget, QSize(width, height)))


def fraction_of_screen(widget: QWidget, width: float, height: float, cap: QSize | None = None) -> None:
    """Resize to a fraction of the screen (capped), for views whose content can grow."""
    room = available(widget).size()
    size = QSize(int(room.width() * width), int(room.height() * height))
    if cap is not None:
        size = size.boundedTo(cap)
    fit_to_screen(widget, size.width(), size.height())


def offscreen_platform(width: int, height: int) -> str:
    """A QT_QPA_PLATFORM value for an offscreen screen of this size (screenshots, tests)."""
    config = {"screens": [{"name": "Screen", "x": 0, "y": 0, "width": width, "height": height,
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    path = Path(tempfile.gettempdir()) / f"thidua-offscreen-{width}x{height}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"
