"""An import adds to the event's guest list: listed guests (same name and agency) keep their row,
id and seat and take the new position and address; new ones are appended; `--replace` is asked."""

from __future__ import annotations

import json

import openpyxl
import pytest

from thidua_desktop.cli import main
from thidua_desktop.errors import ValidationError
from thidua_desktop.services import event_guests as eg
from thidua_desktop.services import seating
from thidua_desktop.store.database import open_database

EVENT = "dh-hon-quan"


@pytest.fixture
def demo(demo_congress):
    return demo_congress


def _workbook(path, rows):
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Chức vụ", "Cơ quan", "Địa chỉ"])
    for row in rows:
        wb.active.append(list(row))
    wb.save(path)
    return path


LISTED = [eg.Guest("Nguyễn Thị Thu Hà", "Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh", "Số 12", id=7),
          eg.Guest("Phạm Minh Tuấn", "Phó Bí thư", "Huyện ủy Hớn Quản", "Khu phố 1", id=8)]


def test_a_listed_guest_is_updated_in_place_and_a_new_one_appended():
    incoming = [eg.Guest("Lê Văn Bình", "Chánh Văn phòng", "UBND huyện"),
                eg.Guest("  phạm  minh TUẤN ", "Phó Bí thư Thường trực", "huyện ủy hớn quản", "")]
    result = eg.merge(LISTED, incoming)
    assert [g.id for g in result.guests] == [7, 8, None]
    tuan = result.guests[1]
    # Same person (case and spaces aside): the stored spelling stays, the position is the file's,
    # the empty address cell keeps the stored address.
    assert (tuan.full_name, tuan.title, tuan.agency, tuan.address) == (
        "Phạm Minh Tuấn", "Phó Bí thư Thường trực", "Huyện ủy Hớn Quản", "Khu phố 1")
    assert result.guests[0] == LISTED[0] and result.guests[2].full_name == "Lê Văn Bình"
    assert (result.added, result.updated, result.unchanged, result.removed) == (1, 1, 0, 0)
    assert result.summary() == "1 khách mời mới, 1 cập nhật"


@pytest.mark.parametrize(("name", "agency"), [
    ("Nguyen Thi Thu Ha", "Ban Thi dua - Khen thuong tinh"),  # typed without marks
    ("NGUYỄN THỊ THU HÀ", "BAN THI ĐUA - KHEN THƯỞNG TỈNH"),  # in capitals
    ("Nguyễn Thị Thu Hà", "Ban Thi đua - Khen thưởng tỉnh"),  # decomposed marks (a Mac's file)
])
def test_the_same_name_and_agency_folded_is_the_listed_guest(name, agency):
    import unicodedata

    name, agency = unicodedata.normalize("NFD", name), unicodedata.normalize("NFD", agency)
    result = eg.merge(LISTED, [eg.Guest(name, "Phó Trưởng ban", agency)])
    assert len(result.guests) == 2 and result.updated == 1
    assert result.guests[0] == eg.Guest("Nguyễn Thị Thu Hà", "Phó Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh",
                                        "Số 12", id=7)  # her stored spelling, the file's position


@pytest.mark.parametrize(("name", "agency"), [
    ("Nguyễn Thị Thu Hằng", "Ban Thi đua - Khen thưởng tỉnh"),  # another name
    ("Nguyễn Thị Thu Hà", "Sở Nội vụ tỉnh"),  # same name, another agency
    ("Nguyễn Thị Thu Hà", ""),  # same name, no agency
])
def test_another_name_or_agency_is_another_guest(name, agency):
    result = eg.merge(LISTED, [eg.Guest(name, "Phó Trưởng ban", agency)])
    assert result.guests[:2] == LISTED and len(result.guests) == 3 and result.added == 1


def test_an_unchanged_row_is_counted_as_such_and_a_repeated_row_updates_the_same_guest():
    result = eg.merge(LISTED, [eg.Guest("Nguyễn Thị Thu Hà", "Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh"),
                               eg.Guest("Đỗ An", "A"), eg.Guest("Đỗ An", "B", "", "Khu phố 9")])
    assert result.guests[0] == LISTED[0] and (result.unchanged, result.added) == (1, 1)
    assert result.guests[2] == eg.Guest("Đỗ An", "B", "", "Khu phố 9") and len(result.guests) == 3


def test_replace_keeps_the_named_guests_ids_in_file_order_and_drops_the_others():
    result = eg.merge(LISTED, [eg.Guest("Lê Văn Bình"), eg.Guest("Phạm Minh Tuấn", "", "Huyện ủy Hớn Quản")],
                      replace=True)
    assert [(g.full_name, g.id) for g in result.guests] == [("Lê Văn Bình", None), ("Phạm Minh Tuấn", 8)]
    assert (result.added, result.unchanged, result.removed) == (1, 1, 1)
    assert "1 bỏ khỏi danh sách" in result.summary()


def test_replacing_by_a_file_without_rows_is_refused_but_adding_nothing_is_harmless():
    with pytest.raises(ValidationError, match="Tệp không có dòng khách mời nào; .* xóa cả 2 khách mời"):
        eg.merge(LISTED, [], replace=True)
    assert eg.merge(LISTED, []).guests == LISTED and eg.merge(LISTED, []).summary() == "không có dòng nào"
    assert eg.merge([], [], replace=True).guests == []  # nothing to lose


@pytest.mark.parametrize("new", [eg.MAX_GUESTS - len(LISTED) - 1, eg.MAX_GUESTS - len(LISTED),
                                 eg.MAX_GUESTS - len(LISTED) + 1])
def test_the_merged_list_is_bounded_at_its_limit(new):
    incoming = [*LISTED, *(eg.Guest(f"Khách {i}") for i in range(new))]  # the listed ones do not count twice
    if len(LISTED) + new <= eg.MAX_GUESTS:
        assert len(eg.merge(LISTED, incoming).guests) == len(LISTED) + new
    else:
        with pytest.raises(ValidationError, match=f"danh sách có {eg.MAX_GUESTS + 1} khách mời "
                                                  f"\\(2 đã có, {new} mới\\), quá giới hạn {eg.MAX_GUESTS}"):
            eg.merge(LISTED, incoming)
        # Replacing by the file without the first listed guest drops her: back at the limit.
        assert len(eg.merge(LISTED, incoming[1:], replace=True).guests) == eg.MAX_GUESTS


def test_an_import_keeps_a_seated_guest_s_seat_and_stores_the_update(demo):
    db, event_id = demo
    before = eg.guests(db, event_id)
    seats = seating.seats(db, event_id)
    assert all(seating.guest_key(g.id) in seats for g in before)  # the demo seats its guests
    first = before[0]
    result = eg.import_guests(db, event_id, [eg.Guest(first.full_name, "Trưởng ban (mới)", first.agency),
                                             eg.Guest("Trần Quốc Việt", "Chánh Văn phòng", "Huyện ủy Hớn Quản")])
    after = eg.guests(db, event_id)
    assert [g.id for g in after[:3]] == [g.id for g in before] and after[0].title == "Trưởng ban (mới)"
    assert after[0].address == first.address and after[3].full_name == "Trần Quốc Việt"
    now = seating.seats(db, event_id)
    assert all(now[seating.guest_key(g.id)] == seats[seating.guest_key(g.id)] for g in before)
    assert seating.guest_key(after[3].id) not in now and (result.added, result.updated) == (1, 1)


def test_cli_adds_by_default_replaces_when_asked_and_refuses_replace_alone(demo_path, tmp_path, capsys):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]
    before = eg.guests(db, event_id)
    db.close()
    args = ["guests", "--db", str(demo_path), "--event", EVENT]
    path = _workbook(tmp_path / "khach.xlsx", [(before[1].full_name, "", before[1].agency, "Khu phố 2 (mới)"),
                                               ("Trần Quốc Việt", "Chánh Văn phòng", "Huyện ủy Hớn Quản")])
    assert main([*args, "--import", str(path)]) == 0
    out = capsys.readouterr()
    assert "Đã nhập 2 dòng" in out.err and "1 khách mời mới, 1 cập nhật." in out.err
    assert main([*args, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [g["name"] for g in listed] == [g.full_name for g in before] + ["Trần Quốc Việt"]
    assert listed[1]["address"] == "Khu phố 2 (mới)" and listed[1]["position"] == before[1].title
    db = open_database(demo_path)
    kept = eg.guests(db, event_id)[1]
    seat = seating.seats(db, event_id)[seating.guest_key(kept.id)]
    db.close()
    assert main([*args, "--import", str(path), "--replace"]) == 0
    assert "2 không đổi, 2 bỏ khỏi danh sách" in capsys.readouterr().err
    db = open_database(demo_path)
    after = eg.guests(db, event_id)
    assert [g.full_name for g in after] == [before[1].full_name, "Trần Quốc Việt"] and after[0].id == kept.id
    assert seating.seats(db, event_id)[seating.guest_key(kept.id)] == seat  # the seat stays with the row
    db.close()
    assert main([*args, "--replace"]) == 2
    assert "--replace chỉ dùng cùng --import" in capsys.readouterr().err


@pytest.mark.parametrize("copies", [1, 2, 3])
def test_rows_repeating_a_guest_of_the_same_file_are_counted_and_said(copies):
    row = eg.Guest(" nguyễn  văn an ", "Chánh Văn phòng", "Huyện ủy Hớn Quản")
    incoming = [eg.Guest("Trần Văn Mới", "", "Sở Nội vụ"), *([row] * copies)]
    result = eg.merge([], incoming)
    assert (result.added, result.repeated, len(result.guests)) == (2, copies - 1, 2)
    assert result.added + result.updated + result.unchanged + result.repeated == len(incoming)
    said = "dòng lặp lại một khách mời ở dòng trên"
    assert (f"{copies - 1} {said}" in result.summary()) == (copies > 1)
    again = eg.merge(result.guests, incoming)  # the same file twice: all listed already
    assert (again.unchanged, again.repeated, again.added) == (2, copies - 1, 0)
