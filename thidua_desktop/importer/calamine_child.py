"""python-calamine (.xls, .ods, .xlsb) run in a child process, under a memory and a time cap.

Calamine is native code: it builds a sheet's whole grid before Python sees a
row, and when an allocation fails (a 1 KB .ods repeating a row a million times
and a cell 16,384 times) Rust aborts the process; no Python handler can catch
that, and in the window the officer would lose the program. So the reading
happens in a child process (this Python with `-m`, or the frozen program
started again with `CHILD_FLAG`; the same on Windows and Linux):
  - on POSIX the child's address space is capped (RLIMIT_AS) at its size at
    start plus `Limits.max_memory_bytes`; on Windows a child that grows is
    ended by the time cap;
  - the parent waits at most `Limits.max_seconds`, then ends the child;
  - the child passes every sheet through `bounded_rows` and sends back only
    bounded rows, so what crosses the pipe is within the limits too.
A child that dies, runs out of memory or time gives the file a sentence; the
window and the database are untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from thidua_desktop.importer.bounded import ReadBudget, bounded_rows
from thidua_desktop.importer.errors import CORRUPT, ENCRYPTED, ImportFileError
from thidua_desktop.importer.safety import Limits

_DAMAGED = ("tệp bị hỏng hoặc không đúng định dạng bảng tính, Excel có thể sửa được: mở tệp, "
            "lưu lại rồi nhập lại.")
_PASSWORD = ("tệp được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu rồi lưu lại và nhập lại.")
_STOPPERS = (KeyboardInterrupt, SystemExit, GeneratorExit)


@dataclass
class CalamineBook:
    """What the child read: sheet names (visible first) and each sheet's bounded rows and merges."""

    sheet_names: list[str]
    sheets: dict[str, tuple[list, list]]


def _cap_memory(extra: int) -> None:
    """Caps this (child) process's address space at its present size plus `extra` (POSIX only)."""
    try:
        import os
        import resource
    except ImportError:  # Windows: the time cap ends a child that grows
        return
    try:
        with open("/proc/self/statm", "rb") as handle:
            now = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        now = 512 << 20
    limit = now + extra
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read(path: Path, limits: Limits) -> CalamineBook:
    """The reading itself (in the child): every worksheet through `bounded_rows`."""
    import python_calamine as pc

    budget = ReadBudget(path, limits)
    budget.memory_at_start = None  # the address-space cap does this job in the child
    try:
        with path.open("rb") as handle:
            # from the bytes, not the name: calamine picks its format by extension otherwise
            wb = pc.CalamineWorkbook.from_filelike(handle)
        metas = [m for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        visible = pc.SheetVisibleEnum.Visible
        names = [m.name for m in sorted(metas, key=lambda m: m.visible != visible)]
        sheets = {}
        for name in names:
            sheet = wb.get_sheet_by_name(name)
            first_row, first_col = sheet.start or (0, 0)
            pad = [None] * first_col
            raw = ((first_row + i + 1, pad + [None if v == "" else v for v in row], None)
                   for i, row in enumerate(sheet.iter_rows()))
            rows = list(bounded_rows(raw, budget))
            merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            sheets[name] = (rows, merges)
        wb.close()
    except ImportFileError:
        raise
    except OSError as exc:
        from thidua_desktop.importer.readers import unreadable

        raise unreadable(path, exc) from exc
    except pc.PasswordError as exc:
        raise ImportFileError(path, ENCRYPTED, _PASSWORD) from exc
    except MemoryError as exc:
        raise budget.memory_error() from exc
    except _STOPPERS:
        raise
    except BaseException as exc:  # calamine panics (BaseException) on some damaged files
        raise ImportFileError(path, CORRUPT, _DAMAGED) from exc
    return CalamineBook(names, sheets)


CHILD_FLAG = "--read-workbook-child"  # the frozen program's own way to become the child


def child_command() -> list[str]:
    """How to start the child: this Python with the module, or the frozen program with a flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "thidua_desktop.importer.calamine_child"]


def child_main() -> int:
    """Entry of the child process: the request (JSON) on stdin, the answer (JSON) on stdout."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    limits = Limits(**request["limits"])
    _cap_memory(limits.max_memory_bytes)
    try:
        book = _read(Path(request["path"]), limits)
        answer: tuple = ("ok", book.sheet_names, book.sheets)  # plain data: __main__ here
    except ImportFileError as exc:
        answer = ("refused", exc.kind, exc.reason)
    except MemoryError:
        answer = ("memory",)
    sys.stdout.buffer.write(json.dumps(answer, default=_encode, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


def read_in_child(path: Path, limits: Limits) -> CalamineBook:
    """The workbook at `path` read by calamine in a child process; raises ImportFileError.

    A child process of its own (not multiprocessing): it does not re-run the
    parent's main script, and it needs nothing from the window.
    """
    budget = ReadBudget(path, limits)
    request = json.dumps({"path": str(path), "limits": asdict(limits)}).encode("utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    try:
        done = subprocess.run(child_command(), input=request, capture_output=True, env=env,
                              timeout=max(budget.seconds_left(), 1.0), check=False,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except subprocess.TimeoutExpired as exc:  # run() has ended the child
        raise budget.fail(f"đọc tệp mất quá {limits.max_seconds:.0f} giây, tệp quá lớn hoặc có "
                          "cấu trúc bất thường; hãy chia nhỏ danh sách rồi nhập lại.") from exc
    try:
        status, *payload = json.loads(done.stdout.decode("utf-8"), object_hook=_decode)
    except (ValueError, TypeError) as exc:  # no answer: the child died (an allocation over the cap aborts)
        raise _died(budget) from exc
    if status == "ok":
        names, sheets = payload
        return CalamineBook(names, {k: (rows, [tuple(m) for m in merges])
                                    for k, (rows, merges) in sheets.items()})
    if status == "memory":
        raise budget.memory_error()
    raise ImportFileError(path, payload[0], payload[1])


_KINDS = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
          "time": dt.time.fromisoformat, "timedelta": lambda s: dt.timedelta(seconds=float(s))}


def _encode(value):
    """Cell values JSON has no type for, tagged (calamine gives dates, times and durations)."""
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": str(value.total_seconds())}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"$": type(value).__name__, "v": value.isoformat()}
    raise TypeError(f"not a cell value: {type(value).__name__}")


def _decode(obj: dict):
    if obj.keys() == {"$", "v"} and obj["$"] in _KINDS:
        return _KINDS[obj["$"]](obj["v"])
    return obj


def _died(budget: ReadBudget) -> ImportFileError:
    """The sentence for a child that ended without an answer."""
    return budget.fail(f"trình đọc bảng tính dừng giữa chừng (tệp cần quá "
                       f"{budget.limits.max_memory_bytes >> 20} MB bộ nhớ hoặc bị hỏng nặng); có "
                       "thể là tệp độc hại, không mở. Chương trình và dữ liệu không bị ảnh hưởng.")


if __name__ == "__main__":
    raise SystemExit(child_main())
