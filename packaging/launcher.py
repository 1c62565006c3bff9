"""Entry point of the bundled program: the same as the `thidua-desktop` command."""

from thidua_desktop.cli import main

if __name__ == "__main__":
    import sys

    from thidua_desktop.importer.calamine_child import CHILD_FLAG, child_main

    if sys.argv[1:2] == [CHILD_FLAG]:  # the workbook reader's child process (importer)
        raise SystemExit(child_main())
    raise SystemExit(main())
