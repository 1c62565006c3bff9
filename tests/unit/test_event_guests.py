"""The event's guest list: migration 0022 on a release-1 file, checks at their edges, paste, workbook import."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.errors import UserError, ValidationError
from thidua_desktop.export.envelope_pdf import mailing
from thidua_desktop.export.invitation_content import invitation_set
from thidua_desktop.services import event_guests as eg
from thidua_desktop.store.database import open_database

RELEASE1 = Path(__file__).parents[1] / "data" / "previous_release" / "demo_release1.sqlite"
EVENT = "dh-hon-quan"


@pytest.fixture
def demo(demo_congress):
    return demo_congress


def test_release_1_file_gains_an_empty_guest_table_and_loses_nothing(tmp_path):
    path = tmp_path / "r1.sqlite"
    shutil.copy(RELEASE1, path)
    old = sqlite3.connect(path)
    tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
    before = {t: old.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    old.close()
    db = open_database(path)
    for table, rows in before.items():
        if rows:
            width = len(rows[0])
            after = [r[:width] for r in db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()]
            assert after == rows, table
    assert db.execute("SELECT count(*) FROM event_guests").fetchone()[0] == 0
    event_id = db.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    eg.replace_guests(db, event_id, [eg.Guest("Trần Văn Hòa", "Chủ tịch", "UBND huyện")])
    assert [g.full_name for g in eg.guests(db, event_id)] == ["Trần Văn Hòa"]
    db.close()


def test_replace_returns_the_old_list_and_putting_it_back_keeps_the_ids(demo):
    db, event_id = demo
    old = eg.guests(db, event_id)
    assert len(old) == 3 and all(g.id for g in old)
    back = eg.replace_guests(db, event_id, [eg.Guest("  Đỗ   Văn\tMinh ", "Giám đốc\x07", "Sở Nội vụ")])
    assert back == old
    assert eg.guests(db, event_id)[0].full_name == "Đỗ Văn Minh"  # cleaned before stored
    assert eg.guests(db, event_id)[0].title == "Giám đốc"
    eg.replace_guests(db, event_id, old)
    assert eg.guests(db, event_id) == old


@pytest.mark.parametrize(("field", "limit"), [("full_name", 100), ("title", 300), ("agency", 300),
                                              ("address", 300)])
def test_each_field_is_bounded_at_its_limit_and_nothing_is_written_beyond(demo, field, limit):
    db, event_id = demo
    old = eg.guests(db, event_id)
    base = {"full_name": "Lê An", "title": "", "agency": "", "address": ""}
    for length in (limit - 1, limit):
        assert eg.check_guest(base | {field: "a" * length}, "Dòng 1")
    with pytest.raises(ValidationError, match=f"Dòng 2: {eg.LABELS[field]} dài {limit + 1} ký tự"):
        eg.replace_guests(db, event_id, [eg.Guest("Lê An"), eg.Guest(**(base | {field: "a" * (limit + 1)}))])
    assert eg.guests(db, event_id) == old


def test_name_required_and_list_bounded(demo):
    db, event_id = demo
    old = eg.guests(db, event_id)
    with pytest.raises(ValidationError, match="Dòng 1: chưa có họ và tên"):
        eg.replace_guests(db, event_id, [eg.Guest(" \u200b ", "Chủ tịch")])
    many = [eg.Guest(f"Khách {i}") for i in range(eg.MAX_GUESTS + 1)]
    with pytest.raises(ValidationError, match=f"quá giới hạn {eg.MAX_GUESTS}"):
        eg.replace_guests(db, event_id, many)
    assert eg.guests(db, event_id) == old
    eg.replace_guests(db, event_id, many[:-1])
    assert len(eg.guests(db, event_id)) == eg.MAX_GUESTS


def test_pasted_rows_with_a_header_in_any_order_or_numbered_without_one():
    text = ("DANH SÁCH KHÁCH MỜI\n\nĐịa chỉ\tHọ và tên\tTên cơ quan\tChức vụ\n"
            "(1)\t(2)\t(3)\t(4)\n"
            "Số 1 Hùng Vương\tTrần Thị Mai\tSở Nội vụ\tGiám đốc\n\t\t\t\n")
    rows = eg.parse_pasted(text)
    assert rows == [eg.Guest("Trần Thị Mai", "Giám đốc", "Sở Nội vụ", "Số 1 Hùng Vương")]
    numbered = eg.parse_pasted("1.\tLê Văn Bình\tPhó Chủ tịch\tUBND huyện\n2\tHồ Thị Lan\n")
    assert [(g.full_name, g.title) for g in numbered] == [("Lê Văn Bình", "Phó Chủ tịch"), ("Hồ Thị Lan", "")]
    plain = eg.parse_pasted("Lê Văn Bình\tPhó Chủ tịch\tUBND huyện\tKhu phố 2")
    assert plain == [eg.Guest("Lê Văn Bình", "Phó Chủ tịch", "UBND huyện", "Khu phố 2")]


def test_workbook_read_through_the_bounded_readers(tmp_path):
    import openpyxl

    path = tmp_path / "khach.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH KHÁCH MỜI DỰ ĐẠI HỘI"])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Cơ quan", "Địa chỉ"])
    ws.append([1, "Nguyễn Văn Tám", "Chủ tịch", "Hội Cựu chiến binh huyện", "Khu phố 3"])
    ws.append([2, "  Hồ  Thị   Lan ", "", "", ""])
    wb.save(path)
    rows = eg.read_guests_workbook(path)
    assert [g.full_name for g in rows] == ["Nguyễn Văn Tám", "Hồ Thị Lan"]
    assert rows[0].agency == "Hội Cựu chiến binh huyện" and rows[0].address == "Khu phố 3"
    csv = tmp_path / "khach.csv"
    csv.write_text("Họ tên;Chức vụ\nPhan Thị Hoa;Bí thư\n", encoding="utf-8-sig")
    assert eg.read_guests_workbook(csv) == [eg.Guest("Phan Thị Hoa", "Bí thư")]
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(UserError, match="Không đọc được danh sách khách mời"):
        eg.read_guests_workbook(bad)
    long = tmp_path / "dai.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên"])
    wb.active.append(["x" * 101])
    wb.save(long)
    with pytest.raises(ValidationError, match="“dai.xlsx”: Dòng 1: Họ và tên dài 101 ký tự"):
        eg.read_guests_workbook(long)


def test_guests_get_letters_and_envelopes_with_their_address(demo):
    db, event_id = demo
    inv = invitation_set(db, event_id)
    first = inv.letters[0]
    assert first.addressee == "Đồng chí Nguyễn Thị Thu Hà"
    assert first.addressee_detail == "Trưởng ban Thi đua - Khen thưởng tỉnh"  # the agency not said twice
    assert ("Xác nhận tham dự" in dict(first.lines)) and "đồng chí" in dict(first.lines)["Xác nhận tham dự"]
    env = mailing(inv).addressees[0]
    assert env.name == first.addressee and env.address.startswith("Số 12 đường Trần Hưng Đạo")
    one = invitation_set(db, event_id, [inv.letters[-1].delegate_id])
    assert len(one.letters) == 1 and one.letters[0].delegate_id == inv.letters[-1].delegate_id  # chosen: no guests


def test_cli_lists_and_imports_all_rows_or_none(demo_path, tmp_path, capsys):
    import json

    import openpyxl

    from thidua_desktop.cli import main

    assert main(["guests", "--db", str(demo_path), "--event", EVENT, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [g["name"] for g in listed][:1] == ["Nguyễn Thị Thu Hà"] and len(listed) == 3
    path = tmp_path / "khach.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Chức vụ", "Cơ quan", "Địa chỉ"])
    wb.active.append(["Trần Quốc Việt", "Chánh Văn phòng", "Huyện ủy Hớn Quản", "Khu phố 1"])
    wb.save(path)
    assert main(["guests", "--db", str(demo_path), "--event", EVENT, "--import", str(path)]) == 0
    out = capsys.readouterr()
    assert "Đã nhập 1 dòng" in out.err and "Trần Quốc Việt - Chánh Văn phòng, Huyện ủy Hớn Quản" in out.out
    wb.active.append(["", "Phó Chánh Văn phòng"])  # a row without a name: all refused
    wb.save(path)
    assert main(["guests", "--db", str(demo_path), "--event", EVENT, "--import", str(path)]) == 1
    assert "Dòng 2: chưa có họ và tên" in capsys.readouterr().err
    assert main(["guests", "--db", str(demo_path), "--event", EVENT, "--import", str(tmp_path / "none.xlsx")]) == 2
    capsys.readouterr()
    assert main(["guests", "--db", str(demo_path), "--event", EVENT, "--json"]) == 0
    # Added to the list (tests/unit/test_event_guests_import.py); the refused file wrote nothing.
    assert [g["name"] for g in json.loads(capsys.readouterr().out)] == [g["name"] for g in listed] + ["Trần Quốc Việt"]
