"""Where a certificate's fields print, per blank, and the offset measured for each printer.

A layout names where each field is printed, in millimetres from the sheet's
top-left corner. Three are built in: plain A4 with a frame (the program
draws everything), the office's pre-printed Giấy khen blank (A4 landscape)
and its pre-printed Bằng khen blank (A3 landscape); on a blank only the
fields are printed, since the blank carries the emblem, heading, title and
frame.

Every printer feeds paper a little differently, so the offset (dx, dy) found
with the calibration page is kept per layout and per printer, in the file's
`settings` table (key "award_blank_layouts"):
`{"giay_khen": {"offset": [dx, dy], "printers": {"HP LaserJet": [dx, dy]}}}`.
"offset" is the offset saved without a printer's name (the first release
kept only that one); a printer without its own offset uses it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import clean_text
from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services.repository import set_setting

SETTINGS_KEY = "award_blank_layouts"
MAX_OFFSET_MM = 30
MAX_PRINTERS = 50  # per layout: a bound on what one file keeps
PRINTER_NAME_MAX = 120


@dataclass(frozen=True)
class Field:
    """Where one field prints: centre x and baseline y (mm from the top-left), size, bold, width."""

    x: float
    y: float
    size: float
    bold: bool = False
    italic: bool = False
    width: float = 200  # longer text is made smaller to fit


@dataclass(frozen=True)
class Layout:
    """A certificate layout; `blank` layouts print the fields only."""

    code: str
    name: str
    page_mm: tuple[float, float]  # (width, height): A4 landscape is (297, 210)
    fields: dict
    blank: bool
    offset: tuple[float, float] = (0.0, 0.0)
    title: str = "Giấy khen"  # the document's title (PDF and Word properties)
    printer: str = ""  # whose offset this is ("" the offset saved without a printer)


_A4_FIELDS = {
    "motto1": Field(148.5, 30, 13, bold=True), "motto2": Field(148.5, 36, 14, bold=True),
    "upper": Field(148.5, 50, 14, bold=True, width=230), "issuer": Field(148.5, 58, 14, bold=True),
    "title": Field(148.5, 75, 32, bold=True), "awardee": Field(148.5, 92, 22, bold=True, width=230),
    "detail": Field(148.5, 102, 14, italic=True, width=230), "achievement": Field(148.5, 115, 15, width=230),
    "decision": Field(148.5, 126, 13, italic=True, width=230), "date": Field(200, 146, 13, italic=True),
    "sign_title": Field(200, 155, 14, bold=True), "sign_name": Field(200, 186, 14, bold=True),
}
# The Giấy khen blank: A4 landscape; heading, "GIẤY KHEN" and the frame printed on it above ~85 mm,
# "CHỦ TỊCH" printed at the lower right above the signature space.
_GIAY_KHEN_FIELDS = {
    "awardee": Field(148.5, 96, 22, bold=True, width=220), "detail": Field(148.5, 107, 14, italic=True, width=220),
    "achievement": Field(148.5, 121, 15, width=220), "decision": Field(148.5, 134, 13, italic=True, width=220),
    "date": Field(205, 150, 13, italic=True), "sign_name": Field(205, 188, 14, bold=True),
}
# The Bằng khen blank (assumed, see README "Giấy khen và Bằng khen in trên phôi"): A3 landscape,
# 420 x 297 mm; emblem, issuer, "TẶNG" and "BẰNG KHEN" printed on it above ~125 mm; the decision's
# number at the lower left (where the blank has "Quyết định số"), the date and the signer's name at the
# lower right under the printed "CHỦ TỊCH".
_BANG_KHEN_FIELDS = {
    "awardee": Field(210, 140, 30, bold=True, width=330), "detail": Field(210, 156, 18, italic=True, width=330),
    "achievement": Field(210, 176, 20, width=340), "decision": Field(100, 238, 15, italic=True, width=150),
    "date": Field(305, 214, 16, italic=True, width=170), "sign_name": Field(305, 268, 20, bold=True, width=170),
}
# What each field holds, as the calibration page and the window name it.
FIELD_LABELS = {
    "motto1": "Quốc hiệu", "motto2": "Tiêu ngữ", "upper": "Người tặng", "issuer": "Tặng", "title": "Tên giấy khen",
    "awardee": "Họ tên / tên tập thể", "detail": "Chức vụ, đơn vị", "achievement": "Thành tích",
    "decision": "Số quyết định", "date": "Địa danh, ngày", "sign_title": "Chức vụ người ký",
    "sign_name": "Họ tên người ký",
}
BUILT_IN = {
    "a4": Layout("a4", "A4 ngang, giấy trắng có khung", (297, 210), _A4_FIELDS, blank=False),
    "giay_khen": Layout("giay_khen", "Phôi Giấy khen in sẵn (A4 ngang)", (297, 210), _GIAY_KHEN_FIELDS, blank=True),
    "bang_khen": Layout("bang_khen", "Phôi Bằng khen in sẵn (A3 ngang)", (420, 297), _BANG_KHEN_FIELDS, blank=True,
                        title="Bằng khen"),
}


def _saved(db: Database) -> dict:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTINGS_KEY]).fetchone()
    try:
        saved = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    return saved if isinstance(saved, dict) else {}


def _pair(value) -> tuple[float, float] | None:
    """A stored [dx, dy] read back, or None when it is not one (a hand-edited file)."""
    try:
        dx, dy = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    bounded = all(-MAX_OFFSET_MM <= v <= MAX_OFFSET_MM for v in (dx, dy))
    return (dx, dy) if bounded else None


def printer_name(name: str | None) -> str:
    """A printer's name cleaned and bounded ("" for none); ValidationError when too long."""
    text = clean_text(name or "")
    if len(text) > PRINTER_NAME_MAX:
        raise ValidationError(f"Tên máy in dài {len(text)} ký tự, quá giới hạn {PRINTER_NAME_MAX} ký tự; "
                              "hãy rút gọn.")
    return text


def _base(code: str) -> Layout:
    base = BUILT_IN.get(code)
    if base is None:
        raise NotFoundError(f"Không có mẫu in giấy khen “{code}” (có: {', '.join(BUILT_IN)}).")
    return base


def layout_for(db: Database, code: str, printer: str | None = None) -> Layout:
    """The layout `code` with the offset saved for `printer` (or the one saved without a printer)."""
    base = _base(code)
    name = printer_name(printer)
    entry = _saved(db).get(code, {})
    entry = entry if isinstance(entry, dict) else {}
    own = _pair((entry.get("printers") or {}).get(name)) if name and isinstance(entry.get("printers"), dict) else None
    offset = own or _pair(entry.get("offset", [0, 0])) or (0.0, 0.0)
    return replace(base, offset=offset, printer=name if own else "")


def saved_offsets(db: Database, code: str) -> dict[str, tuple[float, float]]:
    """Printer name -> its saved offset for layout `code` ("" the offset saved without a printer)."""
    _base(code)
    entry = _saved(db).get(code, {})
    entry = entry if isinstance(entry, dict) else {}
    out = {}
    if _pair(entry.get("offset")):
        out[""] = _pair(entry["offset"])
    printers = entry.get("printers")
    for name, value in (printers.items() if isinstance(printers, dict) else ()):
        if _pair(value):
            out[str(name)] = _pair(value)
    return out


def _check(code: str, dx: float, dy: float) -> tuple[float, float]:
    if code not in BUILT_IN:
        raise ValidationError(f"Không có mẫu in giấy khen “{code}”.")
    values = []
    for value in (dx, dy):
        try:
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Độ lệch “{value}” không phải là số milimét.") from None
        if not -MAX_OFFSET_MM <= number <= MAX_OFFSET_MM:
            raise ValidationError(f"Độ lệch {value} mm quá lớn; chỉ chỉnh trong khoảng ±{MAX_OFFSET_MM} mm.")
        values.append(round(number, 1))
    return values[0], values[1]


def save_offset(db: Database, code: str, dx: float, dy: float, printer: str | None = None) -> Layout:
    """Keep the offset found with the calibration page for a layout and a printer, bounded."""
    dx, dy = _check(code, dx, dy)
    name = printer_name(printer)
    saved = _saved(db)
    entry = saved.get(code) if isinstance(saved.get(code), dict) else {}
    saved[code] = entry
    if name:
        printers = entry.get("printers") if isinstance(entry.get("printers"), dict) else {}
        if name not in printers and len(printers) >= MAX_PRINTERS:
            raise ValidationError(f"Mẫu này đã lưu độ lệch của {MAX_PRINTERS} máy in; hãy xóa bớt máy in cũ.")
        printers[name] = [dx, dy]
        entry["printers"] = printers
    else:
        entry["offset"] = [dx, dy]
    with db.atomic():
        set_setting(db, SETTINGS_KEY, saved)
    return layout_for(db, code, name)


def forget_offset(db: Database, code: str, printer: str | None = None) -> None:
    """Remove the offset saved for a printer (or the one without a printer): it prints at (0, 0) again."""
    _base(code)
    name = printer_name(printer)
    saved = _saved(db)
    entry = saved.get(code) if isinstance(saved.get(code), dict) else {}
    if name and isinstance(entry.get("printers"), dict):
        entry["printers"].pop(name, None)
    elif not name:
        entry.pop("offset", None)
    saved[code] = entry
    with db.atomic():
        set_setting(db, SETTINGS_KEY, saved)


def field_positions(layout: Layout) -> dict[str, tuple[float, float]]:
    """Where each field prints on the sheet (mm from the top-left), the offset applied."""
    dx, dy = layout.offset
    return {name: (f.x + dx, f.y + dy) for name, f in layout.fields.items()}
