"""TCVN3 (ABC) and VNI legacy Vietnamese encodings: detection and conversion.

Old workbooks were typed with 8-bit fonts (.VnTime = TCVN3, VNI-Times = VNI).
Excel stores those bytes as the Windows-1252 characters they stand for, so a
cell reads like ``NguyÔn V¨n §øc`` (TCVN3) or ``Nguyeãn Vaên Ñöùc`` (VNI).

A short word can read correctly both ways ("Lý", "Tó"), so the decision is
taken over a whole column (or the whole file), never cell by cell:

* text holding a Vietnamese letter outside Latin-1 (ă, đ, ơ, ư, ạ...) or a
  combining mark is Unicode: no legacy encoding can produce those characters;
* TCVN3 evidence is a character TCVN3 uses for a letter that neither Unicode
  Vietnamese nor VNI uses (``¨ © ª « ¬ ® µ ¸ ¹ ...``);
* VNI evidence is a vowel followed by a VNI mark (``eã``, ``aù``, ``öø``).

The TCVN3 table is TCVN 5712:1993 VN3 (lower case, the ABC font set) extended
with the upper-case letters of VN1, as glibc's TCVN5712-1 maps them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

UNICODE = "unicode"
TCVN3 = "tcvn3"
VNI = "vni"
UNKNOWN = "unknown"

# --- TCVN3 ------------------------------------------------------------------

_VN3_LOWER = (
    "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđ",
    "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ®",
)
_VN3_UPPER_BASE = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}
# Upper-case toned letters of TCVN 5712:1993 VN1 (control and C1 positions,
# and the gaps VN3 leaves between its lower-case letters).
_VN1_UPPER = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
    0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
    0x80: "À", 0x81: "Ả", 0x82: "Ã", 0x83: "Á", 0x84: "Ạ", 0x85: "Ặ", 0x86: "Ậ",
    0x87: "È", 0x88: "Ẻ", 0x89: "Ẽ", 0x8A: "É", 0x8B: "Ẹ", 0x8C: "Ệ", 0x8D: "Ì",
    0x8E: "Ỉ", 0x8F: "Ĩ", 0x90: "Í", 0x91: "Ị", 0x92: "Ò", 0x93: "Ỏ", 0x94: "Õ",
    0x95: "Ó", 0x96: "Ọ", 0x97: "Ộ", 0x98: "Ờ", 0x99: "Ở", 0x9A: "Ỡ", 0x9B: "Ớ",
    0x9C: "Ợ", 0x9D: "Ù", 0x9E: "Ủ", 0x9F: "Ũ",
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ",
    0xC4: "Ấ", 0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ",
    0xF0: "Ỗ", 0xFF: "Ố",
}


def _byte_chars(byte: int) -> list[str]:
    """The characters a byte may arrive as: Windows-1252 (as Excel shows it) and Latin-1."""
    chars = [chr(byte)]
    try:
        cp = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chars
    if cp != chars[0]:
        chars.insert(0, cp)
    return chars


def _build_tcvn3() -> tuple[dict[int, str], dict[str, str]]:
    byte_to_uni: dict[int, str] = {}
    for uni, raw in zip(*_VN3_LOWER, strict=True):
        byte_to_uni[ord(raw)] = uni
    byte_to_uni.update(_VN3_UPPER_BASE)
    byte_to_uni.update(_VN1_UPPER)
    decode: dict[int, str] = {}
    encode: dict[str, str] = {}
    for byte, uni in byte_to_uni.items():
        chars = _byte_chars(byte)
        for ch in chars:
            decode[ord(ch)] = uni
        encode[uni] = chars[0]
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()

# --- VNI (Windows) --------------------------------------------------------------

_TONES = "grave hook tilde acute dot".split()
_VNI_TONE = dict(zip(_TONES, "øûõùï", strict=True))
_VNI_CIRC_TONE = dict(zip(_TONES, "àåãáä", strict=True))
_VNI_BREVE_TONE = dict(zip(_TONES, "èúüéë", strict=True))
_UNI_TONES = dict(zip(_TONES, "\u0300\u0309\u0303\u0301\u0323", strict=True))


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    """Lower-case VNI spellings of every Vietnamese letter, and their inverse."""
    lower: dict[str, str] = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ă": "aê", "â": "aâ", "ê": "eâ",
                             "ô": "oâ"}
    for tone in _TONES:
        mark = _UNI_TONES[tone]
        for base in "aeouy":
            lower[unicodedata.normalize("NFC", base + mark)] = base + _VNI_TONE[tone]
        for base, spelled in (("ơ", "ô"), ("ư", "ö")):
            lower[unicodedata.normalize("NFC", base + mark)] = spelled + _VNI_TONE[tone]
        for base, spelled in (("â", "a"), ("ê", "e"), ("ô", "o")):
            lower[unicodedata.normalize("NFC", base + mark)] = spelled + _VNI_CIRC_TONE[tone]
        lower[unicodedata.normalize("NFC", "ă" + mark)] = "a" + _VNI_BREVE_TONE[tone]
    lower.update({"ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"})
    encode = dict(lower)
    for uni, vni in lower.items():
        encode[uni.upper()] = vni.upper()
    decode: dict[str, str] = {}
    for uni, vni in encode.items():
        decode[vni] = uni
        if len(vni) == 2:  # a base and its mark typed in different cases
            first_upper = vni[0].isupper()
            decode[vni[0] + (vni[1].lower() if first_upper else vni[1].upper())] = uni
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True))
)

# --- Evidence -------------------------------------------------------------------

_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters only Unicode Vietnamese can hold (no 8-bit decoding yields them).
_STRONG_UNICODE_RE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]"
)
_VNI_CHARS = {ch for spelled in _VNI_DECODE for ch in spelled}
# TCVN3 letters that are neither Unicode Vietnamese nor VNI, nor Windows-1252
# punctuation common in Unicode text (quotes, dashes from the C1 range).
_TCVN3_ONLY = "".join(sorted(
    chr(code) for code in _TCVN3_DECODE
    if 0xA0 < code <= 0xFF and chr(code) not in _VIET_LATIN1 and chr(code) not in _VNI_CHARS
))
_TCVN3_EVIDENCE_RE = re.compile(f"[{re.escape(_TCVN3_ONLY)}]")
# A VNI vowel and its mark. "oà", "oá", "oã" are left out: Unicode spells "Hoà",
# "Hoá", "ngoãn" that way; "uû" is TCVN3's "uỷ". Capital pairs count only inside
# a word all in capitals: TCVN3 writes "Yến" as "YÕn", and its capital "YỄN"
# (NGUYỄN) as "YÙN", where VNI's "YÙ" (Ý) never stands before an N.
_VNI_EVIDENCE_RE = re.compile(
    "a[ùøûõïêéèúüëâáàåãä]|e[ùøûõïâáàåãä]|o[ùøûõïâåä]|u[ùøõï]|y[ùøûõ]|[ôö][ùøûõï]"
)
_VNI_CAPITALS_RE = re.compile(
    "A[ÙØÛÕÏÊÉÈÚÜËÂÁÀÅÃÄ]|E[ÙØÛÕÏÂÁÀÅÃÄ]|O[ÙØÛÕÏÂÅÄ]|U[ÙØÕÏ]|Y(?:[ØÛÕ]|Ù(?!N))|[ÔÖ][ÙØÛÕÏ]"
)


def _vni_evidence(text: str) -> bool:
    if _VNI_EVIDENCE_RE.search(text):
        return True
    for match in _VNI_CAPITALS_RE.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        end = text.find(" ", match.end())
        if not any(ch.islower() for ch in text[start:end if end >= 0 else None]):
            return True
    return False


def tcvn3_to_unicode(text: str) -> str:
    """Convert text typed in TCVN3 (as Excel shows it) to Unicode NFC."""
    return text.translate(_TCVN3_DECODE)


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode text as TCVN3 characters, the way an old workbook stores it.

    Raises ValueError for a character TCVN3 cannot hold without ambiguity.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ord(ch) in _TCVN3_DECODE:
            raise ValueError(f"{ch!r} has no TCVN3 spelling")
        else:
            out.append(ch)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    """Convert text typed in VNI (as Excel shows it) to Unicode NFC."""
    return _VNI_RE.sub(lambda m: _VNI_DECODE[m.group(0)], text)


def unicode_to_vni(text: str) -> str:
    """Encode Unicode text in VNI, as an old workbook stores it."""
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def convert(text: str, encoding: str) -> str:
    """Convert `text` from `encoding` (tcvn3, vni, anything else = as is)."""
    if encoding == TCVN3:
        return tcvn3_to_unicode(text)
    if encoding == VNI:
        return vni_to_unicode(text)
    return text


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: ".VnTime" -> tcvn3, "VNI-Times" -> vni."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn") or name.startswith("vn3") or name.startswith("abc"):
        return TCVN3
    if name.startswith("vni"):
        return VNI
    return None


def font_is_capitals(font_name: str | None) -> bool:
    """True for TCVN3 capital fonts (".VnTimeH", ".VnArialH"): text is shown in capitals."""
    if not font_name:
        return False
    name = font_name.strip()
    return name.lower().startswith(".vn") and name.endswith("H")


@dataclass(frozen=True)
class EncodingGuess:
    """What a group of cells (a column, a header) most likely is, with the evidence."""

    encoding: str  # unicode | tcvn3 | vni | unknown (no evidence either way)
    unicode_cells: int = 0
    tcvn3_cells: int = 0
    vni_cells: int = 0

    @property
    def mixed(self) -> bool:
        """Cells of two encodings in one group: worth a warning."""
        return sum(1 for n in (self.unicode_cells, self.tcvn3_cells, self.vni_cells) if n) > 1


def guess_encoding(texts: Iterable[str]) -> EncodingGuess:
    """Decide, from the text alone, the encoding of a group of cells."""
    uni = tcvn = vni = 0
    for text in texts:
        if not text or text.isascii():
            continue
        if _STRONG_UNICODE_RE.search(text):
            uni += 1
        elif _TCVN3_EVIDENCE_RE.search(text):
            tcvn += 1
        elif _vni_evidence(text):
            vni += 1
    if uni >= max(tcvn, vni):
        encoding = UNICODE if uni else UNKNOWN
    else:
        encoding = TCVN3 if tcvn >= vni else VNI
    return EncodingGuess(encoding, uni, tcvn, vni)


def can_be_legacy(text: str) -> bool:
    """False when the text holds letters no legacy encoding produces (it is Unicode)."""
    return not _STRONG_UNICODE_RE.search(text)


def decide_file(guesses: Iterable[EncodingGuess]) -> str:
    """The encoding of a file from its columns' guesses (unknown when nothing tells)."""
    votes = {UNICODE: 0, TCVN3: 0, VNI: 0}
    for guess in guesses:
        if guess.encoding in votes:
            votes[guess.encoding] += 1
    best = max(votes, key=lambda k: (votes[k], k == UNICODE))
    return best if votes[best] else UNKNOWN
