"""Turning a sheet's raw cells into clean Unicode text, one encoding decision per column.

Used by the roster parser: `header_reading`, `best_effort_text` and
`is_stop_row` for finding the header and the end of the list (any reading that
matches will do), `ColumnDecoder` for the data itself (one decision per column,
falling back on the file's, then on fonts).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from thidua_desktop.domain.safe_text import unsafe_kinds
from thidua_desktop.importer.header_detect import guess_mapping
from thidua_desktop.importer.legacy_encoding import (
    TCVN3,
    UNICODE,
    UNKNOWN,
    VNI,
    EncodingGuess,
    can_be_legacy,
    convert,
    decide_file,
    font_encoding,
    font_is_capitals,
    guess_encoding,
)
from thidua_desktop.importer.text_clean import clean_cell, fold

ENCODING_NAMES = {TCVN3: "TCVN3", VNI: "VNI", UNICODE: "Unicode"}
MEMO_LIMIT = 100_000  # distinct texts remembered per file (ColumnDecoder, RosterBuilder)

# The end of the list: a total line, a signature block, a place-and-date line.
_STOP_RE = re.compile(
    r"^(tong cong|tong so|cong\s*:|cong\s+\d|tm\b|t/m\b|thay mat|nguoi lap|lap bieu|nguoi ky"
    r"|xac nhan|thu truong|ky ten|\(ky|chu tich$|pho chu tich$|bi thu$|truong ban$)"
    r"|,? ngay \S+ thang \S+ nam"
)


def best_effort_text(value: object) -> str:
    """A cell's text read the way its own characters suggest; for finding labels only."""
    text = clean_cell(value)
    if text and not text.isascii():
        guess = guess_encoding([text]).encoding
        if guess in (TCVN3, VNI):
            text = clean_cell(convert(text, guess))
    return text


def header_reading(values: list) -> list[str]:
    """A row's texts in the reading (as is, TCVN3, VNI) that names the most header fields.

    Header labels are too short to decide alone ("Chøc vô" reads both ways), but
    a reading that turns a row into known labels is the right one.
    """
    base = [clean_cell(v) for v in values]
    if all(t.isascii() for t in base):
        return base
    best, best_score = base, len(guess_mapping(base))
    for encoding in (TCVN3, VNI):
        alt = [
            clean_cell(convert(v, encoding)) if isinstance(v, str) and can_be_legacy(v) else t
            for v, t in zip(values, base, strict=True)
        ]
        score = len(guess_mapping(alt))
        if score > best_score:
            best, best_score = alt, score
    return best


def is_stop_row(values: Iterable[object]) -> bool:
    """Whether a row ends the list (total, signatures), under any of the three readings."""
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        for encoding in (UNICODE, TCVN3, VNI):
            if _STOP_RE.search(fold(clean_cell(convert(value, encoding)))):
                return True
    return False


class ColumnDecoder:
    """Decides each column's encoding over its data cells, then decodes cells with it."""

    def __init__(self, columns: dict[int, list[str]], fonts: dict[int, list[str]],
                 header_texts: list[str]):
        self.guesses: dict[int, EncodingGuess] = {
            col: guess_encoding(texts) for col, texts in columns.items()
        }
        self.header_guess = guess_encoding(header_texts)
        self.file_encoding = decide_file([*self.guesses.values(), self.header_guess])
        self._has_text = {col for col, texts in columns.items() if any(not t.isascii() for t in texts)}
        self.encodings: dict[int, str] = {}
        self._removed: set[str] = set()
        # (column, text, font) -> (clean text, converted, kinds removed): a roster
        # repeats its positions, places and notes, each decoded once.
        self._decoded: dict[tuple, tuple[str, bool, list[str]]] = {}
        self.capitals: dict[int, set[str]] = {}
        for col in columns:
            self.encodings[col] = self._decide(col, fonts.get(col, []))
            self.capitals[col] = {f for f in set(fonts.get(col, ())) if font_is_capitals(f)}

    def _decide(self, col: int, fonts: list[str]) -> str:
        own = self.guesses[col].encoding
        if own != UNKNOWN:
            return own
        if self.file_encoding != UNKNOWN:
            return self.file_encoding
        hints = Counter(font_encoding(f) for f in fonts if f)
        hint, count = hints.most_common(1)[0] if hints else (None, 0)
        return hint if hint and count * 2 > len(fonts) else UNICODE

    @property
    def encoding(self) -> str:
        """The file's encoding for the report: the legacy one if any column used it."""
        used = Counter(self.converted_columns().values())
        return used.most_common(1)[0][0] if used else UNICODE

    def converted_columns(self) -> dict[int, str]:
        """Columns whose text is converted from a legacy encoding, with that encoding."""
        return {c: e for c, e in self.encodings.items() if e in (TCVN3, VNI) and c in self._has_text}

    def mixed_columns(self) -> list[int]:
        """Columns holding cells of two encodings: worth a look by the user."""
        return [c for c, g in self.guesses.items() if g.mixed]

    def decode(self, col: int, value: object, font: str | None = None) -> tuple[str, bool]:
        """Clean text of a cell and whether it was converted from a legacy encoding.

        Control, bidirectional and invisible characters left after the
        conversion are removed by clean_cell and noted for `take_removed`.
        """
        if not isinstance(value, str):
            return clean_cell(value), False
        key = (col, value, font)
        done = self._decoded.get(key)
        if done is None:
            done = self._decode(col, value, font)
            if len(self._decoded) < MEMO_LIMIT:  # bounded: a file of unique texts gains nothing
                self._decoded[key] = done
        text, converted, removed = done
        if removed:
            self._removed.update(removed)
        return text, converted

    def _decode(self, col: int, value: str, font: str | None) -> tuple[str, bool, list[str]]:
        encoding = self.encodings.get(col, UNICODE)
        capitals = font is not None and font in self.capitals.get(col, ())
        if encoding == UNICODE or not can_be_legacy(value) or value.isascii() and not capitals:
            return _cleaned(value, False)
        text = convert(value, encoding)
        if capitals:  # a .VnTimeH font shows small letters as capitals
            text = text.upper()
        return _cleaned(text, text != value)

    def take_removed(self) -> list[str]:
        """Kinds of characters removed since the last call (one row's worth), then forgotten."""
        removed, self._removed = sorted(self._removed), set()
        return removed


def _cleaned(text: str, converted: bool) -> tuple[str, bool, list[str]]:
    """clean_cell's text, with the kinds of characters it removed (for the row's warning)."""
    removed = [] if text.isascii() and text.isprintable() else unsafe_kinds(text)
    return clean_cell(text), converted, removed
