"""The code typed from the authenticator app (or a recovery code)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực 6 số"),
        max_length=32,
        error_messages={"required": _("Hãy nhập mã 6 số đang hiện trong ứng dụng xác thực.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg",
                "pattern": r"[0-9 ]*",
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã dự phòng"),
        max_length=32,
        help_text=_(
            "Một trong 10 mã dự phòng đã in khi bật xác thực hai lớp, ví dụ abcd-efgh. Mỗi mã dùng được một lần."
        ),
        error_messages={"required": _("Hãy nhập một mã dự phòng.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
