"""Uploaded files checked before anything is stored: photos from the field,
scanned papers. Progress evidence (plans/progress/evidence/) and an OCOP
product's certificates (cooperatives/ocop/) go through the same checks; what
is stored, where and for whom is the caller's.

What is checked, in order (every refusal is a message in Vietnamese beside
the files, the rest of the form kept):

- at most PROGRESS_MAX_FILES files of PROGRESS_MAX_FILE_MB MB each;
- the type is read from the first bytes of the content, never from the
  name or the browser's claim: JPEG, PNG, WebP, GIF or PDF. HEIC is
  refused with a word on how to send JPEG instead: Pillow cannot decode it
  here, so it could be neither cleaned nor shown (iPhones turn their photos
  into JPEG themselves when a page asks for "image/*", as the forms do);
- a photo is decoded by Pillow and written anew (images.py): its size read
  before its pixels (decompression bombs refused), turned upright as its
  EXIF says, at most 4000 px a side, with no metadata (GPS, EXIF, XMP,
  comments) and nothing that rode along (an image/HTML polyglot loses its
  HTML). That clean copy is what pages show;
- a PDF must be readable by pypdf, not encrypted, and hold no JavaScript,
  automatic action, launch, embedded file, media or XFA form (pdfs.py); it
  is stored as sent and always served as a download.

The form fields for several files and for decimals typed "12,5" are in
fields.py.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from htxplan.uploads.images import PILLOW_FORMATS, image_clean
from htxplan.uploads.pdfs import pdf_check

# The types accepted, with the extension a stored file of that type gets.
EVIDENCE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
}
# Other names a file of each type goes by, kept in a download's name.
EXTENSIONS = {"jpg": {"jpg", "jpeg", "jpe"}, "png": {"png"}, "webp": {"webp"}, "gif": {"gif"}, "pdf": {"pdf"}}

EVIDENCE_TYPES_LABEL = gettext_lazy("ảnh (JPEG, PNG, WebP, GIF) hoặc PDF")

# Every answer that serves an uploaded file: the browser never guesses a
# type, and a file that is opened anyway runs nothing (no script, no
# plugin, no request).
EVIDENCE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}

MB = 1024 * 1024

__all__ = [
    "EVIDENCE_HEADERS",
    "EVIDENCE_TYPES",
    "EVIDENCE_TYPES_LABEL",
    "EXTENSIONS",
    "MB",
    "CheckedFile",
    "download_name",
    "evidence_check",
    "evidence_limits",
    "mb_text",
]


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with what is to be stored of it."""

    upload: UploadedFile
    detected: str  # the type read from the upload's content
    content_type: str  # the type of what is stored and served
    clean: bytes | None = None  # a photo's clean copy; None: the upload is stored as sent

    @property
    def sent_size(self) -> int:
        return self.upload.size


def mb_text(size: int) -> str:
    """12.34 MB written the Vietnamese way: '12,3'."""
    return f"{size / MB:.1f}".replace(".", ",")


def evidence_limits() -> tuple[int, int]:
    """(largest file in bytes, files per update) from the settings."""
    return settings.PROGRESS_MAX_FILE_MB * MB, settings.PROGRESS_MAX_FILES


def evidence_check(files: Sequence[UploadedFile | CheckedFile]) -> list[CheckedFile]:
    """Each file checked (files checked already pass as they are), or a
    ValidationError listing every refused file."""
    max_bytes, max_files = evidence_limits()
    if len(files) > max_files:
        raise ValidationError(
            _("Mỗi lần cập nhật được gửi tối đa %(max)s tệp minh chứng (đã chọn %(count)s tệp).")
            % {"max": max_files, "count": len(files)}
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(upload if isinstance(upload, CheckedFile) else _checked(upload, max_bytes))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _checked(upload: UploadedFile, max_bytes: int) -> CheckedFile:
    name = upload.name or _("tệp")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, vượt quá giới hạn %(limit)s MB mỗi tệp.")
            % {"name": name, "size": mb_text(upload.size), "limit": settings.PROGRESS_MAX_FILE_MB}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is not None and kind.mime in ("image/heic", "image/heif"):
        raise ValidationError(
            _(
                "Ảnh “%(name)s” ở định dạng HEIC, máy chủ chưa đọc được. Hãy gửi ảnh JPEG: chọn ảnh ngay "
                "trên điện thoại (iPhone tự chuyển sang JPEG), hoặc trên iPhone chọn Cài đặt › Camera › "
                "Định dạng › Tương thích nhất."
            )
            % {"name": name}
        )
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không phải %(types)s: nội dung tệp không khớp với loại được phép, dù tên tệp là gì.")
            % {"name": name, "types": EVIDENCE_TYPES_LABEL}
        )
    if kind.mime in PILLOW_FORMATS:
        image = image_clean(upload, kind.mime, name)
        return CheckedFile(upload, kind.mime, image.content_type, image.content)
    pdf_check(upload, name)
    return CheckedFile(upload, kind.mime, kind.mime)


def download_name(name: str, stored_name: str) -> str:
    """The name a download gets: the name the user gave, ending with the
    extension of what is served (a PDF named "x.html" downloads as "x.pdf")."""
    extension = os.path.splitext(stored_name)[1].lower().lstrip(".")
    stem, given = os.path.splitext(name or "minh-chung")
    if given.lower().lstrip(".") in EXTENSIONS.get(extension, {extension}):
        return name
    return f"{stem or 'minh-chung'}.{extension}"
