"""An uploaded file into an ImportResult: the checks every file passes, then
the reader for its kind, told by the file's first bytes as much as by its
name (a .doc renamed .docx is still a .doc). Text, Word (word; an old .doc
through legacydoc) and PDF files (pdf) go through text repair and the
parser; an interchange .json file is taken as it is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.imports.encodings import NotText, decode_bytes
from plans.imports.legacydoc import convert_to_docx, is_ole2, is_rtf
from plans.imports.parser import parse_plan
from plans.imports.pdf import read_pdf
from plans.imports.textrepair import Repair, repair_text
from plans.imports.word import docx_lines
from plans.interchange import FORMAT

# Word and PDF files carry their pictures (stamps, signatures, photos of the fields).
MAX_BYTES = 20 * 1024 * 1024
# A plan as plain text or interchange data is never more than a few hundred kilobytes.
TEXT_MAX_BYTES = 5 * 1024 * 1024
# ".md": a page of a legal library saved as text, with its Markdown marks (webtext.py).
EXTENSIONS = (".docx", ".doc", ".pdf", ".txt", ".md", ".json")
ZIP = b"PK\x03\x04"


@dataclass
class ImportResult:
    data: dict[str, Any]
    source: str  # the text as read, which repair positions point into
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "txt"  # "txt", "docx", "doc", "pdf", "json"
    encoding: str = ""
    name: str = ""  # the uploaded file's name
    text: str = ""  # the repaired text the parser read


def import_file(name: str, content: bytes) -> ImportResult:
    """Read an uploaded file. Raises ValidationError with a message in the
    reader's language for anything that is not a plan it can read."""
    extension = Path(name or "").suffix.lower()
    is_pdf = b"%PDF-" in content[:1024]  # a PDF may have a few bytes before its header
    binary = is_pdf or is_ole2(content) or content.startswith(ZIP)
    _check_size(len(content), MAX_BYTES if binary or extension in (".docx", ".doc", ".pdf") else TEXT_MAX_BYTES)
    if is_pdf:
        return import_pdf(content)
    if is_ole2(content) or (extension == ".doc" and is_rtf(content)):
        return import_doc(content)
    if extension == ".pdf":
        raise ValidationError(
            _("Tệp có đuôi .pdf nhưng không phải tệp PDF (có thể bị hỏng hoặc bị đổi đuôi): hãy kiểm tra lại tệp.")
        )
    if extension == ".doc" and content.startswith(ZIP):  # a .docx renamed
        return import_docx(content)
    if extension == ".doc":
        raise ValidationError(
            _("Tệp có đuôi .doc nhưng không phải tệp Word (có thể bị hỏng hoặc bị đổi đuôi): hãy kiểm tra lại tệp.")
        )
    if extension not in EXTENSIONS:
        raise ValidationError(
            _(
                "Chỉ nhận tệp Word (.docx), văn bản (.txt), Word 97-2003 (.doc), PDF có lớp chữ (.pdf) "
                "hoặc kế hoạch xuất từ hệ thống (.json)."
            )
        )
    if not content.strip():
        raise ValidationError(_("Tệp rỗng: không có nội dung nào để nhập."))
    if extension == ".docx":
        return import_docx(content)
    if extension == ".json":
        return import_json(content)
    if content.startswith(ZIP):
        raise ValidationError(
            _("Tệp có đuôi .txt nhưng thực chất là tệp nén (có thể là .docx): hãy đổi lại đúng đuôi.")
        )
    try:
        text, encoding = decode_bytes(content)
    except NotText:
        raise ValidationError(_("Tệp không phải là văn bản (có thể là tệp nhị phân hoặc bị hỏng).")) from None
    return import_text(text, encoding=encoding)


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(limit)s MB.")
            % {"size": number_format(round(size / 1024 / 1024, 1), 1), "limit": number_format(limit // 1024 // 1024)}
        )


def import_text(text: str, *, encoding: str = "UTF-8", wrapped: bool | None = None, kind: str = "txt") -> ImportResult:
    repaired = repair_text(text)
    if repaired.encoding:
        encoding = f"{encoding} → {repaired.encoding.upper()}"
    # Text typed or copied from a web page may carry its marks; what the Word and PDF readers give does not.
    data, warnings = parse_plan(repaired.text, wrapped=wrapped, web=kind in ("txt", "md"))
    return ImportResult(data, repaired.source, repaired.repairs, warnings, kind, encoding, text=repaired.text)


def import_json(content: bytes) -> ImportResult:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise ValidationError(_("Tệp .json không đọc được: nội dung không phải JSON hợp lệ (UTF-8).")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _("Tệp .json không phải kế hoạch theo định dạng trao đổi “%(format)s”.") % {"format": FORMAT}
        )
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        raise ValidationError(_("Kế hoạch trong tệp .json chưa có trích yếu (“title”)."))
    source = json.dumps(data, ensure_ascii=False, indent=2)
    return ImportResult(data, source, [], [], "json", "UTF-8")


def import_docx(content: bytes) -> ImportResult:
    lines = docx_lines(content)
    if not any(line.strip() for line in lines):
        raise ValidationError(_("Tệp Word không có đoạn văn bản nào để nhập."))
    # Word paragraphs are paragraphs: no hard wraps to join.
    return import_text("\n".join(lines), encoding="Word (.docx)", wrapped=False, kind="docx")


def import_pdf(content: bytes) -> ImportResult:
    pdf = read_pdf(content)
    # A PDF's lines are broken at the page width: the parser guesses where paragraphs go on.
    result = import_text(pdf.text, encoding="PDF", wrapped=None, kind="pdf")
    if pdf.scanned:
        pages = ", ".join(str(n) for n in pdf.scanned)
        result.warnings.append(
            ngettext(
                "Trang %(pages)s của tệp PDF là ảnh quét, không có chữ: nội dung trang này chưa được nhập.",
                "Các trang %(pages)s của tệp PDF là ảnh quét, không có chữ: nội dung các trang này chưa được nhập.",
                len(pdf.scanned),
            )
            % {"pages": pages}
        )
    return result


def import_doc(content: bytes) -> ImportResult:
    """A Word 97-2003 file, converted to .docx by LibreOffice, read as a .docx."""
    result = import_docx(convert_to_docx(content))
    result.kind, result.encoding = "doc", "Word 97-2003 (.doc)"
    return result
