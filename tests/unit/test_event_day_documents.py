"""Documents of the day, read back: invitations (conformance), badges, name cards, seating plan."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conformance import Expect, check_docx, check_pdf

from thidua_desktop.cli import main
from thidua_desktop.export import badge_pdf
from thidua_desktop.export.event_day_export import export_event_document
from thidua_desktop.services import seating
from thidua_desktop.store.database import open_database

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
EVENT = "dh-hon-quan"
LONGEST = "Công Tằng Tôn Nữ Thị Phương Hoàng Khánh Ngọc Bích Nguyệt Thư"
INVITATION = Expect(signature="TRƯỞNG BAN", landscape=False)


@pytest.fixture
def demo(demo_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = ?", [EVENT]).fetchone()[0]
    with db.conn:  # the longest name first in its delegation, so it lands on badge 1
        db.conn.execute("UPDATE persons SET full_name = ? WHERE id = (SELECT person_id FROM delegates "
                        "WHERE event_id = ? ORDER BY unit_id, protocol_rank, sort_key, id LIMIT 1)",
                        [LONGEST, event_id])
        db.conn.execute("UPDATE delegates SET protocol_rank = -1 WHERE id = (SELECT d.id FROM delegates d "
                        "JOIN persons p ON p.id = d.person_id WHERE p.full_name = ?)", [LONGEST])
    yield db, event_id
    db.close()


def _text(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


@needs_poppler
def test_invitations_one_a_page_each_conforms(demo, tmp_path):
    from pypdf import PdfReader, PdfWriter

    db, event_id = demo
    guests = db.execute("SELECT count(*) FROM event_guests WHERE event_id = ?", [event_id]).fetchone()[0]
    count = guests + db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    out = export_event_document(db, event_id, "invitations", tmp_path / "gm.pdf")
    assert guests and _pages(out) == count  # the guests' letters first, then the delegates'
    assert "Đồng chí Nguyễn Thị Thu Hà" in _text(out, 1)
    reader = PdfReader(out)
    for number in (0, count // 2, count - 1):  # a bundle of one-page letters: each page is a letter
        single = tmp_path / f"p{number}.pdf"
        writer = PdfWriter()
        writer.add_page(reader.pages[number])
        writer.write(single)
        assert check_pdf(single, INVITATION) == []
    text = _text(out, guests + 1)
    for words in ("GIẤY MỜI", "Thời gian:", "Địa điểm:", "Trang phục:", "Đề nghị mang theo:",
                  "Xác nhận tham dự:", "Mã đại biểu:", "07 giờ 30 phút"):
        assert words in text
    code = db.execute("SELECT badge_code FROM delegate_event_day x JOIN delegates d ON d.id = x.delegate_id "
                      "JOIN persons p ON p.id = d.person_id WHERE p.full_name = ?", [LONGEST]).fetchone()[0]
    assert code in text and "Công Tằng Tôn Nữ" in text


def test_invitations_word_one_section_a_letter_conforms(demo, tmp_path):
    import docx

    db, event_id = demo
    count = db.execute("SELECT (SELECT count(*) FROM delegates WHERE event_id = :e) + "
                       "(SELECT count(*) FROM event_guests WHERE event_id = :e)", {"e": event_id}).fetchone()[0]
    from thidua_desktop.export.invitation_content import invitation_set
    from thidua_desktop.export.invitation_docx import write_invitations_docx

    # The checker reads the first letter's heading as the document's; one letter is measured alone.
    one = db.execute("SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
                     "WHERE p.full_name = ?", [LONGEST]).fetchone()[0]
    single = write_invitations_docx(invitation_set(db, event_id, [one]), tmp_path / "one.docx")
    assert check_docx(single, INVITATION) == []
    out = export_event_document(db, event_id, "invitations", tmp_path / "gm.docx")
    document = docx.Document(str(out))
    assert len(document.sections) == count
    assert sum(p.text == "GIẤY MỜI" for p in document.paragraphs) == count
    assert all(s.different_first_page_header_footer for s in document.sections)


@needs_poppler
def test_badges_eight_a_page_longest_name_whole_and_inside_its_badge(demo, tmp_path):
    db, event_id = demo
    count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ?", [event_id]).fetchone()[0]
    seating.assign(db, event_id)
    out = export_event_document(db, event_id, "badges", tmp_path / "the.pdf")
    assert _pages(out) == -(-count // 8)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout
    import re

    words = [(float(a), float(b), float(c), w) for a, b, c, _d, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes)]
    left = badge_pdf.badge_positions()[0][0]
    right = left + (badge_pdf.BADGE_MM[0] - 24) * 72 / 25.4  # the text column, left of the QR code
    name_words = LONGEST.split()
    found = [w for w in words if w[3] in name_words and w[0] < right + 5]
    assert {w[3] for w in found} == set(name_words)
    assert all(left <= w[0] and w[2] <= right for w in found)
    text = _text(out, 1)
    assert "Hàng" in text and "ĐẠI BIỂU -" in text


@needs_poppler
def test_badge_qr_code_holds_the_badge_code(demo, tmp_path):
    from PIL import Image
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    db, event_id = demo
    sheet = badge_pdf.badge_sheet(db, event_id)
    out = badge_pdf.write_badges_pdf(sheet, tmp_path / "b.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(out), str(tmp_path / "b")],
                   check=True)
    image = Image.open(next(tmp_path.glob("b-*.png"))).convert("L")
    scale = 300 / 72
    x, y = badge_pdf.badge_positions()[0]
    side = 21 * mm
    qx, qy = x + badge_pdf.BADGE_MM[0] * mm - 3 * mm - side, y + 3 * mm + 3 * mm
    widget = QrCodeWidget(sheet.people[0].badge_code, barLevel="M")
    widget.draw()
    n = widget.qr.getModuleCount()
    total = n + 2 * widget.barBorder
    module = side / total
    wrong = 0
    for r in range(n):
        for c in range(n):
            px = (qx + (widget.barBorder + c + 0.5) * module) * scale
            py = (A4[1] - (qy + side - (widget.barBorder + r + 0.5) * module)) * scale
            dark = image.getpixel((int(px), int(py))) < 128
            wrong += dark != widget.qr.isDark(r, c)
    assert wrong == 0


def test_fit_shrinks_then_breaks_never_cuts():
    from thidua_desktop.export.state_format import text_width_pt

    width = 150.0
    short = badge_pdf.fit("Lê An", width, (18, 9), True)
    assert short == [("Lê An", 18)]
    lines = badge_pdf.fit(LONGEST, width, (18, 9), True)
    assert " ".join(t for t, _s in lines) == LONGEST
    assert all(text_width_pt(t, s, True) <= width + 0.01 for t, s in lines)
    exact = text_width_pt("Nguyễn Văn Thành", 18, True)
    assert badge_pdf.fit("Nguyễn Văn Thành", exact, (18, 9), True) == [("Nguyễn Văn Thành", 18)]
    just_under = badge_pdf.fit("Nguyễn Văn Thành", exact - 1, (18, 9), True)
    assert len(just_under) == 1 and just_under[0][1] < 18
    one_word = badge_pdf.fit("Wwwwwwwwwwwwwwwwwwwwwwwwwwwwwww", 50, (18, 9), True)
    assert len(one_word) == 1 and text_width_pt(one_word[0][0], one_word[0][1], True) <= 50.01


@needs_poppler
def test_cards_name_on_both_halves_and_seating_plan_lists_everyone(demo, tmp_path):
    db, event_id = demo
    count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND status != 'absent'"
                       " AND id NOT IN (SELECT delegate_id FROM delegate_event_day WHERE invitation = 'declined')",
                       [event_id]).fetchone()[0]  # who declined gets no card
    out = export_event_document(db, event_id, "cards", tmp_path / "bt.pdf")
    guests = db.execute("SELECT count(*) FROM event_guests WHERE event_id = ?", [event_id]).fetchone()[0]
    assert guests and _pages(out) == guests + count  # the guest list's cards first
    assert _text(out, guests + 1).count(LONGEST) == 2  # whole, on each half of the fold
    seating.save_hall(db, event_id, seating.Hall(8, 16, (4, 12), {1: "presidium", 2: "guest"}))
    assert seating.assign(db, event_id, "category") == []
    plan = export_event_document(db, event_id, "seating", tmp_path / "sd.pdf")
    listing = _text(plan, 2, _pages(plan))
    assert "SÂN KHẤU" in _text(plan, 1) and "DANH SÁCH CHỖ NGỒI" in listing
    assert "chưa xếp" not in listing
    assert sum(1 for line in listing.splitlines() if line.strip()[:1].isdigit()) >= count


def test_cli_export_event_formats(demo_path, tmp_path, capsys):
    for flag, name in (("--invitations", "gm.docx"), ("--badges", "the.pdf"), ("--cards", "bt.pdf"),
                       ("--seating", "sd.pdf")):
        assert main(["export-event", "--db", str(demo_path), "--event", EVENT, flag,
                     "--out", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert main(["export-event", "--db", str(demo_path), "--event", EVENT, "--badges",
                 "--out", str(tmp_path / "the.docx")]) == 2
    assert ".pdf" in capsys.readouterr().err
    assert not (tmp_path / "the.docx").exists()
    with pytest.raises(SystemExit):
        main(["export-event", "--db", str(demo_path), "--event", EVENT, "--out", str(tmp_path / "x.pdf")])
    assert main(["export-event", "--db", str(demo_path), "--event", EVENT, "--badges", "--fields", "phone",
                 "--out", str(tmp_path / "bad.pdf")]) == 2
    assert "phone" in capsys.readouterr().err and not (tmp_path / "bad.pdf").exists()


@needs_poppler
def test_badge_fields_and_band_are_chosen(demo_path, tmp_path):
    out = tmp_path / "chon.pdf"
    assert main(["export-event", "--db", str(demo_path), "--event", EVENT, "--badges", "--fields", "category",
                 "--colour-by", "unit", "--out", str(out)]) == 0
    text = _text(out, 1)
    assert "Thành phần:" in text and "Chỗ ngồi" not in text
    assert "ĐẠI BIỂU - HUYỆN HỚN QUẢN" in text  # the band names the delegation


@needs_poppler
def test_seating_plan_row_label_whole_inside_the_label_column(demo, tmp_path):
    import re

    db, event_id = demo
    label = "Đoàn Chủ tịch Đại hội thi đua yêu nước"  # 38 characters, under LABEL_MAX
    h = seating.hall(db, event_id)
    seating.save_hall(db, event_id, seating.Hall(h.rows, h.seats, h.aisles, h.reserved, {1: label}))
    out = export_event_document(db, event_id, "seating", tmp_path / "sd.pdf")
    box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = [(float(a), float(b), w) for a, b, w in re.findall(r'xMin="([\d.]+)".*?xMax="([\d.]+)".*?>([^<]+)<', box)]
    left = min(a for a, _b, w in words if w == "Hàng")  # the label column's left edge
    first_seat = min(a for a, _b, w in words if w == "1" and a > left + 40)  # seat 1, not "Hàng 1"
    found = [w for w in words if w[2] in label.split()]
    assert {w[2] for w in found} >= set(label.split())  # every word printed (nothing cut)
    assert max(b for _a, b, _w in found) < first_seat  # inside the label column
