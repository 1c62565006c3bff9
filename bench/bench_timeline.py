"""Timeline benchmark: 30 units x 40 milestones, generated; times recomputation, grid and redraw.

Run: `.venv/bin/python bench/bench_timeline.py [--units 30] [--milestones 40] [--reps 15]`.
Prints one markdown table (median and worst of the timed runs, after a warm-up).
The tab's redraw (chart paint + grid paint) must stay well under 0.1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_S = 0.1


def generate(path: Path, units: int, milestones: int, seed: int = 3) -> int:
    """A plan with `units` communes and `milestones` milestones of every shape; return its id."""
    from thidua_desktop.services import milestone_service as ms
    from thidua_desktop.services.plan_service import UnitSpec, create_plan
    from thidua_desktop.store.database import open_database
    from thidua_desktop.templates.loader import load_template

    rng = random.Random(seed)
    db = open_database(path)
    specs = [UnitSpec("xa", f"Đơn vị thử {i + 1:02d}") for i in range(units)]
    with db.atomic():
        plan_id = create_plan(db, load_template("hon-quan-2025"), "Bình Thử", specs)
        for i, (event_id,) in enumerate(db.execute(
                "SELECT id FROM events WHERE type_code = 'commune' ORDER BY id").fetchall()):
            db.execute("UPDATE events SET date = ? WHERE id = ?",
                       [(dt.date(2025, 3, 1) + dt.timedelta(days=i % 28)).isoformat(), event_id])
        db.execute("UPDATE events SET date = '2025-06-18' WHERE type_code = 'district'")
        ids = [r[0] for r in db.execute("SELECT id FROM milestones WHERE plan_id = ?", [plan_id])]
        shapes = ("fixed", "month", "quarter", "event_unit", "event_office", "after")
        while len(ids) < milestones:
            n, shape = len(ids), shapes[len(ids) % len(shapes)]
            data = ms.MilestoneData(title=f"Mốc thử số {n + 1}", due_kind=shape.split("_")[0],
                                    applies_to="office" if shape == "event_office" else "units")
            if shape == "fixed":
                data.due_date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
            elif shape in ("month", "quarter"):
                data.due_year, data.due_period = 2025, rng.randint(1, 12 if shape == "month" else 4)
            elif shape == "event_unit":
                data.rel_event_type, data.offset_days = "commune", -rng.randint(0, 20)
            elif shape == "event_office":
                data.rel_event_type, data.offset_days = "district", -rng.randint(5, 45)
            else:
                data.rel_milestone_id, data.offset_days = rng.choice(ids), rng.randint(0, 15)
            ids.append(ms.add_milestone(db, plan_id, data))
        for mid, uid in db.execute("SELECT milestone_id, unit_id FROM milestone_progress").fetchall():
            roll = rng.random()
            if roll < 0.45:
                done = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 150))
                db.execute("UPDATE milestone_progress SET state = 'done', done_on = ? "
                           "WHERE milestone_id = ? AND unit_id = ?", [done.isoformat(), mid, uid])
            elif roll < 0.6:
                db.execute("UPDATE milestone_progress SET state = 'doing' "
                           "WHERE milestone_id = ? AND unit_id = ?", [mid, uid])
    db.close()
    return plan_id


def timed(fn, reps: int) -> list[float]:
    """Seconds of each of `reps` runs after one warm-up."""
    fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    """Generate, time, print the table; exit 1 when the redraw misses its budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--milestones", type=int, default=40)
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args(argv)

    from PySide6.QtGui import QImage

    from thidua_desktop.gui.app import make_application
    from thidua_desktop.gui.session import Session
    from thidua_desktop.gui.tabs.timeline_tab import TimelineTab
    from thidua_desktop.gui.timeline.milestone_dialog import to_qdate
    from thidua_desktop.services import timeline_service as ts
    from thidua_desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="bench-timeline-"))
    path = folder / "timeline.sqlite"
    plan_id = generate(path, args.units, args.milestones)
    db = open_database(path)
    as_of = dt.date(2025, 4, 15)
    tl = ts.timeline(db, plan_id, as_of)
    lines = len(tl.lines)
    data = ts.load(db, plan_id)
    rows = [("load + compute (timeline_service.timeline)", timed(lambda: ts.timeline(db, plan_id, as_of), args.reps)),
            ("compute only (deadlines, chains, states)", timed(lambda: ts.compute(data, as_of, 7), args.reps))]
    db.close()

    app = make_application()
    # The tab alone, at the size it has in a 1400 x 860 window.
    session = Session(open_database(path), path)
    tab = TimelineTab(session)
    tab.resize(1392, 740)
    tab.show()
    app.processEvents()
    tab.as_of_edit.setDate(to_qdate(as_of))
    app.processEvents()

    def paint(widget):
        image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
        widget.render(image)

    rows += [
        ("grid model reset (set_timeline)", timed(lambda: tab.grid_model.set_timeline(tab.tl), args.reps)),
        ("chart redraw (paint)", timed(lambda: paint(tab.chart.viewport()), args.reps)),
        ("grid redraw (paint)", timed(lambda: paint(tab.grid), args.reps)),
        ("tab redraw (chart + grid + to-do paint)", timed(lambda: paint(tab.main), args.reps)),
        ("tab refresh (read, compute, three models)", timed(tab.refresh, args.reps)),
    ]
    tab.close()
    session.db.close()

    print(f"\n### Timeline: {args.units} units x {args.milestones} milestones ({lines} lines), "
          f"{args.reps} runs\n")
    print("| step | median ms | worst ms |")
    print("|---|---:|---:|")
    for name, times in rows:
        print(f"| {name} | {statistics.median(times) * 1000:.1f} | {max(times) * 1000:.1f} |")
    redraw = statistics.median(dict(rows)["tab redraw (chart + grid + to-do paint)"])
    verdict = "within" if redraw < BUDGET_S else "OVER"
    print(f"\nTab redraw {redraw * 1000:.1f} ms: {verdict} the {BUDGET_S * 1000:.0f} ms budget.")
    return 0 if redraw < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
