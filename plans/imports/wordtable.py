"""The tables of a .docx as lines, the way the parser reads a flattened
table: one line per row, cells joined by " | ", every column in its place.

A table of two columns is a layout table (the header band, the signature
band): its two cells are written side by side, paragraph by paragraph, so
that "UBND HUYỆN ... | CỘNG HÒA ..." reads as the header of a text file.
A wider table is a table of content: a cell merged across columns
(w:gridSpan) gives its text once and empty cells for the columns it covers;
a row of one cell across the whole table (a group of tasks, "I. CỦNG CỐ TỔ
CHỨC") is written "text |" so that it stays a row; a cell merged down the
rows (w:vMerge) gives its text to each row it covers, since a lead unit
written once for several tasks is the lead of each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn

# The paragraphs of a cell (w:tc), as text, in order.
CellText = Callable[[object], list[str]]

W_TR, W_TC = qn("w:tr"), qn("w:tc")
# Elements that wrap rows or cells without being one: content controls, custom XML.
WRAPPERS = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None}


@dataclass
class _Cell:
    column: int  # the first grid column it covers
    span: int  # how many grid columns it covers
    paragraphs: list[str]
    continues: bool  # merged with the cell above (w:vMerge without "restart")


def table_lines(tbl, cell_text: CellText) -> list[str]:
    """The lines of a table (w:tbl), without the blank line after it."""
    rows, width = _rows(tbl, cell_text)
    # Whatever its grid (Word often cuts a header band into more columns), a
    # table no row of which has more than two cells is laid out in two columns.
    if all(len(row) <= 2 for row in rows):
        return _layout_lines(rows)
    return _grid_lines(rows, width)


def _children(node, tag: str) -> Iterator:
    """The `tag` children of a node, looking through content controls."""
    for child in node.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            inner = child.find(WRAPPERS[child.tag]) if WRAPPERS[child.tag] else child
            if inner is not None:
                yield from _children(inner, tag)


def _int(node, child: str, default: int) -> int:
    found = node.find(qn(child)) if node is not None else None
    try:
        return int(found.get(qn("w:val"))) if found is not None else default
    except (TypeError, ValueError):
        return default


def _rows(tbl, cell_text: CellText) -> tuple[list[list[_Cell]], int]:
    grid = tbl.find(qn("w:tblGrid"))
    width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    rows = []
    for tr in _children(tbl, W_TR):
        tr_pr = tr.find(qn("w:trPr"))
        column = _int(tr_pr, "w:gridBefore", 0)
        row = []
        for tc in _children(tr, W_TC):
            tc_pr = tc.find(qn("w:tcPr"))
            span = max(1, _int(tc_pr, "w:gridSpan", 1))
            merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            continues = merge is not None and merge.get(qn("w:val"), "continue") != "restart"
            row.append(_Cell(column, span, cell_text(tc), continues))
            column += span
        width = max(width, column + _int(tr_pr, "w:gridAfter", 0))
        rows.append(row)
    return rows, width


def _layout_lines(rows: list[list[_Cell]]) -> list[str]:
    """Two cells side by side, paragraph by paragraph; one cell, its
    paragraphs as lines."""
    lines = []
    for row in rows:
        cells = [[] if cell.continues else cell.paragraphs for cell in row]
        if len(cells) == 2:
            left, right = cells
            for k in range(max(len(left), len(right))):
                lines.append(f"{left[k] if k < len(left) else ''} | {right[k] if k < len(right) else ''}")
        elif cells:
            lines.extend(cells[0])
    return lines


def _grid_lines(rows: list[list[_Cell]], width: int) -> list[str]:
    lines = []
    above: dict[int, list[str]] = {}  # the paragraphs of the last cell that started in each column
    for row in rows:
        cells = [""] * width
        for cell in row:
            if cell.continues:
                paragraphs = above.get(cell.column, [])
            else:
                paragraphs = above[cell.column] = cell.paragraphs
            if cell.column < width:
                cells[cell.column] = " ".join(paragraphs)
        if len(row) == 1 and row[0].column == 0 and row[0].span >= width and not row[0].continues:
            if cells[0]:
                lines.append(f"{cells[0]} |")
        elif any(cells):
            lines.append(" | ".join(cells).rstrip())
    return lines
