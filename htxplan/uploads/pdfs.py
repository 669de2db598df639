"""Scanned papers as PDF, checked before they are stored: nothing in them may run.

A PDF is refused when it is encrypted (its content cannot be checked),
when pypdf cannot read it or it has no page, and when it holds something a
reader could run or open: JavaScript (/JS, /JavaScript), automatic actions
(/AA, and an /OpenAction that does more than open at a page), programs to
launch (/Launch), files inside it (/EmbeddedFiles, /EF, file attachment
annotations), Flash and media (/RichMedia, movies, sounds, screens), XFA
forms (/XFA), and form data sent or imported (/SubmitForm, /ImportData).

It is looked at twice. pypdf reads every object of the file (those the
cross-reference table lists, compressed object streams included, and all
reachable from the trailer); then the raw bytes outside the streams' data
are read for the same names, with their #xx escapes decoded (/J#61vaScript
is /JavaScript), so an object pypdf does not reach, or bytes it reads
differently from a viewer, do not slip through.

A PDF that passes is stored as sent and always served as a download
(Content-Disposition: attachment), never shown inside the portal's pages.
"""

from __future__ import annotations

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Keys that carry code, automatic actions, embedded files, media or XFA.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/RichMediaSettings", "/XFA"}
# Values of /S (action type), /Subtype (annotation) or /Type that mean the same.
ACTIVE_KINDS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/EmbeddedFile",
    "/FileAttachment",
    "/RichMedia",
    "/Movie",
    "/Sound",
    "/Screen",
}
KIND_KEYS = {"/S", "/Subtype", "/Type"}
# Names the raw bytes may not hold. /OpenAction is not among them: opening
# at a given page, as word processors write it, is harmless; pypdf tells.
RAW_NAMES = {name.encode()[1:] for name in ACTIVE_KEYS | ACTIVE_KINDS}
# Far more than a scan or an exported document holds (a few thousand).
MAX_OBJECTS = 200_000

_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class _Unreadable(Exception):
    pass


def pdf_check(upload: UploadedFile, name: str) -> None:
    """Nothing when the PDF may be stored; a ValidationError saying why not."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "Tệp PDF “%(name)s” có mật khẩu hoặc được mã hóa nên không kiểm tra được. "
                    "Hãy gửi bản không đặt mật khẩu hoặc chụp ảnh giấy tờ."
                )
                % {"name": name}
            )
        pages = len(reader.pages)
        found = _active_object(reader)
    except ValidationError:
        raise
    except Exception:  # any parser failure on uploaded bytes is a refusal, never a 500
        raise _unreadable(name) from None
    if not pages:
        raise ValidationError(_("Tệp PDF “%(name)s” không có trang nào.") % {"name": name})
    found = found or raw_active_name(data)
    if found:
        raise ValidationError(
            _(
                "Tệp PDF “%(name)s” chứa mã tự chạy, hành động tự động hoặc tệp đính kèm (%(what)s) nên không "
                "được nhận. Hãy in lại tài liệu ra PDF (“In ra PDF”) hoặc chụp ảnh giấy tờ rồi gửi lại."
            )
            % {"name": name, "what": found}
        )


def _unreadable(name: str) -> ValidationError:
    return ValidationError(
        _(
            "Tệp “%(name)s” không đọc được như một PDF (tệp hỏng, không trọn vẹn hoặc chỉ giả dạng PDF). "
            "Hãy xuất lại tệp PDF hoặc chụp ảnh giấy tờ."
        )
        % {"name": name}
    )


def _active_object(reader: PdfReader) -> str:
    """The first active key or kind in any object of the file, or ""."""
    stack: list = [reader.trailer, *_listed_objects(reader)]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_OBJECTS:
                raise _Unreadable
            try:
                item = item.get_object()
            except Exception:  # an object pypdf cannot read is left to the raw look
                continue
        if isinstance(item, DictionaryObject):  # a stream's dictionary too; its data is not decoded
            for key, value in item.items():
                if found := _active_entry(key, value):
                    return found
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return ""


def _listed_objects(reader: PdfReader) -> list[IndirectObject]:
    """Every object the cross-reference table lists, reachable or not."""
    listed = [(idnum, generation) for generation, table in reader.xref.items() for idnum in table]
    listed += [(idnum, 0) for idnum in reader.xref_objStm]
    return [IndirectObject(idnum, generation, reader) for idnum, generation in listed]


def _active_entry(key: str, value) -> str:
    if key in ACTIVE_KEYS:
        return key
    if key in KIND_KEYS or key == "/OpenAction":
        value = value.get_object() if isinstance(value, IndirectObject) else value
    if key in KIND_KEYS and isinstance(value, str) and value in ACTIVE_KINDS:
        return value
    # Opening at a page (a destination, or a GoTo action) is all an /OpenAction may do.
    if key == "/OpenAction" and not (isinstance(value, ArrayObject) or _goes_to(value)):
        return key
    return ""


def _goes_to(action) -> bool:
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    return (kind.get_object() if isinstance(kind, IndirectObject) else kind) == "/GoTo"


def raw_active_name(data: bytes) -> str:
    """The first active name in the bytes outside the streams' data, its
    #xx escapes decoded, as "/JavaScript"; or ""."""
    for match in _NAME.finditer(_outside_streams(data)):
        name = _ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1])
        if name in RAW_NAMES:
            return "/" + name.decode("latin-1")
    return ""


def _outside_streams(data: bytes) -> bytes:
    """The bytes with every stream's data left out (compressed, or a
    picture's pixels, where any name may occur by chance). Linear. After a
    stream with no end everything is read: a file cut short is not hidden."""
    parts, start = [], 0
    while (keyword := data.find(b"stream", start)) != -1:
        after = keyword + len(b"stream")
        if data[after : after + 1] not in (b"\r", b"\n") or data[keyword - 3 : keyword] == b"end":
            parts.append(data[start:after])
            start = after
            continue
        parts.append(data[start:keyword])
        end = data.find(b"endstream", after)
        if end == -1:
            start = keyword
            break
        start = end + len(b"endstream")
    parts.append(data[start:])
    return b" ".join(parts)
