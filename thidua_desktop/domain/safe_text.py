"""The one text cleaner: what may be stored, how long, and what an export may print.

Every path that writes text (import, the delegate form, paste, templates, plan
and event fields) goes through `clean_text` (domain.names re-exports it), and
lengths through `length_problem`; the document builders pass their plain data
through `scrub` so that a file written by an earlier release, holding text
stored before these rules, still exports.

Removed, never stored: C0 and C1 control characters (NUL, ESC...; tabs and
line breaks become spaces), bidirectional overrides and isolates
(U+202A-202E, U+2066-2069: a name could read backwards), zero-width and other
invisible format characters, lone surrogates and the non-characters
U+FFFE/U+FFFF (XML, hence .xlsx and .docx, cannot hold them).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\xad\u180e\u200b-\u200d\u2060-\u2065\u206a-\u206f\ufeff\ufff9-\ufffb"
_BROKEN = "\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_BROKEN}\U000e0000-\U000e007f]")
# Everything strip_unsafe would change: the whitespace it turns into spaces and what it drops.
_CHANGED = re.compile(f"[\t\n\r\x0b\x0c\x1c-\x1f\x85{_CONTROL}{_BIDI}{_INVISIBLE}{_BROKEN}"
                      "\U000e0000-\U000e007f]")
_KIND_CONTROL = re.compile(f"[{_CONTROL}]")
_KIND_BIDI = re.compile(f"[{_BIDI}]")

# Longest text a field may hold, in characters. Names and short fields are what
# documents print in table cells; notes and achievements are paragraphs.
FIELD_MAX = {
    "full_name": 100, "name": 100, "ethnicity": 50, "religion": 50, "sex": 10, "phone": 30,
    "education": 100, "position": 300, "workplace": 300, "collective": 300, "unit": 200,
    "category": 100, "award_at_event": 300, "achievement": 2000, "awards": 2000, "note": 2000,
}
DEFAULT_MAX = 1000
EXPORT_MAX = 2000  # what one string in a document may print, whatever was stored

_LABELS = {"full_name": "Họ và tên", "name": "Họ và tên", "position": "Chức vụ",
           "workplace": "Đơn vị công tác", "achievement": "Thành tích", "note": "Ghi chú",
           "ethnicity": "Dân tộc", "religion": "Tôn giáo", "collective": "Tập thể",
           "awards": "Khen thưởng", "phone": "Số điện thoại", "education": "Trình độ"}


def strip_unsafe(text: str) -> str:
    """The text without control, bidirectional-override and invisible characters.

    Tabs, line breaks and other control characters become a space where they
    separated words (a NUL between two letters joins them).
    """
    if text.isprintable() or _CHANGED.search(text) is None:
        return text  # the usual case (all it removes is unprintable): one scan, no copy
    text = re.sub("[\t\n\r\x0b\x0c\x1c-\x1f\x85]", " ", text)
    return _UNSAFE.sub("", text)


def unsafe_kinds(text: str) -> list[str]:
    """What `strip_unsafe` would remove, in words for a warning; empty when nothing."""
    if text.isascii() and text.isprintable():
        return []
    control, bidi = len(_KIND_CONTROL.findall(text)), len(_KIND_BIDI.findall(text))
    hidden = len(_UNSAFE.findall(text)) - control - bidi
    return [kind for kind, count in (("ký tự điều khiển", control), ("ký tự đảo chiều chữ", bidi),
                                     ("ký tự ẩn", hidden)) if count]


def clean_text(text: object) -> str:
    """NFC, unsafe characters removed, inner runs of whitespace one space, trimmed."""
    if text is None or text == "":
        return ""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", strip_unsafe(text))
    elif not text.isprintable():
        text = strip_unsafe(text)
    # str.split() splits on every Unicode space (\xa0 too), like the \s of a regex.
    return " ".join(text.split())


def field_max(field: str) -> int:
    """The longest text `field` may hold."""
    return FIELD_MAX.get(field, DEFAULT_MAX)


def length_problem(field: str, text: str, label: str | None = None) -> str | None:
    """A Vietnamese sentence when `text` is longer than `field` may hold, else None."""
    limit = field_max(field)
    if len(text) <= limit:
        return None
    name = label or _LABELS.get(field, field)
    length, most = (f"{n:,}".replace(",", ".") for n in (len(text), limit))
    return f"{name} dài {length} ký tự, quá giới hạn {most} ký tự; hãy rút gọn."


def for_export(text: str) -> str:
    """Stored text made printable: unsafe characters removed, cut at EXPORT_MAX with an ellipsis."""
    text = strip_unsafe(text) if not (text.isascii() and text.isprintable()) else text
    return text if len(text) <= EXPORT_MAX else text[:EXPORT_MAX - 1] + "…"


def exportable(text: str) -> bool:
    """True when `for_export(text)` is `text` itself: one scan, for checking a whole row at once.

    A row's strings joined by spaces are exportable when each of them is (a
    space is neither removed nor changed; the joined length bounds each one's).
    """
    return len(text) <= EXPORT_MAX and kept(text)


def kept(text: str) -> bool:
    """True when `strip_unsafe(text)` is `text` itself, however long: one scan."""
    # isprintable() is true of no character strip_unsafe changes, and scans fast.
    return text.isprintable() or _CHANGED.search(text) is None


def scrub(value):
    """A document's plain data with every string passed through `for_export` (new objects)."""
    if isinstance(value, str):
        return for_export(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(scrub(v) for v in value)
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: scrub(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value
