"""The attendance list and figures after the event, as Excel and PDF, read back."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest
from conformance import Expect, check_xlsx

from thidua_desktop.errors import UserError
from thidua_desktop.export.seating_attendance import write_attendance
from thidua_desktop.services import event_day
from thidua_desktop.store.database import open_database


@pytest.fixture
def marked(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? ORDER BY id LIMIT 5",
                                    [event_id])]
    for i, did in enumerate(ids):
        event_day.mark_present(db, did, f"Cửa {1 + i % 2}", "Lý Văn Thay" if i == 0 else "",
                               at=dt.datetime(2025, 6, 18, 7, 10 + i))
    yield db, event_id, ids
    db.close()


def test_xlsx_lists_everyone_with_presence_and_the_figures_add_up(marked, tmp_path):
    db, event_id, ids = marked
    listed = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    out = write_attendance(db, event_id, tmp_path / "cm.xlsx")
    assert check_xlsx(out, Expect(header_text="STT", signature="TRƯỞNG BAN")) == []
    wb = openpyxl.load_workbook(out)
    ws = wb["Danh sách có mặt"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    body = [r for r in rows[head + 1:] if isinstance(r[0], int)]
    assert len(body) == listed
    present = [r for r in body if r[4] == "x"]
    assert len(present) == 5 and sum(r[4] == "vắng" for r in body) == listed - 5
    assert {r[6] for r in present} == {"Cửa 1", "Cửa 2"} and any(r[7] == "Lý Văn Thay" for r in present)
    assert sorted(r[5] for r in present) == ["07:10", "07:11", "07:12", "07:13", "07:14"]
    figures = [[c.value for c in r] for r in wb["Số liệu"].iter_rows()]
    total = next(r for r in figures if r[0] == "TỔNG SỐ")
    assert total[1:3] == [5, listed] and total[3] == 300


def test_pdf_and_a_bad_extension(marked, tmp_path):
    db, event_id, _ids = marked
    with pytest.raises(UserError):
        write_attendance(db, event_id, tmp_path / "cm.docx")
    assert not (tmp_path / "cm.docx").exists()
    out = write_attendance(db, event_id, tmp_path / "cm.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "DANH SÁCH ĐẠI BIỂU CÓ MẶT" in text and "SỐ LIỆU ĐẠI BIỂU CÓ MẶT" in text
    assert "Lý Văn Thay" in text and "TỔNG SỐ" in text
