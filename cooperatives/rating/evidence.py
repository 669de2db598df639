"""An evidence file of a rating item: a photo or a PDF, its type read from
its content (not its name), within the size limit of progress evidence.

The progress evidence checks (plans/progress/evidence/) belong to plans,
which cooperatives does not import; this keeps the same limit and types."""

from __future__ import annotations

import io

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
MB = 1024 * 1024


def max_bytes() -> int:
    return settings.PROGRESS_MAX_FILE_MB * MB


def evidence_check(upload: UploadedFile) -> str:
    """The file's extension if it is a photo or PDF under the limit; else a Vietnamese ValidationError."""
    name = upload.name or ""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” lớn quá %(mb)s MB.") % {"name": name, "mb": limit // MB}, code="too_large"
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh (JPEG, PNG, WebP) hoặc PDF.") % {"name": name}, code="type"
        )
    data = upload.read()
    upload.seek(0)
    try:
        if mime == "application/pdf":
            if not PdfReader(io.BytesIO(data)).pages:
                raise PdfReadError("no pages")
        else:
            with Image.open(io.BytesIO(data)) as picture:
                picture.verify()
    except (PdfReadError, UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("Tệp “%(name)s” bị hỏng, không mở được.") % {"name": name}, code="broken") from None
    return TYPES[mime]
