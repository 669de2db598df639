"""The forms of the workflow steps: issue with its date, return with its reason, a remark."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    """The approver confirms the issue, the date written on the document and
    the name printed under the signature (the one already on the document,
    else the approver's own; left empty, the document's stays as it is)."""

    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        help_text=_("Để trống là hôm nay."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày ban hành không hợp lệ.")},
    )

    signer_name = forms.CharField(
        label=_("Họ tên người ký"),
        max_length=120,
        required=False,
        help_text=_("In dưới chữ ký, ở cuối văn bản (Nghị định 30/2020/NĐ-CP)."),
    )

    def __init__(self, *args, signer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
        self.fields["signer_name"].initial = signer

    def clean_signer_name(self):
        return " ".join(self.cleaned_data["signer_name"].split())

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày ban hành không được ở tương lai."))
        return day


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")},
    )


class RemarkForm(forms.Form):
    body = forms.CharField(
        label=_("Góp ý"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nhập nội dung góp ý.")},
    )
