"""Reminders: the list (Excel) and one letter per unit (PDF, Word), read back."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua_desktop.errors import ValidationError
from thidua_desktop.export.reminder_docx import write_letters_docx
from thidua_desktop.export.reminder_files import export_reminders, list_file_name
from thidua_desktop.export.reminder_pdf import write_letters_pdf
from thidua_desktop.export.reminder_xlsx import write_reminder_list
from thidua_desktop.services import dossier_service
from thidua_desktop.services.dossier_reminders import (
    Signer,
    addressee,
    build_reminders,
    initials,
    letter_rows,
    office_of,
    remember_signer,
    signer,
)

AS_OF = dt.date(2025, 4, 15)


@pytest.fixture
def reminders(demo_db):
    run_id = dossier_service.runs(demo_db)[0].id
    return demo_db, run_id, build_reminders(demo_db, run_id, as_of=AS_OF)


def _outstanding(db, run_id):
    owed: dict[str, list] = {}
    for item in dossier_service.items(db, run_id=run_id):
        if item.state in ("missing", "needs_fix"):
            owed.setdefault(item.unit_name, []).append(item)
    return owed


def test_letters_go_to_exactly_the_units_still_owing(reminders):
    db, run_id, rem = reminders
    owed = _outstanding(db, run_id)
    assert {letter.unit_name for letter in rem.letters} == set(owed)
    for letter in rem.letters:
        assert sorted(line.label for line in letter.lines) == sorted(i.label for i in owed[letter.unit_name])
        assert letter.addressee == "UBND " + letter.unit_name[0].lower() + letter.unit_name[1:]
    assert rem.office == "Phòng Nội vụ" and rem.letterhead.issuer == "PHÒNG NỘI VỤ"
    assert rem.reply_by == AS_OF + dt.timedelta(days=7)
    only_overdue = build_reminders(db, run_id, as_of=dt.date(2025, 4, 5), overdue_only=True)
    assert only_overdue.letters == ()
    with pytest.raises(ValidationError):
        build_reminders(db, run_id, as_of=AS_OF, reply_by=AS_OF - dt.timedelta(days=1))


def test_helpers_read_the_plan_words():
    assert office_of("Phòng Nội vụ") == "Phòng Nội vụ"
    assert office_of("UBND thị xã (qua Phòng Nội vụ)") == "Phòng Nội vụ"
    assert office_of("Sở Nội vụ (Ban Thi đua - Khen thưởng tỉnh)") == "Sở Nội vụ"
    assert initials("Phòng Nội vụ") == "PNV"
    assert addressee("Thị trấn", "commune", "Tân Khai") == "UBND thị trấn Tân Khai"
    assert addressee("Trường", "agency", "THCS Tân Lợi") == "Trường THCS Tân Lợi"


def test_signer_is_remembered(demo_db):
    assert signer(demo_db).title == "TRƯỞNG PHÒNG"
    remember_signer(demo_db, Signer("PHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Nam", "KT. TRƯỞNG PHÒNG"))
    assert signer(demo_db) == Signer("PHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Nam", "KT. TRƯỞNG PHÒNG")


def test_reminder_list_reads_back(reminders, tmp_path):
    db, run_id, rem = reminders
    path = write_reminder_list(rem, tmp_path / "list.xlsx")
    wb = load_workbook(path)
    ws = wb["Nhắc nộp"]
    values = [tuple(row) for row in ws.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert values[header][:7] == ("STT", "Đơn vị", "Hồ sơ còn thiếu", "Đại biểu", "Số bản", "Hạn nộp", "Tình trạng")
    body = [row for row in values[header + 1:] if isinstance(row[0], int)]
    owed = _outstanding(db, run_id)
    assert len(body) == sum(len(v) for v in owed.values()) == rem.line_count
    assert {row[1] for row in body} == set(owed)
    assert all(row[5] == "10/04/2025" for row in body)
    assert any(row[6] == "Chưa nộp (quá hạn)" for row in body)
    assert any(row[6].startswith("Cần bổ sung") and row[7] for row in body)
    text = " ".join(str(v) for row in values[:header] for v in row if v)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "PHÒNG NỘI VỤ" in text
    assert "15/04/2025" in text
    summary = [row for row in wb["Tổng hợp"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert {row[1]: row[2] + row[3] for row in summary} == {u: len(v) for u, v in owed.items()}
    assert ws.freeze_panes and ws.auto_filter.ref


def _letter_of(rem, name_part):
    return next(letter for letter in rem.letters if name_part in letter.unit_name)


def test_letter_pdf_is_a_letter_with_missing_items_and_deadlines(reminders, tmp_path):
    db, run_id, rem = reminders
    letter = max(rem.letters, key=lambda x: len(x.lines))
    path = write_letters_pdf(rem, tmp_path / "letter.pdf", [letter])
    reader = PdfReader(path)
    # 13 pt tables (NĐ 30 body size): the longest letter may take a second page.
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "UBND HUYỆN HỚN QUẢN", "PHÒNG NỘI VỤ", f"Kính gửi: {letter.addressee}",
                     "Hớn Quản, ngày 15 tháng 4 năm 2025", "Nơi nhận", "TRƯỞNG PHÒNG",
                     "10/04/2025", "22/04/2025", "V/v đôn đốc nộp hồ sơ sau Hội nghị"):
        assert expected in text, expected
    for line in letter.lines:
        assert line.name in text
        if line.delegate:
            assert line.delegate.split()[-1] in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = [r for r in fonts.splitlines()[2:] if r.strip()]
        assert rows and all(" yes " in r for r in rows)  # every font embedded


def test_letter_groups_a_units_missing_delegate_reports(reminders):
    db, run_id, rem = reminders
    letter = max(rem.letters, key=lambda x: len(x.lines))
    rows = letter_rows(letter)
    reports = [line for line in letter.lines if line.delegate and line.state == "missing"]
    assert len(reports) > 1
    grouped = [r for r in rows if "đại biểu):" in r.label]
    assert len(grouped) == 1 and grouped[0].copies == sum(line.copies for line in reports)
    assert all(line.delegate in grouped[0].label for line in reports)


def test_letter_docx_reads_back(reminders, tmp_path):
    db, run_id, rem = reminders
    letter = _letter_of(rem, "Tân Hưng")
    path = write_letters_docx(rem, tmp_path / "letter.docx", [letter])
    doc = Document(path)
    paragraphs = [p.text for p in doc.paragraphs]
    assert f"Kính gửi: {letter.addressee}." in paragraphs
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c for c in cells)
    items = doc.tables[1]
    assert [c.text for c in items.rows[0].cells] == ["STT", "Tên hồ sơ", "Số bản", "Hạn nộp", "Tình trạng"]
    assert len(items.rows) == 1 + len(letter_rows(letter))
    assert any("Cần bổ sung" in c.text for row in items.rows for c in row.cells)
    assert any("Nơi nhận:" in c for c in cells) and any("TRƯỞNG PHÒNG" in c for c in cells)
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=1)


def test_export_folder_has_the_list_and_a_letter_per_unit(reminders, tmp_path):
    db, run_id, rem = reminders
    calls = []
    written = export_reminders(rem, tmp_path / "out", progress=lambda d, t: calls.append((d, t)))
    names = {p.name for p in written}
    assert list_file_name(rem) in names
    assert len(written) == 1 + 2 * len(rem.letters) and calls[-1] == (len(written), len(written))
    for letter in rem.letters:
        assert any(letter.unit_name in n and n.endswith(".pdf") for n in names)
        assert any(letter.unit_name in n and n.endswith(".docx") for n in names)
    assert all(p.stat().st_size > 0 for p in written)
