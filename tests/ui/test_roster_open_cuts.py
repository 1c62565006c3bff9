"""What the roster tab's opening no longer does (issue 18, fourth session), and that the
results are the same: the keyboard filter set aside while the tab is built, the plan's
rules parsed once per text, the empty-list sentence made only when there is one."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QListView, QWidget

from thidua_desktop.gui import keyboard
from thidua_desktop.gui.session import Session
from thidua_desktop.gui.tabs import roster_tab as rt
from thidua_desktop.gui.widgets.empty_hint import EmptyHint
from thidua_desktop.services import repository
from thidua_desktop.store.database import open_database


@pytest.fixture
def keyboard_filter(qapp):
    return keyboard.install(qapp)


def _form(qtbot) -> QWidget:
    """A window whose label gets an Alt letter when the keyboard filter sees it shown."""
    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    form.addRow(QLabel("Họ tên"), QLineEdit())
    return window


def _shown_with_letters(qtbot, window) -> bool:
    window.show()
    qtbot.waitExposed(window)
    return bool(window.property("accelerators_done"))


def test_set_aside_takes_the_filter_off_and_puts_it_back(qtbot, keyboard_filter):
    with keyboard.set_aside():
        assert keyboard_filter.aside
        with keyboard.set_aside():  # nested: still aside, put back once, at the outer end
            pass
        assert keyboard_filter.aside
        # Off indeed: a window shown meanwhile is not seen (no tab or dialog is shown while built).
        assert not _shown_with_letters(qtbot, _form(qtbot))
    assert not keyboard_filter.aside
    assert _shown_with_letters(qtbot, _form(qtbot))  # back: windows are seen again


def test_set_aside_puts_the_filter_back_after_a_failure(qtbot, keyboard_filter):
    with pytest.raises(ValueError), keyboard.set_aside():
        raise ValueError
    assert not keyboard_filter.aside
    assert _shown_with_letters(qtbot, _form(qtbot))


@pytest.fixture
def tab(qtbot, demo_path, keyboard_filter):
    db = open_database(demo_path)
    event = db.execute("SELECT id, plan_id FROM events WHERE code = 'dh-hon-quan'").fetchone()
    session = Session(db, demo_path)
    session.set_plan(event[1])
    session.set_event(event[0])
    roster = rt.RosterTab(session)
    qtbot.addWidget(roster)
    yield roster
    roster.hide()
    db.close()


def test_the_tab_is_built_with_the_filter_aside_and_leaves_it_on(qtbot, tab, keyboard_filter):
    assert not keyboard_filter.aside
    assert tab.model.total() == 91
    assert tab.empty_hint._label is None  # rows from the first reading: no sentence made
    assert _shown_with_letters(qtbot, _form(qtbot))
    # Ctrl+Tab still leaves the tab's table (the filter's other duty).
    tab.show()
    qtbot.waitExposed(tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is not tab.table


def test_the_rules_are_the_plans_and_follow_a_change_of_their_text(tab):
    db, plan_id = tab.session.db, tab.session.plan_id
    assert tab._event_rules == repository.plan_rules(db, plan_id)  # the former reading's result
    assert tab._event_rules.exemplary_kinds  # the demo's plan has kinds: a real comparison
    data = json.loads(db.execute("SELECT rules FROM plans WHERE id = ?", [plan_id]).fetchone()[0])
    data["exemplary_kinds"] = [{"code": "x", "name": "Điển hình mới"}]
    with db.atomic():
        db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(data), plan_id])
    tab.reload()
    assert tab._event_rules.exemplary_kinds == {"x": "Điển hình mới"}
    assert tab._event_rules == repository.plan_rules(db, plan_id)


def test_the_empty_sentence_is_made_only_when_a_view_is_empty(qtbot):
    view = QListView()
    qtbot.addWidget(view)
    model = QStringListModel(["An", "Bình"])
    view.setModel(model)
    hint = EmptyHint(view, lambda: "Chưa có ai.")
    view.show()
    qtbot.waitExposed(view)
    assert hint._label is None  # rows: no label made
    model.setStringList([])
    assert hint._label is not None and hint.label.isVisible() and hint.label.text() == "Chưa có ai."
    assert hint.label.geometry() == view.viewport().rect()
    model.setStringList(["An"])
    assert not hint.label.isVisible()
    view.resize(view.width() + 40, view.height())
    qtbot.waitUntil(lambda: hint.label.geometry() == view.viewport().rect())


def test_a_tab_on_an_event_without_delegates_says_what_to_do(qtbot, tab):
    with tab.session.db.atomic():
        tab.session.db.execute("DELETE FROM delegates WHERE event_id = ?", [tab.session.event_id])
    tab.reload()
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.empty_hint.label.isVisible()
    assert tab.empty_hint.label.text().startswith("Sự kiện chưa có đại biểu nào.")


def test_an_empty_hint_asked_for_before_it_has_text_stays_hidden(qtbot):
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel(["An"]))
    hint = EmptyHint(view, lambda: "Chưa có ai.")
    view.show()
    qtbot.waitExposed(view)
    assert not hint.label.isVisible() and hint.label.text() == ""
