"""Every tab and dialog fits a 1024×600 screen whole: nothing off-screen, cut or clipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout

from thidua_desktop.commands.screenshot import DIALOG_NAMES
from thidua_desktop.gui import dialog_gallery
from thidua_desktop.gui.layout_check import problems

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "rosters" / "xa_an_phu_tcvn3_caps.xlsx"


def _probe(demo_path: Path, width: int, height: int, *extra: str) -> dict[str, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "ui" / "layout_probe.py"), str(demo_path), str(SAMPLE),
         str(width), str(height), *extra],
        capture_output=True, text=True, env=env, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_tab_and_dialog_fits_1024x600(demo_path):
    found = _probe(demo_path, 1024, 600)
    assert set(found) == {f"tab:{t}" for t in ("timeline", "roster", "agenda", "dossiers", "awards")} | {
        f"dialog:{d}" for d in dialog_gallery.DIALOGS}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_check_fails_when_a_dialog_has_a_minimum_larger_than_the_screen(demo_path):
    found = _probe(demo_path, 1024, 600, "--too-big", "reminder")
    assert any("vượt ra ngoài màn hình 1024×600" in p for p in found["dialog:reminder"])
    others = {k: v for k, v in found.items() if v and k != "dialog:reminder"}
    assert others == {}


def test_gallery_and_help_list_the_same_dialogs():
    assert tuple(dialog_gallery.DIALOGS) == DIALOG_NAMES
    for name in ("new-plan", "import-preview", "delegate", "program-preview", "reminder", "backup-settings"):
        assert name in DIALOG_NAMES


def _dialog(qtbot, *widgets):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(dialog)
    dialog.resize(400, 300)
    dialog.move(0, 0)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


SCREEN = QRect(0, 0, 1024, 600)


def test_check_passes_a_dialog_that_fits(qtbot):
    dialog = _dialog(qtbot, QLabel("Họ và tên:"), QPushButton("Lưu"))
    assert problems(dialog, SCREEN) == []


@pytest.mark.parametrize("spare", [-1, 0, 1])
def test_check_measures_a_button_text_at_its_edge(qtbot, spare):
    from thidua_desktop.gui.layout_check import BUTTON_PADDING

    button = QPushButton("Thêm tham luận…")
    need = button.fontMetrics().horizontalAdvance("Thêm tham luận…") + 2 * BUTTON_PADDING
    dialog = _dialog(qtbot, button)
    button.setFixedWidth(need + spare)
    qtbot.wait(10)
    found = problems(dialog, SCREEN)
    assert bool(found) == (spare < 0), found
    if spare < 0:
        assert "chữ bị cắt" in found[0]


def test_check_finds_a_label_cut_and_a_control_outside_the_window(qtbot):
    label = QLabel("Thẩm định ngày")
    dialog = _dialog(qtbot, label)
    label.setFixedWidth(30)
    outside = QPushButton("Đóng", dialog)
    outside.setGeometry(380, 280, 80, 30)  # half beyond the 400×300 dialog
    outside.show()
    qtbot.wait(10)
    found = problems(dialog, SCREEN)
    assert any("QLabel “Thẩm định ngày”: chữ bị cắt" in p for p in found)
    assert any("“Đóng” bị che hoặc nằm ngoài cửa sổ" in p for p in found)


def test_check_finds_a_window_larger_than_the_screen(qtbot):
    dialog = _dialog(qtbot, QLabel("x"))
    dialog.resize(1100, 300)
    qtbot.wait(10)
    assert any("vượt ra ngoài màn hình" in p for p in problems(dialog, SCREEN))
    dialog.resize(1000, 300)
    qtbot.wait(10)
    assert problems(dialog, SCREEN) == []


def test_check_finds_a_blank_dialog_whose_form_is_a_window_of_its_own(qtbot):
    outer = QDialog()
    qtbot.addWidget(outer)
    inner = QDialog(outer)  # what QUiLoader gives for a .ui whose top level is a QDialog
    QVBoxLayout(inner).addWidget(QPushButton("Tạo"))
    QVBoxLayout(outer).addWidget(inner)
    outer.resize(300, 200)
    outer.move(0, 0)
    outer.show()
    qtbot.waitExposed(outer)
    assert any("không hiện điều khiển nào" in p for p in problems(outer, SCREEN))
    inner.setWindowFlags(Qt.WindowType.Widget)
    inner.show()
    qtbot.wait(10)
    assert problems(outer, SCREEN) == []


def _form_with_stray(qtbot, add_it: bool):
    """The old "Thêm tham luận…" shape: a combo made with the dialog as parent, added or not."""
    from PySide6.QtWidgets import QComboBox, QFormLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    stray = QComboBox(dialog)
    stray.addItem("Phóng sự tổng quan")
    if add_it:
        form.addRow("Loại video:", stray)
    speaker = QComboBox(dialog)
    speaker.setAccessibleName("Người trình bày")
    form.addRow("Người trình bày:", speaker)
    dialog.resize(400, 200)
    dialog.move(0, 0)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_check_finds_a_control_left_out_of_the_layout_over_another(qtbot):
    found = problems(_form_with_stray(qtbot, add_it=False), SCREEN)
    assert any("QComboBox" in p and "chồng lên" in p for p in found), found


def test_check_passes_the_same_form_with_the_control_in_the_layout(qtbot):
    assert problems(_form_with_stray(qtbot, add_it=True), SCREEN) == []


def test_check_finds_a_control_outside_the_layout_even_where_it_overlaps_nothing(qtbot):
    dialog = _dialog(qtbot, QPushButton("Hủy"))
    dialog.layout().addStretch(1)
    loose = QPushButton("Lưu", dialog)
    loose.setGeometry(300, 250, 60, 30)
    loose.show()
    qtbot.wait(10)
    assert problems(dialog, SCREEN) == ["QPushButton “Lưu” nằm ngoài bố cục của cửa sổ"]
