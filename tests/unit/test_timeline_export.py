"""The progress workbook, read back with openpyxl: letterhead, as-of date, colours, totals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from openpyxl import load_workbook

from thidua_desktop.export.progress_xlsx import export_progress
from thidua_desktop.services import timeline_service as ts


def _texts(ws):
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _find(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_progress_workbook_on_the_demo(demo_db, tmp_path):
    tl = ts.timeline(demo_db, 1, dt.date(2025, 4, 15))
    path = export_progress(demo_db, tl, tmp_path / "tien-do.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Theo đơn vị", "Theo đơn vị (2)", "Theo đơn vị (3)", "Danh sách"]
    grid = wb["Theo đơn vị"]
    texts = _texts(grid)
    for expected in ("UBND HUYỆN HỚN QUẢN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hớn Quản, ngày 15 tháng 4 năm 2025",
                     "BÁO CÁO", "(Tình hình đến ngày 15/04/2025)"):
        assert expected in texts, expected
    assert grid["A1"].font.name == "Times New Roman"
    # Blocks one page wide, a sheet each: STT, Đơn vị, milestones (numbered); the last
    # block ends with the overdue count. Together they hold every milestone once.
    sheets = [ws for ws in wb.worksheets if ws.title.startswith("Theo đơn vị")]
    blocks = []
    for ws in sheets:
        header = _find(ws, "STT").row
        heads = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
        assert heads[1] == "Đơn vị" and ws.print_title_rows == f"${header}:${header}"
        blocks.append((ws, header, heads))
    titles = [h for _ws, _r, heads in blocks for h in heads[2:] if h and h != "Số mốc quá hạn"]
    assert [t.split(".")[0] for t in titles] == [str(i) for i in range(1, len(tl.milestones) + 1)]
    assert [h for h in blocks[-1][2] if h][-1] == "Số mốc quá hạn"
    assert {"Nơi nhận:", "TRƯỞNG PHÒNG"} <= set(_texts(sheets[-1]))
    assert "Nơi nhận:" not in _texts(sheets[0])
    grid, header, heads = next(b for b in blocks if any(x and x.startswith("6. Gửi báo cáo") for x in b[2]))
    col = next(i for i, h in enumerate(heads, 1) if h and h.startswith("6. Gửi báo cáo kết quả"))
    assert "(Hạn: 10/04/2025)" in heads[col - 1]
    rows = {grid.cell(r, 2).value: r for r in range(header + 1, grid.max_row + 1)}
    overdue_fill = ts.STATE_COLOURS["overdue"][1].lstrip("#")
    done_fill = ts.STATE_COLOURS["done"][1].lstrip("#")
    minh_tam = grid.cell(rows["Xã Minh Tâm"], col)
    assert minh_tam.value == "Trễ 5 ngày"
    assert minh_tam.fill.fgColor.rgb.endswith(overdue_fill)
    dong_no = grid.cell(rows["Xã Đồng Nơ"], col)
    assert dong_no.value == "14/04/2025 (trễ 4 ngày)" and dong_no.fill.fgColor.rgb.endswith(done_fill)
    last, last_header, last_heads = blocks[-1]
    last_rows = {last.cell(r, 2).value: r for r in range(last_header + 1, last.max_row + 1)}
    count_col = len([h for h in last_heads if h])
    assert last.cell(last_rows["Xã Minh Tâm"], count_col).value == 2  # the budget and the results
    done_row = next(r for r in range(header, grid.max_row + 1)
                    if grid.cell(r, 1).value == "Số đơn vị hoàn thành")
    assert grid.cell(done_row, col).value == "10/13"
    listing = wb["Danh sách"]
    assert "(Tình hình đến ngày 15/04/2025)" in _texts(listing)
    status = [c for c in listing["D"] if c.value == "Quá hạn"]
    assert len(status) == sum(ln.state == "overdue" for ln in tl.lines)
    assert all(c.fill.fgColor.rgb.endswith(overdue_fill) for c in status)
    assert grid.page_setup.orientation == "landscape" and grid.freeze_panes == f"C{header + 1}"


def test_text_that_looks_like_a_formula_stays_text(demo_db, tmp_path):
    demo_db.execute("UPDATE milestone_progress SET note = '=HYPERLINK(\"x\")' WHERE milestone_id = "
                    "(SELECT id FROM milestones WHERE code = 'district_event')")
    tl = ts.timeline(demo_db, 1, dt.date(2025, 4, 15))
    wb = load_workbook(export_progress(demo_db, tl, tmp_path / "p.xlsx"))
    cells = [c for row in wb["Danh sách"].iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert [c.value for c in cells] == ["=HYPERLINK(\"x\")"]  # exactly as typed, as text
    assert cells[0].data_type == "s" and cells[0].quotePrefix


def test_cli_exports_the_workbook(demo_path, tmp_path):
    out = tmp_path / "bao-cao" / "tien-do.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "thidua_desktop", "timeline", "--db", str(demo_path),
         "--as-of", "2025-03-05", "--out", str(out)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert "(Tình hình đến ngày 05/03/2025)" in _texts(wb["Theo đơn vị"])
