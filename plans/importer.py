"""Read an existing plan (.docx, .txt or interchange .json) into the
interchange format "htxplan.plan/1", for a preview before a draft is saved.

The parser knows the usual layout of an administrative plan (Decree 30):
header lines (governing body and issuer, "Số: 18/KH-UBND", "<place>, ngày
05 tháng 01 năm 2021"), the type and title, "Căn cứ ..."/"Thực hiện ..."
legal bases, a preamble, Roman-numbered sections with "1." items, "a)"
points and "-"/"+" items, the closing sentence, "Nơi nhận" and the signer.
Real files are untidy: header tables flattened into "|" cells, lines
hard-wrapped mid-sentence, blank lines after every line, page numbers left
by a PDF, documents that stop early. Whatever cannot be placed is kept as
free text in an extra section and listed in the warnings; a last check makes
sure every word of the input is somewhere in the result.

Nothing here touches the database: saving is services.plan_import.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from plans.imports.encodings import NotText, decode_bytes
from plans.imports.textrepair import Repair, repair_text
from plans.interchange import FORMAT
from plans.outline import roman

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".docx", ".txt", ".json")
UNPLACED_HEADING = "Nội dung chưa xếp được vào mục nào"

DEFAULT_HEADINGS = {
    "objectives": "Mục tiêu",
    "tasks": "Các nhiệm vụ trọng tâm",
    "solutions": "Giải pháp thực hiện",
    "funding": "Kinh phí hoạt động",
}


@dataclass
class ImportResult:
    data: dict[str, Any]
    source: str  # the text as read, which repair positions point into
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "txt"  # "txt", "docx", "json"
    encoding: str = ""
    name: str = ""  # the uploaded file's name
    text: str = ""  # the repaired text the parser read


# --- Entry points -------------------------------------------------------------------


def import_file(name: str, content: bytes) -> ImportResult:
    """Read an uploaded file. Raises ValidationError with a Vietnamese
    message for anything that is not a plan it can read."""
    extension = Path(name or "").suffix.lower()
    if len(content) > MAX_BYTES:
        raise ValidationError(
            f"Tệp quá lớn ({len(content) / 1024 / 1024:.1f} MB); chỉ nhận tệp đến {MAX_BYTES // 1024 // 1024} MB."
        )
    if extension == ".doc":
        raise ValidationError(
            "Chưa đọc được tệp Word 97-2003 (.doc): hãy mở tệp trong Word, "
            "chọn “Lưu thành” định dạng .docx rồi tải lên lại."
        )
    if extension == ".pdf" or content.startswith(b"%PDF"):
        raise ValidationError(
            "Chưa đọc được tệp PDF: hãy dùng bản Word (.docx) của kế hoạch, hoặc sao chép nội dung ra tệp .txt."
        )
    if extension not in EXTENSIONS:
        raise ValidationError("Chỉ nhận tệp Word (.docx), văn bản (.txt) hoặc kế hoạch xuất từ hệ thống (.json).")
    if not content.strip():
        raise ValidationError("Tệp rỗng: không có nội dung nào để nhập.")
    if extension == ".docx":
        return import_docx(content)
    if extension == ".json":
        return import_json(content)
    if content.startswith(b"PK\x03\x04"):
        raise ValidationError("Tệp có đuôi .txt nhưng thực chất là tệp nén (có thể là .docx): hãy đổi lại đúng đuôi.")
    try:
        text, encoding = decode_bytes(content)
    except NotText:
        raise ValidationError("Tệp không phải là văn bản (có thể là tệp nhị phân hoặc bị hỏng).") from None
    return import_text(text, encoding=encoding)


def import_text(text: str, *, encoding: str = "UTF-8", wrapped: bool | None = None, kind: str = "txt") -> ImportResult:
    repaired = repair_text(text)
    if repaired.encoding:
        encoding = f"{encoding} → {repaired.encoding.upper()}"
    data, warnings = parse_plan(repaired.text, wrapped=wrapped)
    return ImportResult(data, repaired.source, repaired.repairs, warnings, kind, encoding, text=repaired.text)


def import_json(content: bytes) -> ImportResult:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("Tệp .json không đọc được: nội dung không phải JSON hợp lệ (UTF-8).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"Tệp .json không phải kế hoạch theo định dạng trao đổi “{FORMAT}”.")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        raise ValidationError("Kế hoạch trong tệp .json chưa có trích yếu (“title”).")
    source = json.dumps(data, ensure_ascii=False, indent=2)
    return ImportResult(data, source, [], [], "json", "UTF-8")


def import_docx(content: bytes) -> ImportResult:
    lines = docx_lines(content)
    if not any(line.strip() for line in lines):
        raise ValidationError("Tệp Word không có đoạn văn bản nào để nhập.")
    # Word paragraphs are paragraphs: no hard wraps to join.
    return import_text("\n".join(lines), encoding="Word (.docx)", wrapped=False, kind="docx")


# --- Word files ---------------------------------------------------------------------


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
        raise ValidationError("Tệp Word (.docx) bị hỏng hoặc không phải tệp Word.") from None
    except Exception:  # python-docx raises many kinds of error on a damaged package
        raise ValidationError("Tệp Word (.docx) bị hỏng hoặc không phải tệp Word.") from None
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


# --- Patterns -------------------------------------------------------------------------

_UPPER = "A-ZĐÀ-ỸƯƠĂÂÊÔ"
NATIONAL = re.compile(r"C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", re.IGNORECASE)
MOTTO = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.IGNORECASE)
NUMBER = re.compile(r"\bSố\s*:?\s*(?P<number>\d{1,4})?\s*/\s*(?P<symbol>[\w&.\-/]+)", re.IGNORECASE)
DATE = re.compile(
    r"(?P<place>[^,|]*?)\s*,?\s*\bngày\s*(?P<day>\d{1,2})?(?:[\s.]*tháng\s*|\s*/\s*)(?P<month>\d{1,2})?"
    r"(?:[\s.]*năm\s*|\s*/\s*)(?P<year>\d{4})?",
    re.IGNORECASE,
)
TYPE_LINE = re.compile(r"^KẾ\s*HOẠCH\b\s*[:.]?\s*(?P<rest>.*)$")
RULE_LINE = re.compile(r"^[-–—_=*.~\s]{3,}$")
PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE)
# "Trang 2", "- 2 -", "2/5": written as page numbers, never as content.
DECORATED_PAGE_NUMBER = re.compile(
    r"^(?:trang\s*\d{1,3}(?:\s*/\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3})$", re.IGNORECASE
)
BARE_NUMBER = re.compile(r"^\d{1,3}$")
PAGE_GAP = 15  # a page holds more lines than this; numbers closer together are content (a table column)
ROMAN_HEADING = re.compile(r"^(?:PHẦN\s+|Phần\s+)?(?P<num>[IVXL]{1,6})\s*[.)/:–-]\s*(?P<text>\S.*)?$")
# "(?!\d)": a wrapped line may start with "5.000 m2" or "1,5 ha", which is no item.
NUMBERED = re.compile(r"^(?P<num>\d{1,2})\s*[.)](?![\d,])\s*(?P<text>\S.*)?$")
SUB_NUMBERED = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
LETTERED = re.compile(r"^(?P<letter>[a-zđ])\s*[.)]\s+(?P<text>\S.*)$")
DASH = re.compile(r"^(?P<mark>[-–—•·∙▪●○◦*])\s*(?P<text>\S.*)$")
PLUS = re.compile(r"^\+\s*(?P<text>\S.*)$")
BASIS = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Xét|Theo\s+đề\s+nghị)\b")
CLOSING = re.compile(r"^Trên\s+đây\b")
RECIPIENTS = re.compile(r"^N[ơo]i\s+nh[ậa]n\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
AUTHORITY = re.compile(r"^(?:TM|KT|Q|TL|TUQ|T\.M|K\.T)\s*\.\s*\S")
PLACEHOLDER = re.compile(
    r"^[(\[]?\s*(?:đã\s+ký|ký\s*(?:tên)?\s*,?\s*(?:đóng\s+dấu)?|ký,?\s*ghi\s+rõ\s+họ\s+tên.*)\s*[)\]]?$", re.I
)
UNIT_WORD = re.compile(r"^(?:XÃ|HUYỆN|TỈNH|PHƯỜNG|THỊ\s+TRẤN|THỊ\s+XÃ|THÀNH\s+PHỐ|QUẬN|ĐẶC\s+KHU)\b")
CELL_SPLIT = re.compile(r"\s*[|\t]\s*|\s{3,}")
FINAL_PUNCT = re.compile(r"[.:;!?]['\"”’)]*$")
LEAD = re.compile(r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:chủ\s+trì)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE)
PARTNERS = re.compile(
    r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:phối\s+hợp)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE
)
WORD = re.compile(r"\w+")
# Numbering markers are structure, not words the result must repeat.
MARKER = re.compile(r"^(?:(?:PHẦN\s+)?[IVXL]{1,6}\s*[.)/:–-]|\d{1,2}\s*[.)]|[a-zđA-ZĐ]\s*[.)])\s*")

SECTION_KEYS = [
    ("objectives", re.compile(r"^(?:các\s+|những\s+)?(?:mục\s+tiêu|mục\s+đích|yêu\s+cầu)")),
    ("tasks", re.compile(r"^(?:các\s+|những\s+)?(?:nhiệm\s+vụ|nội\s+dung|chỉ\s+tiêu)")),
    ("solutions", re.compile(r"^(?:các\s+|những\s+)?(?:nhóm\s+)?giải\s+pháp")),
    ("funding", re.compile(r"^(?:nguồn\s+)?kinh\s+phí")),
]
ABBREVIATIONS = {"HTX", "UBND", "HĐND", "MTTQ", "NN&PTNT", "OCOP", "NTM", "KH", "VN", "THT", "TW", "ĐU"}


def section_key(heading: str) -> str:
    """'objectives', 'tasks', 'solutions', 'funding' or 'extra' for a heading."""
    text = " ".join(heading.lower().split())
    for key, pattern in SECTION_KEYS:
        if pattern.match(text):
            return key
    return "extra"


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _sentence_case(text: str) -> str:
    """'MỤC ĐÍCH, YÊU CẦU' -> 'Mục đích, yêu cầu' (keeping HTX, UBND ...)."""
    if not _is_upper(text):
        return text
    words = [w if w.strip(",.;:()") in ABBREVIATIONS else w.lower() for w in text.split()]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


# Text copied out of Word: a tab follows a list number ("1.<tab>Nội dung"),
# and separates the cells of a table row ("1<tab>Rà soát<tab>Phòng Kinh tế").
LEADING_MARKER_TAB = re.compile(r"^\s*((?:[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]|[-–—•·+*])\t+")


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").strip()
    line = LEADING_MARKER_TAB.sub(r"\1 ", line)
    # The tabs left separate cells: written as the "|" of a flattened table.
    line = re.sub(r"\s*\t[\t ]*", " | ", line)
    return " ".join(line.split())


def words_of(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(unicodedata.normalize("NFC", text))]


def data_words(value: Any) -> list[str]:
    """Every word in the strings (and numbers) of an interchange dict."""
    if isinstance(value, str):
        return words_of(value)
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return words_of(str(value))
    if isinstance(value, dict):
        return [w for key, v in value.items() if key != "format" for w in data_words(v)]
    if isinstance(value, list):
        return [w for v in value for w in data_words(v)]
    return []


# --- Page numbers ------------------------------------------------------------------------


def page_number_lines(texts: list[str], breaks: set[int] = frozenset()) -> set[int]:
    """The indexes of the lines that are page numbers a PDF left in the text.

    A line holding only a number may be content too (a cell of a table
    extracted one cell per line, a figure wrapped onto its own line), so a
    bare number is taken for a page number only when it is plausibly one:
    next to a page break (form feed), or far from any other bare number
    and continuing the page count (the first page is usually unnumbered,
    so the count starts at 1 or 2)."""
    pages: set[int] = set()
    filled = [k for k, text in enumerate(texts) if text]
    rank = {k: n for n, k in enumerate(filled)}  # position among the non-empty lines
    bare = [k for k in filled if BARE_NUMBER.match(texts[k])]
    last_page: int | None = None
    for pos, k in enumerate(bare):
        value = int(texts[k])
        # A break between the lines around it (or on them) puts it at a page's foot or head.
        before = filled[rank[k] - 1] if rank[k] else 0
        after = filled[rank[k] + 1] if rank[k] + 1 < len(filled) else len(texts)
        at_break = any(before <= b <= after for b in breaks)
        previous_gap = rank[k] - rank[bare[pos - 1]] if pos else rank[k] + 1
        next_gap = rank[bare[pos + 1]] - rank[k] if pos + 1 < len(bare) else PAGE_GAP
        alone = previous_gap >= PAGE_GAP and next_gap >= PAGE_GAP
        in_sequence = value in ((1, 2) if last_page is None else (last_page + 1, last_page + 2))
        if at_break or (alone and in_sequence):
            pages.add(k)
            last_page = value
    pages.update(k for k in filled if DECORATED_PAGE_NUMBER.match(texts[k]))
    return pages


# --- The parser -------------------------------------------------------------------------


@dataclass
class Line:
    index: int  # 0-based line number in the text
    raw: str
    text: str


@dataclass
class Block:
    """A paragraph rebuilt from one or more lines."""

    kind: str  # "roman", "num", "letter", "dash", "plus", "text", "row", "basis"
    text: str  # without its marker
    marker: str = ""  # "II.", "1.", "a)", "-", "+"
    lines: list[int] = field(default_factory=list)
    last: str = ""  # the last source line, for the wrap rule

    @property
    def raw(self) -> str:
        if self.kind == "dash":
            return f"- {self.text}"
        if self.kind == "plus":
            return f"+ {self.text}"
        return f"{self.marker} {self.text}".strip() if self.marker else self.text


@dataclass
class Section:
    heading: str
    key: str
    blocks: list[Block] = field(default_factory=list)
    inline: str = ""  # text on the heading line after "Heading:"


class _Parser:
    def __init__(self, text: str, wrapped: bool | None) -> None:
        self.lines = [Line(i, raw, _clean(raw)) for i, raw in enumerate(text.replace("\r\n", "\n").split("\n"))]
        self.consumed: set[int] = set()  # boilerplate lines whose words need not appear in the result
        self.warnings: list[str] = []
        self.unplaced: list[str] = []
        self.wrapped = wrapped
        self.width = 80
        self.data: dict[str, Any] = {}
        self.after = "start"  # the standard section last met, see build_sections
        self.intro_after = "start"

    # Layout ----------------------------------------------------------------------

    def prepare(self) -> list[Line]:
        lines = []
        breaks = {line.index for line in self.lines if "\f" in line.raw}
        for line in self.lines:
            if line.index in breaks:
                line.text = _clean(line.raw.replace("\f", " "))
        pages = page_number_lines([line.text for line in self.lines], breaks)
        for line in self.lines:
            if line.text and (line.index in pages or RULE_LINE.match(line.text)):
                self.consumed.add(line.index)
                line.text = ""
            lines.append(line)
        filled = [line for line in lines if line.text]
        followed_by_blank = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.text and not b.text)
        # Some extractions put a blank line after every line: blanks then
        # carry no meaning and paragraphs are rebuilt from the wrap alone.
        self.blanks_mean_breaks = not (len(filled) >= 6 and followed_by_blank >= 0.7 * len(filled))
        lengths = sorted(len(line.text) for line in filled if "|" not in line.text)
        if lengths:
            self.width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
        if self.wrapped is None:
            self.wrapped = bool(lengths) and self.width <= 130
        return lines

    def joins(self, previous: str, following: str, *, title: bool = False) -> bool:
        """Whether `following` continues the hard-wrapped line `previous`."""
        first = following[:1]
        ends_sentence = bool(FINAL_PUNCT.search(previous))
        if first.islower():
            return not (ends_sentence and not self.wrapped)
        if not self.wrapped or ends_sentence:
            return False
        # A line well short of the page width ended its paragraph.
        return len(previous) >= self.width * (0.85 if title else 0.75)

    # Header ----------------------------------------------------------------------

    def split_header(self, lines: list[Line]) -> tuple[list[Line], Line | None, str, list[Line]]:
        filled = [line for line in lines if line.text]
        for line in filled[:40]:
            match = TYPE_LINE.match(line.text)
            if match and not match.group("rest")[:1].islower():
                pos = lines.index(line)
                self.consumed.add(line.index)
                return lines[:pos], line, match.group("rest").strip(), lines[pos + 1 :]
        # No type line: the header is the run of header facts at the top.
        pos = next((k for k, line in enumerate(lines) if line.text and not self.is_header_fact(line.text)), len(lines))
        return lines[:pos], None, "", lines[pos:]

    def is_header_fact(self, text: str) -> bool:
        for cell in CELL_SPLIT.split(text):
            if not cell:
                continue
            if NATIONAL.search(cell) or MOTTO.search(cell) or NUMBER.search(cell) or DATE.search(cell):
                continue
            if _is_upper(cell) and not ROMAN_HEADING.match(cell) and len(cell) <= 80:
                continue
            return False
        return True

    def parse_header(self, lines: list[Line]) -> None:
        orgs: list[str] = []
        number = symbol = place = None
        day = month = year = None
        for line in lines:
            if not line.text:
                continue
            line_used = True
            # The facts first, on the whole line: a draft's "Số:    /KH-UBND"
            # and "ngày    tháng    năm" hold runs of spaces of their own.
            rest = MOTTO.sub("   ", NATIONAL.sub("   ", line.raw.replace("\u00a0", " ")))
            match = NUMBER.search(rest)
            if match and symbol is None:
                number = int(match.group("number")) if match.group("number") else None
                symbol = match.group("symbol").strip(".-/")
                rest = rest[: match.start()] + "   " + rest[match.end() :]
            match = DATE.search(rest)
            if match and year is None:
                place = _clean(CELL_SPLIT.split(match.group("place"))[-1]).strip(" ,.-") or None
                day, month, year = match.group("day"), match.group("month"), match.group("year")
                rest = rest[: match.start()] + "   " + rest[match.end() :]
            for cell in CELL_SPLIT.split(rest):
                cell = _clean(cell).strip(" -–—_")
                if not cell:
                    continue
                if _is_upper(cell):
                    orgs.append(cell)
                else:
                    line_used = False
                    self.unplaced.append(cell)
            if line_used:
                self.consumed.add(line.index)
        # "ỦY BAN NHÂN DÂN" / "XÃ VĨNH LỢI" is one name wrapped in two lines.
        merged: list[str] = []
        for org in orgs:
            if merged and UNIT_WORD.match(org) and not re.search(r"\b(?:XÃ|HUYỆN|TỈNH|PHƯỜNG|QUẬN)\b", merged[-1]):
                merged[-1] = f"{merged[-1]} {org}"
            else:
                merged.append(org)
        issuer = merged[-1] if merged else ""
        governing = " ".join(merged[:-1])
        abbreviation = ""
        if symbol and "-" in symbol:
            abbreviation = symbol.split("-", 1)[1]
        date = None
        if year and day and month:
            try:
                date = datetime.date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                self.warnings.append(f"Ngày ban hành “{day}/{month}/{year}” không hợp lệ, đã bỏ qua.")
        self.data.update(
            {
                "issuer": {"name": issuer, "parent": governing, "abbreviation": abbreviation},
                "number": number,
                "symbol": symbol or "",
                "place": place or "",
                "date": date,
                "year": int(year) if year else None,
            }
        )

    # Body --------------------------------------------------------------------------

    def blocks(self, lines: list[Line], *, in_front: bool) -> list[Block]:
        """Rebuild paragraphs; numbering is only taken for a marker when it
        continues the running sequence, so a wrapped line that happens to
        start with "2." or "b." stays text."""
        blocks: list[Block] = []
        current: Block | None = None
        last_roman = 0
        last_number = 0
        last_letter = -1
        letters = "abcdđeghiklmnopqrstuvxy"
        front = in_front
        for line in lines:
            text = line.text
            if not text:
                if self.blanks_mean_breaks:
                    current = None
                continue
            block = None
            match = ROMAN_HEADING.match(text)
            if match and _roman_value(match.group("num")) in (last_roman + 1, last_roman + 2, 1):
                last_roman = _roman_value(match.group("num"))
                last_number, last_letter, front = 0, -1, False
                block = Block("roman", match.group("text") or "", f"{match.group('num')}.")
            # "1.1." is a sub-item written in the text, never the item "1." (checked first).
            if block is None and SUB_NUMBERED.match(text):
                block = Block("text", text)
            if block is None and (match := NUMBERED.match(text)) and match.group("text"):
                n = int(match.group("num"))
                if n in (last_number + 1, 1):
                    last_number, last_letter = n, -1
                    block = Block("num", match.group("text"), f"{n}.")
            if block is None and (match := LETTERED.match(text)):
                index = letters.find(match.group("letter"))
                if index == last_letter + 1 or (index == 0 and last_letter != 0):
                    last_letter = index
                    block = Block("letter", match.group("text"), f"{match.group('letter')})")
            if block is None and front and (match := DASH.match(text)) and BASIS.match(match.group("text")):
                block = Block("basis", match.group("text"))
            if block is None and (match := PLUS.match(text)):
                block = Block("plus", match.group("text"))
            if block is None and (match := DASH.match(text)):
                continues = match.group("mark") in "–—" and current is not None and self.joins(current.last, text)
                if not continues:
                    block = Block("dash", match.group("text"))
            if block is None and "|" in text:
                block = Block("row", text)
            if block is None and front and BASIS.match(text):
                block = Block("basis", text)
            if block is None and CLOSING.match(text) and not front:
                block = Block("text", text)
            if block is None and current is not None and current.kind != "row":
                is_title = current.kind in ("roman", "num", "letter")
                if self.joins(current.last, text, title=is_title):
                    current.text = f"{current.text} {text}".strip()
                    current.last = text
                    current.lines.append(line.index)
                    continue
            if block is None:
                block = Block("text", text)
            block.lines.append(line.index)
            block.last = text
            blocks.append(block)
            current = block
        return blocks

    # Tail: Nơi nhận and signer --------------------------------------------------------

    def find_tail(self, lines: list[Line]) -> int:
        for pos in range(len(lines) - 1, -1, -1):
            if RECIPIENTS.match(lines[pos].text):
                return self.signer_above(lines, pos)
        start = max(0, len(lines) - 15)
        for pos in range(start, len(lines)):
            first_cell = CELL_SPLIT.split(lines[pos].text)[0] if lines[pos].text else ""
            if AUTHORITY.match(first_cell) or (AUTHORITY.match(lines[pos].text)):
                return pos
        return len(lines)

    def signer_above(self, lines: list[Line], pos: int) -> int:
        """Some extractions give the right column first: the signer block
        sits above "Nơi nhận". Its lines belong to the tail too."""
        start = pos
        for k in range(pos - 1, max(-1, pos - 12), -1):
            text = lines[k].text
            if not text:
                continue
            if AUTHORITY.match(text):
                start = k
            elif not (_is_upper(text) or PLACEHOLDER.match(text) or _looks_like_name(text)):
                break
        return start

    def parse_tail(self, lines: list[Line]) -> None:
        recipients: list[dict[str, Any]] = []
        authority: list[str] = []
        title: list[str] = []
        name = ""
        open_recipient = False

        def add_recipients(text: str) -> None:
            nonlocal open_recipient
            # Several recipients on one line: "- UBND huyện; - Phòng Kinh tế; - Lưu: VT."
            for part in text.split(";"):
                label = _clean(part).strip(" ,.").lstrip("-–—•+ ").strip()
                if not label:
                    continue
                recipients.append(_recipient(label))
            open_recipient = not FINAL_PUNCT.search(text.strip()) and bool(recipients)

        for line in lines:
            if not line.text:
                continue
            cells = [_clean(c) for c in CELL_SPLIT.split(line.raw.replace("\u00a0", " ").strip())]
            for col, cell in enumerate(cells):
                if not cell:
                    continue
                match = RECIPIENTS.match(cell)
                if match:
                    if match.group("rest"):
                        add_recipients(match.group("rest").lstrip("-–• ").strip())
                    continue
                if PLACEHOLDER.match(cell):
                    continue
                if AUTHORITY.match(cell):
                    authority.append(cell)
                    continue
                if authority and not title and _is_upper(cell) and UNIT_WORD.match(cell):
                    authority[-1] = f"{authority[-1]} {cell}"
                    continue
                dash = DASH.match(cell)
                if dash and not (col > 0 and len(cells) > 1 and authority):
                    add_recipients(dash.group("text"))
                    continue
                if authority and not title and _is_upper(cell) and not name:
                    title.append(cell)
                    continue
                if (authority or title) and not name and _looks_like_name(cell) and (col > 0 or not open_recipient):
                    name = cell.title() if _is_upper(cell) else cell
                    continue
                if open_recipient and recipients and col == 0:
                    last = recipients.pop()
                    add_recipients(f"{last['label']} {cell}")
                    continue
                if not authority and not recipients and _is_upper(cell):
                    title.append(cell)
                    continue
                self.unplaced.append(cell)
            self.consumed.add(line.index)
        if title and not authority and len(title) > 1:
            authority, title = title[:-1], title[-1:]
        self.data["recipients"] = recipients
        self.data["signer"] = {"authority": "\n".join(authority), "title": "\n".join(title), "name": name}

    # Whole document ------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Any], list[str]]:
        lines = self.prepare()
        header, type_line, inline_title, rest = self.split_header(lines)
        self.parse_header(header)
        tail_at = self.find_tail(rest)
        body_lines, tail_lines = rest[:tail_at], rest[tail_at:]

        title, body_lines = self.title(inline_title, body_lines, type_line is not None)
        blocks = self.blocks(body_lines, in_front=True)

        front: list[Block] = []
        sections: list[Section] = []
        for block in blocks:
            if block.kind == "roman":
                heading, inline = _split_heading(block.text)
                sections.append(Section(_sentence_case(heading), section_key(heading), inline=inline))
            elif sections:
                sections[-1].blocks.append(block)
            else:
                front.append(block)
        if not sections:
            front, sections = self.sections_without_numerals(front)

        closing_blocks: list[Block] = []
        if sections:
            last = sections[-1]
            for k, block in enumerate(last.blocks):
                if block.kind == "text" and CLOSING.match(block.text):
                    closing_blocks = last.blocks[k:]
                    last.blocks = last.blocks[:k]
                    break
        else:
            for k, block in enumerate(front):
                if CLOSING.match(block.text):
                    closing_blocks, front = front[k:], front[:k]
                    break

        legal_bases, preamble = [], []
        for block in front:
            if block.kind == "basis" and not preamble:
                legal_bases += _split_bases(block.text)
            else:
                preamble.append(block.raw)
        if legal_bases and not preamble and legal_bases[-1].rstrip().endswith(":") and len(legal_bases) > 1:
            preamble.append(legal_bases.pop())

        self.parse_tail(tail_lines)
        self.data.update(
            {
                "format": FORMAT,
                "document_type": "KH",
                "title": title,
                "legal_bases": legal_bases,
                "preamble": "\n\n".join(preamble),
                "closing": "\n\n".join(b.raw for b in closing_blocks),
            }
        )
        self.build_sections(sections)
        if not title:
            self.warnings.append("Không tìm thấy trích yếu (tiêu đề) của kế hoạch: hãy nhập trích yếu sau khi lưu.")
            self.data["title"] = "(Chưa có trích yếu)"
        if self.data.get("year") is None:
            match = re.search(r"\bnăm\s+(20\d\d)\b", title)
            self.data["year"] = int(match.group(1)) if match else None

        found = (
            type_line is not None or sections or legal_bases or self.data["recipients"] or self.data["issuer"]["name"]
        )
        if not found:
            raise ValidationError(
                "Không nhận ra cấu trúc của một kế hoạch trong tệp: cần có ít nhất dòng “KẾ HOẠCH”, "
                "các căn cứ hoặc các mục I, II, III ... Hãy kiểm tra lại tệp."
            )
        self.keep_every_word()
        if self.unplaced:
            self.data["extra_sections"].append(
                {"heading": UNPLACED_HEADING, "body": "\n\n".join(self.unplaced), "after": "funding"}
            )
            self.warnings.append(
                f"Có {len(self.unplaced)} đoạn không xếp được vào phần nào; chúng được giữ nguyên trong mục "
                f"“{UNPLACED_HEADING}” để anh/chị chuyển vào đúng chỗ."
            )
        return self.ordered(), self.warnings

    def title(self, inline: str, lines: list[Line], typed: bool) -> tuple[str, list[Line]]:
        """The trích yếu: the short centred lines right after "KẾ HOẠCH", up to
        a blank line, a legal basis, a heading or a sentence of the body. A
        title may wrap onto a line that starts with a capital ("Hợp tác xã")."""
        parts = [inline] if inline else []
        pos = 0
        while pos < len(lines) and not lines[pos].text and not parts:
            pos += 1
        while pos < len(lines) and len(parts) < 4:
            text = lines[pos].text
            if not text:
                if parts and self.blanks_mean_breaks:
                    break
                pos += 1
                continue
            # A title may itself begin "Thực hiện ..." ("Thực hiện Đề án ..."); a legal basis
            # never comes before the title, so on the first line only "Căn cứ" ends it.
            basis = re.match(r"^Căn\s+cứ\b", text) if not parts else BASIS.match(text)
            starts_body = basis or ROMAN_HEADING.match(text) or NUMBERED.match(text) or DASH.match(text)
            if starts_body or RECIPIENTS.match(text) or "|" in text or len(text) > 200:
                break
            if parts and (FINAL_PUNCT.search(parts[-1]) or (len(text) >= self.width * 0.9 and text[:1].isupper())):
                break
            if not parts and not typed and FINAL_PUNCT.search(text):
                break
            parts.append(text)
            pos += 1
            if not typed:
                break
        return " ".join(parts).strip(), lines[pos:] if parts else lines

    def sections_without_numerals(self, front: list[Block]) -> tuple[list[Block], list[Section]]:
        """Plans that number their sections "1. MỤC TIÊU" or not at all
        ("MỤC ĐÍCH, YÊU CẦU" on a line of its own)."""
        sections: list[Section] = []
        kept: list[Block] = []
        letter = re.compile(r"^(?:[A-ZĐ]|\d{1,2})\s*[.)]\s+")  # "A. MỤC ĐÍCH, YÊU CẦU", "2. NHIỆM VỤ"

        def candidate(block: Block) -> bool:
            return block.kind in ("num", "text") and _is_upper(block.text) and len(block.text.split()) >= 2

        keyed = [b for b in front if candidate(b) and section_key(letter.sub("", b.text)) != "extra"]
        if not keyed:
            return front, []
        # Once some headings are known, the other lines in capitals are headings too ("TỔ CHỨC THỰC HIỆN").
        headings = {id(b) for b in front if candidate(b) and len(b.text) <= 100}
        for block in front:
            if id(block) in headings:
                heading, inline = _split_heading(letter.sub("", block.text))
                sections.append(Section(_sentence_case(heading), section_key(heading), inline=inline))
            elif sections:
                sections[-1].blocks.append(block)
            else:
                kept.append(block)
        return kept, sections

    def build_sections(self, sections: list[Section]) -> None:
        data = self.data
        data["objectives"] = {"heading": DEFAULT_HEADINGS["objectives"], "items": []}
        data["tasks"] = {"heading": DEFAULT_HEADINGS["tasks"], "items": []}
        data["solutions"] = {"heading": DEFAULT_HEADINGS["solutions"], "items": []}
        data["funding"] = {"heading": DEFAULT_HEADINGS["funding"], "body": ""}
        data["extra_sections"] = []
        used: set[str] = set()
        # The standard section last met: a free section is recorded as
        # standing after it, so the plan keeps the document's order.
        self.after = "start"
        for section in sections:
            key = section.key if section.key not in used else "extra"
            blocks = section.blocks
            if section.inline:
                blocks = [Block("text", section.inline), *blocks]
            if key == "extra" or (key != "funding" and not blocks):
                data["extra_sections"].append(
                    {"heading": section.heading, "body": _flatten(blocks), "after": self.after}
                )
                continue
            used.add(key)
            self.intro_after, self.after = self.after, key
            if key == "funding":
                data["funding"] = {"heading": section.heading, "body": _flatten(blocks)}
                continue
            intro, items = _items(blocks)
            if key == "objectives":
                objectives = [{"title": "", "body": body} for body in _paragraph_items(intro)]
                for item in items:
                    body = _join_bodies(item["body"], *[_child_text(c) for c in item["children"]])
                    objectives.append({"title": item["title"], "body": body})
                data["objectives"] = {"heading": section.heading, "items": objectives}
            elif key == "tasks":
                table_tasks, blocks = self.task_table(blocks)
                intro, items = _items(blocks)
                tasks = []
                if not items and table_tasks:
                    pass  # the table is the list of tasks; the text before it is the intro
                elif not items:
                    for body in _paragraph_items(intro):
                        title, rest = _split_title(body.removeprefix("- ").removeprefix("+ "))
                        tasks.append(_task(title, rest))
                    intro = []
                for item in items:
                    body = _join_bodies(item["body"], *[_child_text(c) for c in item["children"]])
                    tasks.append(_task(item["title"], body))
                tasks += table_tasks
                data["tasks"] = {"heading": section.heading, "items": tasks}
                if intro:
                    self.keep_intro(section, intro)
            elif key == "solutions":
                solutions = []
                if not items:
                    solutions = [{"title": "", "body": b, "children": []} for b in _paragraph_items(intro)]
                    intro = []
                for item in items:
                    item["children"] = [{"title": c["title"], "body": c["body"]} for c in item["children"]]
                solutions += items
                data["solutions"] = {"heading": section.heading, "items": solutions}
                if intro:
                    self.keep_intro(section, intro)

    def task_table(self, blocks: list[Block]) -> tuple[list[dict[str, Any]], list[Block]]:
        """A table of tasks (STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp |
        Thời gian thực hiện): each row becomes a task with its lead unit,
        partners and due date. The header row is recognised by its words;
        a table without one stays text, as written."""
        start = next((k for k, b in enumerate(blocks) if b.kind == "row" and _table_columns(b.text)), None)
        if start is None:
            return [], blocks
        header = blocks[start]
        columns = _table_columns(header.text)
        end = start + 1
        while end < len(blocks) and blocks[end].kind == "row":
            end += 1
        tasks = []
        for row in blocks[start + 1 : end]:
            cells = [c.strip() for c in row.text.split("|")]
            task = _table_task(cells, columns, self.data.get("year"))
            if task is None:  # a row that is no task (a sub-heading across the table): kept as text
                return [], blocks
            tasks.append(task)
            self.consumed.update(row.lines)
        self.consumed.update(header.lines)
        return tasks, blocks[:start] + blocks[end:]

    def keep_intro(self, section: Section, intro: list[Block]) -> None:
        heading = f"{section.heading} (phần chung)"
        # It came before the section's items, so it stands just before the section.
        self.data["extra_sections"].append({"heading": heading, "body": _flatten(intro), "after": self.intro_after})
        self.warnings.append(
            f"Phần “{section.heading}” có đoạn mở đầu trước mục 1; đoạn này được giữ trong mục “{heading}”."
        )

    def keep_every_word(self) -> None:
        """The safety net: a line any of whose words is missing from the
        result goes, whole, into the unplaced text."""
        have = Counter(data_words(self.data)) + Counter(w for text in self.unplaced for w in words_of(text))
        for line in self.lines:
            if line.index in self.consumed or not line.text:
                continue
            need = Counter(words_of(MARKER.sub("", line.text)))
            if need - have:
                self.unplaced.append(line.text)
                have += need
            have -= need

    def ordered(self) -> dict[str, Any]:
        keys = [
            "format", "document_type", "issuer", "number", "symbol", "place", "date", "year", "title",
            "legal_bases", "preamble", "objectives", "tasks", "solutions", "funding", "extra_sections",
            "closing", "recipients", "signer",
        ]  # fmt: skip
        return {key: self.data[key] for key in keys}


def parse_plan(text: str, *, wrapped: bool | None = None) -> tuple[dict[str, Any], list[str]]:
    """Parse the (repaired) text of a plan into interchange data and warnings."""
    if not any(c.isalpha() for c in text):
        raise ValidationError("Tệp không có chữ nào để nhập.")
    return _Parser(text, wrapped).run()


# --- Helpers ------------------------------------------------------------------------------


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, c in enumerate(numeral):
        v = values[c]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total if roman(total) == numeral else -1


# Several legal bases typed as one paragraph: "Căn cứ A; Căn cứ B; Thực hiện C."
BASES_SPLIT = re.compile(r"(?<=;)\s+(?=(?:Căn\s+cứ|Thực\s+hiện|Xét|Theo\s+đề\s+nghị)\b)")


def _split_bases(text: str) -> list[str]:
    """One legal basis per "Căn cứ"/"Thực hiện": a paragraph holding several,
    separated by ";", is cut there (never inside a basis that merely cites)."""
    return [part.strip() for part in BASES_SPLIT.split(text) if part.strip()]


def _split_heading(text: str) -> tuple[str, str]:
    """'Kinh phí hoạt động: Theo sự phân bổ ...' -> heading and its text."""
    text = text.strip()
    match = re.match(r"^(?P<head>[^:]{2,90}?)\s*:\s*(?P<rest>.*)$", text)
    if match:
        return match.group("head").strip(), match.group("rest").strip()
    return text.rstrip(" .:"), ""


def _split_title(text: str) -> tuple[str, str]:
    """An item's title and the text that follows it on the same paragraph."""
    text = text.strip()
    match = re.match(r"^(?P<head>[^:]{2,150}?)\s*:\s+(?P<rest>\S.*)$", text)
    if match and not re.search(r"[.;]", match.group("head")):
        return match.group("head").strip(), match.group("rest").strip()
    if len(text) <= 300:
        return text, ""
    sentence = re.match(r"^(.{20,300}?[.;])\s+(\S.*)$", text)
    if sentence:
        return sentence.group(1).strip(), sentence.group(2).strip()
    cut = text.rfind(" ", 0, 280)
    return text[:cut].strip(), text[cut:].strip()


def _items(blocks: list[Block]) -> tuple[list[Block], list[dict[str, Any]]]:
    """'1.' items with their 'a)' children; blocks before the first item are the intro."""
    intro: list[Block] = []
    items: list[dict[str, Any]] = []
    child: dict[str, Any] | None = None
    for block in blocks:
        if block.kind == "num":
            title, rest = _split_title(block.text)
            items.append({"title": title, "body": rest, "children": []})
            child = None
        elif block.kind == "letter" and items:
            title, rest = _split_title(block.text)
            # "_text" keeps the point as written, for sections whose items have no points.
            child = {"title": title, "body": rest, "_text": block.raw}
            items[-1]["children"].append(child)
        elif child is not None:
            child["body"] = _join_bodies(child["body"], block.raw)
            child["_text"] = _join_bodies(child["_text"], block.raw)
        elif items:
            items[-1]["body"] = _join_bodies(items[-1]["body"], block.raw)
        else:
            intro.append(block)
    return intro, items


def _paragraph_items(blocks: list[Block]) -> list[str]:
    """One item per paragraph or dash item; "+" items stay with the item above."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "plus" and out:
            out[-1] = _join_bodies(out[-1], block.raw)
        elif block.kind == "letter":
            out.append(block.raw)
        else:
            out.append(block.raw)
    return out


def _join_bodies(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p and p.strip())


def _child_text(child: dict[str, Any]) -> str:
    return child["_text"]


def _flatten(blocks: list[Block]) -> str:
    return "\n\n".join(block.raw for block in blocks)


def _task(title: str, body: str) -> dict[str, Any]:
    lead, partners = "", []
    for para in body.split("\n\n"):
        para = para.strip()
        if match := LEAD.match(para):
            lead = match.group("value").strip(" .;")
        elif match := PARTNERS.match(para):
            partners = [p.strip(" .") for p in re.split(r"[;,]", match.group("value")) if p.strip(" .")]
    return {
        "title": title,
        "body": body,
        "lead": lead[:200],
        "partners": partners,
        "cooperative": None,
        "start": None,
        "due": None,
        "indicator": None,
        "weight": 1,
    }


# The columns of a table of tasks, recognised by the words of its header cells.
TABLE_COLUMNS = [
    ("number", re.compile(r"^(?:STT|TT|Số\s+TT)\.?$", re.IGNORECASE)),
    ("lead", re.compile(r"chủ\s+trì", re.IGNORECASE)),
    ("partners", re.compile(r"phối\s+hợp", re.IGNORECASE)),
    ("due", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành", re.IGNORECASE)),
    ("result", re.compile(r"sản\s+phẩm|kết\s+quả|ghi\s+chú", re.IGNORECASE)),
    ("title", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động", re.IGNORECASE)),
]
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _table_columns(row: str) -> list[str] | None:
    """The meaning of each column of a header row, or None when the row is
    not the header of a table of tasks (it needs the task and the lead)."""
    columns = []
    for cell in (c.strip() for c in row.split("|")):
        name = next((name for name, pattern in TABLE_COLUMNS if pattern.search(cell)), "other")
        columns.append(name if name not in columns else "other")
    if "title" in columns and ("lead" in columns or "due" in columns):
        return columns
    return None


def _table_task(cells: list[str], columns: list[str], year: int | None) -> dict[str, Any] | None:
    if len(cells) != len(columns):
        return None
    row = {name: cell for name, cell in zip(columns, cells, strict=True) if name != "other"}
    others = [cell for name, cell in zip(columns, cells, strict=True) if name == "other" and cell]
    if not row.get("title"):
        return None
    body = []
    if row.get("result"):
        body.append(row["result"])
    body += others
    # The time as written stays in the text: "Quý II/2025" says more than a date.
    if row.get("due"):
        body.append(f"Thời gian thực hiện: {row['due']}")
    task = _task(row["title"], "\n\n".join(body))
    task["lead"] = row.get("lead", "").strip(" .;")[:200]
    task["partners"] = [p.strip(" .") for p in re.split(r"[;,]", row.get("partners", "")) if p.strip(" .-")]
    task["due"] = _due_date(row.get("due", ""), year)
    return task


def _due_date(text: str, year: int | None) -> str | None:
    """The last day a time cell allows: "30/6/2025", "Tháng 6/2025",
    "Quý II năm 2025"; None for "Thường xuyên" or anything unclear."""
    text = text.strip()
    found: list[datetime.date] = []
    for match in re.finditer(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text):
        day, month, y = (int(g) for g in match.groups())
        try:
            found.append(datetime.date(y, month, day))
        except ValueError:
            pass
    if not found:
        pattern = r"(tháng|quý)\s*([IV]{1,3}|\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            unit, value, y = match.group(1).lower(), match.group(2), match.group(3) or year
            number = _roman_value(value) if value.isalpha() else int(value)
            if not y:
                continue
            if unit == "quý" and number in QUARTER_END:
                month, day = QUARTER_END[number]
            elif unit == "tháng" and 1 <= number <= 12:
                month = number
                day = (datetime.date(int(y) + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
            else:
                continue
            found.append(datetime.date(int(y), month, day))
    return max(found).isoformat() if found else None


def _recipient(label: str) -> dict[str, Any]:
    purpose = ""
    match = re.match(r"^(?P<label>.*\S)\s*\((?P<purpose>[^()]{2,60})\)$", label)
    if match:
        label, purpose = match.group("label").strip(), match.group("purpose").strip()
    archive = bool(re.match(r"^Lưu\b", label, re.IGNORECASE))
    if archive:
        label = re.sub(r"^Lưu\s*:?\s*", "Lưu: ", label, flags=re.IGNORECASE).strip()
    return {
        "label": label[:200],
        "organization": None if archive else label[:200],
        "purpose": purpose,
        "archive": archive,
    }


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    return all(w[:1].isupper() and w.replace(".", "").isalpha() for w in words)


# --- Preview ------------------------------------------------------------------------------

KIND_LABELS = {"txt": "Văn bản (.txt)", "docx": "Word (.docx)", "json": "JSON (htxplan.plan/1)"}


def preview_context(stored: dict[str, Any]) -> dict[str, Any]:
    """What the preview page shows, from an import kept between the two
    steps: the source cut into plain and repaired pieces (left), the
    structured result (right), the list of repairs and the warnings."""
    source: str = stored["source"]
    repairs = [Repair(**r) for r in stored["repairs"]]
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for repair in sorted((r for r in repairs if r.line), key=lambda r: r.position):
        start, end = repair.position, repair.position + len(repair.before)
        if start < cursor or end > len(source):
            continue
        if start > cursor:
            pieces.append({"text": source[cursor:start], "repair": None})
        pieces.append({"text": source[start:end], "repair": repair})
        cursor = end
    pieces.append({"text": source[cursor:], "repair": None})
    data = stored["data"]
    return {
        "data": data,
        "marked": _marked(data, repairs, stored.get("text", "")),
        "pieces": pieces,
        "repairs": repairs,
        "warnings": stored.get("warnings", []),
        "kind_label": KIND_LABELS.get(stored.get("kind", ""), ""),
        "encoding": stored.get("encoding", ""),
        "name": stored.get("name", ""),
        "counts": {
            "legal_bases": len(data.get("legal_bases") or []),
            "objectives": len((data.get("objectives") or {}).get("items") or []),
            "tasks": len((data.get("tasks") or {}).get("items") or []),
            "solutions": len((data.get("solutions") or {}).get("items") or []),
            "recipients": len(data.get("recipients") or []),
        },
    }


def fill_header_from_issuer(result: ImportResult, issuer) -> None:
    """A file without its header (the seed starts at "KẾ HOẠCH") takes the
    header lines from the organisation chosen as issuer; the preview says so."""
    if result.kind == "json":
        return
    header = result.data["issuer"]
    filled = []
    if not header.get("name"):
        header["name"] = issuer.name.upper()
        filled.append("tên cơ quan")
    if not header.get("parent") and issuer.parent_id and not result.data.get("symbol"):
        header["parent"] = issuer.parent.short_name.upper()
        filled.append("cơ quan chủ quản")
    if not header.get("abbreviation"):
        header["abbreviation"] = issuer.abbreviation
    if not result.data.get("place"):
        result.data["place"] = re.sub(
            r"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+", "", issuer.unit.name, flags=re.I
        )
        filled.append("địa danh")
    if not result.data.get("symbol"):
        result.data["symbol"] = f"KH-{issuer.abbreviation}"
        filled.append("ký hiệu")
    if filled:
        result.warnings.append(
            f"Tệp không ghi {', '.join(filled)}: đã lấy theo {issuer.short_name}. Hãy kiểm tra lại sau khi lưu."
        )


def _marked(data: dict[str, Any], repairs: list[Repair], text: str) -> dict[str, Any]:
    """The text fields of the result as HTML, with exactly the words the
    repair mended in <mark>: the n-th "việc" of the text is marked only if
    the n-th "việc" was a repair. Fields are walked in the order of the
    document, which is the order the parser read them in."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    # Where each mended word sits in the repaired text.
    repaired_at: dict[str, set[int]] = {}
    shift = 0
    for repair in sorted((r for r in repairs if r.line), key=lambda r: r.position):
        if repair.kind in ("tone", "typo") and repair.after.strip():
            repaired_at.setdefault(repair.after, set()).add(repair.position + shift)
        shift += len(repair.after) - len(repair.before)
    patterns = {word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in repaired_at}
    wanted = {
        word: {n for n, m in enumerate(pattern.finditer(text)) if m.start() in repaired_at[word]}
        for word, pattern in patterns.items()
    }
    seen = Counter()

    def html(value: str) -> str:
        spans = []
        for word, pattern in patterns.items():
            for match in pattern.finditer(value):
                if seen[word] in wanted[word]:
                    spans.append((match.start(), match.end()))
                seen[word] += 1
        out, cursor = [], 0
        for start, end in sorted(spans):
            if start < cursor:
                continue
            out += [escape(value[cursor:start]), f'<mark class="import-repair">{escape(value[start:end])}</mark>']
            cursor = end
        out.append(escape(value[cursor:]))
        return mark_safe("".join(out).replace("\n", "<br>"))

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        out = {"title": html(entry.get("title") or ""), "body": html(entry.get("body") or "")}
        out["children"] = [item(c) for c in entry.get("children") or []]
        out["lead"] = entry.get("lead") or ""
        return out

    return {
        "title": html(data.get("title") or ""),
        "legal_bases": [html(b) for b in data.get("legal_bases") or []],
        "preamble": html(data.get("preamble") or ""),
        "objectives": [item(o) for o in (data.get("objectives") or {}).get("items") or []],
        "tasks": [item(t) for t in (data.get("tasks") or {}).get("items") or []],
        "solutions": [item(x) for x in (data.get("solutions") or {}).get("items") or []],
        "funding": html((data.get("funding") or {}).get("body") or ""),
        "extra_sections": [
            {"heading": e.get("heading") or "", "body": html(e.get("body") or "")}
            for e in data.get("extra_sections") or []
        ],
        "closing": html(data.get("closing") or ""),
    }
