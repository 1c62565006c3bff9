"""Vietnamese names: folding for search and matching, and the sort key stored beside a name.

Vietnamese lists sort by the given name (the last word), then the middle and
family names, letter by letter in the Vietnamese alphabet (a ă â b c d đ e ê
... o ô ơ ... u ư), tones deciding only between otherwise equal words
(ngang, huyền, hỏi, ngã, sắc, nặng). The window sorts with Qt's QCollator
for the Vietnamese locale; this key lets SQLite sort the same way with an
index, without Qt, and agrees with QCollator on Vietnamese names (tested).
"""

from __future__ import annotations

import functools
import unicodedata

from thidua_desktop.domain.safe_text import clean_text  # the one cleaner, re-exported

__all__ = ["DELEGATE_SORT_KEYS", "PERSON_SORT_KEYS", "TEXT_KEY_WORDS", "clean_text", "fold", "given_name", "sort_key", "text_key",
           "title_case_name"]

# Combining marks that make a separate letter (primary difference).
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# Tone marks, ordered as Vietnamese dictionaries do (secondary difference).
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_table() -> dict[int, str | None]:
    """Every accented Latin letter to its bare letter, computed once from Unicode data."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        bare = _strip_marks(chr(code))
        if bare != chr(code) and bare.isascii():
            table[code] = bare
    for code in range(0x300, 0x370):  # a combining mark left over
        table[code] = None
    return table


_FOLD = _fold_table()


@functools.lru_cache(maxsize=8192)
def fold(text: str | None) -> str:
    """Lower case without diacritics (đ -> d): "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = clean_text(text).translate(_FOLD)
    if not text.isascii():  # letters outside the Latin blocks: the general way
        text = _strip_marks(text)
    return text.casefold()


@functools.lru_cache(maxsize=16384)
def _letter_codes(word: str) -> tuple[str, str]:
    """Primary (letters) and secondary (tones) codes of one word (names repeat: cached)."""
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", word.casefold()):
        if ch == "đ":
            primary.append("d~")
            tones.append("0")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = base
        tone = 0
        for mark in marks:
            if mark in _LETTER_MARKS:
                letter = base + "~" * _LETTER_MARKS[mark]
            elif mark in _TONE_MARKS:
                tone = _TONE_MARKS[mark]
        primary.append(letter)
        tones.append(str(tone))
    # '~' sorts after letters, '!' before everything: 'a!' < 'a~!' (a < ă),
    # so each letter is closed with '!' to keep prefixes first.
    return "".join(p + "!" for p in primary), "".join(tones)


def sort_key(full_name: str | None) -> str:
    """A string key: given name first, then the others; letters first, tones last."""
    words = clean_text(full_name).split(" ")
    if words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]]
    codes = [_letter_codes(w) for w in ordered]
    primary = " ".join(p for p, _ in codes)
    secondary = " ".join(s for _, s in codes)
    return primary + "\x01" + secondary


# Words of a text its key holds: enough to order positions, workplaces and notes; a
# paragraph of achievements is ordered by its beginning (ties then go by name), and the
# index entry stays small.
TEXT_KEY_WORDS = 12

# Text columns stored with their `text_key` (migration 0024): column -> key column. A
# person's keys are copied onto each of their delegate rows by triggers.
PERSON_SORT_KEYS = {"ethnicity": "ethnicity_sort", "position": "position_sort",
                    "workplace": "workplace_sort"}
DELEGATE_SORT_KEYS = {"field": "field_sort", "sector": "sector_sort",
                      "achievement": "achievement_sort", "note": "note_sort"}


@functools.lru_cache(maxsize=8192)
def text_key(text: str | None) -> str:
    """The Vietnamese order of a free text (position, workplace, note...) as a string key.

    Words in their own order (unlike `sort_key`, no given name first), letters
    first and tones last, the first TEXT_KEY_WORDS words only; "" for no text.
    The one owner of the stored `*_key` columns (migration 0024).
    """
    words = clean_text(text).split(" ")[:TEXT_KEY_WORDS]
    if words == [""]:
        return ""
    codes = [_letter_codes(w) for w in words]
    return " ".join(p for p, _ in codes) + "\x01" + " ".join(s for _, s in codes)


_LOWER_WORDS = set()  # Vietnamese names capitalise every word


def title_case_name(text: str | None) -> str:
    """"NGUYỄN VĂN ĐỨC" -> "Nguyễn Văn Đức" (every word capitalised, NFC)."""
    words = clean_text(text).split(" ")
    out = []
    for word in words:
        if not word:
            continue
        lower = word.lower()
        out.append(lower if lower in _LOWER_WORDS else lower[:1].upper() + lower[1:])
    return " ".join(out)


def given_name(full_name: str | None) -> str:
    """The last word of a name (tên)."""
    words = clean_text(full_name).split(" ")
    return words[-1] if words else ""
