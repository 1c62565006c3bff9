"""Our code doing the work, without a window: rules, exports, import.

Each case opens the generated file the way the app does, runs one warm-up
(imports, font registration) and then `reps` timed runs of the service or
export module the window itself calls. A module that has not landed yet raises
`Unavailable` with a line for the results table.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import shutil
import statistics
import time
from pathlib import Path

from bench.context import Unavailable, timed
from bench.generate import DISTRICT_CODE

# The rules judge the roster as of the weeks before the congress (fixed, for the same findings).
AS_OF = dt.date(2025, 6, 1)



def _open(db_path):
    from thidua_desktop.services import repository
    from thidua_desktop.store.database import open_database

    db = open_database(db_path)
    return db, repository.event_by_code(db, DISTRICT_CODE)




def rules(ctx) -> list[float]:
    """services.rules.run_all on the district congress (what `check --event` runs)."""
    from thidua_desktop.services.rules import rule_modules, run_all

    db, event = _open(ctx.db_path)
    found = []
    times = timed(ctx, lambda _rep: found.append(len(run_all(db, [event.id], AS_OF))))
    ctx.note(f"{found[-1]} findings from {len(list(rule_modules()))} rule modules")
    return times


def _export_function(module_name: str):
    """The module's writer: a public write_*/export_* function taking (db, event_id, out)."""
    try:
        module = importlib.import_module(f"thidua_desktop.export.{module_name}")
    except ModuleNotFoundError as exc:
        raise Unavailable(f"thidua_desktop/export/{module_name}.py not yet available") from exc
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__ or not name.startswith(("write", "export")):
            continue
        params = list(inspect.signature(fn).parameters)
        if len(params) >= 3 and params[0] == "db" and "event" in params[1]:
            return fn
    raise Unavailable(f"no write_*(db, event_id, out) function in export/{module_name}.py")


def _export_case(ctx, module_name: str, suffix: str) -> list[float]:
    writer = _export_function(module_name)
    db, event = _open(ctx.db_path)
    out = Path(ctx.out_dir) / f"ours{suffix}"
    times = timed(ctx, lambda _rep: writer(db, event.id, out))
    ctx.note(f"{writer.__module__.rsplit('.', 1)[-1]}.{writer.__name__}, {out.stat().st_size // 1024} KB")
    return times


def _roster_export(ctx, module_name: str, suffix: str) -> list[float]:
    """export-roster's own function: roster_document (the query) then the module's writer."""
    try:
        importlib.import_module(f"thidua_desktop.export.{module_name}")
        from thidua_desktop.commands.export_roster import export_roster
    except ModuleNotFoundError as exc:
        raise Unavailable(f"thidua_desktop/export/{module_name}.py not yet available") from exc
    db, event = _open(ctx.db_path)
    out = Path(ctx.out_dir) / f"ours{suffix}"
    lines = []
    times = timed(ctx, lambda _rep: lines.append(export_roster(db, event.id, out)))
    ctx.note(f"{lines[-1]} lines, {out.stat().st_size // 1024} KB")
    return times


def export_xlsx(ctx) -> list[float]:
    """The danh sách trích ngang as .xlsx (export/roster_xlsx.py)."""
    return _roster_export(ctx, "roster_xlsx", ".xlsx")


def export_docx(ctx) -> list[float]:
    """The danh sách trích ngang as .docx (export/roster_docx.py)."""
    return _roster_export(ctx, "roster_docx", ".docx")


def export_csv(ctx) -> list[float]:
    """The roster as CSV, UTF-8 with BOM (export/roster_csv.py)."""
    return _roster_export(ctx, "roster_csv", ".csv")


def program_pdf(ctx) -> list[float]:
    """The programme of the district congress as PDF (export/program_pdf.py)."""
    return _export_case(ctx, "program_pdf", ".pdf")


def program_docx(ctx) -> list[float]:
    """The programme of the district congress as Word (export/program_docx.py)."""
    return _export_case(ctx, "program_docx", ".docx")


def script_pdf(ctx) -> list[float]:
    """The run-of-show script of the district congress as PDF (export/script_pdf.py)."""
    return _export_case(ctx, "script_pdf", ".pdf")


def script_docx(ctx) -> list[float]:
    """The run-of-show script of the district congress as Word (export/script_docx.py)."""
    return _export_case(ctx, "script_docx", ".docx")


def import_roster(ctx) -> list[float]:
    """import_service: read, plan and land the 5,000-row workbook on a fresh copy each run.

    The copy is made before the clock starts. The work file is left with the last
    run's rows: the baseline inserts those very rows (bench.baselines.import_roster).
    """
    work = Path(ctx.out_dir) / "import-work.sqlite"
    times, landed, phases = [], [], []
    for _ in range(ctx.warmup + ctx.reps):
        run = import_once(ctx.db_path, work, ctx.workbook, ctx)
        times.append(run["wall"])
        landed.append(run["landed"])
        phases.append(run["phases"])
    timed_phases = phases[ctx.warmup:]
    read_s, plan_s, apply_s = (statistics.median(p[i] for p in timed_phases) for i in range(3))
    ctx.extra.update(read=read_s, land=plan_s + apply_s)
    ctx.note(f"{landed[-1]} rows landed; read_file {read_s * 1000:.0f} ms, plan_import "
             f"{plan_s * 1000:.0f} ms, apply_import {apply_s * 1000:.0f} ms")
    return times[ctx.warmup:]


def import_once(db_path, work: Path, workbook, clock) -> dict:
    """One import of `workbook` into a fresh copy `work` of `db_path` (copied before the clock).

    `clock` gives start() and stop() (bench.context.Context). Returns the wall
    seconds, the CPU seconds, the rows landed and the (read, plan, apply) phases.
    """
    try:
        from thidua_desktop.services import import_service
    except ModuleNotFoundError as exc:
        raise Unavailable("services/import_service.py not yet available") from exc
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db_path, work)
    db, event = _open(work)
    started = clock.start()
    parsed = import_service.read_file(db, workbook)
    read = time.perf_counter()
    plan = import_service.plan_import(db, event.id, parsed)
    planned = time.perf_counter()
    landed = import_service.apply_import(db, plan) if plan.can_land else 0
    end = time.perf_counter()
    cpu = time.process_time() - started[1]
    wall = clock.stop(started)
    db.close()
    return {"wall": wall, "cpu": cpu, "landed": landed,
            "phases": (read - started[0], planned - read, end - planned)}
