"""Vietnamese phone numbers, checked the same way wherever one is typed:
the profile, an invitation's acceptance, a new account, a first leader,
the XLSX import."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_SHAPE = re.compile(r"^(\+84)?[\d ]+$")
PHONE_MESSAGE = _(
    "Số điện thoại chỉ gồm chữ số và khoảng trắng, có thể bắt đầu bằng +84, và có từ 9 đến 11 chữ số "
    "(ví dụ 0912 345 678, +84 912 345 678 hoặc 0299 3822 123)."
)


def phone_clean(value: str) -> str:
    """A Vietnamese number, as typed with its spaces tidied; "" when empty."""
    value = " ".join(value.split())
    if not value:
        return ""
    compact = value.replace(" ", "")
    if len(value) > 20 or not PHONE_SHAPE.match(compact):
        raise forms.ValidationError(PHONE_MESSAGE)
    digits = compact.removeprefix("+84")
    if not 9 <= len(digits) <= 11:
        raise forms.ValidationError(PHONE_MESSAGE)
    return value


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return phone_clean(super().clean(value) or "")
