"""Start-up probe, run in a fresh process per measurement by bench.run.

    python -m bench.probe_startup ours|bare DB SPAWN_TIME

`ours` runs the real entry point (`thidua_desktop.cli.main(["--db", DB])`,
the same path as double-clicking the program) with QApplication replaced by a
subclass whose `exec()` processes events until the window's first frame has
been painted, then prints one JSON line and returns instead of looping.
`bare` is the toolkit alone: PySide6, a QMainWindow holding a QTabWidget and an
empty QTableView, shown and painted the same way. Times are wall-clock from
the parent's spawn (`SPAWN_TIME`, time.time()) to the end of the first paint,
so interpreter start and every import count.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _paint_watcher():
    from PySide6.QtCore import QEvent, QObject

    class PaintWatcher(QObject):
        """Notes that some widget received a paint event."""

        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    return PaintWatcher()


def _finish(spawn: float, app, watcher) -> None:
    deadline = time.time() + 30
    while not watcher.painted and time.time() < deadline:
        app.processEvents()
    end = time.time()
    from bench.context import peak_rss_kb

    rss = peak_rss_kb()
    cpu = time.process_time()  # this process's CPU since it started: imports and all
    main_cpu = time.thread_time()  # the main thread's alone (not the quick check's thread)
    print(json.dumps({"seconds": end - spawn, "cpu": cpu, "main_cpu": main_cpu, "maxrss_kb": rss,
                      "painted": watcher.painted}), flush=True)


def run_ours(db: str, spawn: float) -> None:
    """The real start-up path, stopped after the first painted frame.

    The toolkit is not imported before the entry point runs (the command line
    begins the file's quick check before it does): QApplication is replaced
    as soon as `thidua_desktop.gui.app` has been imported, by an import hook.
    """

    def patch(app_module) -> None:
        base = app_module.QApplication

        class ProbeApplication(base):
            """QApplication whose event loop stops after the first paint."""

            def __init__(self, argv):
                super().__init__(argv)
                self.watcher = _paint_watcher()
                self.installEventFilter(self.watcher)

            def exec(self):  # noqa: A003 - Qt name
                _finish(spawn, self, self.watcher)
                return 0

        app_module.QApplication = ProbeApplication

    sys.meta_path.insert(0, _AfterImport("thidua_desktop.gui.app", patch))
    from thidua_desktop.cli import main

    main(["--db", db])


class _AfterImport:
    """A meta path hook calling `then(module)` once `name` has been imported (found as usual)."""

    def __init__(self, name: str, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = next((found for finder in sys.meta_path if hasattr(finder, "find_spec")
                     for found in [finder.find_spec(fullname, path, target)] if found), None)
        if spec is None:
            return None
        load, then = spec.loader.exec_module, self.then

        def exec_module(module):
            load(module)
            then(module)

        spec.loader.exec_module = exec_module
        return spec


def run_bare(spawn: float) -> None:
    """PySide6 alone: a main window with a tab widget and a table, painted once."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    app = QApplication([sys.argv[0]])
    watcher = _paint_watcher()
    app.installEventFilter(watcher)
    window = QMainWindow()
    tabs = QTabWidget(window)
    tabs.addTab(QTableView(tabs), "Bảng")
    window.setCentralWidget(tabs)
    window.resize(1280, 800)
    window.show()
    _finish(spawn, app, watcher)


if __name__ == "__main__":
    variant, *rest = sys.argv[1:]
    if variant == "ours":
        run_ours(rest[0], float(rest[1]))
    else:
        run_bare(float(rest[-1]))
