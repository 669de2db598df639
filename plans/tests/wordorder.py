"""How much of a source document survives an import, in order.

`share_in_order(source, data)` is the share of the source's words that the
interchange data holds in the same order, read in the order of the document
(header, title, legal bases, preamble, the sections in their order, the
closing, the recipients, the signer, then the appendices). The national
heading, the motto, the type line, the number and date of the header, the
numbering markers, an appendix's label and "Kèm theo" line and the heading
row of a table of tasks (one cell a line too) are the form of the document,
not words it must repeat. A table row a PDF wrapped is read cell by cell.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from plans.imports import MOTTO, NATIONAL, NUMBER, data_words, words_of

STANDARD = ("objectives", "tasks", "solutions", "funding")
# Marks of the layout a document repeats on every page or in every table.
FORM = re.compile(r"^[\s*_]*(?:KẾ\s*HOẠCH|Nơi\s+nhận\s*:?|\(?Đã\s+ký\)?)[\s*_]*$", re.IGNORECASE | re.MULTILINE)
COLUMN_GAP = re.compile(r"\s*\|\s+|(?<=\S)(?:\s{3,}|\s*\t\s*)(?=\S)")
# The marks of a web page: tags ("<br>") and emphasis are no words of the document.
WEB_MARKS = re.compile(r"<[a-zA-Z/][^>]{0,40}>|(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")
# An appendix's label ("PHỤ LỤC II") and its line "(Kèm theo Kế hoạch số ... của ...)": the
# document prints its own (plans/appendices.py, reports/documents/official.py).
APPENDIX_FORM = re.compile(
    r"^\s*(?:(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s*)?(?:[IVXL]{1,6}|\d{1,3}))?(?=\s*(?:[:.\-–]|$))"
    r"|\(\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\s+[Kk]ế\s+hoạch\b[^)]*\))",
    re.MULTILINE,
)
# The heading row of a table of tasks names the fields each task is read into.
TABLE_HEADING = re.compile(r"^\s*\|?\s*S?TT\s*[|\t].*$", re.IGNORECASE | re.MULTILINE)
# The same row from a PDF that gives a table one cell a line: "TT", then the headings up to the first row's number.
CELL_HEADING = re.compile(r"^\s*S?TT\s*\n(?:[^\n|]{1,80}\n){2,11}(?=\s*(?:\d{1,3}|[IVXL]{1,6})\s*\n)", re.I | re.M)
MARKER = re.compile(r"^(?:[ivxl]{1,5}|\d{1,3}|[a-zđ])$")


def read_columns(text: str) -> str:
    """A two-column band (the header, the signature: "left | right" lines,
    or columns set apart by runs of spaces) read as a person reads it, the
    left column first, then the right."""
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in [*text.replace("\f", "\n").split("\n"), ""]:
        cells = COLUMN_GAP.split(line.rstrip())  # " | PHÓ CHỦ TỊCH": the right column alone
        if len(cells) == 2 and "|" not in cells[1]:
            left.append(cells[0])
            right.append(cells[1])
            continue
        if (left or right) and line.strip():
            # One column alone on its line: far to the right, or the left one.
            (right if line.startswith(" " * 10) else left).append(line.strip())
            continue
        out += left + right
        left, right = [], []
        out.append(line)
    return "\n".join(out)


def read_wrapped_rows(text: str) -> str:
    """A table row a PDF wrapped over several lines (the lines under it with
    an empty first cell) read cell by cell, as a person reads it."""
    out: list[str] = []
    for line in text.split("\n"):
        cells = [cell.strip() for cell in line.split("|")]
        above = [cell.strip() for cell in out[-1].split("|")] if out else []
        if len(cells) > 2 and not cells[0] and len(above) == len(cells) and above[0]:
            out[-1] = " | ".join(f"{a} {b}".strip() for a, b in zip(above, cells, strict=True))
            continue
        out.append(line)
    return "\n".join(out)


# The national heading wrapped in a narrow column, other lines between its pieces.
WRAPPED_NATIONAL = re.compile(
    r"C[ỘO]NG\s+H[ÒO]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A(?:\s+VI[ỆE]T)?[ \t]*\n"
    r"((?:.*\n){0,3}?)[ \t|]*(?:VI[ỆE]T\s+)?NAM[ \t]*$",
    re.MULTILINE,
)


def source_words(text: str) -> list[str]:
    text = WRAPPED_NATIONAL.sub(r"\1", text)
    text = WEB_MARKS.sub(lambda m: " " if m.group().lower().startswith("<br") else "", text)
    text = read_wrapped_rows(read_columns(MOTTO.sub(" ", NATIONAL.sub(" ", text))))
    text = CELL_HEADING.sub(" ", TABLE_HEADING.sub(" ", APPENDIX_FORM.sub(" ", FORM.sub(" ", text))))
    text = NUMBER.sub(" ", text, count=1)
    text = re.sub(r"ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*|/\s*\d{1,2}\s*/\s*)\d{4}", " ", text, count=1)
    return [w for w in words_of(text) if not MARKER.match(w)]


def document_words(data: dict[str, Any]) -> list[str]:
    """The words of interchange data in the order its document prints them."""
    issuer = data.get("issuer") or {}
    out: list[Any] = [issuer.get("parent"), issuer.get("name"), data.get("place"), data.get("title")]
    out.append(data.get("legal_bases"))
    out.append(data.get("preamble"))
    extras = data.get("extra_sections") or []
    appendix_tasks = (data.get("task_appendix") or {}).get("listing") == "appendix"
    out += [e for e in extras if e.get("after") == "start"]
    for key in STANDARD:
        if not (key == "tasks" and appendix_tasks):
            out.append(data.get(key))
        out += [e for e in extras if e.get("after", "funding") == key]
    out += [data.get("closing"), data.get("recipients"), data.get("signer")]
    if appendix_tasks:
        out += [data["task_appendix"].get("title"), data.get("tasks")]
    out.append(data.get("appendices"))
    return [w for w in data_words(out) if not MARKER.match(w)]


def share_in_order(source: str, data: dict[str, Any]) -> float:
    """The share (0-1) of the source's words found in order in `data`."""
    need = source_words(source)
    if not need:
        return 1.0
    matcher = SequenceMatcher(None, need, document_words(data), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(need)
