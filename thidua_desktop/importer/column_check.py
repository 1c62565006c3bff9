"""What a column holds, checked against what its header says.

A header one column off its data puts job titles ("Chi cục trưởng", "Đội
phó") in the name column and text in the year column; a sheet with no header
at all still has columns that look like names, years and sexes. Each data cell
is given a kind (`cell_kind`); a column whose cells mostly contradict its
field lowers the header's score and is reported, and `shifted` tries the whole
mapping one column left or right.
"""

from __future__ import annotations

import re
from collections import Counter

from thidua_desktop.importer import fields as F
from thidua_desktop.importer.text_clean import clean_cell

# Words that open a job title, compared in small letters WITH diacritics: folded,
# "Trưởng" (head) would be the surname "Trương" and "Tổ" (team) the surname "Tô".
_TITLE_WORDS = (
    "chủ tịch", "phó", "bí thư", "trưởng", "giám đốc", "chi cục", "cục trưởng", "đội trưởng",
    "đội phó", "cán bộ", "nhân viên", "chuyên viên", "kế toán", "giáo viên", "giảng viên",
    "bác sĩ", "y sĩ", "điều dưỡng", "công chức", "viên chức", "thư ký", "thủ quỹ", "văn thư",
    "lái xe", "bảo vệ", "tạp vụ", "ủy viên", "uỷ viên", "hiệu trưởng", "hiệu phó", "tổ trưởng",
    "tổ phó", "nông dân", "công nhân", "hưu trí", "chiến sĩ", "kiểm soát viên", "thanh tra",
)
# Words that open the name of a collective (a team, an office, a school...), same comparison.
COLLECTIVE_WORDS = (
    "phòng", "sở", "ubnd", "ủy ban", "uỷ ban", "công ty", "trường", "tổ", "ban", "hội", "đội",
    "chi bộ", "đảng bộ", "đảng ủy", "đảng uỷ", "hợp tác xã", "htx", "trung tâm", "bệnh viện",
    "trạm", "văn phòng", "chi cục", "cục", "viện", "nhà máy", "xí nghiệp", "câu lạc bộ", "clb",
    "tập thể", "hộ gia đình", "gia đình", "lớp", "khoa", "thôn", "ấp", "bản", "khu phố",
    "tổ dân phố", "xã", "phường", "thị trấn", "chi hội", "chi đoàn", "đoàn thanh niên",
    "liên đoàn", "mặt trận", "kho bạc", "ngân hàng", "chi nhánh", "bộ phận", "ban quản lý",
)


def _words_re(words) -> re.Pattern[str]:
    return re.compile(r"^(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")(?=$|[\s,.;:(/-])")


_TITLE_RE = _words_re(_TITLE_WORDS)
COLLECTIVE_RE = _words_re(COLLECTIVE_WORDS)
_NAME_RE = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*(?: [^\W\d_]+(?:['\-][^\W\d_]+)*){1,5}$")

# What each field expects its cells to be.
_EXPECTS = {
    "name": {"name"},
    "given_name": {"name", "word"},
    "family_name": {"name", "word"},
    "birth_year": {"year", "date"},
    "birth_date": {"year", "date"},
    "birth_year_male": {"year", "date", "mark"},
    "birth_year_female": {"year", "date", "mark"},
    "sex": {"sex"},
}
SAMPLE_ROWS = 30


def cell_kind(value: object) -> str | None:
    """"name", "title", "year", "date", "mark", "sex", "number", "word", "text", or None (empty)."""
    if value is None or value == "":
        return None
    if F.parse_sex(clean_cell(value)) is not None:
        return "sex"
    if isinstance(value, int | float) and not isinstance(value, bool):
        birth = F.parse_birth(value)
        if birth.year and 1900 <= birth.year <= 2030 and not birth.problem:
            return "date" if birth.date else "year"
        return "number"
    text = clean_cell(value)
    if not text:
        return None
    birth = F.parse_birth(text)
    if birth.mark:
        return "mark"
    if birth.year and not birth.problem and 1900 <= birth.year <= 2030:
        return "date" if birth.date else "year"
    if text.isdigit():
        return "number"
    lower = text.lower()
    if _TITLE_RE.match(lower) or COLLECTIVE_RE.match(lower):
        return "title"
    if _NAME_RE.match(text):  # any case: a .VnTimeH name reads in small letters
        return "name"
    if " " not in text and text[0].isalpha():
        return "word"
    return "text"


def column_kinds(rows: list[list], col: int) -> Counter:
    """How many cells of each kind a column holds in the sample rows."""
    return Counter(k for row in rows[:SAMPLE_ROWS] if (k := cell_kind(row[col] if col < len(row) else None)))


def fit(rows: list[list], col: int, field: str) -> float | None:
    """Share of a column's filled cells that fit its field (None: nothing to judge)."""
    expected = _EXPECTS.get(field)
    if expected is None:
        return None
    kinds = column_kinds(rows, col)
    total = sum(kinds.values())
    if total < 2:
        return None
    return sum(kinds[k] for k in expected) / total


def misfits(rows: list[list], mapping: dict[str, int]) -> list[str]:
    """The checked fields whose column mostly holds something else."""
    out = []
    for field, col in mapping.items():
        if field == "name" and "kind" in mapping:
            continue  # collectives' names ("Phòng Tư pháp") are no persons' names
        share = fit(rows, col, field)
        if share is not None and share < 0.5:
            out.append(field)
    return out


def mapping_fit(rows: list[list], mapping: dict[str, int]) -> float:
    """Mean fit of the checked fields (1.0 when nothing can be checked)."""
    shares = [s for f, c in mapping.items() if (s := fit(rows, c, f)) is not None]
    return sum(shares) / len(shares) if shares else 1.0


def shifted(rows: list[list], mapping: dict[str, int], width: int) -> dict[str, int] | None:
    """The mapping moved one column left or right when that fits the data clearly better."""
    base = mapping_fit(rows, mapping)
    best, best_fit = None, base
    for step in (-1, 1):
        moved = {f: c + step for f, c in mapping.items()}
        if any(c < 0 or c >= width for c in moved.values()):
            continue
        score = mapping_fit(rows, moved)
        if score > best_fit + 0.3 and not misfits(rows, moved):
            best, best_fit = moved, score
    return best


def guess_by_content(rows: list[list], width: int) -> dict[str, int]:
    """A mapping for a sheet without a header, from what each column holds."""
    mapping: dict[str, int] = {}
    kinds = {col: column_kinds(rows, col) for col in range(width)}

    def best(wanted: set[str], field: str) -> None:
        scored = [(sum(k[w] for w in wanted) / max(sum(k.values()), 1), col)
                  for col, k in kinds.items() if col not in mapping.values() and sum(k.values())]
        share, col = max(scored, default=(0.0, -1))
        if share >= 0.6:
            mapping[field] = col

    best({"name"}, "name")
    best({"sex"}, "sex")
    best({"year", "date"}, "birth_year")
    return mapping
