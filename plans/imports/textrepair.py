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

The spelling rules live in syllables.py, the legacy encodings in encodings.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from plans.imports.encodings import LEGACY_NAMES, convert_legacy, detect_legacy_encoding
from plans.imports.syllables import TONE_MARKS, fix_syllable


@dataclass(frozen=True)
class Repair:
    kind: str  # "encoding", "nfc", "tone", "typo", "punctuation"
    before: str
    after: str
    position: int  # offset in RepairResult.source
    line: int = 0  # 1-based, 0 for whole-file repairs

    @property
    def label(self) -> str:
        return str(REPAIR_LABELS.get(self.kind, self.kind))


REPAIR_LABELS = {
    "encoding": gettext_lazy("Chuyển bảng mã"),
    "nfc": gettext_lazy("Chuẩn hóa Unicode (NFC)"),
    "tone": gettext_lazy("Dấu thanh đặt sai chỗ"),
    "typo": gettext_lazy("Lỗi gõ đã biết"),
    "punctuation": gettext_lazy("Dấu câu"),
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
