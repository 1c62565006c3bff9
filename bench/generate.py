"""Deterministic benchmark data: the demo grown to the sizes the officer will meet.

The base is the demo (services/demo.populate_demo), so events, agendas,
speeches and dossiers exist as the app makes them. On top of it, written in
bulk (executemany inside one transaction):

- the organiser's units grown to 30 communes, each with its commune event;
- every unit-level plan grown to 40 milestones, with progress for each unit;
- nine past plans (ten years of plans in one file), with their events,
  agendas, milestones and progress;
- delegates added to the district congress `dh-hon-quan` until it holds the
  requested number (300, 10,000 or 100,000).

And a 5,000-row roster workbook in the `split_year` layout of the shared
sample xa_tan_loi_split_year.xlsx, for the import benchmark.

    .venv/bin/python -m bench.generate --delegates 10000 --out /tmp/bench.sqlite
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from thidua_desktop.domain.names import fold, sort_key, text_key
from thidua_desktop.services import demo, repository
from thidua_desktop.services.plan_service import slug
from thidua_desktop.store.database import open_database

SEED = 9
DISTRICT_CODE = "dh-hon-quan"
SIZES = (300, 10_000, 100_000)
IMPORT_ROWS = 5_000

# Communes added beyond the demo's thirteen (invented, Vietnamese, NFC).
EXTRA_UNITS = [
    "An Bình", "Bình Sơn", "Đồng Tâm", "Hưng Phước", "Lộc Hiệp", "Lộc Thịnh", "Minh Hưng",
    "Minh Long", "Nha Bích", "Phú Riềng", "Quang Minh", "Tân Tiến", "Thanh Lương",
    "Thành Tâm", "Long Hà", "Phước Tín", "Bù Nho", "Đa Kia", "Phước Minh", "Bình Tân",
    "Long Tân", "Long Bình", "Tân Thành", "Tân Phú", "Đồng Tiến", "Thuận Lợi", "Thuận Phú",
]
MILESTONE_TITLES = [
    "Báo cáo tiến độ phong trào thi đua tháng {n}", "Rà soát danh sách điển hình tiên tiến đợt {n}",
    "Tổng hợp thành tích khen thưởng đợt {n}", "Kiểm tra công tác chuẩn bị Hội nghị đợt {n}",
]
MIDDLE_EXTRA = ["Hoài", "Gia", "Bảo", "Kim", "Thiên", "Phương", "Như", "Trọng", "Quốc", "Tường",
                "Diệu", "Khánh"]
STATUS_WEIGHTS = (("nominated", 30), ("selected", 35), ("confirmed", 30), ("absent", 5))


@dataclass(frozen=True)
class Counts:
    """What a generated database holds (checked by the tests and printed by the bench)."""

    district_delegates: int
    delegates: int
    persons: int
    units: int
    plans: int
    milestones_per_plan: int
    progress_rows: int


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def name_pool(rng: random.Random, count: int, exclude: set[str],
              four_words: bool = False) -> list[tuple[str, str]]:
    """`count` distinct (sex, full name) pairs: three-word names first, then four-word ones.

    `four_words` draws four-word names only (the import workbook's people, so
    that they are new to the 300 and 10,000 databases rather than duplicates).

    Enumerates every combination of the demo's name parts and shuffles it, so
    the names are unique (no false duplicates for the roster rules) and the
    same for a given seed.
    """
    families = [f for f, _ in demo.FAMILY]
    pools = []
    for sex, middles, givens in (("Nam", demo.MIDDLE_MALE, demo.GIVEN_MALE),
                                 ("Nữ", demo.MIDDLE_FEMALE, demo.GIVEN_FEMALE)):
        middles = sorted(set(middles))
        pools.append([(sex, f"{f} {m} {g}") for f in families for m in middles for g in givens])
        pools.append([(sex, f"{f} {m} {x} {g}") for f in families for m in middles
                      for x in MIDDLE_EXTRA if x != m for g in givens])
    three = [] if four_words else [p for p in pools[0] + pools[2] if p[1] not in exclude]
    four = [p for p in pools[1] + pools[3] if p[1] not in exclude]
    rng.shuffle(three)
    if count <= len(three):
        return three[:count]
    rng.shuffle(four)
    chosen = three + four[: count - len(three)]
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} distinct names available, {count} asked")
    rng.shuffle(chosen)
    return chosen


def _person_fields(rng: random.Random, sex: str, name: str, unit_id: int | None, commune: str):
    """A persons row (without id) and the delegate-side role, drawn like the demo's people."""
    ethnicity = _weighted(rng, demo.ETHNIC)
    year = 2025 - rng.randint(22, 64)
    birth_date = None
    if rng.random() < 0.5:
        birth_date = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    roll = rng.random()
    if roll < 0.8:
        position, workplace, achievement, field, sector, direct, kind = rng.choice(demo.EXEMPLARY_ROLES)
        role = ("exemplary", kind, field, sector, int(direct), achievement)
    else:
        position, workplace, category = rng.choice(demo.GUEST_ROLES)
        achievement = ""
        role = (category, "", "", "", 0, "")
    workplace = workplace.format(
        commune=commune, place=f"xã {commune}", hamlet=rng.choice(demo.HAMLETS), family=name.split(" ")[0],
        given=name.split(" ")[-1],
    )
    person = (
        name, fold(name), sort_key(name), sex, year, birth_date, ethnicity,
        rng.choice(["", "", "", "Phật giáo", "Công giáo"]), position, workplace,
        rng.choice(["", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ"]), int(rng.random() < 0.45),
        "09" + "".join(str(rng.randint(0, 9)) for _ in range(8)), unit_id,
    )
    return person, role


def _commune_units(db) -> list[tuple[int, str]]:
    org = repository.organiser(db)
    return [(u.id, u.name) for u in repository.units(db, org.id)]


def _add_units(db, plan_id: int, total: int) -> list[tuple[int, str]]:
    """Grow the organiser's communes to `total`, each with its commune event and agenda."""
    org = repository.organiser(db)
    units = _commune_units(db)
    missing = total - len(units)
    if missing > len(EXTRA_UNITS):
        raise ValueError(f"at most {len(units) + len(EXTRA_UNITS)} units can be generated")
    model = db.execute(
        "SELECT * FROM events WHERE plan_id = ? AND type_code = 'commune' AND is_pilot = 0 "
        "ORDER BY position LIMIT 1", [plan_id]).fetchone()
    cols = [d[0] for d in db.execute("SELECT * FROM events LIMIT 0").description]
    model = dict(zip(cols, model, strict=True))
    model_unit = db.execute("SELECT name FROM units WHERE id = ?", [model["unit_id"]]).fetchone()[0]
    seats = db.execute(
        "SELECT event_id, seats FROM event_seats WHERE unit_id = ?", [model["unit_id"]]).fetchall()
    unit_milestones = [r[0] for r in db.execute(
        "SELECT id FROM milestones WHERE plan_id = ? AND applies_to = 'units'", [plan_id])]
    position = db.execute("SELECT max(position) FROM events").fetchone()[0] or 0
    conn = db.conn
    for i, name in enumerate(EXTRA_UNITS[:max(missing, 0)]):
        unit_id = conn.execute(
            "INSERT INTO units(name, kind, parent_id, position, name_key) VALUES (?, 'xa', ?, ?, ?)",
            [name, org.id, len(units) + i + 1, fold(name)]).lastrowid
        event = dict(model, id=None, unit_id=unit_id, code=f"hn-{slug(name)}",
                     name=model["name"].replace(model_unit, name), date=None, status="planned",
                     venue=f"Hội trường UBND xã {name}", position=position + i + 1)
        event_id = conn.execute(
            f"INSERT INTO events({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            [event[c] for c in cols]).lastrowid
        conn.execute(
            "INSERT INTO agenda_items(event_id, position, kind, title, duration_min, pinned_start, "
            "presenter_text, notes) SELECT ?, position, kind, replace(title, ?, ?), duration_min, "
            "pinned_start, presenter_text, notes FROM agenda_items WHERE event_id = ?",
            [event_id, model_unit, name, model["id"]])
        conn.executemany("INSERT INTO event_seats(event_id, unit_id, seats) VALUES (?, ?, ?)",
                         [(ev, unit_id, n) for ev, n in seats])
        conn.executemany("INSERT INTO milestone_progress(milestone_id, unit_id) VALUES (?, ?)",
                         [(m, unit_id) for m in unit_milestones])
    return _commune_units(db)


def _add_milestones(db, plan_id: int, total: int, units: list[tuple[int, str]]) -> None:
    """Grow the plan to `total` milestones, the new ones per unit with mixed progress."""
    rng = random.Random(SEED + 1)
    have = db.execute("SELECT count(*), max(position) FROM milestones WHERE plan_id = ?",
                      [plan_id]).fetchone()
    conn = db.conn
    progress = []
    for i in range(total - have[0]):
        month = 1 + i % 12
        title = MILESTONE_TITLES[i % len(MILESTONE_TITLES)].format(n=i // len(MILESTONE_TITLES) + 1)
        mid = conn.execute(
            "INSERT INTO milestones(plan_id, code, title, due_kind, due_year, due_period, "
            "responsible, applies_to, source, position) VALUES (?, ?, ?, 'month', 2025, ?, "
            "'UBND các xã, thị trấn', 'units', 'bench', ?)",
            [plan_id, f"bench_{i + 1:02d}", title, month, (have[1] or 0) + i + 1]).lastrowid
        for unit_id, _ in units:
            state = "done" if month < 4 and rng.random() < 0.85 else rng.choice(["todo", "doing"])
            done_on = f"2025-{month:02d}-{rng.randint(1, 28):02d}" if state == "done" else None
            progress.append((mid, unit_id, state, done_on))
    conn.executemany(
        "INSERT INTO milestone_progress(milestone_id, unit_id, state, done_on) VALUES (?, ?, ?, ?)",
        progress)


def _event_size(db, event_id: int) -> int:
    """Every delegate entry of the event, absent ones included."""
    return db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]


def _add_delegates(db, target: int, units: list[tuple[int, str]]) -> None:
    """Add delegates to the district congress until it holds `target`."""
    rng = random.Random(SEED)
    district = repository.event_by_code(db, DISTRICT_CODE)
    have = _event_size(db, district.id)
    need = target - have
    if need < 0:
        raise ValueError(f"the demo's district congress already holds {have} delegates")
    used = {r[0] for r in db.execute("SELECT full_name FROM persons")}
    names = name_pool(rng, need, used)
    first_person = (db.execute("SELECT max(id) FROM persons").fetchone()[0] or 0) + 1
    first_delegate = (db.execute("SELECT max(id) FROM delegates").fetchone()[0] or 0) + 1
    persons, delegates = [], []
    for i, (sex, name) in enumerate(names):
        unit_id, commune = units[i % len(units)]
        person, role = _person_fields(rng, sex, name, unit_id, commune)
        # The stored keys of migration 0024, as roster_service writes them.
        text_keys = (text_key(person[6]), text_key(person[8]), text_key(person[9]))
        persons.append((first_person + i, *person, *text_keys))
        category, kind, field, sector, direct, achievement = role
        delegates.append((
            first_delegate + i, district.id, first_person + i, unit_id, category, kind, field,
            sector, direct, achievement, rng.choice([0, 0, 0, 1, 2]),
            _weighted(rng, STATUS_WEIGHTS), person[2],  # the name key: its trigger need not copy it
            *text_keys, text_key(field), text_key(sector), text_key(achievement),
        ))
    conn = db.conn
    conn.executemany(
        "INSERT INTO persons(id, full_name, name_key, sort_key, sex, birth_year, birth_date, "
        "ethnicity, religion, position, workplace, education, party_member, phone, unit_id, "
        "ethnicity_sort, position_sort, workplace_sort) "
        f"VALUES ({', '.join('?' * 18)})", persons)
    conn.executemany(
        "INSERT INTO delegates(id, event_id, person_id, unit_id, category, exemplary_kind, field, "
        "sector, direct_worker, achievement, provincial_awards, status, sort_key, "
        "ethnicity_sort, position_sort, workplace_sort, field_sort, sector_sort, achievement_sort) "
        f"VALUES ({', '.join('?' * 19)})", delegates)


def _add_past_plans(db, plan_id: int, count: int) -> None:
    """Copies of the plan for the `count` previous years: events, agendas, milestones, progress."""
    conn = db.conn
    plan_cols = [d[0] for d in conn.execute("SELECT * FROM plans LIMIT 0").description]
    plan = dict(zip(plan_cols, conn.execute("SELECT * FROM plans WHERE id = ?", [plan_id]).fetchone(),
                    strict=True))
    event_cols = [d[0] for d in conn.execute("SELECT * FROM events LIMIT 0").description]
    events = [dict(zip(event_cols, r, strict=True)) for r in conn.execute(
        "SELECT * FROM events WHERE plan_id = ? ORDER BY id", [plan_id])]
    ms_cols = [d[0] for d in conn.execute("SELECT * FROM milestones LIMIT 0").description]
    milestones = [dict(zip(ms_cols, r, strict=True)) for r in conn.execute(
        "SELECT * FROM milestones WHERE plan_id = ? ORDER BY id", [plan_id])]
    progress = conn.execute(
        "SELECT p.milestone_id, p.unit_id FROM milestone_progress p "
        "JOIN milestones m ON m.id = p.milestone_id WHERE m.plan_id = ?", [plan_id]).fetchall()

    def shift(iso, years):
        return f"{int(iso[:4]) - years:04d}{iso[4:]}".replace("-02-29", "-02-28") if iso else iso

    for back in range(count, 0, -1):  # oldest first, so that ids grow with the years
        year = 2025 - back
        new_plan = dict(plan, id=None, title=plan["title"].replace("2025", str(year)),
                        issued_on=shift(plan["issued_on"], back),
                        created_at=f"{year - 1}-11-25 08:00:00")
        new_plan_id = conn.execute(
            f"INSERT INTO plans({','.join(plan_cols)}) VALUES ({','.join('?' * len(plan_cols))})",
            [new_plan[c] for c in plan_cols]).lastrowid
        event_map: dict[int, int] = {}
        for event in events:
            new = dict(event, id=None, plan_id=new_plan_id, code=f"{event['code']}-{year}",
                       date=shift(event["date"], back), due=shift(event["due"], back),
                       status="held", parent_event_id=event_map.get(event["parent_event_id"]))
            event_map[event["id"]] = conn.execute(
                f"INSERT INTO events({','.join(event_cols)}) VALUES ({','.join('?' * len(event_cols))})",
                [new[c] for c in event_cols]).lastrowid
            conn.execute(
                "INSERT INTO agenda_items(event_id, position, kind, title, duration_min, pinned_start, "
                "presenter_text, notes) SELECT ?, position, kind, title, duration_min, pinned_start, "
                "presenter_text, notes FROM agenda_items WHERE event_id = ?",
                [event_map[event["id"]], event["id"]])
        ms_map: dict[int, int] = {}
        for m in milestones:
            new = dict(m, id=None, plan_id=new_plan_id, due_date=shift(m["due_date"], back),
                       due_year=m["due_year"] - back if m["due_year"] else None,
                       rel_event_id=event_map.get(m["rel_event_id"]),
                       rel_milestone_id=ms_map.get(m["rel_milestone_id"]))
            ms_map[m["id"]] = conn.execute(
                f"INSERT INTO milestones({','.join(ms_cols)}) VALUES ({','.join('?' * len(ms_cols))})",
                [new[c] for c in ms_cols]).lastrowid
        conn.executemany(
            "INSERT INTO milestone_progress(milestone_id, unit_id, state, done_on) "
            "VALUES (?, ?, 'done', ?)",
            [(ms_map[mid], uid, f"{year}-06-30") for mid, uid in progress])


def _renumber_plan(db, old: int, new: int) -> None:
    """Give a plan another id, following every foreign key that points at plans.

    The app lists plans newest first by id; the demo's plan is made first, so
    it moves above the past plans. Foreign keys are off meanwhile (they cannot
    be switched inside a transaction) and checked afterwards.
    """
    conn = db.conn
    conn.commit()
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            conn.execute("UPDATE plans SET id = ? WHERE id = ?", [new, old])
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
                    if fk[2] == "plans":
                        conn.execute(f'UPDATE "{table}" SET "{fk[3]}" = ? WHERE "{fk[3]}" = ?', [new, old])
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken after renumbering the plan: {broken[:5]}")


def counts(db) -> Counts:
    """What the database holds, for checks and the results header."""
    district = repository.event_by_code(db, DISTRICT_CODE)

    def one(sql, params=()):
        return db.execute(sql, params).fetchone()[0]

    return Counts(
        district_delegates=_event_size(db, district.id),
        delegates=one("SELECT count(*) FROM delegates"),
        persons=one("SELECT count(*) FROM persons"),
        units=len(_commune_units(db)),
        plans=one("SELECT count(*) FROM plans"),
        milestones_per_plan=one("SELECT count(*) FROM milestones WHERE plan_id = ?", [district.plan_id]),
        progress_rows=one("SELECT count(*) FROM milestone_progress"),
    )


def generate_database(path: str | Path, delegates: int, *, units: int = 30, milestones: int = 40,
                      years: int = 10) -> Counts:
    """Write a fresh benchmark database at `path` (replacing it); return what it holds."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_database(path)
    try:
        with db.atomic():
            plan_id = demo.populate_demo(db)
            unit_list = _add_units(db, plan_id, units)
            _add_milestones(db, plan_id, milestones, unit_list)
            _add_delegates(db, delegates, unit_list)
            _add_past_plans(db, plan_id, years - 1)
        newest = db.execute("SELECT max(id) FROM plans").fetchone()[0]
        if newest != plan_id:
            _renumber_plan(db, plan_id, newest + 1)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts(db)
    finally:
        db.close()


def generate_workbook(path: str | Path, rows: int = IMPORT_ROWS, commune: str = "Tân Lợi") -> Path:
    """A commune roster workbook of `rows` people in the split_year layout; return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    rng = random.Random(SEED + 2)
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    bold = Font(bold=True)
    ws["A1"] = f"UBND XÃ {commune.upper()}"
    ws["A1"].font = bold
    ws["G1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["G1"].font = bold
    ws["G2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["G2"].font = bold
    ws["A4"] = "DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"
    ws["A4"].font = Font(bold=True, size=14)
    ws["A4"].alignment = Alignment(horizontal="center")
    ws["A5"] = "Dự Đại hội Thi đua yêu nước huyện lần thứ III (2025 - 2030)"
    ws["A5"].font = Font(italic=True)
    ws["A5"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A4:I4")
    ws.merge_cells("A5:I5")
    headers = ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Thành tích nổi bật", "Ghi chú"]
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, text in enumerate(headers, start=1):
        ws.cell(7, col, text).border = border
        ws.cell(8, col, {3: "Nam", 4: "Nữ"}.get(col)).border = border
    ws.merge_cells("C7:D7")
    for letter in "ABEFGHI":
        ws.merge_cells(f"{letter}7:{letter}8")
    ws.column_dimensions["A"].width = 13
    notes = {"guest": "Khách mời", "leader": "Lãnh đạo"}
    for i, (sex, name) in enumerate(name_pool(rng, rows, set(), four_words=True), start=1):
        person, role = _person_fields(rng, sex, name, None, commune)
        year = person[4]
        values = [i, name, year if sex == "Nam" else None, year if sex == "Nữ" else None,
                  person[6], person[8], person[9], role[5] or None, notes.get(role[0])]
        for col, value in enumerate(values, start=1):
            ws.cell(8 + i, col, value).border = border
    last = 8 + rows
    ws.cell(last + 1, 2, f"Tổng cộng: {rows} đại biểu")
    ws.cell(last + 3, 7, "TM. ỦY BAN NHÂN DÂN").font = bold
    ws.cell(last + 4, 7, "CHỦ TỊCH").font = bold
    path = Path(path)
    wb.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: write one database (and optionally the import workbook)."""
    parser = argparse.ArgumentParser(description="Generate benchmark data (deterministic).")
    parser.add_argument("--delegates", type=int, default=10_000,
                        help="delegates in the district congress dh-hon-quan")
    parser.add_argument("--out", type=Path, required=True, help="database file to write")
    parser.add_argument("--workbook", type=Path, help="also write the 5,000-row import workbook here")
    args = parser.parse_args(argv)
    print(generate_database(args.out, args.delegates))
    if args.workbook:
        print(generate_workbook(args.workbook))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
