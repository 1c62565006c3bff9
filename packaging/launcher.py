"""Entry point of the bundled program: the same as the `thidua-desktop` command."""

from thidua_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
