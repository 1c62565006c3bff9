"""Checks before a file is opened: size, kind from its bytes, zip bombs, passwords.

`check_file` looks at the bytes, never at the extension alone, and returns the
kind of reader to use ("xlsx", "xls", "ods", "xlsb", "csv"), or raises an
`ImportFileError` whose Vietnamese message names the file and the reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from thidua_desktop.importer import cfb
from thidua_desktop.importer.errors import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    NOT_FOUND,
    NOT_SPREADSHEET,
    TOO_LARGE,
    ZIP_BOMB,
    ImportFileError,
)

MB = 1024 * 1024
_SAVE_AS_XLSX = "hãy mở tệp bằng Excel và lưu lại dạng .xlsx rồi nhập lại."


@dataclass(frozen=True)
class Limits:
    """How big a roster file may be; generous for 300 people, tight for a bomb."""

    max_file_bytes: int = 50 * MB
    max_unpacked_bytes: int = 300 * MB  # all members of an .xlsx together
    max_member_ratio: int = 200  # uncompressed / compressed, for members over 1 MB
    max_members: int = 5000
    # Checked while the rows are read (importer/bounded.py), before anything is kept:
    max_rows: int = 50_000  # the last row holding data, counted from the sheet's top
    max_columns: int = 200  # the last column holding data (a roster has a dozen or two)
    max_cells: int = 2_000_000  # rows x used width, all sheets read together
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_text_chars: int = 50_000_000  # all text read from the file together
    max_seconds: float = 60.0  # reading one file, wall clock
    max_memory_bytes: int = 1024 * MB  # growth of the process (or the reading child) per file


DEFAULT_LIMITS = Limits()


def _fail(path: Path, kind: str, reason: str) -> ImportFileError:
    return ImportFileError(path, kind, reason)


def check_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The reader kind for `path`, after the safety checks; raises ImportFileError."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path, NOT_FOUND, "không tìm thấy tệp (đã bị xoá, đổi tên hoặc là thư mục).")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, EMPTY, "tệp rỗng (0 byte), không có dữ liệu nào.")
    if size > limits.max_file_bytes:
        raise _fail(path, TOO_LARGE, f"tệp quá lớn ({size / MB:.0f} MB); "
                    f"danh sách đại biểu chỉ được tối đa {limits.max_file_bytes // MB} MB.")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_zip(path, limits)
    if head.startswith(cfb.MAGIC):
        return _check_ole(path)
    return _check_text(path, head)


def _check_zip(path: Path, limits: Limits) -> str:
    """An Office Open XML or OpenDocument package: bombs first, then what it holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    # A member name flagged UTF-8 that is not raises UnicodeDecodeError inside zipfile.
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, UnicodeDecodeError) as exc:
        raise _fail(path, CORRUPT, "tệp bị hỏng, không giải nén được "
                    "(có thể chép chưa hết hoặc tải về bị lỗi).") from exc
    if len(infos) > limits.max_members:
        raise _fail(path, ZIP_BOMB, f"tệp chứa quá nhiều thành phần ({len(infos)}), "
                    "có thể là tệp độc hại; không mở.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > limits.max_member_ratio:
            raise _fail(path, ZIP_BOMB, f"tệp nén bất thường: thành phần «{info.filename}» "
                        f"bung ra {info.file_size / MB:.0f} MB (gấp {ratio:.0f} lần), "
                        "có thể là tệp độc hại; không mở.")
    if total > limits.max_unpacked_bytes:
        raise _fail(path, ZIP_BOMB, f"tệp bung ra tới {total / MB:.0f} MB, vượt giới hạn "
                    f"{limits.max_unpacked_bytes // MB} MB; có thể là tệp độc hại, không mở.")
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if "word/document.xml" in names:
        raise _fail(path, NOT_SPREADSHEET, "đây là văn bản Word, không phải bảng tính Excel.")
    if "ppt/presentation.xml" in names:
        raise _fail(path, NOT_SPREADSHEET, "đây là tệp PowerPoint, không phải bảng tính Excel.")
    raise _fail(path, NOT_SPREADSHEET, "đây là tệp nén (zip), không phải bảng tính Excel.")


def _check_ole(path: Path) -> str:
    """An OLE compound file: an old .xls, or an Office file locked with a password."""
    try:
        names = set(cfb.stream_names(path.read_bytes()))
    except (cfb.CfbError, OSError) as exc:
        raise _fail(path, CORRUPT, "tệp Excel cũ (.xls) bị hỏng, không đọc được.") from exc
    if {"EncryptedPackage", "EncryptionInfo"} & names:
        raise _fail(path, ENCRYPTED, "tệp được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu "
                    "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại và nhập lại.")
    if {"Workbook", "Book"} & names:
        return "xls"
    if "WordDocument" in names:
        raise _fail(path, NOT_SPREADSHEET, "đây là văn bản Word (.doc), không phải bảng tính Excel.")
    raise _fail(path, NOT_SPREADSHEET, "tệp Office này không chứa bảng tính Excel.")


def _check_text(path: Path, head: bytes) -> str:
    """Anything else must be text: a CSV. HTML or XML saved with an Excel name is refused."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in sample:
        raise _fail(path, NOT_SPREADSHEET, "đây là trang web (HTML) mang đuôi Excel, không phải "
                    "bảng tính thật; " + _SAVE_AS_XLSX)
    if sample.startswith(b"<?xml"):
        raise _fail(path, NOT_SPREADSHEET, "đây là tệp XML (có thể là bảng tính Excel 2003 "
                    "dạng XML), không đọc trực tiếp được; " + _SAVE_AS_XLSX)
    if head.startswith(b"%PDF"):
        raise _fail(path, NOT_SPREADSHEET, "đây là tệp PDF, không phải bảng tính; cần tệp Excel gốc.")
    zeros = head.count(0)
    if zeros and zeros * 3 >= len(head):  # UTF-16 text without its byte order mark
        return "csv"
    # A stray NUL or ESC in a text file is cleaned row by row (domain/safe_text); many of
    # them mean binary data.
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > max(len(head) // 100, 4):
        raise _fail(path, NOT_SPREADSHEET, "không phải bảng tính (chỉ nhận Excel .xlsx, .xls "
                    "hoặc tệp .csv).")
    return "csv"
