"""The import against the bare libraries, interleaved in ONE process: `python -m bench.import_interleaved`.

bench.run measures ours and the bare baseline in separate processes, minutes
apart; on a shared machine the load changes in between. Here one process runs
a warm-up of each, then ours, bare, ours, bare... on fresh copies of the same
file (bench.cases_core.import_once, bench.baselines.bare_import_once: the very
runs bench.run times), and prints the medians of wall and CPU time, read and
land apart, with their ratios.

    .venv/bin/python -m bench.import_interleaved --sizes 300,10000 --reps 7
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.baselines import bare_import_once, landed_inserts
from bench.cases_core import import_once
from bench.context import load_line, run_stamp
from bench.generate import generate_database, generate_workbook


class _Clock:
    """start() and stop() as bench.context.Context gives them, without recording."""

    @staticmethod
    def start() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    @staticmethod
    def stop(started: tuple[float, float]) -> float:
        return time.perf_counter() - started[0]


def measure(db: Path, workbook: Path, work_dir: Path, reps: int) -> dict[str, list[dict]]:
    """Warm-up of each, then `reps` pairs, ours first in each pair."""
    ours_file, bare_file = work_dir / "import-work.sqlite", work_dir / "bare-import.sqlite"
    import_once(db, ours_file, workbook, _Clock)
    inserts = landed_inserts(db, ours_file)
    bare_import_once(db, bare_file, workbook, inserts, _Clock)
    runs: dict[str, list[dict]] = {"ours": [], "bare": []}
    for _ in range(reps):
        ours = import_once(db, ours_file, workbook, _Clock)
        runs["ours"].append({"wall": ours["wall"], "cpu": ours["cpu"], "read": ours["phases"][0],
                             "land": ours["phases"][1] + ours["phases"][2]})
        bare = bare_import_once(db, bare_file, workbook, inserts, _Clock)
        runs["bare"].append({"wall": bare["wall"], "cpu": bare["cpu"], "read": bare["phases"][0],
                             "land": bare["phases"][1]})
    return runs


def table(results: dict[int, dict[str, list[dict]]]) -> str:
    """A markdown table of the medians (ms) and ratios."""
    lines = ["| Into | Ours wall / CPU (ms) | Bare wall / CPU (ms) | Ratio wall / CPU | "
             "Read ours / bare (ms) | Land ours / bare (ms) |", "|---:|---:|---:|---:|---:|---:|"]
    for size, runs in results.items():
        med = {v: {k: statistics.median(r[k] for r in runs[v]) * 1000 for k in runs[v][0]}
               for v in runs}
        o, b = med["ours"], med["bare"]
        lines.append(f"| {size:,} | {o['wall']:,.0f} / {o['cpu']:,.0f} | {b['wall']:,.0f} / "
                     f"{b['cpu']:,.0f} | {o['wall'] / b['wall']:.2f}x / {o['cpu'] / b['cpu']:.2f}x | "
                     f"{o['read']:,.0f} / {b['read']:,.0f} | {o['land']:,.0f} / {b['land']:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the data, measure each size, print the table with commit and load."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_interleaved",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,10000")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--data", type=Path, help="folder for generated data (kept)")
    args = parser.parse_args(argv)
    data = args.data or Path(tempfile.mkdtemp(prefix="thidua-import-"))
    data.mkdir(parents=True, exist_ok=True)
    workbook = data / "roster-5000.xlsx"
    if not workbook.exists():
        generate_workbook(workbook)
    print(run_stamp(f"medians of {args.reps} interleaved pairs"))
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        db = data / f"bench-{size}.sqlite"
        if not db.exists():
            generate_database(db, size)
        results[size] = measure(db, workbook, data, args.reps)
    print(table(results))
    print(load_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
