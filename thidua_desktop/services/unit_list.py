"""The organiser's list of units, as typed, pasted or read from a workbook.

A line is one unit with its kind in front ("Xã Tân Lợi", "Thôn 1", "Cụm thi
đua số 1"); pasted from a sheet, more columns may follow, separated by tabs or
" | ": the group(s) it belongs to ("Cụm thi đua số 1"; several with ";"), a
mark when it heads them ("x", "trưởng cụm") and a figure (staff, members) for
seats given in proportion. A workbook has a header row naming the columns
(Tên đơn vị, Loại, Cụm/Khối, Trưởng cụm, Số lượng). The result is plain
`UnitSpec`s; nothing is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import UserError, ValidationError

MAX_UNITS = 5000
MAX_NAME = 200
_SPLIT = re.compile(r"\t|\s\|\s")
# Words that name a kind of unit in Vietnamese administration. A line starting
# with one the template lacks is refused rather than read as a commune's name
# ("Thôn 1" must not silently become a commune).
_KIND_WORDS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "thị trấn", "thôn", "ấp", "bản", "buôn",
               "sóc", "làng", "khu phố", "tổ dân phố", "khối phố", "cụm thi đua", "khối thi đua", "sở",
               "trường", "cơ quan", "doanh nghiệp", "công ty", "hợp tác xã", "đoàn thể")
_HEAD_MARKS = {"x", "co", "1", "truong", "truong cum", "truong khoi", "cum truong", "khoi truong", "head"}


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create: kind code and name; groups it belongs to and those it heads."""

    kind: str
    name: str
    groups: tuple[str, ...] = ()
    heads: bool = False
    figure: int | None = None


class _Kinds:
    """Recognises a unit kind from its name in front of a unit's name, or from a cell."""

    def __init__(self, template):
        self.kinds = sorted(template.data["unit_kinds"], key=lambda k: -len(k["name"]))
        self.default = next(
            (k["code"] for k in template.data["unit_kinds"] if k["level"] == "commune"),
            template.data["unit_kinds"][-1]["code"],
        )

    def split(self, text: str, where: str = "") -> tuple[str, str]:
        """(kind code, name) of "Xã Tân Lợi"; no kind word: the default kind, the whole text."""
        for kind in self.kinds:
            prefix = kind["name"] + " "
            if fold(text).startswith(fold(prefix)):
                return kind["code"], text[len(prefix):].strip()
        # Accents count here: "Bàn Cờ" is a name, "Bản Mường" a village.
        word = next((w for w in sorted(_KIND_WORDS, key=len, reverse=True)
                     if text.lower().startswith(w + " ")), None)
        if word and where:
            names = ", ".join(k["name"] for k in reversed(self.kinds))
            raise ValidationError(
                f"{where}: “{text}” bắt đầu bằng loại “{text[:len(word)]}”, nhưng mẫu này không có loại đó "
                f"(các loại có: {names}). Hãy chọn mẫu có loại này hoặc thêm loại vào mẫu.")
        return self.default, text

    def named(self, cell: str, where: str) -> str:
        """The kind a "Loại" cell names (code or name)."""
        wanted = fold(cell)
        for kind in self.kinds:
            if wanted in (fold(kind["code"]), fold(kind["name"])):
                return kind["code"]
        names = ", ".join(k["name"] for k in reversed(self.kinds))
        raise ValidationError(f"{where}: loại đơn vị “{cell}” không có trong mẫu; các loại có: {names}.")


def _figure(text: str, where: str) -> int | None:
    text = clean_text(text).replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ValidationError(f"{where}: số lượng “{text}” phải là một số nguyên không âm.")
    return int(text)


def _groups(text: str) -> tuple[str, ...]:
    return tuple(g for g in (clean_text(p) for p in re.split(r"[;\n]", text or "")) if g)


def _spec(kinds: _Kinds, where: str, name: str, kind_cell: str = "", group: str = "",
          head: str = "", figure: str = "") -> UnitSpec:
    name = clean_text(name)
    if kind_cell.strip():
        kind = kinds.named(clean_text(kind_cell), where)
        code, rest = kinds.split(name)
        name = rest if code == kind else name  # "Xã Tân Lợi" under Loại = Xã
    else:
        kind, name = kinds.split(name, where)
    if not name:
        raise ValidationError(f"{where}: thiếu tên đơn vị.")
    if len(name) > MAX_NAME:
        raise ValidationError(f"{where}: tên đơn vị dài quá {MAX_NAME} ký tự.")
    heads = fold(clean_text(head)) in _HEAD_MARKS
    return UnitSpec(kind, name, _groups(group), heads, _figure(figure, where))


def _checked(specs: list[UnitSpec], wheres: list[str]) -> list[UnitSpec]:
    seen: set[tuple[str, str]] = set()
    for spec, where in zip(specs, wheres, strict=True):
        key = (spec.kind, fold(spec.name))
        if key in seen:
            raise ValidationError(f"{where}: đơn vị “{spec.name}” bị lặp lại.")
        seen.add(key)
    if not specs:
        raise ValidationError("Danh sách đơn vị trực thuộc đang trống.")
    if len(specs) > MAX_UNITS:
        raise ValidationError(f"Danh sách có {len(specs)} đơn vị; tối đa {MAX_UNITS}.")
    return specs


def unit_line(kind_name: str, spec: UnitSpec) -> str:
    """The line `parse_unit_lines` reads back: "Xã Tân Lợi | Cụm thi đua số 1 | trưởng cụm"."""
    cells = [f"{kind_name} {spec.name}"]
    if spec.groups or spec.heads:
        cells.append("; ".join(spec.groups))
    if spec.heads:
        cells.append("trưởng cụm")
    return " | ".join(cells)


def parse_unit_lines(lines: list[str], template) -> list[UnitSpec]:
    """Read typed or pasted lines into unit specs (see the module's docstring)."""
    kinds = _Kinds(template)
    specs, wheres = [], []
    for number, raw in enumerate(lines, start=1):
        cells = [clean_text(c) for c in _SPLIT.split(raw)]
        if not cells[0] or cells[0].startswith("#"):
            continue
        where = f"Dòng {number}"
        specs.append(_spec(kinds, where, cells[0], "", *(cells[1:4])))
        wheres.append(where)
    return _checked(specs, wheres)


_HEADERS = (  # (field, folded words a header cell starts with); head before group
    ("head", ("truong cum", "truong khoi", "cum truong", "khoi truong", "dung dau")),
    ("figure", ("so luong", "bien che", "dan so", "so nguoi", "so can bo")),
    ("group", ("cum", "khoi", "nhom")),
    ("kind", ("loai",)),
    ("name", ("ten", "don vi")),
)


def _header(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for col, cell in enumerate(cells):
        text = fold(cell)
        for fld, words in _HEADERS:
            # Starts with: a title row ("DANH SÁCH ĐƠN VỊ") is not a header.
            if fld not in found and any(text.startswith(w) for w in words):
                found[fld] = col
                break
    return found if "name" in found else None


def read_units_workbook(path: Path, template) -> list[UnitSpec]:
    """Units from a workbook (.xlsx, .xls, .ods, .csv) with a header row; bounded reads."""
    from thidua_desktop.importer.errors import ImportFileError
    from thidua_desktop.importer.readers import open_workbook
    from thidua_desktop.importer.safety import check_file

    kinds = _Kinds(template)
    try:
        kind = check_file(path)
        with open_workbook(path, kind) as book:
            source = book.sheet(book.sheet_names[0])
            specs, wheres, columns = [], [], None
            for number, (values, _fonts) in enumerate(islice(source.rows, MAX_UNITS + 50), start=1):
                cells = ["" if v is None else clean_text(str(v)) for v in values]
                if columns is None:
                    columns = _header(cells) if number <= 20 else None
                    if columns is None and number >= 20:
                        break
                    continue
                if not any(cells):
                    continue
                where = f"“{path.name}”, dòng {number}"

                def cell(fld, cells=cells, columns=columns):
                    col = columns.get(fld)
                    return cells[col] if col is not None and col < len(cells) else ""

                if not cell("name"):
                    continue
                specs.append(_spec(kinds, where, cell("name"), cell("kind"), cell("group"),
                                   cell("head"), cell("figure")))
                wheres.append(where)
    except ImportFileError as exc:
        raise UserError(f"Không đọc được danh sách đơn vị: {exc}") from exc
    if columns is None:
        raise ValidationError(f"“{path.name}”: không thấy dòng tiêu đề có cột “Tên đơn vị” "
                              f"(và Loại, Cụm/Khối nếu có) trong 20 dòng đầu.")
    return _checked(specs, wheres)


def read_units_file(path: Path, template) -> list[UnitSpec]:
    """A text file (one unit a line) or a workbook, chosen by what the file holds."""
    path = Path(path)
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise UserError(f"Không đọc được danh sách đơn vị “{path}”: {exc.strerror}.") from exc
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() == ".csv":
        return read_units_workbook(path, template)
    if path.stat().st_size > 2_000_000:
        raise UserError(f"Tệp danh sách đơn vị “{path.name}” quá lớn (tối đa 2 MB).")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"Tệp “{path.name}” không phải văn bản UTF-8; hãy lưu lại dạng UTF-8.") from exc
    return parse_unit_lines(text.splitlines(), template)
