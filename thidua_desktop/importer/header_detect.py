"""Finding the header of a roster sheet and guessing which column holds which field.

The header is the row (below the title block) whose labels name the most known
fields, one of them the name. It may span two rows with merged cells
("Năm sinh" over "Nam | Nữ"); then each column's label is its top label (spread
over its merged range) followed by its own sub-label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua_desktop.importer.text_clean import clean_cell, fold_label

# Field keys, in the order the preview shows them, with their Vietnamese names.
FIELD_LABELS: dict[str, str] = {
    "stt": "STT",
    "name": "Họ và tên",
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

# Checked in order on the folded label; the first match wins.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(s?tt|so tt|so thu tu)$")),
    ("position_workplace", re.compile(
        r"(chuc vu|chuc danh|nghe nghiep).*(don vi|noi cong tac|co quan|noi lam viec)"
        r"|(don vi|co quan|noi cong tac).*(chuc vu|chuc danh)")),
    ("name", re.compile(r"^(ho va ten|ho ten|ho va chu dem)\b|^ten( dai bieu| nguoi)?$")),
    ("birth_date", re.compile(r"ngay.*sinh|sinh ngay|ngay thang nam")),
    ("birth_year", re.compile(r"^(nam sinh|sinh nam)\b")),
    ("sex", re.compile(r"^(gioi tinh|gioi|phai|nam nu|nam hay nu)$")),
    ("ethnicity", re.compile(r"^dan toc\b")),
    ("position", re.compile(r"^(chuc vu|chuc danh|nghe nghiep)\b")),
    ("workplace", re.compile(r"^(ten )?(don vi|noi cong tac|co quan|noi lam viec)\b")),
    ("achievement", re.compile(r"thanh tich|khen thuong|danh hieu")),
    ("category", re.compile(r"^(thanh phan|loai dai bieu|doi tuong|dien dai bieu)\b")),
    ("note", re.compile(r"^ghi chu\b")),
]
_SEX_SUBLABELS = {"nam": "birth_year_male", "nữ": "birth_year_female", "nu": "birth_year_female"}
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class HeaderInfo:
    """Where the header is and what it says."""

    row: int  # 0-based index of its first row
    height: int  # 1 or 2 rows
    labels: list[str]  # one per column, top and sub-label joined
    mapping: dict[str, int]  # field -> 0-based column

    @property
    def data_start(self) -> int:
        """0-based index of the first row below the header."""
        return self.row + self.height


def _sex_sublabel(label: str) -> str | None:
    # Compared with diacritics: "Nam" (male) must not be taken for "Năm" (year).
    return _SEX_SUBLABELS.get(re.sub(r"[\s().:*]", "", label.lower()))


def classify(label: str, sub: str = "") -> str | None:
    """The field a column label names, or None; `sub` is the label of a second header row."""
    field = _sex_sublabel(sub) if sub else _sex_sublabel(label)
    if field:
        return field
    folded = fold_label(f"{label} {sub}" if sub and sub != label else label)
    for key, pattern in _RULES:
        if pattern.search(folded):
            return key
    return None


def guess_mapping(labels: list[str], subs: list[str] | None = None) -> dict[str, int]:
    """Field -> column for a header; each field goes to the first column that names it."""
    subs = subs or [""] * len(labels)
    mapping: dict[str, int] = {}
    for col, (label, sub) in enumerate(zip(labels, subs, strict=True)):
        field = classify(label, sub)
        if field and field not in mapping:
            mapping[field] = col
    return mapping


def _row_texts(row: list, width: int) -> list[str]:
    return [clean_cell(row[c]) if c < len(row) else "" for c in range(width)]


def _spread_top(top: list[str], sub: list[str], row: int, merges) -> list[str]:
    """The top label copied over every column its merged cell covers."""
    top = list(top)
    spans = [(c1, c2) for r1, c1, _r2, c2 in merges if r1 == row and c2 > c1]
    for c1, c2 in spans:
        for col in range(c1 + 1, min(c2 + 1, len(top))):
            top[col] = top[col] or top[c1]
    if not spans:  # no merge information (CSV): a sub-labelled gap belongs to its left
        for col in range(1, len(top)):
            if not top[col] and sub[col] and sub[col - 1] and top[col - 1]:
                top[col] = top[col - 1]
    return top


def _is_sub_row(top: list[str], sub: list[str], mapping: dict[str, int], row: int, merges) -> bool:
    """Whether the row under a header continues it (merged cells, or only header words)."""
    texts = [t for t in sub if t]
    if not texts:
        return False
    name_col = mapping.get("name")
    if name_col is not None and sub[name_col]:
        return False
    if any(r1 == row and r2 > row for r1, _c1, r2, _c2 in merges):
        return True
    return all(_sex_sublabel(t) or classify(t) for t in texts)


def find_header(rows: list[list], merges: list | None = None) -> HeaderInfo | None:
    """The header among the first rows of a sheet, or None when no row names a name column."""
    merges = merges or []
    width = max((len(r) for r in rows), default=0)
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows):
        texts = _row_texts(row, width)
        mapping = guess_mapping(texts)
        score = len(mapping)
        if "name" in mapping and score >= 2 and (best is None or score > best[1]):
            best = (index, score)
    if best is None:
        return None
    index = best[0]
    top = _row_texts(rows[index], width)
    sub = _row_texts(rows[index + 1], width) if index + 1 < len(rows) else [""] * width
    if _is_sub_row(top, sub, guess_mapping(top), index, merges):
        top = _spread_top(top, sub, index, merges)
        labels = [f"{t} {s}".strip() if s and s != t else t for t, s in zip(top, sub, strict=True)]
        return HeaderInfo(index, 2, labels, guess_mapping(top, sub))
    return HeaderInfo(index, 1, top, guess_mapping(top))


def is_numbering_row(values: list[str]) -> bool:
    """A row of column numbers under the header: "1 2 3 ..." or "(1) (2) (3) ..."."""
    texts = [v for v in values if v]
    return len(texts) >= 3 and all(_NUMBERING.match(t) for t in texts)
