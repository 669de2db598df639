"""The body's lines rebuilt into blocks: paragraphs joined again across hard
wraps, each with the marker that opened it ("II.", "1.", "a)", "-", "+"),
table rows, legal bases."""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.imports.layout import Layout, Line
from plans.imports.patterns import (
    BASIS,
    CLOSING,
    DASH,
    FINAL_PUNCT,
    LETTERED,
    NUMBERED,
    OWN_MARKER,
    PART_OPENING,
    PLUS,
    ROMAN_HEADING,
    SUB_NUMBERED,
    is_upper,
    roman_value,
)

# The letters Vietnamese lists count with: the alphabet has no f, j, w or z, and đ follows d.
LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class Block:
    """A paragraph rebuilt from one or more lines."""

    kind: str  # "roman", "num", "letter", "dash", "plus", "text", "row", "basis"
    text: str  # without its marker
    marker: str = ""  # "II.", "1.", "a)", "-", "+"
    lines: list[int] = field(default_factory=list)
    last: str = ""  # the last source line, for the wrap rule

    @property
    def raw(self) -> str:
        if self.kind == "dash":
            return f"- {self.text}"
        if self.kind == "plus":
            return f"+ {self.text}"
        return f"{self.marker} {self.text}".strip() if self.marker else self.text


@dataclass
class _Count:
    """The numbering met so far."""

    roman: int = 0
    number: int = 0
    letter: int = -1  # index into LETTERS
    front: bool = True  # before the first Roman heading, where the legal bases stand


def blocks(lines: list[Line], layout: Layout) -> list[Block]:
    """Rebuild paragraphs; numbering is only taken for a marker when it
    continues the running sequence, so a wrapped line that happens to
    start with "2." or "b." stays text."""
    out: list[Block] = []
    current: Block | None = None
    count = _Count()
    for line in lines:
        text = line.text
        if not text:
            if layout.blanks_mean_breaks:
                current = None
            continue
        block = _numbered(text, count) or _marked(text, count, current, layout)
        if block is None and current is not None and current.kind != "row":
            heading = current.kind in ("roman", "num", "letter")
            if layout.joins(current.last, text, title=heading) or _heading_goes_on(current, text):
                current.text = f"{current.text} {text}".strip()
                current.last = text
                current.lines.append(line.index)
                continue
        if block is None:
            block = Block("text", text)
        block.lines.append(line.index)
        block.last = text
        out.append(block)
        current = block
    return out


def _heading_goes_on(current: Block, text: str) -> bool:
    """A heading in capitals wrapped onto a second line in capitals ("II. NHIỆM
    VỤ VÀ GIẢI PHÁP" / "THỰC HIỆN"), or a numeral alone on its line ("II.")
    with its heading on the next. A line that opens a part ("MỤC TIÊU CHUNG")
    or has a marker of its own ("A. ...") is a heading of its own."""
    if current.kind not in ("roman", "num") or not is_upper(text):
        return False
    if not current.text:
        return current.kind == "roman"
    if FINAL_PUNCT.search(current.last) or PART_OPENING.match(text) or OWN_MARKER.match(text):
        return False
    return is_upper(current.text)


def _numbered(text: str, count: _Count) -> Block | None:
    """A block opened by a Roman numeral, a number or a letter that continues the count."""
    if "|" in text:  # a row of a table, a grouping row "I. CỦNG CỐ TỔ CHỨC |" too: never a heading
        return None
    match = ROMAN_HEADING.match(text)
    # The count may skip a numeral (a heading garbled in the file) or start again at I.
    if match and roman_value(match.group("num")) in (count.roman + 1, count.roman + 2, 1):
        count.roman = roman_value(match.group("num"))
        count.number, count.letter, count.front = 0, -1, False
        return Block("roman", match.group("text") or "", f"{match.group('num')}.")
    # "1.1." is a sub-item written in the text, never the item "1." (checked first).
    if SUB_NUMBERED.match(text):
        return Block("text", text)
    if (match := NUMBERED.match(text)) and match.group("text"):
        n = int(match.group("num"))
        if n in (count.number + 1, 1):
            count.number, count.letter = n, -1
            return Block("num", match.group("text"), f"{n}.")
    if match := LETTERED.match(text):
        index = LETTERS.find(match.group("letter"))
        if index == count.letter + 1 or (index == 0 and count.letter != 0):
            count.letter = index
            return Block("letter", match.group("text"), f"{match.group('letter')})")
    return None


def _marked(text: str, count: _Count, current: Block | None, layout: Layout) -> Block | None:
    """A block that its first words open: a dash or plus item, a table row, a legal basis, the closing."""
    if count.front and (match := DASH.match(text)) and BASIS.match(match.group("text")):
        return Block("basis", match.group("text"))
    if match := PLUS.match(text):
        return Block("plus", match.group("text"))
    if match := DASH.match(text):
        # A dash "–" that starts a wrapped line may be the sentence's own ("Phòng Tài chính – Kế hoạch").
        continues = match.group("mark") in "–—" and current is not None and layout.joins(current.last, text)
        if not continues:
            return Block("dash", match.group("text"))
    if "|" in text:
        return Block("row", text)
    if count.front and BASIS.match(text):
        return Block("basis", text)
    if CLOSING.match(text) and not count.front:
        return Block("text", text)
    return None
