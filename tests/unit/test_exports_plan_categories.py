"""The roster (xlsx, docx) and the script follow the plan's own categories and their order."""

from __future__ import annotations

import docx
import openpyxl

from thidua_desktop.cli import main
from thidua_desktop.export.roster_common import roster_document
from thidua_desktop.export.script_content import script_document
from thidua_desktop.services import repository
from thidua_desktop.services.delegate_categories import categories_in_protocol_order
from thidua_desktop.store.database import open_database

COUNCIL = "Thành viên Hội đồng Thi đua - Khen thưởng"
OBSERVER = "Đại biểu dự thính"


def _setup(path):
    """Two plan categories, both counted as guests, one before and one after Điển hình tiên tiến;
    in the first delegation with three exemplary delegates: one of each, the rest as they were."""
    db = open_database(path)
    event = repository.event_by_code(db, "dh-hon-quan")
    db["delegate_categories"].insert_all([
        {"plan_id": event.plan_id, "code": "council", "label": COUNCIL, "base": "guest",
         "protocol_order": 0},
        {"plan_id": event.plan_id, "code": "observer", "label": OBSERVER, "base": "guest",
         "protocol_order": 9},
    ])
    doc = roster_document(db, event.id)
    unit, names = next((u, [ln.name for ln in lines if ln.category_code == "exemplary"])
                       for u, lines in doc.groups()
                       if sum(ln.category_code == "exemplary" for ln in lines) >= 3)
    moved = {names[0]: "observer", names[-1]: "council"}  # first by name -> last, last -> first
    for name, code in moved.items():
        db.execute("UPDATE delegates SET category = 'guest', category_code = ? WHERE event_id = ? AND "
                   "person_id = (SELECT id FROM persons WHERE full_name = ?)", [code, event.id, name])
    return db, event, unit, moved


def test_roster_groups_each_delegation_by_the_plans_categories(demo_path):
    db, event, unit, moved = _setup(demo_path)
    doc = roster_document(db, event.id)
    assert doc.category_order == ("council", "exemplary", "leader", "guest", "observer")
    lines = dict(doc.groups())[unit]
    codes = [ln.category_code for ln in lines]
    rank = {c: i for i, c in enumerate(doc.category_order)}
    assert codes == sorted(codes, key=rank.__getitem__)  # protocol order, stable by name inside
    council, observer = (next(n for n, c in moved.items() if c == code) for code in ("council", "observer"))
    assert lines[0].name == council and lines[-1].name == observer
    assert lines[0].remark.startswith(COUNCIL) and lines[-1].remark.startswith(OBSERVER)
    db.close()


def _table_names_and_remarks(rows):
    """(name, Ghi chú) of delegate rows, from a header row holding “Họ và tên” and “Ghi chú”."""
    header = next(i for i, r in enumerate(rows) if "Họ và tên" in r and "Ghi chú" in r)
    name_col, note_col = rows[header].index("Họ và tên"), rows[header].index("Ghi chú")
    width = max(name_col, note_col)
    return [(r[name_col], r[note_col] or "") for r in rows[header + 1:] if len(r) > width and r[name_col]]


def test_xlsx_and_docx_show_the_labels_in_protocol_order(demo_path, tmp_path):
    db, event, unit, moved = _setup(demo_path)
    db.close()
    council, observer = (next(n for n, c in moved.items() if c == code) for code in ("council", "observer"))
    for suffix in (".xlsx", ".docx"):
        out = tmp_path / f"ds{suffix}"
        assert main(["export-roster", "--db", str(demo_path), "--event", "dh-hon-quan",
                     "--out", str(out)]) == 0
        if suffix == ".xlsx":
            ws = openpyxl.load_workbook(out).active
            rows = [[("" if v is None else str(v)) for v in r] for r in ws.iter_rows(values_only=True)]
        else:
            rows = [[c.text for c in r.cells] for t in docx.Document(str(out)).tables for r in t.rows]
        got = _table_names_and_remarks(rows)
        names = [n for n, _ in got]
        assert names.index(council) < names.index(observer), suffix
        remarks = dict(got)
        assert remarks[council].startswith(COUNCIL), suffix
        assert remarks[observer].startswith(OBSERVER), suffix


def test_the_script_introduces_guests_in_the_plans_category_order(demo_path):
    db, event, _unit, moved = _setup(demo_path)
    # No hand-set protocol ranks: the categories give the order.
    db.execute("UPDATE delegates SET protocol_rank = 0 WHERE event_id = ?", [event.id])
    guests = db.execute(
        "SELECT p.full_name, COALESCE(NULLIF(d.category_code, ''), d.category), p.sort_key "
        "FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? AND d.presidium = 0 "
        "AND d.status != 'absent' AND d.category IN ('leader', 'guest')", [event.id]).fetchall()
    order = {c.code: c.protocol_order for c in categories_in_protocol_order(db, event.id)}
    expected = [n for n, _c, _k in sorted(guests, key=lambda g: (order[g[1]], g[2]))]
    text = [line.text for block in script_document(db, event.id).blocks for line in block.lines]
    opening = next(i for i, t in enumerate(text) if expected[0] in t)
    shown = []
    for name in expected:
        at = next(i for i, t in enumerate(text[opening:], start=opening) if name in t)
        shown.append(at)
    assert shown == sorted(shown) and len(set(shown)) == len(shown)
    assert expected[0] == next(n for n, c in moved.items() if c == "council")
    assert expected[-1] == next(n for n, c in moved.items() if c == "observer")
    db.close()
