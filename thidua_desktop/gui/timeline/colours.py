"""Qt colours of the timeline states (the palette itself lives in the core, shared with Excel)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from thidua_desktop.services.timeline_service import STATE_COLOURS

STRONG = {state: QColor(strong) for state, (strong, _light) in STATE_COLOURS.items()}
LIGHT = {state: QColor(light) for state, (_strong, light) in STATE_COLOURS.items()}
NOT_APPLICABLE = QColor("#F4F5F7")
