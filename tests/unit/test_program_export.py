"""The programme and the run-of-show script, written for real and read back.

PDF text with pypdf (and pdftotext when present), fonts with pdffonts, pages
rendered with pdftoppm, Word files with python-docx, the CLI's exit codes.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from thidua_desktop.cli import main
from thidua_desktop.export.program_content import program_document
from thidua_desktop.export.state_format import MOTTO_1, MOTTO_2
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import agenda_speeches, repository

TIME_SPAN = re.compile(r"(\d\d)h(\d\d) - (\d\d)h(\d\d)")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path) -> str:
    return _flat("\n".join(page.extract_text() for page in PdfReader(str(path)).pages))


@pytest.fixture
def district(demo_db):
    return repository.event_by_code(demo_db, "dh-hon-quan")


@pytest.fixture
def programme_pdf(demo_path, tmp_path):
    out = tmp_path / "chuong-trinh.pdf"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out)]) == 0
    return out


def test_programme_pdf_has_motto_name_and_items_in_order(programme_pdf, demo_db, district):
    text = _pdf_text(programme_pdf)
    assert MOTTO_1 in text and MOTTO_2 in text
    assert "CHƯƠNG TRÌNH" in text
    # The official name, as the plan fixes it (it may be set on two lines).
    assert _flat(district.name) in text
    agenda = svc.agenda(demo_db, district.id)
    positions = [text.find(_flat(item.title)) for item in agenda.items]
    assert -1 not in positions and positions == sorted(positions)
    standard = [s.kind for s in svc.standard_items(demo_db, district.plan_id) if s.standard_for(district.type_code)]
    assert [i.kind for i in agenda.items] == standard


def test_programme_times_add_up(programme_pdf, demo_db, district):
    spans = [tuple(int(x) for x in m) for m in TIME_SPAN.findall(_pdf_text(programme_pdf))]
    agenda = svc.agenda(demo_db, district.id)
    assert len(spans) == len(agenda.items)
    starts = [h1 * 60 + m1 for h1, m1, _h2, _m2 in spans]
    ends = [h2 * 60 + m2 for _h1, _m1, h2, m2 in spans]
    assert starts[0] == svc.parse_clock(district.start_time)
    assert starts[1:] == ends[:-1]  # each item starts when the one before ends
    assert [e - s for s, e in zip(starts, ends, strict=True)] == [i.duration_min for i in agenda.items]
    assert ends[-1] - starts[0] == agenda.total_minutes <= district.session_minutes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")
def test_pdftotext_reads_the_same(programme_pdf, district):
    text = _flat(subprocess.run(["pdftotext", str(programme_pdf), "-"], capture_output=True,
                                text=True, check=True).stdout)
    assert MOTTO_1 in text and MOTTO_2 in text and "Chào cờ" in text
    assert all(part in text for part in district.name.split(" LẦN THỨ "))


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler not installed")
def test_every_font_is_embedded(programme_pdf, tmp_path, demo_path):
    script = tmp_path / "kich-ban.pdf"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(script),
                 "--script"]) == 0
    for pdf in (programme_pdf, script):
        lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines, "no fonts listed"
        for line in lines:
            assert line.split()[-5] == "yes", line  # the 'emb' column


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler not installed")
def test_pages_render(programme_pdf, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(programme_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(str(programme_pdf)).pages)
    assert all(p.stat().st_size > 10_000 for p in pages)


def test_page_numbers_from_page_two(programme_pdf):
    pages = [p.extract_text().split() for p in PdfReader(str(programme_pdf)).pages]
    assert len(pages) >= 2
    assert pages[0][0] != "1"
    assert pages[1][0] == "2"


def test_word_programme_has_the_same_table(demo_path, demo_db, district, tmp_path):
    out = tmp_path / "chuong-trinh.docx"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out)]) == 0
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "CHƯƠNG TRÌNH" in text
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Thời gian", "Nội dung", "Người thực hiện"]
    expected = program_document(demo_db, district.id).rows
    got = [(r.cells[0].text, r.cells[1].paragraphs[0].text, r.cells[2].text) for r in table.rows[1:]]
    # Each item's row, then a row per detail (a speech of the discussion) under it.
    want = []
    for r in expected:
        want += [(r.time, r.title, r.presenter)] + [("", d, "") for d in r.details]
    assert got == want and any(r.details for r in expected)
    letterhead = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    assert MOTTO_1 in letterhead and "BAN TỔ CHỨC ĐẠI HỘI" in letterhead


def _roster_names(db, event_id, where):
    return [r[0] for r in db.execute(
        "SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
        f"WHERE d.event_id = ? AND {where}", [event_id])]


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_script_names_the_presidium_guests_and_speakers(demo_path, demo_db, district, tmp_path, suffix):
    out = tmp_path / f"kich-ban{suffix}"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out),
                 "--script"]) == 0
    if suffix == ".pdf":
        text = _pdf_text(out)
    else:
        doc = Document(str(out))
        text = _flat("\n".join(c.text for row in doc.tables[-1].rows for c in row.cells))
    assert "KỊCH BẢN ĐIỀU HÀNH" in text or suffix == ".docx"
    presidium = _roster_names(demo_db, district.id, "d.presidium = 1")
    assert len(presidium) >= 9
    for name in presidium:
        assert name in text, name
    for talk in agenda_speeches.speeches(demo_db, district.id):
        if talk.kind == "speech":
            assert f"{talk.speaker_name}," in text
            assert f"“{talk.title}”" in text
    # Guests in protocol order: each appears after the one ranked before.
    guests = [r[0] for r in demo_db.execute(
        "SELECT p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? "
        "AND d.presidium = 0 AND d.category IN ('leader', 'guest') ORDER BY d.protocol_rank", [district.id])]
    positions = [text.find(name) for name in guests]
    assert -1 not in positions and positions == sorted(positions)


def test_bad_extension_exits_2_and_writes_nothing(demo_path, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "chuong-trinh.txt"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out)]) == 2
    assert ".pdf hoặc .docx" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_unknown_event_exits_2(demo_path, tmp_path, capsys):
    assert main(["export-program", "--db", str(demo_path), "--event", "khong-co", "--out",
                 str(tmp_path / "a.pdf")]) == 2
    assert "dh-hon-quan" in capsys.readouterr().err


def test_issuing_date_goes_on_the_date_line(demo_path, tmp_path):
    out = tmp_path / "a.pdf"
    assert main(["export-program", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out),
                 "--date", "2025-06-05"]) == 0
    assert "Hớn Quản, ngày 05 tháng 6 năm 2025" in _pdf_text(out)


def test_long_script_is_chunked_and_lays_out(demo_db, district, tmp_path):
    from thidua_desktop.export.program_pdf import CHUNK_ROWS
    from thidua_desktop.export.script_content import script_document
    from thidua_desktop.export.script_pdf import script_rows, write_script_pdf

    # Every delegate of every event gets an award at the congress: hundreds of names.
    demo_db.execute("UPDATE delegates SET award_at_event = 'Giấy khen' WHERE event_id = ?", [district.id])
    demo_db.execute("UPDATE delegates SET event_id = ?, award_at_event = 'Bằng khen' WHERE event_id != ? "
                    "AND person_id NOT IN (SELECT person_id FROM delegates WHERE event_id = ?)",
                    [district.id, district.id, district.id])
    awarded = demo_db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND award_at_event != ''",
                              [district.id]).fetchone()[0]
    assert awarded > 300
    rows, _starts = script_rows(script_document(demo_db, district.id))
    assert len(rows) > CHUNK_ROWS
    out = write_script_pdf(demo_db, district.id, tmp_path / "long.pdf")
    text = _pdf_text(out)
    some = _roster_names(demo_db, district.id, "d.award_at_event = 'Bằng khen'")
    assert all(name in text for name in some[:: max(1, len(some) // 20)])


def test_grid_tables_chunks_with_fixed_widths():
    from thidua_desktop.export.program_pdf import grid_tables

    body = [[str(i), "x", "y"] for i in range(620)]
    tables = grid_tables(["a", "b", "c"], body, [50, 100, 50], chunk=250)
    assert [len(t._cellvalues) for t in tables] == [251, 251, 121]  # header repeated in each
    assert all(t._argW == [50, 100, 50] for t in tables)


@pytest.mark.parametrize("position, workplace, unit, expected", [
    ("Bí thư Huyện ủy", "Huyện ủy Hớn Quản", "", "Bí thư Huyện ủy Hớn Quản"),
    ("Chủ tịch UBND", "UBND xã Tân Khai", "", "Chủ tịch UBND xã Tân Khai"),
    ("Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Hớn Quản", "", "Trưởng phòng Nội vụ huyện Hớn Quản"),
    ("Chủ tịch UBND huyện", "Huyện ủy", "", "Chủ tịch UBND huyện, Huyện ủy"),
    ("Nông dân", "Thôn Cần Lê", "xã Tân Hưng", "Nông dân, Thôn Cần Lê, xã Tân Hưng"),
    ("Y sĩ", "Trạm Y tế xã Minh Tâm", "xã Minh Tâm", "Y sĩ, Trạm Y tế xã Minh Tâm"),
    ("", "", "", ""),
])
def test_position_phrase(position, workplace, unit, expected):
    assert svc.position_phrase(position, workplace, unit) == expected


def test_spoken_name_keeps_edition_and_period(demo_db, district):
    from thidua_desktop.export.script_content import spoken_name

    form = svc.agenda(demo_db, district.id).form
    assert spoken_name(demo_db, district, form) == \
        "Đại hội Thi đua yêu nước huyện Hớn Quản lần thứ III (2025 – 2030)"
    commune = repository.event_by_code(demo_db, "hn-tan-loi")
    name = spoken_name(demo_db, commune, svc.agenda(demo_db, commune.id).form)
    assert name.startswith("Hội nghị") and "xã Tân Lợi" in name and "giai đoạn" in name
