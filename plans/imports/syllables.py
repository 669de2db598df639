"""Vietnamese syllables and where their tone mark belongs.

The rules come from Vietnamese spelling, not from a word list, so any damaged
syllable can be mended and any word that is not a Vietnamese syllable (a
name, an abbreviation, a foreign word) is recognised and left alone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

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
