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
