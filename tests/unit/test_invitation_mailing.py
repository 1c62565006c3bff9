"""Invitations per unit, envelopes, address labels and A5 name cards, read back and measured."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conformance import Expect, check_docx, check_pdf

from thidua_desktop.cli import main
from thidua_desktop.export import envelope_pdf, invitation_units
from thidua_desktop.export.event_day_export import export_event_document
from thidua_desktop.export.invitation_content import empty_set
from thidua_desktop.services import event_guests

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
EVENT = "dh-hon-quan"
LONGEST = "Công Tằng Tôn Nữ Thị Phương Hoàng Khánh Ngọc Bích Nguyệt Thư"
INVITATION = Expect(signature="TRƯỞNG BAN", landscape=False)
MM = 72 / 25.4


@pytest.fixture
def demo(demo_congress):
    return demo_congress


def _text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else [])
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of a page, points from the top left."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]


def _reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


def _single_page(path: Path, index: int, out: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(_reader(path).pages[index])
    writer.write(out)
    return out


def _unit_delegates(db, event_id):
    return db.execute("SELECT u.name, p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
                      "JOIN units u ON u.id = d.unit_id JOIN events e ON e.id = d.event_id "
                      "WHERE d.event_id = ? AND d.unit_id != e.unit_id", [event_id]).fetchall()


@needs_poppler
def test_per_unit_letters_name_the_head_and_delegates_and_conform(demo, tmp_path):
    db, event_id = demo
    units = invitation_units.sending_units(db, event_id)
    host = db.execute("SELECT count(*) FROM delegates d JOIN events e ON e.id = d.event_id "
                      "WHERE d.event_id = ? AND d.unit_id = e.unit_id", [event_id]).fetchone()[0]
    guests = len(event_guests.guests(db, event_id))
    assert units and host and guests
    out = export_event_document(db, event_id, "invitations", tmp_path / "gm.pdf", per_unit=True)
    assert len(_reader(out).pages) == guests + len(units) + host
    assert "Đồng chí Nguyễn Thị Thu Hà" in _text(out, 1)
    tan_loi = guests + next(i for i, u in enumerate(units) if u.name == "Tân Lợi")
    page = " ".join(_text(out, tan_loi + 1).split())
    assert "Kính gửi: Ủy ban nhân dân xã Tân Lợi." in page
    assert "Đoàn đại biểu xã Tân Lợi" in page
    names = [n for u, n in _unit_delegates(db, event_id) if u == "Tân Lợi"]
    assert f"gồm {len(names)} đồng chí" in page
    assert all(n in page for n in names)
    others = [n for u, n in _unit_delegates(db, event_id) if u != "Tân Lợi"]
    assert not any(n in page for n in others)
    last_unit = guests + len(units) - 1
    for index in (0, guests, tan_loi, last_unit, last_unit + 1):  # a guest, units, then a host delegate
        assert check_pdf(_single_page(out, index, tmp_path / f"p{index}.pdf"), INVITATION) == []
    assert "Kính gửi:" in _text(out, last_unit + 1)
    assert "Kính gửi:" not in _text(out, last_unit + 2)  # the host's own people: letters by name


def test_per_unit_word_letter_conforms(demo, tmp_path):
    import dataclasses

    import docx

    from thidua_desktop.export.invitation_docx import write_invitations_docx

    db, event_id = demo
    inv = invitation_units.per_unit_set(db, event_id)
    one = dataclasses.replace(inv, letters=tuple(x for x in inv.letters if x.to)[:1])
    assert check_docx(write_invitations_docx(one, tmp_path / "one.docx"), INVITATION) == []
    document = docx.Document(str(export_event_document(db, event_id, "invitations", tmp_path / "gm.docx",
                                                       per_unit=True)))
    assert len(document.sections) == len(inv.letters)
    heads = [p.text for p in document.paragraphs if p.text.startswith("Kính gửi: ")]
    assert heads == [f"Kính gửi: {u.head}." for u in invitation_units.sending_units(db, event_id)]


def test_unit_without_delegates_gets_its_seats_and_names_stop_at_the_limit(demo):
    db, event_id = demo
    with db.conn:  # An Phú has sent no one yet: its letter asks for its seats
        unit_id = db.execute("SELECT id FROM units WHERE name = 'An Phú'").fetchone()[0]
        db.conn.execute("DELETE FROM delegates WHERE event_id = ? AND unit_id = ?", [event_id, unit_id])
        db.conn.execute("UPDATE event_seats SET seats = 7 WHERE event_id = ? AND unit_id = ?", [event_id, unit_id])
    letter = next(x for x in invitation_units.unit_letters(db, event_id) if x.to.endswith("xã An Phú"))
    assert "cử 7 đại biểu" in letter.members and "đồng chí:" not in letter.members
    base = invitation_units.sending_units(db, event_id)[0]
    limit = invitation_units.NAMED_MAX
    for count, named in ((limit - 1, True), (limit, True), (limit + 1, False)):
        unit = invitation_units.SendingUnit(base.unit_id, base.kind_code, base.kind, base.level, base.name,
                                            None, tuple(f"Ông Người {i}" for i in range(count)))
        text = invitation_units._members(unit)
        assert (f"Ông Người {count - 1}" in text) is named
        assert f"gồm {count} đồng chí" in text


def test_heads_by_kind():
    unit = invitation_units.SendingUnit(1, "truong", "Trường", "agency", "THCS Tân Lợi", None, ())
    assert unit.head == "Ban Giám hiệu Trường THCS Tân Lợi"
    unit = invitation_units.SendingUnit(1, "phuong", "Phường", "commune", "Ba Đình", None, (), "quận X")
    assert unit.head == "Ủy ban nhân dân phường Ba Đình" and unit.address == "Phường Ba Đình, quận X"


@needs_poppler
def test_envelope_addressee_inside_its_block_long_name_whole(demo, tmp_path):
    db, event_id = demo
    inv = empty_set(db, event_id)
    people = (envelope_pdf.Addressee(f"Bà {LONGEST}", "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện Hớn Quản, "
                                     "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Hớn Quản", "Số 1 đường Trần Hưng Đạo"),
              envelope_pdf.Addressee("Ông Lê An", "", ""))
    m = envelope_pdf.Mailing(envelope_pdf.mailing(inv).sender, "Số: 25/GM-BTC", people)
    out = envelope_pdf.write_envelopes_pdf(m, tmp_path / "pb.pdf")
    reader = _reader(out)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (220, 110)
    words = _words(out, 1)
    x, width, top = envelope_pdf.envelope_block(people[0])
    page_h = 110 * MM
    name = [w for w in words if w[4] in (f"Bà {LONGEST}").split() and w[0] >= x - 1]
    assert {w[4] for w in name} == set(f"Bà {LONGEST}".split())  # whole: every word printed
    assert all(x - 0.5 <= w[0] and w[2] <= x + width + 0.5 for w in name)
    assert all(w[1] >= page_h - top - 0.5 and w[3] <= page_h for w in name)
    kinh_gui = next(w for w in words if w[4] == "Kính")
    assert abs(kinh_gui[0] - x) < 1 and kinh_gui[3] < min(w[1] for w in name)
    sender = [w for w in words if w[4] in ("UBND", "BAN", "Số:")]
    assert sender and all(w[2] < x and w[3] < page_h - top for w in sender)  # top left, clear of the block
    assert "Trần Hưng Đạo" in _text(out, 1)


@needs_poppler
def test_labels_fourteen_a_page_each_text_inside_its_label(demo, tmp_path):
    from reportlab.lib.pagesizes import A4

    spots = envelope_pdf.label_positions()
    assert len(spots) == 14
    w, h = envelope_pdf.LABEL_MM[0] * MM, envelope_pdf.LABEL_MM[1] * MM
    assert min(x for x, _y in spots) >= 0 and max(x for x, _y in spots) + w <= A4[0]
    assert min(y for _x, y in spots) >= 0 and max(y for _x, y in spots) + h <= A4[1]
    people = [envelope_pdf.Addressee(f"Ông Người Số{i:02d}", "Chủ tịch", f"Ấp {i}") for i in range(15)]
    people[0] = envelope_pdf.Addressee(f"Bà {LONGEST}", "Chủ tịch Ủy ban nhân dân xã Tân Lợi", "")
    out = envelope_pdf.write_labels_pdf(envelope_pdf.Mailing(("BAN TỔ CHỨC",), "", tuple(people)),
                                        tmp_path / "nhan.pdf")
    assert len(_reader(out).pages) == 2  # 15 labels: 14 then 1
    words = _words(out, 1)
    for index, (x, y) in enumerate(spots):
        left, right, top, bottom = x, x + w, A4[1] - y - h, A4[1] - y
        mine = [t for t in words if left <= t[0] < right and top <= t[1] < bottom]
        expected = people[index].name.split()
        assert [t[4] for t in mine if t[4] in expected] == expected  # the whole name, in order
        assert all(t[2] <= right - 3 * MM and t[3] <= bottom for t in mine)  # inside, within the padding
    assert "Người Số14" in _text(out, 2)


@needs_poppler
def test_cards_a5_one_sheet_each_name_on_both_halves(demo, tmp_path):
    from reportlab.lib.pagesizes import A5, landscape

    db, event_id = demo
    count = db.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND id NOT IN (SELECT delegate_id "
                       "FROM delegate_event_day WHERE invitation = 'declined')", [event_id]).fetchone()[0]
    with db.conn:
        db.conn.execute("UPDATE persons SET full_name = ? WHERE id = (SELECT person_id FROM delegates "
                        "WHERE event_id = ? ORDER BY unit_id, protocol_rank, sort_key, id LIMIT 1)",
                        [LONGEST, event_id])
    out = export_event_document(db, event_id, "cards", tmp_path / "a5.pdf", a5=True)
    reader = _reader(out)
    guests = db.execute("SELECT count(*) FROM event_guests WHERE event_id = ?", [event_id]).fetchone()[0]
    assert len(reader.pages) == guests + count  # the guest list's cards first
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(v) for v in landscape(A5))
    first = [p for p in range(1, guests + 4) if LONGEST in _text(out, p)]
    assert first and _text(out, first[0]).count(LONGEST) <= 2
    words = [t for t in _words(out, first[0]) if t[4] in LONGEST.split()]
    assert len(words) == 2 * len(LONGEST.split())  # every word on each half
    assert all(t[0] >= 0 and t[2] <= float(box.width) for t in words)
    assert all(t[3] <= float(box.height) / 2 + 1 or t[1] >= float(box.height) / 2 - 1 for t in words)


def test_cli_per_unit_envelopes_labels_a5(demo_path, tmp_path, capsys):
    for flags, name in ((["--invitations", "--per-unit"], "gm.docx"), (["--envelopes"], "pb.pdf"),
                        (["--labels", "--per-unit"], "nhan.pdf"), (["--cards", "--a5"], "bt.pdf")):
        assert main(["export-event", "--db", str(demo_path), "--event", EVENT, *flags,
                     "--out", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert main(["export-event", "--db", str(demo_path), "--event", EVENT, "--envelopes",
                 "--out", str(tmp_path / "pb.docx")]) == 2
    assert "phong bì chỉ xuất ra tệp .pdf" in capsys.readouterr().err
    assert not (tmp_path / "pb.docx").exists()


def test_label_detail_goes_to_two_lines_rather_than_below_its_smallest_size():
    from thidua_desktop.export.badge_pdf import fit
    from thidua_desktop.export.state_format import text_width_pt

    width = (envelope_pdf.LABEL_MM[0] - 2 * envelope_pdf.LABEL_PAD_MM) * MM
    low = envelope_pdf.DETAIL_PT["label"][1]
    words = "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam huyện Hớn Quản tỉnh Bình Phước".split()
    text = next(" ".join(words[:n]) for n in range(len(words), 0, -1)
                if text_width_pt(" ".join(words[:n]), low) <= width)  # the longest that fits at 8 pt
    at_edge = fit(text, text_width_pt(text, low), envelope_pdf.DETAIL_PT["label"])
    assert at_edge == [(text, low)]  # exactly as wide as the label allows at 8 pt: one line
    just_over = fit(text, text_width_pt(text, low) - 0.5, envelope_pdf.DETAIL_PT["label"])
    assert len(just_over) == 2 and all(size >= low for _t, size in just_over)
