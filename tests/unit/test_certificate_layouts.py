"""Certificates on pre-printed blanks: the Bằng khen layout, offsets saved per printer, measured on the PDF."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit import conformance as c
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.export import award_certificates as cert
from thidua_desktop.export import certificate_layouts as lay
from thidua_desktop.services import awards_service as svc
from thidua_desktop.store.database import open_database


def _export(db_file: Path, kind: str, out: Path, *extra: str):
    return subprocess.run([sys.executable, "-m", "thidua_desktop", "export-awards", "--db", str(db_file),
                           "--round", "kt-2025", f"--{kind}", "--out", str(out), *extra],
                          capture_output=True, text=True, encoding="utf-8")


def _words(pdf: Path, page: int = 1) -> list[tuple[str, float, float]]:
    """Every word of a page with its left edge and baseline-ish bottom, in points."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(w, float(x), float(y)) for x, y, w in
            re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', out)]


def _page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(w), float(h)


def _approved(db_file: Path):
    db = open_database(db_file)
    try:
        return svc.proposals(db, svc.round_by_code(db, "kt-2025"), state="approved")
    finally:
        db.close()


def _give(db_file: Path, form_code: str, count: int | None = None) -> None:
    """The first `count` approved awards of the demo round (all when None) given as `form_code` instead."""
    db = open_database(db_file)
    try:
        ids = [p.id for p in _approved_in(db)][:count]
        with db.atomic():
            for pid in ids:
                db.execute("UPDATE award_proposals SET form_code = ? WHERE id = ?", [form_code, pid])
    finally:
        db.close()


def _approved_in(db):
    return svc.proposals(db, svc.round_by_code(db, "kt-2025"), state="approved")


def _pages(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:-1]


def _save(db_file: Path, code: str, dx: float, dy: float, printer: str = ""):
    db = open_database(db_file)
    try:
        return cert.save_offset(db, code, dx, dy, printer)
    finally:
        db.close()


def test_bang_khen_blank_is_a3_landscape_with_only_the_fields(demo_path, tmp_path):
    _give(demo_path, "bk_tinh")  # the demo's district round gives Giấy khen; a Bằng khen round here
    out = tmp_path / "bk.pdf"
    result = _export(demo_path, "certificates", out, "--blank", "bang_khen")
    assert result.returncode == 0, result.stderr
    w, h = _page_size(out)
    assert (w, h) == pytest.approx((420 * c.MM, 297 * c.MM), abs=0.5)  # A3 landscape
    approved = _approved(demo_path)
    pages = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    assert len(pages) == len(approved) >= 50
    for page, p in zip(pages, approved, strict=True):
        assert p.name in page and "125/QĐ-UBND" in page
        assert "BẰNG KHEN" not in page and "CỘNG HÒA" not in page and "CHỦ TỊCH" not in page  # printed on it
    # Each field where the layout says: the decision at the lower left, the signer at the lower right.
    fields = cert.BUILT_IN["bang_khen"].fields
    words = _words(out)
    decision = next((x, y) for word, x, y in words if word == "Quyết")
    signer = max(words, key=lambda w: w[2])  # the lowest line: the signer's name
    assert decision[0] < 210 * c.MM < signer[1]  # lower left, lower right of the sheet's middle
    for y, field in ((decision[1], fields["decision"]), (signer[2], fields["sign_name"])):
        # The box's bottom is the baseline plus the descent (under a third of the size).
        assert field.y * c.MM <= y <= field.y * c.MM + field.size * 0.3
    from docx import Document

    docx = tmp_path / "bk.docx"
    assert _export(demo_path, "certificates", docx, "--blank", "bang_khen").returncode == 0
    section = Document(str(docx)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (420, 297)
    assert Document(str(docx)).core_properties.title == "Bằng khen"


@pytest.mark.parametrize("code", ["giay_khen", "bang_khen"])
def test_every_field_moves_by_exactly_the_printers_offset(demo_path, tmp_path, code):
    _give(demo_path, {"giay_khen": "gk_huyen", "bang_khen": "bk_tinh"}[code])
    plain = tmp_path / "plain.pdf"
    assert _export(demo_path, "certificates", plain, "--blank", code, "--printer", "HP LaserJet 1020").returncode == 0
    _save(demo_path, code, 7.5, -4, "HP LaserJet 1020")
    moved = tmp_path / "moved.pdf"
    assert _export(demo_path, "certificates", moved, "--blank", code, "--printer", "HP LaserJet 1020").returncode == 0
    before, after = _words(plain), _words(moved)
    assert len(before) == len(after) > 10
    for (word, x0, y0), (same, x1, y1) in zip(before, after, strict=True):
        assert word == same
        assert x1 - x0 == pytest.approx(7.5 * c.MM, abs=0.05)
        assert y1 - y0 == pytest.approx(-4 * c.MM, abs=0.05)
    # Another printer without its own offset prints where the layout says (the common offset, none here).
    other = tmp_path / "other.pdf"
    result = _export(demo_path, "certificates", other, "--blank", code, "--printer", "Canon LBP")
    assert result.returncode == 0 and "máy in “Canon LBP” chưa có độ lệch riêng" in result.stderr
    assert _words(other) == before
    again = _export(demo_path, "certificates", other, "--blank", code, "--printer", "HP LaserJet 1020").stderr
    assert "Độ lệch đã lưu cho máy in “HP LaserJet 1020”: ngang +7.5 mm, dọc -4.0 mm." in again


def test_a_printer_without_its_own_offset_takes_the_common_one(demo_path, tmp_path):
    _save(demo_path, "giay_khen", 2, 3)  # no printer: the common offset (the first release's only one)
    _save(demo_path, "giay_khen", -1, 0.5, "Máy in phòng Nội vụ")
    db = open_database(demo_path)
    try:
        assert cert.layout_for(db, "giay_khen").offset == (2, 3)
        assert cert.layout_for(db, "giay_khen", "Canon LBP").offset == (2, 3)
        own = cert.layout_for(db, "giay_khen", "  Máy in   phòng Nội vụ ")  # the name cleaned like when saved
        assert own.offset == (-1, 0.5) and own.printer == "Máy in phòng Nội vụ"
        assert cert.layout_for(db, "bang_khen", "Máy in phòng Nội vụ").offset == (0, 0)  # per layout too
        assert cert.saved_offsets(db, "giay_khen") == {"": (2, 3), "Máy in phòng Nội vụ": (-1, 0.5)}
        cert.forget_offset(db, "giay_khen", "Máy in phòng Nội vụ")
        assert cert.layout_for(db, "giay_khen", "Máy in phòng Nội vụ").offset == (2, 3)
    finally:
        db.close()
    calibration = tmp_path / "cal.pdf"
    assert _export(demo_path, "calibration", calibration, "--blank", "giay_khen").returncode == 0
    text = subprocess.run(["pdftotext", str(calibration), "-"], capture_output=True, text=True).stdout
    assert "độ lệch chung" in text and "ngang +2.0 mm" in text and "dọc +3.0 mm" in text
    for label in ("Họ tên / tên tập thể", "Số quyết định", "Họ tên người ký"):
        assert label in text


def test_offsets_survive_closing_and_reopening_the_file(demo_path, tmp_path):
    _save(demo_path, "bang_khen", 1.25, -0.04, "Epson L1300")  # kept to 0.1 mm
    db = open_database(demo_path)
    try:
        layout = cert.layout_for(db, "bang_khen", "Epson L1300")
        stored = json.loads(db.execute("SELECT value FROM settings WHERE key = ?", [cert.SETTINGS_KEY]).fetchone()[0])
    finally:
        db.close()
    assert layout.offset == (1.2, -0.0) and layout.printer == "Epson L1300"
    assert stored["bang_khen"]["printers"] == {"Epson L1300": [1.2, -0.0]}
    calibration = tmp_path / "cal.pdf"
    result = _export(demo_path, "calibration", calibration, "--blank", "bang_khen", "--printer", "Epson L1300")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(calibration), "-"], capture_output=True, text=True).stdout
    assert "máy in “Epson L1300”" in text and "ngang +1.2 mm" in text
    assert _page_size(calibration) == pytest.approx((420 * c.MM, 297 * c.MM), abs=0.5)


@pytest.mark.parametrize("dx, ok", [(30, True), (30.04, False), (29.96, True), (30.1, False), (-30, True), (-30.1, False),
                                    (float("nan"), False), ("abc", False)])
def test_offset_bounds_at_and_over_the_edge(demo_db, dx, ok):
    before = demo_db.execute("SELECT value FROM settings WHERE key = ?", [cert.SETTINGS_KEY]).fetchone()
    if ok:
        assert cert.save_offset(demo_db, "giay_khen", dx, 0, "HP").offset == (round(float(dx), 1), 0)
        return
    with pytest.raises(ValidationError, match="mm|milimét"):
        cert.save_offset(demo_db, "giay_khen", dx, 0, "HP")
    assert demo_db.execute("SELECT value FROM settings WHERE key = ?", [cert.SETTINGS_KEY]).fetchone() == before


def test_printer_names_are_cleaned_and_bounded(demo_db):
    name = "P" * lay.PRINTER_NAME_MAX
    assert cert.save_offset(demo_db, "giay_khen", 1, 1, name).printer == name
    with pytest.raises(ValidationError, match="Tên máy in dài 121 ký tự"):
        cert.save_offset(demo_db, "giay_khen", 1, 1, name + "P")
    assert cert.save_offset(demo_db, "giay_khen", 1, 1, "HP\u202e\x07 Laser").printer == "HP Laser"
    with pytest.raises(NotFoundError, match="bang_khen"):
        cert.layout_for(demo_db, "bang-khen")


def test_the_number_of_printers_kept_is_bounded(demo_db):
    for i in range(lay.MAX_PRINTERS):
        cert.save_offset(demo_db, "giay_khen", 0, 0, f"Máy {i}")
    cert.save_offset(demo_db, "giay_khen", 1, 0, "Máy 0")  # changing a kept one is fine
    with pytest.raises(ValidationError, match="50 máy in"):
        cert.save_offset(demo_db, "giay_khen", 1, 0, "Máy mới")
    assert "Máy mới" not in cert.saved_offsets(demo_db, "giay_khen")


@pytest.mark.parametrize("stored", ['{"giay_khen": {"offset": [99, 0]}}', '{"giay_khen": {"offset": "x"}}',
                                    '{"giay_khen": {"printers": {"HP": [1]}}}', '[1, 2]', 'not json'])
def test_a_hand_edited_setting_prints_without_offset(demo_db, stored):
    demo_db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [cert.SETTINGS_KEY, stored])
    assert cert.layout_for(demo_db, "giay_khen", "HP").offset == (0, 0)
    assert cert.save_offset(demo_db, "giay_khen", 2, 2, "HP").offset == (2, 2)  # and can be saved over


@pytest.mark.parametrize("extra, words", [
    (("--printer", "P" * 121), "Tên máy in dài 121 ký tự"),
    (("--blank", "bang-khen"), "Không có mẫu in giấy khen “bang-khen” (có: a4, giay_khen, bang_khen)"),
])
def test_a_bad_printer_or_blank_gets_a_sentence_and_no_file(demo_path, tmp_path, extra, words):
    out = tmp_path / "x.pdf"
    result = _export(demo_path, "certificates", out, "--blank", "giay_khen", *extra)
    assert result.returncode == 2 and words in result.stderr
    assert not out.exists()


def test_each_blank_prints_only_the_awards_given_on_it(demo_path, tmp_path):
    """A round with both: the Giấy khen blank gets the Giấy khen, the Bằng khen blank the Bằng khen, A4 all."""
    _give(demo_path, "bk_tinh", 3)
    approved = _approved(demo_path)
    given = {"a4": approved, "giay_khen": [p for p in approved if p.form_code == "gk_huyen"],
             "bang_khen": [p for p in approved if p.form_code == "bk_tinh"]}
    assert len(given["bang_khen"]) == 3 and len(given["giay_khen"]) == len(approved) - 3 > 0
    for code, expected in given.items():
        out = tmp_path / f"{code}.pdf"
        result = _export(demo_path, "certificates", out, "--blank", code)
        assert result.returncode == 0, result.stderr
        pages = _pages(out)
        assert len(pages) == len(expected)
        for page, p in zip(pages, expected, strict=True):
            assert p.name in page


@pytest.mark.parametrize("form_code, fitting, refused", [
    ("gk_huyen", ("a4", "giay_khen"), "bang_khen"),
    ("bk_tinh", ("a4", "bang_khen"), "giay_khen"),
])
def test_a_blank_the_rounds_forms_are_not_given_on_is_refused(demo_path, tmp_path, form_code, fitting, refused):
    _give(demo_path, form_code)
    db = open_database(demo_path)
    try:
        assert cert.fitting_layouts(db, svc.round_by_code(db, "kt-2025")) == fitting
    finally:
        db.close()
    out = tmp_path / "x.pdf"
    result = _export(demo_path, "certificates", out, "--blank", refused)
    name = cert.BUILT_IN[refused].name
    assert result.returncode == 2 and f"“{name}” chỉ dùng cho {cert.BUILT_IN[refused].title.lower()}" in result.stderr
    assert "Hãy chọn phôi phù hợp hoặc in trên A4 có khung." in result.stderr
    assert not out.exists()
    for code in fitting:  # the blanks that fit still print
        assert _export(demo_path, "certificates", tmp_path / f"{code}.pdf", "--blank", code).returncode == 0


def test_the_certificate_cites_the_decisions_number_and_date(demo_path, tmp_path):
    db = open_database(demo_path)
    try:
        rnd = svc.round_by_code(db, "kt-2025")
    finally:
        db.close()
    day = rnd.decision_date
    assert day is not None and day.day >= 10 and day.month >= 3  # written without leading zeros
    out = tmp_path / "a4.pdf"
    assert _export(demo_path, "certificates", out).returncode == 0
    line = f"Quyết định số {rnd.decision_number} ngày {day.day}/{day.month}/{day.year}"
    assert all(line in " ".join(page.split()) for page in _pages(out))


def _offices_by_kind(db) -> dict[str, list[tuple[str, str, str]]]:
    """Kind name -> (unit name, position, workplace) of the demo's commune-level people."""
    rows = db.execute("SELECT k.name, u.name, p.position, p.workplace FROM persons p JOIN units u ON u.id = p.unit_id "
                      "JOIN unit_kinds k ON k.code = u.kind WHERE k.code IN ('xa', 'thi_tran', 'phuong')").fetchall()
    out: dict[str, list] = {}
    for kind, unit, position, workplace in rows:
        out.setdefault(kind, []).append((unit, position, workplace))
    return out


def test_the_demo_names_a_thi_tran_and_its_offices_by_its_kind(demo_db):
    """"Công an thị trấn Tân Khai", "Thị đội trưởng"; a xã keeps "Công an xã …", "Xã đội trưởng"."""
    by_kind = _offices_by_kind(demo_db)
    assert by_kind.get("Thị trấn") and by_kind.get("Xã")
    for kind, people in by_kind.items():
        other = {"Xã": "thị trấn", "Thị trấn": "xã"}[kind]
        bare = [(u.removeprefix(kind).strip(), pos, wp) for u, pos, wp in people]
        assert not [wp for unit, _, wp in bare if f"{other} {unit}" in wp]
        assert any(f"{kind.lower()} {unit}" in wp for unit, _, wp in bare)
    heads = {kind: {pos for _, pos, wp in people if "Quân sự" in wp} for kind, people in by_kind.items()}
    assert heads == {"Xã": {"Xã đội trưởng"}, "Thị trấn": {"Thị đội trưởng"}}
    # And so the certificates read.
    details = [c.detail for c in cert.certificates(demo_db, svc.round_by_code(demo_db, "kt-2025"))]
    assert any(d.startswith("Thị đội trưởng, Ban Chỉ huy Quân sự thị trấn") or "Công an thị trấn" in d
               for d in details)
    assert not any("Công an xã Tân Khai" in d or "Quân sự xã Tân Khai" in d for d in details)
