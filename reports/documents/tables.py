"""An appendix as both renderers print it: the page it goes on, the width of
each column of its table, and which rows may break across a page.

Laid out here once, from the font's own metrics, so the PDF (the partial
templates/reports/includes/_doc_appendices.html) and the DOCX
(reports/documents/word_tables.py) give a table the same columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from plans.outline import Appendix
from reports.documents.metrics import text_width_mm


@dataclass(frozen=True)
class PageSetup:
    """A page in millimetres."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def landscape(self) -> bool:
        return self.width > self.height


# Decree 30, Appendix I: A4, margins top 25, bottom 20, left 30, right 15 mm.
PORTRAIT = PageSetup(210, 297, top=25, right=15, bottom=20, left=30)
# A wide table turns the sheet: the 30 mm binding edge of the portrait page
# is the top of a landscape page read with the spine up, and the sides take
# the portrait top and bottom margins, the wider on the left, where a reader
# holds the page. print.css (@page wide) sets the same.
LANDSCAPE = PageSetup(297, 210, top=30, right=20, bottom=15, left=25)

# Decree 30 leaves tables to the drafter; 12 pt is what the official
# templates use, 11 pt when a table has more than seven columns.
TABLE_SIZE = 12
SMALL_TABLE_SIZE = 11
SMALL_FROM_COLUMNS = 8
CELL_PADDING_MM = 1.5  # left and right inside a cell, the same in print.css and word_tables.py
# A row taller than this many lines may break across a page; a shorter one moves to the next page whole.
LONG_ROW_LINES = 8
NUMBER_HEADINGS = {"TT", "STT", "SỐ TT"}
SHORT_CELL_MM = 25


@dataclass
class Column:
    label: str
    width: float  # mm
    share: float  # of the table's width
    centred: bool = False  # the running number "TT"
    heading: list[str] = field(default_factory=list)  # the label in the lines it is printed on

    @property
    def percent(self) -> str:
        """For a CSS width; a string, so no locale writes a decimal comma."""
        return f"{self.share * 100:.3f}%"

    @property
    def whole_percent(self) -> int:
        """The width in whole percents, for the page's pct-N classes (static/css/percent.css)."""
        return max(1, min(100, round(self.share * 100)))


@dataclass
class Cell:
    text: str
    centred: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines() or [""]


@dataclass
class Row:
    cells: list[Cell]
    group: bool = False  # one bold cell across the table
    may_break: bool = False


@dataclass
class PrintedAppendix:
    appendix: Appendix
    page: PageSetup
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    font_size: float = TABLE_SIZE

    @property
    def landscape(self) -> bool:
        return self.page.landscape

    @property
    def small(self) -> bool:
        return self.font_size < TABLE_SIZE


def printed_appendices(appendices: list[Appendix]) -> list[PrintedAppendix]:
    return [printed_appendix(appendix) for appendix in appendices]


def printed_appendix(appendix: Appendix) -> PrintedAppendix:
    page = LANDSCAPE if appendix.landscape else PORTRAIT
    if not appendix.columns:
        return PrintedAppendix(appendix, page)
    size = SMALL_TABLE_SIZE if len(appendix.columns) >= SMALL_FROM_COLUMNS else TABLE_SIZE
    centred = [label.strip().upper() in NUMBER_HEADINGS for label in appendix.columns]
    body = [row.cells for row in appendix.rows if not row.group]
    widths = column_widths(appendix.columns, body, page.text_width, size, fixed=centred)
    total = sum(widths)
    columns = [
        Column(label, width, width / total, flag, heading_lines(label, width - _pad(), size))
        for label, width, flag in zip(appendix.columns, widths, centred, strict=True)
    ]
    rows = []
    for row in appendix.rows:
        if row.group:
            rows.append(Row([Cell(" ".join(row.cells))], group=True))
            continue
        cells = [Cell(text, flag) for text, flag in zip(row.cells, centred, strict=False)]
        rows.append(Row(cells, may_break=row_lines(row.cells, widths, size) > LONG_ROW_LINES))
    return PrintedAppendix(appendix, page, columns, rows, size)


def _pad() -> float:
    return 2 * CELL_PADDING_MM + 0.5  # the padding and a little for the borders


def heading_lines(label: str, room: float, size: float) -> list[str]:
    """A column heading broken into the fewest lines that fit, as even as
    they can be ("Cơ quan / chủ trì", not "Cơ quan chủ / trì")."""
    words = label.split()
    if len(words) < 2 or len(words) > 12 or text_width_mm(label, size, bold=True) <= room:
        return [label]
    for breaks in range(1, len(words)):
        best: tuple[float, list[str]] | None = None
        for cuts in combinations(range(1, len(words)), breaks):
            bounds = zip((0, *cuts), (*cuts, len(words)), strict=True)
            lines = [" ".join(words[start:end]) for start, end in bounds]
            widest = max(text_width_mm(line, size, bold=True) for line in lines)
            if widest <= room and (best is None or widest < best[0]):
                best = (widest, lines)
        if best:
            return best[1]
    return words


def row_lines(cells: list[str], widths: list[float], size: float) -> int:
    """About how many lines the row's tallest cell takes."""
    tallest = 1
    for text, width in zip(cells, widths, strict=False):
        room = max(width - _pad(), 1)
        # Lines wrap at spaces, so a line holds a little less than its width.
        lines = sum(max(1, math.ceil(text_width_mm(line, size) * 1.1 / room)) for line in text.splitlines() or [""])
        tallest = max(tallest, lines)
    return tallest


def column_widths(
    labels: list[str], rows: list[list[str]], total: float, size: float, *, fixed: list[bool] | None = None
) -> list[float]:
    """Every column at least as wide as its longest word (a Vietnamese word
    is never split); the room left goes to the columns in proportion to how
    much text they hold, none wider than its longest cell, so "Nội dung" is
    the widest and "TT" stays narrow. What is still left (short cells all
    round) widens the columns that are not `fixed`, and the table fills the
    text width."""
    fixed = fixed or [False] * len(labels)
    words, whole, most, weight = [], [], [], []
    for i, label in enumerate(labels):
        texts = [line for row in rows if i < len(row) for line in row[i].splitlines() if line.strip()]
        lengths = [text_width_mm(text, size) for text in texts]
        longest_word = max((text_width_mm(w, size) for text in texts for w in text.split()), default=0)
        longest_word = max([longest_word, *(text_width_mm(w, size, bold=True) for w in label.split())])
        words.append(longest_word + _pad())
        # A short cell ("Quý III/2022", "Phòng Kinh tế") reads best on one line.
        whole.append(max([longest_word, *(n for n in lengths if n <= SHORT_CELL_MM)]) + _pad())
        # A heading may wrap onto two or three lines; the cells say how wide the column wants to be.
        most.append(max(whole[-1], max([*lengths, text_width_mm(label, size, bold=True) / 2.5]) + _pad()))
        # How much text the column holds; a cell longer than the table is wide wraps however the columns are set.
        weight.append(sum(min(n, total) for n in lengths) / max(len(rows), 1))
    least = whole if sum(whole) <= 0.8 * total else words
    if sum(least) >= total:
        return [width * total / sum(least) for width in least]
    widths = list(least)
    room = total - sum(widths)
    growing = [i for i in range(len(labels)) if widths[i] < most[i]]
    while room > 0.01 and growing:
        shares = [weight[i] for i in growing] if any(weight[i] for i in growing) else [1.0] * len(growing)
        given = 0.0
        for i, share in zip(growing, shares, strict=True):
            step = min(room * share / sum(shares), most[i] - widths[i])
            widths[i] += step
            given += step
        room -= given
        growing = [i for i in growing if widths[i] < most[i] - 0.01]
    loose = [i for i in range(len(labels)) if not fixed[i]] or list(range(len(labels)))
    if room > 0.01:
        spread = sum(widths[i] for i in loose)
        for i in loose:
            widths[i] += room * widths[i] / spread
    return widths
