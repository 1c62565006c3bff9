"""A unit's proposal workbook (danh sách đề nghị khen thưởng) into a round: all rows or none.

The file is read by the importer's bounded readers (safety.check_file, then
open_workbook: kind from the bytes, limits while reading). The header row is
found among the first rows by its words ("Họ và tên" / "Tên tập thể", "Hình
thức"...); section rows ("I. TẬP THỂ", "II. CÁ NHÂN") set whether the rows
below are collectives or persons, a "Loại"/"Đối tượng" column overrides it.
Every row goes through awards_service.add_proposal (the same checks as the
window); one bad row refuses the whole file with a sentence per row and
writes nothing, so a unit's list is never half in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import UserError, ValidationError
from thidua_desktop.services import awards_service as svc

HEADER_ROWS = 15
# Field -> the folded header words that name it (the first found wins).
COLUMNS = {
    "name": ("ho va ten", "ho ten", "ten tap the", "ten ca nhan, tap the", "ten"),
    "birth_year": ("nam sinh", "ngay sinh"),
    "sex": ("gioi tinh",),
    "position": ("chuc vu",),
    "workplace": ("don vi cong tac", "noi cong tac", "co quan"),
    "form": ("hinh thuc",),
    "achievement": ("thanh tich", "tom tat thanh tich"),
    "kind": ("loai", "doi tuong"),
}


class NoProposalsError(ValidationError):
    """A file whose rows cannot all be imported (nothing was written)."""


class _RollBack(Exception):
    """Leaves db.atomic() undoing every row of the file."""


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    added: int = 0
    persons: int = 0
    collectives: int = 0
    honoured: list[str] = field(default_factory=list)  # names already honoured with the same form


def _columns(header: list) -> dict[str, int]:
    folded = [fold(clean_text(str(v or ""))) for v in header]
    found: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for name in names:
            index = next((i for i, text in enumerate(folded) if text.startswith(name) and i not in found.values()),
                         None)
            if index is not None:
                found[key] = index
                break
    return found


def _norm(text: str) -> str:
    """Folded, with the abbreviations the units write ("UBND") spelt out."""
    return " ".join(fold(text).replace("ubnd", "uy ban nhan dan").split())


def _form_code(forms, text: str) -> str | None:
    """The form a cell names: its code, its full name, or the start of it ("Giấy khen")."""
    wanted = _norm(text)
    for form in forms.forms:
        name = _norm(form.name)
        if wanted in (fold(form.code), name) or (wanted and name.startswith(wanted)):
            return form.code
    return None


def _year(value) -> int | None:
    text = clean_text(str(value or ""))
    digits = [int(part) for part in text.replace("/", " ").replace("-", " ").split() if part.isdigit()]
    years = [d for d in digits if 1900 <= d <= 2100]
    return years[-1] if years else None


def _rows(path: Path):
    from thidua_desktop.importer.readers import open_workbook
    from thidua_desktop.importer.safety import check_file

    kind = check_file(path)
    with open_workbook(path, kind) as reader:
        sheet = reader.sheet(reader.sheet_names[0])
        yield from (values for values, _fonts in sheet.rows)


def read_rows(path: str | Path, forms) -> tuple[list[dict], list[str]]:
    """The proposal rows of the file's first sheet, and a sentence per row that cannot be read."""
    path = Path(path)
    rows, problems = [], []
    columns: dict[str, int] | None = None
    kind = "person"
    for number, values in enumerate(_rows(path), start=1):
        texts = [clean_text(str(v)) if v is not None else "" for v in values]
        if columns is None:
            found = _columns(texts)
            if "name" in found and ("form" in found or len(found) >= 3):
                columns = found
            elif number >= HEADER_ROWS:
                break
            continue
        filled = [t for t in texts if t]
        if not filled:
            continue
        first = fold(filled[0])
        if len(filled) <= 2 and ("tap the" in first or "ca nhan" in first):  # a section row
            kind = "collective" if "tap the" in first else "person"
            continue
        cell = {key: texts[i] if i < len(texts) else "" for key, i in columns.items()}
        if not cell.get("name") or cell["name"].isdigit():
            continue  # numbering rows ("1", "2", "3"...) under the header
        row_kind = kind
        if cell.get("kind"):
            row_kind = "collective" if "tap the" in fold(cell["kind"]) else "person"
        code = _form_code(forms, cell.get("form", "")) if cell.get("form") else None
        if code is None:
            shown = cell.get("form") or "(trống)"
            problems.append(f"Dòng {number}: hình thức “{shown}” không có trong bộ hình thức đang áp dụng.")
            continue
        sex = cell.get("sex", "").capitalize() or None
        rows.append(dict(line=number, kind=row_kind, name=cell["name"], form_code=code,
                         birth_year=_year(cell.get("birth_year")) if row_kind == "person" else None,
                         sex=sex if row_kind == "person" else None,
                         position=cell.get("position", "") if row_kind == "person" else "",
                         workplace=cell.get("workplace", ""), achievement=cell.get("achievement", "")))
    if columns is None:
        problems.append(f"Không tìm thấy dòng tiêu đề (Họ và tên, Hình thức...) trong {HEADER_ROWS} dòng đầu "
                        f"của tệp “{path.name}”.")
    elif not rows and not problems:
        problems.append(f"Tệp “{path.name}” không có dòng đề nghị nào dưới dòng tiêu đề.")
    return rows, problems


def import_proposals(db: Database, rnd: svc.Round, unit_id: int, path: str | Path,
                     dry_run: bool = False) -> ImportResult:
    """Add every row of the file as a proposal of `unit_id`; NoProposalsError (nothing written) if any fails."""
    from thidua_desktop.services import awards_history

    forms = svc.form_set_of(db, rnd)
    rows, problems = read_rows(path, forms)
    result = ImportResult()
    try:
        with db.atomic():
            for row in rows:
                line = row.pop("line")
                try:
                    pid = svc.add_proposal(db, rnd, unit_id, row.pop("form_code"), **row)
                except UserError as exc:
                    problems.append(f"Dòng {line}: {exc.message}")
                    continue
                result.added += 1
                result.persons += row["kind"] == "person"
                result.collectives += row["kind"] == "collective"
                awardee, form = db.execute("SELECT awardee_id, form_code FROM award_proposals WHERE id = ?",
                                           [pid]).fetchone()
                if awards_history.already_honoured(db, awardee, form, rnd.id):
                    result.honoured.append(row["name"])
            if problems or dry_run:
                raise _RollBack  # all rows or none; a dry run keeps nothing
    except _RollBack:
        pass
    if problems:
        head = f"Không nhập tệp “{Path(path).name}”, chưa ghi dòng nào: "
        raise NoProposalsError(head + " ".join(problems[:20]) + (" …" if len(problems) > 20 else ""))
    return result
