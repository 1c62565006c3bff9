"""Rows read under limits: every reader's rows pass through `bounded_rows` before they are kept.

The readers hand over rows sparsely, as (row number, values, fonts); this module
  - trims each row's trailing empty cells and the sheet's trailing empty rows
    as they stream by (a row 16,384 cells wide with one value at XFD is never
    kept at that width: it is refused for its column, or trimmed if empty);
  - counts rows, columns, cells and text against `Limits` and stops at the
    first one over, with a sentence naming the limit and where it was met;
  - checks the wall clock and the process's memory now and then (hard caps
    per file; the memory check is skipped where the platform cannot tell).
Nothing outside the limits is ever materialised by this module.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from thidua_desktop.importer.errors import TOO_BIG, ImportFileError
from thidua_desktop.importer.safety import MB, Limits

IndexedRow = tuple[int, list, list | None]  # 1-based row number, values, fonts
_CLOCK_EVERY = 256  # rows between two looks at the clock and the memory


def _n(value: int) -> str:
    """A count written the Vietnamese way: 50.000."""
    return f"{value:,}".replace(",", ".")


def column_letters(index: int) -> str:
    """Spreadsheet letters of a 0-based column: 0 -> A, 16383 -> XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def current_memory() -> int | None:
    """Resident memory of this process in bytes, or None where the platform cannot say cheaply."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/statm", "rb") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    if sys.platform == "win32":
        return _windows_memory()
    return None


def _windows_memory() -> int | None:  # pragma: no cover - exercised on Windows only
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                    ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaNonPagedPoolUsage", ctypes.c_size_t), ("PagefileUsage", ctypes.c_size_t),
                    ("PeakPagefileUsage", ctypes.c_size_t)]

    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    try:
        process = ctypes.windll.kernel32.GetCurrentProcess()
        if ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):
            return int(counters.WorkingSetSize)
    except (AttributeError, OSError):
        return None
    return None


class ReadBudget:
    """What one file may still cost: cells, text, time and memory, shared by all its sheets."""

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        self.cells = 0
        self.text_chars = 0
        self.started = time.monotonic()
        self.memory_at_start = current_memory()

    def fail(self, reason: str) -> ImportFileError:
        """The refusal for a limit met while reading."""
        return ImportFileError(self.path, TOO_BIG, reason)

    def seconds_left(self) -> float:
        """Wall-clock time this file may still take."""
        return self.limits.max_seconds - (time.monotonic() - self.started)

    def check_clock(self) -> None:
        """Raises when the file has taken too long or made the process grow too much."""
        if self.seconds_left() < 0:
            raise self.fail(f"đọc tệp mất quá {self.limits.max_seconds:.0f} giây, tệp quá lớn "
                            "hoặc có cấu trúc bất thường; hãy chia nhỏ danh sách rồi nhập lại.")
        if self.memory_at_start is not None:
            now = current_memory()
            if now is not None and now - self.memory_at_start > self.limits.max_memory_bytes:
                raise self.memory_error()

    def memory_error(self) -> ImportFileError:
        """The refusal for a file that needs more memory than allowed."""
        return self.fail(f"đọc tệp cần quá {self.limits.max_memory_bytes // MB} MB bộ nhớ; tệp "
                         "có cấu trúc bất thường (có thể là tệp độc hại), không mở.")

    def too_wide(self, row: int, width: int) -> ImportFileError:
        """The refusal for a value past the last column allowed."""
        return self.fail(f"dòng {_n(row)} có dữ liệu ở cột {column_letters(width - 1)} (cột thứ "
                         f"{_n(width)}), vượt giới hạn {self.limits.max_columns} cột; hãy xoá các "
                         "cột thừa bên phải rồi nhập lại.")

    def too_many_strings(self) -> ImportFileError:
        """The refusal for a shared-strings table longer than the cells allowed."""
        return self.fail(f"bảng chữ dùng chung của tệp có hơn {_n(self.limits.max_cells)} chuỗi, "
                         "vượt giới hạn; có thể là tệp độc hại, không mở.")

    def too_much_text(self) -> ImportFileError:
        """The refusal for more text in the file than allowed."""
        return self.fail(f"tệp chứa hơn {_n(self.limits.max_text_chars)} ký tự chữ, vượt giới hạn; "
                         "hãy chia nhỏ danh sách rồi nhập lại.")

    def cell_too_long(self, length: int, where: str = "") -> ImportFileError:
        """The refusal for one cell longer than allowed; `where` is its address when known."""
        cell = f"ô {where}" if where else "một ô"
        return self.fail(f"{cell} dài {_n(length)} ký tự, vượt giới hạn "
                         f"{_n(self.limits.max_cell_chars)} ký tự của một ô; không nhập.")

    def check_cell_text(self, text: str, row: int, col: int) -> None:
        """One cell's text against the per-cell limit (also used before rows are built)."""
        if len(text) > self.limits.max_cell_chars:
            raise self.cell_too_long(len(text), f"{column_letters(col)}{row}")


def _trimmed(values: list, fonts: list | None) -> tuple[list, list | None]:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    if end == len(values):
        return values, fonts
    return values[:end], (fonts[:end] if fonts else fonts)


def bounded_rows(indexed: Iterable[IndexedRow], budget: ReadBudget) -> Iterator[tuple[list, list | None]]:
    """Rows 1, 2, 3... (gaps filled with empty rows) within the limits; trailing empties dropped.

    Empty rows are only counted while pending, so a stray empty cell at row
    1,048,576 costs nothing; a row with data past `max_rows` is refused.
    """
    limits = budget.limits
    emitted = 0  # rows handed over so far
    seen = 0
    for number, raw_values, raw_fonts in indexed:
        seen += 1
        if seen % _CLOCK_EVERY == 0:
            budget.check_clock()
        values, fonts = _trimmed(list(raw_values), raw_fonts)
        if not values:
            continue
        if number > limits.max_rows:
            raise budget.fail(f"có dữ liệu ở dòng {_n(number)}, vượt giới hạn {_n(limits.max_rows)} "
                              "dòng của một danh sách; hãy chia nhỏ tệp rồi nhập lại.")
        if len(values) > limits.max_columns:
            raise budget.too_wide(number, len(values))
        for col, value in enumerate(values):
            if type(value) is str:
                budget.check_cell_text(value, number, col)
                budget.text_chars += len(value)
        budget.cells += len(values)
        if budget.cells > limits.max_cells:
            raise budget.fail(f"tệp có hơn {_n(limits.max_cells)} ô dữ liệu, vượt giới hạn; "
                              "hãy chia nhỏ danh sách rồi nhập lại.")
        if budget.text_chars > limits.max_text_chars:
            raise budget.too_much_text()
        while emitted < number - 1:  # the empty rows before this one, now known not to trail
            emitted += 1
            yield [], None
        emitted += 1
        yield values, fonts
    budget.check_clock()


def numbered(rows: Iterable[tuple[list, list | None]]) -> Iterator[IndexedRow]:
    """Sequential rows (CSV, calamine) numbered from 1 for `bounded_rows`."""
    for number, (values, fonts) in enumerate(rows, start=1):
        yield number, values, fonts
