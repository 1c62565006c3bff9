"""Hồ sơ kèm theo in the awards tab: one undo step, the flags, and the run in the Hồ sơ tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from thidua_desktop.gui.dossiers.matrix_model import FIRST_ITEM
from thidua_desktop.services import awards_dossier as ad
from thidua_desktop.services import dossier_service as ds


def _tables(db):
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in ("dossier_templates", "dossier_template_items", "dossier_runs", "dossier_run_units",
                      "dossier_items", "award_rounds")}


def test_the_demo_round_shows_what_is_still_owed(demo_window):
    win = demo_window
    win.select_tab("awards")
    tab = win.awards_tab
    owed = ad.outstanding(win.session.db, tab.current_round().id)
    assert owed and f"{len(owed)} đề nghị còn thiếu hồ sơ" in tab.summary.text()


def test_prepare_flags_missing_documents_and_undoes_exactly(demo_window):
    win = demo_window
    db = win.session.db
    # As before the demo prepared its checklist: no run, no template.
    rnd = db.execute("SELECT id FROM award_rounds WHERE code = 'kt-2025'").fetchone()[0]
    ds.delete_run(db, ad.run_of(db, rnd))
    db.execute("DELETE FROM dossier_templates WHERE code = ?", [ad.TEMPLATE_CODE])
    win.session.notify_data_changed("dossiers")
    win.select_tab("awards")
    tab = win.awards_tab
    win.session.notify_data_changed("awards")
    assert "thiếu hồ sơ" not in tab.summary.text()  # no checklist yet, nothing to flag
    before = _tables(db)
    depth = win.session.undo_stack.count()
    tab.dossier_button.click()
    assert win.session.undo_stack.count() == depth + 1
    rnd = tab.current_round()
    run_id = ad.run_of(db, rnd.id)
    live = db.execute("SELECT COUNT(*) FROM award_proposals WHERE round_id = ? AND state != 'rejected'",
                      [rnd.id]).fetchone()[0]
    assert f"{live} đề nghị còn thiếu hồ sơ" in tab.summary.text()
    tab.table.selectRow(0)
    assert "Hồ sơ còn thiếu: Báo cáo thành tích; Tờ trình đề nghị khen thưởng" in tab.history.text()
    # The Hồ sơ tab lists the round's run among the plan's runs.
    win.select_tab("dossiers")
    names = [win.dossiers_tab.run_combo.itemText(i) for i in range(win.dossiers_tab.run_combo.count())]
    assert any(ad.TEMPLATE_NAME in n for n in names)
    dossiers = win.dossiers_tab
    dossiers.run_combo.setCurrentIndex(dossiers.run_combo.findData(run_id))
    model = dossiers.model
    last = FIRST_ITEM + len(ad.DOCUMENTS) - 1
    assert model.headerData(last, Qt.Orientation.Horizontal).startswith("Báo cáo thành tích")
    assert "mỗi tập thể, cá nhân được đề nghị" in model.headerData(last, Qt.Orientation.Horizontal,
                                                                    Qt.ItemDataRole.ToolTipRole)
    assert "mỗi đơn vị" in model.headerData(FIRST_ITEM, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    win.select_tab("awards")
    # Recording the reports of every proposal of the first row's unit removes its flag.
    pid = tab.selected()[0].id
    unit_id = tab.selected()[0].unit_id
    for item in ds.items(db, run_id=run_id, unit_id=unit_id):
        ds.set_item_state(db, item.id, "received", "2025-05-05")
    win.session.notify_data_changed("awards")
    assert pid not in tab.missing and "Hồ sơ còn thiếu" not in tab.history.text()
    win.session.undo_stack.undo()
    assert _tables(db) == before
    assert "thiếu hồ sơ" not in tab.summary.text()
