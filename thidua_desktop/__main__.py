"""`python -m thidua_desktop` runs the same as the `thidua-desktop` command."""

from thidua_desktop.cli import main

raise SystemExit(main())
