"""Cleaning of cell text: NFC, one space between words, names in Vietnamese title case."""

from __future__ import annotations

import re
import unicodedata

from thidua_desktop.domain.names import fold
from thidua_desktop.domain.safe_text import strip_unsafe

__all__ = ["clean_cell", "fold", "fold_label", "name_case", "sentence_case_if_shouting"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"), None)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_PUNCT = re.compile(r"[\s,;:/\\().\-–—_*\"'’]+")


def clean_cell(value: object) -> str:
    """Any cell value as clean text: NFC, no control/bidi/invisible characters, single spaces, trimmed."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", strip_unsafe(value))
        if not value.isprintable():  # the invisible ones are unprintable: most text skips this
            value = value.translate(_INVISIBLE)
    elif not value.isprintable():
        value = strip_unsafe(value)
    return " ".join(value.split())


def fold_label(text: str) -> str:
    """A header label folded for matching: no diacritics, punctuation made single spaces."""
    return _PUNCT.sub(" ", fold(text)).strip()


def _cap_word(word: str) -> str:
    """One word of a name in title case; "K'LANG" -> "K'Lang", "Y-BLIM" -> "Y-Blim"."""
    parts = re.split(r"(['\-])", word.lower())
    out = []
    for i, part in enumerate(parts):
        after_short_prefix = i >= 2 and len(parts[i - 2]) == 1 and parts[i - 1] == "'"
        after_hyphen = i >= 2 and parts[i - 1] == "-"
        if i == 0 or after_short_prefix or after_hyphen:
            part = part[:1].upper() + part[1:]
        out.append(part)
    return "".join(out)


def name_case(name: str) -> str:
    """A person's name in Vietnamese title case.

    A name typed in capitals ("LÝ NGỌC THẢO") or in small letters becomes
    "Lý Ngọc Thảo"; in a mixed-case name only each word's first letter is raised.
    """
    name = clean_cell(name).translate(_APOSTROPHES)
    if not any(ch.isalpha() for ch in name):
        return name
    if name.isupper() or name.islower():
        return " ".join(_cap_word(w) for w in name.split(" "))
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def sentence_case_if_shouting(text: str) -> str:
    """Text typed all in capitals gets a first capital only ("S'TIÊNG" -> "S'tiêng")."""
    text = text.translate(_APOSTROPHES)
    if sum(ch.isalpha() for ch in text) < 2 or not text.isupper():
        return text
    lower = text.lower()
    return lower[:1].upper() + lower[1:]
