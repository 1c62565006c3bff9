"""The roster parser: a commune's workbook in, clean rows with their warnings and errors out.

    roster = parse_roster("xa_tan_loi.xlsx")
    roster.people[0].name, roster.people[0].errors

Nothing is written anywhere: the caller shows the preview and stores what the
user confirms. A file that cannot be read raises `ImportFileError`; a cancel
raises `ImportCancelled`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain, islice
from pathlib import Path

from thidua_desktop.importer.errors import EMPTY, NO_HEADER, ImportCancelled, ImportFileError
from thidua_desktop.importer.header_detect import FIELDS, HeaderInfo, find_header
from thidua_desktop.importer.model import ParsedRoster
from thidua_desktop.importer.readers import SheetSource, WorkbookReader, open_workbook
from thidua_desktop.importer.row_builder import RosterBuilder
from thidua_desktop.importer.safety import DEFAULT_LIMITS, Limits, check_file
from thidua_desktop.importer.sheet_text import header_reading

HEADER_SCAN_ROWS = 30
_PROGRESS_EVERY = 250
Progress = Callable[[int, int | None], None]


def parse_roster(path: str | Path, mapping: dict[str, int] | None = None,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                 *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> ParsedRoster:
    """Read a roster workbook (.xlsx, .xls, .ods, .csv) into people with warnings and errors.

    `mapping` (field -> 0-based column) replaces the guessed one; `progress(done,
    total)` is called now and then; `cancel()` returning True stops the reading
    with ImportCancelled. Raises ImportFileError for a file that cannot be read.
    """
    path = Path(path)
    kind = check_file(path, limits)
    with open_workbook(path, kind, limits) as book:
        source, head, header = _find_sheet(path, book, sheet)
        if mapping is not None:
            header.mapping = _checked_mapping(path, mapping)
        rows = _read_rows(source, head, header, progress, cancel)
    return RosterBuilder(path, source, head, header, rows).build()


def _find_sheet(path: Path, book: WorkbookReader, wanted: str | None):
    """The first sheet (or the one asked for) with a recognisable header."""
    seen_data = False
    for name in [wanted] if wanted else book.sheet_names:
        source = book.sheet(name)
        head = list(islice(source.rows, HEADER_SCAN_ROWS))
        texts = [header_reading(values) for values, _ in head]
        seen_data = seen_data or any(any(row) for row in texts)
        header = find_header(texts, source.merges)
        if header is not None:
            return source, head, header
        getattr(source.rows, "close", lambda: None)()
    if not seen_data:
        later = _first_data_row(book, wanted)
        if later:  # not "no data": the list starts too far down for the header search
            raise ImportFileError(path, NO_HEADER, f"dữ liệu chỉ bắt đầu từ dòng {later}, còn tiêu "
                                  f"đề cột phải nằm trong {HEADER_SCAN_ROWS} dòng đầu; hãy xoá các "
                                  "dòng trống phía trên danh sách rồi nhập lại.")
        raise ImportFileError(path, EMPTY, "bảng tính không có dữ liệu nào.")
    raise ImportFileError(path, NO_HEADER, "không tìm thấy dòng tiêu đề cột. Danh sách cần có cột "
                          "«Họ và tên» và các cột như «Năm sinh», «Dân tộc», «Chức vụ» "
                          f"trong {HEADER_SCAN_ROWS} dòng đầu.")


def _first_data_row(book: WorkbookReader, wanted: str | None) -> int | None:
    """The 1-based row of the first non-empty row of any sheet (rows are bounded by the reader)."""
    for name in [wanted] if wanted else book.sheet_names:
        for number, (values, _fonts) in enumerate(book.sheet(name).rows, start=1):
            if any(v not in (None, "") for v in values):
                return number
    return None


def _checked_mapping(path: Path, mapping: dict[str, int]) -> dict[str, int]:
    unknown = [k for k in mapping if k not in FIELDS]
    if unknown or "name" not in mapping or any(int(c) < 0 for c in mapping.values()):
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
