"""Word files (.docx) as lines of text, the way the parser reads a text
file: one line per paragraph, Word's automatic numbering written out,
tables as rows of "|"-separated cells (wordtable), footnotes kept.

Everything the body holds is read in its order: paragraphs, tables (in
portrait and landscape sections alike: a section break is only a mark on a
paragraph), content controls (w:sdt), and the paragraphs of text boxes,
where headers often sit. A footnote's reference becomes "[n]" and its text
follows its paragraph as a line "[n] text" (after the table, for a note in
a cell)."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

from plans.imports.wordtable import table_lines
from plans.outline import roman

# What a .docx may hold once unpacked: its pictures and its XML. Beyond, a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_TC, W_T = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:t")
W_TXBX = qn("w:txbxContent")
SPACES = {qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")}
# Blocks that hold blocks: content controls and custom XML around paragraphs and tables.
CONTAINERS = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None, f"{MC}AlternateContent": None}
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def docx_lines(content: bytes) -> list[str]:
    """The text of a .docx as lines: one per paragraph, Word's automatic
    numbering written out ("I.", "1.", "a)", "-"), tables row by row into
    "|"-separated cells, a blank line after each table."""
    reader = _Reader(_open(content))
    reader.blocks(reader.document.element.body)
    return reader.lines


def _open(content: bytes):
    import docx

    damaged = _("Tệp Word (.docx) bị hỏng hoặc không phải tệp Word.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(damaged) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("Tệp Word giải nén ra quá lớn (%(size)s MB): có thể tệp bị hỏng.") % {"size": unpacked // 1024 // 1024}
        )
    try:
        return docx.Document(io.BytesIO(content))
    except Exception:  # python-docx raises many kinds of error on a damaged package
        raise ValidationError(damaged) from None


def _inline(node):
    """The elements of a paragraph in order, without the paragraphs of its
    text boxes (read as paragraphs of their own) and without the fallback
    copy Word keeps of a drawing (mc:Fallback) beside the drawing itself."""
    for child in node.iterchildren():
        if child.tag == W_TXBX or child.tag == f"{MC}Fallback":
            continue
        yield child
        yield from _inline(child)


def _text_boxes(node):
    for child in node.iterchildren():
        if child.tag == W_TXBX:
            yield child
        elif child.tag != f"{MC}Fallback":
            yield from _text_boxes(child)


class _Reader:
    """A walk through the blocks of a document, writing its lines."""

    def __init__(self, document) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.notes = _footnotes(document)
        self.lines: list[str] = []
        self.pending: list[str] = []  # "[n] text" lines waiting for the end of their paragraph or table
        self.counted = 0

    def blocks(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == W_P:
                self.lines.extend(self.paragraph(child))
                self.flush()
            elif child.tag == W_TBL:
                self.lines.extend(table_lines(child, self.cell))
                self.lines.append("")
                self.flush()
            elif child.tag in CONTAINERS:
                inner = child.find(CONTAINERS[child.tag]) if CONTAINERS[child.tag] else child
                if inner is not None:
                    self.blocks(inner)
            elif child.tag == f"{MC}Choice":
                self.blocks(child)
                break  # one choice of an mc:AlternateContent is the content; the others are copies

    def flush(self) -> None:
        self.lines.extend(self.pending)
        self.pending = []

    def paragraph(self, p) -> list[str]:
        """The lines of a paragraph: those of its text boxes, then its own."""
        from docx.text.paragraph import Paragraph

        lines = [line for box in _text_boxes(p) for line in self.box(box)]
        text = self.text(p)
        prefix = self.numbering.prefix(Paragraph(p, self.document), text)
        return [*lines, f"{prefix} {text}" if prefix and text else text]

    def box(self, box) -> list[str]:
        """The lines of a text box (w:txbxContent), read as a document of its own."""
        outer, self.lines = self.lines, []
        self.blocks(box)
        lines, self.lines = self.lines, outer
        return lines

    def text(self, p) -> str:
        parts = []
        for node in _inline(p):
            if node.tag == W_T:
                parts.append(node.text or "")
            elif node.tag in SPACES:
                parts.append(" ")
            elif node.tag == qn("w:noBreakHyphen"):
                parts.append("-")
            elif node.tag == qn("w:footnoteReference"):
                parts.append(self.note(node.get(qn("w:id"))))
        return " ".join("".join(parts).split())

    def note(self, ref: str | None) -> str:
        """The mark of a footnote reference, its text put aside for after the paragraph."""
        if ref not in self.notes:
            return ""
        self.counted += 1
        mark = f"[{self.counted}]"
        self.pending.append(f"{mark} {self.notes[ref]}".strip())
        return mark

    def cell(self, tc) -> list[str]:
        """The paragraphs of a table cell (w:tc), nested tables cell by cell."""
        texts = []
        for child in tc.iterchildren():
            if child.tag == W_P:
                texts += self.paragraph(child)
            elif child.tag == W_TBL:
                texts += [t for tr in child.iter(qn("w:tr")) for inner in tr.iter(W_TC) for t in self.cell(inner)]
            elif child.tag in CONTAINERS:
                inner = child.find(CONTAINERS[child.tag]) if CONTAINERS[child.tag] else child
                texts += self.cell(inner) if inner is not None else []
        return [t for t in texts if t]


def _footnotes(document) -> dict[str, str]:
    """The text of each footnote (word/footnotes.xml) by its id, separators aside."""
    from docx.oxml import parse_xml

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES), None)
    if part is None:
        return {}
    try:
        root = parse_xml(part.blob)
    except Exception:  # a damaged notes part loses the notes, not the plan
        return {}
    notes = {}
    for note in root.iter(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = ("".join(t.text or "" for t in p.iter(W_T)) for p in note.iter(W_P))
        notes[note.get(qn("w:id"))] = " ".join(" ".join(texts).split())
    return notes


class _Numbering:
    """Word's automatic numbering (numbering.xml: w:num -> w:abstractNum ->
    w:lvl with numFmt, lvlText and start), counted as Word counts it."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, level in abstract.get(ref.get(qn("w:val")), {}).items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def _num_pr(self, paragraph):
        qn = self.qn
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            s_pr = style.element.find(qn("w:pPr"))
            num_pr = s_pr.find(qn("w:numPr")) if s_pr is not None else None
            style = style.base_style
        return num_pr

    def prefix(self, paragraph, text: str) -> str:
        qn = self.qn
        num_pr = self._num_pr(paragraph)
        if num_pr is None or not text:
            return ""
        num_id_node, ilvl_node = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id_node.get(qn("w:val")) if num_id_node is not None else None
        ilvl = int(ilvl_node.get(qn("w:val"))) if ilvl_node is not None else 0
        if not num_id or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "+" if text.strip() == "+" else "-"
        if fmt == "none":
            return text.strip()

        def level_value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            value = counters.get(level, self.levels.get((num_id, level), ("", "", 1))[2])
            return _format_number(value, level_fmt)

        return re.sub(r"%(\d)", level_value, text).strip()


def _format_number(value: int, fmt: str) -> str:
    latin = "abcdefghijklmnopqrstuvwxyz"
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt == "lowerLetter":
        return latin[(value - 1) % 26] * ((value - 1) // 26 + 1)
    if fmt == "upperLetter":
        return latin[(value - 1) % 26].upper() * ((value - 1) // 26 + 1)
    return str(value)
