"""`templates`: list the plan templates."""

from __future__ import annotations

from thidua_desktop.cli import add_common
from thidua_desktop.commands._output import emit_json


def register(sub) -> None:
    """Add the `templates` sub-command."""
    parser = sub.add_parser("templates", help="liệt kê các mẫu kế hoạch")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    """Print the templates: id, name, source seed."""
    from thidua_desktop.templates.loader import list_templates

    rows = [{"id": t.id, "name": t.name, "source": t.source} for t in list_templates()]
    if args.json:
        emit_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:<20} {row['source']:<5} {row['name']}")
    return 0
