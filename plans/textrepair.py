"""Vietnamese text repair for imported plans.

Plans reach the portal as text copied out of PDFs or old Word files, and
that text is damaged in a few well-known ways:

- a tone mark that PDF extraction wrote after the consonant that follows its
  vowel ("đươc̣", "nhâp̣"), after a space ("hô ̣gia"), or on the wrong vowel of
  the syllable ("hiêụ"); it is moved back by the Vietnamese spelling rules,
  not by a word list, so any damaged syllable is mended;
- whole files in the legacy 8-bit encodings TCVN3 (ABC, fonts ".VnTime") and
  VNI (fonts "VNI-Times"), which read as "Céng hoµ" or "Coäng hoøa";
- text not in Unicode normal form C (Decree 30 asks for TCVN 6909, NFC);
- a space before a comma or full stop, and '' used as an opening quote.

Correct Vietnamese is never changed: a syllable whose tone mark sits where
either the traditional ("hòa", "thủy") or the newer ("hoà", "thuỷ") style
puts it is left alone, and so is every word that is not a Vietnamese
syllable (names, abbreviations, foreign words). Every change is reported
with what was there before, what is there now and where, for the preview.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# --- Vietnamese syllables -----------------------------------------------------

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONE_MARKS = GRAVE + ACUTE + TILDE + HOOK + DOT
# Marks that make a letter of its own (â ê ô, ă, ơ ư) rather than a tone.
LETTER_MARKS = "\u0302\u0306\u031b"

VOWELS = "aăâeêioôơuưy"
MARKED_VOWELS = "ăâêôơư"
INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
FINALS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
# The vowel groups of Vietnamese (medial + nucleus + closing glide).
VOWEL_GROUPS = frozenset(
    """a ă â e ê i o ô ơ u ư y
    ai ao au âu ay ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê
    iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu""".split()
)


@dataclass(frozen=True)
class Syllable:
    initial: str
    vowels: str
    final: str


def parse_syllable(toneless: str) -> Syllable | None:
    """Split a lower-case syllable without tone mark into its parts, or None
    when it is not a Vietnamese syllable."""
    initial = ""
    for candidate in INITIALS:
        if toneless.startswith(candidate):
            rest = toneless[len(candidate) :]
            # "gi" and "qu" are initials only before another vowel: "gì" is g + i.
            if candidate in ("gi", "qu") and not (rest and rest[0] in VOWELS):
                continue
            initial = candidate
            break
    rest = toneless[len(initial) :]
    end = 0
    while end < len(rest) and rest[end] in VOWELS:
        end += 1
    vowels, final = rest[:end], rest[end:]
    if vowels not in VOWEL_GROUPS or final not in FINALS:
        return None
    return Syllable(initial, vowels, final)


def tone_slots(syllable: Syllable) -> tuple[int, ...]:
    """Where the tone mark may sit, as indexes into syllable.vowels; the
    first is where a repair puts it.

    The rules: a vowel with its own mark (ă â ê ô ơ ư) takes the tone, the
    second of "ươ"; of three plain vowels the middle one; of two, the second
    when a final consonant follows, else the first, except "oa", "oe", "uy",
    where the traditional style marks the first and the newer the second.
    """
    vowels = syllable.vowels
    if len(vowels) == 1:
        return (0,)
    marked = [i for i, c in enumerate(vowels) if c in MARKED_VOWELS]
    if marked:
        return (marked[-1],)
    if len(vowels) == 3 or syllable.final:
        return (1,)
    if vowels in ("oa", "oe", "uy"):
        return (0, 1)
    return (0,)


def _letters(word: str) -> tuple[list[str], list[tuple[int, str]]] | None:
    """The letters of a word (each with its letter marks, NFC) and its tone
    marks with the index of the letter they follow. None if the word has a
    mark that is not Vietnamese or a mark before any letter."""
    letters: list[str] = []
    tones: list[tuple[int, str]] = []
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS:
            if not letters:
                return None
            tones.append((len(letters) - 1, char))
        elif unicodedata.combining(char):
            if char not in LETTER_MARKS or not letters:
                return None
            letters[-1] += char
        else:
            letters.append(char)
    return [unicodedata.normalize("NFC", letter) for letter in letters], tones


def _compose(letters: list[str], index: int, tone: str) -> str:
    out = list(letters)
    out[index] = unicodedata.normalize("NFC", out[index] + tone)
    return unicodedata.normalize("NFC", "".join(out))


def _syllable_of(letters: list[str]) -> Syllable | None:
    return parse_syllable("".join(letters).lower())


def fix_syllable(word: str, extra_tone: str = "") -> str | None:
    """The word with its tone mark where the spelling rules put it, or None
    when nothing needs to change or the word is not a Vietnamese syllable.

    extra_tone is a stray mark found beside the word (after a space) that
    belongs to it; the word must then have no tone of its own.
    """
    parsed = _letters(word)
    if parsed is None:
        return None
    letters, tones = parsed
    if extra_tone:
        if tones:
            return None
        tones = [(-1, extra_tone)]
    if len(tones) != 1:
        return None
    syllable = _syllable_of(letters)
    if syllable is None:
        return None
    start = len(syllable.initial)
    slots = [start + i for i in tone_slots(syllable)]
    position, tone = tones[0]
    if position in slots:
        return None
    return _compose(letters, slots[0], tone)


def is_vietnamese_word(word: str) -> bool:
    """A Vietnamese syllable with at most one tone mark (in any place)."""
    parsed = _letters(word)
    if parsed is None:
        return False
    letters, tones = parsed
    return len(tones) <= 1 and _syllable_of(letters) is not None


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


# --- Bytes to text ------------------------------------------------------------------


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


# --- Repairs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Repair:
    kind: str  # "encoding", "nfc", "tone", "typo", "punctuation"
    before: str
    after: str
    position: int  # offset in RepairResult.source
    line: int = 0  # 1-based, 0 for whole-file repairs

    @property
    def label(self) -> str:
        return REPAIR_LABELS.get(self.kind, self.kind)


REPAIR_LABELS = {
    "encoding": "Chuyển bảng mã",
    "nfc": "Chuẩn hóa Unicode (NFC)",
    "tone": "Dấu thanh đặt sai chỗ",
    "typo": "Lỗi gõ đã biết",
    "punctuation": "Dấu câu",
}


@dataclass
class RepairResult:
    source: str  # the text as read (converted to Unicode, NFC): repairs point into it
    text: str  # the repaired text
    repairs: list[Repair] = field(default_factory=list)
    encoding: str | None = None  # "tcvn3", "vni" when a legacy file was converted


# A short, explicit list of whole-word slips that no rule can tell from
# correct text: (pattern, replacement).
KNOWN_TYPOS: list[tuple[re.Pattern, str]] = [
    # "sô 141": the number sign "số" that lost its acute before a number.
    (re.compile(r"(?<!\w)sô(?=\s+\d)"), "số"),
    (re.compile(r"(?<!\w)Sô(?=\s*:?\s*\d)"), "Số"),
    # Telex keystrokes left in the text: "uwx đãi" is "ưu đãi".
    (re.compile(r"(?<!\w)uwx(?!\w)"), "ưu"),
]

_W = r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*"
_STRAY_OR_WORD = re.compile(
    rf"(?P<prev>{_W})(?P<gap>[ \t\u00a0]+)(?P<mark>[{TONE_MARKS}])(?P<next>{_W})?|(?P<word>{_W})"
)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[\w)”’\"])[ \t\u00a0]+(?=[,;.:!?](?:[ \t\u00a0]|$))", re.MULTILINE)
_OPENING_QUOTES = re.compile(r"''(?=[^\W\d_])")
_CLOSING_QUOTES = re.compile(r"(?<=[\w.,!?])''")


def _tone_edits(text: str) -> list[tuple[int, int, str, str]]:
    edits = []
    for match in _STRAY_OR_WORD.finditer(text):
        if match.group("word") is not None:
            fixed = fix_syllable(match.group("word"))
            if fixed is not None:
                edits.append((match.start(), match.end(), fixed, "tone"))
            continue
        prev, gap, mark, nxt = match.group("prev", "gap", "mark", "next")
        nxt = nxt or ""
        on_prev = fix_syllable(prev, mark)
        if on_prev is not None:
            replacement = on_prev + gap + (fix_syllable(nxt) or nxt)
        else:
            on_next = fix_syllable(nxt, mark) if nxt else None
            if on_next is None:
                continue
            replacement = (fix_syllable(prev) or prev) + gap + on_next
        edits.append((match.start(), match.end(), replacement, "tone"))
    return edits


def _regex_edits(text: str) -> list[tuple[int, int, str, str]]:
    edits = []
    for pattern, replacement in KNOWN_TYPOS:
        edits += [(m.start(), m.end(), replacement, "typo") for m in pattern.finditer(text)]
    edits += [(m.start(), m.end(), "", "punctuation") for m in _SPACE_BEFORE_PUNCT.finditer(text)]
    edits += [(m.start(), m.end(), "“", "punctuation") for m in _OPENING_QUOTES.finditer(text)]
    edits += [(m.start(), m.end(), "”", "punctuation") for m in _CLOSING_QUOTES.finditer(text)]
    return edits


def repair_text(raw: str) -> RepairResult:
    """Convert a legacy encoding, normalise to NFC and mend damaged words."""
    repairs: list[Repair] = []
    encoding = detect_legacy_encoding(raw)
    if encoding:
        converted = convert_legacy(raw, encoding)
        repairs.append(Repair("encoding", LEGACY_NAMES[encoding], "Unicode", 0))
        raw = converted
    source = unicodedata.normalize("NFC", raw)
    if source != raw and not encoding:
        repairs.append(Repair("nfc", "", "NFC", 0))

    edits = sorted(_tone_edits(source) + _regex_edits(source), key=lambda e: (e[0], e[1]))
    out: list[str] = []
    cursor = 0
    for start, end, replacement, kind in edits:
        if start < cursor:  # overlaps an earlier edit: the first one wins
            continue
        before = source[start:end]
        if replacement == before:
            continue
        out.append(source[cursor:start])
        out.append(replacement)
        cursor = end
        display_before, display_after = before, replacement
        if kind == "punctuation" and not replacement:
            # Show the space with the mark it stood before.
            display_before, display_after = before + source[end : end + 1], source[end : end + 1]
        repairs.append(Repair(kind, display_before, display_after, start, source.count("\n", 0, start) + 1))
    out.append(source[cursor:])
    return RepairResult(source=source, text="".join(out), repairs=repairs, encoding=encoding)
