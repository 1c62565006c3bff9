"""Finding the header of a roster sheet and guessing which column holds which field.

Labels are matched by meaning: folded (no accents, no case) and compacted (no
spaces), so "Họ và tên", "hoten", "hoTen" and "HO VA TEN" all name the name
column, and a label is matched by the words it contains ("Tên tập thể/cá
nhân/hộ gia đình", "Phòng (Đơn Vị)"). The header is the row (below the title
block) whose labels name the most fields, one of them the name (or the family
name); it may continue over up to two more rows with merged cells ("Ngày sinh"
over "Nam | Nữ"); each column's label is then its labels top to bottom, each
spread over its merged range. What the columns hold is checked by
`column_check` (in `column_check.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from thidua_desktop.importer.text_clean import clean_cell, fold_label

# Field keys, in the order the preview shows them, with their Vietnamese names.
FIELD_LABELS: dict[str, str] = {
    "stt": "STT",
    "name": "Họ và tên",
    "family_name": "Họ (và tên đệm)",
    "given_name": "Tên",
    "kind": "Tập thể / cá nhân",
    "sex": "Giới tính",
    "birth_year_male": "Năm sinh (Nam)",
    "birth_year_female": "Năm sinh (Nữ)",
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "workplace": "Đơn vị công tác",
    "position_workplace": "Chức vụ, đơn vị công tác",
    "achievement": "Thành tích",
    "category": "Thành phần",
    "note": "Ghi chú",
}
FIELDS = tuple(FIELD_LABELS)
NAME_FIELDS = ("name", "family_name")  # a header must have one of these

_WORKPLACE = r"(donvi|noicongtac|coquan|noilamviec|phongban|bophan|congtactai)"
_POSITION = r"(chucvu|chucdanh|nghenghiep|vitricongtac|vitrivieclam|congviec)"

# Checked in order on the compact folded label (no spaces); the first match wins.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(s?tt|sott|sothutu|thutu|no|number)$")),
    # exports of software written in English
    ("name", re.compile(r"^(fullname|name|employeename|staffname)$")),
    ("birth_date", re.compile(r"^(dateofbirth|dob|birthday|birthdate)$")),
    ("birth_year", re.compile(r"^(yearofbirth|birthyear)$")),
    ("ethnicity", re.compile(r"^(ethnicity|ethnic|ethnicgroup)$")),
    ("position", re.compile(r"^(position|jobtitle|title|role)$")),
    ("workplace", re.compile(r"^(department|unit|organization|organisation|company|workplace)$")),
    ("note", re.compile(r"^(note|notes|remarks?)$")),
    ("family_name", re.compile(r"^(ho|hodem|holot|hovatendem|hotendem|hovachudem|hochulot)$")),
    ("kind", re.compile(r"^(loai)?(tapthecanhan|canhantapthe|tapthehoaccanhan|loaidoituong)$")),
    ("given_name", re.compile(r"^(ten|tenrieng|tengoi)$")),  # "name" unless a family column exists
    ("name", re.compile(r"(hovaten|hoten|hotendaibieu|hovachudem)")),
    ("workplace", re.compile(r"^(donvi|phong|coquan)\w*vitri")),  # "Đơn vị/Vị trí công tác"
    ("position_workplace", re.compile(f"{_POSITION}.*{_WORKPLACE}|{_WORKPLACE}.*(chucvu|chucdanh)")),
    ("birth_date", re.compile(r"ngay.*sinh|sinhngay|ngaythangnam")),
    ("birth_year", re.compile(r"^(namsinh|sinhnam)|^namsinh")),
    ("sex", re.compile(r"^(gioitinh|gioi|phai|namnu|namhaynu|nunam|gt|sex|gender)$")),
    ("ethnicity", re.compile(r"dantoc")),
    # not "hinhthuc" alone: "Ngày chính thức" (a party member's) hides it
    ("achievement", re.compile(r"thanhtich|khenthuong|danhhieu|hinhthuckhen|denghi")),
    # "Tên tập thể/cá nhân", "Tên đại biểu" (but "Tên đơn vị" is a workplace)
    ("name", re.compile(r"^ten(?!.*" + _WORKPLACE + r")")),
    ("position", re.compile(_POSITION)),
    ("workplace", re.compile(_WORKPLACE + r"|^phong$|^phong\w*donvi")),
    ("category", re.compile(r"^(thanhphan|loaidaibieu|doituong|diendaibieu)")),
    ("note", re.compile(r"^ghichu")),
]
_SEX_SUBLABELS = {"nam": "birth_year_male", "nữ": "birth_year_female", "nu": "birth_year_female"}
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
MAX_HEADER_ROWS = 3
_MAX_LABEL = 80  # a longer cell is a sentence, not a column label


@dataclass
class HeaderInfo:
    """Where the header is and what it says."""

    row: int  # 0-based index of its first row
    height: int  # 1 to 3 rows; 0 for a sheet without a header
    labels: list[str]  # one per column, the header's rows joined
    mapping: dict[str, int]  # field -> 0-based column
    warnings: list[str] = field(default_factory=list)  # what the column check found
    score: float = 0.0

    @property
    def data_start(self) -> int:
        """0-based index of the first row below the header."""
        return self.row + self.height


def compact(label: str) -> str:
    """A label folded and without spaces: "Họ và tên" -> "hovaten"."""
    return fold_label(label).replace(" ", "")


def _sex_sublabel(label: str) -> str | None:
    # Compared with diacritics: "Nam" (male) must not be taken for "Năm" (year).
    return _SEX_SUBLABELS.get(re.sub(r"[\s().:*]", "", label.lower()))


def _classify_one(text: str) -> str | None:
    if len(text) > _MAX_LABEL:
        return None
    key = compact(text)
    if not key:
        return None
    for name, pattern in _RULES:
        if pattern.search(key):
            return name
    return None


@lru_cache(maxsize=1 << 16)
def classify(label: str, sub: str = "") -> str | None:
    """The field a column label names, or None; `sub` is the label of the header's last row.

    A sub-label that names a field by itself wins ("Họ và tên" over "Họ | Tên");
    otherwise the labels are read together ("Năm sinh" over "Nam | Nữ").
    Remembered (a pure function of its texts): the end-of-list check asks it of
    every cell of every row, and a roster repeats its positions and places.
    """
    if not sub:
        return _sex_sublabel(label) or _classify_one(label)
    if _classify_one(label) in ("birth_date", "birth_year"):  # "Ngày sinh" over Ngày | Tháng | Năm
        part = sub.strip(" .:").lower()
        if part in ("ngày", "tháng"):
            return None
        if part == "năm":
            return "birth_year"
    found = _sex_sublabel(sub) or _classify_one(sub)
    if found:
        return found
    return _classify_one(f"{label} {sub}" if sub != label else label)


def guess_mapping(labels: list[str], subs: list[str] | None = None) -> dict[str, int]:
    """Field -> column for a header; each field goes to the first column that names it.

    A lone "Tên" column is the name; beside a "Họ" column it is the given name.
    """
    subs = subs or [""] * len(labels)
    mapping: dict[str, int] = {}
    for col, (label, sub) in enumerate(zip(labels, subs, strict=True)):
        found = classify(label, sub)
        if found and found not in mapping:
            mapping[found] = col
    if "given_name" in mapping and "family_name" not in mapping and "name" not in mapping:
        mapping["name"] = mapping.pop("given_name")
    if "family_name" in mapping and "given_name" not in mapping and "name" in mapping:
        mapping["given_name"] = mapping.pop("name")  # "Họ" | "Tên (đại biểu)"
    if "family_name" in mapping and "given_name" not in mapping:
        mapping.pop("family_name")  # "Họ" alone is no name column
    return mapping


def _row_texts(row: list, width: int) -> list[str]:
    return [clean_cell(row[c]) if c < len(row) else "" for c in range(width)]


def _spread(texts: list[str], row: int, merges) -> list[str]:
    """A header row's labels copied over every column their merged cell covers."""
    texts = list(texts)
    for r1, c1, r2, c2 in merges:
        if r1 <= row <= r2 and c2 > c1 and r1 == row:
            for col in range(c1 + 1, min(c2 + 1, len(texts))):
                texts[col] = texts[col] or texts[c1]
    return texts


def _spread_without_merges(top: list[str], sub: list[str]) -> list[str]:
    """No merge information (CSV): a sub-labelled gap belongs to the label on its left."""
    top = list(top)
    for col in range(1, len(top)):
        if not top[col] and sub[col] and sub[col - 1] and top[col - 1]:
            top[col] = top[col - 1]
    return top


def _covered(row: int, col: int, merges) -> bool:
    """Whether a cell lies under the first row of a vertical merge (its text is above)."""
    return any(r1 < row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in merges)


def _continues(texts: list[str], mapping: dict[str, int], row: int, merges) -> bool:
    """Whether a row under a header continues it (merged cells, or only header words)."""
    filled = [t for t in texts if t]
    if not filled or is_numbering_row(texts):
        return False
    if all(_sex_sublabel(t) or classify(t) for t in filled):
        return True  # only labels ("Họ đệm | Tên" under a merged "Họ và tên")
    for key in NAME_FIELDS:
        col = mapping.get(key)
        if col is not None and texts[col] and not _covered(row, col, merges):
            return False
    return any(r1 == row or (r1 < row <= r2) for r1, _c1, r2, _c2 in merges)


def _levels(rows: list[list], index: int, width: int, merges) -> list[list[str]]:
    """The header's rows (up to three) as texts, each spread over its merges."""
    top = _row_texts(rows[index], width)
    levels = [top]
    mapping = guess_mapping(top)
    for below in range(index + 1, min(index + MAX_HEADER_ROWS, len(rows))):
        texts = _row_texts(rows[below], width)
        if not _continues(texts, mapping, below, merges):
            break
        levels.append(texts)
    if merges:
        levels = [_spread(t, index + i, merges) for i, t in enumerate(levels)]
    elif len(levels) > 1:
        for i in range(len(levels) - 1):
            levels[i] = _spread_without_merges(levels[i], levels[i + 1])
    return levels


def _header_at(rows: list[list], index: int, width: int, merges) -> HeaderInfo:
    levels = _levels(rows, index, width, merges)
    if len(levels) == 1:
        return HeaderInfo(index, 1, levels[0], guess_mapping(levels[0]))
    labels, uppers, lasts = [], [], []
    for col in range(width):
        parts: list[str] = []
        for level in levels:
            if level[col] and level[col] not in parts:
                parts.append(level[col])
        labels.append(" ".join(parts))
        lasts.append(parts[-1] if len(parts) > 1 else "")
        uppers.append(" ".join(parts[:-1]) if len(parts) > 1 else " ".join(parts))
    return HeaderInfo(index, len(levels), labels, guess_mapping(uppers, lasts))


def header_candidates(rows: list[list], merges: list | None = None) -> list[HeaderInfo]:
    """Every row that could be the header (names a name column and another field), best first."""
    merges = merges or []
    width = max((len(r) for r in rows), default=0)
    found = []
    for index, row in enumerate(rows):
        mapping = guess_mapping(_row_texts(row, width))
        if any(k in mapping for k in ("name", "given_name")) and len(mapping) >= 2:
            header = _header_at(rows, index, width, merges)
            header.score = len(header.mapping)
            found.append(header)
    return sorted(found, key=lambda h: (-h.score, h.row))


def find_header(rows: list[list], merges: list | None = None) -> HeaderInfo | None:
    """The header among the first rows of a sheet, or None when no row names a name column."""
    candidates = header_candidates(rows, merges)
    return candidates[0] if candidates else None


def is_header_row(values: list[str]) -> bool:
    """A row that names a name column and two more fields: a second table's header."""
    if sum(1 for v in values if v) < 3:  # three fields need three labelled columns
        return False
    mapping = guess_mapping(values)
    return any(k in mapping for k in ("name", "given_name")) and len(mapping) >= 3


def is_numbering_row(values: list[str]) -> bool:
    """A row of column numbers under the header: "1 2 3 ..." or "(1) (2) (3) ..."."""
    texts = [v for v in values if v]
    return len(texts) >= 3 and all(_NUMBERING.match(t) for t in texts)
