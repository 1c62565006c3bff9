"""Every kind of file that cannot be imported gets a Vietnamese message naming it and the reason."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.importer import ImportFileError, Limits, parse_roster
from thidua_desktop.importer import readers as readers_module
from thidua_desktop.importer.safety import check_file

BAD = Path(__file__).resolve().parents[2] / "tests" / "data" / "rosters" / "bad"
GOOD = BAD.parent / "xa_tan_hung_one_row.xlsx"


def _error(path: Path, **kwargs) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        parse_roster(path, **kwargs)
    error = info.value
    assert isinstance(error, UserError) and error.exit_code == 2
    assert error.message.startswith(f"Không nhập được tệp «{path.name}»: ")
    return error


@pytest.mark.parametrize("name, kind, words", [
    ("empty.xlsx", "empty", "tệp rỗng"),
    ("blank_sheet.xlsx", "empty", "không có dữ liệu"),
    ("truncated.xlsx", "corrupt", "bị hỏng"),
    ("broken_xml.xlsx", "corrupt", "bị hỏng"),
    ("word_renamed.xlsx", "not_spreadsheet", "văn bản Word"),
    ("web_page.xls", "not_spreadsheet", "trang web (HTML)"),
    ("report.xlsx", "not_spreadsheet", "tệp PDF"),
    ("random.xlsx", "not_spreadsheet", "không phải bảng tính"),
    ("password.xlsx", "encrypted", "đặt mật khẩu"),
    ("zip_bomb.xlsx", "zip_bomb", "có thể là tệp độc hại"),
    ("no_header.xlsx", "no_header", "không tìm thấy dòng tiêu đề cột"),
])
def test_bad_file_message(name: str, kind: str, words: str) -> None:
    error = _error(BAD / name)
    assert error.kind == kind
    assert words in error.reason


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "khong_co.xlsx").kind == "not_found"


def test_huge_file_is_refused_before_opening() -> None:
    error = _error(GOOD, limits=Limits(max_file_bytes=1024))
    assert error.kind == "too_large" and "quá lớn" in error.reason


def test_unpacked_size_limit(tmp_path: Path) -> None:
    error = _error(GOOD, limits=Limits(max_unpacked_bytes=1000))
    assert error.kind == "zip_bomb" and "vượt giới hạn" in error.reason


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(30):
            archive.writestr(f"xl/part{i}.xml", "<a/>")
    error = _error(path, limits=Limits(max_members=20))
    assert error.kind == "zip_bomb" and "quá nhiều thành phần" in error.reason


def test_zip_bomb_is_caught_before_openpyxl_sees_it(monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(readers_module, "XlsxReader", explode)
    assert _error(BAD / "zip_bomb.xlsx").kind == "zip_bomb"


def test_old_xls_with_password(tmp_path: Path, monkeypatch) -> None:
    import python_calamine

    def locked(path):
        raise python_calamine.PasswordError("Workbook is password protected")

    from thidua_desktop.importer import calamine_child
    from thidua_desktop.importer.safety import DEFAULT_LIMITS

    # the child process's own reading, run here so that the patch applies
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", locked)
    with pytest.raises(ImportFileError) as info:
        calamine_child._read(GOOD, DEFAULT_LIMITS)
    assert info.value.kind == "encrypted" and "mật khẩu" in info.value.reason


def test_damaged_xls(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    error = _error(path)
    assert error.kind == "corrupt" and "(.xls) bị hỏng" in error.reason


def test_xls_stream_goes_to_calamine_and_garbage_is_corrupt(tmp_path: Path) -> None:
    sys.path.insert(0, str(BAD.parents[1]))
    from make_rosters import _cfb

    path = tmp_path / "hong.xls"
    path.write_bytes(_cfb({"Workbook": b"\x09\x08" + b"\0" * 5000}))
    assert check_file(path) == "xls"
    assert _error(path).kind == "corrupt"


def test_word_97_document(tmp_path: Path) -> None:
    sys.path.insert(0, str(BAD.parents[1]))
    from make_rosters import _cfb

    path = tmp_path / "van_ban.xls"
    path.write_bytes(_cfb({"WordDocument": b"\0" * 4096}))
    error = _error(path)
    assert error.kind == "not_spreadsheet" and "Word (.doc)" in error.reason


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert _error(tmp_path).kind == "not_found"


def test_importer_never_imports_qt() -> None:
    code = (
        "import sys\n"
        "from thidua_desktop.importer import parse_roster\n"
        f"parse_roster({str(GOOD)!r})\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
