"""The lines of a plan's text and how the page was laid out: which lines are
page numbers or rules a PDF left behind, whether a blank line ends a
paragraph, how wide the lines run and whether they were hard-wrapped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.imports.patterns import FINAL_PUNCT, clean_line
from plans.imports.webtext import plain_text

RULE_LINE = re.compile(r"^[-–—_=*.~\s]{3,}$")
# "Trang 2", "- 2 -", "2/5": written as page numbers, never as content.
DECORATED_PAGE_NUMBER = re.compile(
    r"^(?:trang\s*\d{1,3}(?:\s*/\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3})$", re.IGNORECASE
)
BARE_NUMBER = re.compile(r"^\d{1,3}$")
PAGE_GAP = 15  # a page holds more lines than this; numbers closer together are content (a table column)


@dataclass
class Line:
    index: int  # 0-based line number in the text
    raw: str
    text: str


@dataclass
class Layout:
    width: int  # the length most lines reach, table rows aside
    wrapped: bool  # lines were broken at the page width, mid-sentence
    blanks_mean_breaks: bool

    def joins(self, previous: str, following: str, *, title: bool = False) -> bool:
        """Whether `following` continues the hard-wrapped line `previous`."""
        first = following[:1]
        ends_sentence = bool(FINAL_PUNCT.search(previous))
        if first.islower():
            return not (ends_sentence and not self.wrapped)
        if not self.wrapped or ends_sentence:
            return False
        # A line well short of the page width ended its paragraph.
        return len(previous) >= self.width * (0.85 if title else 0.75)


@dataclass
class Reading:
    """A text being parsed: its lines and their layout, and what the stages
    note down as they go."""

    lines: list[Line]
    layout: Layout
    consumed: set[int] = field(default_factory=set)  # boilerplate lines whose words need not appear in the result
    unplaced: list[str] = field(default_factory=list)  # text no stage could place, kept for the editor to move
    warnings: list[str] = field(default_factory=list)


def read_lines(text: str, wrapped: bool | None, *, web: bool = True) -> Reading:
    """The text as lines, without the page furniture and the marks of a web
    page (webtext, unless `web` is False: the lines a Word or PDF reader
    gives carry no such marks), and its layout; `wrapped` None means: guess
    it from the line lengths."""
    text = text.replace("\r\n", "\n")
    if web:
        text = plain_text(text)
    lines = [Line(i, raw, clean_line(raw)) for i, raw in enumerate(text.split("\n"))]
    consumed = _blank_page_furniture(lines)
    return Reading(lines, _layout(lines, wrapped), consumed)


def _blank_page_furniture(lines: list[Line]) -> set[int]:
    """Empties the lines that are page numbers or rules; returns their indexes."""
    breaks = {line.index for line in lines if "\f" in line.raw}
    for line in lines:
        if line.index in breaks:
            line.text = clean_line(line.raw.replace("\f", " "))
    pages = page_number_lines([line.text for line in lines], breaks)
    blanked = set()
    for line in lines:
        if line.text and (line.index in pages or RULE_LINE.match(line.text)):
            blanked.add(line.index)
            line.text = ""
    return blanked


def _layout(lines: list[Line], wrapped: bool | None) -> Layout:
    filled = [line for line in lines if line.text]
    followed_by_blank = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.text and not b.text)
    # Some extractions put a blank line after every line: blanks then
    # carry no meaning and paragraphs are rebuilt from the wrap alone.
    blanks_mean_breaks = not (len(filled) >= 6 and followed_by_blank >= 0.7 * len(filled))
    # The 90th percentile, not the longest line: one overlong line must not make every other line look short.
    lengths = sorted(len(line.text) for line in filled if "|" not in line.text)
    width = 80
    if lengths:
        width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    if wrapped is None:
        wrapped = bool(lengths) and width <= 130
    return Layout(width=width, wrapped=wrapped, blanks_mean_breaks=blanks_mean_breaks)


def page_number_lines(texts: list[str], breaks: set[int] = frozenset()) -> set[int]:
    """The indexes of the lines that are page numbers a PDF left in the text.

    A line holding only a number may be content too (a cell of a table
    extracted one cell per line, a figure wrapped onto its own line), so a
    bare number is taken for a page number only when it is plausibly one:
    next to a page break (form feed), or far from any other bare number
    and continuing the page count (the first page is usually unnumbered,
    so the count starts at 1 or 2)."""
    pages: set[int] = set()
    filled = [k for k, text in enumerate(texts) if text]
    rank = {k: n for n, k in enumerate(filled)}  # position among the non-empty lines
    bare = [k for k in filled if BARE_NUMBER.match(texts[k])]
    last_page: int | None = None
    for pos, k in enumerate(bare):
        value = int(texts[k])
        # A break between the lines around it (or on them) puts it at a page's foot or head.
        before = filled[rank[k] - 1] if rank[k] else 0
        after = filled[rank[k] + 1] if rank[k] + 1 < len(filled) else len(texts)
        at_break = any(before <= b <= after for b in breaks)
        previous_gap = rank[k] - rank[bare[pos - 1]] if pos else rank[k] + 1
        next_gap = rank[bare[pos + 1]] - rank[k] if pos + 1 < len(bare) else PAGE_GAP
        alone = previous_gap >= PAGE_GAP and next_gap >= PAGE_GAP
        in_sequence = value in ((1, 2) if last_page is None else (last_page + 1, last_page + 2))
        if at_break or (alone and in_sequence):
            pages.add(k)
            last_page = value
    pages.update(k for k in filled if DECORATED_PAGE_NUMBER.match(texts[k]))
    return pages
