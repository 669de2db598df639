"""The forms of the profile page: one for the person's details; the
password change is Django's, refusing the password in use (a one-time
password printed on a card must not become the lasting one)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from cooperatives.people.phones import phone_clean


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


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and not self.has_error("new_password1") and self.user.check_password(new):
            self.add_error(
                "new_password1",
                _("Mật khẩu mới phải khác mật khẩu đang dùng (mật khẩu một lần trên phiếu không được giữ lại)."),
            )
        return cleaned
