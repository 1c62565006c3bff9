"""The roster parser: a commune's workbook in, clean rows with their warnings and errors out.

    roster = parse_roster("xa_tan_loi.xlsx")
    roster.people[0].name, roster.people[0].errors

Nothing is written anywhere: the caller shows the preview and stores what the
user confirms. A file that cannot be read raises `ImportFileError`; a cancel
raises `ImportCancelled`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from thidua_desktop.importer import column_check
from thidua_desktop.importer.errors import EMPTY, NO_HEADER, ImportCancelled, ImportFileError
from thidua_desktop.importer.header_detect import (
    FIELD_LABELS,
    FIELDS,
    HeaderInfo,
    header_candidates,
)
from thidua_desktop.importer.model import ParsedRoster
from thidua_desktop.importer.readers import SheetSource, WorkbookReader, open_workbook
from thidua_desktop.importer.row_builder import RosterBuilder
from thidua_desktop.importer.safety import DEFAULT_LIMITS, Limits, check_file
from thidua_desktop.importer.sheet_text import best_effort_text, header_reading

HEADER_SCAN_ROWS = 30
_PROGRESS_EVERY = 250
Progress = Callable[[int, int | None], None]


def parse_roster(path: str | Path, mapping: dict[str, int] | None = None,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                 *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS,
                 headless_ok: bool = False) -> ParsedRoster:
    """Read a roster workbook (.xlsx, .xls, .ods, .csv) into people with warnings and errors.

    `mapping` (field -> 0-based column) replaces the guessed one; `sheet` names
    the sheet to read (default: the one that best holds people); `progress(done,
    total)` is called now and then; `cancel()` returning True stops the reading
    with ImportCancelled. Raises ImportFileError for a file that cannot be read.
    A sheet without a header raises ImportFileError (NO_HEADER) unless a
    `mapping` is given or `headless_ok`: then it is read with columns guessed
    from their content (`ParsedRoster.headless`) and the caller asks the
    officer to check the mapping before landing it.
    """
    path = Path(path)
    kind = check_file(path, limits)
    with open_workbook(path, kind, limits) as book:
        choice = _choose_sheet(path, book, sheet)
        if choice.headless and mapping is None and not headless_ok:
            _close(choice)
            raise ImportFileError(path, NO_HEADER, NO_HEADER_REASON)
        header = choice.header
        if mapping is not None:
            header.mapping = _checked_mapping(path, mapping)
            header.warnings = [w for w in header.warnings if not w.startswith(_SHIFT_WORDS)]
            if choice.headless:
                header.row, header.height = _first_data_row(choice.texts, header.mapping), 0
        rows = _read_rows(choice.source, choice.head, header, progress, cancel)
    roster = RosterBuilder(path, choice.source, choice.head, header, rows).build()
    roster.sheets = list(book.sheet_names)
    roster.headless = choice.headless
    if choice.headless:
        roster.shape_key = choice.shape_key
        roster.mapping_source = "given" if mapping is not None else "guessed"
        if mapping is None:
            roster.warnings.insert(0, HEADLESS_WARNING)
    roster.warnings[:0] = header.warnings
    return roster


NO_HEADER_REASON = (
    f"không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu (cần cột «Họ và tên» và "
    "các cột như «Năm sinh», «Dân tộc», «Chức vụ»). Hãy mở tệp trong cửa sổ Nhập danh sách để "
    "ghép cột bằng tay, hoặc chỉ rõ cột khi nhập: --columns name=B,sex=C,birth=D.")
HEADLESS_WARNING = ("Không tìm thấy dòng tiêu đề cột; các cột được đoán theo nội dung. "
                    "Hãy kiểm tra phần ghép cột trước khi nhập.")
_SHIFT_WORDS = ("Tiêu đề cột lệch", "Cột «")


@dataclass
class _SheetChoice:
    source: SheetSource
    head: list
    texts: list[list[str]]
    header: HeaderInfo
    score: float
    headless: bool = False
    shape_key: str | None = None


def _judge(source: SheetSource, head: list, texts: list[list[str]]) -> _SheetChoice | None:
    """The sheet's best header, scored by its labels and by what its columns hold."""
    width = max((len(r) for r in texts), default=0)
    best: _SheetChoice | None = None
    readings: dict[int, list[list[str]]] = {}
    for header in header_candidates(texts, source.merges)[:3]:
        # data read as its own characters suggest (a TCVN3 name must look like a name)
        sample = readings.setdefault(header.data_start, [
            [best_effort_text(v) for v in values] for values, _ in head[header.data_start:]])
        header.warnings = []
        moved = column_check.shifted(sample, header.mapping, width)
        if moved is not None:
            header.mapping = moved
            header.warnings.append("Tiêu đề cột lệch một cột so với dữ liệu (ví dụ cột họ tên "
                                   "chứa chức vụ); đã ghép theo dữ liệu, hãy kiểm tra.")
        for key in column_check.misfits(sample, header.mapping):
            label = header.labels[header.mapping[key]] or FIELD_LABELS[key]
            header.warnings.append(f"Cột «{label}» ({FIELD_LABELS[key]}) phần lớn không chứa "
                                   "dữ liệu đúng loại; hãy kiểm tra cách ghép cột.")
        fit = column_check.mapping_fit(sample, header.mapping)
        header.score = len(header.mapping) * (0.4 + 0.6 * fit)
        if best is None or header.score > best.score:
            best = _SheetChoice(source, head, texts, header, header.score)
    return best


def _headless(source: SheetSource, head: list, texts: list[list[str]]) -> _SheetChoice:
    """A sheet without a header: generic columns, a mapping guessed from the content."""
    width = max((len(r) for r in texts), default=0)
    mapping = column_check.guess_by_content(texts, width)
    first = _first_data_row(texts, mapping)
    labels = [column_letter(c) for c in range(width)]
    header = HeaderInfo(first, 0, labels, mapping)
    kinds = [column_check.column_kinds(texts[first:], c).most_common(1) for c in range(width)]
    shape = f"#{width}:" + ",".join(k[0][0] if k else "-" for k in kinds)
    filled = sum(1 for r in texts if sum(1 for t in r if t) >= 2)
    return _SheetChoice(source, head, texts, header, 0.1 * filled / HEADER_SCAN_ROWS, True, shape)


def _first_data_row(texts: list[list[str]], mapping: dict[str, int]) -> int:
    """The first row of a headless sheet that holds a name (or anything, without a name column)."""
    col = mapping.get("name")
    for index, row in enumerate(texts):
        if col is None and sum(1 for t in row if t) >= 2:
            return index
        if col is not None and col < len(row) and column_check.cell_kind(row[col]) == "name" \
                and sum(1 for t in row if t) >= 2:  # a lone cell is the title above the list
            return index
    return 0


def column_letter(col: int) -> str:
    """0 -> "A", 27 -> "AB"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _choose_sheet(path: Path, book: WorkbookReader, wanted: str | None) -> _SheetChoice:
    """The sheet asked for, else the one whose header and columns best hold people."""
    if wanted is not None and wanted not in book.sheet_names:
        raise ImportFileError(path, NO_HEADER, f"tệp không có trang «{wanted}».")
    best: _SheetChoice | None = None
    fallback: _SheetChoice | None = None
    seen_data = False
    for name in [wanted] if wanted else book.sheet_names:
        source = book.sheet(name)
        head = list(islice(source.rows, HEADER_SCAN_ROWS))
        texts = [header_reading(values) for values, _ in head]
        seen_data = seen_data or any(any(row) for row in texts)
        judged = _judge(source, head, texts)
        if judged is not None and (best is None or judged.score > best.score):
            _close(best)
            best = judged
            continue
        if judged is None and sum(1 for row in texts if any(row)) >= 2:  # one line is no list
            candidate = _headless(source, head, texts)
            if fallback is None or candidate.score > fallback.score:
                _close(fallback)
                fallback = candidate
                continue
        if source is not getattr(best, "source", None):
            getattr(source.rows, "close", lambda: None)()
    if best is not None:
        _close(fallback)
        return best
    if fallback is None and seen_data:
        raise ImportFileError(path, NO_HEADER, NO_HEADER_REASON)
    if fallback is None:
        later = _first_nonempty_row(book, wanted)
        if later:  # not "no data": the list starts too far down for the header search
            raise ImportFileError(path, NO_HEADER, f"dữ liệu chỉ bắt đầu từ dòng {later}, còn tiêu "
                                  f"đề cột phải nằm trong {HEADER_SCAN_ROWS} dòng đầu; hãy xoá các "
                                  "dòng trống phía trên danh sách rồi nhập lại.")
        raise ImportFileError(path, EMPTY, "bảng tính không có dữ liệu nào.")
    return fallback


def _close(choice: _SheetChoice | None) -> None:
    if choice is not None:
        getattr(choice.source.rows, "close", lambda: None)()


def _first_nonempty_row(book: WorkbookReader, wanted: str | None) -> int | None:
    """The 1-based row of the first non-empty row of any sheet (rows are bounded by the reader)."""
    for name in [wanted] if wanted else book.sheet_names:
        for number, (values, _fonts) in enumerate(book.sheet(name).rows, start=1):
            if any(v not in (None, "") for v in values):
                return number
    return None


def _checked_mapping(path: Path, mapping: dict[str, int]) -> dict[str, int]:
    unknown = [k for k in mapping if k not in FIELDS]
    has_name = "name" in mapping or {"family_name", "given_name"} <= set(mapping)
    if unknown or not has_name or any(int(c) < 0 for c in mapping.values()):
        raise ImportFileError(path, NO_HEADER, "cách ghép cột không hợp lệ: cần chọn cột «Họ và tên».")
    return {k: int(c) for k, c in mapping.items()}


def _read_rows(source: SheetSource, head: list, header: HeaderInfo,
               progress: Progress | None, cancel: Callable[[], bool] | None) -> list:
    """All rows below the header as (row number, values, fonts), cut to the mapped width."""
    width = max(len(header.labels), max(header.mapping.values(), default=0) + 1)
    rows = []
    start = header.data_start
    for index, (values, fonts) in enumerate(chain(head[start:], source.rows), start=start + 1):
        if len(values) > width:
            values = values[:width]
            fonts = fonts[:width] if fonts else fonts
        rows.append((index, values, fonts))
        if index % _PROGRESS_EVERY == 0:
            if cancel is not None and cancel():
                getattr(source.rows, "close", lambda: None)()
                raise ImportCancelled()
            if progress is not None:
                progress(index, source.row_estimate)
    if progress is not None:
        progress(len(rows) + start, len(rows) + start)
    return rows
