"""Generate the extra roster samples in tests/data/rosters/ and their JSON twins.

Run from the repository root:  .venv/bin/python tests/data/make_rosters.py

Each good sample is written from one list of people (the truth), so the JSON
twin says exactly what the parser must find. Bad files go to rosters/bad/.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import sys
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from thidua_desktop.importer.legacy_encoding import unicode_to_tcvn3, unicode_to_vni  # noqa: E402

OUT = Path(__file__).resolve().parent / "rosters"
DTTT, KM, LD = "Điển hình tiên tiến", "Khách mời", "Lãnh đạo"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def person(name, sex, born, ethnicity, position, workplace, category, achievement=""):
    """One person of the truth; `born` is a year or a date."""
    p = {"name": name, "sex": sex, "ethnicity": ethnicity, "position": position,
         "workplace": workplace, "category": category, "achievement": achievement}
    if isinstance(born, dt.date):
        p["birth_year"], p["birth_date"] = born.year, born.isoformat()
    else:
        p["birth_year"] = born
    return p


def write_json(path: Path, commune: str, layout: str, people: list[dict]) -> None:
    doc = {"commune": commune, "layout": layout,
           "people": [{**p, "commune": commune} for p in people]}
    path.with_suffix(".json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")


def _title(ws, commune_caps: str, last_col: str, enc=lambda s: s) -> None:
    ws["A1"] = enc(f"UBND XÃ {commune_caps}")
    ws["F1"], ws["F2"] = enc(MOTTO[0]), enc(MOTTO[1])
    ws["A4"] = enc("DANH SÁCH TRÍCH NGANG ĐẠI BIỂU")
    ws.merge_cells(f"A4:{last_col}4")


# --- A: one-row header with Nam | Nữ, sections, numbering row, signatures --------------

TAN_HUNG = [
    person("Nguyễn Thị Hồng", "Nữ", 1978, "Kinh", "Giáo viên", "Trường Mầm non Tân Hưng", DTTT,
           "Chiến sĩ thi đua cơ sở năm 2023"),
    person("Điểu K'Lang", "Nam", 1990, "S'tiêng", "Nông dân", "Sóc Bom Bo", DTTT,
           "Nông dân sản xuất, kinh doanh giỏi"),
    person("Trần Văn Thưởng", "Nam", 1969, "Kinh", "Trưởng ấp", "Ấp 3", DTTT,
           "Gương người tốt, việc tốt"),
    person("Thị Sa Ra", "Nữ", 2003, "Khmer", "Đoàn viên", "Chi đoàn ấp 5", DTTT,
           "Thanh niên tiên phong"),
    person("Lê Quốc Uy", "Nam", 1975, "Kinh", "Bí thư Đảng ủy", "Đảng ủy xã Tân Hưng", KM),
    person("Hoàng Thị Ánh", "Nữ", 1982, "Tày", "Chủ tịch Hội Liên hiệp Phụ nữ",
           "Hội LHPN xã Tân Hưng", KM),
    person("Phạm Ngọc Ẩn", "Nam", 1971, "Kinh", "Chủ tịch UBND", "UBND xã Tân Hưng", LD),
]


def make_one_row() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    _title(ws, "TÂN HƯNG", "I")
    heads = ["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ", "Đơn vị công tác",
             "Thành tích", "Ghi chú"]
    ws.append([])
    ws.append(heads)
    ws.append([f"({i})" for i in range(1, 10)])
    sections = {DTTT: "I. ĐẠI BIỂU ĐIỂN HÌNH TIÊN TIẾN", KM: "II. ĐẠI BIỂU KHÁCH MỜI",
                LD: "III. LÃNH ĐẠO XÃ"}
    current, stt = None, 0
    for p in TAN_HUNG:
        if p["category"] != current:
            current = p["category"]
            ws.append([sections[current]])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=9)
        stt += 1
        years = [p["birth_year"], None] if p["sex"] == "Nam" else [None, str(p["birth_year"])]
        ws.append([stt, p["name"].upper() if stt == 3 else p["name"], *years, p["ethnicity"],
                   p["position"], p["workplace"], p["achievement"], None])
        if stt == 2:
            ws.append([])
    ws.append([None, "Cộng: 7 người"])
    ws.append([])
    ws.append([None, None, None, None, None, None, "Tân Hưng, ngày 15 tháng 3 năm 2025"])
    ws.append([None, "NGƯỜI LẬP BIỂU", None, None, None, None, "CHỦ TỊCH"])
    ws.append([None, "Nguyễn Văn Bình", None, None, None, None, "Phạm Ngọc Ẩn"])
    wb.save(OUT / "xa_tan_hung_one_row.xlsx")
    write_json(OUT / "xa_tan_hung_one_row", "Tân Hưng", "one_row_header", TAN_HUNG)


# --- B, C, D: flat CSV in UTF-8, Windows-1258 and UTF-16 -------------------------------

PHU_LO = [
    person("Võ Thị Ngọc Ánh", "Nữ", dt.date(1988, 4, 9), "Kinh", "Công nhân",
           "Công ty TNHH Cao su Phú Lố", DTTT, "Lao động giỏi; Giấy khen Chủ tịch UBND huyện"),
    person("Lâm Quang Hưởng", "Nam", dt.date(1979, 12, 31), "Hoa", "Chủ hộ kinh doanh",
           "Hộ kinh doanh Hưởng Lợi", DTTT, "Bằng khen Chủ tịch UBND tỉnh"),
    person("Danh Thị Sương", "Nữ", dt.date(1995, 2, 28), "Khmer", "Y sĩ",
           "Trạm Y tế xã Phú Lố", DTTT, "Chiến sĩ thi đua cơ sở"),
    person("Đặng Văn Ửng", "Nam", dt.date(1966, 7, 1), "Kinh", "Chủ tịch Ủy ban MTTQ",
           "Ủy ban MTTQ Việt Nam xã Phú Lố", KM),
    person("Nguyễn Hữu Nghĩa", "Nam", dt.date(1984, 10, 20), "Kinh", "Phó Chủ tịch UBND",
           "UBND xã Phú Lố", LD),
]
_FLAT_HEAD = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Chức vụ, đơn vị công tác",
              "Thành phần", "Thành tích"]


def _flat_rows(people: list[dict]) -> list[list[str]]:
    rows = [["UBND XÃ PHÚ LỐ"] + [""] * 7, [""] * 8, _FLAT_HEAD]
    for i, p in enumerate(people, 1):
        day = dt.date.fromisoformat(p["birth_date"]).strftime("%d/%m/%Y")
        rows.append([str(i), p["name"], p["sex"], day, p["ethnicity"],
                     f"{p['position']}, {p['workplace']}", p["category"], p["achievement"]])
    rows.append(["", "Tổng cộng: 5 đại biểu"] + [""] * 6)
    return rows


def _csv_text(rows: list[list[str]], sep: str) -> str:
    def quote(v: str) -> str:
        return f'"{v}"' if sep in v or '"' in v else v
    return "\r\n".join(sep.join(quote(v) for v in row) for row in rows) + "\r\n"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters it has, tone marks as combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        shape = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += shape.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def make_csvs() -> None:
    rows = _flat_rows(PHU_LO)
    (OUT / "xa_phu_lo_utf8.csv").write_bytes(_csv_text(rows, ",").encode("utf-8"))
    (OUT / "xa_phu_lo_cp1258.csv").write_bytes(to_cp1258(_csv_text(rows, ";")))
    (OUT / "xa_phu_lo_utf16.csv").write_bytes(_csv_text(rows, "\t").encode("utf-16"))
    for name in ("utf8", "cp1258", "utf16"):
        write_json(OUT / f"xa_phu_lo_{name}", "Phú Lố", f"flat_csv_{name}", PHU_LO)


# --- E: the split-year layout typed in VNI -------------------------------------------------

DONG_NO = [
    person("Nguyễn Văn Được", "Nam", 1980, "Kinh", "Trưởng ấp", "Ấp Đồng Nơ", DTTT,
           "Gương người tốt, việc tốt; hiến đất làm đường"),
    person("Trương Thị Thuỷ", "Nữ", 1992, "Kinh", "Giáo viên", "Trường Tiểu học Đồng Nơ", DTTT,
           "Chiến sĩ thi đua cơ sở năm 2024"),
    person("Điểu Thị Mỹ", "Nữ", 1987, "S'tiêng", "Hội viên", "Chi hội Phụ nữ ấp Bù Dinh", DTTT,
           "Điển hình tiên tiến phong trào xóa nhà tạm"),
    person("Lý Tú", "Nam", 1999, "Hoa", "Chiến sĩ dân quân", "Ban Chỉ huy Quân sự xã Đồng Nơ",
           DTTT, "Giấy khen Chủ tịch UBND huyện"),
    person("Huỳnh Quốc Việt", "Nam", 1970, "Kinh", "Bí thư Đảng ủy", "Đảng ủy xã Đồng Nơ", LD),
    person("Phùng Thị Yến", "Nữ", 1976, "Nùng", "Chủ tịch Hội Nông dân", "Hội Nông dân xã Đồng Nơ",
           KM),
]


def _split_year_sheet(ws, people, commune_caps, enc, font) -> None:
    _title(ws, commune_caps, "I", enc)
    ws.append([])
    ws.append([h and enc(h) for h in ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Chức vụ",
                                "Đơn vị công tác", "Thành tích nổi bật", "Ghi chú"]])
    ws.append([None, None, enc("Nam"), enc("Nữ")])
    ws.merge_cells("C6:D6")
    for col in "ABEFGHI":
        ws.merge_cells(f"{col}6:{col}7")
    for i, p in enumerate(people, 1):
        years = [p["birth_year"], None] if p["sex"] == "Nam" else [None, p["birth_year"]]
        note = "" if p["category"] == DTTT else p["category"]
        ws.append([i, enc(p["name"]), *years, enc(p["ethnicity"]), enc(p["position"]),
                   enc(p["workplace"]), enc(p["achievement"]), enc(note)])
    ws.append([None, enc(f"Tổng cộng: {len(people)} đại biểu")])
    ws.append([None, None, None, None, None, None, enc("TM. ỦY BAN NHÂN DÂN")])
    for row in ws.iter_rows():
        for cell in row:
            cell.font = Font(name=font, size=12)


def make_vni() -> None:
    wb = Workbook()
    _split_year_sheet(wb.active, DONG_NO, "ĐỒNG NƠ", unicode_to_vni, "VNI-Times")
    wb.save(OUT / "xa_dong_no_vni.xlsx")
    write_json(OUT / "xa_dong_no_vni", "Đồng Nơ", "split_year_vni", DONG_NO)


# --- F: flat TCVN3, names in .VnTimeH (capitals), real dates -------------------------------

AN_PHU = [
    person("Nguyễn Thị Lụa", "Nữ", dt.date(1983, 3, 8), "Kinh", "Công nhân",
           "Công ty Cổ phần Cao su Đồng Phú", DTTT, "Lao động tiên tiến 5 năm liền"),
    person("Bùi Đức Thắng", "Nam", dt.date(1974, 11, 2), "Mường", "Chủ nhiệm",
           "Hợp tác xã Nông nghiệp An Phú", DTTT, "Bằng khen Chủ tịch UBND tỉnh năm 2022"),
    person("Ka Ly", "Nữ", dt.date(2001, 6, 15), "Chơ Ro", "Đoàn viên", "Chi đoàn ấp 2", DTTT,
           "Thanh niên làm kinh tế giỏi"),
    person("Trịnh Văn Sỹ", "Nam", dt.date(1968, 1, 30), "Kinh", "Chủ tịch UBND", "UBND xã An Phú",
           LD),
]


def make_tcvn3_caps() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sach"
    enc = unicode_to_tcvn3
    _title(ws, "AN PHÚ", "H")
    ws.append([])
    ws.append([enc(h) for h in _FLAT_HEAD])
    for i, p in enumerate(AN_PHU, 1):
        ws.append([i, enc(p["name"].lower()), enc(p["sex"]), dt.date.fromisoformat(p["birth_date"]),
                   enc(p["ethnicity"]), enc(f"{p['position']}, {p['workplace']}"),
                   enc(p["category"]), enc(p["achievement"])])
        ws.cell(ws.max_row, 4).number_format = "dd/mm/yyyy"
        if i == 2:
            ws.append([])
    ws.append([None, enc("Tổng cộng: 4 người")])
    for row in ws.iter_rows(min_row=6):
        for cell in row:
            cell.font = Font(name=".VnTime", size=13)
    for row in ws.iter_rows(min_row=7, min_col=2, max_col=2):
        row[0].font = Font(name=".VnTimeH", size=13)
    wb.save(OUT / "xa_an_phu_tcvn3_caps.xlsx")
    write_json(OUT / "xa_an_phu_tcvn3_caps", "An Phú", "flat_tcvn3_vntimeh", AN_PHU)


# --- G: a cover sheet first, another column order, no title block --------------------------

TAN_KHAI = [
    person("Hồ Thị Kim Oanh", "Nữ", 1990, "Kinh", "Kế toán", "Hợp tác xã Tân Khai", DTTT,
           "Lao động tiên tiến"),
    person("Vương Đình Khải", "Nam", 1961, "Sán Dìu", "Cựu chiến binh", "Chi hội CCB ấp 1", DTTT,
           "Gương người tốt, việc tốt"),
    person("Lương Thị Ngà", "Nữ", 1958, "Thái", "Bí thư Chi bộ", "Chi bộ ấp 4", KM),
]


def make_two_sheets() -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "Hướng dẫn"
    cover["A1"] = "Điền danh sách ở trang sau, mỗi người một dòng."
    ws = wb.create_sheet("Danh sách")
    ws["A1"] = "Danh sách đại biểu"
    ws.append([])
    ws.append(["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức danh", "Nơi công tác",
               "Hình thức khen thưởng", "Thành phần đại biểu"])
    for p in TAN_KHAI:
        name = unicodedata.normalize("NFD", p["name"])
        ws.append([f" {name}  ", f"{p['birth_year']}", p["sex"].upper(), p["ethnicity"].upper(),
                   p["position"], p["workplace"], p["achievement"], p["category"]])
    wb.save(OUT / "xa_tan_khai_two_sheets.xlsx")
    write_json(OUT / "xa_tan_khai_two_sheets", "", "cover_sheet_other_order", TAN_KHAI)


# --- bad files ---------------------------------------------------------------------------


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (512-byte sectors) holding the given streams (>= 4096 bytes)."""
    end, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sect, end]
    data_sectors = b""
    starts = []
    for payload in streams.values():
        payload = payload.ljust(-(-len(payload) // 512) * 512, b"\0")
        count = len(payload) // 512
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        data_sectors += payload
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child=no_stream, right=no_stream):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, no_stream, right,
                                                    child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, end, 0, child=1)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else no_stream
        directory += entry(name, 2, starts[i], len(streams[name]), right=right)
    directory = directory.ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *([free] * 108)))
    return header + struct.pack("<128I", *fat) + directory + data_sectors


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_bad() -> None:
    bad = OUT / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "empty.xlsx").write_bytes(b"")
    good = (OUT / "xa_tan_hung_one_row.xlsx").read_bytes()
    (bad / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    (bad / "broken_xml.xlsx").write_bytes(_zip({
        "[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets><oops",
    }))
    (bad / "word_renamed.xlsx").write_bytes(_zip({
        "[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>",
    }))
    (bad / "zip_bomb.xlsx").write_bytes(_zip({
        "[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b" " * (40 * 1024 * 1024),
    }))
    (bad / "password.xlsx").write_bytes(_cfb({
        "EncryptionInfo": b"\x04\x00\x04\x00\x40" + b"\0" * 4091,
        "EncryptedPackage": bytes(range(256)) * 16,
    }))
    (bad / "web_page.xls").write_bytes(
        "<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>".encode())
    (bad / "report.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (bad / "random.xlsx").write_bytes(bytes(range(256)) * 16)
    wb = Workbook()
    wb.active["A1"] = "Báo cáo tổng kết phong trào thi đua"
    wb.active["A3"] = "Năm 2024 xã đã tổ chức nhiều hoạt động."
    wb.save(bad / "no_header.xlsx")
    Workbook().save(bad / "blank_sheet.xlsx")


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    make_one_row()
    make_csvs()
    make_vni()
    make_tcvn3_caps()
    make_two_sheets()
    make_bad()
    print(f"rosters written to {OUT}")
