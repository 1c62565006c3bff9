"""One measurement in a fresh process: `python -m bench.worker CASE VARIANT ...`.

Prints one JSON line: the timed runs (seconds), the process's peak resident
memory (VmHWM, see bench.context.peak_rss_kb: the whole process, Python and
libraries included, in KB), notes, and `unavailable` or `error`
when the case could not run. bench.run starts one worker per case, size and
variant, so each peak belongs to one measurement.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import traceback
from pathlib import Path

from bench.context import Context, Unavailable, peak_rss_kb

# case -> module of our variant (function named as the case); the baseline: BARE below.
CASES = {
    "roster_open": "bench.cases_gui",
    "roster_sort": "bench.cases_gui",
    "roster_sort_column": "bench.cases_gui",
    "roster_sort_unit": "bench.cases_gui", "roster_sort_status": "bench.cases_gui",
    "roster_sort_number": "bench.cases_gui", "roster_sort_birth_year": "bench.cases_gui",
    "roster_search": "bench.cases_gui",
    "roster_filter": "bench.cases_gui",
    "roster_edit": "bench.cases_gui",
    "roster_undo": "bench.cases_gui",
    "rules": "bench.cases_core",
    "export_xlsx": "bench.cases_core",
    "export_docx": "bench.cases_core",
    "export_csv": "bench.cases_core",
    "program_pdf": "bench.cases_core",
    "program_docx": "bench.cases_core",
    "script_pdf": "bench.cases_core",
    "script_docx": "bench.cases_core",
    "import_roster": "bench.cases_core",
}

# Baselines outside bench.baselines: the roster's need Qt, which the others must not load.
BARE = {case: "bench.bare_table" for case in CASES if case.startswith("roster_")}


def measure(case: str, variant: str, ctx: Context) -> dict:
    """Run one case; the JSON-ready result."""
    module = CASES[case] if variant == "ours" else BARE.get(case, "bench.baselines")
    result: dict = {"case": case, "variant": variant}
    try:
        function = getattr(importlib.import_module(module), case)
        result["times"] = function(ctx)
        result["cpu"] = ctx.cpu[-len(result["times"]):] if result["times"] else []
    except Unavailable as exc:
        result["unavailable"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
        result["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    # The peak of one run (the first); a higher final peak means memory grew across runs.
    result["final_maxrss_kb"] = peak_rss_kb()
    result["maxrss_kb"] = ctx.first_peak_kb or result["final_maxrss_kb"]
    result["notes"] = ctx.notes
    result["extra"] = ctx.extra
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse, measure, print the JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("variant", choices=("ours", "bare"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--workbook", type=Path)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(args.db, args.reps, args.warmup, args.out_dir, args.workbook)
    print(json.dumps(measure(args.case, args.variant, ctx), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
