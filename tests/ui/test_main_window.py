"""The main window on the demo: opens offscreen, switches tabs, selectors, menus, files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.show()
    return win


def test_window_opens_on_the_demo_with_five_tabs(window):
    tabs = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert tabs == ["Tiến độ kế hoạch", "Đại biểu", "Chương trình", "Hồ sơ", "Khen thưởng"]
    assert window.plan_combo.count() == 1
    assert window.event_combo.count() == 14
    assert "ĐẠI HỘI THI ĐUA YÊU NƯỚC" in window.event_combo.currentText()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[:2] == ["Tệp", "Sửa"] and "Trợ giúp" in menus


def test_switching_tabs_and_events_updates_views(window, qtbot):
    for name in ("timeline", "roster", "agenda", "dossiers"):
        window.select_tab(name)
        assert window.tabs.currentIndex() == ("timeline", "roster", "agenda", "dossiers").index(name)
    window.select_event_code("hn-tan-loi")
    assert "TÂN LỢI" in window.event_combo.currentText() and "(điểm)" in window.event_combo.currentText()
    assert "Xã Tân Lợi" in window.status_label.text()


def test_keyboard_shortcuts_switch_tabs(window, qtbot):
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2


def test_opening_a_file_that_is_not_ours_gives_a_sentence(window, tmp_path, monkeypatch):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert window.open_path(bad) is False
    assert shown and "không phải là tệp dữ liệu" in shown[0]
    assert window.event_combo.count() == 14


def test_window_state_is_kept(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.select_tab("agenda")
    win.close()
    again = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 2


def test_new_plan_dialog_creates_a_database(qtbot, tmp_path):
    from thidua_desktop.gui.new_plan_dialog import NewPlanDialog

    dialog = NewPlanDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    form = dialog.form
    form.organiserEdit.clear()
    dialog.accept()
    assert "tên đơn vị tổ chức" in form.errorLabel.text()
    # QTest types ASCII only (non-ASCII keys abort in qasciikey.cpp); type then insert.
    qtbot.keyClicks(form.organiserEdit, "Ch")
    form.organiserEdit.insert("ơn Thành")
    form.unitsEdit.setPlainText("Phường Hưng Long\nXã Minh Hưng")
    dialog.accept()
    assert dialog.created_path is not None and dialog.created_path.exists()
    db = open_database(dialog.created_path)
    names = [r[0] for r in db.execute("SELECT name FROM units ORDER BY position")]
    db.close()
    assert names == ["Chơn Thành", "Hưng Long", "Minh Hưng"]


def test_screenshot_command_renders_each_tab(demo_path, tmp_path):
    from PySide6.QtGui import QImage

    from thidua_desktop.cli import main

    for tab in ("timeline", "roster", "agenda", "dossiers"):
        out = tmp_path / f"{tab}.png"
        assert main(["screenshot", "--db", str(demo_path), "--tab", tab, "--out", str(out),
                     "--size", "1000x700"]) == 0
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1000, 700)


def test_qt_standard_buttons_are_vietnamese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from thidua_desktop.gui.app import _load_translations

    _load_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Có", "Hủy"}


def test_overdue_work_is_shown_when_the_app_opens(window):
    window.select_tab("agenda")
    window.show_todo_on_open()  # the demo's 2025 plan is all overdue by now
    assert window.tabs.currentIndex() == 0
    assert "quá hạn" in window.statusBar().currentMessage()


def test_an_empty_file_shows_the_welcome_page_and_a_plan_goes_into_it(qtbot, tmp_path, monkeypatch):
    from thidua_desktop.gui.new_plan_dialog import NewPlanDialog

    path = tmp_path / "moi.sqlite"
    win = MainWindow(open_database(path), path)
    qtbot.addWidget(win)
    win.show()
    assert win.pages.currentWidget() is win.welcome
    assert "chưa có kế hoạch" in win.welcome.text.text()

    def fill(dialog):
        assert dialog.form.fileEdit.text() == str(path) and dialog.form.fileEdit.isReadOnly()
        dialog.form.organiserEdit.setText("Bù Đăng")
        dialog.form.unitsEdit.setPlainText("Xã Đức Liễu\nThị trấn Đức Phong")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewPlanDialog, "exec", fill)
    qtbot.mouseClick(win.welcome.new_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.tabs
    assert win.event_combo.count() == 3
    assert "BÙ ĐĂNG" in win.event_combo.itemText(0)


def test_the_demo_opens_from_the_welcome_page(qtbot, tmp_path):
    path = tmp_path / "moi.sqlite"
    win = MainWindow(open_database(path), path)
    qtbot.addWidget(win)
    win.show()
    qtbot.mouseClick(win.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert win.session.db_path == tmp_path / "du-lieu-mau-hon-quan-2025.sqlite"
    assert win.pages.currentWidget() is win.tabs and win.event_combo.count() == 14
