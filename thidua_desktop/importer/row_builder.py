"""From the rows under a roster's header to `ParsedPerson`s, with warnings and errors.

Rows are read in order: a blank row and a column-numbering row are skipped; a
cell merged down over several rows counts on every row it spans; a section
heading sets the category ("I. Đại biểu khách mời") or the unit ("I. XÃ TÂN
LỢI") of the rows under it; a total line, the signature block, two blank rows
or a second table's header end the list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from thidua_desktop.domain.safe_text import field_max, length_problem
from thidua_desktop.importer import fields as F
from thidua_desktop.importer import person_names as N
from thidua_desktop.importer.header_detect import (
    FIELD_LABELS,
    HeaderInfo,
    is_header_row,
    is_numbering_row,
)
from thidua_desktop.importer.model import ParsedPerson, ParsedRoster
from thidua_desktop.importer.readers import SheetSource
from thidua_desktop.importer.sheet_text import (
    ENCODING_NAMES,
    MEMO_LIMIT,
    ColumnDecoder,
    best_effort_text,
    is_stop_row,
)
from thidua_desktop.importer.text_clean import fold, name_case

MISSING_YEAR = "Thiếu năm sinh: vẫn nhập, cần bổ sung trước khi chốt danh sách."
_BIRTH_FIELDS = ("birth_year_male", "birth_year_female", "birth_year", "birth_date")
_TEXT_FIELDS = ("name", "family_name", "given_name", "kind", "sex", "ethnicity", "position",
                "workplace", "position_workplace", "achievement", "category", "note")
# Each text field with the longest text it may hold (length_problem's limits, looked up once).
_TEXT_LIMITS = tuple((key, field_max(key)) for key in _TEXT_FIELDS)
_END_BLANKS = 2  # this many blank rows in a row end the table
_NO_BIRTH = F.BirthValue()  # an empty cell's (shared: never changed)
_UNIT_SECTION_RE = re.compile(
    r"^(?:[IVXivx]+|[A-Ea-e]|\d{1,2})?[\s.\-)]*((?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố"
    r"|tp\.?|đơn vị|cụm|khối)\b.*)$", re.IGNORECASE)
_UNIT_WORD_RE = re.compile(r"^(xã|phường|thị trấn|đơn vị|cụm|khối)\s*:?\s*", re.IGNORECASE)
_UNIT_RE = re.compile(
    r"(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|ĐẢNG ỦY|ĐẢNG UỶ|HĐND|MẶT TRẬN TỔ QUỐC)\s+"
    r"(?:XÃ|THỊ TRẤN|PHƯỜNG)\s+(.+)$", re.IGNORECASE)
_UNIT_END_RE = re.compile(r"\s*[-–,;(]\s*|\s+(?:HUYỆN|THỊ XÃ|THÀNH PHỐ|TỈNH)\b", re.IGNORECASE)
_NUMERAL_RE = re.compile(r"^([IVXivx]+|[A-Ea-e]|\d{1,2})[.)]?$")
_SECTION_RE = re.compile(r"^(?:[ivx]+|[a-e])?[\s.\-)]*(dai bieu|khach moi|lanh dao|dien hinh|nhom|khoi)")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(values: list, col: int | None) -> object:
    return values[col] if col is not None and col < len(values) else None


def _fill_merged(rows: list, merges: list, data_start: int) -> list:
    """Rows with each vertically merged data cell's value copied to every row it spans."""
    spans = [(r1, c1, r2) for r1, c1, r2, _c2 in merges if r2 > r1 and r1 >= data_start]
    if not spans:
        return rows
    by_index = {number - 1: (number, list(values), fonts) for number, values, fonts in rows}
    for r1, col, r2 in spans:
        top = by_index.get(r1)
        value = _cell(top[1], col) if top else None
        if _blank(value):
            continue
        for index in range(r1 + 1, r2 + 1):
            row = by_index.get(index)
            if row is None:
                continue
            values = row[1]
            if col >= len(values):
                values.extend([None] * (col + 1 - len(values)))
            if _blank(values[col]):
                values[col] = value
    return [by_index[number - 1] for number, _v, _f in rows]


class RosterBuilder:
    """Builds a ParsedRoster from a sheet's header and the rows below it."""

    def __init__(self, path: Path, source: SheetSource, head: list, header: HeaderInfo,
                 rows: list):
        self.path, self.source, self.head, self.header = path, source, head, header
        self.rows = _fill_merged(rows, source.merges, header.data_start)
        self.mapping = header.mapping
        self.warnings: list[str] = []
        self.late_rows: set[int] = set()  # people found below the total line
        self.section_unit: str | None = None  # set by a heading row naming a unit
        self.has_birth_column = any(f in self.mapping for f in _BIRTH_FIELDS)
        # Each distinct cell text is read once (best_effort_text): a roster repeats its
        # positions, places and notes on every row, and several checks read each row.
        self._readings: dict[str, str] = {}
        self._text_columns = [(k, self.mapping[k]) for k in _TEXT_FIELDS if k in self.mapping]
        self._births: dict[tuple, F.BirthValue] = {}  # (type, cell value) -> parsed
        self._year_warnings: dict[int, str | None] = {}

    def _read(self, values: list) -> list[str]:
        """best_effort_text of every cell of a row, remembered per distinct text."""
        readings = self._readings
        out = []
        for value in values:
            if type(value) is str:
                text = readings.get(value)
                if text is None:
                    text = best_effort_text(value)
                    if len(readings) < MEMO_LIMIT:
                        readings[value] = text
            else:
                text = best_effort_text(value)
            out.append(text)
        return out

    # --- which rows hold people ------------------------------------------------

    def _candidate_rows(self) -> list:
        """Rows before the end of the list that hold something; late named rows are reported."""
        name_col = self.mapping.get("name")
        birth_cols = [self.mapping[f] for f in _BIRTH_FIELDS if f in self.mapping]
        stt = self.mapping.get("stt")
        mapped = sorted(set(self.mapping.values()) - {stt})
        kept, dropped, stopped, first, blanks = [], [], False, True, 0
        table_ended = False  # by blank rows or a second header: nothing below is this list
        for number, values, fonts in self.rows:
            if all(_blank(v) for v in values):
                blanks += 1
                if kept and blanks >= _END_BLANKS and not stopped:
                    stopped = table_ended = True
                continue
            blanks = 0
            # A numbered row holds a person: a header's STT cell is a label, never a number
            # (is_header_row, a guess over every cell read as text, was half of this loop).
            numbered = type(_cell(values, stt)) in (int, float)
            if kept and not stopped and not numbered and is_header_row(self._read(values)):
                stopped = table_ended = True  # a second table (salaries under the staff list)
                continue
            if table_ended:
                if not _blank(_cell(values, name_col)):
                    dropped.append(number)
                continue
            if first and is_numbering_row(self._read(values)):
                first = False
                continue
            first = False
            has_birth = any(not _blank(_cell(values, c)) for c in birth_cols)
            name = _cell(values, name_col)
            if stopped:
                if not _blank(name) and has_birth:
                    kept.append((number, values, fonts))
                    self.late_rows.add(number)
                elif isinstance(_cell(values, stt), int | float) or sum(
                        not _blank(_cell(values, c)) for c in mapped) >= 3:
                    dropped.append(number)  # numbered, or more than signatures: a person?
                continue
            if not has_birth and (_blank(name) or is_stop_row([name])) and is_stop_row(values):
                stopped = True
                continue
            kept.append((number, values, fonts))
        if dropped and not self.late_rows and not birth_cols:
            dropped = []  # without a birth column nothing tells a person from a second table's row
        if dropped:
            rows = ", ".join(map(str, dropped[:10]))
            self.warnings.append(f"Bỏ qua {len(dropped)} dòng sau chỗ kết thúc danh sách (dòng tổng "
                                 f"cộng, chữ ký, dòng trống hoặc bảng thứ hai; dòng {rows}); "
                                 "nếu là đại biểu, hãy chuyển lên trên.")
        return kept

    def _decoder(self, rows: list) -> ColumnDecoder:
        cols = sorted(set(self.mapping.values()))
        columns: dict[int, list[str]] = {col: [] for col in cols}
        fonts: dict[int, list[str]] = {col: [] for col in cols}
        for _n, values, row_fonts in rows:  # one pass over the rows for every column
            width, font_width = len(values), len(row_fonts) if row_fonts else 0
            for col in cols:
                if col < width and type(value := values[col]) is str:
                    columns[col].append(value)
                    if col < font_width and (font := row_fonts[col]):
                        fonts[col].append(font)
        header_rows = self.head[self.header.row:self.header.data_start]
        header_texts = [v for values, _ in header_rows for v in values if isinstance(v, str)]
        return ColumnDecoder(columns, fonts, header_texts)

    # --- the title block ---------------------------------------------------------

    def _unit_hint(self) -> str | None:
        """The commune the title block names ("UBND XÃ TÂN LỢI" -> "Tân Lợi").

        Title cells are read one by one: old files often keep a Unicode title
        above a TCVN3 table, and a title line is long enough to tell by itself.
        """
        for values, _fonts in self.head[:self.header.row]:
            for value in values:
                if not isinstance(value, str):
                    continue
                text = best_effort_text(value)
                if match := _UNIT_RE.search(text):
                    unit = _UNIT_END_RE.split(match.group(1))[0]
                    # upper() first: a .VnTimeH title is typed in small letters
                    return name_case(unit.strip(" .,:-").upper()) or None
        return None

    # --- one row -------------------------------------------------------------------

    def _texts(self, decoder: ColumnDecoder, values: list, fonts: list | None):
        texts, converted = dict.fromkeys(_TEXT_FIELDS, ""), False  # "": what an empty cell gives
        width = len(values)
        for key, col in self._text_columns:
            if col < width and (value := values[col]) is not None:
                font = fonts[col] if fonts and col < len(fonts) else None
                texts[key], changed = decoder.decode(col, value, font)
                converted = converted or changed
        return texts, converted

    def _parse_birth(self, values: list, key: str) -> F.BirthValue:
        """F.parse_birth of the row's `key` cell, once per distinct value (a roster repeats
        its years); the values returned are shared, so never changed."""
        col = self.mapping.get(key)
        value = values[col] if col is not None and col < len(values) else None
        if value is None:
            return _NO_BIRTH
        memo = (value.__class__, value)  # True and 1 are equal keys, not equal cells
        birth = self._births.get(memo)
        if birth is None:
            birth = F.parse_birth(value)
            if len(self._births) < MEMO_LIMIT:
                self._births[memo] = birth
        return birth

    def _year_warning(self, year: int) -> str | None:
        if year not in self._year_warnings:
            self._year_warnings[year] = F.year_warning(year)
        return self._year_warnings[year]

    def _birth(self, person: ParsedPerson, values: list) -> None:
        male = self._parse_birth(values, "birth_year_male")
        female = self._parse_birth(values, "birth_year_female")
        if not male.empty and not female.empty:
            person.errors.append("Có năm sinh ở cả cột Nam và cột Nữ; hãy để ở một cột.")
            birth = F.BirthValue(year=male.year or female.year)
        elif not male.empty:
            person.sex, birth = F.SEX_MALE, male
        elif not female.empty:
            person.sex, birth = F.SEX_FEMALE, female
        else:
            birth = F.BirthValue()
        for key in ("birth_date", "birth_year"):
            other = self._parse_birth(values, key)
            if not birth.year and not other.empty:
                birth = other
            elif other.date and not birth.date and other.year == birth.year:
                birth = replace(birth, date=other.date)  # a copy: parsed values are shared
        person.birth_year, person.birth_date = birth.year, birth.date
        if birth.problem:
            (person.warnings if birth.year else person.errors).append(birth.problem)
        elif not birth.year and person.kind != N.COLLECTIVE and self.has_birth_column:
            person.warnings.append(MISSING_YEAR)  # without the column, one file message says it
        elif birth.year and (warning := self._year_warning(birth.year)):
            person.warnings.append(warning)

    def _person(self, number: int, texts: dict, values: list, section: str | None) -> ParsedPerson:
        raw = texts["name"]
        if texts["family_name"] or texts["given_name"]:
            raw = N.joined(texts["family_name"], texts["given_name"] or texts["name"])
        kind = N.kind_of(texts["kind"]) if texts["kind"] else None
        naming = N.split_name(raw, kind)
        person = ParsedPerson(number, naming.name, None, None, None, "", "", "",
                              section or F.CATEGORY_EXEMPLARY, texts["achievement"], texts["note"])
        person.kind = naming.kind
        if naming.kind == N.COLLECTIVE:
            person.collective = naming.name
        if texts["kind"] and kind is None:
            person.warnings.append(f"Không hiểu «{texts['kind']}» ở cột tập thể/cá nhân.")
        if not person.name:
            person.errors.append("Thiếu họ tên.")
        self._birth(person, values)
        if texts["sex"]:
            sex = F.parse_sex(texts["sex"])
            if sex is None:
                person.warnings.append(f"Không hiểu giới tính «{texts['sex']}».")
            elif person.sex and sex != person.sex:
                person.warnings.append(f"Cột giới tính ghi «{sex}» nhưng năm sinh ở cột {person.sex}.")
            else:
                person.sex = sex
        ethnicity = F.ethnicity_display(texts["ethnicity"])
        person.ethnicity = ethnicity
        if not ethnicity:
            if person.kind == N.PERSON and "ethnicity" in self.mapping:
                person.warnings.append("Chưa ghi dân tộc.")  # without the column: one file message
        elif not F.ethnicity_known(ethnicity):
            person.warnings.append(f"Dân tộc «{ethnicity}» không có trong danh mục 54 dân tộc.")
        person.position, person.workplace = texts["position"], texts["workplace"]
        if texts["position_workplace"]:
            parts = F.split_position_workplace(texts["position_workplace"])
            if parts is None:
                person.position = person.position or texts["position_workplace"]
                person.warnings.append("Không tách được chức vụ và đơn vị công tác (thiếu dấu phẩy).")
            else:
                person.position = person.position or parts[0]
                person.workplace = person.workplace or parts[1]
        self._honorifics(person, naming)
        self._category(person, texts)
        return person

    @staticmethod
    def _honorifics(person: ParsedPerson, parts: N.NameParts) -> None:
        """A rank taken off the name goes to the position, or to the note when one is written."""
        person.sex = person.sex or parts.sex
        if not parts.rank:
            return
        if not person.position:
            person.position = parts.rank
        elif parts.rank.casefold() not in person.position.casefold():
            person.note = "; ".join(x for x in (person.note, f"Cấp bậc/học hàm: {parts.rank}") if x)

    def _category(self, person: ParsedPerson, texts: dict) -> None:
        if texts["category"]:
            category = F.parse_category(texts["category"])
            if category is None:
                person.warnings.append(f"Không rõ thành phần «{texts['category']}», "
                                       f"tạm xếp {F.CATEGORY_EXEMPLARY}.")
            else:
                person.category = category
        if texts["note"] and (category := F.parse_category(texts["note"])):
            if not texts["category"]:
                person.category = category
            if fold(texts["note"]) == fold(category):
                person.note = ""

    def _is_section(self, texts: dict, values: list) -> str | None | bool:
        """False for a person row; for a section heading, the category it names (or None).

        A heading naming a unit ("I. XÃ TÂN LỢI") sets `self.section_unit` instead.
        """
        birth_cols = [self.mapping[f] for f in _BIRTH_FIELDS if f in self.mapping]
        if any(not _blank(_cell(values, c)) for c in birth_cols):
            return False
        filled = [t for v, t in zip(values, self._read(values), strict=True) if not _blank(v)]
        if len(filled) == 2 and _NUMERAL_RE.match(filled[0]):  # "II" | "Đại biểu khách mời"
            filled = filled[1:]
        if len(filled) != 1:
            return False
        name_col = self.mapping.get("name", self.mapping.get("given_name"))
        if _blank(_cell(values, name_col)) and not _UNIT_SECTION_RE.match(filled[0]) \
                and not _SECTION_RE.match(fold(filled[0])):
            return None  # a title or a numbered empty line, outside the name column
        if _SECTION_RE.match(fold(filled[0])):
            return F.parse_category(filled[0])
        if unit := _UNIT_SECTION_RE.match(filled[0]):
            self.section_unit = name_case(_UNIT_WORD_RE.sub("", unit.group(1)).strip(" .:").upper())
            return None
        return False

    # --- the whole roster ------------------------------------------------------------

    def build(self) -> ParsedRoster:
        """Read every candidate row into a person and gather the file's warnings."""
        rows = self._candidate_rows()
        decoder = self._decoder(rows)
        people: list[ParsedPerson] = []
        section: str | None = None
        seen: dict[tuple[str, int | None], int] = {}
        for number, values, fonts in rows:
            texts, _converted = self._texts(decoder, values, fonts)
            removed = decoder.take_removed()
            heading = self._is_section(texts, values)
            if heading is not False:
                section = heading or section
                continue
            person = self._person(number, texts, values, section)
            if number in self.late_rows:
                person.warnings.append("Dòng này nằm dưới dòng tổng cộng/chữ ký, hãy kiểm tra.")
            person.unit_hint = self.section_unit
            if removed:  # the one cleaner's rules (domain/safe_text), said per row
                person.warnings.append(f"Đã bỏ {', '.join(removed)} khỏi dòng này, hãy soát lại.")
            person.errors += [length_problem(key, texts[key]) for key, most in _TEXT_LIMITS
                              if len(texts[key]) > most]
            key = (person.name.casefold(), person.birth_year)
            if person.name and key in seen and person.birth_year:
                person.warnings.append(f"Trùng họ tên và năm sinh với dòng {seen[key]}.")
            seen.setdefault(key, number)
            people.append(person)
        self._file_warnings(decoder)
        return ParsedRoster(
            path=self.path, sheet=self.source.name, unit_hint=self._unit_hint(),
            header=list(self.header.labels), mapping=dict(self.mapping),
            encoding=decoder.encoding, people=people, warnings=self.warnings,
            header_row=self.header.row + 1, data_start_row=self.header.data_start + 1,
            charset=self.source.charset,
        )

    def _file_warnings(self, decoder: ColumnDecoder) -> None:
        labels = self.header.labels

        def label(col: int) -> str:
            return f"«{labels[col]}»" if col < len(labels) and labels[col] else f"số {col + 1}"

        converted = decoder.converted_columns()
        for encoding in sorted(set(converted.values())):
            cols = ", ".join(label(c) for c, e in sorted(converted.items()) if e == encoding)
            self.warnings.append(f"Các cột {cols} gõ bằng mã {ENCODING_NAMES[encoding]}, "
                                 "đã chuyển sang Unicode; hãy soát lại.")
        for col in decoder.mixed_columns():
            self.warnings.append(f"Cột {label(col)} lẫn chữ của hai bảng mã, hãy soát lại.")
        if not any(f in self.mapping for f in _BIRTH_FIELDS):
            self.warnings.append("Không thấy cột năm sinh hay ngày sinh: các dòng được nhập "
                                 "không có năm sinh, cần bổ sung trước khi chốt danh sách.")
        has_sex = any(f in self.mapping for f in ("sex", "birth_year_male", "birth_year_female"))
        if not has_sex:
            self.warnings.append("Không thấy cột giới tính (hay cột năm sinh chia Nam, Nữ).")
        missing = ["ethnicity"] if "ethnicity" not in self.mapping else []
        if "position_workplace" not in self.mapping:
            missing += [k for k in ("position", "workplace") if k not in self.mapping]
        for key in missing:
            self.warnings.append(f"Không thấy cột «{FIELD_LABELS[key]}».")
        if self.source.charset == "cp1258":
            self.warnings.append("Tệp CSV không ghi bảng mã, đã đọc theo Windows-1258 (tiếng Việt).")
