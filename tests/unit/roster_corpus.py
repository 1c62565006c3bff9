"""Roster files shaped like what offices really send, made by the tests themselves.

Each pattern is a grid of cells (with merged ranges and extra sheets where the
pattern needs them) and the people a careful officer would land from it, field
by field. `write_xlsx` writes a pattern with openpyxl, `write_csv` as Excel
saves CSV (merged cells keep their value in the first cell only), and
`convert` turns .xlsx files into .xls / .ods with LibreOffice headless.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook


def who(name, sex=None, year=None, ethnicity="", position="", workplace="", kind="person",
        unit=None, note="", achievement="", warns=()):
    """One expected person; `warns` are fragments their warnings must contain."""
    return {"name": name, "sex": sex, "birth_year": year, "ethnicity": ethnicity,
            "position": position, "workplace": workplace, "kind": kind,
            "collective": name if kind == "collective" else "", "unit_hint": unit, "note": note,
            "achievement": achievement, "warns": list(warns)}


@dataclass
class Pattern:
    """A sheet layout and the people it holds."""

    name: str
    rows: list[list]
    people: list[dict]
    merges: list[str] = field(default_factory=list)  # "A1:A2"
    before: list[tuple[str, list[list]]] = field(default_factory=list)  # sheets before this one
    after: list[tuple[str, list[list]]] = field(default_factory=list)  # sheets after it
    file_warns: list[str] = field(default_factory=list)  # fragments the file's warnings hold
    csv: bool = True  # whether the pattern survives being saved as CSV
    headless: bool = False


TITLE = [["UBND XÃ TÂN LỢI"], ["DANH SÁCH CÁN BỘ, CÔNG CHỨC"], []]

PATTERNS = [
    # 1. Headers written by software: unaccented, joined, camel case.
    Pattern("software_headers", [
        ["stt", "hoTen", "gioitinh", "ngaysinh", "dantoc", "chucvu", "donVi"],
        [1, "Nguyễn Văn Hải", "Nam", "12/05/1980", "Kinh", "Chủ tịch", "UBND xã Tân Lợi"],
        [2, "Trần Thị Mai", "Nữ", "03/11/1988", "Tày", "Kế toán", "UBND xã Tân Lợi"],
        [3, "Lò Văn Páo", "Nam", "1975", "Thái", "Trưởng bản", "Bản Nà Sang"],
    ], [
        who("Nguyễn Văn Hải", "Nam", 1980, "Kinh", "Chủ tịch", "UBND xã Tân Lợi"),
        who("Trần Thị Mai", "Nữ", 1988, "Tày", "Kế toán", "UBND xã Tân Lợi"),
        who("Lò Văn Páo", "Nam", 1975, "Thái", "Trưởng bản", "Bản Nà Sang"),
    ]),
    # 2. Family name and given name in two columns (staff lists).
    Pattern("family_given", [*TITLE,
        ["STT", "Họ và tên đệm", "Tên", "Năm sinh", "Giới tính", "Chức vụ", "Phòng (Đơn Vị)"],
        [1, "Lê", "Dũng", 1979, "Nam", "Trưởng phòng", "Phòng Kế hoạch"],
        [2, "Phạm Thị Thu", "Hà", 1990, "Nữ", "Chuyên viên", "Phòng Kế hoạch"],
        [3, "Nguyễn Quang", "Vinh", 1985, "Nam", "Phó phòng", "Phòng Tài chính"],
    ], [
        who("Lê Dũng", "Nam", 1979, "", "Trưởng phòng", "Phòng Kế hoạch"),
        who("Phạm Thị Thu Hà", "Nữ", 1990, "", "Chuyên viên", "Phòng Kế hoạch"),
        who("Nguyễn Quang Vinh", "Nam", 1985, "", "Phó phòng", "Phòng Tài chính"),
    ], file_warns=["Dân tộc"]),
    # 3. Labels with the keyword inside; collectives and persons mixed by a TAPTHE/CANHAN column;
    #    an award proposal list: no birth year at all, honorifics and ranks before names.
    Pattern("award_proposal", [
        ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"], [],
        ["TT", "Tên tập thể/cá nhân/hộ gia đình", "TAPTHE/CANHAN", "Đơn vị/Vị trí công tác",
         "Hình thức khen thưởng"],
        [1, "Phòng Tư pháp", "TAPTHE", "UBND huyện", "Giấy khen"],
        [2, "Ông Nguyễn Văn Tám", "CANHAN", "Thôn Đông", "Giấy khen"],
        [3, "Đại tá Trần Quốc Toản", "CANHAN", "Ban Chỉ huy Quân sự", "Bằng khen"],
        [4, "Bà Lê Thị Hoa", "CANHAN", "Hội Phụ nữ", "Giấy khen"],
        [5, "Trường Tiểu học Kim Đồng", "TAPTHE", "Phòng Giáo dục", "Bằng khen"],
    ], [
        who("Phòng Tư pháp", kind="collective", workplace="UBND huyện", achievement="Giấy khen"),
        who("Nguyễn Văn Tám", "Nam", workplace="Thôn Đông", achievement="Giấy khen"),
        who("Trần Quốc Toản", position="Đại tá", workplace="Ban Chỉ huy Quân sự",
            achievement="Bằng khen"),
        who("Lê Thị Hoa", "Nữ", workplace="Hội Phụ nữ", achievement="Giấy khen"),
        who("Trường Tiểu học Kim Đồng", kind="collective", workplace="Phòng Giáo dục",
            achievement="Bằng khen"),
    ], file_warns=["Không thấy cột năm sinh"]),
    # 4. A header three rows deep: "Ngày tháng năm sinh" over Nam | Nữ, then a numbering row.
    Pattern("three_deep", [*TITLE,
        ["STT", "Họ và tên", "Ngày tháng\nnăm sinh", None, "Dân tộc", "Chức vụ", "Đơn vị công tác"],
        [None, None, "Nam", "Nữ", None, None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        [1, "Hoàng Văn Tùng", "1968", None, "Nùng", "Bí thư", "Đảng ủy xã"],
        [2, "Đinh Thị Lan", None, "02/09/1983", "Mường", "Giáo viên", "Trường Mầm non"],
    ], [
        who("Hoàng Văn Tùng", "Nam", 1968, "Nùng", "Bí thư", "Đảng ủy xã"),
        who("Đinh Thị Lan", "Nữ", 1983, "Mường", "Giáo viên", "Trường Mầm non"),
    ], merges=["C4:D4", "A4:A5", "B4:B5", "E4:E5", "F4:F5", "G4:G5"]),
    # 5. Section titles set the unit; a unit written once in a cell merged down its rows.
    Pattern("sections_merged", [
        ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ", "Nơi công tác"],
        ["I. XÃ TÂN LỢI"],
        [1, "Y Bih Niê", 1982, "Ê Đê", "Trưởng thôn", "Thôn 1"],
        [2, "H'Hen Mlô", 1991, "Ê Đê", "Y tá", None],
        [3, "Vũ Minh Tuấn", 1977, "Kinh", "Công an viên", None],
        ["II. XÃ AN KHƯƠNG"],
        [4, "Thạch Sa Rên", 1986, "Khmer", "Nông dân", "Ấp 2"],
        [5, "Kim Thị Sóc", 1994, "Khmer", "Nông dân", None],
    ], [
        who("Y Bih Niê", None, 1982, "Ê Đê", "Trưởng thôn", "Thôn 1", unit="Tân Lợi"),
        who("H'Hen Mlô", None, 1991, "Ê Đê", "Y tá", "Thôn 1", unit="Tân Lợi"),
        who("Vũ Minh Tuấn", None, 1977, "Kinh", "Công an viên", "Thôn 1", unit="Tân Lợi"),
        who("Thạch Sa Rên", None, 1986, "Khmer", "Nông dân", "Ấp 2", unit="An Khương"),
        who("Kim Thị Sóc", None, 1994, "Khmer", "Nông dân", "Ấp 2", unit="An Khương"),
    ], merges=["F3:F5", "F7:F8"], csv=False),
    # 6. A second table under the staff list (salaries) is not more people.
    Pattern("second_table", [*TITLE,
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ"],
        [1, "Đặng Văn Lâm", 1970, "Nam", "Kinh", "Chủ tịch"],
        [2, "Bùi Thị Nga", 1984, "Nữ", "Kinh", "Văn thư"],
        [],
        ["BẢNG LƯƠNG THÁNG 10"],
        ["STT", "Họ và tên", "Hệ số lương", "Phụ cấp", "Dân tộc"],
        [1, "Đặng Văn Lâm", 4.98, 0.5, "Kinh"],
        [2, "Bùi Thị Nga", 2.34, 0, "Kinh"],
    ], [
        who("Đặng Văn Lâm", "Nam", 1970, "Kinh", "Chủ tịch"),
        who("Bùi Thị Nga", "Nữ", 1984, "Kinh", "Văn thư"),
    ]),
    # 7. The people are on the second sheet; the first is a cover note.
    Pattern("people_on_second_sheet", [*TITLE,
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị"],
        [1, "Mai Văn Phúc", 1981, "Nam", "Kinh", "Đội trưởng", "Đội Quản lý thị trường"],
        [2, "Tạ Thị Hằng", 1987, "Nữ", "Kinh", "Kiểm soát viên", "Đội Quản lý thị trường"],
    ], [
        who("Mai Văn Phúc", "Nam", 1981, "Kinh", "Đội trưởng", "Đội Quản lý thị trường"),
        who("Tạ Thị Hằng", "Nữ", 1987, "Kinh", "Kiểm soát viên", "Đội Quản lý thị trường"),
    ], before=[("Hướng dẫn", [["Hướng dẫn điền danh sách"], ["1. Ghi đủ họ tên"],
                              ["2. Năm sinh ghi 4 chữ số"]])],
       after=[("Tổng hợp", [["Tổng số", 2], ["Nam", 1], ["Nữ", 1]])], csv=False),
    # 8. The header one column off its data (a code column the header does not name).
    Pattern("one_column_off", [*TITLE,
        ["STT", "Họ và tên", "Chức vụ", "Năm sinh", "Dân tộc"],
        [1, "CB01", "Nguyễn Hữu Thắng", "Chi cục trưởng", 1972, "Kinh"],
        [2, "CB02", "Lương Thị Xuân", "Đội phó", 1989, "Tày"],
        [3, "CB03", "Hà Văn Khánh", "Kiểm soát viên", 1993, "Mường"],
    ], [
        who("Nguyễn Hữu Thắng", None, 1972, "Kinh", "Chi cục trưởng"),
        who("Lương Thị Xuân", None, 1989, "Tày", "Đội phó"),
        who("Hà Văn Khánh", None, 1993, "Mường", "Kiểm soát viên"),
    ], file_warns=["lệch một cột"]),
    # 9. No header at all: a plain list under a title.
    Pattern("plain_list", [
        ["DANH SÁCH ĐẠI BIỂU"],
        ["Nguyễn Văn Bình", "Nam", 1966, "Kinh", "Nông dân"],
        ["Trương Thị Cúc", "Nữ", 1972, "Kinh", "Buôn bán"],
        ["Tô Văn Dậu", "Nam", 1981, "Kinh", "Thợ mộc"],
    ], [
        who("Nguyễn Văn Bình", "Nam", 1966),
        who("Trương Thị Cúc", "Nữ", 1972),
        who("Tô Văn Dậu", "Nam", 1981),
    ], headless=True),
]


def _fill(ws, rows: list[list]) -> None:
    for row in rows:
        ws.append(row)


def write_xlsx(pattern: Pattern, path: Path) -> Path:
    """The pattern as an .xlsx workbook (its extra sheets around it)."""
    wb = Workbook()
    first = True
    for title, rows in [*pattern.before, ("Danh sách", None), *pattern.after]:
        ws = wb.active if first else wb.create_sheet(title)
        ws.title = title
        first = False
        if rows is None:
            _fill(ws, pattern.rows)
            for ref in pattern.merges:
                ws.merge_cells(ref)
        else:
            _fill(ws, rows)
    wb.save(path)
    return path


def write_csv(pattern: Pattern, path: Path) -> Path:
    """The pattern's people sheet as UTF-8 CSV with BOM, as Excel saves it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in pattern.rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], kind: str, out: Path, profile: Path) -> list[Path]:
    """Convert workbooks with LibreOffice headless ("xls" or "ods"), one process for all."""
    out.mkdir(parents=True, exist_ok=True)
    filters = {"xls": "xls:MS Excel 97", "ods": "ods"}
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", filters[kind], "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return [out / f"{f.stem}.{kind}" for f in files]


BY_NAME = {p.name: p for p in PATTERNS}
