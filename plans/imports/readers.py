"""An uploaded file into an ImportResult: the checks every file passes, then
the reader for its kind. Text and Word files go through text repair and the
parser; an interchange .json file is taken as it is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.imports.encodings import NotText, decode_bytes
from plans.imports.parser import parse_plan
from plans.imports.textrepair import Repair, repair_text
from plans.imports.word import docx_lines
from plans.interchange import FORMAT

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".docx", ".txt", ".json")


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


def import_file(name: str, content: bytes) -> ImportResult:
    """Read an uploaded file. Raises ValidationError with a message in the
    reader's language for anything that is not a plan it can read."""
    extension = Path(name or "").suffix.lower()
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(limit)s MB.")
            % {"size": f"{len(content) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    if extension == ".doc":
        raise ValidationError(
            _(
                "Chưa đọc được tệp Word 97-2003 (.doc): hãy mở tệp trong Word, "
                "chọn “Lưu thành” định dạng .docx rồi tải lên lại."
            )
        )
    if extension == ".pdf" or content.startswith(b"%PDF"):
        raise ValidationError(
            _("Chưa đọc được tệp PDF: hãy dùng bản Word (.docx) của kế hoạch, hoặc sao chép nội dung ra tệp .txt.")
        )
    if extension not in EXTENSIONS:
        raise ValidationError(_("Chỉ nhận tệp Word (.docx), văn bản (.txt) hoặc kế hoạch xuất từ hệ thống (.json)."))
    if not content.strip():
        raise ValidationError(_("Tệp rỗng: không có nội dung nào để nhập."))
    if extension == ".docx":
        return import_docx(content)
    if extension == ".json":
        return import_json(content)
    if content.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("Tệp có đuôi .txt nhưng thực chất là tệp nén (có thể là .docx): hãy đổi lại đúng đuôi.")
        )
    try:
        text, encoding = decode_bytes(content)
    except NotText:
        raise ValidationError(_("Tệp không phải là văn bản (có thể là tệp nhị phân hoặc bị hỏng).")) from None
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
