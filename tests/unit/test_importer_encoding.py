"""TCVN3 and VNI: the tables, the per-column detector, and properties on Vietnamese text."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua_desktop.importer import legacy_encoding as le
from thidua_desktop.importer import parse_roster

REPO = Path(__file__).resolve().parents[2]

# --- a vocabulary of real Vietnamese words ------------------------------------------------

_WORDS = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Điểu Thạch Lâm
Văn Thị Minh Thanh Ngọc Quang Hữu Đức Kim Thu Xuân Công Thành Quốc Bảo Mỹ Diệu Tuyết Khải
An Bình Chi Dũng Giang Hạnh Hùng Lan Long Mai Nam Oanh Phong Quân Sơn Thảo Uyên Vinh Yến Ửng
Thuỷ Thủy Tú Lụa Nghĩa Hưởng Được Ẩn Ánh Ấn Ước Ưng Ỷ Ỳ Ỹ Ý Ỵ Tuyền Khuê Quyết Nguyệt Thoa
công nhân xã huyện tỉnh Hội Phụ nữ thôn ấp Trường Tiểu học Trung chiến sĩ thi đua cơ sở năm
Bằng khen Chủ tịch Ủy ban nhân dân Uỷ Phó Bí thư Đảng ủy giỏi sản xuất kinh doanh người tốt
việc tốt hiến đất làm đường Lao động tiên tiến Giấy Điển hình phong trào xóa nhà tạm Trạm Y tế
Ban Chỉ huy Quân sự dân quân Cựu binh Đoàn viên thanh niên Hợp tác Nông nghiệp rừng cao su
Kinh Tày Thái Mường Khmer Hoa Nùng Mông Dao Chơ Ro S'tiêng Sán Dìu Ê Đê Gia Rai Xơ Đăng
quốc phòng giáo dục đào tạo ở ưu tiên khuyến học khuyến tài gương mẫu hỗ trợ nghèo bền vững
"""


def _corpus_words(keys: tuple[str, ...]) -> set[str]:
    words: set[str] = set()
    for folder in (REPO.parent / "shared" / "samples" / "rosters", REPO / "tests/data/rosters"):
        for path in folder.glob("*.json") if folder.is_dir() else []:
            for person in json.loads(path.read_text(encoding="utf-8"))["people"]:
                for key in keys:
                    words.update(w for w in re.findall(r"[^\s,;:()]+", person[key]) if w.isalnum())
    return words


NAME_WORDS = sorted(set(" ".join(_WORDS.splitlines()[1:4]).split()) | _corpus_words(("name",)))
WORDS = sorted(set(_WORDS.split()) | _corpus_words(
    ("name", "position", "workplace", "achievement", "ethnicity")))
word = st.sampled_from(WORDS)
name_word = st.sampled_from(NAME_WORDS)
phrase = st.lists(word, min_size=1, max_size=8).map(" ".join)
shouted = phrase.map(str.upper)
column = st.lists(st.one_of(phrase, shouted), min_size=1, max_size=12)


# --- the tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("legacy, unicode", [
    ("NguyÔn V¨n §øc", "Nguyễn Văn Đức"),
    ("Hä vµ tªn", "Họ và tên"),
    ("Tr\xadêng TiÓu häc An Kh\xad¬ng", "Trường Tiểu học An Khương"),
    ("BÝ th\xad §¶ng ñy", "Bí thư Đảng ủy"),
    ("TM. žY BAN NH¢N D¢N", "TM. ỦY BAN NHÂN DÂN"),  # VN1 capitals, as Windows-1252 shows them
    ("CHž T‘CH", "CHỦ TỊCH"),
    ("CH\x9e T\x91CH", "CHỦ TỊCH"),  # the same bytes read as Latin-1
    ("Huúnh Thuû Lý", "Huỳnh Thuỷ Lý"),
])
def test_tcvn3_known_cells(legacy: str, unicode: str) -> None:
    assert le.tcvn3_to_unicode(legacy) == unicode


def test_tcvn3_table_is_complete_and_one_to_one() -> None:
    letters = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    import unicodedata

    every = [unicodedata.normalize("NFC", b + t) for b in letters for t in tones] + ["đ"]
    every += [c.upper() for c in every]
    encoded = [le.unicode_to_tcvn3(c) for c in every]
    assert len(set(encoded)) == len(every) == 146  # 134 letters + a e i o u y, both cases
    assert all(len(e) == 1 for e in encoded)
    assert "".join(le.tcvn3_to_unicode(e) for e in encoded) == "".join(every)


@pytest.mark.parametrize("unicode, vni", [
    ("Nguyễn Văn Đức", "Nguyeãn Vaên Ñöùc"),
    ("Trường Quốc Thuỷ", "Tröôøng Quoác Thuyû"),
    ("Lê Thị Lý", "Leâ Thò Lyù"),
    ("ĐỖ HOÀNG", "ÑOÃ HOAØNG"),
])
def test_vni_known_cells(unicode: str, vni: str) -> None:
    assert le.unicode_to_vni(unicode) == vni
    assert le.vni_to_unicode(vni) == unicode


def test_short_word_reads_both_ways_so_a_lone_cell_is_unknown() -> None:
    assert le.tcvn3_to_unicode("Tó") == "Tú"
    assert le.guess_encoding(["Tó"]).encoding == le.UNKNOWN
    assert le.guess_encoding(["Lý Tú", "Hä vµ tªn"]).encoding == le.TCVN3


def test_mixed_column_is_reported() -> None:
    guess = le.guess_encoding(["Nguyễn Văn An", "Lª ThÞ Hoa", "Trần Bình"])
    assert guess.encoding == le.UNICODE and guess.mixed


@pytest.mark.parametrize("font, encoding, capitals", [
    (".VnTime", "tcvn3", False), (".VnTimeH", "tcvn3", True), (".VnArialH", "tcvn3", True),
    ("VNI-Times", "vni", False), ("Times New Roman", None, False), (None, None, False),
])
def test_font_hints(font, encoding, capitals) -> None:
    assert le.font_encoding(font) == encoding
    assert le.font_is_capitals(font) is capitals


# --- properties ---------------------------------------------------------------------------------


@given(column)
@settings(max_examples=300)
def test_unicode_text_is_never_taken_for_legacy(texts: list[str]) -> None:
    assert le.guess_encoding(texts).encoding in (le.UNICODE, le.UNKNOWN)
    import unicodedata

    nfd = [unicodedata.normalize("NFD", t) for t in texts]
    assert le.guess_encoding(nfd).encoding in (le.UNICODE, le.UNKNOWN)


@given(column)
@settings(max_examples=300)
def test_tcvn3_text_converts_back_exactly(texts: list[str]) -> None:
    encoded = [le.unicode_to_tcvn3(t) for t in texts]
    assert [le.tcvn3_to_unicode(e) for e in encoded] == texts
    guess = le.guess_encoding(encoded)
    assert guess.encoding in (le.TCVN3, le.UNKNOWN)
    if any(le._TCVN3_EVIDENCE_RE.search(e) for e in encoded):
        assert guess.encoding == le.TCVN3


@given(st.lists(phrase, min_size=1, max_size=12))
@settings(max_examples=300)
def test_vni_text_converts_back_exactly(texts: list[str]) -> None:
    encoded = [le.unicode_to_vni(t) for t in texts]
    assert [le.vni_to_unicode(e) for e in encoded] == texts
    assert le.guess_encoding(encoded).encoding in (le.VNI, le.UNKNOWN)


@given(st.lists(name_word, min_size=2, max_size=4).map(" ".join))
def test_a_full_name_column_of_tcvn3_is_recognised(name: str) -> None:
    column_ = [le.unicode_to_tcvn3(n) for n in (name, "Nguyễn Văn An", "Trần Thị Bình")]
    assert le.guess_encoding(column_).encoding == le.TCVN3


# --- the same properties through the whole parser ------------------------------------------------

def _xml_safe(words: list[str]) -> list[str]:
    """Words whose TCVN3 form is storable in .xlsx (VN1 puts a few capitals on control codes)."""
    return [w for w in words if not re.search(r"[\x00-\x1f]", le.unicode_to_tcvn3(w))]


_safe_phrase = st.lists(st.sampled_from(_xml_safe(WORDS)), min_size=1, max_size=8).map(" ".join)
_person = st.tuples(
    st.lists(st.sampled_from(_xml_safe(NAME_WORDS)), min_size=2, max_size=4).map(" ".join),
    st.integers(1950, 2005), st.booleans(), _safe_phrase, _safe_phrase,
)


def _write_sheet(path: Path, people, encode, font: str | None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append([encode("UBND XÃ TÂN LỢI")])
    ws.append([])
    ws.append([encode(h) for h in ("STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ",
                                   "Đơn vị công tác")])
    for i, (name, year, male, position, workplace) in enumerate(people, 1):
        ws.append([i, encode(name), year if male else None, None if male else year,
                   encode("Kinh"), encode(position), encode(workplace)])
    if font:
        for row in ws.iter_rows():
            for cell in row:
                cell.font = Font(name=font)
    wb.save(path)


@pytest.mark.parametrize("encode, font, encoding", [
    (lambda s: s, None, "unicode"),
    (lambda s: s, ".VnTime", "unicode"),  # a converted file that kept its old font name
    (le.unicode_to_tcvn3, ".VnTime", "tcvn3"),
    (le.unicode_to_tcvn3, None, "tcvn3"),  # the text alone is enough
    (le.unicode_to_vni, "VNI-Times", "vni"),
    (le.unicode_to_vni, None, "vni"),
])
@given(people=st.lists(_person, min_size=1, max_size=6))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whole_sheet_round_trip(people, encode, font, encoding) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        _write_sheet(path, people, encode, font)
        roster = parse_roster(path)
    assert [(p.name, p.birth_year, p.sex, p.position, p.workplace) for p in roster.people] == [
        (name, year, "Nam" if male else "Nữ", position, workplace)
        for name, year, male, position, workplace in people
    ]
    assert roster.unit_hint == "Tân Lợi"
    all_ascii = all(t.isascii() for person in people for t in person[:1] + person[3:])
    assert roster.encoding == ("unicode" if all_ascii else encoding)
    if encoding == "unicode":
        assert not any("Unicode" in w for p in roster.people for w in p.warnings)
