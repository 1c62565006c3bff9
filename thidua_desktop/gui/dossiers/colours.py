"""Colours of the dossier statuses (light fills for cells, a darker text where it matters)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from thidua_desktop.services.dossier_matrix import STATUS_LABELS

FILL = {
    "overdue": QColor("#F8D7DA"),
    "needs_fix": QColor("#FFE0B2"),
    "missing": QColor("#FFFFFF"),
    "late": QColor("#FFF3CD"),
    "received": QColor("#D6EAF8"),
    "accepted": QColor("#D4EDDA"),
    "none": QColor("#F4F5F7"),
}
TEXT = {"overdue": QColor("#8A1C24"), "needs_fix": QColor("#7A4100"), "none": QColor("#8A8F98")}
# The legend, in the order an officer reads the matrix: what is wrong first.
LEGEND = tuple((status, STATUS_LABELS[status]) for status in
               ("overdue", "missing", "needs_fix", "late", "received", "accepted"))
