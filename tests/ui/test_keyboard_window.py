"""Keyboard and orientation: Ctrl+Tab out of tables, the focus ring, menus with shortcuts,
the shortcut list, the last file on start, the welcome page's recent files, empty views."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication

from thidua_desktop.gui.help_dialogs import ShortcutsDialog, menu_shortcuts
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, demo_path):
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_ctrl_tab_leaves_a_table_and_tab_stays_inside(window, qtbot):
    window.select_tab("roster")
    table = window.roster_tab.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table and table.currentIndex().column() > 0  # next cell
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is not table
    assert window.tabs.currentIndex() == 1  # Ctrl+Tab did not change the tab
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not table and window.tabs.currentIndex() == 1


def test_focus_ring_frames_the_focused_control(window, qtbot):
    window.select_tab("roster")
    search = window.roster_tab.search
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    ring = QApplication.instance()._thidua_keyboard.ring
    assert ring is not None and ring.isVisible() and ring.parentWidget() is search.parentWidget()
    assert ring.geometry().contains(search.geometry()) and ring.geometry() != search.geometry()
    window.roster_tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.instance()._thidua_keyboard.ring is not ring)
    ring, table = QApplication.instance()._thidua_keyboard.ring, window.roster_tab.table
    # drawn on the table's nearest non-splitter ancestor, so compare in that widget's coordinates
    assert ring.geometry().contains(QRect(table.mapTo(ring.parentWidget(), QPoint(0, 0)), table.size()))


def test_every_menu_action_has_a_shortcut_and_no_two_clash(window):
    rows = menu_shortcuts(window)
    texts = [a.text() for m in window.menuBar().actions() for a in _leaves(m.menu())]
    assert len(rows) == len(texts)  # every action of every menu has a key
    keys = [k for _m, _t, ks in rows for k in ks.split(", ")]
    assert len(keys) == len(set(keys)), keys


def _leaves(menu):
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            if action.menu().title().replace("&", "") == "Mở gần đây":
                continue  # filled when shown: file names, no keys
            yield from _leaves(action.menu())
        else:
            yield action


def test_export_menu_lists_every_document(window):
    export = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Xuất")
    texts = [a.text().replace("&", "") for a in export.actions() if not a.isSeparator()]
    for word in ("chương trình", "kịch bản", "Excel", "Word", "CSV", "tiến độ", "nhắc nộp"):
        assert any(word in t for t in texts), word


def test_export_menu_entry_opens_its_tab(window, qtbot, monkeypatch):
    called = []
    monkeypatch.setattr(window.roster_tab, "export_dialog", lambda suffix: called.append(suffix))
    window.select_tab("timeline")
    action = next(a for a in window.export_menu.actions() if "ngang (&Word)" in a.text())
    action.trigger()
    assert called == [".docx"] and window.tabs.currentIndex() == 1


def test_shortcut_list_shows_menus_tabs_and_general_keys(window, qtbot):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    cells = {(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
             for r in range(dialog.table.rowCount())}
    assert ("Hoàn tác", "Ctrl+Z") in cells
    assert ("Xuất chương trình (PDF, Word)", "Ctrl+Alt+P") in cells
    assert any(text == "Thêm đại biểu" for text, _k in cells)  # a roster-tab action
    assert any(keys == "Ctrl+Tab" for _t, keys in cells)


def test_start_opens_the_last_file_that_still_exists(tmp_path, demo_path):
    from thidua_desktop.gui.app import last_file

    default = tmp_path / "default.sqlite"
    QSettings().setValue("recentFiles", [])
    assert last_file(default) == default
    gone, kept = tmp_path / "gone.sqlite", tmp_path / "kept.sqlite"
    shutil.copyfile(demo_path, kept)
    QSettings().setValue("recentFiles", [str(gone), str(kept)])
    assert last_file(default) == kept
    kept.unlink()
    assert last_file(default) == default


def test_welcome_lists_recent_files_and_opens_one_with_enter(qtbot, tmp_path, demo_path):
    from thidua_desktop.store.database import open_database as open_db

    empty = tmp_path / "empty.sqlite"
    QSettings().setValue("recentFiles", [str(demo_path), str(tmp_path / "missing.sqlite")])
    win = MainWindow(open_db(empty), empty)
    qtbot.addWidget(win)
    win.show()
    assert win.pages.currentWidget() is win.welcome
    recent = win.welcome.recent
    assert recent.count() == 1 and demo_path.name in recent.item(0).text()  # the missing one is left out
    assert "Bước tiếp theo" in win.welcome.text.text()
    recent.setFocus()
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    assert win.session.db_path == demo_path and win.pages.currentWidget() is win.tabs


def test_empty_views_say_what_to_do(window, qtbot):
    roster = window.roster_tab
    window.select_tab("roster")
    assert not roster.empty_hint.label.isVisible()
    roster.search.setText("không có ai tên như thế này")
    qtbot.waitUntil(lambda: roster.empty_hint.label.isVisible())
    assert "Không có đại biểu nào khớp" in roster.empty_hint.label.text()
    roster.search.clear()
    qtbot.waitUntil(lambda: not roster.empty_hint.label.isVisible())
    window.select_event_code("hn-tan-loi")
    window.select_tab("agenda")
    agenda = window.agenda_tab
    if agenda.model.rowCount() == 0:
        assert "Tạo chương trình mẫu" in agenda.empty_hint.label.text()
    else:
        assert not agenda.empty_hint.label.isVisible()


def test_every_form_label_gets_an_accelerator_and_alt_moves_there(window, qtbot):
    from PySide6.QtWidgets import QFormLayout, QLabel

    from thidua_desktop.gui import dialog_gallery

    dialog = dialog_gallery.build("reminder", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item and isinstance(item.widget(), QLabel) and item.widget().text():
                labels.append(item.widget())
    assert len(labels) >= 7
    letters = []
    for label in labels:
        assert "&" in label.text() and label.buddy() is not None, label.text()
        letter = label.text()[label.text().index("&") + 1].lower()
        assert letter.isascii() and letter.isalnum()
        letters.append(letter)
    assert len(letters) == len(set(letters))
    target = next(lb for lb in labels if lb.text().replace("&", "").startswith("Hạn gửi"))
    letter = target.text()[target.text().index("&") + 1].upper()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.reply_by or dialog.reply_by.isAncestorOf(QApplication.focusWidget())
    dialog.done(0)


@pytest.mark.parametrize("tab", ["timeline", "roster", "agenda", "dossiers"])
def test_thao_tac_menu_lists_the_tab_actions_and_buttons(window, tab):
    window.select_tab(tab)
    window._fill_tab_menu()
    texts = [a.text().replace("&", "") for a in window.tab_menu.actions() if not a.isSeparator()]
    expected = {"timeline": ["Thêm mốc…", "Sửa mốc…", "Cập nhật tiến độ…"],
                "roster": ["Thêm đại biểu…", "Dán từ Excel, Word…"],
                "agenda": ["▲ Lên", "Xóa mục", "Xem trước kịch bản"],
                "dossiers": ["Bắt đầu đợt mới…", "Nhắc nộp…"]}[tab]
    for text in expected:
        assert text in texts, (text, texts)
    assert len(texts) == len(set(texts))


def test_thao_tac_entry_for_a_button_clicks_it(window, monkeypatch):
    window.select_tab("agenda")
    called = []
    monkeypatch.setattr(window.agenda_tab, "show_preview", lambda script: called.append(script))
    window._fill_tab_menu()
    entry = next(a for a in window.tab_menu.actions() if a.text() == "Xem trước kịch bản")
    entry.trigger()
    assert called == [True]
