"""Keyboard help for the whole window: leave a table with Ctrl+Tab, see where the focus is.

Tab inside a table moves between its cells (Qt's rule), which traps a keyboard
user; Ctrl+Tab / Ctrl+Shift+Tab then move the focus to the next / previous
control (QTabWidget would otherwise take these keys to change tabs: tabs
change with Ctrl+PgDown / Ctrl+PgUp and Ctrl+1..4). The focus ring is a thin
coloured frame drawn over the control that has the focus, whatever its style.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QSplitter, QWidget
from shiboken6 import isValid

from thidua_desktop.gui.accelerators import add_accelerators, unique_accelerators

RING_COLOUR = QColor("#1565C0")
_SHOW, _KEY_PRESS = QEvent.Type.Show, QEvent.Type.KeyPress
RING_WIDTH = 2


def _view_of(widget: QWidget | None) -> QAbstractItemView | None:
    """The item view `widget` is, or is inside (an open cell editor, the viewport)."""
    while widget is not None:
        if isinstance(widget, QAbstractItemView):
            return widget
        widget = widget.parentWidget()
    return None


def leave_view(view: QAbstractItemView, forward: bool) -> None:
    """Move the focus out of `view` to the next (or previous) control of its window."""
    if view.state() == QAbstractItemView.State.EditingState:
        view.setFocus()  # the open editor commits when it loses the focus
    QWidget.focusNextPrevChild(view, forward)  # the base rule: next widget, not next cell


class KeyboardFilter(QObject):
    """Application-wide: Ctrl+Tab out of tables; the focus ring follows the focus."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.ring: FocusRing | None = None
        self.aside = False  # taken off the application by `set_aside`
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old, new) -> None:
        # A ring lives on the focused widget's parent; it dies with it (a closed dialog).
        if self.ring is not None and isValid(self.ring):
            self.ring.deleteLater()
        self.ring = None
        if new is not None and isValid(new) and new.parentWidget() is not None and not new.isWindow():
            self.ring = FocusRing(new)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        # Every event of the application passes here: its type is asked once (each call
        # builds a Python enum) and compared with constants (issue 18).
        kind = event.type()
        if kind == _SHOW and isinstance(obj, QWidget) and obj.isWindow():
            add_accelerators(obj)
            if isinstance(obj, QMainWindow):  # dialogs (Qt's own file dialog too) keep their letters
                unique_accelerators(obj)
            return False
        if kind == _KEY_PRESS and event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view = _view_of(QApplication.focusWidget())
            if view is not None and isinstance(obj, QWidget) and obj.window() is view.window():
                leave_view(view, event.key() == Qt.Key.Key_Tab
                           and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                return True
        return False


def ring_host(target: QWidget) -> QWidget:
    """The widget the ring is drawn on: the target's parent, but never a splitter.

    A QSplitter takes every child widget shown in it as a pane of its own, so a
    ring drawn on it became an empty framed pane squeezing the real ones.
    """
    host = target.parentWidget()
    while isinstance(host, QSplitter) and host.parentWidget() is not None:
        host = host.parentWidget()
    return host


class FocusRing(QWidget):
    """A frame around the focused control, drawn on its parent (mouse clicks pass through)."""

    def __init__(self, target: QWidget):
        super().__init__(ring_host(target))
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target = target
        target.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        if not isValid(self.target) or not self.target.isVisible():
            self.hide()
            return
        origin = self.target.mapTo(self.parentWidget(), QPoint(0, 0))
        frame = QRect(origin, self.target.size())
        self.setGeometry(frame.adjusted(-RING_WIDTH, -RING_WIDTH, RING_WIDTH, RING_WIDTH))
        self.raise_()
        self.show()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.target and event.type() in (QEvent.Type.Move, QEvent.Type.Resize,
                                                   QEvent.Type.Show, QEvent.Type.Hide):
            self._place()
        return False

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setPen(QPen(RING_COLOUR, RING_WIDTH))
        painter.drawRect(QRect(1, 1, self.width() - RING_WIDTH, self.height() - RING_WIDTH))


@contextmanager
def set_aside() -> Iterator[None]:
    """The application-wide filter off while a large widget tree is built (issue 18).

    Each widget built receives a dozen events (child added, polish, layout, font...),
    and every event of the application makes one Python call here, ~4 µs: ~900
    events, ~4 ms of the roster tab's construction. Built outside the event loop (no
    `processEvents`, no dialog `exec`), no key is pressed and no window shown
    meanwhile, so nothing this filter acts on is missed. It is put back on leaving,
    as the most recent application filter (Qt asks it first from then on; the
    others watch paints, or hold keys while a large file is checked, and the one
    key this filter takes, Ctrl+Tab out of a table, writes nothing).
    """
    app = QApplication.instance()
    keyboard = getattr(app, "_thidua_keyboard", None)
    if keyboard is None or keyboard.aside:  # no filter (a bare test), or already aside
        yield
        return
    keyboard.aside = True
    app.removeEventFilter(keyboard)
    try:
        yield
    finally:
        app.installEventFilter(keyboard)
        keyboard.aside = False


def install(app: QApplication) -> KeyboardFilter:
    """Install the filter once on the application."""
    existing = getattr(app, "_thidua_keyboard", None)
    if existing is None:
        existing = KeyboardFilter(app)
        app.installEventFilter(existing)
        app._thidua_keyboard = existing
    return existing
