"""Plan year: every template date moves to the plan's year; codes stay unique."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from thidua_desktop.cli import main
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import timeline_service
from thidua_desktop.services.plan_service import create_plan, review_flags
from thidua_desktop.services.plan_year import first_open_year, move_to_year, template_year
from thidua_desktop.store.database import open_database, open_memory_database
from thidua_desktop.templates.loader import load_template, parse_template

HQ = load_template("hon-quan-2025")


def test_the_template_year_is_its_organisers_event_year():
    assert template_year(HQ.data) == 2025


def test_every_date_moves_and_the_input_is_untouched():
    before = copy.deepcopy(HQ.data)
    moved, _flags = move_to_year(HQ.data, 2027)
    assert HQ.data == before
    district = next(t for t in moved["event_types"] if t["code"] == "district")
    assert district["due"]["date"] == "2027-06-30"
    issue = next(m for m in moved["milestones"] if m["code"] == "issue_plan")
    assert (issue["due"]["year"], issue["due"]["month"]) == (2026, 11)
    assert moved["plan"]["issued_on"]["value"] == "2026-11-25"
    assert "năm 2027" in moved["plan"]["title"]
    assert moved["plan"]["direction_period"]["value"] == "2027 - 2032"
    parse_template(moved)  # still a valid template


def test_a_fixed_date_of_another_year_is_flagged():
    data = copy.deepcopy(HQ.data)
    data["milestones"][0]["due"] = {"kind": "fixed", "date": "2024-12-15", "source": "thử"}
    moved, flags = move_to_year(data, 2026)
    assert moved["milestones"][0]["due"]["date"] == "2025-12-15"
    assert [f.after for f in flags] == ["15/12/2025"]
    assert "15/12/2024" in flags[0].sentence()


def test_29_february_lands_on_28():
    data = copy.deepcopy(HQ.data)
    data["milestones"][0]["due"] = {"kind": "fixed", "date": "2024-02-29", "source": "thử"}
    moved, _ = move_to_year(data, 2026)
    assert moved["milestones"][0]["due"]["date"] == "2025-02-28"


@pytest.mark.parametrize(("year", "ok"), [(1900, True), (2200, True), (1899, False), (2201, False)])
def test_plan_year_bounds(year, ok):
    if ok:
        move_to_year(HQ.data, year)
    else:
        with pytest.raises(ValidationError, match="Năm kế hoạch"):
            move_to_year(HQ.data, year)


def test_a_plan_made_today_has_nothing_overdue(memory_db):
    today = dt.date.today()
    year = first_open_year(HQ.data, today)
    plan_id = create_plan(memory_db, HQ, "Hớn Quản", year=year)
    tl = timeline_service.timeline(memory_db, plan_id, as_of=today)
    states = {ln.state for ln in tl.lines}
    assert "overdue" not in states and states
    # One year earlier would leave something overdue: the year is the first that fits.

    earlier = open_memory_database()
    pid = create_plan(earlier, HQ, "Hớn Quản", year=year - 1)
    assert "overdue" in {ln.state for ln in timeline_service.timeline(earlier, pid, as_of=today).lines}
    earlier.close()


def test_first_open_year_at_the_edge():
    # The earliest date of hon-quan is 30/11/2024 (end of month 11/2024), plan year 2025.
    assert first_open_year(HQ.data, dt.date(2024, 11, 30)) == 2025
    assert first_open_year(HQ.data, dt.date(2024, 12, 1)) == 2026
    assert first_open_year(HQ.data, dt.date(2026, 11, 30)) == 2027


def test_init_with_year_and_kind_and_clusters(tmp_path, capsys):
    units = tmp_path / "dv.txt"
    units.write_text("Cụm thi đua số 1\nKhối thi đua số 1\nCơ quan Số 1\nTrường Số 1\n", encoding="utf-8")
    db = tmp_path / "k.sqlite"
    code = main(["init", "--db", str(db), "--template", "thai-nguyen-2025", "--organiser", "Thái Nguyên",
                 "--organiser-kind", "Tỉnh", "--year", "2027", "--units", str(units)])
    assert code == 0
    conn = open_database(db)
    codes = [r[0] for r in conn.execute("SELECT code FROM events ORDER BY id")]
    assert len(codes) == len(set(codes))
    assert {"tcs-so-1", "tcs-so-1-2"} <= set(codes)
    kinds = sorted(r[0] for r in conn.execute("SELECT kind FROM units WHERE parent_id IS NOT NULL"))
    assert kinds == ["co_quan", "cum", "khoi", "truong"]
    dues = [r[0] for r in conn.execute("SELECT due FROM events WHERE due IS NOT NULL")]
    assert dues and all(d.startswith("2027") for d in dues)
    flags = review_flags(conn)
    assert len(flags) == 1 and "09/10/2024" in flags[0] and "09/10/2026" in flags[0]
    assert "Cần xem lại" in capsys.readouterr().err
    conn.close()


def test_init_refuses_an_unknown_kind(tmp_path, capsys):
    db = tmp_path / "k.sqlite"
    code = main(["init", "--db", str(db), "--template", "hon-quan-2025", "--organiser", "X",
                 "--organiser-kind", "Vương quốc"])
    assert code == 2
    assert "Vương quốc" in capsys.readouterr().err
    assert not db.exists()


def test_a_blank_plan_takes_its_organisers_level(memory_db):
    from thidua_desktop.services import repository
    from thidua_desktop.services.unit_list import UnitSpec

    blank = load_template("ke-hoach-trong")
    plan_id = create_plan(memory_db, blank, "Đồng Nai", [UnitSpec("so", "Nội vụ")], organiser_kind="tinh")
    assert [e.level for e in repository.events(memory_db, plan_id)] == ["province"]
