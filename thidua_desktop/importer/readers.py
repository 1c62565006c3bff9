"""Reading a workbook's rows: .xlsx with openpyxl (streamed), .xls/.ods/.xlsb with calamine, .csv.

Every reader gives the same thing, a `SheetSource`: the sheet's rows as lists of
raw values (with the font name of each text cell where the format keeps it),
its merged ranges, and an estimate of its row count for progress reports.
The reader is chosen from the file's bytes (safety.check_file), never from its
name: an .xlsx saved as .xls is opened as what it is. Every row passes through
`bounded.bounded_rows` (limits checked while reading, trailing empties trimmed);
calamine, native code that can abort the process, runs in a child process.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from thidua_desktop.importer.bounded import ReadBudget, bounded_rows, numbered
from thidua_desktop.importer.errors import CORRUPT, UNREADABLE, ImportFileError
from thidua_desktop.importer.safety import DEFAULT_LIMITS, Limits

Row = tuple[list, list | None]  # values, font names (None when the format has none)
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column; 0-based


@dataclass
class SheetSource:
    """One sheet ready to be read row by row."""

    name: str
    rows: Iterator[Row]
    merges: list[Merge] = field(default_factory=list)
    row_estimate: int | None = None
    charset: str | None = None  # how a CSV's bytes were decoded


class WorkbookReader:
    """Base: the sheet names of a file and each sheet's rows."""

    sheet_names: list[str]

    def sheet(self, name: str) -> SheetSource:  # pragma: no cover - interface
        """The rows of sheet `name`, read lazily where the format allows."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the file (Windows keeps open files locked)."""


def _corrupt(path: Path, exc: Exception) -> ImportFileError:
    error = ImportFileError(path, CORRUPT, "tệp bị hỏng hoặc không đúng định dạng bảng tính, "
                            "Excel có thể sửa được: mở tệp, lưu lại rồi nhập lại.")
    error.__cause__ = exc
    return error


# --- .xlsx ------------------------------------------------------------------------

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _col_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def _xlsx_merges(archive: zipfile.ZipFile, member: str | None) -> list[Merge]:
    """Merged ranges read straight from the sheet's XML: read-only mode does not keep them."""
    if not member:
        return []
    data = archive.read(member.lstrip("/"))
    start = data.rfind(b"<mergeCells")
    if start < 0:
        start = data.rfind(b":mergeCells")
    if start < 0:
        return []
    merges = []
    for c1, r1, c2, r2 in _MERGE_RE.findall(data, start):
        first_col, first_row = _col_index(c1), int(r1) - 1
        merges.append((first_row, first_col, int(r2 or r1) - 1, _col_index(c2 or c1)))
    return merges


class XlsxReader(WorkbookReader):
    """Office Open XML through openpyxl in read-only mode (defusedxml guards its parser).

    The shared strings are counted before openpyxl loads them, and rows come
    from the streaming sheet parser (xlsx_stream) rather than the padded rows
    of the read-only worksheet.
    """

    def __init__(self, path: Path, budget: ReadBudget):
        import openpyxl  # deferred: importing openpyxl costs time the CSV path need not pay

        from thidua_desktop.importer.xlsx_stream import check_shared_strings

        self.path = path
        self.budget = budget
        self._handle = _open_for_reading(path)
        try:
            with zipfile.ZipFile(self._handle) as archive:
                check_shared_strings(archive, budget)
            self._handle.seek(0)
            # a file object, not the name: openpyxl refuses names not ending in .xlsx
            self._wb = openpyxl.load_workbook(self._handle, read_only=True, data_only=True)
        except ImportFileError:
            self._handle.close()
            raise
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            self._handle.close()
            raise _corrupt(path, exc) from exc
        self._sheets = {ws.title: ws for ws in self._wb.worksheets if hasattr(ws, "iter_rows")}
        # visible sheets first: a hidden sheet is often an old copy or a lookup list
        self.sheet_names = sorted(self._sheets,
                                  key=lambda n: self._sheets[n].sheet_state != "visible")

    def sheet(self, name: str) -> SheetSource:
        """Rows streamed from the XML; merged ranges taken from the sheet's raw XML."""
        ws = self._sheets[name]
        try:
            estimate = min(ws.max_row or 0, self.budget.limits.max_rows) or None
            merges = _xlsx_merges(self._wb._archive, getattr(ws, "_worksheet_path", None))
        except Exception as exc:
            raise _corrupt(self.path, exc) from exc
        return SheetSource(name, self._rows(ws), merges, estimate)

    def _rows(self, ws) -> Iterator[Row]:
        from thidua_desktop.importer.xlsx_stream import sheet_rows

        try:
            yield from bounded_rows(sheet_rows(ws, self.budget), self.budget)
        except ImportFileError:
            raise
        except Exception as exc:
            raise _corrupt(self.path, exc) from exc

    def close(self) -> None:
        self._wb.close()
        self._handle.close()


# --- .xls, .ods, .xlsb ---------------------------------------------------------------


class CalamineReader(WorkbookReader):
    """Older and other formats through python-calamine (Rust), read in a child process."""

    def __init__(self, path: Path, budget: ReadBudget, kind: str = "xls"):
        from thidua_desktop.importer.calamine_child import read_in_child

        self.path = path
        self._book = read_in_child(path, budget.limits)
        self.sheet_names = self._book.sheet_names
        self._ods_merges: dict[str, list[Merge]] = {}
        if kind == "ods":  # calamine gives no merged ranges for OpenDocument
            from thidua_desktop.importer.ods_merges import ods_merges

            self._ods_merges = ods_merges(path, budget)

    def sheet(self, name: str) -> SheetSource:
        """The sheet's rows, already read and bounded by the child, with its merged ranges."""
        rows, merges = self._book.sheets[name]
        merges = merges or self._ods_merges.get(name, [])
        return SheetSource(name, iter(rows), merges, len(rows))


# --- .csv -------------------------------------------------------------------------


def _decode_legacy_bytes(data: bytes) -> str:
    """Bytes as Windows-1252 shows them, undefined bytes kept as Latin-1 (as Excel does)."""
    return data.decode("cp1252", errors="latin1fallback")


def _latin1_fallback(error: UnicodeDecodeError):
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("latin1fallback", _latin1_fallback)


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Text of a CSV file and the charset it was in: UTF-8/16 (with or without BOM), or 8-bit.

    8-bit files are Windows-1258 (Vietnamese Windows), unless their bytes are
    those of TCVN3 or VNI: then Windows-1252 keeps them for the legacy conversion.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:4096]
    if head.count(0) * 3 >= len(head):
        even_zeros = head[0::2].count(0)
        charset = "utf-16-be" if even_zeros > head[1::2].count(0) else "utf-16-le"
        return data.decode(charset, errors="replace"), charset
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # one bad byte must not turn every Vietnamese letter into garbage
        return data.decode("utf-8", errors="replace"), "utf-8"
    if _legacy_share(data) >= 0.1:
        return _decode_legacy_bytes(data), "cp1252"
    return data.decode("cp1258", errors="replace"), "cp1258"


# Bytes that Windows-1258 Vietnamese never uses for letters, but TCVN3 (A1-BF: ă â ê
# ô ơ ư đ à á ả ã ạ ...) or VNI (ø û ï å ä ñ ö ...: tone marks, đ, ư) use all the time.
_TCVN3_BYTES = frozenset(range(0xA1, 0xB0)) | frozenset(range(0xB5, 0xC0))
_VNI_BYTES = frozenset(b"\xf8\xfb\xef\xd8\xdb\xcf\xe5\xe4\xc5\xc4\xeb\xfc\xe6\xf1\xd1\xf6\xd6")


def _legacy_share(data: bytes) -> float:
    """Share of the 8-bit bytes that only a legacy Vietnamese encoding would use."""
    high = [b for b in data if b >= 0x80]
    if not high:
        return 0.0
    tcvn3 = sum(1 for b in high if b in _TCVN3_BYTES)
    vni = sum(1 for b in high if b in _VNI_BYTES)
    return max(tcvn3, vni) / len(high)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few damaged bytes: far more valid multi-byte letters than bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    letters = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return letters >= 10 * bad


def guess_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many locales) or tab: the one giving most rows of one width."""
    sample = text[:20000].splitlines()[:60]
    best, best_score = ",", 0
    for delimiter in (",", ";", "\t"):
        widths = Counter(len(row) for row in csv.reader(sample, delimiter=delimiter))
        width, count = max(widths.items(), key=lambda item: (item[1] * item[0], item[0]),
                           default=(0, 0))
        score = width * count if width > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvReader(WorkbookReader):
    """A comma, semicolon or tab separated text file; one sheet named after the file."""

    def __init__(self, path: Path, budget: ReadBudget):
        self.path = path
        self.budget = budget
        self.sheet_names = [path.stem]

    def sheet(self, name: str) -> SheetSource:
        """The file's records, bounded as they are split; the charset used is kept for the report."""
        text, charset = decode_csv_bytes(_read_bytes(self.path))
        lines = min(text.count("\n") + 1, self.budget.limits.max_rows)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
        return SheetSource(name, self._rows(reader), [], lines, charset)

    def _rows(self, reader) -> Iterator[Row]:
        records = (([v if v.strip() else None for v in row], None) for row in reader)
        try:
            yield from bounded_rows(numbered(records), self.budget)
        except csv.Error as exc:  # a field longer than the csv module's own limit (128 KB)
            raise self.budget.cell_too_long(csv.field_size_limit()) from exc


def _open_for_reading(path: Path):
    """The file opened for reading; a folder gone or a permission refused gets its sentence."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise unreadable(path, exc) from exc


def _read_bytes(path: Path) -> bytes:
    with _open_for_reading(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise unreadable(path, exc) from exc


def unreadable(path: Path, exc: OSError) -> ImportFileError:
    """The sentence for a file that cannot be read from disk, by the reason the system gave."""
    if isinstance(exc, PermissionError):
        reason = ("không có quyền đọc tệp (tệp đang bị chương trình khác khoá hoặc thư mục "
                  "bị giới hạn quyền); hãy đóng chương trình đang mở tệp rồi nhập lại.")
    elif isinstance(exc, FileNotFoundError):
        reason = ("tệp hoặc thư mục chứa tệp không còn nữa (đã bị xoá, đổi tên hoặc rút "
                  "USB ra) trong lúc đọc; không có gì được nhập.")
    else:
        reason = (f"không đọc được tệp từ ổ đĩa ({exc.strerror or exc}); hãy chép tệp vào máy "
                  "rồi nhập lại.")
    error = ImportFileError(path, UNREADABLE, reason)
    error.__cause__ = exc
    return error


@contextmanager
def open_workbook(path: str | Path, kind: str,
                  limits: Limits = DEFAULT_LIMITS) -> Iterator[WorkbookReader]:
    """A reader for `path` of the `kind` that safety.check_file returned; closed on exit."""
    path = Path(path)
    budget = ReadBudget(path, limits)
    reader: WorkbookReader
    if kind == "xlsx":
        reader = XlsxReader(path, budget)
    elif kind in ("xls", "ods", "xlsb"):
        reader = CalamineReader(path, budget, kind)
    else:
        reader = CsvReader(path, budget)
    try:
        yield reader
    finally:
        reader.close()
