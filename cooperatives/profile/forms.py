"""The forms of the profile page: one for the person's details; the
password uses Django's PasswordChangeForm as it is."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
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


class ProfileForm(forms.Form):
    # Django's first_name holds what comes first in a Vietnamese name, so
    # get_full_name() reads "Nguyễn Văn An".
    first_name = forms.CharField(
        label=_("Họ và tên đệm"), max_length=150, required=False, help_text=_("Ví dụ: Nguyễn Văn")
    )
    last_name = forms.CharField(label=_("Tên"), max_length=150, required=False, help_text=_("Ví dụ: An"))
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ đúng: ten@ubnd.vn.")},
        help_text=_("Thông báo và văn bản gửi tới địa chỉ này."),
    )
    phone = forms.CharField(
        label=_("Điện thoại"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Ngôn ngữ"),
        required=False,
        choices=[("", _("Theo trình duyệt (tiếng Việt trước)")), *settings.LANGUAGES],
        error_messages={"invalid_choice": _("Hãy chọn một ngôn ngữ trong danh sách.")},
    )

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])
