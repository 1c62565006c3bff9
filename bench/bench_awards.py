"""Award history benchmark: up to 1,000,000 awards; look-ups by person, collective, form and year.

Run: `.venv/bin/python bench/bench_awards.py [--awards 1000000] [--reps 30] [--no-window]`
(`--quick`: 20,000 awards, few runs, for CI). The file is the demo (so the
window has a plan and the reward round) with `--awards` awards added over
awards/4 persons and awards/80 collectives, generated inside SQLite
(INSERT ... SELECT over a recursive counter, the indexes built after the rows).

Every look-up is timed beside a bare `sqlite3` connection running the same
SQL by hand (no dataclasses, no folding, the key given already folded), in the
same run; median and worst of the timed runs after one warm-up, and the ratio
of the medians. Then the window is opened on that file in a fresh process
with the Khen thưởng tab shown: time to the tab's first paint and the
process's peak memory (VmHWM), beside the same window on the plain demo file
and a bare PySide6 window with one table. Targets (issue 18): a look-up
under 50 ms at 1,000,000 awards, the window under 300 MB. A benchmark, not
a test: exit 1 only tells that a target was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LOOKUP_BUDGET_S = 0.05
WINDOW_BUDGET_MB = 300
FORMS = (("ldtt", "Lao động tiên tiến", "commune"), ("cstd_cs", "Chiến sĩ thi đua cơ sở", "district"),
         ("gk_huyen", "Giấy khen của Chủ tịch Ủy ban nhân dân huyện", "district"),
         ("bk_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "province"))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hằng", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến")
# A multiplicative hash of the row number (Knuth): spreads names, years and awardees without random().
HASH = "((i * 2654435761) % 4294967296)"


def _pick(values: tuple[str, ...], index_sql: str) -> str:
    return f"json_extract('{json.dumps(values, ensure_ascii=False)}', '$[' || ({index_sql}) || ']')"


def generate(path: Path, awards: int, demo: bool = True) -> dict:
    """The demo file (or an empty one) plus `awards` awards; returns the sizes and sample keys."""
    from thidua_desktop.domain.names import fold
    from thidua_desktop.store.database import open_database

    if demo:
        from thidua_desktop.services.demo import build_demo

        build_demo(path, force=True)
    db = open_database(path)
    persons, collectives = max(awards // 4, 1), max(awards // 80, 1)
    ffam, fmid, fgiv = (tuple(fold(v) for v in values) for values in (FAMILY, MIDDLE, GIVEN))
    parts = (f"{HASH} % {len(FAMILY)}", f"({HASH} / {len(FAMILY)}) % {len(MIDDLE)}",
             f"({HASH} / {len(FAMILY) * len(MIDDLE)}) % {len(GIVEN)}")
    name = " || ' ' || ".join(_pick(v, p) for v, p in zip((FAMILY, MIDDLE, GIVEN), parts, strict=True))
    key = " || ' ' || ".join(_pick(v, p) for v, p in zip((ffam, fmid, fgiv), parts, strict=True))
    counter = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
    db.conn.execute("PRAGMA synchronous = OFF")  # a generated file: no need to survive a power cut
    db.conn.execute("PRAGMA cache_size = -262144")  # 256 MB while generating: the indexes stay in memory
    # Rows in random order would be slotted one by one into each index; building the indexes once after the
    # rows are in sorts them instead (the same definitions, read back from the file).
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                         "('awards', 'awardees') AND sql IS NOT NULL").fetchall()
    with db.atomic():
        for index, _sql in indexes:
            db.execute(f"DROP INDEX {index}")
        if not awards:
            persons = collectives = 0
        first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM awardees").fetchone()[0]
        db.execute(f"INSERT INTO awardees (kind, name, name_key, birth_year, former_unit) {counter}"
                   f"SELECT 'person', {name}, {key}, 1950 + ({HASH} / 7) % 56, 'xã cũ ' || (i % 400) FROM n",
                   [persons]) if persons else None
        db.execute(f"INSERT INTO awardees (kind, name, name_key, birth_year, former_unit) {counter}"
                   "SELECT 'collective', 'Tổ dân phố số ' || (i + 1), ? || (i + 1), NULL, '' FROM n",
                   [collectives, fold("Tổ dân phố số") + " "]) if collectives else None
        last = db.execute("SELECT MAX(id) FROM awardees").fetchone()[0]
        codes, names, levels = zip(*FORMS, strict=True)
        form = f"({HASH} / 13) % {len(FORMS)}"
        db.execute(f"INSERT INTO awards (awardee_id, form_code, form_name, level, year) {counter}"
                   f"SELECT ? + {HASH} % ?, {_pick(codes, form)}, {_pick(names, form)}, {_pick(levels, form)}, "
                   f"2000 + ({HASH} / 61) % 26 FROM n", [awards, first, last - first + 1]) if awards else None
        for _index, sql in indexes:
            db.execute(sql)
    step = max((last - first) // 97, 1)
    sample_ids = list(range(first, last + 1, step))[:97]
    people = db.execute("SELECT name, name_key, birth_year FROM awardees WHERE kind = 'person' AND id >= ? "
                        "AND id % 7 = 0 LIMIT 50", [first]).fetchall()
    groups = db.execute("SELECT name, name_key FROM awardees WHERE kind = 'collective' AND id % 3 = 0 "
                        "LIMIT 50").fetchall()
    total = db.execute("SELECT COUNT(*) FROM awards").fetchone()[0]
    db.close()
    return {"ids": sample_ids, "people": people, "groups": groups, "awards": total,
            "awardees": last, "first": first}


def _time(fn, reps: int) -> tuple[float, float]:
    fn(0)
    times = []
    for rep in range(reps):
        start = time.perf_counter()
        fn(rep + 1)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def _bare_history(con: sqlite3.Connection, awardee_id: int) -> list:
    kept = con.execute("SELECT COALESCE(merged_into_id, id) FROM awardees WHERE id = ?", [awardee_id]).fetchone()[0]
    return con.execute("SELECT * FROM awards WHERE awardee_id IN (SELECT ? UNION ALL SELECT id FROM awardees "
                       "WHERE merged_into_id = ?) ORDER BY year, id", [kept, kept]).fetchall()


def cases(db, con: sqlite3.Connection, data: dict) -> dict:
    """Label -> (ours, bare): the same look-up through the services and through bare SQL."""
    from thidua_desktop.services import awards_history as ah
    from thidua_desktop.services import awards_history_lookup as lk
    from thidua_desktop.services import awards_service as svc

    ids, people, groups = data["ids"], data["people"], data["groups"]
    rnd = svc.round_by_code(db, "kt-2025") if data.get("demo", True) else None
    props = svc.proposals(db, rnd) if rnd else []
    form_set = svc.form_set_of(db, rnd) if rnd else None
    flag_sql = ("WITH kept(pid, kid, form) AS (SELECT p.id, COALESCE(k.merged_into_id, k.id), p.form_code "
                "FROM award_proposals p JOIN awardees k ON k.id = p.awardee_id WHERE p.round_id = ?), "
                "family(pid, member, form) AS (SELECT pid, kid, form FROM kept UNION ALL SELECT kept.pid, m.id, "
                "kept.form FROM kept JOIN awardees m ON m.merged_into_id = kept.kid) SELECT family.pid, a.* "
                "FROM family JOIN awards a ON a.awardee_id = family.member AND +a.form_code = family.form "
                "WHERE a.round_id IS NOT ? ORDER BY family.pid, a.year, a.id")
    page = lk.page_sql("ldtt", 2020)[0]
    year_page = lk.page_sql(None, 2015)[0]

    def bare_person(i):
        name, key, born = people[i % len(people)]
        found = con.execute("SELECT id FROM awardees WHERE kind = 'person' AND name_key = ? AND birth_year = ? "
                            "AND merged_into_id IS NULL", [key, born]).fetchall()
        return [_bare_history(con, r[0]) for r in found]

    def bare_group(i):
        found = con.execute("SELECT id FROM awardees WHERE kind = 'collective' AND name_key = ? "
                            "AND merged_into_id IS NULL", [groups[i % len(groups)][1]]).fetchall()
        return [_bare_history(con, r[0]) for r in found]

    def ours_merge(i):
        a, b = ids[i % len(ids)], ids[(i + 1) % len(ids)]
        if ah.awardee(db, a).kind == ah.awardee(db, b).kind:
            ah.undo_merge(db, ah.merge(db, a, b))

    def bare_merge(i):
        a, b = ids[i % len(ids)], ids[(i + 1) % len(ids)]
        with con:
            con.execute("UPDATE awardees SET merged_into_id = ? WHERE merged_into_id = ?", [a, b])
            con.execute("UPDATE awardees SET merged_into_id = ? WHERE id = ?", [a, b])
            merge = con.execute("INSERT INTO award_merges (kept_id, merged_id) VALUES (?, ?)", [a, b]).lastrowid
        with con:
            con.execute("UPDATE awardees SET merged_into_id = NULL WHERE id = ?", [b])
            con.execute("DELETE FROM award_merges WHERE id = ?", [merge])

    out = {
        "person by name and birth year, with history": (
            lambda i: [ah.history(db, a.id) for a in ah.find(db, people[i % len(people)][0], "person",
                                                              people[i % len(people)][2])], bare_person),
        "collective by name, with history": (
            lambda i: [ah.history(db, a.id) for a in ah.find(db, groups[i % len(groups)][0], "collective")],
            bare_group),
        "history of one awardee (by id)": (lambda i: ah.history(db, ids[i % len(ids)]),
                                           lambda i: _bare_history(con, ids[i % len(ids)])),
        "name search, first 50 (prefix)": (
            lambda i: lk.search(db, people[i % len(people)][0][:9], limit=50),
            lambda i: con.execute(lk.search_sql(None), [people[i % len(people)][1][:9],
                                                        people[i % len(people)][1][:9] + "\U0010ffff", 50]).fetchall()),
        "a form in a year, first page of 200": (lambda i: lk.awards_page(db, "ldtt", 2020, limit=200),
                                                lambda i: con.execute(page, ["ldtt", 2020, 0, 200]).fetchall()),
        "a year, first page of 200": (lambda i: lk.awards_page(db, year=2015, limit=200),
                                      lambda i: con.execute(year_page, [2015, 0, 200]).fetchall()),
        "count of a form in a year": (lambda i: lk.count_awards(db, FORMS[i % 4][0], 2000 + i % 26),
                                      lambda i: con.execute("SELECT COUNT(*) FROM awards WHERE form_code = ? AND "
                                                            "year = ?", [FORMS[i % 4][0], 2000 + i % 26]).fetchone()),
        "merge two records, then undo": (ours_merge, bare_merge),
    }
    if rnd is not None:
        out["already-honoured flags of the demo round"] = (
            lambda i: ah.honoured_flags(db, rnd, props),
            lambda i: con.execute(flag_sql, [rnd.id, rnd.id]).fetchall())
        out["eligibility for every form (one person)"] = (
            lambda i: ah.eligibility(db, ids[i % len(ids)], form_set, 2025),
            lambda i: con.execute("SELECT DISTINCT form_code, year FROM awards WHERE awardee_id IN (SELECT ? "
                                  "UNION ALL SELECT id FROM awardees WHERE merged_into_id = ?) AND year >= ? "
                                  "AND year < ?", [ids[i % len(ids)], ids[i % len(ids)], 2020, 2025]).fetchall())
    return out


# --- the window, in a fresh process --------------------------------------------

def window_probe(path: str | None) -> dict:
    """In this process: the window on `path` with the Khen thưởng tab shown (or a bare PySide6 window with one
    table when `path` is None), until its first paint; the time and the peak memory."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.probe_startup import _paint_watcher

    started = time.perf_counter()

    if path is None:
        app = QApplication.instance() or QApplication([])
        window = QTableView()
        target = window
    else:
        from thidua_desktop.gui.app import make_application
        from thidua_desktop.gui.main_window import MainWindow
        from thidua_desktop.store.database import open_database

        app = make_application()
        window = MainWindow(open_database(Path(path)), Path(path))
        window.select_tab("awards")
        target = window.awards_tab.table.viewport()
    watcher = _paint_watcher()
    target.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    deadline = time.perf_counter() + 60
    while not watcher.painted and time.perf_counter() < deadline:
        app.processEvents()
    from bench.context import peak_rss_kb

    rows = window.awards_tab.model.rowCount() if path else 0
    return {"ms": (time.perf_counter() - started) * 1000, "peak_mb": peak_rss_kb() / 1024, "rows": rows}


def _probe(path: Path | None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--probe", str(path) if path else "-"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env, timeout=300).stdout
    return json.loads(out.strip().splitlines()[-1])


def _probes(path: Path | None, runs: int) -> dict:
    results = [_probe(path) for _ in range(runs)]
    return {"ms": statistics.median(r["ms"] for r in results), "peak_mb": max(r["peak_mb"] for r in results),
            "rows": results[0]["rows"]}


def main(argv: list[str] | None = None) -> int:
    """Generate, time, print the tables; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--awards", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="CI: 20,000 awards, 5 runs, one window run")
    parser.add_argument("--no-window", action="store_true", help="skip the window's memory and time")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(window_probe(None if args.probe == "-" else args.probe)))
        return 0
    if args.quick:
        args.awards, args.reps = min(args.awards, 20_000), min(args.reps, 5)
    from thidua_desktop.store.database import open_database

    with tempfile.TemporaryDirectory(prefix="bench-awards-") as folder:
        path = Path(folder) / "awards.sqlite"
        started = time.perf_counter()
        data = generate(path, args.awards)
        made = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        db = open_database(path)
        con = sqlite3.connect(path)
        print(f"Award history: {args.awards:,} awards added to the demo ({data['awards']:,} in all, "
              f"{data['awardees']:,} awardees, {size_mb:.0f} MB), generated in {made:.1f} s\n")
        print("| Look-up | ours median ms | ours worst ms | bare median ms | ratio | < 50 ms |")
        print("|---|---:|---:|---:|---:|---|")
        ok = True
        for label, (ours, bare) in cases(db, con, data).items():
            median, worst = _time(ours, args.reps)
            bare_median, _ = _time(bare, args.reps)
            ok &= median < LOOKUP_BUDGET_S
            print(f"| {label} | {median * 1000:.2f} | {worst * 1000:.2f} | {bare_median * 1000:.2f} | "
                  f"{median / bare_median if bare_median else 0:.2f}x | {'yes' if median < LOOKUP_BUDGET_S else 'NO'} |")
        plan = db.execute("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM awards WHERE form_code = ? AND year = ?",
                          ["ldtt", 2020]).fetchall()
        print(f"\nQuery plan (form, year): {plan[-1][-1]}")
        con.close()
        db.close()
        if not args.no_window:
            runs = 1 if args.quick else 3
            demo = Path(folder) / "demo.sqlite"
            generate(demo, 0)
            rows = [("bare PySide6 window, one table", _probes(None, runs)),
                    ("window, Khen thưởng tab, demo file", _probes(demo, runs)),
                    (f"window, Khen thưởng tab, {data['awards']:,} awards", _probes(path, runs))]
            print(f"\n| Window (fresh process, median of {runs}; peak of the runs) | to first paint ms | "
                  "peak memory MB | < 300 MB |")
            print("|---|---:|---:|---|")
            for label, result in rows:
                print(f"| {label} | {result['ms']:,.0f} | {result['peak_mb']:.0f} | "
                      f"{'yes' if result['peak_mb'] < WINDOW_BUDGET_MB else 'NO'} |")
            ok &= rows[-1][1]["peak_mb"] < WINDOW_BUDGET_MB and rows[-1][1]["rows"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())
