"""Text copied out of a legal-library web page, as the parser reads a plan.

A page copied or saved as text or Markdown keeps the marks of the page:
emphasis (**bold**, *italic*, __x__, _x_), headings "#", escapes ("1\\.",
"\\-"), links, "<br>" and entities, and its tables in one of two forms:
Markdown rows "| a | b |" with a "|---|---|" line, or cells run one under the
other with a lone "|" line between two cells of a row (and "---|---" after
the first row), each cell over as many lines as it had on the page. The
tables of the header and the foot are laid out by columns; the tables of the
body hold rows.

`plain_text` writes all this the way the rest of the parser reads a text:
the marks gone, a two-column table side by side line by line ("left |
right", as a Word table is read), any other table one line per row with its
cells joined by " | " (a row of one cell across the table as "text |"), the
separator lines gone. Text without these marks comes out as it went in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# "\*", "\-", "1\.": an escaped character is the character, never a mark.
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_SHELTER = 0xE000  # escaped characters are kept in the private-use area until the marks are gone
BAR = re.compile(r"^\s*\|\s*$")
SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"</?(?:b|i|u|em|strong|span|p|div|sup|sub|font)\b[^>]*>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,5}|#x[0-9a-fA-F]{1,4});")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
STRONG = re.compile(r"(\*\*|(?<!\w)__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
# A span of emphasis over several lines leaves a mark at the start of its first line and the end of
# its last, or of a cell of a table's row ("- Lưu: VT | **TM. ỦY BAN NHÂN DÂN").
OPENING = re.compile(r"(^|\|)(\s*)(?:\*{1,3}|_{1,3})(?=[^\s*_|])")
CLOSING = re.compile(r"(?<=[^\s*_(|])(?:\*{1,3}|_{1,3})(\s*)(?=\||$)")
HARD_BREAK = re.compile(r"(?<=\S)\s*\\\s*$")
# What opens the first cell of a row of a header or foot table: the number, "Nơi nhận", an issuer, a recipient.
LEFT_CELL = re.compile(
    r"^(?:Số\b|N[ơo]i\s+nh[ậa]n|(?:ỦY|UỶ)\s+BAN|UBND|HĐND|HỘI\s+ĐỒNG|ĐẢNG\s+(?:ỦY|UỶ|BỘ)|[-–•+]\s)", re.IGNORECASE
)
RECIPIENTS_LINE = re.compile(r"^N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
TYPE_LINE = re.compile(r"^KẾ\s*HOẠCH\b")
LAYOUT_CELL = re.compile(
    r"^(?:N[ơo]i\s+nh[ậa]n|(?:TM|KT|Q|TL|TUQ)\s*\.\s*\S|Số\s*:)|C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I|Độc\s+lập\s*[-–]",
    re.IGNORECASE,
)


def plain_text(text: str) -> str:
    """The text without the marks of a web page, its tables as the parser reads tables."""
    lines = [_shelter(line) for line in text.split("\n")]
    out: list[str] = []
    for line, clean in _tables(lines):
        parts = [line] if clean else BREAK.split(line)
        out += [part if clean else inline_plain(part) for part in parts]
    return "\n".join(_unshelter(line) for line in out)


def inline_plain(line: str) -> str:
    """One line without the marks of its page: entities, tags, links, headings, emphasis."""
    line = ENTITY.sub(lambda m: html.unescape(m.group(0)), TAG.sub("", line))
    line = AUTOLINK.sub(r"\1", LINK.sub(r"\1", IMAGE.sub(r"\1", line)))
    line = HEADING.sub("", line)
    for _ in range(3):  # "***x***", "**_x_**": marks inside marks
        stripped = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), STRONG.sub(r"\2", line))
        stripped = CLOSING.sub(r"\1", OPENING.sub(r"\1\2", stripped))
        if stripped == line:
            break
        line = stripped
    # A backslash at the end of a line is a Markdown line break.
    return HARD_BREAK.sub("", line)


def _shelter(line: str) -> str:
    return ESCAPED.sub(lambda m: chr(_SHELTER + ord(m.group(1))), line)


def _unshelter(line: str) -> str:
    return "".join(chr(ord(c) - _SHELTER) if _SHELTER <= ord(c) < _SHELTER + 128 else c for c in line)


# --- Tables ---------------------------------------------------------------------------


def _tables(lines: list[str]) -> list[tuple[str, bool]]:
    """The lines with every table written out; True marks a line already clean."""
    if not any("|" in line for line in lines):
        return [(line, False) for line in lines]
    lines = _join_wrapped_rows(lines)
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end, kind in _find_tables(lines):
        out += [(line, False) for line in lines[pos:start]]
        table = lines[start:end]
        rows = _markdown_rows(table) if kind == "markdown" else _cell_rows(table)
        out += [(line, True) for line in write_rows(rows)]
        out.append(("", True))
        pos = end
    out += [(line, False) for line in lines[pos:]]
    return out


def _join_wrapped_rows(lines: list[str]) -> list[str]:
    """A Markdown row hard-wrapped ("| a | b" then "c |") is one row again."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.lstrip().startswith("|") and not BAR.match(line) and not line.rstrip().endswith("|"):
            end = next((j for j in range(k + 1, min(k + 6, len(lines))) if lines[j].rstrip().endswith("|")), None)
            if end is not None and all(lines[j].strip() and "|" not in lines[j] for j in range(k + 1, end)):
                out.append(" ".join(part.strip() for part in lines[k : end + 1]))
                k = end + 1
                continue
        out.append(line)
        k += 1
    return out


def _find_tables(lines: list[str]) -> list[tuple[int, int, str]]:
    """The tables, as (start, end, kind): "markdown" for rows "| a | b |",
    "cells" for cells run one under the other."""
    tables: list[tuple[int, int, str]] = []
    k = 0
    while k < len(lines):
        if MARKDOWN_ROW.match(lines[k]) and not BAR.match(lines[k]):
            end = k
            while end < len(lines) and (MARKDOWN_ROW.match(lines[end]) or SEPARATOR.match(lines[end])):
                end += 1
            # A Markdown table has its "|---|" line; rows of a table already
            # written as the parser's rows ("1 | x | y |", " | z | t |") have none.
            if any("|" in lines[j] and SEPARATOR.match(lines[j]) for j in range(k, end)):
                tables.append((k, end, "markdown"))
                k = end
            else:
                k += 1
        else:
            k += 1
    taken = {k for start, end, _ in tables for k in range(start, end)}
    tables += [(start, end, "cells") for start, end in _cell_tables(lines, taken)]
    return sorted(tables)


def _runs(lines: list[str], taken: set[int]) -> list[tuple[int, int]]:
    """The runs of consecutive lines with text, outside the Markdown tables."""
    runs, start = [], None
    for k, line in enumerate([*lines, ""]):
        filled = bool(line.strip()) and k not in taken
        if filled and start is None:
            start = k
        elif not filled and start is not None:
            runs.append((start, k))
            start = None
    return runs


def _cell_tables(lines: list[str], taken: set[int]) -> list[tuple[int, int]]:
    """Tables whose cells run one under the other: the runs of lines around a
    lone "|" or a "---|---" line, or the rows of a header or a foot mixed
    with lines of their cells (`_mixed`)."""
    runs = _runs(lines, taken)

    def marks(run: tuple[int, int]) -> list[int]:
        return [k for k in range(*run) if BAR.match(lines[k]) or ("|" in lines[k] and SEPARATOR.match(lines[k]))]

    groups: list[list[tuple[int, int]]] = []
    for n, run in enumerate(runs):
        marked = marks(run)
        if not marked:
            mixed = _mixed(lines, run)
            if mixed:
                groups.append([mixed])
            continue
        group = [run]
        # A mark at the edge of its run joins the run beyond the blank lines to the table.
        if marked[0] == run[0] and n > 0:
            group.insert(0, runs[n - 1])
        if marked[-1] == run[1] - 1 and n + 1 < len(runs):
            group.append(runs[n + 1])
        if groups and groups[-1][-1][1] >= group[0][0]:
            groups[-1] += [r for r in group if r[0] > groups[-1][-1][0]]
        else:
            groups.append(group)
    return [_trim(lines, group[0][0], group[-1][1]) for group in groups]


def _mixed(lines: list[str], run: tuple[int, int]) -> tuple[int, int] | None:
    """A header or a foot copied row by row with some cells over several
    lines: "- Lưu: VT | TM. ỦY BAN NHÂN DÂN" then "Q. CHỦ TỊCH" on a line of
    its own. It is one only when some of its lines hold no "|"."""
    piped = [k for k in range(*run) if "|" in lines[k]]
    if not piped or not any(_layout_cells(lines[k]) for k in piped):
        return None
    start = _first_cell_start(lines, run[0], piped[0])
    if all("|" in lines[k] for k in range(start, run[1])):
        return None  # one row a line: already the parser's layout
    return start, run[1]


def _layout_cells(line: str) -> bool:
    return any(LAYOUT_CELL.search(inline_plain(cell).strip()) for cell in line.split("|"))


def _first_cell_start(lines: list[str], start: int, first_bar: int) -> int:
    """Where the first cell of a table starts, above its first "|": at "Nơi
    nhận" (the closing may stand right above it), else at the first of the
    short lines without a full stop above the "|" (a paragraph right above a
    table is no cell of it)."""
    recipients = [k for k in range(start, first_bar) if RECIPIENTS_LINE.match(inline_plain(lines[k]).strip())]
    if recipients:
        return recipients[0]
    top = first_bar
    while top > start and len(lines[top - 1].strip()) <= 60 and not re.search(r"[.:;]$", lines[top - 1].strip()):
        top -= 1
    return top


def _trim(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The table from its first cell (`_first_cell_start`) to its last line,
    or to the line before "KẾ HOẠCH" right below the header."""
    first_bar = next((k for k in range(start, end) if "|" in lines[k]), start)
    start = _first_cell_start(lines, start, first_bar)
    last_bar = max(k for k in range(start, end) if "|" in lines[k])
    end = next((k for k in range(last_bar + 1, end) if TYPE_LINE.match(inline_plain(lines[k]))), end)
    return start, end


@dataclass
class _Piece:
    """A line of a cell as written, with what stood around it."""

    text: str
    after_blank: bool = False
    before_bar: bool = False  # the cell's "|" follows on the same line


def _markdown_rows(lines: list[str]) -> list[list[list[str]]]:
    """Rows of cells, each cell its lines ("<br>" starts a line)."""
    rows = []
    for line in lines:
        if SEPARATOR.match(line):
            continue
        cells = line.strip()[1:-1].split("|")
        rows.append([cell_lines(BREAK.split(cell)) for cell in cells])
    return rows


def _cell_rows(lines: list[str]) -> list[list[list[str]]]:
    """The rows of a table whose cells run one under the other."""
    tokens: list[_Piece | str] = []  # "|" between two cells, "-" after a row
    blank = False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        if "|" in line and SEPARATOR.match(line):
            tokens.append("-")
        else:
            parts = line.split("|")
            for k, part in enumerate(parts):
                if k:
                    tokens.append("|")
                if part.strip():
                    tokens.append(_Piece(part.strip(), blank, k + 1 < len(parts)))
                    blank = False
        blank = False
    first_row = tokens[: tokens.index("-")] if "-" in tokens else tokens
    width = first_row.count("|") + 1 if "-" in tokens else 2
    return [[cell_lines([piece.text for piece in cell]) for cell in row] for row in _rows(tokens, max(width, 2))]


def _rows(tokens: list[_Piece | str], width: int) -> list[list[list[_Piece]]]:
    rows: list[list[list[_Piece]]] = []
    row: list[list[_Piece]] = [[]]
    for token in tokens:
        if token == "-":
            if any(row):
                rows.append(row)
            row = [[]]
        elif token == "|":
            if len(row) >= width:
                # The row is full: the end of its last cell is the first cell of the next row.
                cut = _next_row_at(row[-1])
                rows.append([*row[:-1], row[-1][:cut]])
                row = [row[-1][cut:]]
            row.append([])
        else:
            row[-1].append(token)
    if any(row):
        rows.append(row)
    return rows


def _next_row_at(cell: list[_Piece]) -> int:
    """Where, in the lines after the last "|" of a full row, the next row
    starts: at the number, "Nơi nhận" or an issuer, else after a blank line,
    else where one span of emphasis ends and the next begins, else at the
    line the next "|" stands on, else nowhere (the next row's first cell is empty)."""
    texts = [inline_plain(piece.text) for piece in cell]
    for k in range(1, len(cell)):
        if LEFT_CELL.match(texts[k]):
            return k
    for k in range(1, len(cell)):
        if cell[k].after_blank:
            return k
    for k in range(1, len(cell)):
        if CLOSING.search(cell[k - 1].text) and OPENING.match(cell[k].text):
            return k
    if cell and cell[-1].before_bar:
        return len(cell) - 1
    return len(cell)


def cell_lines(written: list[str]) -> list[str]:
    """A cell's lines without their marks, a line that goes on in lower case
    ("ngày 01 tháng 12" / "năm 2025") joined to the one above."""
    lines: list[str] = []
    for line in written:
        text = " ".join(inline_plain(line).split())
        if lines and text[:1].islower():
            lines[-1] = f"{lines[-1]} {text}"
        elif text:
            lines.append(text)
    return lines


def write_rows(rows: list[list[list[str]]]) -> list[str]:
    """A table the way the parser reads one: two columns side by side line
    by line, more columns one line a row with the cells joined by " | ", a
    row of a single cell across the table as "text |"."""
    width = max((len(row) for row in rows), default=0)
    out = []
    for row in rows:
        cells = [[line for line in cell if line.strip()] for cell in row]
        if width == 2:
            left, right = cells[0], cells[1] if len(cells) > 1 else []
            out += [
                f"{left[k] if k < len(left) else ''} | {right[k] if k < len(right) else ''}".strip()
                for k in range(max(len(left), len(right)))
            ]
        elif len(cells) == 1 and width > 1:
            out.append(f"{' '.join(cells[0])} |")
        else:
            out.append(" | ".join(" ".join(cell) for cell in cells))
    return out
