"""Roster service: listing, validation, bulk edits, undoable delete and promotion, seats."""

from __future__ import annotations

import pytest

from thidua_desktop.domain.names import fold
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import roster_service as rs
from thidua_desktop.services.roster_query import (
    F,
    RosterQuery,
    event_units,
    roster_rows,
    rows_by_id,
)


def _dump(db) -> list[str]:
    # The search index's segments (delegate_search_data/_idx) are laid out by its history;
    # its content and sizes, which say what it finds, are compared.
    return [line for line in db.conn.iterdump() if "_sqlite_migrations" not in line
            and "delegate_search_data" not in line and "delegate_search_idx" not in line]


def _event(db, code):
    return db.execute("SELECT id FROM events WHERE code = ?", [code]).fetchone()[0]


@pytest.mark.parametrize("field, given, stored", [
    ("sex", "nu", "Nữ"), ("sex", "NAM", "Nam"), ("sex", "", None),
    ("birth_year", " 1978 ", 1978), ("birth_year", "", None),
    ("birth_date", "05/09/1978", "1978-09-05"), ("birth_date", "1978-09-05", "1978-09-05"),
    ("full_name", "  nguyễn   văn  đức ", "nguyễn văn đức"),
    ("direct_worker", "có", 1), ("presidium", 0, 0), ("provincial_awards", "2", 2),
    ("phone", "0912 345 678", "0912 345 678"),
])
def test_values_are_normalised(field, given, stored):
    assert rs.normalise_value(field, given) == stored


@pytest.mark.parametrize("field, given, words", [
    ("full_name", "   ", "trống"), ("sex", "khác", "Nam hoặc Nữ"),
    ("birth_year", "abc", "bốn chữ số"), ("birth_year", 1850, "1900"),
    ("birth_date", "31/02/1980", "ngày/tháng/năm"), ("category", "vip", "Thành phần"),
    ("status", "gone", "Trạng thái"), ("provincial_awards", "-1", "từ 0"),
    ("phone", "gọi anh Ba", "chữ số"), ("id", 3, "Không sửa được"),
])
def test_bad_values_get_a_vietnamese_sentence(field, given, words):
    with pytest.raises(ValidationError) as err:
        rs.normalise_value(field, given)
    assert words in err.value.message


def test_roster_rows_sorted_in_vietnamese_order_and_filtered(demo_db):
    event = _event(demo_db, "dh-hon-quan")
    rows = roster_rows(demo_db, event)
    assert len(rows) == demo_db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ?", [event]).fetchone()[0]
    keys = [r[F["sort_key"]] for r in rows]
    assert keys == sorted(keys)
    name = rows[5][F["full_name"]]
    found = roster_rows(demo_db, event, RosterQuery(search=fold(name).upper()))
    assert name in [r[F["full_name"]] for r in found]
    assert all(fold(name) in r[F["name_key"]] for r in found)
    leaders = roster_rows(demo_db, event, RosterQuery(category="leader"))
    assert leaders and all(r[F["category"]] == "leader" for r in leaders)
    unit = rows[0][F["unit_id"]]
    by_unit = roster_rows(demo_db, event, RosterQuery(unit_id=unit, order="birth_year"))
    assert all(r[F["unit_id"]] == unit for r in by_unit)
    years = [r[F["birth_year"]] for r in by_unit]
    assert years == sorted(years)
    assert roster_rows(demo_db, event, RosterQuery(search="100%_")) == []
    assert sorted(rows_by_id(demo_db, [rows[0][0], rows[1][0]])) == sorted(rows[:2])


def test_event_units_are_the_host_and_its_subordinates(demo_db):
    units = event_units(demo_db, _event(demo_db, "dh-hon-quan"))
    assert units[0][1] == "Huyện Hớn Quản" and len(units) == 14
    assert [name for _id, name in event_units(demo_db, _event(demo_db, "hn-tan-loi"))] == [
        "Xã Tân Lợi"]


def test_bulk_update_and_restore(demo_db):
    event = _event(demo_db, "hn-tan-loi")
    ids = [r[0] for r in roster_rows(demo_db, event)][:4]
    before = rs.read_fields(demo_db, ids, ["status", "ethnicity", "full_name"])
    dump = _dump(demo_db)
    written = rs.update_delegates(demo_db, ids, {"status": "absent", "ethnicity": " Tày "})
    assert written == {"status": "absent", "ethnicity": "Tày"}
    after = rs.read_fields(demo_db, ids, ["status", "ethnicity"])
    assert all(v == {"status": "absent", "ethnicity": "Tày"} for v in after.values())
    rs.restore_fields(demo_db, before)
    assert _dump(demo_db) == dump


def test_a_new_name_gets_new_keys(demo_db):
    event = _event(demo_db, "hn-tan-loi")
    did = roster_rows(demo_db, event)[0][0]
    rs.update_delegates(demo_db, [did], {"full_name": "Đặng Thị Ánh"})
    row = rows_by_id(demo_db, [did])[0]
    assert row[F["name_key"]] == "dang thi anh"
    assert row[F["sort_key"]].startswith("a!n!h!")


def test_invalid_bulk_update_writes_nothing(demo_db):
    event = _event(demo_db, "hn-tan-loi")
    ids = [r[0] for r in roster_rows(demo_db, event)][:3]
    dump = _dump(demo_db)
    with pytest.raises(ValidationError):
        rs.update_delegates(demo_db, ids, {"status": "absent", "birth_year": "19x0"})
    with pytest.raises(ValidationError):
        rs.update_delegates(demo_db, ids, {"unit_id": 99999})
    with pytest.raises(ValidationError, match="không khớp"):
        rs.update_delegates(demo_db, ids, {"birth_year": 1980, "birth_date": "01/01/1981"})
    assert _dump(demo_db) == dump


def test_birth_date_brings_its_year(demo_db):
    did = roster_rows(demo_db, _event(demo_db, "hn-tan-loi"))[0][0]
    rs.update_delegates(demo_db, [did], {"birth_date": "07/03/1969"})
    assert rs.read_fields(demo_db, [did], ["birth_year", "birth_date"])[did] == {
        "birth_year": 1969, "birth_date": "1969-03-07"}


def test_delete_and_restore_put_every_link_back(demo_db):
    district = _event(demo_db, "dh-hon-quan")
    # A district delegate who speaks, presents, was promoted from a commune and has dossier items.
    speaker = demo_db.execute(
        "SELECT d.id FROM delegates d JOIN speeches s ON s.delegate_id = d.id "
        "WHERE d.event_id = ? LIMIT 1", [district]).fetchone()[0]
    presenter = demo_db.execute(
        "SELECT presenter_delegate_id FROM agenda_items WHERE event_id = ? "
        "AND presenter_delegate_id IS NOT NULL LIMIT 1", [district]).fetchone()[0]
    lower = demo_db.execute(
        "SELECT id FROM delegates WHERE promoted_to_id IS NOT NULL AND id IN "
        "(SELECT delegate_id FROM dossier_items) LIMIT 1").fetchone()[0]
    upper = demo_db.execute("SELECT promoted_to_id FROM delegates WHERE id = ?", [lower]).fetchone()[0]
    ids = sorted({speaker, presenter, lower, upper})
    dump = _dump(demo_db)
    gone = rs.delete_delegates(demo_db, ids)
    assert demo_db.execute(
        f"SELECT count(*) FROM delegates WHERE id IN ({','.join('?' * len(ids))})", ids
    ).fetchone()[0] == 0
    assert gone.speeches and gone.presenters and gone.dossier_items
    rs.restore_deleted(demo_db, gone)
    assert _dump(demo_db) == dump


def test_promote_keeps_history_and_undo_restores(demo_db):
    commune = _event(demo_db, "hn-tan-loi")
    district = rs.upper_event_id(demo_db, commune)
    assert district == _event(demo_db, "dh-hon-quan")
    pending = [r[0] for r in roster_rows(demo_db, commune) if r[F["promoted_to_id"]] is None][:3]
    before = rs.promotion_state(demo_db, pending)
    dump = _dump(demo_db)
    created = rs.promote(demo_db, pending, district)
    assert len(created) == 3
    upper_rows = rows_by_id(demo_db, created)
    assert {r[F["person_id"]] for r in upper_rows} == {
        r[F["person_id"]] for r in rows_by_id(demo_db, pending)}
    assert all(r[F["status"]] == "nominated" for r in upper_rows)
    rs.undo_promote(demo_db, before, created)
    assert _dump(demo_db) == dump


def test_seats_filled_per_unit(demo_db):
    district = _event(demo_db, "dh-hon-quan")
    seats = rs.seat_rows(demo_db, district)
    assert len(seats) == 13 and sum(s.seats for s in seats) == 210
    for seat in seats:
        filled = demo_db.execute(
            "SELECT count(*) FROM delegates WHERE event_id = ? AND unit_id = ? AND status != 'absent'",
            [district, seat.unit_id]).fetchone()[0]
        assert seat.filled == filled and seat.remaining == seat.seats - filled
    unit = seats[0].unit_id
    assert rs.set_seats(demo_db, district, unit, "5") == 5
    assert rs.seat_rows(demo_db, district)[0].seats == 5
    with pytest.raises(ValidationError, match="không được âm"):
        rs.set_seats(demo_db, district, unit, -1)
    with pytest.raises(ValidationError, match="số nguyên"):
        rs.set_seats(demo_db, district, unit, "năm")
    assert rs.set_seats(demo_db, district, unit, "") is None
    assert rs.seat_rows(demo_db, district)[0].seats is None


def test_add_person_delegate_is_one_transaction(demo_db):
    event = _event(demo_db, "hn-tan-loi")
    persons = demo_db.execute("SELECT count(*) FROM persons").fetchone()[0]
    with pytest.raises(ValidationError):
        rs.add_person_delegate(demo_db, event, rs.PersonData(full_name="Mới Văn Tên"),
                               rs.DelegateData(category="vip"))
    assert demo_db.execute("SELECT count(*) FROM persons").fetchone()[0] == persons
    did = rs.add_person_delegate(demo_db, event, rs.PersonData(full_name="Mới Văn Tên"),
                                 rs.DelegateData())
    assert rows_by_id(demo_db, [did])[0][F["full_name"]] == "Mới Văn Tên"


def test_promotion_adds_an_achievement_report_to_the_dossier_and_undo_removes_it(demo_db):
    commune = _event(demo_db, "hn-tan-loi")
    district = rs.upper_event_id(demo_db, commune)
    pending = [r[0] for r in roster_rows(demo_db, commune) if r[F["promoted_to_id"]] is None][:2]

    def reports():
        return demo_db.execute(
            f"SELECT count(*) FROM dossier_items WHERE delegate_id IN ({','.join('?' * len(pending))})",
            pending).fetchone()[0]

    assert reports() == 0
    created, before = rs.promote_upward(demo_db, pending, district)
    assert len(created) == 2 and reports() == 2
    rs.undo_promote(demo_db, before, created)
    assert reports() == 0
    assert all(v is None for v in rs.promotion_state(demo_db, pending).values())
