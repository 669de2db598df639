"""One form per user action on a progress report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.forms.workflow import IssueForm
from reports.models import ProgressReport
from reports.services import REPORT_TEXT_FIELDS


class ReportCreateForm(forms.Form):
    as_of = forms.DateField(
        label=_("Số liệu tính đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Phần I được tổng hợp từ cập nhật tiến độ mới nhất của từng nhiệm vụ đến ngày này."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()


class ReportEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgressReport
        fields = REPORT_TEXT_FIELDS
        widgets = {
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "results": forms.Textarea(attrs={"rows": 16}),
            "shortcomings": forms.Textarea(attrs={"rows": 6}),
            "directions": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "results": _("Dòng trống ngăn đoạn; dòng bắt đầu bằng “1. ” là một nhiệm vụ; “- ” là một ý."),
        }


class ReportReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportIssueForm(IssueForm):
    """The same confirmation as a plan's: a date, today by default, never in the future."""
