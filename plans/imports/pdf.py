"""PDF files with a text layer as the lines of text the parser reads, the
way a text extraction of the PDF would give them, only tidier.

Each page is read top to bottom (pdfplumber, on pdfminer.six): the words
of one height make a line, and a wide gap between words on a line parts
two cells, so that the header band reads "UBND HUYỆN ... | CỘNG HÒA ..."
as in a text file. Ruled tables are found by pdfplumber's table finder and
written row by row as the Word reader writes them (wordtable): " | "
between cells, "text |" for a row of one cell across the table, the text
of a cell merged down repeated on each row it covers. What a PDF repeats
on its pages is dropped: lines at the same place in the top or bottom
margin of most pages (running heads, footers) and page numbers there.
Pages are parted by a form feed, which the parser knows. A landscape page
is read as any other.

A PDF without a text layer (a scan), one locked with a password, a damaged
one or one too long gets a message saying so and what to do."""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PAGES = 300
MIN_LETTERS = 40  # fewer letters in the whole file: no text layer to speak of
MARGIN = 0.12  # the share of the page height, at the top and at the bottom, where page furniture sits
SAME_PLACE = 4.0  # points: furniture of two pages at the same place within this
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^trang\s*\d{1,3}(?:\s*/\s*\d{1,3})?$|^\d{1,3}\s*/\s*\d{1,3}$", re.I
)


@dataclass
class _Line:
    top: float
    bottom: float
    cells: list[str]

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


@dataclass
class _Table:
    top: float
    rows: list[str]


@dataclass
class _Page:
    height: float
    items: list = field(default_factory=list)  # _Line and _Table, top to bottom
    letters: int = 0
    images: int = 0
    unmapped: int = 0  # characters of a font without a Unicode map, "(cid:12)"


@dataclass
class PdfText:
    text: str  # the pages, parted by "\f"
    scanned: list[int]  # the numbers of the pages that are pictures without text
    pages: int


def read_pdf(content: bytes) -> PdfText:
    """The text of a PDF. Raises ValidationError for a scan, a locked,
    damaged or overlong file."""
    pages = _read_pages(content)
    letters = sum(page.letters for page in pages)
    if sum(page.unmapped for page in pages) > max(letters, MIN_LETTERS):
        raise ValidationError(
            _(
                "Chữ trong tệp PDF không đọc được: phông chữ của tệp không kèm bảng mã Unicode. Hãy tải lên "
                "bản Word (.docx) của kế hoạch, hoặc chép nội dung vào một tệp .txt."
            )
        )
    if letters < MIN_LETTERS:
        raise ValidationError(
            _(
                "Tệp PDF này là bản chụp hoặc bản quét: chỉ có hình ảnh, không có chữ để đọc. Hãy tải lên bản "
                "Word (.docx) của kế hoạch, hoặc xuất lại tệp PDF từ Word, hoặc chép nội dung vào một tệp .txt."
            )
        )
    _drop_furniture(pages)
    _drop_repeated_table_headers(pages)
    scanned = [n for n, page in enumerate(pages, start=1) if not page.letters and page.images]
    return PdfText("\n\f".join(_page_text(page) for page in pages), scanned, len(pages))


def _read_pages(content: bytes) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    damaged = _("Tệp PDF bị hỏng hoặc không phải tệp PDF: không đọc được nội dung.")
    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except Exception as error:  # pdfplumber wraps what pdfminer raises
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFEncryptionError) or isinstance(error, PDFEncryptionError):
            raise ValidationError(
                _("Tệp PDF có mật khẩu: hãy bỏ mật khẩu (hoặc dùng bản Word của kế hoạch) rồi tải lên lại.")
            ) from None
        raise ValidationError(damaged) from None
    with pdf:
        try:
            if any(page.rotation % 360 for page in pdf.pages):
                pdf.close()
                pdf = pdfplumber.open(io.BytesIO(_unrotated(content)))
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise ValidationError(
                    _("Tệp PDF có %(count)s trang; chỉ đọc được tệp đến %(limit)s trang.")
                    % {"count": count, "limit": MAX_PAGES}
                )
            pages = []
            for page in pdf.pages:
                pages.append(_read_page(page))
                page.close()  # its characters and shapes are done with: 300 pages need not stay in memory
            return pages
        except ValidationError:
            raise
        except Exception:  # pdfminer raises many kinds of error on a damaged file
            raise ValidationError(damaged) from None


def _unrotated(content: bytes) -> bytes:
    """The PDF with each page's /Rotate turned into its content, as it shows:
    pdfplumber reads the letters of a rotated page upright but not its ruled
    lines, so its tables would come apart (a landscape page printed as a
    portrait one turned, as some printers save it)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(content))
    for page in writer.pages:
        if page.rotation % 360:
            page.transfer_rotation_to_content()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _clean(text: str | None) -> str:
    # A soft hyphen drawn on the page is a hyphen seen: a font without a Unicode map names "-" so.
    return " ".join(unicodedata.normalize("NFC", text or "").replace("\u00ad", "-").split())


def _read_page(page) -> _Page:
    tables = page.find_tables() if page.edges else []
    boxes = [table.bbox for table in tables]

    def outside(word) -> bool:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    words = [w for w in page.extract_words(x_tolerance=1.5, y_tolerance=3) if outside(w)]
    items = _lines(words) + [_Table(table.bbox[1], _table_rows(table)) for table in tables]
    items.sort(key=lambda item: item.top)
    letters = sum(1 for char in page.chars if char["text"].isalpha())
    unmapped = sum(1 for char in page.chars if char["text"].startswith("(cid:"))
    return _Page(float(page.height), items, letters, len(page.images), unmapped)


def _lines(words: list[dict]) -> list[_Line]:
    """Words into lines (those that share most of their height), and each
    line into cells where a wide gap parts its words."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        for row in reversed(rows[-3:]):
            top, bottom = min(w["top"] for w in row), max(w["bottom"] for w in row)
            if min(bottom, word["bottom"]) - max(top, word["top"]) > 0.5 * min(height, bottom - top):
                row.append(word)
                break
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        height = statistics.median(w["bottom"] - w["top"] for w in row)
        cells, previous = [[]], None
        for word in row:
            if previous is not None and word["x0"] - previous["x1"] > max(15.0, 1.2 * height):
                cells.append([])
            cells[-1].append(word["text"])
            previous = word
        texts = [_clean(" ".join(cell)) for cell in cells]
        lines.append(_Line(min(w["top"] for w in row), max(w["bottom"] for w in row), [t for t in texts if t]))
    return [line for line in lines if line.cells]


def _table_rows(table) -> list[str]:
    """A ruled table's rows in the convention of the Word reader."""
    texts = table.extract()
    left, right = table.bbox[0], table.bbox[2]
    if len(table.columns) <= 2:  # a layout table: its columns side by side, line by line
        lines = []
        for row in texts:
            columns = [(cell or "").split("\n") for cell in row]
            for k in range(max(len(c) for c in columns)):
                parts = [_clean(c[k]) if k < len(c) else "" for c in columns]
                if any(parts):
                    lines.append(" | ".join(parts) if len(parts) == 2 else parts[0])
        return lines
    rows = []
    above: dict[int, tuple[float, str]] = {}  # column -> the bottom and the text of the last cell there
    for row, values in zip(table.rows, texts, strict=False):
        present = [box for box in row.cells if box is not None]
        top = min(box[1] for box in present) if present else 0.0
        cells = []
        for column, (box, value) in enumerate(zip(row.cells, values, strict=False)):
            if box is not None:
                above[column] = (box[3], _clean(value))
                cells.append(_clean(value))
            elif column in above and above[column][0] > top + 1:  # merged with the cell above
                cells.append(above[column][1])
            else:  # covered by a cell across columns
                cells.append("")
        if len(present) == 1 and present[0][0] <= left + 2 and present[0][2] >= right - 2:
            if cells[0]:
                rows.append(f"{cells[0]} |")
        elif any(cells):
            rows.append(" | ".join(cells).rstrip())
    return rows


def _drop_furniture(pages: list[_Page]) -> None:
    """Drops the lines that are in the top or bottom margin at the same place
    on most pages (numbers aside), then page numbers first or last on a page."""

    def place(page: _Page, line: _Line) -> tuple[str, float] | None:
        if line.bottom <= page.height * MARGIN:
            return "top", line.top
        if line.top >= page.height * (1 - MARGIN):
            return "bottom", page.height - line.bottom
        return None

    seen: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for k, page in enumerate(pages):
        for line in page.items:
            if isinstance(line, _Line) and (where := place(page, line)):
                seen[(where[0], re.sub(r"\d+", "#", line.text))].append((k, where[1]))
    for page in pages:
        kept = []
        for item in page.items:
            where = place(page, item) if isinstance(item, _Line) else None
            if where:
                places = seen[(where[0], re.sub(r"\d+", "#", item.text))]
                same = {k for k, at in places if abs(at - where[1]) <= SAME_PLACE}
                if len(same) >= 2 and 2 * len(same) > len(pages):
                    continue
            kept.append(item)
        lines = [k for k, item in enumerate(kept) if isinstance(item, _Line)]
        for k in {lines[0], lines[-1]} if lines else ():
            if place(page, kept[k]) and PAGE_NUMBER.match(kept[k].text):
                kept[k] = None
        page.items = [item for item in kept if item is not None]


def _drop_repeated_table_headers(pages: list[_Page]) -> None:
    """A table running over pages repeats its header row at the top of each: kept once."""
    for previous, page in zip(pages, pages[1:], strict=False):
        tables = [item for item in previous.items if isinstance(item, _Table) and item.rows]
        first = page.items[0] if page.items else None
        if tables and isinstance(first, _Table) and first.rows and first.rows[0] == tables[-1].rows[0]:
            first.rows = first.rows[1:]


def _page_text(page: _Page) -> str:
    """The lines of a page; a blank line where the gap between two lines is
    well over the usual, and after a table."""
    lines: list[str] = []
    items = page.items
    gaps = [b.top - a.bottom for a, b in zip(items, items[1:], strict=False) if isinstance(a, _Line)]
    usual = statistics.median(gaps) if gaps else 0.0
    for k, item in enumerate(items):
        if isinstance(item, _Table):
            lines += [*item.rows, ""]
            continue
        lines.append(item.text)
        following = items[k + 1] if k + 1 < len(items) else None
        if following is not None and following.top - item.bottom > usual + 0.5 * (item.bottom - item.top):
            lines.append("")
    return "\n".join(lines)
