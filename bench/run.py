"""The benchmark, one command: `.venv/bin/python -m bench.run [--quick] [--out bench/RESULTS.md]`.

Generates the data (bench.generate: the demo grown to 300, 10,000 and 100,000
delegates in the district congress, 30 units x 40 milestones, ten years of
plans, and a 5,000-row workbook) in a temporary folder, then measures each
case in fresh processes (bench.worker; start-up through bench.probe_startup),
our code and the bare library side by side, and writes a markdown table.
`--quick` (for CI) drops the 100,000 size and runs fewer repetitions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.generate import generate_database, generate_workbook
from bench.worker import CASES

ROOT = Path(__file__).resolve().parents[1]
ALL_CASES = ("startup", *CASES)
# Sizes each case runs at (full mode). An Excel or Word list of 100,000 rows is
# not something the officer makes (and would take minutes of the bench's time);
# the programme does not grow with the roster.
FULL_SIZES = {
    "startup": (None, 10_000, 100_000),  # None: the demo itself (the target's case)
    "roster_open": (300, 10_000, 100_000), "roster_sort": (300, 10_000, 100_000),
    "roster_sort_column": (300, 10_000, 100_000),
    "roster_sort_unit": (300, 10_000, 100_000), "roster_sort_status": (300, 10_000, 100_000),
    "roster_sort_number": (300, 10_000, 100_000), "roster_sort_birth_year": (300, 10_000, 100_000),
    "roster_search": (300, 10_000, 100_000), "roster_filter": (300, 10_000, 100_000),
    "roster_edit": (300, 10_000, 100_000), "roster_undo": (300, 10_000, 100_000),
    "rules": (300, 10_000, 100_000),
    "export_xlsx": (300, 10_000), "export_csv": (300, 10_000, 100_000),
    "export_docx": (300, 10_000), "program_pdf": (300,), "program_docx": (300,),
    "script_pdf": (300,), "script_docx": (300,), "import_roster": (300, 10_000),
}
WORKER_TIMEOUT = 900
BIG = 100_000  # at this size fewer runs, to keep the whole bench within a few minutes
BIG_REPS = 3


def _env(home: Path) -> dict:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               THIDUA_HOME=str(home), PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return env


def _last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no result line")


def _spawn(args: list[str], env: dict, timeout: float) -> tuple[dict, str]:
    try:
        proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}, ""
    try:
        return _last_json(proc.stdout), proc.stderr
    except ValueError:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail}"}, proc.stderr


def measure_startup(db: Path, size: int | None, reps: int, env: dict) -> dict:
    """Fresh processes, ours and bare interleaved; one discarded warm-up pair (disk cache)."""
    result = {"case": "startup", "size": size}
    for variant in ("ours", "bare"):
        result[variant] = {"times": [], "cpu": [], "maxrss_kb": 0, "notes": []}
    for rep in range(reps + 1):
        for variant in ("ours", "bare"):
            args = ["-m", "bench.probe_startup", variant, str(db)]
            spawn = time.time()
            data, _ = _spawn([*args, repr(spawn)], env, 60)
            slot = result[variant]
            if "error" in data or not data.get("painted"):
                slot["error"] = data.get("error", "the window was never painted")
                continue
            if rep:
                slot["times"].append(data["seconds"])
                slot["cpu"].append(data["cpu"])
            slot["maxrss_kb"] = max(slot["maxrss_kb"], data["maxrss_kb"])
    return result


def measure_case(case: str, size: int, db: Path, workbook: Path, out_dir: Path, reps: int,
                 env: dict) -> dict:
    """Our variant first (the baselines read its output), then the bare one."""
    result = {"case": case, "size": size}
    for variant in ("ours", "bare"):
        args = ["-m", "bench.worker", case, variant, "--db", str(db), "--reps", str(reps),
                "--warmup", "1", "--out-dir", str(out_dir), "--workbook", str(workbook)]
        data, stderr = _spawn(args, env, WORKER_TIMEOUT)
        if data.get("error") and stderr:
            sys.stderr.write(stderr[-2000:])
        result[variant] = data
    return result


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI mode: no 100,000 size, fewer runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--only", help=f"comma-separated cases: {', '.join(ALL_CASES)}")
    parser.add_argument("--sizes", help="comma-separated delegate counts, e.g. 300,10000")
    parser.add_argument("--reps", type=int, help="timed runs per measurement")
    parser.add_argument("--data", type=Path, help="folder for generated data (kept); default temporary")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, write the table; exit 0 when every measurement ran."""
    args = parse_args(argv)
    cases = args.only.split(",") if args.only else list(ALL_CASES)
    unknown = [c for c in cases if c not in ALL_CASES]
    if unknown:
        _say(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(ALL_CASES)}")
        return 2
    reps = args.reps or (3 if args.quick else 5)
    startup_reps = args.reps or (3 if args.quick else 7)
    allowed = {int(s) for s in args.sizes.split(",")} if args.sizes else (
        {300, 10_000} if args.quick else {300, 10_000, 100_000})
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _env(data_dir / "home")
    started = time.perf_counter()
    info = report.machine()
    plan = [(c, s) for c in cases for s in FULL_SIZES[c] if s is None or s in allowed]
    results = []
    try:
        sizes = sorted({s for _, s in plan if s is not None})
        dbs = {}
        for size in sizes:
            t = time.perf_counter()
            dbs[size] = data_dir / f"bench-{size}.sqlite"
            counts = generate_database(dbs[size], size)
            _say(f"generated {dbs[size].name}: {counts} in {time.perf_counter() - t:.1f} s")
        workbook = data_dir / "roster-5000.xlsx"
        if any(c == "import_roster" for c, _ in plan):
            generate_workbook(workbook)
        if any(c == "startup" for c, _ in plan):
            # Start-up is timed with the code compiled, as the installed program has it (the
            # workers run with PYTHONDONTWRITEBYTECODE: without this each start compiled ~0.25 s).
            compileall.compile_dir(ROOT / "thidua_desktop", quiet=1)
        if any(s is None for _, s in plan):
            from thidua_desktop.services.demo import build_demo

            dbs[None] = build_demo(data_dir / "demo.sqlite", force=True)
        for case, size in plan:
            _say(f"measuring {case} at {report.size_label(size)}")
            runs = min(reps, BIG_REPS) if size == BIG else reps
            if case == "startup":
                runs = startup_reps if size is None else min(startup_reps, BIG_REPS)
                results.append(measure_startup(dbs[size], size, runs, env))
                continue
            out_dir = data_dir / "out" / f"{case}-{size}"
            results.append(measure_case(case, size, dbs[size], workbook, out_dir, runs, env))
    finally:
        if args.data is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    command = ".venv/bin/python -m bench.run" + (" --quick" if args.quick else "")
    settings = {
        "command": command, "mode": "quick" if args.quick else "full", "reps": reps, "warmup": 1,
        "startup_reps": startup_reps, "big_reps": min(reps, BIG_REPS),
        "footnotes": [f"Whole run: {elapsed:.0f} s including data generation."],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.markdown(results, info, settings), encoding="utf-8")
    raw = args.out.parent / "results" / f"{args.out.stem}.json"  # raw figures, not committed
    raw.parent.mkdir(exist_ok=True)
    raw.write_text(json.dumps({"machine": info, "settings": settings, "results": results},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    _say(f"wrote {args.out} in {elapsed:.0f} s")
    failed = [r for r in results for v in ("ours", "bare") if r[v].get("error")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
