"""Importing several files at once: one summary with each file's unit (editable) before anything lands."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES  # noqa: E402
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from thidua_desktop.gui.importer import import_summary
from thidua_desktop.gui.importer.import_summary import (
    COL_ERRORS,
    COL_ROWS,
    COL_WARNINGS,
    ImportSummaryDialog,
)
from thidua_desktop.gui.layout_check import problems
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import import_service, repository
from thidua_desktop.store.database import open_database

UNITLESS = Path(__file__).resolve().parents[2] / "tests" / "data" / "rosters" / "xa_phu_lo_utf8.csv"


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    return win


def _pick(monkeypatch, files, answer):
    """Ctrl+I with `files`; the summary dialog, once shown, is handed to `answer` (which accepts or not)."""
    seen, said = [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))

    def exec_(dialog):
        seen.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(ImportSummaryDialog, "exec", exec_)
    return seen, said


def _delegates(window, unit_name=None):
    sql = "SELECT count(*) FROM delegates WHERE event_id = ?"
    args = [window.session.event_id]
    if unit_name:
        event = repository.event(window.session.db, window.session.event_id)
        sql += " AND unit_id = ?"
        args.append(import_service.find_unit(window.session.db, event.plan_id, unit_name)[0])
    return window.session.db.execute(sql, args).fetchone()[0]


def _unitless_file(tmp_path):
    """A roster whose title names no unit (the Phú Lộ sample with its title block dropped)."""
    import shutil

    target = tmp_path / "khong_ghi_don_vi.csv"
    shutil.copy(UNITLESS, target)
    return target


def test_several_files_show_a_summary_and_cancel_writes_nothing(window, monkeypatch):
    window.select_event_code("dh-hon-quan")
    seen, said = _pick(monkeypatch, [SAMPLES / "xa_thanh_an_flat.xlsx", SAMPLES / "xa_tan_loi_split_year.xlsx"],
                       lambda d: QDialog.DialogCode.Rejected)
    before = _delegates(window)
    assert window.import_rosters() in (None, 0, False)
    assert len(seen) == 1 and said == []
    dialog = seen[0]
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["xa_thanh_an_flat.xlsx",
                                                                   "xa_tan_loi_split_year.xlsx"]
    assert [c.currentText() for c in dialog.unit_combos] == ["Xã Thanh An", "Xã Tân Lợi"]
    for row, plan in enumerate(dialog.plans):
        result = import_service.result_of(plan, 0)
        assert dialog.table.item(row, COL_ROWS).text() == str(len(plan.rows))
        assert dialog.table.item(row, COL_ERRORS).text() == str(len(result.errors))
        assert dialog.table.item(row, COL_WARNINGS).text() == str(len(result.warnings))
        assert not dialog.is_fallback(row)
    assert _delegates(window) == before


def test_a_file_without_unit_is_flagged_and_its_unit_can_be_changed(window, monkeypatch, tmp_path):
    window.select_event_code("hn-minh-duc")  # the walk: a commune event, a file naming no known unit
    unitless = _unitless_file(tmp_path)

    def choose_tan_loi(dialog):
        row = 1
        assert dialog.is_fallback(row)
        assert "b26a00" in dialog.unit_combos[row].styleSheet()
        dialog.table.setCurrentCell(row, 0)
        texts = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
        assert any("đơn vị tổ chức" in t or "không có trong danh sách" in t for t in texts), texts
        combo = dialog.unit_combos[row]
        combo.setCurrentIndex(combo.findData("Xã Tân Lợi"))
        combo.activated.emit(combo.currentIndex())
        assert not dialog.is_fallback(row)
        assert dialog.unit_combos[row].styleSheet() == ""
        assert dialog.plans[row].unit_label == "Xã Tân Lợi"
        return QDialog.DialogCode.Accepted

    def check_then_choose(dialog):
        assert not dialog.is_fallback(0)  # Minh Đức's own file names the host: no warning colour
        assert dialog.unit_combos[0].styleSheet() == ""
        return choose_tan_loi(dialog)

    seen, said = _pick(monkeypatch, [SAMPLES / "xa_minh_duc_flat_nfd_messy.xlsx", unitless], check_then_choose)
    tan_loi_before = _delegates(window, "Xã Tân Lợi")
    host_before = _delegates(window, "Xã Minh Đức")
    window.import_rosters()
    assert len(seen) == 1
    landed = len(seen[0].plans[1].rows)
    assert landed > 0
    assert _delegates(window, "Xã Tân Lợi") == tan_loi_before + landed
    assert _delegates(window, "Xã Minh Đức") == host_before + len(seen[0].plans[0].rows)
    assert "từ 2 tệp" in said[0]


def test_the_summary_fits_1024x600(window, qtbot, monkeypatch, tmp_path):
    window.select_event_code("hn-minh-duc")
    monkeypatch.setattr(import_summary.ImportSummaryDialog, "screen", lambda self: None)
    plans = [import_summary.plan_file(window.session, import_service.read_file(window.session.db, f))
             for f in (SAMPLES / "xa_thanh_an_flat.xlsx", SAMPLES / "xa_tan_loi_split_year.xlsx",
                       _unitless_file(tmp_path))]
    dialog = ImportSummaryDialog(window.session, plans, [], window)
    qtbot.addWidget(dialog)
    dialog.resize(min(dialog.width(), 1000), min(dialog.height(), 560))
    dialog.move(0, 0)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1024 and dialog.height() <= 600
    assert problems(dialog, QRect(0, 0, 1024, 600)) == []


def test_the_focus_ring_never_becomes_a_splitter_pane(qtbot):
    """The visible focus frame drawn on a splitter used to be taken as an empty framed pane."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget, QSplitter, QVBoxLayout, QWidget

    from thidua_desktop.gui import keyboard

    outer = QWidget()
    qtbot.addWidget(outer)
    split = QSplitter(Qt.Orientation.Vertical, outer)
    first, second = QListWidget(), QListWidget()
    split.addWidget(first)
    split.addWidget(second)
    QVBoxLayout(outer).addWidget(split)
    outer.resize(300, 300)
    outer.show()
    qtbot.waitExposed(outer)
    ring = keyboard.FocusRing(second)
    qtbot.wait(10)
    assert split.count() == 2
    assert ring.parentWidget() is outer
    assert ring.geometry().contains(second.mapTo(outer, second.rect().center()))
