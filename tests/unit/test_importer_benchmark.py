"""Benchmark: parsing a 5,000-row roster costs at most twice what openpyxl takes merely to read it."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from thidua_desktop.importer import parse_roster

ROWS = 5000
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Minh Thanh Ngọc Quang Hữu Đức Kim Thu".split()
GIVEN = "An Bình Chi Dũng Giang Hạnh Hùng Lan Long Mai Nam Oanh Phong Quân Sơn Thảo".split()


def make_big_roster(path: Path, rows: int = ROWS) -> None:
    """The split-year layout (title, merged two-row header, total line) with `rows` people."""
    rnd = random.Random(5)
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["A4"] = "UBND XÃ TÂN LỢI", "DANH SÁCH TRÍCH NGANG ĐẠI BIỂU"
    ws.append([])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Thành tích nổi bật", "Ghi chú"])
    ws.append([None, None, "Nam", "Nữ"])
    ws.merge_cells("C7:D7")
    for col in "ABEFGHI":
        ws.merge_cells(f"{col}7:{col}8")
    for i in range(1, rows + 1):
        year = rnd.randint(1960, 2003)
        male = rnd.random() < 0.5
        ws.append([i, f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
                   year if male else None, None if male else year,
                   rnd.choice(["Kinh", "Hoa", "Khmer", "S'tiêng", "Tày"]), "Công nhân",
                   f"Công ty TNHH Cao su {rnd.randint(1, 40)}",
                   "Lao động tiên tiến; Giấy khen Chủ tịch UBND huyện",
                   rnd.choice(["", "", "Khách mời", "Lãnh đạo"])])
    ws.append([None, f"Tổng cộng: {rows} đại biểu"])
    wb.save(path)


def _cpu_seconds(func) -> float:
    """CPU time of one call: unlike wall time, not inflated by other processes on the machine."""
    start = time.process_time()
    func()
    return time.process_time() - start


def _openpyxl_read(path: Path) -> None:
    wb = load_workbook(path, read_only=True)
    for _row in wb.active.iter_rows(values_only=True):
        pass
    wb.close()


@pytest.mark.slow
def test_parse_is_at_most_twice_a_bare_openpyxl_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    make_big_roster(path)
    roster = parse_roster(path)
    assert len(roster.people) == ROWS and roster.error_count == 0
    bare_runs, our_runs = [], []
    for _ in range(5):  # interleaved, so both see the same conditions; best of five
        bare_runs.append(_cpu_seconds(lambda: _openpyxl_read(path)))
        our_runs.append(_cpu_seconds(lambda: parse_roster(path)))
    bare, ours = min(bare_runs), min(our_runs)
    print(f"\n5,000 rows, CPU: openpyxl read-only read {bare:.3f}s, parse_roster {ours:.3f}s, "
          f"ratio {ours / bare:.2f}")
    assert ours / bare <= 2.0
