"""A tab that another tab's edit does not make wait: it refreshes when shown again.

Every edit of the roster tells every tab (`Session.data_changed`). The programme
and timeline tabs re-read their whole event or plan on it, which on a roster of
100,000 delegates cost a roster edit ~0.5 s while those tabs were not even on
screen (issue 18). A tab page the tab widget has hidden now only notes that it
is out of date and refreshes on its next show; one on screen (or standing alone,
as in tests) refreshes at once, as before.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class RefreshWhenShown(QWidget):
    """Mixin for a tab with `refresh()`: `data_changed` calls `refresh_or_defer`."""

    _stale = False

    def refresh_or_defer(self, *_args) -> None:
        """Refresh now, or on the next show when this is a hidden page of the tab widget."""
        if self.parentWidget() is not None and self.isHidden():
            self._stale = True
            return
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
