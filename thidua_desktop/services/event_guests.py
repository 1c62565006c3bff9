"""The guest list of an event (khách mời who are not a unit's delegates): read, check, store, import.

A plan lists whom each conference invites beside the delegations — the
district's leaders, the press, the sponsors. Each guest has a name, a
position, an agency and an address (migration 0022); they receive letters,
envelopes and labels with the delegates but are not in the roster.

Rows come from the window's table, from text pasted out of Excel or Word
(tab-separated) or from a workbook read through the importer's bounded
readers. Every text is cleaned (clean_text) and bounded before it is
stored; a bad row gets a Vietnamese sentence naming the row and nothing is
written. The whole list is saved at once (`replace_guests`), which gives the
window one undo step per save.

An import adds to the list (`merge`): a row naming a guest already listed
(`identity`: same name and agency) updates that guest's row, which keeps
its id and so its seat; other rows are appended; nothing is removed unless
the caller asks to replace the list. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import UserError, ValidationError

MAX_GUESTS = 500
FIELDS = ("full_name", "title", "agency", "address")
LABELS = {"full_name": "Họ và tên", "title": "Chức vụ", "agency": "Cơ quan", "address": "Địa chỉ"}
LIMITS = {"full_name": 100, "title": 300, "agency": 300, "address": 300}
HEADER_ROWS = 10  # a workbook's header row is looked for among its first rows
# Header words, folded; the first field whose words start a cell takes the column (the name last:
# "Tên cơ quan" is an agency).
_HEADERS = (("title", ("chuc vu", "chuc danh")),
            ("agency", ("co quan", "don vi", "noi cong tac", "ten co quan", "ten don vi")),
            ("address", ("dia chi",)),
            ("full_name", ("ho va ten", "ho ten", "ten khach", "khach moi", "ten")))


@dataclass(frozen=True)
class Guest:
    """One guest; `id` is None until stored."""

    full_name: str
    title: str = ""
    agency: str = ""
    address: str = ""
    id: int | None = None

    @property
    def detail(self) -> str:
        """"Bí thư Huyện ủy, Huyện ủy Hớn Quản" (position and agency) for a letter."""
        return ", ".join(t for t in (self.title, self.agency) if t)


def guests(db: Database, event_id: int) -> list[Guest]:
    """The event's guests in list order."""
    rows = db.execute("SELECT full_name, title, agency, address, id FROM event_guests WHERE event_id = ? "
                      "ORDER BY position_no, id", [event_id]).fetchall()
    return [Guest(*row) for row in rows]


def check_guest(values: dict[str, object] | Guest, where: str) -> Guest:
    """A guest from raw values, cleaned; a sentence naming `where` ("dòng 3") when a value is refused."""
    if isinstance(values, Guest):
        values = {f: getattr(values, f) for f in FIELDS} | {"id": values.id}
    clean = {f: clean_text(values.get(f) or "") for f in FIELDS}
    if not clean["full_name"]:
        raise ValidationError(f"{where}: chưa có họ và tên khách mời.")
    for f in FIELDS:
        if len(clean[f]) > LIMITS[f]:
            raise ValidationError(f"{where}: {LABELS[f]} dài {len(clean[f])} ký tự, quá giới hạn "
                                  f"{LIMITS[f]} ký tự; hãy rút gọn.")
    return Guest(**clean, id=values.get("id"))  # type: ignore[arg-type]


def check_list(items: list[Guest | dict]) -> list[Guest]:
    """Every row checked ("Dòng N: …" on the first refused one); at most MAX_GUESTS."""
    if len(items) > MAX_GUESTS:
        raise ValidationError(f"Danh sách có {len(items)} khách mời, quá giới hạn {MAX_GUESTS}; "
                              f"hãy chia bớt hoặc bỏ các dòng thừa.")
    return [check_guest(item, f"Dòng {n}") for n, item in enumerate(items, start=1)]


def replace_guests(db: Database, event_id: int, items: list[Guest]) -> list[Guest]:
    """Store `items` as the event's whole list (checked first; one transaction); returns the old list.

    Rows keep their ids when they have one, so an undo that stores the old list gives back the same rows.
    """
    clean = check_list(items)
    old = guests(db, event_id)
    kept = [g.id for g in clean if g.id is not None]
    with db.atomic():
        # Only the guests left out are deleted: a kept guest keeps its seat (guest_seats cascades).
        db.conn.execute(f"DELETE FROM event_guests WHERE event_id = ? AND id NOT IN ({','.join('?' * len(kept))})",
                        [event_id, *kept])
        db.conn.executemany(
            "INSERT INTO event_guests (id, event_id, position_no, full_name, title, agency, address) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET position_no = excluded.position_no, "
            "full_name = excluded.full_name, title = excluded.title, agency = excluded.agency, "
            "address = excluded.address WHERE event_guests.event_id = excluded.event_id",
            [(g.id, event_id, n, g.full_name, g.title, g.agency, g.address) for n, g in enumerate(clean)])
    return old


def identity(guest: Guest) -> tuple[str, str]:
    """Who a guest is, for an import: the name and the agency folded (`names.fold`: case, spaces
    and marks aside, as the roster's import matches people), so "Lê Văn Hoà" typed with the old
    tone placement, or without marks, is the listed "Lê Văn Hòa" of the same agency."""
    return fold(guest.full_name), fold(guest.agency)


@dataclass(frozen=True)
class Merge:
    """The list an import gives and what it did to the list before."""

    guests: list[Guest]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    repeated: int = 0  # rows naming a guest an earlier row of the same file named

    def summary(self) -> str:
        """"2 khách mời mới, 1 cập nhật, 3 không đổi" (the parts that are not 0)."""
        parts = [(self.added, "khách mời mới"), (self.updated, "cập nhật"), (self.unchanged, "không đổi"),
                 (self.removed, "bỏ khỏi danh sách"),
                 (self.repeated, "dòng lặp lại một khách mời ở dòng trên (gộp vào một)")]
        return ", ".join(f"{n} {words}" for n, words in parts if n) or "không có dòng nào"


def merge(current: list[Guest], incoming: list[Guest], replace: bool = False) -> Merge:
    """`current` with the `incoming` rows (already checked) merged in; at most MAX_GUESTS.

    A row whose `identity` is a listed guest's updates that guest (the first so listed): it
    keeps its place, id and name; a filled position or address replaces the stored one, an
    empty cell keeps it. Later rows of the same guest update the same row. Other rows are
    appended in file order. With `replace` the list becomes the file's rows in file order,
    the listed guests it names keeping their ids (and seats), the others removed; a file with
    no row then is refused rather than emptying the list.
    """
    if replace and not incoming and current:
        raise ValidationError("Tệp không có dòng khách mời nào; thay danh sách bằng tệp này sẽ xóa cả "
                              f"{len(current)} khách mời đang có, nên không ghi gì.")
    first: dict[tuple[str, str], int] = {}
    for index, guest in enumerate(current):
        first.setdefault(identity(guest), index)
    out = list(current)
    matched: dict[int, None] = {}  # indexes into `out`, in file order (for replace)
    for guest in incoming:
        index = first.get(identity(guest))
        if index is None:
            index = first[identity(guest)] = len(out)
            out.append(guest)
        else:
            old = out[index]
            out[index] = Guest(old.full_name, guest.title or old.title, old.agency,
                               guest.address or old.address, old.id)
        matched.setdefault(index)
    before = len(current)
    kept = [i for i in matched if i < before]
    updated = sum(1 for i in kept if _values(out[i]) != _values(current[i]))
    if replace:
        out = [out[i] for i in matched]
    result = Merge(out, added=len(matched) - len(kept), updated=updated, unchanged=len(kept) - updated,
                   removed=before - len(kept) if replace else 0,
                   repeated=len(incoming) - len(matched))
    if len(out) > MAX_GUESTS:
        raise ValidationError(
            f"Sau khi nhập, danh sách có {len(out)} khách mời ({len(out) - result.added} đã có, "
            f"{result.added} mới), quá giới hạn {MAX_GUESTS}; hãy bỏ bớt các dòng thừa.")
    return result


def _values(guest: Guest) -> tuple[str, ...]:
    return tuple(getattr(guest, f) for f in FIELDS)


def import_guests(db: Database, event_id: int, incoming: list[Guest], replace: bool = False) -> Merge:
    """Merge `incoming` into the event's stored list and store the result (one transaction)."""
    result = merge(guests(db, event_id), incoming, replace)
    replace_guests(db, event_id, result.guests)
    return result


def _header(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for col, cell in enumerate(cells):
        text = fold(cell)
        for fld, words in _HEADERS:
            if fld not in found and any(text == w or text.startswith(w + " ") for w in words):
                found[fld] = col
                break
    return found if "full_name" in found else None


def rows_to_guests(rows: list[list[str]]) -> list[Guest]:
    """Guests from table rows (pasted or read): a header row names the columns when there is one
    (Họ và tên, Chức vụ, Cơ quan, Địa chỉ, in any order); without one the columns are in that order,
    after a first column of row numbers (STT) when every row starts with one. Empty rows are skipped."""
    rows = [[clean_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    columns = None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns = _header(row)
        if columns:
            rows = rows[index + 1:]
            break
    if columns is None:
        numbered = rows and all(row[0].rstrip(".").isdigit() for row in rows)
        columns = {f: i + bool(numbered) for i, f in enumerate(FIELDS)}
    out = []
    for row in rows:
        values = {f: row[i] if i < len(row) else "" for f, i in columns.items()}
        if not any(values.values()) or values["full_name"].strip("().").isdigit():
            continue  # a row of column numbers ("1", "(2)") under the header
        out.append(values)
    return check_list(out)


def parse_pasted(text: str) -> list[Guest]:
    """Guests from text copied in Excel or Word: one row a line, cells separated by tabs."""
    if len(text) > MAX_GUESTS * 1200:
        raise ValidationError("Nội dung dán quá dài; hãy dán từng phần (tối đa "
                              f"{MAX_GUESTS} khách mời).")
    return rows_to_guests([line.split("\t") for line in text.splitlines()])


def read_guests_workbook(path: str | Path) -> list[Guest]:
    """Guests from the first sheet of a workbook (.xlsx, .xls, .ods, .csv), through the bounded readers."""
    from thidua_desktop.importer.errors import ImportFileError
    from thidua_desktop.importer.readers import open_workbook
    from thidua_desktop.importer.safety import check_file

    path = Path(path)
    try:
        kind = check_file(path)
        with open_workbook(path, kind) as book:
            source = book.sheet(book.sheet_names[0])
            rows = [["" if v is None else str(v) for v in values]
                    for values, _fonts in islice(source.rows, MAX_GUESTS + HEADER_ROWS + 1)]
    except ImportFileError as exc:
        raise UserError(f"Không đọc được danh sách khách mời: {exc}") from exc
    try:
        return rows_to_guests(rows)
    except ValidationError as exc:
        raise ValidationError(f"“{path.name}”: {exc.message}") from exc
