"""The Khen thưởng tab driven as the officer would: filter, review, vote, decide, decision, merge, export, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from thidua_desktop.gui.awards_tab import AwardsTab, VotesDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import awards_demo, awards_history
from thidua_desktop.services import awards_service as svc
from thidua_desktop.store.database import open_database


@pytest.fixture
def window(qtbot, demo_path):
    """The window on a demo copy whose round is not yet reviewed."""
    db = open_database(demo_path)
    db.execute("DELETE FROM awards")
    db.execute("DELETE FROM award_rounds")
    awards_demo.populate_awards(db, 1, decide=False)
    win = MainWindow(db, demo_path)
    qtbot.addWidget(win)
    win.show()
    win.select_tab("awards")
    yield win
    db.close()


def _select(tab: AwardsTab, rows) -> None:
    model = tab.table.selectionModel()
    model.clearSelection()
    for row in rows:
        model.select(tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select |
                     QItemSelectionModel.SelectionFlag.Rows)


def _states(tab):
    return [p.state for p in svc.proposals(tab.db, tab.current_round())]


def test_tab_is_in_the_window_and_its_menu(window):
    tab = window.awards_tab
    assert window.tabs.currentWidget() is tab
    assert window.tabs.tabText(window.tabs.indexOf(tab)).replace("&", "") == "Khen thưởng"
    export = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Xuất")
    awards = next(a.menu() for a in export.actions() if a.text().replace("&", "") == "Khen thưởng")
    assert [a.text() for a in awards.actions()][:2] == ["Quyết định và danh sách kèm theo…",
                                                        "Danh sách khen thưởng…"]
    assert tab.model.rowCount() == len(svc.proposals(tab.db, tab.current_round()))
    assert tab.unit_filter.count() == 13 + 1


def test_filters_by_unit_and_state(window):
    tab = window.awards_tab
    tab.unit_filter.setCurrentIndex(2)
    unit = tab.unit_filter.currentData()
    shown = [tab.model.data(tab.model.index(r, 0), 0x0102) for r in range(tab.model.rowCount())]
    expected = svc.proposals(tab.db, tab.current_round(), unit_id=unit)
    assert [p.id for p in shown] == [p.id for p in expected] and len(expected) == 5
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("approved"))
    assert tab.model.rowCount() == 0


def test_review_vote_decide_decision_and_undo(window, monkeypatch):
    tab = window.awards_tab
    stack = window.session.undo_stack
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    # A step that may not be taken: a sentence, nothing written, nothing stacked.
    _select(tab, [0])
    tab.move_to.setCurrentIndex(tab.move_to.findData("approved"))
    tab.move_button.click()
    assert warnings and "Không thể chuyển" in warnings[-1] and stack.count() == 0
    tab.table.selectAll()
    tab.move_to.setCurrentIndex(tab.move_to.findData("reviewed"))
    tab.move_button.click()
    assert set(_states(tab)) == {"reviewed"} and stack.count() == 1
    stack.undo()
    assert set(_states(tab)) == {"proposed"}
    stack.redo()
    assert set(_states(tab)) == {"reviewed"}

    def votes_for(votes):
        def fake_exec(dialog: VotesDialog):
            dialog.present.setValue(8)
            dialog.votes.setValue(votes)
            return QDialog.DialogCode.Accepted
        return fake_exec

    _select(tab, [0])
    monkeypatch.setattr(VotesDialog, "exec", votes_for(4))
    tab.votes_button.click()
    _select(tab, range(1, tab.model.rowCount()))
    monkeypatch.setattr(VotesDialog, "exec", votes_for(5))
    tab.votes_button.click()
    assert tab.current_round().members_present == 8
    tab.decide_button.click()
    states = _states(tab)
    assert states[0] == "rejected" and set(states[1:]) == {"approved"}  # 4/8 fails, 5/8 passes
    tab.number.setText("125/QĐ-UBND")
    tab.date.setDate(QDate(2025, 6, 10))
    tab.decision_button.click()
    rnd = tab.current_round()
    assert rnd.decision_number == "125/QĐ-UBND" and rnd.decision_date.isoformat() == "2025-06-10"
    count = tab.db.execute("SELECT COUNT(*) FROM awards WHERE round_id = ?", [rnd.id]).fetchone()[0]
    assert count == len(states) - 1
    stack.undo()  # the decision
    assert not tab.current_round().decided
    assert tab.db.execute("SELECT COUNT(*) FROM awards WHERE round_id = ?", [rnd.id]).fetchone()[0] == 0
    stack.undo()  # the council's decision
    assert set(_states(tab)) == {"voted"}
    stack.redo()
    stack.redo()
    assert tab.current_round().decided


def test_history_shown_and_merge_undone(window, monkeypatch):
    tab = window.awards_tab
    rnd = tab.current_round()
    person = [p for p in svc.proposals(tab.db, rnd) if p.kind == "person"][1]
    row = next(r for r in range(tab.model.rowCount()) if tab.model.data(tab.model.index(r, 0), 0x0102).id
               == person.id)
    _select(tab, [row])
    before = awards_history.history(tab.db, person.awardee_id)
    assert f"Lịch sử khen thưởng của {person.name}" in tab.history.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.merge_button.click()
    merged = awards_history.history(tab.db, person.awardee_id)
    assert len(merged) > len(before) and "2019" in tab.history.text()
    window.session.undo_stack.undo()
    assert awards_history.history(tab.db, person.awardee_id) == before


def test_export_from_the_tab(window, tmp_path, monkeypatch):
    tab = window.awards_tab
    target = tmp_path / "phieu.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    next(a for a in tab.export_menu.actions() if a.text().startswith("Phiếu biểu quyết")).trigger()
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert tab.export("decision", "Quyết định", tmp_path / "qd.pdf") is None  # nothing approved yet
    assert warnings and not (tmp_path / "qd.pdf").exists()


def test_new_round_and_proposal_then_undo(window, monkeypatch):
    from thidua_desktop.gui import awards_dialogs as dlg

    tab = window.awards_tab
    stack = window.session.undo_stack

    def fill_round(dialog):
        dialog.name.setText("Phong trào thi đua năm 2026")
        dialog.year.setValue(2026)
        dialog.members.setValue(7)
        dialog.meeting.setDate(QDate(2026, 8, 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dlg.NewRoundDialog, "exec", fill_round)
    tab.new_round_button.click()
    rnd = tab.current_round()
    assert rnd.code == "kt-2026" and rnd.council_members == 7 and tab.model.rowCount() == 0
    forms = svc.form_set_of(tab.db, rnd)
    assert "152/2025" in forms.decree  # a meeting after 1 July 2025: the new decree's forms

    def fill_proposal(values):
        def fake(dialog):
            dialog.kind.setCurrentIndex(dialog.kind.findData(values["kind"]))
            dialog.name.setText(values["name"])
            dialog.form_code.setCurrentIndex(dialog.form_code.findData(values["form"]))
            return QDialog.DialogCode.Accepted
        return fake

    monkeypatch.setattr(dlg.NewProposalDialog, "exec", fill_proposal(
        {"kind": "collective", "name": "Hội Cựu chiến binh xã Tân Lợi", "form": "gk_xa"}))
    tab.add_button.click()
    assert tab.model.rowCount() == 1
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    tab.add_button.click()  # the same collective, the same form: refused, nothing added
    assert warnings and "đã được đề nghị" in warnings[-1] and tab.model.rowCount() == 1
    monkeypatch.setattr(dlg.NewProposalDialog, "exec", fill_proposal(
        {"kind": "collective", "name": "", "form": "gk_xa"}))
    tab.add_button.click()
    assert "không được để trống" in warnings[-1] and tab.model.rowCount() == 1
    stack.undo()
    assert tab.model.rowCount() == 0
    stack.undo()
    assert "kt-2026" not in [r.code for r in svc.rounds(tab.db)]
    assert tab.rounds.findData("kt-2026") == -1


def test_import_a_units_file_then_undo(window, tmp_path, monkeypatch):
    import openpyxl

    tab = window.awards_tab
    wb = openpyxl.Workbook()
    for row in (["STT", "Họ và tên", "Năm sinh", "Giới tính", "Hình thức"], ["II. CÁ NHÂN"],
                ["1", "Lê Thị Hoa", "1985", "Nữ", "Giấy khen"], ["2", "Trần Văn Nam", "1970", "Nam", "Giấy khen"]):
        wb.active.append(row)
    wb.save(tmp_path / "de-nghi.xlsx")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    before = tab.model.rowCount()
    unit = tab.db.execute("SELECT id FROM units WHERE name = 'Tân Lợi'").fetchone()[0]
    tab.import_file(tmp_path / "de-nghi.xlsx", unit)
    assert tab.model.rowCount() == before + 2 and "Đã nhập 2 đề nghị" in told[-1]
    window.session.undo_stack.undo()
    assert tab.model.rowCount() == before
    window.session.undo_stack.redo()
    assert tab.model.rowCount() == before + 2


def test_no_round_shows_what_to_do_and_no_made_up_date(qtbot, demo_path, monkeypatch):
    """A file without a round: a sentence and "Tạo đợt khen thưởng…" in the middle, an empty date box;
    the first round made from there shows the table, and its hint until a proposal is added."""
    from thidua_desktop.gui import awards_dialogs as dlg
    from thidua_desktop.gui.awards_tab import NO_ROUND

    db = open_database(demo_path)
    db.execute("DELETE FROM awards")
    db.execute("DELETE FROM award_rounds")
    win = MainWindow(db, demo_path)
    qtbot.addWidget(win)
    win.show()
    win.select_tab("awards")
    tab = win.awards_tab
    assert tab.stack.currentWidget() is tab.empty_page and tab.empty_page.isVisible()
    assert not tab.table.isVisible()
    texts = [label.text() for label in tab.empty_page.findChildren(type(tab.summary))]
    assert NO_ROUND in texts and tab.first_round_button.isVisible() and tab.first_round_button.isEnabled()
    middle = tab.first_round_button.mapTo(tab, tab.first_round_button.rect().center())
    page = tab.stack.geometry()
    assert abs(middle.x() - page.center().x()) <= 2 and page.top() < middle.y() < page.bottom()
    assert tab.date.text().strip() == "" and "2000" not in tab.date.text() and not tab.date.isEnabled()
    assert tab.summary.text() == ""

    def fill_round(dialog):
        dialog.name.setText("Phong trào thi đua năm 2026")
        dialog.year.setValue(2026)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dlg.NewRoundDialog, "exec", fill_round)
    tab.first_round_button.click()
    assert tab.current_round() is not None and tab.stack.currentWidget() is tab.table and tab.table.isVisible()
    assert tab.model.rowCount() == 0 and "Thêm đề nghị…" in tab.empty_hint.label.text()
    assert tab.empty_hint.label.isVisible()
    assert tab.date.isEnabled() and tab.date.text().strip() != ""
    win.session.undo_stack.undo()  # the round undone: the sentence again
    assert tab.stack.currentWidget() is tab.empty_page
    db.close()
