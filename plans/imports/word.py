"""Word files (.docx) as lines of text, the way the parser reads a text
file: one line per paragraph, Word's automatic numbering written out."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.outline import roman


def docx_lines(content: bytes) -> list[str]:
    """The text of a .docx as lines: one per paragraph, Word's automatic
    numbering written out ("I.", "1.", "a)", "-"), tables flattened row by
    row into "|"-separated cells."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(_("Tệp Word (.docx) bị hỏng hoặc không phải tệp Word.")) from None
    except Exception:  # python-docx raises many kinds of error on a damaged package
        raise ValidationError(_("Tệp Word (.docx) bị hỏng hoặc không phải tệp Word.")) from None
    numbering = _Numbering(document)
    lines: list[str] = []

    def paragraph_text(paragraph: Paragraph) -> str:
        text = " ".join(paragraph.text.replace("\t", " ").split())
        prefix = numbering.prefix(paragraph)
        if prefix and text:
            return f"{prefix} {text}"
        return text

    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(paragraph_text(Paragraph(child, document)))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    cells.append([t for t in (paragraph_text(p) for p in cell.paragraphs) if t])
                if len(cells) == 2:
                    # A layout table (header, signature band): its columns side by side, line by line.
                    for k in range(max(len(cells[0]), len(cells[1]))):
                        left = cells[0][k] if k < len(cells[0]) else ""
                        right = cells[1][k] if k < len(cells[1]) else ""
                        lines.append(f"{left} | {right}")
                elif cells:
                    lines.append(" | ".join(" ".join(c) for c in cells))
            lines.append("")
    return lines


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

    def prefix(self, paragraph) -> str:
        qn = self.qn
        num_pr = self._num_pr(paragraph)
        if num_pr is None or not paragraph.text.strip():
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
