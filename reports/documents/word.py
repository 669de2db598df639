"""An official document as an editable Word file, from the same structure as
the PDF (reports/documents/official.py), with the same page set-up: A4, the
Decree 30 margins, the two-column header, Times New Roman (Liberation Serif
has the same metrics where Word is not installed), page numbers from page 2."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from plans.outline import Outline, Para, issuer_lines
from reports.documents.metrics import text_width_mm
from reports.documents.official import OfficialDocument
from reports.documents.tables import PORTRAIT
from reports.documents.word_tables import add_appendices
from reports.documents.word_text import add_line, add_paras, add_run, format_paragraph, set_font

MARGINS_MM = {"top": PORTRAIT.top, "bottom": PORTRAIT.bottom, "left": PORTRAIT.left, "right": PORTRAIT.right}
HEADER_COLUMNS_MM = (67.5, 100)
SIGN_COLUMNS_MM = (53, 111)
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]


def _rule(cell_or_doc, width_mm: float, column_mm: float, after: float = 0) -> None:
    """A solid rule of the given width centred in its column: an empty
    paragraph with a top border, narrowed by indents."""
    paragraph = cell_or_doc.add_paragraph()
    side = max((column_mm - width_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    border.append(top)
    ppr.append(border)
    run = paragraph.add_run()
    run.font.size = Pt(2)


def _borderless(table, widths_mm: tuple[float, ...]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    # No cell padding, so the columns are exactly the template's widths.
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _cell_line(cell, text: str, first: bool, *, align=WD_ALIGN_PARAGRAPH.CENTER, **run):
    """A line in a table cell; a new cell already holds one empty paragraph,
    which takes the first line."""
    if not first:
        return add_line(cell, text, align=align, **run)
    paragraph = cell.paragraphs[0]
    format_paragraph(paragraph, align=align)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    add_run(paragraph, text, **run)
    return paragraph


def _page_number_header(section) -> None:
    """Decree 30: page numbers centred in the top margin, not on page 1."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    section.first_page_header.paragraphs[0].text = ""


def _heading(doc, text: str, *, bold: bool = True) -> None:
    paragraph = doc.add_paragraph()
    format_paragraph(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
    paragraph.paragraph_format.keep_with_next = True
    add_run(paragraph, text, bold=bold)


def _page_setup(doc) -> None:
    """Times New Roman 14 on A4 with the Decree 30 margins."""
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    _page_number_header(section)


def _header(doc, document: OfficialDocument) -> None:
    """Names | national title, then number | place and date."""
    header = doc.add_table(rows=2, cols=2)
    _borderless(header, HEADER_COLUMNS_MM)
    left, right = header.rows[0].cells
    first = True
    if document.governing_body:
        _cell_line(left, document.governing_body.upper(), first, size=13)
        first = False
    names = issuer_lines(document.issuer_name)
    for line in names:
        _cell_line(left, line, first, size=13, bold=True)
        first = False
    # Decree 30: a rule of 1/3 to 1/2 of the line above it.
    widest = max((text_width_mm(line, 13, bold=True) for line in names), default=40)
    _rule(left, 0.4 * min(widest, HEADER_COLUMNS_MM[0]), HEADER_COLUMNS_MM[0])
    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, size=13, bold=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", False, size=14, bold=True, underline=True)
    number_cell, date_cell = header.rows[1].cells
    number = _cell_line(number_cell, document.number_line, True, size=13)
    date = _cell_line(date_cell, document.date_line, True, size=14, italic=True)
    for paragraph in (number, date):
        paragraph.paragraph_format.space_before = Pt(4)


def _title(doc, document: OfficialDocument) -> None:
    """Type, subject and its rule, then the addressees ("Kính gửi")."""
    title = add_line(doc, document.doc_type, bold=True)
    title.paragraph_format.space_before = Pt(18)
    add_line(doc, document.subject, bold=True)
    _rule(doc, 0.4 * min(text_width_mm(document.subject, 14, bold=True), TEXT_WIDTH_MM), TEXT_WIDTH_MM, after=12)
    for i, addressee in enumerate(document.addressees):
        prefix = "Kính gửi: " if i == 0 else ""
        dash = "- " if len(document.addressees) > 1 else ""
        paragraph = add_line(doc, f"{prefix}{dash}{addressee}")
        if len(document.addressees) > 1:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.left_indent = Mm(45) if i else Mm(25)


def _body(doc, outline: Outline) -> None:
    """Legal bases, preamble, the numbered sections and the closing."""
    for basis in outline.legal_bases:
        add_paras(doc, [Para(basis)], italic=True)
    add_paras(doc, outline.preamble)
    for section in outline.sections:
        _heading(doc, f"{section.number} {section.heading.upper()}")
        add_paras(doc, section.paras)
        for item in section.items:
            if item.title or item.number:
                _heading(doc, " ".join(part for part in (item.number, item.title) if part))
            add_paras(doc, item.paras)
            for child in item.children:
                _heading(doc, f"{child.number} {child.title}", bold=False)
                add_paras(doc, child.paras)
    add_paras(doc, outline.closing)


def _signature(doc, outline: Outline) -> None:
    """Nơi nhận | the signer: one row that may not break across pages."""
    spacer = doc.add_paragraph()
    format_paragraph(spacer)
    spacer.paragraph_format.keep_with_next = True
    band = doc.add_table(rows=1, cols=2)
    _borderless(band, SIGN_COLUMNS_MM)
    tr_pr = band.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    left, right = band.rows[0].cells
    _cell_line(left, "Nơi nhận:", True, size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in outline.recipients:
        add_line(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in outline.signer_lines:
        _cell_line(right, line, first, bold=True)
        first = False
    space = add_line(right, "")
    space.paragraph_format.space_before = Mm(20)
    add_line(right, outline.signer_name, bold=True)


def document_to_docx(document: OfficialDocument) -> bytes:
    doc = Document()
    _page_setup(doc)
    _header(doc, document)
    _title(doc, document)
    _body(doc, document.outline)
    _signature(doc, document.outline)
    add_appendices(doc, document.appendices, document.attached_line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
