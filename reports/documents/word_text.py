"""The paragraphs and runs of the Word file, set as the Decree 30 body is:
Times New Roman (every script), 1.15 line spacing, a 1 cm first-line
indent where the body has one. Shared by the document (word.py) and its
appendices (word_tables.py)."""

from __future__ import annotations

from copy import deepcopy
from functools import cache

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from plans.outline import Para

FONT = "Times New Roman"


def set_font(style_or_run, size: float | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    # Word picks the font per script; set all four so Vietnamese never
    # falls back to another face.
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


# python-docx spends a fraction of a millisecond on every property it sets;
# a long plan sets tens of thousands. Each distinct set of paragraph or run
# properties is built once through its API and then copied, which gives the
# same XML in a fraction of the time.


@cache
def _paragraph_properties(align, indent: bool, before: float, after: float):
    paragraph = Paragraph(OxmlElement("w:p"), None)
    _set_format(paragraph, align, indent, before, after)
    return paragraph._p.pPr


def _set_format(paragraph, align, indent: bool, before: float, after: float) -> None:
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.first_line_indent = Cm(1) if indent else Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = 1.15


@cache
def _run_properties(size: float, bold: bool, italic: bool, underline):
    run = Run(OxmlElement("w:r"), None)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    return run._r.rPr


def format_paragraph(paragraph, *, align=None, indent: bool = False, before: float = 0, after: float = 0) -> None:
    p = paragraph._p
    if p.pPr is None:
        p.insert(0, deepcopy(_paragraph_properties(align, indent, before, after)))
        return
    _set_format(paragraph, align, indent, before, after)


def add_run(paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False, underline=False):
    r = paragraph._p.add_r()
    r.insert(0, deepcopy(_run_properties(size, bold, italic, underline)))
    run = Run(r, paragraph)
    if text:
        run.text = text
    return run


def add_line(container, text: str, *, align=WD_ALIGN_PARAGRAPH.CENTER, **run):
    """A single-spaced line of the header, the signature band or an appendix heading."""
    paragraph = container.add_paragraph()
    format_paragraph(paragraph, align=align)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    add_run(paragraph, text, **run)
    return paragraph


def add_paras(doc, paras: list[Para], *, italic: bool = False) -> None:
    for para in paras:
        paragraph = doc.add_paragraph()
        format_paragraph(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
        text = f"{para.marker} {para.text}" if para.marker else para.text
        add_run(paragraph, text, italic=italic)
