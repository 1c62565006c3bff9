"""A name cell taken apart: family + given name joined, honorifics and ranks set aside,
a collective ("Phòng Kế toán", "UBND xã Tân Lợi") told from a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua_desktop.importer.column_check import COLLECTIVE_RE
from thidua_desktop.importer.fields import SEX_FEMALE, SEX_MALE
from thidua_desktop.importer.text_clean import fold, name_case

PERSON, COLLECTIVE = "person", "collective"

# Ranks and titles written before a name; kept in the position (or the note).
_RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
    "Thiếu tá", "Đại úy", "Đại uý", "Thượng úy", "Thượng uý", "Trung úy", "Trung uý", "Thiếu úy",
    "Thiếu uý", "Thượng sĩ", "Trung sĩ", "Hạ sĩ", "Binh nhất", "Binh nhì", "GS.TS", "PGS.TS",
    "GS", "PGS", "TS", "ThS", "BS", "BSCKII", "BSCKI", "NGND", "NGƯT", "TTND", "TTƯT", "NSND",
    "NSƯT", "Đồng chí", "Đ/c", "đ/c", "Bác sĩ", "Nhà giáo", "Thạc sĩ", "Tiến sĩ",
)
_RANK_RE = re.compile(r"^(" + "|".join(sorted(map(re.escape, _RANKS), key=len, reverse=True))
                      + r")(?:\.|\s)\s*", re.IGNORECASE)
# "Ông" / "Bà" say the sex; both are also rare surnames ("Ông Ích Khiêm"), so they
# are taken off only before a common surname.
_COURTESY = {"ông": SEX_MALE, "bà": SEX_FEMALE}
_SURNAMES = frozenset(fold(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm "
    "Mai Trịnh Trương Cao Lưu Hà Tạ Tô Châu Thái Quách Kiều Lương Vương Từ Triệu Văn Chu "
    "La Mạc Nông Lò Lục Hứa Tăng Thân Thạch Điểu Y H' K' Rơ Ksor Siu Rah Nay Kpă Hoàng Âu "
    "Diệp Đàm Bạch Giang Khúc Kim Lã Nghiêm Ninh Quan Tôn Vi Phùng Ông Bế Hầu Ma Sầm Lạc").split())
_KIND_COLLECTIVE = ("tapthe", "tt", "collective", "donvi")
_KIND_PERSON = ("canhan", "cn", "person", "hogiadinh")


@dataclass
class NameParts:
    """What a name cell says."""

    name: str
    kind: str = PERSON
    rank: str = ""  # "Đại tá", "TS"... taken off the name
    sex: str | None = None  # said by "Ông" / "Bà"


def joined(family: str, given: str) -> str:
    """"Lê" + "Dũng" -> "Lê Dũng"; a given name already inside the family cell is not doubled."""
    family, given = family.strip(), given.strip()
    fam, giv = fold(family).split(), fold(given).split()
    if not family or not given:
        return family or given
    if len(fam) > len(giv) + 1 and fam[-len(giv):] == giv:  # "Lê Văn Dũng" | "Dũng"
        return family
    return f"{family} {given}"


def kind_of(text: str) -> str | None:
    """PERSON / COLLECTIVE from a "Tập thể / Cá nhân" cell ("TAPTHE", "Cá nhân", "x"...)."""
    key = re.sub(r"[^a-z]", "", fold(text))
    if key in _KIND_COLLECTIVE:
        return COLLECTIVE
    if key in _KIND_PERSON:
        return PERSON
    return None


def looks_collective(name: str) -> bool:
    """Whether a name names a collective: "Phòng Kế toán", "UBND xã X", "Trường THCS Y"."""
    return bool(COLLECTIVE_RE.match(name.strip().lower())) and len(name.split()) >= 2


def split_name(text: str, kind: str | None = None) -> NameParts:
    """The name without honorifics, in title case, and whether it is a collective."""
    text = text.strip()
    if kind == COLLECTIVE or (kind is None and looks_collective(text)):
        return NameParts(text[:1].upper() + text[1:], COLLECTIVE)
    ranks: list[str] = []
    sex = None
    while True:
        if m := _RANK_RE.match(text):
            if len(text[m.end():].split()) < 2:
                break
            ranks.append(m.group(1))
            text = text[m.end():]
            continue
        words = text.split()
        first = words[0].lower() if words else ""
        if first in _COURTESY and len(words) >= 3 and fold(words[1]) in _SURNAMES:
            sex = sex or _COURTESY[first]
            text = " ".join(words[1:])
            continue
        break
    return NameParts(name_case(text), PERSON, " ".join(ranks), sex)
