"""Word documents (.docx) built with python-docx for the reader's tests:
the plan of plan_spec as an official lays it out in Word (the header table
inside a content control, Word's own numbering, a footnote, a landscape
section holding the task table with merged cells, the signature table),
and small documents for text boxes."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from plans.tests.data import plan_spec as spec

W = nsdecls("w")
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def _numbering(document) -> None:
    """Lists 81 (I., 1.) and 82 (a dash) in numbering.xml."""
    numbering = document.part.numbering_part.element
    lists = {"81": [("upperRoman", "%1."), ("decimal", "%2.")], "82": [("bullet", "-")]}
    for num_id, levels in lists.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def _add(document, level, text: str) -> None:
    paragraph = document.add_paragraph(text)
    if level is not None:
        num_id, ilvl = ("82", 0) if level == 2 else ("81", level)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )


def _footnote(document, paragraph, text: str) -> None:
    """A footnote (id 1) on `paragraph`, in a word/footnotes.xml of its own."""
    xml = (
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="1"/></w:r>'))


def _header(document) -> None:
    """The header band: a borderless table of two columns, in a content control."""
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = spec.HEADER_LEFT[0]
    table.cell(0, 0).add_paragraph(spec.HEADER_LEFT[1])
    table.cell(0, 1).text = spec.HEADER_RIGHT[0]
    table.cell(0, 1).add_paragraph(spec.HEADER_RIGHT[1])
    table.cell(1, 0).text = spec.NUMBER
    table.cell(1, 1).text = spec.DATE
    sdt = parse_xml(f'<w:sdt {W}><w:sdtPr><w:alias w:val="Tiêu đề"/></w:sdtPr><w:sdtContent/></w:sdt>')
    table._tbl.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(table._tbl)


def _task_table(document) -> None:
    table = document.add_table(rows=1 + len(spec.TASK_ROWS), cols=len(spec.COLUMNS))
    table.style = "Table Grid"
    for c, name in enumerate(spec.COLUMNS):
        table.cell(0, c).text = name
    for r, row in enumerate(spec.TASK_ROWS, start=1):
        if isinstance(row, str):
            merged = table.cell(r, 0).merge(table.cell(r, len(spec.COLUMNS) - 1))
            merged.text = row
            continue
        c = 0
        for cell in row:
            if cell is None:
                table.cell(r - 1, c).merge(table.cell(r, c))
            elif isinstance(cell, tuple):
                table.cell(r, c).merge(table.cell(r, c + 1)).text = cell[0]
                c += 1
            elif isinstance(cell, list):
                table.cell(r, c).text = cell[0]
                for more in cell[1:]:
                    table.cell(r, c).add_paragraph(more)
            else:
                table.cell(r, c).text = cell
            c += 1


def _turn(document, orientation) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if (orientation == WD_ORIENT.LANDSCAPE) != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = orientation


def plan_docx() -> bytes:
    """The plan of plan_spec as a .docx."""
    document = docx.Document()
    _numbering(document)
    _header(document)
    document.add_paragraph("KẾ HOẠCH")
    for line in spec.TITLE:
        document.add_paragraph(line)
    document.add_paragraph(spec.BASES[0])
    _footnote(document, document.add_paragraph(spec.BASES[1]), spec.FOOTNOTE)
    document.add_paragraph(spec.PREAMBLE)
    for level, text in spec.BEFORE_TABLE:
        _add(document, level, text)
    _turn(document, WD_ORIENT.LANDSCAPE)
    _task_table(document)
    _turn(document, WD_ORIENT.PORTRAIT)
    for level, text in spec.AFTER_TABLE:
        _add(document, level, text)
    document.add_paragraph(spec.CLOSING)
    sign = document.add_table(rows=1, cols=2)
    for column, lines in ((0, spec.RECIPIENTS), (1, spec.SIGNER)):
        sign.cell(0, column).text = lines[0]
        for line in lines[1:]:
            sign.cell(0, column).add_paragraph(line)
    document.core_properties.author = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text_box(lines: list[str], *, fallback: bool) -> str:
    """The XML of a run holding a text box: DrawingML with its VML copy
    (mc:AlternateContent) as Word 2010+ writes it, or VML alone."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    vml = f"<w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict>"
    if not fallback:
        return f"<w:r {W} {VML}>{vml}</w:r>"
    box = f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"
    drawing = f"<w:drawing><wps:wsp>{box}</wps:wsp></w:drawing>"
    return (
        f'<w:r {W} {VML} {MC} {WPS}><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def text_box_docx() -> bytes:
    """A header in two text boxes anchored in the first paragraph (one with
    its VML fallback copy), "KẾ HOẠCH" after them, and a paragraph holding a
    content control (w:sdt) inline."""
    document = docx.Document()
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(_text_box(spec.HEADER_LEFT + [spec.NUMBER], fallback=True)))
    anchor._p.append(parse_xml(_text_box(spec.HEADER_RIGHT + [spec.DATE], fallback=False)))
    document.add_paragraph("KẾ HOẠCH")
    inline = document.add_paragraph("Về việc ")
    inline._p.append(
        parse_xml(f"<w:sdt {W}><w:sdtContent><w:r><w:t>phát triển hợp tác xã</w:t></w:r></w:sdtContent></w:sdt>")
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
