"""The main window: plan and event selectors, five tabs, menus, status bar."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from thidua_desktop import APP_NAME, __version__
from thidua_desktop.errors import UserError
from thidua_desktop.gui import keyboard
from thidua_desktop.gui.accelerators import unique_accelerators
from thidua_desktop.gui.screen_fit import available, fit_to_screen, fraction_of_screen
from thidua_desktop.gui.session import Session
from thidua_desktop.gui.widgets.elided_label import ElidedLabel
from thidua_desktop.services import repository

log = logging.getLogger(__name__)
MAX_RECENT = 8


TAB_NAMES = ("timeline", "roster", "agenda", "dossiers", "awards")
# Each tab: its label and where its class lives (imported when the tab is first built).
TAB_SPECS = {
    "timeline": ("Tiến độ &kế hoạch", "thidua_desktop.gui.tabs.timeline_tab", "TimelineTab"),
    "roster": ("&Đại biểu", "thidua_desktop.gui.tabs.roster_tab", "RosterTab"),
    "agenda": ("&Chương trình", "thidua_desktop.gui.tabs.agenda_tab", "AgendaTab"),
    "dossiers": ("&Hồ sơ", "thidua_desktop.gui.tabs.dossiers_tab", "DossiersTab"),
    "awards": ("Khen &thưởng", "thidua_desktop.gui.awards_tab", "AwardsTab"),
}


def _lazy_tab(name: str) -> property:
    """`window.roster_tab` and the like: the tab, built on first use."""
    return property(lambda self: self.tab(name), doc=f"The {name} tab (built on first use).")


def _dialog(module: str, function: str, *args):
    """A menu's dialog, its module imported when first chosen (not before the first paint)."""
    import importlib

    return getattr(importlib.import_module(f"thidua_desktop.gui.{module}"), function)(*args)


class MainWindow(QMainWindow):
    """Thi đua Desktop's one window."""

    def __init__(self, db, db_path: Path | None, parent: QWidget | None = None, readonly=False):
        super().__init__(parent)
        self._constructed = False  # tabs are built on demand once the window stands
        self.session = Session(db, db_path, self, readonly=readonly)
        keyboard.install(QApplication.instance())
        self.settings = QSettings()
        self._build_selectors()
        self._build_tabs()
        self._build_menus()
        # Event, date, count and the file's path: shortened with "…" on a narrow window (whole in the tooltip).
        self.status_label = ElidedLabel("", self)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.session.database_changed.connect(self._on_database_changed)
        self.last_report = ""
        self.session.message.connect(self.show_report)
        self.session.data_changed.connect(self._update_status)
        # An event's official name is what the selector shows: refill it when details change.
        self.session.data_changed.connect(lambda area: area == "events" and self._fill_events())
        self.session.event_changed.connect(self._update_status)
        self._on_database_changed()
        self._restore_state()
        self._constructed = True
        self._build_current_tab(self.tabs.currentIndex())  # after the saved tab is chosen: only that one
        if db_path is not None:
            self._remember_recent(db_path)

    # --- construction -------------------------------------------------
    def _build_selectors(self) -> None:
        bar = QToolBar("Chọn kế hoạch", self)
        bar.setObjectName("selectorBar")
        bar.setMovable(False)
        self.plan_combo = self._selector("Kế hoạch", 2)
        self.event_combo = self._selector("Sự kiện", 3)
        for text, combo in ((" Kế h&oạch: ", self.plan_combo), ("  Sự kiệ&n: ", self.event_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        self.addToolBar(bar)
        self.plan_combo.currentIndexChanged.connect(self._on_plan_picked)
        self.event_combo.currentIndexChanged.connect(self._on_event_picked)

    def _selector(self, name: str, stretch: int) -> QComboBox:
        """A plan or event chooser that shares the bar's width instead of demanding it."""
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12 * stretch)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.currentIndexChanged.connect(lambda _i: combo.setToolTip(combo.currentText()))
        return combo

    def _build_tabs(self) -> None:
        # Only the tab on screen is built before the first paint; the others hold an empty
        # page until shown or asked for (`tab()`), so start-up does not grow with the file.
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._built_tabs: dict[str, QWidget] = {}
        for name in TAB_NAMES:
            self.tabs.addTab(QWidget(self.tabs), TAB_SPECS[name][0])
        self.tabs.currentChanged.connect(self._build_current_tab)
        # each tab shows other controls: their Alt letters are made unique against menus and tabs
        self.tabs.currentChanged.connect(lambda _i: unique_accelerators(self))
        from thidua_desktop.gui.welcome import WelcomePage

        self.welcome = WelcomePage(self, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

    timeline_tab = _lazy_tab("timeline")
    roster_tab = _lazy_tab("roster")
    agenda_tab = _lazy_tab("agenda")
    dossiers_tab = _lazy_tab("dossiers")
    awards_tab = _lazy_tab("awards")

    def tab(self, name: str) -> QWidget:
        """The tab `name` of TAB_NAMES, built now if it has not been yet (in its place, same label)."""
        built = self._built_tabs.get(name)
        if built is not None:
            return built
        import importlib

        text, module, cls = TAB_SPECS[name]
        built = getattr(importlib.import_module(module), cls)(self.session, self)
        self._built_tabs[name] = built
        index, current = TAB_NAMES.index(name), self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        # Swapped without a currentChanged: the current tab stays what it was.
        self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, built, text)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return built

    def built_tabs(self) -> list[str]:
        """The names of the tabs built so far (the others are built when first shown)."""
        return [name for name in TAB_NAMES if name in self._built_tabs]

    def build_all_tabs(self) -> None:
        """Build every tab (the shortcut list reads every tab's actions)."""
        for name in TAB_NAMES:
            self.tab(name)

    def _build_current_tab(self, index: int) -> None:
        if self._constructed and 0 <= index < len(TAB_NAMES) and self.pages.currentWidget() is self.tabs:
            self.tab(TAB_NAMES[index])

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self._action(file_menu, "&Mới từ mẫu…", self.new_from_template, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Mở…", self.open_file_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Mở &gần đây")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self._action(file_menu, "&Nhập danh sách đại biểu…", self.import_rosters, "Ctrl+I")
        self._action(file_menu, "Nhập cả &thư mục danh sách…", self.import_folder, "Ctrl+Shift+I")
        file_menu.addSeparator()
        self._action(file_menu, "Lưu kế hoạch thành &mẫu…", self.save_as_template, "Ctrl+Alt+M")
        file_menu.addSeparator()
        self._action(file_menu, "&Sao lưu…", self.backup_dialog, "Ctrl+Shift+S")
        self._action(file_menu, "&Khôi phục…", self.restore_dialog, "Ctrl+Alt+O")
        self._action(file_menu, "Sao lưu &tự động…",
                     lambda _=False: _dialog("backup_settings_dialog", "show_backup_settings", self), "Ctrl+Alt+B")
        file_menu.addSeparator()
        self._action(file_menu, "T&hoát", self.close, "Ctrl+Q")
        edit_menu = bar.addMenu("&Sửa")
        undo = self.session.undo_stack.createUndoAction(self, "&Hoàn tác")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, "&Làm lại")
        # StandardKey.Redo alone is Ctrl+Y here; Ctrl+Y twice made the shortcut ambiguous (dead).
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Dán danh sách đại biểu từ Excel, Word…", self.paste_rows, "Ctrl+Shift+V")
        self.undo_action, self.redo_action = undo, redo
        event_menu = bar.addMenu("Sự &kiện")
        self.details_action = self._action(
            event_menu, "&Thông tin sự kiện và kế hoạch…",
            lambda _=False: _dialog("event_details_dialog", "show_event_details", self.session, self), "Ctrl+Shift+T")
        self.wording_action = self._action(
            event_menu, "&Lời dẫn kịch bản…",
            lambda _=False: _dialog("wording_dialog", "show_wording", self.session, self), "Ctrl+Shift+L")
        self.categories_action = self._action(
            event_menu, "Thành phần đại &biểu…",
            lambda _=False: _dialog("categories_dialog", "show_categories", self.session, self), "Ctrl+Alt+D")
        self.seat_rules_action = self._action(
            event_menu, "&Quy tắc chia chỉ tiêu…",
            lambda _=False: _dialog("seat_rules_dialog", "show_seat_rules", self.session, self), "Ctrl+Alt+Shift+G")
        self.award_forms_action = self._action(event_menu, "&Hình thức khen thưởng…",
                                               lambda _=False: self.awards_tab.edit_forms(), "Ctrl+Alt+Shift+H")
        view_menu = bar.addMenu("&Xem")
        for index, name in enumerate(("&Tiến độ kế hoạch", "&Đại biểu", "&Chương trình", "&Hồ sơ",
                                      "&Khen thưởng")):
            self._action(view_menu, name, lambda _=False, i=index: self.tabs.setCurrentIndex(i),
                         f"Ctrl+{index + 1}")
        from thidua_desktop.gui.event_day_menu import add_event_day_menu

        add_event_day_menu(self)
        self.tab_menu = bar.addMenu("Th&ao tác")
        self.tab_menu.aboutToShow.connect(self._fill_tab_menu)
        self._build_export_menu(bar.addMenu("X&uất"))
        self.export_menu.addSeparator()
        awards_menu = self.export_menu.addMenu("Khen t&hưởng")
        from thidua_desktop.gui.awards_exports import EXPORTS

        for number, (kind, label) in enumerate(EXPORTS, start=1):
            # the tab is asked for when chosen: it need not exist before the first paint
            self._action(awards_menu, f"{label}…", lambda _=False, k=kind, t=label: self.awards_tab.export(k, t),
                         f"Ctrl+Alt+{number}")
        help_menu = bar.addMenu("Trợ &giúp")
        self._action(help_menu, "&Phím tắt…", self.show_shortcuts, "F1")
        self._action(help_menu, "&Các bước tổ chức…", self.show_guide, "Shift+F1")
        help_menu.addSeparator()
        self._action(help_menu, "&Giới thiệu", self.about, "Ctrl+F1")

    def _fill_tab_menu(self) -> None:
        """Thao tác: what the current tab can do — its actions (with their keys), then its buttons."""
        from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton, QTabBar, QToolButton

        menu = self.tab_menu
        menu.clear()
        tab = self.tabs.currentWidget()
        if self.pages.currentWidget() is not self.tabs or tab is None:
            menu.addAction("(chưa mở kế hoạch)").setEnabled(False)
            return
        seen = set()
        for widget in [tab, *tab.findChildren(QWidget)]:
            for action in widget.actions():
                if action.text() and not action.isSeparator() and action.text() not in seen:
                    seen.add(action.text())
                    menu.addAction(action)
        menu.addSeparator()
        for button in tab.findChildren(QAbstractButton):
            text = button.text()
            has_action = isinstance(button, QToolButton) and button.defaultAction() is not None
            if not text or not button.isVisible() or isinstance(button, (QCheckBox, QRadioButton)) \
                    or text in seen or has_action or isinstance(button.parentWidget(), QTabBar):
                continue
            seen.add(text)
            entry = menu.addAction(text, button.click)
            entry.setEnabled(button.isEnabled())
            entry.setToolTip(button.toolTip())

    def _build_export_menu(self, menu) -> None:
        """Xuất: every document the window writes, each with a shortcut (the tab is shown first)."""
        self.export_menu = menu

        def on(tab: str, call):
            def run(_checked=False):
                if self.session.db is None or not self.session.event_id:
                    self.statusBar().showMessage("Hãy mở tệp dữ liệu và chọn sự kiện trước.", 8000)
                    return
                self.select_tab(tab)
                call(getattr(self, f"{tab}_tab"))
            return run

        entries = (
            ("Xem trước &chương trình…", "agenda", lambda t: t.show_preview(False), "Ctrl+Shift+P"),
            ("Xem trước &kịch bản điều hành…", "agenda", lambda t: t.show_preview(True), "Ctrl+Shift+K"),
            ("Xuất chương &trình (PDF, Word)…", "agenda", lambda t: t.export(False), "Ctrl+Alt+P"),
            ("Xuất kịch &bản điều hành (PDF, Word)…", "agenda", lambda t: t.export(True), "Ctrl+Alt+K"),
            None,
            ("Danh sách trích ngang (&Excel)…", "roster", lambda t: t.export_dialog(".xlsx"), "Ctrl+Alt+E"),
            ("Danh sách trích ngang (&Word)…", "roster", lambda t: t.export_dialog(".docx"), "Ctrl+Alt+L"),
            ("Danh sách trích ngang (CS&V)…", "roster", lambda t: t.export_dialog(".csv"), "Ctrl+Alt+Shift+L"),
            None,
            ("Bảng tiến độ kế hoạch (E&xcel)…", "timeline", lambda t: t.export_dialog(), "Ctrl+Alt+T"),
            ("Thư &nhắc nộp hồ sơ…", "dossiers", lambda t: t.reminder_dialog(), "Ctrl+Shift+R"),
            None,
            ("&In danh sách đại biểu…", "roster", lambda t: t.print_preview(), "Ctrl+P"),
            ("In chương trình…", "agenda", lambda t: t.print_preview(False), "Ctrl+Alt+Shift+P"),
            ("In kịch bản điều hành…", "agenda", lambda t: t.print_preview(True), "Ctrl+Alt+Shift+K"),
        )
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, tab, call, keys = entry
            self._action(menu, text, on(tab, call), keys)

    # --- selectors ------------------------------------------------------
    def _on_database_changed(self) -> None:
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        db = self.session.db
        if db is not None:
            for plan in repository.plans(db):
                self.plan_combo.addItem(plan.title, plan.id)
            index = self.plan_combo.findData(self.session.plan_id)
            self.plan_combo.setCurrentIndex(max(index, 0))
        self.plan_combo.blockSignals(False)
        self._fill_events()
        has_plan = self.plan_combo.count() > 0
        self.welcome.set_file(self.session.db_path if db is not None else None)
        self.welcome.set_recent(self.recent_files(), self.session.db_path)
        self.pages.setCurrentWidget(self.tabs if has_plan else self.welcome)
        if self._constructed:
            self._build_current_tab(self.tabs.currentIndex())
        path = self.session.db_path
        title = f"{path.name} — {APP_NAME}" if path else APP_NAME
        if self.session.readonly:
            title += " (chỉ đọc)"
        self.setWindowTitle(title)
        self._update_status()

    def _fill_events(self) -> None:
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        db = self.session.db
        if db is not None and self.session.plan_id:
            for event in repository.events(db, self.session.plan_id):
                label = event.name.replace("\n", " ")
                if event.is_pilot:
                    label += " (điểm)"
                self.event_combo.addItem(label, event.id)
            index = self.event_combo.findData(self.session.event_id)
            self.event_combo.setCurrentIndex(max(index, 0))
        self.event_combo.blockSignals(False)

    def _on_plan_picked(self, index: int) -> None:
        self.session.set_plan(self.plan_combo.itemData(index))
        self._fill_events()

    def _on_event_picked(self, index: int) -> None:
        self.session.set_event(self.event_combo.itemData(index))

    def select_event_code(self, code: str) -> None:
        """Make the event with this code current (used by tests and the CLI)."""
        event = repository.event_by_code(self.session.db, code)
        self.session.set_plan(event.plan_id)
        self._fill_events()
        self.event_combo.setCurrentIndex(self.event_combo.findData(event.id))

    def select_tab(self, name: str) -> None:
        """Show the tab `timeline`, `roster`, `agenda`, `dossiers` or `awards`."""
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def _update_status(self, *_args) -> None:
        db = self.session.db
        if db is None:
            self.status_label.setText("Chưa mở tệp dữ liệu — Tệp > Mới từ mẫu hoặc Tệp > Mở.")
            return
        text = str(self.session.db_path or "")
        if self.session.event_id:
            event = repository.event(db, self.session.event_id)
            count = repository.delegate_count(db, event.id)
            limit = f"/{event.max_delegates}" if event.max_delegates else ""
            date = event.date.strftime("%d/%m/%Y") if event.date else "chưa có ngày"
            text = f"{event.unit_name} · {date} · {count}{limit} đại biểu   |   {text}"
        self.status_label.setText(text)

    # --- files ----------------------------------------------------------
    def open_path(self, path: Path, readonly: bool = False) -> bool:
        """Open another database file; a bad file gets a sentence, nothing changes."""
        from thidua_desktop.gui.startup_checks import open_in_window

        return open_in_window(self, Path(path), readonly)

    def open_file_dialog(self) -> None:
        """Tệp > Mở."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Mở tệp dữ liệu", str(self._start_dir()), "Tệp dữ liệu Thi đua (*.sqlite *.db);;Mọi tệp (*)"
        )
        if path:
            self.open_path(Path(path))

    def _start_dir(self) -> Path:
        return self.session.db_path.parent if self.session.db_path else Path.home()

    def new_from_template(self) -> None:
        """Tệp > Mới từ mẫu: choose template, organiser, paste units, pick the file."""
        from thidua_desktop.gui.new_plan_dialog import NewPlanDialog

        session = self.session
        empty = session.db is not None and not session.readonly and not repository.plans(session.db)
        if empty:  # the open file has no plan yet (first run): the plan goes into it
            dialog = NewPlanDialog(self, self._start_dir(), into_db=session.db, into_path=session.db_path)
            if dialog.exec():
                session.set_database(session.db, session.db_path)
            return
        dialog = NewPlanDialog(self, self._start_dir())
        if dialog.exec() and dialog.created_path:
            self.open_path(dialog.created_path)

    def open_demo(self) -> None:
        """Build (once) and open the demo database beside the current file."""
        from thidua_desktop.paths import default_db_path
        from thidua_desktop.services.demo import build_demo

        folder = self.session.db_path.parent if self.session.db_path else default_db_path().parent
        path = folder / "du-lieu-mau-hon-quan-2025.sqlite"
        if not path.exists():
            try:
                build_demo(path)
            except UserError as exc:
                QMessageBox.warning(self, APP_NAME, exc.message)
                return
        self.open_path(path)

    def import_rosters(self) -> None:
        """Tệp > Nhập danh sách đại biểu: preview, confirm, undoable."""
        from thidua_desktop.gui.importer.import_dialog import import_files

        if import_files(self.session, self):
            self.select_tab("roster")

    def import_folder(self) -> None:
        """Tệp > Nhập cả thư mục: every workbook of a folder, with a summary."""
        from thidua_desktop.gui.importer.import_dialog import import_folder

        if import_folder(self.session, self):
            self.select_tab("roster")

    def paste_rows(self) -> None:
        """Sửa > Dán danh sách: the rows on the clipboard into the roster (Ctrl+V in its table too)."""
        self.select_tab("roster")
        self.roster_tab.paste_rows()

    def save_as_template(self) -> None:
        """Tệp > Lưu kế hoạch thành mẫu."""
        from thidua_desktop.services.plan_service import plan_to_template
        from thidua_desktop.templates.loader import save_template

        if self.session.db is None or not self.session.plan_id:
            return
        try:
            data = plan_to_template(self.session.db, self.session.plan_id)
            path = save_template(data)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return
        self.statusBar().showMessage(f"Đã lưu mẫu “{data['name']}” tại {path}", 8000)

    def backup_dialog(self) -> None:
        """Tệp > Sao lưu."""
        from thidua_desktop.store.backup import backup_database, backups_dir

        if self.session.db_path is None:
            return
        default = backups_dir(self.session.db_path) / f"{self.session.db_path.stem}-sao-luu.sqlite"
        path, _ = QFileDialog.getSaveFileName(self, "Sao lưu", str(default), "Tệp dữ liệu (*.sqlite)")
        if not path:
            return
        try:
            out = backup_database(self.session.db_path, Path(path))
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return
        self.statusBar().showMessage(f"Đã sao lưu vào {out}", 8000)

    def restore_dialog(self) -> None:
        """Tệp > Khôi phục."""
        from thidua_desktop.store.backup import backups_dir, restore_database
        from thidua_desktop.store.database import open_database

        if self.session.db_path is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Khôi phục từ bản sao lưu", str(backups_dir(self.session.db_path)), "Tệp dữ liệu (*.sqlite)"
        )
        if not path:
            return
        answer = QMessageBox.question(
            self, APP_NAME,
            "Dữ liệu hiện tại sẽ được thay bằng bản sao lưu (bản hiện tại được giữ lại một bản). Tiếp tục?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db_path = self.session.db_path
        self.session.set_database(None, None)
        try:
            kept = restore_database(db_path, Path(path))
            db = open_database(db_path)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            self.open_path(db_path)
            return
        self.session.set_database(db, db_path)
        self.statusBar().showMessage(f"Đã khôi phục. Bản cũ giữ tại {kept}", 8000)

    def recent_files(self) -> list[str]:
        """The files opened lately, newest first."""
        return [str(p) for p in self.settings.value("recentFiles", [], list) or []]

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for item in self.settings.value("recentFiles", [], list) or []:
            action = self.recent_menu.addAction(item)
            action.triggered.connect(lambda _=False, p=item: self.open_path(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(trống)").setEnabled(False)

    def show_report(self, text: str) -> None:
        """A sentence from outside any dialog (a failed undo): the status bar and a window-modal box."""
        self.last_report = text
        self.statusBar().showMessage(text, 20000)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the undo that failed must finish first

    def show_shortcuts(self) -> None:
        """Trợ giúp > Phím tắt."""
        from thidua_desktop.gui.help_dialogs import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_guide(self) -> None:
        """Trợ giúp > Các bước tổ chức."""
        from thidua_desktop.gui.help_dialogs import GUIDE

        QMessageBox.information(self, "Các bước tổ chức", GUIDE)

    def about(self) -> None:
        """Trợ giúp > Giới thiệu."""
        QMessageBox.about(
            self, f"Giới thiệu {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Lập kế hoạch, quản lý đại biểu, chương trình và hồ sơ "
            "Đại hội Thi đua yêu nước, Hội nghị điển hình tiên tiến.<br>Chạy hoàn toàn ngoại tuyến; "
            "dữ liệu nằm trong một tệp trên máy của bạn.",
        )

    def show_todo_on_open(self) -> None:
        """Open on the timeline (its "Việc cần làm" panel) when something is overdue or due soon."""
        import datetime as dt

        from thidua_desktop.services import timeline_service

        db, plan_id = self.session.db, self.session.plan_id
        if db is None or not plan_id:
            return
        try:
            today, soon = dt.date.today(), timeline_service.soon_days(db)
            shown = getattr(self._built_tabs.get("timeline"), "tl", None)
            if shown is not None and (shown.data.plan_id, shown.as_of, shown.soon_days) == (plan_id, today, soon):
                timeline = shown  # the timeline tab on screen computed the same (~25 ms at 30 x 40)
            else:
                timeline = timeline_service.compute(timeline_service.load(db, plan_id), today, soon)
            todo = timeline.todo()
        except Exception:  # noqa: BLE001 - a hint at start-up must never stop the window
            log.exception("to-do at start-up")
            return
        if todo:
            overdue = sum(line.state == "overdue" for line in todo)
            self.select_tab("timeline")
            self.statusBar().showMessage(
                f"Việc cần làm: {overdue} việc quá hạn, {len(todo) - overdue} việc sắp đến hạn.", 15000)

    # --- state ----------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("mainWindow/geometry")
        if geometry is None or not self.restoreGeometry(geometry) \
                or not available(self).intersects(self.frameGeometry()):
            # First start (or a saved place on a screen no longer there): most of the screen.
            fraction_of_screen(self, 0.9, 0.9, QSize(1400, 900))
        else:  # saved on a bigger screen: shrink to this one
            fit_to_screen(self, self.width(), self.height())
        state = self.settings.value("mainWindow/state")
        if state is not None:
            self.restoreState(state)
        tab = self.settings.value("mainWindow/tab", 0, int)
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        self.settings.setValue("mainWindow/tab", self.tabs.currentIndex())
        if self.session.db is not None:
            self.session.db.close()
            self.session.db = None
        super().closeEvent(event)
