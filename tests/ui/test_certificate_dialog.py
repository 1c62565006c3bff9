"""In giấy khen: the blank, the printer, the offsets (saved per printer, one Ctrl+Z step), preview, print, file."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinterInfo

from tests.unit import conformance as c
from thidua_desktop.export import award_certificates as cert
from thidua_desktop.gui.certificate_dialog import NO_PRINTER, CertificateDialog, printer_names
from thidua_desktop.services import awards_service as svc
from thidua_desktop.store.database import open_database


def _give_bang_khen(db, count: int = 3) -> None:
    """The demo's district round gives Giấy khen only; a few Bằng khen so that both blanks are offered."""
    rnd = svc.rounds(db)[0]
    with db.atomic():
        for p in svc.proposals(db, rnd, state="approved")[:count]:
            db.execute("UPDATE award_proposals SET form_code = 'bk_tinh' WHERE id = ?", [p.id])


@pytest.fixture
def dialog(demo_window, qtbot):
    _give_bang_khen(demo_window.session.db)
    demo_window.select_tab("awards")
    dlg = demo_window.awards_tab.print_certificates()
    qtbot.addWidget(dlg)
    yield dlg
    dlg.done(0)


def _choose(dlg, code: str, printer: str = "") -> None:
    dlg.blank.setCurrentIndex(dlg.blank.findData(code))
    dlg.printer.setCurrentIndex(dlg.printer.findData(printer))


def _grab(widget) -> QImage:
    return widget.grab().toImage()


def test_the_tab_opens_it_and_it_lists_the_blanks_and_printers(demo_window, dialog):
    assert isinstance(dialog, CertificateDialog) and dialog.isVisible()
    assert [dialog.blank.itemData(i) for i in range(dialog.blank.count())] == ["a4", "giay_khen", "bang_khen"]
    printers = [dialog.printer.itemData(i) for i in range(dialog.printer.count())]
    assert printers[-1] == "" and dialog.printer.itemText(len(printers) - 1) == NO_PRINTER
    assert printers[:-1] == printer_names({})  # what Qt sees (none on this machine is fine)
    assert set(QPrinterInfo.availablePrinterNames()) <= set(printers)
    # A4 with a frame needs no offset: the boxes are off.
    _choose(dialog, "a4")
    assert not dialog.dx.isEnabled() and not dialog.save_button.isEnabled()
    _choose(dialog, "giay_khen")
    assert dialog.dx.isEnabled() and dialog.dx.minimum() == -30 and dialog.dx.maximum() == 30


def test_only_the_blanks_of_the_rounds_forms_are_offered_and_nothing_is_called_saved(demo_window, qtbot):
    demo_window.select_tab("awards")  # the demo round gives Giấy khen only
    dlg = demo_window.awards_tab.print_certificates()
    qtbot.addWidget(dlg)
    assert [dlg.blank.itemData(i) for i in range(dlg.blank.count())] == ["a4", "giay_khen"]
    assert dlg.code == "giay_khen"  # a blank first: what the dialog is mostly for
    assert cert.saved_offsets(demo_window.session.db, "giay_khen") == {}
    assert "đã lưu" not in dlg.state.text() and "Chưa canh chỉnh" in dlg.state.text()
    dlg.dx.setValue(2)
    assert "Chưa lưu" in dlg.state.text()
    assert dlg.save_offset()
    assert dlg.state.text() == "Độ lệch đã lưu."
    # The preview shows the first Giấy khen awardee, not a sample.
    first = svc.proposals(demo_window.session.db, svc.round_by_code(demo_window.session.db, dlg.round_code),
                          state="approved")[0]
    assert first.name in dlg.texts["awardee"]
    dlg.done(0)
    # With Bằng khen among the round's awards the Bằng khen blank is offered too, and previews a Bằng khen.
    _give_bang_khen(demo_window.session.db, 1)
    dlg = demo_window.awards_tab.print_certificates()
    qtbot.addWidget(dlg)
    assert [dlg.blank.itemData(i) for i in range(dlg.blank.count())] == ["a4", "giay_khen", "bang_khen"]
    _choose(dlg, "bang_khen")
    assert dlg.texts["awardee"].endswith(first.name)
    _choose(dlg, "giay_khen")
    assert first.name not in dlg.texts["awardee"]
    dlg.done(0)


def test_moving_a_field_moves_the_preview_and_saving_keeps_it_per_printer(demo_window, dialog, demo_path):
    session = demo_window.session
    cert.save_offset(session.db, "bang_khen", 0, 0, "Máy in phòng Nội vụ")  # a printer Qt does not see here
    _choose(dialog, "a4")
    _choose(dialog, "bang_khen", "Máy in phòng Nội vụ")
    assert dialog.printer.currentData() == "Máy in phòng Nội vụ"
    still = _grab(dialog.preview)
    dialog.dx.setValue(12.5)
    dialog.dy.setValue(-6)
    assert _grab(dialog.preview) != still
    assert "Chưa lưu" in dialog.state.text()
    assert dialog.save_offset()
    assert cert.layout_for(session.db, "bang_khen", "Máy in phòng Nội vụ").offset == (12.5, -6)
    assert cert.layout_for(session.db, "bang_khen").offset == (0, 0)  # the other printers keep theirs
    assert dialog.state.text() == "Độ lệch đã lưu."
    # One Ctrl+Z step back to what was saved before; the boxes show it.
    session.undo_stack.undo()
    assert cert.layout_for(session.db, "bang_khen", "Máy in phòng Nội vụ").offset == (0, 0)
    assert (dialog.dx.value(), dialog.dy.value()) == (0, 0)
    session.undo_stack.redo()
    assert (dialog.dx.value(), dialog.dy.value()) == (12.5, -6)
    # Saved in the file: a new program on the same file reads it back.
    db = open_database(demo_path)
    try:
        assert cert.layout_for(db, "bang_khen", "Máy in phòng Nội vụ").offset == (12.5, -6)
    finally:
        db.close()


def test_undo_of_a_first_offset_forgets_it(demo_window, dialog):
    session = demo_window.session
    _choose(dialog, "giay_khen", "")
    dialog.dx.setValue(3)
    assert dialog.save_offset()
    assert cert.saved_offsets(session.db, "giay_khen") == {"": (3, 0)}
    session.undo_stack.undo()
    assert cert.saved_offsets(session.db, "giay_khen") == {}


def test_print_preview_is_full_page_on_the_blanks_sheet(dialog):
    _choose(dialog, "bang_khen", "")
    preview = dialog.print_preview(calibration=False, open_now=False)
    printer = preview.printer()
    assert printer.fullPage()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A3
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    preview.deleteLater()
    _choose(dialog, "giay_khen", "")
    calibration = dialog.print_preview(calibration=True, open_now=False)
    assert calibration.printer().pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    calibration.deleteLater()


def test_the_file_is_written_with_the_offsets_shown(dialog, tmp_path):
    _choose(dialog, "giay_khen", "")
    plain = dialog.save_file(tmp_path / "plain.pdf")
    dialog.dx.setValue(-5)  # not saved: the file follows what is shown
    moved = dialog.save_file(tmp_path / "moved.pdf")
    assert "Đã lưu vào" in dialog.state.text()

    def first_word(pdf):
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        return float(re.search(r'xMin="([\d.]+)"', out).group(1))

    assert first_word(moved) - first_word(plain) == pytest.approx(-5 * c.MM, abs=0.05)


def test_a_read_only_file_cannot_save_offsets(demo_window, qtbot):
    demo_window.session.readonly = True
    demo_window.select_tab("awards")
    dlg = demo_window.awards_tab.print_certificates()
    qtbot.addWidget(dlg)
    _choose(dlg, "giay_khen", "")
    assert not dlg.save_button.isEnabled() and not dlg.dx.isEnabled()
    assert dlg.print_button.isEnabled()
    dlg.done(0)


def test_printing_draws_each_page_over_the_whole_sheet(dialog, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from thidua_desktop.gui.certificate_dialog import paint_pdf_full_page

    _choose(dialog, "bang_khen", "")
    source, pages = dialog.write(tmp_path / "cal.pdf", calibration=True)
    assert pages == 1
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdf_full_page(printer, source, pages)
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True).stdout
    w, h = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (w, h) == pytest.approx((420 * c.MM, 297 * c.MM), abs=1)
    # The calibration's first cross (the awardee, 210; 140 mm) lands where it is on the source page:
    # compare the darkest column near it on both, rendered at 20 dpi (1 px = 1.27 mm).
    def cross_column(pdf):
        out = tmp_path / f"{pdf.stem}-r"
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-singlefile", str(pdf), str(out)], check=True)
        image = QImage(str(out) + ".pgm")
        row = round(140 / 25.4 * 20) + 2  # a little under the cross's centre: the vertical stroke only
        darkest = min(range(image.width()), key=lambda x: image.pixelColor(x, row).value())
        return darkest
    assert cross_column(tmp_path / "printed.pdf") == cross_column(source) == round(210 / 25.4 * 20)
