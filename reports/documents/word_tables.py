"""The appendices of the Word file, after the signature: each in a section of
its own from a new page, landscape when its table is wide, the table laid
out as the PDF lays it out (reports/documents/tables.py): single borders,
the heading row repeated on every page, grouping rows merged across the
table, short rows kept whole. The page numbers run on from the body."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from reports.documents.tables import CELL_PADDING_MM, PageSetup, PrintedAppendix, Row
from reports.documents.word_text import add_line, add_paras, add_run, format_paragraph

TWIPS_PER_MM = 1440 / 25.4


def add_appendices(doc, appendices: list[PrintedAppendix], attached_line: str) -> None:
    for printed in appendices:
        appendix = printed.appendix
        _section(doc, printed.page)
        heading = [add_line(doc, appendix.label, bold=True), add_line(doc, appendix.title.upper(), bold=True)]
        if attached_line:
            heading.append(add_line(doc, attached_line, italic=True))
        for paragraph in heading:
            paragraph.paragraph_format.keep_with_next = True
        heading[-1].paragraph_format.space_after = Pt(6)
        add_paras(doc, appendix.paras)
        if printed.columns:
            _table(doc, printed)
        add_paras(doc, appendix.note)


def _section(doc, page: PageSetup) -> None:
    """A new page in the appendix's orientation. The new section keeps the
    body's header, so its page number follows on; unlike page 1 of the
    document, its first page shows the number."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.different_first_page_header_footer = False


def _twips(mm: float) -> str:
    return str(round(mm * TWIPS_PER_MM))


# The order Word requires of a table's properties (ECMA-376, CT_TblPr).
_TBL_PR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _put(tbl_pr, tag: str, element) -> None:
    """Set a table property in its place, replacing the one there."""
    for old in tbl_pr.findall(qn(tag)):
        tbl_pr.remove(old)
    tbl_pr.insert_element_before(element, *_TBL_PR_ORDER[_TBL_PR_ORDER.index(tag) + 1 :])


def _table_properties(table, width_mm: float) -> None:
    """Fixed columns, single 0.5 pt borders, the cell padding of the PDF."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), _twips(width_mm))
    width.set(qn("w:type"), "dxa")
    _put(tbl_pr, "w:tblW", width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    _put(tbl_pr, "w:tblBorders", borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, mm in (("top", 0.5), ("left", CELL_PADDING_MM), ("bottom", 0.5), ("right", CELL_PADDING_MM)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), _twips(mm))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _put(tbl_pr, "w:tblCellMar", margins)


def _row_flags(tr, *, header: bool = False, whole: bool = True) -> None:
    tr_pr = tr.get_or_add_trPr()
    if whole:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        # Word repeats a heading row at the top of every page the table reaches.
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_text(cell: _Cell, lines: list[str], *, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT):
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        format_paragraph(paragraph, align=align)
        add_run(paragraph, line, size=size, bold=bold)
    return paragraph


def _table(doc, printed: PrintedAppendix) -> None:
    widths = [column.width for column in printed.columns]
    table = doc.add_table(rows=1 + len(printed.rows), cols=len(widths))
    _table_properties(table, sum(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    size = printed.font_size
    trs = table._tbl.tr_lst
    _row_flags(trs[0], header=True)
    for tc, column in zip(trs[0].tc_lst, printed.columns, strict=True):
        tc.width = Mm(column.width)
        _cell_text(_Cell(tc, table), column.heading, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        tc.get_or_add_tcPr().append(_centred_vertically())
    for tr, row in zip(trs[1:], printed.rows, strict=True):
        _body_row(table, tr, row, widths, size)


def _centred_vertically():
    element = OxmlElement("w:vAlign")
    element.set(qn("w:val"), "center")
    return element


def _body_row(table, tr, row: Row, widths: list[float], size: float) -> None:
    _row_flags(tr, whole=row.group or not row.may_break)
    tcs = tr.tc_lst
    if row.group:
        # One cell across the table, kept with the row under it.
        for tc in tcs[1:]:
            tr.remove(tc)
        tcs[0].grid_span = len(widths)
        tcs[0].width = Mm(sum(widths))
        paragraph = _cell_text(_Cell(tcs[0], table), row.cells[0].lines, size=size, bold=True)
        paragraph.paragraph_format.keep_with_next = True
        return
    for i, (tc, width) in enumerate(zip(tcs, widths, strict=True)):
        tc.width = Mm(width)
        cell = row.cells[i] if i < len(row.cells) else None
        if cell is not None:
            align = WD_ALIGN_PARAGRAPH.CENTER if cell.centred else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(_Cell(tc, table), cell.lines, size=size, align=align)
