"""Evidence files of a progress update: photos from the field, scanned papers.

What is checked, in order, before anything is stored (every refusal is a
message in Vietnamese beside the files, the rest of the form kept):

- at most PROGRESS_MAX_FILES files of PROGRESS_MAX_FILE_MB MB each;
- the type is read from the first bytes of the content, never from the
  name or the browser's claim: JPEG, PNG, WebP, GIF or PDF. HEIC is
  refused with a word on how to send JPEG instead: Pillow cannot decode it
  here, so it could be neither cleaned nor shown (iPhones turn their photos
  into JPEG themselves when a page asks for "image/*", as the form does);
- a photo is decoded by Pillow and written anew (images.py): its size read
  before its pixels (decompression bombs refused), turned upright as its
  EXIF says, at most 4000 px a side, with no metadata (GPS, EXIF, XMP,
  comments) and nothing that rode along (an image/HTML polyglot loses its
  HTML). That clean copy is what pages show. The photo as sent is kept
  beside it (Evidence.original): its EXIF date and GPS position may be the
  proof of when and where the work was done. It is only ever served as a
  download (application/octet-stream, attachment, nosniff), to those who
  see the task, and the form says so;
- a PDF must be readable by pypdf, not encrypted, and hold no JavaScript,
  automatic action, launch, embedded file, media or XFA form (pdfs.py); it
  is stored as sent and always served as a download;
- what a user sent in the last 24 hours stays within
  PROGRESS_UPLOAD_QUOTA_MB_PER_DAY (quota.py), checked in the same
  transaction that stores the files.

Stored names are random, with the extension of the stored type. Evidence.sha256
and .size are those of the stored file (the clean copy for a photo);
original_sha256 and original_size those of the photo as sent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from htxplan.storage import STORAGE_ERRORS
from plans.models import Evidence, ProgressUpdate
from plans.progress.evidence.images import PILLOW_FORMATS, image_clean
from plans.progress.evidence.pdfs import pdf_check
from plans.progress.evidence.quota import mb_text, quota_check

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

log = logging.getLogger(__name__)

EVIDENCE_TYPES_LABEL = gettext_lazy("ảnh (JPEG, PNG, WebP, GIF) hoặc PDF")

__all__ = [
    "EVIDENCE_TYPES",
    "CheckedFile",
    "download_name",
    "evidence_check",
    "evidence_discard",
    "evidence_limits",
    "evidence_store",
    "quota_check",
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


def evidence_limits() -> tuple[int, int]:
    """(largest file in bytes, files per update) from the settings."""
    return settings.PROGRESS_MAX_FILE_MB * 1024 * 1024, settings.PROGRESS_MAX_FILES


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


def evidence_store(update: ProgressUpdate, checked: CheckedFile) -> Evidence:
    """The row and its file(s), under random names: nothing a user typed
    reaches the path. Files written before a failure are removed."""
    upload = checked.upload
    evidence = Evidence(update=update, original_name=(upload.name or "")[:255], content_type=checked.content_type)
    try:
        _save_files(evidence, checked, uuid.uuid4().hex)
        evidence.full_clean()
        evidence.save()
    except BaseException:
        evidence_discard([evidence])
        raise
    finally:
        upload.seek(0)
    return evidence


def _save_files(evidence: Evidence, checked: CheckedFile, stem: str) -> None:
    upload, extension = checked.upload, EVIDENCE_TYPES[checked.content_type]
    if checked.clean is None:
        evidence.size, evidence.sha256 = upload.size, _sha256(upload.chunks())
        upload.seek(0)
        evidence.file.save(f"{stem}.{extension}", upload, save=False)
        return
    evidence.size, evidence.sha256 = len(checked.clean), _sha256([checked.clean])
    evidence.file.save(f"{stem}.{extension}", ContentFile(checked.clean), save=False)
    evidence.reencoded = True
    evidence.original_size, evidence.original_sha256 = upload.size, _sha256(upload.chunks())
    upload.seek(0)
    evidence.original.save(f"{stem}.original.{EVIDENCE_TYPES[checked.detected]}", upload, save=False)


def _sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def download_name(name: str, stored_name: str) -> str:
    """The name a download gets: the name the user gave, ending with the
    extension of what is served (a PDF named "x.html" downloads as "x.pdf")."""
    extension = os.path.splitext(stored_name)[1].lower().lstrip(".")
    stem, given = os.path.splitext(name or "minh-chung")
    if given.lower().lstrip(".") in EXTENSIONS.get(extension, {extension}):
        return name
    return f"{stem or 'minh-chung'}.{extension}"


def evidence_discard(evidence: list[Evidence]) -> None:
    """Remove the files of a rolled-back update: rows vanish with the
    transaction, files on disk do not."""
    for item in evidence:
        for field_file in (item.file, item.original):
            if not field_file:
                continue
            try:
                field_file.delete(save=False)
            except STORAGE_ERRORS as error:
                # A folder that refuses writes may refuse this too: the file
                # stays, and `manage.py storage_check` lists it as having no row.
                log.error("Evidence file %s of a rolled-back update not removed: %s", field_file.name, error)
