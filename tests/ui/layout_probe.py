"""Run in its own process (the screen size is fixed when Qt starts): check every tab and dialog.

python tests/ui/layout_probe.py DB SAMPLE WIDTH HEIGHT [--too-big NAME]
prints {"tab:roster": [...problems], "dialog:delegate": [...], ...} as JSON.
`--too-big NAME` gives that dialog a fixed minimum larger than the screen,
to prove the check catches it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    db_file, sample, width, height = Path(argv[0]), Path(argv[1]), int(argv[2]), int(argv[3])
    too_big = argv[5] if len(argv) > 5 and argv[4] == "--too-big" else None
    from thidua_desktop.gui.screen_fit import offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(width, height)
    from PySide6.QtCore import QRect

    from thidua_desktop.gui import dialog_gallery
    from thidua_desktop.gui.app import make_application
    from thidua_desktop.gui.layout_check import problems
    from thidua_desktop.gui.main_window import TAB_NAMES, MainWindow
    from thidua_desktop.gui.shot import fill_screen, settle
    from thidua_desktop.store.database import open_database

    app = make_application()
    screen = QRect(0, 0, width, height)
    window = MainWindow(open_database(db_file), db_file)
    window.show()
    settle(app)
    fill_screen(window, width, height)
    found = {}
    for tab in TAB_NAMES:
        window.select_tab(tab)
        settle(app)
        found[f"tab:{tab}"] = problems(window, screen)
    for name in dialog_gallery.DIALOGS:
        dialog = dialog_gallery.build(name, window, sample)
        if name == too_big:
            dialog.setMinimumSize(width + 100, height + 100)
        dialog.show()
        settle(app)
        found[f"dialog:{name}"] = problems(dialog, screen)
        dialog.done(0)
    window.close()
    print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
