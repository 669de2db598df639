"""Limits every document text is held to, in whatever model it is stored."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A document's text is read by people and laid out by WeasyPrint. A section
# of a real plan or report runs to tens of thousands of characters (one of
# 36,599 was met), so a body may hold about sixty printed pages; what is
# always a mistake, and ties up the renderer, is a "word" of thousands of
# characters with no space (a pasted hash, a run of dots).
MAX_BODY_CHARS = 200_000
MAX_WORD_CHARS = 200


def validate_document_text(value: str) -> None:
    if len(value) > MAX_BODY_CHARS:
        raise ValidationError(
            _("Đoạn văn bản dài %(n)s ký tự, vượt mức %(max)s ký tự; hãy tách thành nhiều mục."),
            params={"n": len(value), "max": MAX_BODY_CHARS},
            code="too_long",
        )
    longest = max(value.split(), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise ValidationError(
            _("Có một chuỗi %(n)s ký tự liền nhau không có khoảng trắng (“%(start)s…”); hãy kiểm tra lại."),
            params={"n": len(longest), "start": longest[:20]},
            code="word_too_long",
        )


def typed_text(value):
    """Text as typed, stored NFC (Decree 30 asks for TCVN 6909): a browser or
    a pasted PDF may send the tone marks as separate combining characters."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value
