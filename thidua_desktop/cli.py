"""`thidua-desktop`: no arguments opens the window; a sub-command runs headless.

The sub-commands are a contract (shared/docs/cli.md): exit 0 on success, 1 when
the work was done but found problems, 2 for bad usage or an unreadable file.
Each command lives in `thidua_desktop/commands/<name>.py` with `register()`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys
from pathlib import Path

from thidua_desktop import __version__
from thidua_desktop.errors import UserError
from thidua_desktop.logging_setup import setup_logging
from thidua_desktop.paths import default_db_path
from thidua_desktop.store.faults import fault_message
from thidua_desktop.store.pending import remove_leftovers

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese errors and exit code 2."""

    def error(self, message: str):  # noqa: D401 - argparse override
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi cú pháp lệnh: {message}\n")
        raise SystemExit(2)


def _command_modules():
    from thidua_desktop import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"thidua_desktop.commands.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    """The full parser: window options plus every sub-command."""
    parser = _Parser(
        prog="thidua-desktop",
        description="Thi đua Desktop: tổ chức Đại hội Thi đua yêu nước, Hội nghị điển hình tiên tiến.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu (.sqlite) cần mở")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="LỆNH")
    for module in _command_modules():
        module.register(sub)
    return parser


def add_common(parser: argparse.ArgumentParser, json_output: bool = True) -> None:
    """--db and --json, common to every sub-command."""
    parser.add_argument("--db", type=Path, default=None, help="tệp dữ liệu (mặc định: tệp cửa sổ mở)")
    if json_output:
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (UTF-8)")


def db_path(args) -> Path:
    """The --db path, or the default one."""
    return Path(args.db) if args.db else default_db_path()


def _window_start(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain window start (none, or `--db FILE`), else None.

    Building the full parser imports every sub-command (~0.2 s); opening the
    window needs none of them, so that case is recognised without it.
    """
    if not argv:
        return argparse.Namespace(command=None, db=None)
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return argparse.Namespace(command=None, db=Path(argv[1]))
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `thidua-desktop` command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _window_start(sys.argv[1:] if argv is None else list(argv))
    if args is None:
        args = build_parser().parse_args(argv)
    path = db_path(args)
    setup_logging(path)
    sys.unraisablehook = _log_unraisable
    remove_leftovers()  # temporary files of work killed last time
    if args.command is None:
        if args.db is not None:
            # The file's quick check runs while the toolkit loads (~0.2 s): begun before it.
            from thidua_desktop.store.startup import begin_quick_check

            begin_quick_check(path)
        from thidua_desktop.gui.app import run_gui

        return run_gui(path, explicit=args.db is not None)
    try:
        return int(args.run(args) or 0)
    except UserError as exc:
        sys.stderr.write(exc.message + "\n")
        return exc.exit_code
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours.
        return 0
    except (OSError, sqlite3.Error) as exc:
        # A full disk or another program's lock met half way: a sentence, not a trace.
        sentence = fault_message(exc, path)
        if sentence is None:
            log.exception("unexpected error in command %s", args.command)
            sentence = _bug_sentence(path)
        sys.stderr.write(sentence + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu.\n")
        return 2
    except Exception:  # noqa: BLE001 - a bug: log the trace, show a sentence
        log.exception("unexpected error in command %s", args.command)
        sys.stderr.write(_bug_sentence(path) + "\n")
        return 2


def _log_unraisable(unraisable) -> None:
    """Errors in finalisers (a zip closed on a full disk) go to the log, not the screen."""
    log.warning("ignored in %r: %s", unraisable.object, unraisable.exc_value)


def _bug_sentence(path: Path) -> str:
    return ("Đã xảy ra lỗi không mong muốn. Chi tiết kỹ thuật được ghi vào tệp nhật ký "
            f"bên cạnh tệp dữ liệu ({path.parent}).")


if __name__ == "__main__":
    raise SystemExit(main())
