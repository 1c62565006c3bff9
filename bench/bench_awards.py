"""Award history benchmark: 100,000 awards, look-ups by person, collective, form and year.

Run: `.venv/bin/python bench/bench_awards.py [--awards 100000] [--reps 50]`.
Prints one markdown table (median and worst of the timed runs after a warm-up).
Every look-up must answer in under 0.1 s (issue 16); this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_S = 0.1
FORMS = (("ldtt", "Lao động tiên tiến", "commune"), ("cstd_cs", "Chiến sĩ thi đua cơ sở", "district"),
         ("gk_huyen", "Giấy khen của Chủ tịch Ủy ban nhân dân huyện", "district"),
         ("bk_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "province"))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hằng", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến")


def generate(path: Path, awards: int, seed: int = 16) -> tuple[list[int], list[tuple[str, int]]]:
    """`awards` awards over awards // 4 persons and a few thousand collectives; returns samples."""
    from thidua_desktop.domain.names import fold
    from thidua_desktop.store.database import open_database

    rng = random.Random(seed)
    db = open_database(path)
    people = max(awards // 4, 1)
    with db.atomic():
        rows = []
        for i in range(people):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append(("person", name, fold(name), 1950 + rng.randint(0, 55), f"xã cũ {i % 400}"))
        for i in range(people // 20):
            name = f"Tổ dân phố số {i + 1}"
            rows.append(("collective", name, fold(name), None, ""))
        db.conn.executemany("INSERT INTO awardees (kind, name, name_key, birth_year, former_unit) "
                            "VALUES (?, ?, ?, ?, ?)", rows)
        count = db.execute("SELECT MAX(id) FROM awardees").fetchone()[0]
        db.conn.executemany(
            "INSERT INTO awards (awardee_id, form_code, form_name, level, year) VALUES (?, ?, ?, ?, ?)",
            ((rng.randint(1, count), *rng.choice(FORMS), rng.randint(2000, 2025)) for _ in range(awards)))
    sample_ids = [rng.randint(1, count) for _ in range(200)]
    sample_names = [(rows[i - 1][1], rows[i - 1][3]) for i in sample_ids if rows[i - 1][0] == "person"]
    db.close()
    return sample_ids, sample_names


def _time(fn, reps: int) -> tuple[float, float]:
    fn(0)
    times = []
    for rep in range(reps):
        start = time.perf_counter()
        fn(rep + 1)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    """Generate, time, print the table; exit 1 when a look-up misses the budget."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=50)
    args = parser.parse_args(argv)
    from thidua_desktop.services import awards_history as ah
    from thidua_desktop.store.database import open_database

    with tempfile.TemporaryDirectory(prefix="bench-awards-") as folder:
        path = Path(folder) / "awards.sqlite"
        started = time.perf_counter()
        ids, names = generate(path, args.awards)
        made = time.perf_counter() - started
        db = open_database(path)
        total = db.execute("SELECT COUNT(*) FROM awards").fetchone()[0]
        cases = {
            "history of one person (by id, merged records included)": lambda i: ah.history(db, ids[i % len(ids)]),
            "find a person by name and birth year": lambda i: ah.find(db, *names[i % len(names)]),
            "history of a person found by name": lambda i: [ah.history(db, a.id) for a in
                                                           ah.find(db, *names[i % len(names)])],
            "count of a form in a year": lambda i: ah.by_form_year(db, FORMS[i % 4][0], 2000 + i % 26),
            "already honoured (same form, earlier)": lambda i: ah.already_honoured(db, ids[i % len(ids)], "gk_huyen"),
        }
        print(f"Award history: {total:,} awards, generated in {made:.1f} s\n")
        print("| Look-up | median ms | worst ms | under 100 ms |")
        print("|---|---:|---:|---|")
        ok = True
        for label, fn in cases.items():
            median, worst = _time(fn, args.reps)
            ok &= worst < BUDGET_S
            print(f"| {label} | {median * 1000:.2f} | {worst * 1000:.2f} | {'yes' if worst < BUDGET_S else 'NO'} |")
        plan = db.execute("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM awards WHERE form_code = ? AND year = ?",
                          ["ldtt", 2020]).fetchall()
        print(f"\nQuery plan (form, year): {plan[-1][-1]}")
        db.close()
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())
