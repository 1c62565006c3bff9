"""The wording of letters, envelopes and labels: units' names, heads, positions, forms of address,
the number line, the title's year range, the signer and the labels' address (read back)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from thidua_desktop.domain.unit_names import CATEGORY_KINDS, position_at, written_name, written_sql
from thidua_desktop.export import envelope_pdf, invitation_units
from thidua_desktop.export.event_day_export import export_event_document
from thidua_desktop.export.invitation_content import (
    NBSP,
    invitation_set,
    number_line,
    to_line,
    to_size,
    unbroken_years,
)
from thidua_desktop.export.state_format import MIN_PRINTED_PT, SIZES, text_width_pt
from thidua_desktop.services import event_guests
from thidua_desktop.services.event_day_people import day_people
from thidua_desktop.store.database import open_database

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def province(province_master, tmp_path):
    copy = tmp_path / "tinh.sqlite"
    shutil.copyfile(province_master, copy)
    db = open_database(copy)
    yield db, db.execute("SELECT id FROM events WHERE code = 'dh-dong-nai'").fetchone()[0]
    db.close()


@pytest.fixture
def district(demo_path):
    db = open_database(demo_path)
    yield db, db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    db.close()


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_written_name_drops_a_category_kind_and_never_says_the_kind_twice():
    assert written_name("doanh_nghiep", "Doanh nghiệp", "Tổng Công ty Sonadezi") == "Tổng Công ty Sonadezi"
    assert written_name("co_quan", "Cơ quan", "Văn phòng UBND tỉnh") == "Văn phòng UBND tỉnh"
    assert written_name("so", "Sở", "Y tế") == "Sở Y tế"
    assert written_name("xa", "Xã", "Tân Lợi") == "Xã Tân Lợi"
    assert written_name("truong", "Trường", "Trường THCS An Phú") == "Trường THCS An Phú"
    assert written_name("truong", "Trường", "Trườngsa") == "Trường Trườngsa"  # a word, not a prefix


def test_written_sql_agrees_with_written_name(memory_db):
    memory_db.execute("CREATE TABLE k (code TEXT, name TEXT)")
    memory_db.execute("CREATE TABLE u (kind TEXT, name TEXT)")
    rows = [("doanh_nghiep", "Doanh nghiệp", "Tổng Công ty Sonadezi"), ("so", "Sở", "Y tế"),
            ("xa", "Xã", "Tân Lợi"), *((code, code.title(), "X") for code in sorted(CATEGORY_KINDS))]
    for code, kind, name in rows:
        memory_db.execute("DELETE FROM k")
        memory_db.execute("DELETE FROM u")
        memory_db.execute("INSERT INTO k VALUES (?, ?)", [code, kind])
        memory_db.execute("INSERT INTO u VALUES (?, ?)", [code, name])
        got = memory_db.execute(f"SELECT {written_sql()} FROM u JOIN k ON k.code = u.kind").fetchone()[0]
        assert got == written_name(code, kind, name)


@pytest.mark.parametrize(("position", "workplace", "expected"), [
    ("Chủ tịch HĐND huyện", "HĐND huyện Hớn Quản", "Chủ tịch HĐND huyện Hớn Quản"),
    ("Trưởng phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch huyện",
     "Trưởng phòng Tài chính - Kế hoạch huyện"),
    ("Chủ tịch UBND xã Tân Lợi", "UBND xã Tân Lợi", "Chủ tịch UBND xã Tân Lợi"),
    ("Phó Bí thư Thường trực", "Huyện ủy Hớn Quản", "Phó Bí thư Thường trực, Huyện ủy Hớn Quản"),
    ("Kế toán", "An", "Kế toán, An"),  # "an" is inside "toan" but no word of it: kept
    ("", "Xã Tân Lợi", "Xã Tân Lợi"),
    ("Nông dân", "", "Nông dân"),
])
def test_position_at_says_the_agency_once(position, workplace, expected):
    assert position_at(position, workplace) == expected


def test_number_line_leaves_room_and_keeps_a_written_number():
    assert number_line("Số: /GM-BTC") == f"Số:{NBSP * 12}/GM-BTC"
    assert number_line("Số:       /GM-BTC") == f"Số:{NBSP * 12}/GM-BTC"
    assert number_line("Số: 25/GM-BTC") == "Số: 25/GM-BTC"
    assert number_line("25/GM-BTC") == "Số: 25/GM-BTC"
    assert number_line("/GM-BTC") == f"Số:{NBSP * 12}/GM-BTC"


def test_year_range_is_unbroken():
    assert unbroken_years("LẦN THỨ III (2025 – 2030)") == f"LẦN THỨ III (2025{NBSP}–{NBSP}2030)"
    assert unbroken_years("GIAI ĐOẠN 2021-2025") == f"GIAI ĐOẠN 2021{NBSP}-{NBSP}2025"
    assert unbroken_years("NĂM 2025") == "NĂM 2025"


def test_to_size_shrinks_at_and_past_the_edge_not_below_the_smallest():
    body = SIZES["body"].used
    short = "Ủy ban nhân dân xã Tân Lợi"
    width = text_width_pt(to_line(short), body)
    assert to_size(short, width) == body  # exactly fits
    assert to_size(short, width - 0.01) < body  # just over: smaller
    assert text_width_pt(to_line(short), to_size(short, width - 0.01)) <= width - 0.01
    assert to_size(short * 5, width) == MIN_PRINTED_PT


def test_province_letters_name_units_as_written_with_their_heads(province):
    db, event_id = province
    heads = {u.name: u.head for u in invitation_units.sending_units(db, event_id)}
    assert heads["Tổng Công ty Sonadezi"] == "Ban Giám đốc Tổng Công ty Sonadezi"
    assert heads["Văn phòng UBND tỉnh"] == "Lãnh đạo Văn phòng UBND tỉnh"
    assert heads["Y tế"] == "Lãnh đạo Sở Y tế"
    assert heads["Đại học Đồng Nai"] == "Ban Giám hiệu Trường Đại học Đồng Nai"
    assert not any(h.startswith(("Thủ trưởng", "Ban Giám đốc Doanh nghiệp")) or "Cơ quan" in h
                   for h in heads.values())
    units = {p.unit for p in day_people(db, event_id)}
    assert not any(u.startswith(("Doanh nghiệp ", "Cơ quan ")) for u in units)
    # the letter to a unit names its delegates, matched by the unit itself
    letters = invitation_units.unit_letters(db, event_id)
    for unit in invitation_units.sending_units(db, event_id):
        names = [p.name for p in day_people(db, event_id) if p.unit_id == unit.unit_id]
        letter = next(x for x in letters if x.to == unit.head)
        assert all(n in letter.members for n in names)
        assert ("gồm" in letter.members) is bool(names)


@needs_poppler
def test_province_pdf_letter_keeps_each_head_on_one_line_and_the_office_as_contact(province, tmp_path):
    db, event_id = province
    out = export_event_document(db, event_id, "invitations", tmp_path / "gm.pdf", per_unit=True)
    text = _text(out)
    assert "Kính gửi: Ban Giám đốc Công ty TNHH MTV Xổ số kiến thiết Đồng Nai." in text  # one line
    assert "Kính gửi: Ban Giám đốc Tổng Công ty Sonadezi." in text
    assert "Doanh nghiệp" not in text and "Thủ trưởng" not in text
    flat = " ".join(text.split())
    assert "(Tỉnh Đồng Nai)" not in flat and "Tỉnh Đồng Nai" not in flat
    assert "cho Văn phòng Ban Tổ chức (Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Đồng Nai)." in flat
    assert "Lê Minh Khoa" in text  # the demo's signer
    assert re.search(r"Số:\s{6,}/GM-BTC", text)  # room to write the number
    assert "(2026 – 2030)" in text  # the year range on one line


def test_default_contact_names_the_committee_office_in_lower_case(district):
    db, event_id = district
    db.execute("UPDATE event_invitation SET contact = '' WHERE event_id = ?", [event_id])
    letter = invitation_set(db, event_id).letters[0]
    assert dict(letter.lines)["Xác nhận tham dự"].endswith("cho Văn phòng Ban Tổ chức đại hội.")


def test_one_form_of_address_for_the_whole_batch(district):
    db, event_id = district
    for inv in (invitation_set(db, event_id), invitation_units.per_unit_set(db, event_id)):
        people = [x for x in inv.letters if not x.to]
        assert people and all(x.addressee.startswith("Đồng chí ") for x in people)
        assert all("Ông" not in x.members and "Bà " not in x.members for x in inv.letters)
        assert "đồng chí" in inv.closing and "đại biểu" not in inv.closing
        assert all(dict(x.lines)["Xác nhận tham dự"].startswith("đề nghị đồng chí") for x in people)
    assert invitation_set(db, event_id).signature.name == "Trần Quốc Hưng"


def test_positions_do_not_repeat_the_agency_in_letters_and_labels(district):
    db, event_id = district
    details = [x.addressee_detail for x in invitation_set(db, event_id).letters]
    assert "Chủ tịch HĐND huyện Hớn Quản" in details
    assert "Trưởng phòng Tài chính - Kế hoạch huyện" in details
    assert not any("HĐND huyện, HĐND" in d or "Kế hoạch, Phòng" in d for d in details)


def test_labels_carry_every_delegates_address(district, tmp_path):
    db, event_id = district
    m = envelope_pdf.mailing(invitation_set(db, event_id))
    assert m.addressees and all(a.address for a in m.addressees)
    guests = len(event_guests.guests(db, event_id))
    people = zip(m.addressees[guests:], day_people(db, event_id), strict=True)
    tan_loi = [a for a, p in people if p.unit == "Xã Tân Lợi"]
    assert tan_loi and {a.address for a in tan_loi} == {"Xã Tân Lợi, huyện Hớn Quản"}


@needs_poppler
def test_labels_pdf_prints_the_address_under_the_position(district, tmp_path):
    db, event_id = district
    out = export_event_document(db, event_id, "labels", tmp_path / "nhan.pdf")
    text = _text(out)
    assert "Xã Tân Lợi, huyện Hớn Quản" in text


@needs_poppler
def test_word_letter_has_a_rule_under_the_title_and_air_before_the_recipients(district, tmp_path):
    import docx
    from docx.oxml.ns import qn

    db, event_id = district
    document = docx.Document(str(export_event_document(db, event_id, "invitations", tmp_path / "gm.docx")))
    body = document.element.body
    paragraphs = body.findall(qn("w:p"))
    subject = next(i for i, p in enumerate(paragraphs) if "".join(p.itertext()).startswith("DỰ ĐẠI HỘI"))
    rule = paragraphs[subject + 1]
    assert rule.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert f"2025{NBSP}–{NBSP}2030" in "".join(paragraphs[subject].itertext())
    closing = next(p for p in document.paragraphs if p.text.startswith("Rất mong"))
    assert closing.paragraph_format.space_after is not None and closing.paragraph_format.space_after.pt >= 6


def test_event_details_set_the_letters_number_contact_and_signer_with_undo(province):
    from thidua_desktop.errors import ValidationError
    from thidua_desktop.services import event_details as ed

    db, _ = province
    # a cluster's conference has no invitation wording stored yet: the row is made
    event_id = db.execute("SELECT id FROM events WHERE code = 'hn-cum-thi-dua-so-1'").fetchone()[0]
    assert db.execute("SELECT 1 FROM event_invitation WHERE event_id = ?", [event_id]).fetchone() is None
    values = {"invitation_number": "12/GM-BTC", "invitation_contact": "Văn phòng Ban Tổ chức (Sở Nội vụ)",
              "signer_title": "TRƯỞNG BAN", "signer_name": "x" * 80}
    old = ed.update(db, event_id, values)
    inv = invitation_set(db, event_id)
    assert inv.letterhead.number == "Số: 12/GM-BTC" and inv.signature.name == "x" * 80
    assert dict(inv.letters[0].lines)["Xác nhận tham dự"].endswith("cho Văn phòng Ban Tổ chức (Sở Nội vụ).")
    assert {k: ed.details(db, event_id)[k] for k in values} == values
    with pytest.raises(ValidationError):
        ed.update(db, event_id, {"signer_name": "x" * 81})
    ed.write(db, event_id, old)  # undo: the letters' own wording again
    inv = invitation_set(db, event_id)
    assert inv.signature.name == "" and inv.letterhead.number == f"Số:{NBSP * 12}/GM-BTC"
