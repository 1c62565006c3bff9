"""The reward round's documents: every kind in every format, read back and measured (NĐ 30)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit import conformance as c
from thidua_desktop.errors import ValidationError
from thidua_desktop.export import award_certificates as cert
from thidua_desktop.export import award_content as ac
from thidua_desktop.services import awards_service as svc

SIGNATURES = {"decision": "CHỦ TỊCH", "list": "CHỦ TỊCH", "submission": "TRƯỞNG PHÒNG",
              "minutes": "CHỦ TỊCH HỘI ĐỒNG", "receipts": "NGƯỜI LẬP DANH SÁCH"}
# Ballots and certificates are not administrative documents: no letterhead, no page numbers
# (a page number on a ballot or a certificate would be printed on what is handed out). Of
# the checks, they must pass paper, fonts embedded, margins and text sizes.
NOT_APPLICABLE = re.compile(r"CỘNG HÒA|Độc lập|motto|issuing body|rule|page number|heading|header row|"
                            r"different first page|rows may break")


def _export(db_file: Path, kind: str, out: Path, *extra: str):
    return subprocess.run([sys.executable, "-m", "thidua_desktop", "export-awards", "--db", str(db_file),
                           "--round", "kt-2025", f"--{kind}", "--out", str(out), *extra],
                          capture_output=True, text=True, encoding="utf-8")


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def _table_pages(pages: list[str], names: list[str]) -> int:
    """The last page holding a row of the table (the header must repeat up to there)."""
    return max((i for i, page in enumerate(pages, 1) if any(n in page for n in names)), default=1)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, demo_master):
    """Every document of the demo round, written once through the command."""
    folder = tmp_path_factory.mktemp("awards")
    made = {}
    for kind in ("decision", "list", "submission", "minutes", "receipts", "ballots", "certificates"):
        for ext in (".pdf", ".docx") + ((".xlsx",) if kind in ("list", "receipts") else ()):
            out = folder / f"{kind}{ext}"
            result = _export(demo_master, kind, out)
            assert result.returncode == 0, result.stderr
            assert "Đã xuất" in result.stderr
            made[kind, ext] = out
    return made


@pytest.fixture(scope="module")
def demo_round(demo_master):
    from thidua_desktop.store.database import open_database

    db = open_database(demo_master, readonly=True)
    yield db, svc.round_by_code(db, "kt-2025")
    db.close()


@pytest.mark.parametrize("kind", sorted(SIGNATURES))
def test_state_format_documents_conform(exported, demo_round, kind):
    db, rnd = demo_round
    pdf, docx = exported[kind, ".pdf"], exported[kind, ".docx"]
    names = [p.name for p in svc.proposals(db, rnd)]
    # The decision ends with its attached list, which is not signed: its signature is on page 1.
    sign = "" if kind == "decision" else SIGNATURES[kind]
    problems = c.check_pdf(pdf, c.Expect(header_text="STT", signature=sign))
    last_table = _table_pages(_pdf_pages(pdf), names)
    problems = [p for p in problems if not (p.endswith("header row is not repeated")
                                            and int(re.findall(r"page (\d+)", p)[0]) > last_table)]
    assert problems == []
    assert c.check_docx(docx, c.Expect(header_text="STT", signature=sign)) == []
    if (kind, ".xlsx") in exported:
        assert c.check_xlsx(exported[kind, ".xlsx"], c.Expect(signature=SIGNATURES[kind])) == []


def test_decision_and_list_hold_every_approved_awardee_in_order(exported, demo_round):
    db, rnd = demo_round
    approved = svc.proposals(db, rnd, state="approved")
    rejected = svc.proposals(db, rnd, state="rejected")
    pages = _pdf_pages(exported["decision", ".pdf"])
    text = "\n".join(pages)
    assert "Số: 125/QĐ-UBND" in pages[0] and "ngày 10 tháng 6 năm 2025" in pages[0]
    persons = [p for p in approved if p.kind == "person"]
    collectives = [p for p in approved if p.kind == "collective"]
    assert f"cho {len(collectives)} tập thể và {len(persons)} cá nhân" in " ".join(pages[0].split())
    flat = " ".join(text.split())
    positions = [flat.find(p.name, flat.find("DANH SÁCH")) for p in collectives + persons]
    assert -1 not in positions
    for p in rejected:
        assert p.name not in flat
    # Word: the same list, read back with python-docx, in the same order.
    from docx import Document

    doc = Document(str(exported["decision", ".docx"]))
    cells = [row.cells[1].text for table in doc.tables[2:] for row in table.rows[1:]]
    assert cells == [p.name for p in collectives + persons]


def test_lists_in_excel_read_back(exported, demo_round):
    import openpyxl

    db, rnd = demo_round
    approved = svc.proposals(db, rnd, state="approved")
    for kind, name_col in (("list", 3), ("receipts", 2)):
        ws = openpyxl.load_workbook(exported[kind, ".xlsx"]).active
        values = [[cell.value for cell in row] for row in ws.iter_rows()]
        header = next(i for i, row in enumerate(values) if row[0] == "STT")
        body = values[header + 1: header + 1 + len(approved)]
        assert [row[name_col - 1] for row in body] == [p.name for p in approved]
        assert [row[0] for row in body] == [str(i) for i in range(1, len(approved) + 1)]


def test_minutes_tally_against_the_threshold(exported, demo_round):
    db, rnd = demo_round
    rule = svc.council_rule(db, rnd)
    flat = " ".join("\n".join(_pdf_pages(exported["minutes", ".pdf"])).split())
    assert f"ít nhất {rule.needed(rnd.members_present)} phiếu trên {rnd.members_present}" in flat
    voted = [p for p in svc.proposals(db, rnd) if p.votes_for is not None]
    passed = sum(rule.passes(p.votes_for, rnd.members_present) for p in voted)
    assert f"Kết quả: {passed} trên {len(voted)} đề nghị" in flat
    assert flat.count("Không đạt") == len(voted) - passed


def test_ballots_two_per_sheet(exported, demo_round):
    db, rnd = demo_round
    pdf = exported["ballots", ".pdf"]
    problems = [p for p in c.check_pdf(pdf, c.Expect()) if not NOT_APPLICABLE.search(p)]
    assert problems == []
    pages = _pdf_pages(pdf)
    units = len({p.unit_id for p in svc.proposals(db, rnd)})
    papers = units * rnd.members_present
    assert sum(page.count("PHIẾU BIỂU QUYẾT") for page in pages) == papers
    assert len(pages) == -(-papers // 2)
    assert all(page.count("PHIẾU BIỂU QUYẾT") <= 2 for page in pages)
    assert f"Phiếu {units}/{units}" in pages[(units - 1) // 2]
    from docx import Document

    doc = Document(str(exported["ballots", ".docx"]))
    assert sum(p.text == "PHIẾU BIỂU QUYẾT" for p in doc.paragraphs) == papers


def test_certificates_one_per_approved_awardee(exported, demo_round):
    db, rnd = demo_round
    approved = svc.proposals(db, rnd, state="approved")
    pdf = exported["certificates", ".pdf"]
    problems = [p for p in c.check_pdf(pdf, c.Expect(landscape=True)) if not NOT_APPLICABLE.search(p)]
    assert problems == []
    pages = _pdf_pages(pdf)
    assert len(pages) == len(approved) >= 50
    for page, p in zip(pages, approved, strict=True):
        assert p.name in page and "GIẤY KHEN" in page and "125/QĐ-UBND" in page
        assert "Hớn Quản, ngày 10 tháng 6 năm 2025" in page  # the state format's date line
    from docx import Document

    doc = Document(str(exported["certificates", ".docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert sum(t == "GIẤY KHEN" for t in texts) == len(approved)


def _word_box(pdf: Path, word: str) -> tuple[float, float]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    match = re.search(rf'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>{re.escape(word)}<', out)
    assert match, word
    return float(match.group(1)), float(match.group(2))


def test_blank_layout_offsets_move_every_field(demo_path, tmp_path):
    from thidua_desktop.store.database import open_database

    plain = tmp_path / "blank.pdf"
    assert _export(demo_path, "certificates", plain, "--blank", "giay_khen").returncode == 0
    text = _pdf_pages(plain)[0]
    assert "GIẤY KHEN" not in text and "CỘNG HÒA" not in text  # the blank carries them
    db = open_database(demo_path)
    try:
        first = svc.proposals(db, svc.round_by_code(db, "kt-2025"), state="approved")[0]
        with pytest.raises(ValidationError):
            cert.save_offset(db, "giay_khen", 31, 0)
        cert.save_offset(db, "giay_khen", 4, -3)
    finally:
        db.close()
    moved = tmp_path / "moved.pdf"
    assert _export(demo_path, "certificates", moved, "--blank", "giay_khen").returncode == 0
    word = first.name.split()[-1]
    (x0, y0), (x1, y1) = _word_box(plain, word), _word_box(moved, word)
    assert (x1 - x0) == pytest.approx(4 * c.MM, abs=0.2)
    assert (y1 - y0) == pytest.approx(-3 * c.MM, abs=0.2)
    calibration = tmp_path / "calibration.pdf"
    assert _export(demo_path, "calibration", calibration, "--blank", "giay_khen").returncode == 0
    page = _pdf_pages(calibration)[0]
    assert "ngang +4.0 mm" in page and "dọc -3.0 mm" in page
    assert all(cert.FIELD_LABELS[name] in page for name in cert.BUILT_IN["giay_khen"].fields)


@pytest.mark.parametrize("args, words", [
    (("--decision", "--out", "x.xlsx"), "hãy dùng .pdf, .docx"),
    (("--ballots", "--out", "x.csv"), "hãy dùng .pdf, .docx"),
    (("--certificates", "--blank", "khong-co", "--out", "x.pdf"), "Không có mẫu in"),
])
def test_bad_requests_get_a_sentence_and_no_file(demo_path, tmp_path, args, words):
    args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    result = subprocess.run([sys.executable, "-m", "thidua_desktop", "export-awards", "--db", str(demo_path),
                             "--round", "kt-2025", *args], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2 and words in result.stderr
    assert list(tmp_path.iterdir()) == [demo_path] or not any(p.name.startswith("x.") for p in tmp_path.iterdir())


def test_an_undecided_round_has_no_decision(demo_db):
    from thidua_desktop.services import awards_demo

    demo_db.execute("DELETE FROM awards")
    demo_db.execute("DELETE FROM award_rounds")
    rnd = awards_demo.populate_awards(demo_db, 1, decide=False)
    with pytest.raises(ValidationError):
        ac.decision(demo_db, rnd)
    with pytest.raises(ValidationError):
        cert.certificates(demo_db, rnd)
