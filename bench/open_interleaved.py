"""Opening the roster tab against the bare library, interleaved in ONE process.

    .venv/bin/python -m bench.open_interleaved --sizes 10000,100000 --reps 15

bench.run measures ours and the bare baseline in separate processes; on a
shared machine the load changes in between. Here one process opens, in
turn, our roster tab (bench.cases_gui: the real tab until its rows are
painted), the bare screen (bench.bare_table.BareScreen: the tab's first
frame built plainly, the baseline bench.run uses since issue 18's fourth
session) and the former bare baseline (the table alone), each after a
warm-up, and prints the medians of wall and CPU time with the ratios.

Our application's keyboard filter (installed by gui/app.make_application on
the application, as in the program) is taken off during the bare runs, so
that they pay for nothing of ours.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import bare_table, cases_gui  # noqa: E402
from bench.context import load_line, run_stamp  # noqa: E402
from bench.generate import generate_database  # noqa: E402

VARIANTS = ("ours", "bare screen", "bare table")


class _OursOff:
    """Our application-wide keyboard filter and focus ring off while a bare run runs."""

    def __init__(self, app):
        self.app, self.keyboard = app, getattr(app, "_thidua_keyboard", None)

    def __enter__(self):
        if self.keyboard is not None:
            self.app.removeEventFilter(self.keyboard)
            self.app.focusChanged.disconnect(self.keyboard._focus_changed)

    def __exit__(self, *_exc):
        if self.keyboard is not None:
            self.app.installEventFilter(self.keyboard)
            self.app.focusChanged.connect(self.keyboard._focus_changed)


def _ours(app, session):
    tab = cases_gui._open_tab(app, session)
    return lambda: cases_gui._close(app, tab)


def _bare(app, conn, event_id, table_only: bool):
    with _OursOff(app):
        if table_only:
            widget = bare_table.open_table(app, conn, event_id)
        else:
            widget = bare_table.open_screen(app, conn, event_id)

    def close():
        widget.close()
        widget.deleteLater()
        app.processEvents()

    return close


def measure(db: Path, reps: int) -> dict[str, list[tuple[float, float]]]:
    """One warm-up of each, then `reps` rounds of ours, bare screen, bare table."""
    app, session = cases_gui._session(db)
    _app, conn, event_id = bare_table._setup(SimpleNamespace(db_path=db))
    openers = {"ours": lambda: _ours(app, session),
               "bare screen": lambda: _bare(app, conn, event_id, False),
               "bare table": lambda: _bare(app, conn, event_id, True)}
    runs: dict[str, list[tuple[float, float]]] = {v: [] for v in VARIANTS}
    for rep in range(reps + 1):
        for variant in VARIANTS:
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            close = openers[variant]()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            close()
            if rep:
                runs[variant].append((wall, cpu))
    conn.close()
    return runs


def table(results: dict[int, dict[str, list[tuple[float, float]]]]) -> str:
    """A markdown table of the medians (ms) and CPU ratios."""
    lines = ["| Delegates | Ours wall / CPU (ms) | Bare screen wall / CPU (ms) | Bare table wall / "
             "CPU (ms) | CPU ratio to the screen | CPU ratio to the table |",
             "|---:|---:|---:|---:|---:|---:|"]
    for size, runs in results.items():
        med = {v: (statistics.median(r[0] for r in runs[v]) * 1000,
                   statistics.median(r[1] for r in runs[v]) * 1000) for v in VARIANTS}
        o, s, t = med["ours"], med["bare screen"], med["bare table"]
        lines.append(f"| {size:,} | {o[0]:.1f} / {o[1]:.1f} | {s[0]:.1f} / {s[1]:.1f} | "
                     f"{t[0]:.1f} / {t[1]:.1f} | {o[1] / s[1]:.2f}x | {o[1] / t[1]:.2f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the data, measure each size, print the table with commit and load."""
    parser = argparse.ArgumentParser(prog="python -m bench.open_interleaved",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--data", type=Path, help="folder for generated data (kept)")
    args = parser.parse_args(argv)
    data = args.data or Path(tempfile.mkdtemp(prefix="thidua-open-"))
    data.mkdir(parents=True, exist_ok=True)
    print(run_stamp(f"medians of {args.reps} interleaved rounds"))
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        db = data / f"bench-{size}.sqlite"
        if not db.exists():
            generate_database(db, size)
        results[size] = measure(db, args.reps)
    print(table(results))
    print(load_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
