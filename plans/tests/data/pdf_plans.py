"""PDF files built with WeasyPrint for the reader's tests: the plan of
plan_spec as a commune prints it (the header band in two columns, the body,
the task table on a landscape page, the page number in the top margin of
every page after the first as Decree 30 has it, a footer line), a
long plan for the timings, and a scan (a picture saved as a PDF)."""

from __future__ import annotations

import io
from html import escape

from plans.tests.data import plan_spec as spec

FOOTER = "Ủy ban nhân dân xã Tân Thuận - ấp Tân Lập, xã Tân Thuận"

STYLE = f"""
@page {{ size: A4; margin: 2cm 1.5cm 2cm 2.5cm;
  @top-center {{ content: counter(page); font: 13pt "Liberation Serif"; }}
  @bottom-center {{ content: "{FOOTER}"; font: italic 9pt "Liberation Serif"; }} }}
@page :first {{ @top-center {{ content: none; }} }}
@page wide {{ size: A4 landscape; }}
body {{ font: 13pt/1.35 "Liberation Serif"; }}
p {{ margin: 0 0 4pt; text-align: justify; }}
p.indent {{ text-indent: 1cm; }}
.band {{ width: 100%; border-collapse: collapse; }}
.band td {{ width: 45%; text-align: center; vertical-align: top; padding: 0; font-size: 11.5pt; }}
.band td + td {{ width: 55%; }}
.center {{ text-align: center; }}
.title {{ text-align: center; font-weight: bold; margin-top: 14pt; }}
section.wide {{ page: wide; break-before: page; break-after: page; }}
table.tasks {{ border-collapse: collapse; width: 100%; font-size: 12pt; }}
table.tasks td, table.tasks th {{ border: 0.75pt solid black; padding: 3pt; vertical-align: top; }}
.sign {{ width: 100%; margin-top: 12pt; }}
.sign td {{ width: 50%; vertical-align: top; padding: 0; }}
"""


def _band(left: list[str], right: list[str], css: str = "band") -> str:
    cells = ("".join(f"<div>{escape(line)}</div>" for line in column) for column in (left, right))
    return f'<table class="{css}"><tr><td>{next(cells)}</td><td>{next(cells)}</td></tr></table>'


def _items(items: list, roman_from: int = 1) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in spec.numbered(items, roman_from))


def _task_table() -> str:
    width = len(spec.COLUMNS)
    rows = ["<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in spec.COLUMNS) + "</tr></thead>"]
    for k, row in enumerate(spec.TASK_ROWS):
        if isinstance(row, str):
            rows.append(f'<tr><td colspan="{width}"><b>{escape(row)}</b></td></tr>')
            continue
        cells = []
        for cell in row:
            if cell is None:
                continue  # covered by the cell above, which spans two rows
            merged_down = k + 1 < len(spec.TASK_ROWS) and isinstance(spec.TASK_ROWS[k + 1], list)
            merged_down = merged_down and spec.TASK_ROWS[k + 1][len(cells)] is None
            attrs = ' rowspan="2"' if merged_down else ""
            attrs += ' colspan="2"' if isinstance(cell, tuple) else ""
            cells.append(f"<td{attrs}>{escape(spec.cell_text(cell))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="tasks">{"".join(rows)}</table>'


def plan_html(extra_paragraphs: int = 0) -> str:
    """The plan as HTML; `extra_paragraphs` adds numbered paragraphs of three lines to its last section
    (for the timings)."""
    header = _band([*spec.HEADER_LEFT, spec.NUMBER], [*spec.HEADER_RIGHT, spec.DATE])
    title = "".join(f'<p class="center"><b>{escape(line)}</b></p>' for line in spec.TITLE)
    bases = "".join(f'<p class="indent">{escape(b)}</p>' for b in spec.BASES)
    filler = "".join(
        f"<p>{n}. Hỗ trợ hợp tác xã số {n} xây dựng phương án sản xuất, kinh doanh, ứng dụng khoa học kỹ thuật "
        "vào sản xuất, liên kết tiêu thụ nông sản với doanh nghiệp và mở rộng dịch vụ phục vụ thành viên "
        "trên địa bàn xã theo đúng quy định của pháp luật về hợp tác xã.</p>"
        for n in range(1, extra_paragraphs + 1)
    )
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{STYLE}</style></head><body>
{header}
<p class="title">KẾ HOẠCH</p>{title}
{bases}<p class="indent">{escape(spec.PREAMBLE)}</p>
{_items(spec.BEFORE_TABLE)}
<section class="wide">{_task_table()}</section>
{_items(spec.AFTER_TABLE, roman_from=3)}{filler}
<p class="indent">{escape(spec.CLOSING)}</p>
{_band(spec.RECIPIENTS, spec.SIGNER, "sign")}
</body></html>"""


def plan_pdf(extra_paragraphs: int = 0) -> bytes:
    from weasyprint import HTML

    return HTML(string=plan_html(extra_paragraphs)).write_pdf()


def scanned_pdf() -> bytes:
    """A page of a plan as a scanner gives it: a picture, no text layer."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(page)
    for y in range(80, 800, 24):
        draw.line((60, y, 560, y), fill=40, width=6)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=75)
    return out.getvalue()


def turned(content: bytes, page_index: int) -> bytes:
    """The PDF with one landscape page saved as some printers save it: a
    portrait page whose content is drawn turned, shown turned back by /Rotate 90."""
    import pypdf
    from pypdf.generic import RectangleObject

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(content))
    page = writer.pages[page_index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    page.add_transformation(pypdf.Transformation().rotate(90).translate(height, 0))
    page.mediabox = page.cropbox = RectangleObject([0, 0, height, width])
    page.rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def without_unicode_maps(content: bytes) -> bytes:
    """The PDF with its fonts' /ToUnicode maps taken out, as some old
    converters leave them: the letters are then known by their glyph names."""
    import pypdf
    from pypdf.generic import NameObject

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(content))
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
