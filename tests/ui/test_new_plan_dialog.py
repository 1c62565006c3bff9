"""Tệp > Mới từ mẫu as a person sees it: the form inside the dialog, on a small screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox

from thidua_desktop.gui.new_plan_dialog import NewPlanDialog
from thidua_desktop.store.database import open_database


def _dialog(qtbot, tmp_path):
    dialog = NewPlanDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_form_is_inside_the_dialog_and_fits_1024x600(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    assert not dialog.form.isWindow()  # not a second, hidden top-level window
    assert dialog.form.window() is dialog
    dialog.resize(dialog.sizeHint().boundedTo(dialog.maximumSize()))
    size = dialog.frameGeometry().size()
    assert size.width() <= 1024 and size.height() <= 600
    inside = QRect(QPoint(0, 0), dialog.size())
    controls = [w for cls in (QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QPushButton)
                for w in dialog.findChildren(cls) if not isinstance(w.parent(), (QComboBox, QSpinBox))]
    assert len(controls) >= 8
    for widget in controls:
        assert widget.isVisible(), widget.objectName()
        top_left = widget.mapTo(dialog, QPoint(0, 0))
        assert inside.contains(QRect(top_left, widget.size())), widget.objectName()


def test_a_commune_can_organise_and_the_year_is_the_first_with_nothing_past(qtbot, tmp_path):
    import datetime as dt

    dialog = _dialog(qtbot, tmp_path)
    kinds = [dialog.form.kindCombo.itemText(i) for i in range(dialog.form.kindCombo.count())]
    assert "Xã" in kinds and "Tỉnh" in kinds and "Cụm thi đua" not in kinds
    assert dialog.form.yearSpin.value() >= dt.date.today().year


def test_enter_creates_the_plan(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    dialog.form.organiserEdit.setText("Chơn Thành")
    dialog.form.unitsEdit.setPlainText("Xã Minh Hưng")
    dialog.form.organiserEdit.setFocus()
    qtbot.keyClick(dialog.form.organiserEdit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.created_path.exists()
    db = open_database(dialog.created_path)
    year = dialog.form.yearSpin.value()
    dues = [r[0] for r in db.execute("SELECT due FROM events WHERE due IS NOT NULL")]
    db.close()
    assert dues and all(d.startswith(str(year)) for d in dues)


def test_a_commune_plan_with_8_villages_and_3_schools_has_nothing_overdue(qtbot, tmp_path):
    import datetime as dt

    from thidua_desktop.services import timeline_service

    dialog = _dialog(qtbot, tmp_path)
    f = dialog.form
    f.templateCombo.setCurrentIndex(f.templateCombo.findData("xa-moi-dien-hinh-2026"))
    f.kindCombo.setCurrentIndex(f.kindCombo.findText("Xã"))
    f.organiserEdit.setText("Tân Lợi")
    f.unitsEdit.setPlainText("\n".join([f"Thôn {i}" for i in range(1, 9)] + [
        "Trường Mầm non Hoa Sen", "Trường Tiểu học Kim Đồng", "Trường THCS Minh Đức"]))
    qtbot.keyClick(f.organiserEdit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted, f.errorLabel.text()
    db = open_database(dialog.created_path)
    kinds = [r[0] for r in db.execute("SELECT kind FROM units WHERE parent_id IS NOT NULL")]
    organiser = db.execute("SELECT kind, name FROM units WHERE is_organiser = 1").fetchone()
    plan_id = db.execute("SELECT id FROM plans").fetchone()[0]
    lines = timeline_service.timeline(db, plan_id, as_of=dt.date.today()).lines
    db.close()
    assert tuple(organiser) == ("xa", "Tân Lợi")
    assert sorted(kinds) == ["thon"] * 8 + ["truong"] * 3
    assert lines and all(ln.state != "overdue" for ln in lines)


def test_units_imported_from_a_workbook_fill_the_box_and_make_the_groups(qtbot, tmp_path, monkeypatch):
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog

    wb = Workbook()
    wb.active.append(["Tên đơn vị", "Loại", "Cụm/Khối", "Trưởng cụm"])
    wb.active.append(["Tân Lợi", "Xã", "Cụm thi đua số 1", "x"])
    wb.active.append(["Trấn Biên", "Phường", "Cụm thi đua số 1", ""])
    wb.active.append(["Nội vụ", "Sở", "Khối thi đua số 1", "x"])
    wb.save(tmp_path / "dv.xlsx")
    dialog = _dialog(qtbot, tmp_path)
    f = dialog.form
    f.templateCombo.setCurrentIndex(f.templateCombo.findData("tinh-dai-hoi-2026"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "dv.xlsx"), ""))
    qtbot.mouseClick(f.importButton, Qt.MouseButton.LeftButton)
    lines = f.unitsEdit.toPlainText().splitlines()
    assert lines == ["Xã Tân Lợi | Cụm thi đua số 1 | trưởng cụm", "Phường Trấn Biên | Cụm thi đua số 1",
                     "Sở Nội vụ | Khối thi đua số 1 | trưởng cụm"]
    assert "3 đơn vị" in f.errorLabel.text()
    f.organiserEdit.setText("Đồng Nai")
    dialog.accept()
    db = open_database(dialog.created_path)
    heads = {r[0] for r in db.execute(
        "SELECT u.name FROM unit_groups g JOIN units u ON u.id = g.unit_id WHERE g.is_head = 1")}
    db.close()
    assert heads == {"Tân Lợi", "Nội vụ"}


def test_a_bad_workbook_says_why_and_leaves_the_box(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = _dialog(qtbot, tmp_path)
    before = dialog.form.unitsEdit.toPlainText()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "hong.xlsx"), ""))
    qtbot.mouseClick(dialog.form.importButton, Qt.MouseButton.LeftButton)
    assert dialog.form.unitsEdit.toPlainText() == before
    assert "Không đọc được danh sách đơn vị" in dialog.form.errorLabel.text()


def test_a_blank_plan_for_a_commune(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    f = dialog.form
    f.templateCombo.setCurrentIndex(f.templateCombo.findData("ke-hoach-trong"))
    assert f.unitsEdit.toPlainText() == ""
    f.kindCombo.setCurrentIndex(f.kindCombo.findText("Phường"))
    f.organiserEdit.setText("Trấn Biên")
    dialog.accept()
    assert "đang trống" in f.errorLabel.text()  # a plan needs its units
    f.unitsEdit.setPlainText("Khu phố 1\nKhu phố 2\nTrường THCS Trấn Biên")
    dialog.accept()
    db = open_database(dialog.created_path)
    events = db.execute("SELECT name, level FROM events").fetchall()
    milestones = db.execute("SELECT count(*) FROM milestones").fetchone()[0]
    kinds = sorted(r[0] for r in db.execute("SELECT kind FROM units"))
    db.close()
    assert len(events) == 1 and "PHƯỜNG TRẤN BIÊN" in events[0][0]
    assert events[0][1] == "commune"  # the organiser's own level
    assert milestones == 0 and kinds == ["khu_pho", "khu_pho", "phuong", "truong"]
