"""Two door copies merged into the main file: nothing lost, nothing doubled, earliest arrival kept."""

from __future__ import annotations

import datetime as dt
import shutil

from thidua_desktop.cli import main
from thidua_desktop.services import event_day
from thidua_desktop.services.checkin_merge import merge_copies
from thidua_desktop.store.database import open_database

T0 = dt.datetime(2025, 6, 18, 7, 0)


def _ids(db, n: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT d.id FROM delegates d JOIN events e ON e.id = d.event_id "
                                     "WHERE e.code = 'dh-hon-quan' ORDER BY d.id LIMIT ?", [n])]


def _checkins(db) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in db.execute("SELECT delegate_id, present_at, door, substitute_name FROM checkins")}


def _door(path, marks, extra_person: str | None = None):
    db = open_database(path)
    for did, minutes, door, substitute in marks:
        event_day.mark_present(db, did, door, substitute, at=T0 + dt.timedelta(minutes=minutes))
    if extra_person:  # a delegate added at this door only, and checked in
        event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
        with db.conn:
            person = db.conn.execute("INSERT INTO persons (full_name) VALUES (?)", [extra_person]).lastrowid
            did = db.conn.execute("INSERT INTO delegates (event_id, person_id) VALUES (?, ?)",
                                  [event_id, person]).lastrowid
        event_day.mark_present(db, did, "Cửa 2", at=T0)
    db.close()


def test_two_doors_merge_with_nothing_lost_or_doubled(demo_path, tmp_path):
    db = open_database(demo_path)
    a, b, c, d = _ids(db, 4)
    db.close()
    door1, door2 = tmp_path / "cua1.sqlite", tmp_path / "cua2.sqlite"
    shutil.copy(demo_path, door1)
    shutil.copy(demo_path, door2)
    _door(door1, [(a, 0, "Cửa 1", ""), (b, 5, "Cửa 1", "")])
    _door(door2, [(b, 2, "Cửa 2", "Trần Văn Thay"), (c, 10, "Cửa 2", "")], extra_person="Lù Thị Mới")
    _door(demo_path, [(d, 1, "Bàn chính", ""), (a, 3, "Bàn chính", "")])
    main_db = open_database(demo_path)
    # Same id in the main file, another person: must not take door 2's check-in.
    event_id = main_db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    with main_db.conn:
        person = main_db.conn.execute("INSERT INTO persons (full_name) VALUES ('Hà Văn Khác')").lastrowid
        other = main_db.conn.execute("INSERT INTO delegates (event_id, person_id) VALUES (?, ?)",
                                     [event_id, person]).lastrowid
    report = merge_copies(main_db, [door1, door2])
    got = _checkins(main_db)
    assert set(got) == {a, b, c, d}
    assert other not in got
    assert got[a] == ("2025-06-18T07:00:00", "Cửa 1", "")  # door 1 saw them before the main desk
    assert got[b] == ("2025-06-18T07:02:00", "Cửa 2", "Trần Văn Thay")
    assert got[c] == ("2025-06-18T07:10:00", "Cửa 2", "")
    assert got[d] == ("2025-06-18T07:01:00", "Bàn chính", "")
    # added: b (door 1), c; earlier: a (door 1 before the main desk), b (door 2 before door 1)
    assert (report.added, report.earlier, report.substitutes) == (2, 2, 1)
    assert len(report.unmatched) == 1 and "Lù Thị Mới" in report.unmatched[0]
    again = merge_copies(main_db, [door1, door2])
    assert _checkins(main_db) == got
    assert (again.added, again.earlier, again.substitutes) == (0, 0, 0) and again.same == 4
    main_db.close()


def test_merge_refuses_a_missing_or_foreign_file(demo_path, tmp_path, capsys):
    foreign = tmp_path / "khac.sqlite"
    import sqlite3

    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert main(["checkin-merge", "--db", str(demo_path), str(foreign)]) == 2
    assert "không phải bản sao" in capsys.readouterr().err
    assert main(["checkin-merge", "--db", str(demo_path), str(tmp_path / "khong-co.sqlite")]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err


def test_merge_command(demo_path, tmp_path, capsys):
    door = tmp_path / "cua.sqlite"
    shutil.copy(demo_path, door)
    db = open_database(door)
    (a,) = _ids(db, 1)
    db.close()
    _door(door, [(a, 0, "Cửa 1", "")])
    assert main(["checkin-merge", "--db", str(demo_path), str(door)]) == 0
    assert "thêm 1 đại biểu" in capsys.readouterr().err
    db = open_database(demo_path)
    assert set(_checkins(db)) == {a}
    db.close()
