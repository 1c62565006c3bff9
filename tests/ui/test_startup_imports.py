"""What the program has imported when its window is first painted (issue 18: start-up).

A fresh process runs the real entry point (`thidua-desktop --db FILE`) and
stops at the first paint event, reporting `sys.modules` then. Documents,
imports, the other tabs and their services load when first used, not before
the officer sees the window; the file's quick check starts before the toolkit.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from robust_helpers import child_env

CHILD = r"""
import json, sys

seen = {}


def run():
    import thidua_desktop.store.startup as startup

    real_begin = startup.begin_quick_check

    def begin(path):
        seen["toolkit_at_check"] = "PySide6.QtWidgets" in sys.modules
        real_begin(path)

    startup.begin_quick_check = begin
    from thidua_desktop import cli

    def fake_exec(app):
        from PySide6.QtCore import QEvent, QObject

        class Painted(QObject):
            done = False

            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint:
                    self.done = True
                return False

        watcher = Painted()
        app.installEventFilter(watcher)
        while not watcher.done:
            app.processEvents()
        seen["modules"] = sorted(sys.modules)
        return 0

    real_run = None

    def run_gui(path, explicit):
        from PySide6.QtWidgets import QApplication

        QApplication.exec = fake_exec
        return real_run(path, explicit)

    import importlib.abc

    class Patch(importlib.abc.MetaPathFinder):
        # Replaces run_gui once thidua_desktop.gui.app is imported, as the command line does it.
        def find_spec(self, fullname, path=None, target=None):
            if fullname != "thidua_desktop.gui.app":
                return None
            sys.meta_path.remove(self)
            import importlib.util

            spec = importlib.util.find_spec(fullname)
            load = spec.loader.exec_module

            def exec_module(module):
                nonlocal real_run
                load(module)
                real_run, module.run_gui = module.run_gui, run_gui

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Patch())
    cli.main(["--db", sys.argv[1]])
    print(json.dumps(seen))


run()
"""

# Loaded when first used: none of them is needed to show the window.
HEAVY = ("openpyxl", "docx", "reportlab", "pypdf", "lxml", "PIL",
         "thidua_desktop.importer", "thidua_desktop.export", "thidua_desktop.commands.check",
         "thidua_desktop.gui.tabs.roster_tab", "thidua_desktop.gui.tabs.agenda_tab",
         "thidua_desktop.gui.tabs.dossiers_tab", "thidua_desktop.gui.awards_tab",
         "thidua_desktop.gui.timeline.commands", "thidua_desktop.services.milestone_service",
         "thidua_desktop.services.awards_service", "thidua_desktop.services.dossier_service",
         "thidua_desktop.services.agenda_service")


@pytest.fixture(scope="module")
def at_first_paint(tmp_path_factory, demo_master) -> dict:
    home = tmp_path_factory.mktemp("home")
    env = child_env()
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), THIDUA_HOME=str(home),
               QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(demo_master)], env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stderr[-2000:]
    return json.loads(lines[-1])


@pytest.mark.parametrize("name", HEAVY)
def test_a_heavy_module_is_not_imported_before_the_first_paint(at_first_paint, name):
    loaded = [m for m in at_first_paint["modules"] if m == name or m.startswith(name + ".")]
    assert loaded == []


def test_the_first_tab_and_the_file_are_there_at_the_first_paint(at_first_paint):
    # The report is not empty by accident: what the first paint needs was loaded.
    modules = set(at_first_paint["modules"])
    assert {"thidua_desktop.gui.tabs.timeline_tab", "thidua_desktop.gui.main_window",
            "sqlite_utils", "PySide6.QtWidgets"} <= modules


def test_the_quick_check_begins_before_the_toolkit_is_imported(at_first_paint):
    assert at_first_paint["toolkit_at_check"] is False


@pytest.mark.parametrize("name", HEAVY)
def test_each_named_module_exists(name):
    # A misspelt name would never be imported, and its test above would pass for nothing.
    import importlib.util

    assert importlib.util.find_spec(name) is not None
