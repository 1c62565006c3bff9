"""The door view on the demo: scanned codes, typed names, candidates, substitutes, counts, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from thidua_desktop.gui.checkin_window import GREEN, RED, CheckinWindow
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.store.database import open_database


@pytest.fixture
def door(qtbot, demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    view = CheckinWindow(db, event_id, "Cửa 1")
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    yield view, db, event_id
    db.close()


def _scan(qtbot, view, text: str) -> None:
    """Type like a USB scanner: the characters, then Enter."""
    qtbot.keyClicks(view.entry, text)
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)


def _present(db) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in db.execute("SELECT delegate_id, door, substitute_name FROM checkins")}


def test_a_scanned_code_marks_present_and_the_counts_follow(door, qtbot):
    view, db, event_id = door
    did, code, name = db.execute(
        "SELECT d.id, x.badge_code, p.full_name FROM delegates d JOIN delegate_event_day x ON x.delegate_id = d.id "
        "JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? AND d.category = 'guest' LIMIT 1",
        [event_id]).fetchone()
    listed = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    assert view.total.text().startswith(f"Có mặt: 0 / {listed}")
    _scan(qtbot, view, code)
    assert _present(db) == {did: ("Cửa 1", "")}
    assert name in view.banner.text() and GREEN in view.banner.styleSheet()
    assert view.total.text().startswith(f"Có mặt: 1 / {listed}")
    guests = [view.counts.item(r, 0).text() for r in range(view.counts.rowCount())].index("Khách mời")
    assert view.counts.item(guests, 1).text() == "1"
    assert view.entry.text() == ""  # ready for the next scan
    _scan(qtbot, view, code)  # scanned twice: one check-in, said so
    assert len(_present(db)) == 1 and "đã có mặt" in view.banner.text()
    view.undo_stack.undo()  # the second scan changed nothing: undoing it keeps the check-in
    assert len(_present(db)) == 1
    view.undo_stack.undo()
    assert _present(db) == {} and view.total.text().startswith("Có mặt: 0")


def test_a_typed_name_without_accents_and_the_candidates_list(door, qtbot):
    view, db, event_id = door
    with db.conn:
        for name in ("Đặng Thị Xuân An", "Đặng Thị Xuân Anh"):
            person = db.conn.execute("INSERT INTO persons (full_name) VALUES (?)", [name]).lastrowid
            db.conn.execute("INSERT INTO delegates (event_id, person_id) VALUES (?, ?)", [event_id, person])
    _scan(qtbot, view, "dang thi xuan")
    assert view.candidates.count() == 2 and _present(db) == {}
    view.candidates.setCurrentRow(1)
    qtbot.keyClick(view.candidates, Qt.Key.Key_Return)
    assert len(_present(db)) == 1 and "Đặng Thị Xuân Anh" in view.banner.text()
    assert view.candidates.count() == 0
    _scan(qtbot, view, "khong co ai ten nay")
    assert RED in view.banner.styleSheet() and len(_present(db)) == 1


def test_substitute_is_recorded_for_the_last_marked(door, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    view, db, event_id = door
    code = db.execute("SELECT x.badge_code FROM delegates d JOIN delegate_event_day x ON x.delegate_id = d.id "
                      "WHERE d.event_id = ? LIMIT 1", [event_id]).fetchone()[0]
    _scan(qtbot, view, code)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Lê Văn Thay", True))
    view.record_substitute()
    assert list(_present(db).values()) == [("Cửa 1", "Lê Văn Thay")]


def test_fits_1024x600_and_the_menu_opens_it(door, qtbot, demo_path, tmp_path):
    view, _db, _e = door
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 600
    view.grab().save(str(tmp_path / "door.png"))
    win = MainWindow(open_database(demo_path), demo_path)
    qtbot.addWidget(win)
    menus = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert "Ngày tổ chức" in menus
    from thidua_desktop.gui.event_day_menu import open_checkin

    opened = open_checkin(win)
    assert opened is not None and opened.isVisible()
    told = []
    win.session.data_changed.connect(told.append)
    opened.close()
    assert told == ["checkins"]  # the tabs refresh once, when the door closes
