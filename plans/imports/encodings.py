"""How a text file's bytes become Unicode text: first the file's own
encoding (UTF-8, UTF-16 or an 8-bit code page), then the legacy Vietnamese
8-bit encodings TCVN3 (ABC, fonts ".VnTime") and VNI (fonts "VNI-Times"),
which read as "Céng hoµ" or "Coäng hoøa" until they are converted.
"""

from __future__ import annotations

import re
import unicodedata

from plans.imports.syllables import ACUTE, DOT, GRAVE, HOOK, TILDE, is_vietnamese_word

# --- The file's own encoding ----------------------------------------------------------


class NotText(ValueError):
    """The bytes are not a text file."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM (or
    without, recognised by its zero bytes), else an 8-bit file, read as
    Windows-1252 so that TCVN3 and VNI can be recognised afterwards.
    Returns the text and the name of the encoding read."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise NotText("UTF-16") from None
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:
        # UTF-16 without a byte order mark: ASCII letters leave every other byte zero.
        even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        try:
            return data.decode(encoding), "UTF-16"
        except UnicodeDecodeError:
            raise NotText("NUL") from None
    try:
        text, name = data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Latin-1 keeps every byte as the code point of the same value, which
        # the TCVN3 table is keyed by; Windows-1252 punctuation (curly
        # quotes in 0x80-0x9F) is mapped afterwards.
        text, name = data.decode("latin-1"), "8-bit"
    controls = sum(1 for c in text[:20000] if (c < " " and c not in "\t\n\r\f\v") or c == "\x7f")
    if controls > max(2, len(text[:20000]) // 100):
        raise NotText("control")
    if name == "8-bit":
        text = "".join(_cp1252(c) for c in text)
    return text, name


def _cp1252(char: str) -> str:
    if "\x80" <= char <= "\x9f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:
            return char
    return char


# --- Legacy 8-bit encodings -------------------------------------------------------

# TCVN 5712:1993 VN3 ("ABC", fonts .VnTime/.VnArial): one byte per letter,
# lower case only (capitals come from a second font, .VnTimeH, that draws
# the same bytes as capitals). Keyed by byte value, which is also the code
# point the byte becomes when such a file is read as Latin-1/Windows-1252.
TCVN3: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI Windows: a base letter followed by a byte that adds its marks ("Vieät"
# = "Việt"), plus a few letters of one byte. Keyed by code point as read
# through Windows-1252; upper and lower case bytes carry the same marks.
VNI_MARKS: dict[str, str] = {
    "ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT,
    "â": "\u0302", "á": "\u0302" + ACUTE, "à": "\u0302" + GRAVE,
    "å": "\u0302" + HOOK, "ã": "\u0302" + TILDE, "ä": "\u0302" + DOT,
    "ê": "\u0306", "é": "\u0306" + ACUTE, "è": "\u0306" + GRAVE,
    "ú": "\u0306" + HOOK, "ü": "\u0306" + TILDE, "ë": "\u0306" + DOT,
    "Ù": ACUTE, "Ø": GRAVE, "Û": HOOK, "Õ": TILDE, "Ï": DOT,
    "Â": "\u0302", "Á": "\u0302" + ACUTE, "À": "\u0302" + GRAVE,
    "Å": "\u0302" + HOOK, "Ã": "\u0302" + TILDE, "Ä": "\u0302" + DOT,
    "Ê": "\u0306", "É": "\u0306" + ACUTE, "È": "\u0306" + GRAVE,
    "Ú": "\u0306" + HOOK, "Ü": "\u0306" + TILDE, "Ë": "\u0306" + DOT,
}  # fmt: skip
VNI_LETTERS: dict[str, str] = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_VNI_BASES = set("aeouyAEOUYơưƠƯ")

LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI Windows"}

# Letters only Vietnamese Unicode text has (ă đ ĩ ũ ơ ư and the toned letters
# of the Latin Extended Additional block); legacy text never does.
_VIETNAMESE_UNICODE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")


def convert_tcvn3(text: str) -> str:
    """TCVN3 text read as Latin-1 -> Unicode."""
    out = "".join(TCVN3.get(ord(c), c) for c in text)
    # .VnTimeH capitals: the letters with marks come out lower case inside
    # words typed in capitals ("KÕ HO¹CH" -> "Kế HOạCH" -> "KẾ HOẠCH").
    return _capitalise_sentence_starts(_upper_caps_words(out))


# A line's first letter when TCVN3 has no capital for it ("ñy ban" was "Ủy
# ban" typed in a capital font): capitalised when the line starts a sentence,
# that is, follows a blank line or a line that ends a sentence. A hard-wrapped
# line that goes on with the sentence above keeps its small letter.
_LINE_START = re.compile(r"^(\s*(?:[-+•]\s*)?)([^\W\d_])")
_ENDS_SENTENCE = re.compile(r"[.:;!?]['\")”]*\s*$")


def _capitalise_sentence_starts(text: str) -> str:
    out: list[str] = []
    starts_sentence = True
    for line in text.split("\n"):
        match = _LINE_START.match(line)
        if match and starts_sentence and not match.group(2).isascii() and match.group(2).islower():
            line = match.group(1) + match.group(2).upper() + line[match.end() :]
        starts_sentence = not line.strip() or bool(_ENDS_SENTENCE.search(line))
        out.append(line)
    return "\n".join(out)


def _upper_caps_words(text: str) -> str:
    def fix_line(line: str) -> str:
        # A flattened header holds two cells on a line ("XÃ TÂN PHÚ   Độc lập ..."): each is judged alone.
        parts = re.split(r"(\s{3,}|\t|\|)", line)
        if len(parts) > 1:
            return "".join(part if k % 2 else fix_cell(part) for k, part in enumerate(parts))
        return fix_cell(line)

    def fix_cell(line: str) -> str:
        # A symbol such as "41/KH-UBND" is in capitals whatever the line is: it does not count.
        judged = " ".join(token for token in line.split() if not re.search(r"[\d/]", token))
        ascii_letters = [c for c in judged if c.isascii() and c.isalpha()]
        whole_line = len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters)

        def fix_word(match: re.Match) -> str:
            word = match.group(0)
            capitals = [c for c in word if c.isascii() and c.isalpha()]
            if capitals and all(c.isupper() for c in capitals) and (whole_line or len(capitals) >= 2):
                return word.upper()
            return word

        return _WORD.sub(fix_word, line)

    return "\n".join(fix_line(line) for line in text.split("\n"))


def convert_vni(text: str) -> str:
    """VNI Windows text read as Windows-1252 -> Unicode (NFC)."""
    out: list[str] = []
    for char in text:
        marks = VNI_MARKS.get(char)
        if marks is not None and out and out[-1][-1:] in _VNI_BASES:
            out[-1] += marks
        else:
            out.append(VNI_LETTERS.get(char, char))
    return unicodedata.normalize("NFC", "".join(out))


_CONVERTERS = {"tcvn3": convert_tcvn3, "vni": convert_vni}


def _vietnamese_share(text: str) -> float:
    """Share of the words with a non-ASCII letter that are Vietnamese syllables."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    return sum(1 for w in words if is_vietnamese_word(w)) / len(words)


def detect_legacy_encoding(text: str) -> str | None:
    """ "tcvn3", "vni" or None. Unicode Vietnamese is full of letters that
    legacy text cannot contain; text without them but with Latin-1 letters
    is converted both ways and the conversion that gives real syllables wins."""
    sample = text[:200_000]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < 20:
        return None
    if len(_VIETNAMESE_UNICODE.findall(sample)) > letters * 0.005:
        return None
    if not any("\u00a0" <= c <= "\u00ff" for c in sample):
        return None
    before = _vietnamese_share(sample)
    best, best_share = None, 0.0
    for name, convert in _CONVERTERS.items():
        converted = convert(sample)
        if not _VIETNAMESE_UNICODE.search(converted):
            continue
        share = _vietnamese_share(converted)
        if share > best_share:
            best, best_share = name, share
    if best is not None and best_share >= 0.6 and best_share > before + 0.2:
        return best
    return None


def convert_legacy(text: str, encoding: str) -> str:
    return _CONVERTERS[encoding](text)
