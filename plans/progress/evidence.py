"""Evidence files of a progress update: photos from the field, scanned papers.

The type is read from the first bytes of the content, never from the name
or the browser's claim, so an executable renamed ".jpg" is refused; the
stored name is random, with the extension of the detected type.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Evidence, ProgressUpdate

EVIDENCE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/pdf": "pdf",
}


EVIDENCE_TYPES_LABEL = gettext_lazy("ảnh (JPEG, PNG, WebP, GIF, HEIC) hoặc PDF")


def evidence_limits() -> tuple[int, int]:
    """(largest file in bytes, files per update) from the settings."""
    return settings.PROGRESS_MAX_FILE_MB * 1024 * 1024, settings.PROGRESS_MAX_FILES


def evidence_check(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file with its content type detected from its content, or a
    ValidationError listing every refused file."""
    max_bytes, max_files = evidence_limits()
    if len(files) > max_files:
        raise ValidationError(
            _("Mỗi lần cập nhật được gửi tối đa %(max)s tệp minh chứng (đã chọn %(count)s tệp).")
            % {"max": max_files, "count": len(files)}
        )
    checked, errors = [], []
    for upload in files:
        name = upload.name or _("tệp")
        if upload.size > max_bytes:
            errors.append(
                _("Tệp “%(name)s” nặng %(size)s MB, vượt quá giới hạn %(limit)s MB mỗi tệp.")
                % {"name": name, "size": _mb(upload.size), "limit": settings.PROGRESS_MAX_FILE_MB}
            )
            continue
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head) if head else None
        if kind is None or kind.mime not in EVIDENCE_TYPES:
            errors.append(
                _("Tệp “%(name)s” không phải %(types)s: nội dung tệp không khớp với loại được phép, dù tên tệp là gì.")
                % {"name": name, "types": EVIDENCE_TYPES_LABEL}
            )
            continue
        checked.append((upload, kind.mime))
    if errors:
        raise ValidationError(errors)
    return checked


def _mb(size: int) -> str:
    """12.34 MB written the Vietnamese way: '12,3'."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def evidence_store(update: ProgressUpdate, upload: UploadedFile, content_type: str) -> Evidence:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        update=update,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    # A random name under MEDIA_ROOT: nothing a user typed reaches the path.
    evidence.file.save(f"{uuid.uuid4().hex}.{EVIDENCE_TYPES[content_type]}", upload, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


def evidence_discard(evidence: list[Evidence]) -> None:
    """Remove the files of a rolled-back update: rows vanish with the
    transaction, files on disk do not."""
    for item in evidence:
        item.file.delete(save=False)
