"""Reading one field's value: birth year or date, sex, category, position and workplace, ethnicity."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from thidua_desktop.importer.text_clean import (
    clean_cell,
    fold,
    fold_label,
    sentence_case_if_shouting,
)

CATEGORY_EXEMPLARY = "Điển hình tiên tiến"
CATEGORY_GUEST = "Khách mời"
CATEGORY_LEADER = "Lãnh đạo"
SEX_MALE = "Nam"
SEX_FEMALE = "Nữ"

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_MARK = {"x", "v", "+", "✓", "✔", "1", "co"}


@dataclass
class BirthValue:
    """What a birth cell says: a year, a full date, only a mark ("x"), or something unreadable."""

    year: int | None = None
    date: dt.date | None = None
    mark: bool = False
    problem: str | None = None

    @property
    def empty(self) -> bool:
        """True when the cell said nothing at all."""
        return not (self.year or self.mark or self.problem)


def _date_value(day: int, month: int, year: int, raw: str) -> BirthValue:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return BirthValue(year=year, problem=f"Ngày sinh «{raw}» không có thật (ngày/tháng/năm).")
    return BirthValue(year=year, date=date)


def parse_birth(value: object) -> BirthValue:
    """A year (1985), a date (real, "dd/mm/yyyy" text, or an Excel day number), or a mark."""
    if value is None or value == "":
        return BirthValue()
    if isinstance(value, dt.datetime):
        return BirthValue(year=value.year, date=value.date())
    if isinstance(value, dt.date):
        return BirthValue(year=value.year, date=value)
    if isinstance(value, bool):
        return BirthValue(mark=value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 1000 <= value <= 2200:
            return BirthValue(year=int(value))
        if 3000 < value < 80000:  # a day number whose cell lost its date format
            date = _EXCEL_EPOCH + dt.timedelta(days=int(value))
            return BirthValue(year=date.year, date=date)
        return BirthValue(problem=f"Không hiểu năm sinh «{clean_cell(value)}».")
    text = clean_cell(value)
    if not text:
        return BirthValue()
    if fold(text) in _MARK:
        return BirthValue(mark=True)
    if m := _YEAR.match(text):
        return BirthValue(year=int(m.group(1)))
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            year += 1900 if year > dt.date.today().year % 100 else 2000
        return _date_value(day, month, year, text)
    if m := _YMD.match(text):
        year, month, day = (int(g) for g in m.groups())
        return _date_value(day, month, year, text)
    if m := _MY.match(text):
        return BirthValue(year=int(m.group(2)))
    return BirthValue(problem=f"Không hiểu năm sinh «{text}».")


def year_warning(year: int, today: dt.date | None = None) -> str | None:
    """A warning for a birth year that gives an unlikely age for a delegate."""
    age = (today or dt.date.today()).year - year
    if age < 14 or age > 100:
        return f"Năm sinh {year} bất thường (tuổi khoảng {age}), hãy kiểm tra lại."
    return None


@lru_cache(maxsize=1024)
def parse_sex(text: str) -> str | None:
    """ "Nam" / "Nữ" from the usual spellings ("nam", "NỮ", "nu", "F"...), else None."""
    key = fold(text).strip(" .")
    if key in ("nam", "m", "male", "trai"):
        return SEX_MALE
    if key in ("nu", "f", "female", "gai"):
        return SEX_FEMALE
    return None


@lru_cache(maxsize=1024)
def parse_category(text: str) -> str | None:
    """The delegate category a Ghi chú / Thành phần cell names, or None when it names none."""
    key = fold_label(text)
    if "khach moi" in key:
        return CATEGORY_GUEST
    if "lanh dao" in key:
        return CATEGORY_LEADER
    if "dien hinh" in key or "tien tien" in key:
        return CATEGORY_EXEMPLARY
    return None


def split_position_workplace(text: str) -> tuple[str, str] | None:
    """ "Phó Chủ tịch UBND, UBND xã Minh Đức" -> (position, workplace); None without a comma."""
    if "," not in text:
        return None
    position, workplace = text.split(",", 1)
    return position.strip(), workplace.strip()


# The 54 ethnic groups of Viet Nam as they are usually written, with the other
# spellings rosters use; matched folded, without spaces, hyphens or apostrophes.
_ETHNIC_GROUPS = (
    "Kinh|Việt Tày Thái Mường Khmer|Khơ Me|Khmer Krom Hoa Nùng H'Mông|Mông Dao Gia Rai|Jrai "
    "Ê Đê|Êđê Ba Na|Bahnar Sán Chay|Cao Lan Chăm Cơ Ho Xơ Đăng Sán Dìu Hrê Ra Glai "
    "Mnông|M'Nông Thổ Xtiêng|S'tiêng|Stiêng Khơ Mú Bru-Vân Kiều|Vân Kiều Cơ Tu Giáy Tà Ôi "
    "Mạ Giẻ Triêng Co Chơ Ro Xinh Mun Hà Nhì Chu Ru Lào La Chí Kháng Phù Lá La Hủ La Ha "
    "Pà Thẻn Lự Ngái Chứt Lô Lô Mảng Cơ Lao Bố Y Cống Si La Pu Péo Rơ Măm Brâu Ơ Đu"
)
_MULTI = re.compile(r"(Gia Rai|Ê Đê|Ba Na|Sán Chay|Cao Lan|Cơ Ho|Xơ Đăng|Sán Dìu|Ra Glai|Khơ Mú"
                    r"|Vân Kiều|Cơ Tu|Tà Ôi|Giẻ Triêng|Chơ Ro|Xinh Mun|Hà Nhì|Chu Ru|La Chí|Phù Lá"
                    r"|La Hủ|La Ha|Pà Thẻn|Lô Lô|Cơ Lao|Bố Y|Si La|Pu Péo|Rơ Măm|Ơ Đu|Khơ Me"
                    r"|Khmer Krom)")


def _ethnic_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text)).removeprefix("dantoc")


def _ethnic_table() -> dict[str, str]:
    table: dict[str, str] = {}
    words = _MULTI.sub(lambda m: m.group(0).replace(" ", "_"), _ETHNIC_GROUPS).split()
    for group in words:
        spellings = group.replace("_", " ").split("|")
        for spelling in spellings:
            table.setdefault(_ethnic_key(spelling), spelling)
    return table


_ETHNIC = _ethnic_table()


@lru_cache(maxsize=1024)
def ethnicity_known(text: str) -> bool:
    """Whether `text` names one of the 54 ethnic groups (spelling variants allowed)."""
    return _ethnic_key(text) in _ETHNIC


@lru_cache(maxsize=1024)
def ethnicity_display(text: str) -> str:
    """The ethnicity as typed; typed in capitals, its usual spelling ("SÁN DÌU" -> "Sán Dìu")."""
    shouting = sentence_case_if_shouting(text)
    if shouting == text:
        return text
    return _ETHNIC.get(_ethnic_key(text), shouting)
