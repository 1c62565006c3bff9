"""An event's seat rule changed after the plan was made: preview, save, undo, and what reads the seats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import seat_rules as sr
from thidua_desktop.services.roster_service import seat_rows
from thidua_desktop.services.rules.roster_rules import check_event

EVENT = 1  # dh-hon-quan: 300 delegates at most, 70 % exemplary, 13 sending units


def _seats(db, event_id=EVENT):
    return dict(db.execute("SELECT unit_id, seats FROM event_seats WHERE event_id = ?", [event_id]).fetchall())


def _ids(db):
    return [s.unit_id for s in sr.senders(db, EVENT)]


def test_senders_are_the_sending_units_without_the_host(demo_db):
    people = sr.senders(demo_db, EVENT)
    assert len(people) == 13 and all(s.unit_id != 1 for s in people)
    assert people[0].name == "Thị trấn Tân Khai"


def test_the_stored_rule_reads_back_as_equal_with_the_plans_seats(demo_db):
    start = sr.current(demo_db, EVENT)
    assert start.rule == "equal" and start.fixed == _seats(demo_db)
    assert sum(start.fixed.values()) == 210


def test_proportional_preview_follows_the_figures_and_writes_nothing(demo_db):
    ids = _ids(demo_db)
    figures = {uid: "" for uid in ids}
    figures[ids[0]], figures[ids[1]] = "300", "100"
    before = _seats(demo_db)
    result = sr.preview(demo_db, EVENT, sr.SeatChoice("proportional", figures=figures))
    assert result.seats[ids[0]] == 158 and result.seats[ids[1]] == 52 and result.total == 210
    assert all(result.seats[uid] == 0 for uid in ids[2:])
    assert _seats(demo_db) == before


def test_save_stores_rule_seats_and_figures_and_restore_puts_all_back(demo_db):
    ids = _ids(demo_db)
    state = sr.snapshot(demo_db, EVENT)
    choice = sr.SeatChoice("fixed", 10, fixed={ids[0]: "25"})
    with demo_db.atomic():
        sr.save(demo_db, EVENT, choice)
    seats = _seats(demo_db)
    assert seats[ids[0]] == 25 and all(seats[uid] == 10 for uid in ids[1:])
    stored = json.loads(demo_db.execute("SELECT seat_rule FROM events WHERE id = 1").fetchone()[0])
    assert stored["rule"] == "fixed" and stored["per_unit"] == 10
    assert sr.current(demo_db, EVENT).rule == "fixed"
    # The roster's seats panel reads them too.
    rows = {r.unit_id: r.seats for r in seat_rows(demo_db, EVENT)}
    assert rows[ids[0]] == 25 and rows[ids[5]] == 10
    with demo_db.atomic():
        sr.restore(demo_db, EVENT, state)
    assert _seats(demo_db) == dict(state["seats"]) and sum(_seats(demo_db).values()) == 210


@pytest.mark.parametrize(("extra", "refused"), [(0, False), (-1, False), (1, True)])
def test_fixed_seats_at_under_and_over_the_events_maximum(demo_db, extra, refused):
    ids = _ids(demo_db)
    # 12 units x 20 = 240; the first unit takes what reaches 300 (+ extra).
    fixed = {uid: "20" for uid in ids[1:]}
    fixed[ids[0]] = str(300 - 240 + extra)
    choice = sr.SeatChoice("fixed", 20, fixed=fixed)
    if refused:
        with pytest.raises(ValidationError, match=r"Tổng số ghế cố định là 301, vượt 1 so với số đại biểu tối đa 300"):
            sr.preview(demo_db, EVENT, choice)
    else:
        assert sr.preview(demo_db, EVENT, choice).total == 300 + extra


@pytest.mark.parametrize(("choice", "words"), [
    (sr.SeatChoice("fixed", 2, fixed={0: "ba"}), "không hợp lệ"),
    (sr.SeatChoice("fixed", -1), "phải từ 0 đến 10.000"),
    (sr.SeatChoice("fixed", 10_001), "phải từ 0 đến 10.000"),
    (sr.SeatChoice("proportional"), "Chưa đơn vị nào có số liệu"),
    (sr.SeatChoice("per_category"), "Chưa thành phần đại biểu nào"),
    (sr.SeatChoice("lottery"), "không có"),
])
def test_bad_choices_get_a_sentence_and_nothing_is_written(demo_db, choice, words):
    if choice.fixed:
        choice = sr.SeatChoice(choice.rule, choice.per_unit, fixed={_ids(demo_db)[0]: "ba"})
    before = sr.snapshot(demo_db, EVENT)
    with pytest.raises(ValidationError, match=words):
        with demo_db.atomic():
            sr.save(demo_db, EVENT, choice)
    assert sr.snapshot(demo_db, EVENT) == before


def test_the_per_unit_bound_is_inclusive(demo_db):
    assert sr.checked(demo_db, EVENT, sr.SeatChoice("fixed", 10_000)).per_unit == 10_000


def test_per_category_seats_split_each_categorys_limit(demo_db):
    demo_db.execute("UPDATE delegate_categories SET quota = 26 WHERE code = 'leader'")
    result = sr.preview(demo_db, EVENT, sr.SeatChoice("per_category"))
    ids = _ids(demo_db)
    assert result.by_category[(ids[0], "leader")] == 2 and result.by_category[(ids[12], "leader")] == 2
    assert result.total == 26
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("per_category"))
    assert demo_db.execute("SELECT sum(seats) FROM event_category_seats WHERE event_id = 1").fetchone()[0] == 26


def test_none_clears_the_seats_and_an_event_without_senders_is_told(demo_db):
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("none"))
    assert _seats(demo_db) == {}
    with pytest.raises(ValidationError, match="không có đơn vị nào cử đại biểu"):
        sr.preview(demo_db, 2, sr.SeatChoice("equal"))


def test_check_reports_a_unit_over_its_new_seats(demo_db):
    ids = _ids(demo_db)
    filled = demo_db.execute("SELECT count(*) FROM delegates WHERE event_id = 1 AND unit_id = ? "
                             "AND status != 'absent'", [ids[0]]).fetchone()[0]
    assert filled >= 2
    before = [f for f in check_event(demo_db, EVENT) if f.rule == "roster.seats"]
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 20, fixed={ids[0]: str(filled - 1)}))
    after = [f for f in check_event(demo_db, EVENT) if f.rule == "roster.seats"]
    assert len(after) == len(before) + 1
    assert any(f"vượt 1 so với {filled - 1} chỉ tiêu" in f.message for f in after)


def test_the_check_command_sees_the_saved_seats(demo_path):
    from thidua_desktop.store.database import open_database

    db = open_database(demo_path)
    ids = _ids(db)
    with db.atomic():
        sr.save(db, EVENT, sr.SeatChoice("fixed", 20, fixed={ids[0]: "1"}))
    db.close()
    out = subprocess.run([sys.executable, "-m", "thidua_desktop", "check", "--db", str(demo_path),
                          "--event", "dh-hon-quan"], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])), timeout=120)
    assert "so với 1 chỉ tiêu được phân bổ" in out.stdout + out.stderr


def test_save_as_template_keeps_the_rule_set_in_the_window(demo_db):
    from thidua_desktop.services.plan_service import create_plan, plan_to_template
    from thidua_desktop.services.unit_list import UnitSpec
    from thidua_desktop.store.database import open_memory_database
    from thidua_desktop.templates.loader import parse_template

    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 7))
    data = plan_to_template(demo_db, 1, "hq-rieng")
    district = next(t for t in data["event_types"] if t["code"] == "district")
    assert district["seats"]["rule"] == "fixed" and district["seats"]["per_unit"] == 7
    other = open_memory_database()
    create_plan(other, parse_template(data), "Hớn Quản", [UnitSpec("xa", "Tân Lợi"), UnitSpec("xa", "An Phú")])
    assert sorted(r[0] for r in other.execute("SELECT seats FROM event_seats")) == [7, 7]
    other.close()


def test_the_excel_roster_lists_the_new_seats_on_its_own_sheet(demo_db, tmp_path):
    import openpyxl

    from thidua_desktop.export.roster_common import write_roster

    ids = _ids(demo_db)
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 7, fixed={ids[0]: "30"}))
    path = tmp_path / "ds.xlsx"
    write_roster(demo_db, EVENT, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Danh sách", "Chỉ tiêu"]
    rows = list(wb["Chỉ tiêu"].iter_rows(values_only=True))
    assert rows[0] == ("STT", "Đơn vị", "Chỉ tiêu", "Đã cử", "Còn lại")
    filled = {r.unit_id: r.filled for r in seat_rows(demo_db, EVENT)}
    assert rows[1] == (1, "Thị trấn Tân Khai", 30, filled[ids[0]], 30 - filled[ids[0]])
    assert [r[2] for r in rows[2:14]] == [7] * 12
    assert rows[14][1:3] == ("Tổng cộng", 30 + 7 * 12)
    assert any("TRƯỞNG BAN" in str(v) for r in rows[15:] for v in r)  # signed, as the list is
    # No seats shared: no sheet.
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("none"))
    write_roster(demo_db, EVENT, path)
    assert openpyxl.load_workbook(path).sheetnames == ["Danh sách"]


def test_the_fixed_rule_starts_from_the_figure_most_units_have(demo_db):
    start = sr.current(demo_db, EVENT)  # equal: 210 over 13 -> eleven 16, two 17
    assert sr.fixed_start(demo_db, EVENT, start) == (16, {})
    ids = _ids(demo_db)
    fixed = sr.SeatChoice("fixed", 4, fixed={ids[0]: 6, ids[1]: 6})
    with demo_db.atomic():
        sr.save(demo_db, EVENT, fixed)
    assert sr.fixed_start(demo_db, EVENT, sr.current(demo_db, EVENT)) == (4, {ids[0]: 6, ids[1]: 6})


def test_without_stored_seats_the_fixed_rule_starts_from_the_maximum_shared_equally(demo_db):
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("none"))
    assert sr.fixed_start(demo_db, EVENT, sr.current(demo_db, EVENT)) == (300 // 13, {})


def test_a_tie_between_figures_starts_from_the_smaller(demo_db):
    ids = _ids(demo_db)
    seats = {uid: (5 if i % 2 else 6) for i, uid in enumerate(ids[:12])}  # six 5s, six 6s
    seats[ids[12]] = 9
    start = sr.SeatChoice("equal", None, {}, seats)
    assert sr.fixed_start(demo_db, EVENT, start) == (5, {})


@pytest.mark.parametrize("typed", [9, 10, 11])  # under, at and over the per-unit figure
def test_the_units_typed_are_stored_with_the_rule_and_read_back_whatever_their_number(demo_db, typed):
    ids = _ids(demo_db)
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 10, fixed={ids[2]: str(typed), ids[5]: " ", 999: "4"}))
    stored = json.loads(demo_db.execute("SELECT seat_rule FROM events WHERE id = 1").fetchone()[0])
    assert stored["typed_units"] == [ids[2]]  # a blank cell follows the figure; not a sender: left out
    start = sr.current(demo_db, EVENT)
    assert start.typed == {ids[2]}
    assert sr.fixed_start(demo_db, EVENT, start) == (10, {ids[2]: typed})


def test_a_fixed_rule_saved_before_the_list_was_kept_has_its_differing_units_as_typed(demo_db):
    ids = _ids(demo_db)
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 10, fixed={ids[0]: "10", ids[1]: "12"}))
        demo_db.execute("UPDATE events SET seat_rule = ? WHERE id = 1",
                        [json.dumps({"rule": "fixed", "per_unit": 10, "source": "sửa trong cửa sổ"})])
    start = sr.current(demo_db, EVENT)
    assert start.typed is None
    assert sr.fixed_start(demo_db, EVENT, start) == (10, {ids[1]: 12})


def test_a_plan_saved_as_a_template_leaves_the_typed_units_behind(demo_db):
    from thidua_desktop.services.plan_service import plan_to_template

    ids = _ids(demo_db)
    with demo_db.atomic():
        sr.save(demo_db, EVENT, sr.SeatChoice("fixed", 10, fixed={ids[0]: "10"}))
    plan_id = demo_db.execute("SELECT plan_id FROM events WHERE id = 1").fetchone()[0]
    data = plan_to_template(demo_db, plan_id, "mau-rieng")
    seats = next(t["seats"] for t in data["event_types"] if t["code"] == "district")
    assert seats == {"rule": "fixed", "source": "sửa trong cửa sổ", "per_unit": 10}
