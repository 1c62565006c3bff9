"""An import puts a row in the plan's own category when its Ghi chú or Chức vụ names it."""

from __future__ import annotations

from openpyxl import Workbook

from thidua_desktop.services import import_service, repository

COUNCIL = "Thành viên Hội đồng Thi đua - Khen thưởng"


def _add_plan_categories(db, event_id):
    plan_id = db.execute("SELECT plan_id FROM events WHERE id = ?", [event_id]).fetchone()[0]
    db["delegate_categories"].insert_all([
        {"plan_id": plan_id, "code": "council", "label": COUNCIL, "base": "guest",
         "words": '["hội đồng thi đua"]', "protocol_order": 0},
        {"plan_id": plan_id, "code": "heads", "label": "Thủ trưởng đơn vị thành viên", "base": "leader",
         "words": '["thủ trưởng"]', "protocol_order": 4},
    ])


def _workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ TÂN HƯNG"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Ghi chú"])
    ws.append([1, "Nguyễn Văn An", "Nam", 1970, "Kinh", "Phó Chủ tịch UBND", "UBND huyện", COUNCIL])
    ws.append([2, "Lê Thị Hoa", "Nữ", 1975, "Kinh", "Thủ trưởng đơn vị", "Phòng Nội vụ", ""])
    ws.append([3, "Trần Văn Bình", "Nam", 1980, "Kinh", "Nông dân", "Thôn 1", "Khách mời"])
    ws.append([4, "Phạm Thị Lan", "Nữ", 1985, "Kinh", "Công nhân", "Công ty", ""])
    wb.save(path)
    return path


def _land(db, event, path):
    plan = import_service.plan_import(db, event.id, import_service.read_file(db, path))
    assert plan.can_land, plan.errors
    import_service.apply_import(db, plan)
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT p.full_name, d.category, d.category_code FROM delegates d JOIN persons p "
        "ON p.id = d.person_id WHERE d.event_id = ? AND d.source_file = ?", [event.id, path.name])}


def test_plan_category_words_in_note_or_position_set_the_category(demo_db, tmp_path):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    _add_plan_categories(demo_db, event.id)
    got = _land(demo_db, event, _workbook(tmp_path / "ds.xlsx"))
    assert got == {
        "Nguyễn Văn An": ("guest", "council"),  # Ghi chú names the council
        "Lê Thị Hoa": ("leader", "heads"),  # Chức vụ names the member-unit heads
        "Trần Văn Bình": ("guest", ""),  # release 1's words: the parser's base kind, as before
        "Phạm Thị Lan": ("exemplary", ""),
    }


def test_without_plan_categories_the_import_is_as_before(demo_db, tmp_path):
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    got = _land(demo_db, event, _workbook(tmp_path / "ds.xlsx"))
    assert got["Nguyễn Văn An"] == ("exemplary", "")
    assert got["Lê Thị Hoa"] == ("exemplary", "")
    assert got["Trần Văn Bình"] == ("guest", "")
