"""The progress form cooperative staff fill in, often on a phone."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import ProgressUpdate, Task
from plans.progress.evidence import evidence_check, evidence_limits


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DecimalCommaField(forms.DecimalField):
    """A decimal typed the Vietnamese way ("12,5") or the other ("12.5")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class ProgressForm(forms.ModelForm):
    """Log progress on a task: the percent and what was done. The status is
    not asked: it follows from the percent (0 not started, 1-99 in progress,
    100 done), so the two cannot disagree. The rules live in
    services.progress_log; the form turns input into values and shows the
    service's refusals beside the fields, keeping everything typed."""

    files = MultipleFileField(
        label=_("Minh chứng (ảnh, PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    # One token per rendered form: a second submit of the same form stores nothing new.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "percent", "work_done", "indicator_value"]
        widgets = {
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
            "work_done": forms.Textarea(attrs={"rows": 4}),
            # Text, not number: a phone in Vietnamese may type "12,5", which a number input would drop.
            "indicator_value": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        }
        field_classes = {"indicator_value": DecimalCommaField}

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.instance.task = task
        self.fields["reported_on"].initial = timezone.localdate
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["percent"].help_text = _("0% là chưa bắt đầu, 1–99% là đang thực hiện, 100% là hoàn thành.")
        # The range is checked in clean_percent, with one message for both ends.
        self.fields["percent"].validators = []
        self.fields["work_done"].label = _("Việc đã làm")
        self.fields["work_done"].error_messages["required"] = _("Hãy ghi những việc đã làm trong kỳ này.")
        if task.indicator_name:
            field = self.fields["indicator_value"]
            unit = f" ({task.indicator_unit})" if task.indicator_unit else ""
            field.label = f"{task.indicator_name}{unit}"
            if task.indicator_target is not None:
                field.help_text = _("Chỉ tiêu: %(target)s%(unit)s") % {
                    "target": f"{task.indicator_target.normalize():f}".replace(".", ","),
                    "unit": f" {task.indicator_unit}" if task.indicator_unit else "",
                }
        else:
            del self.fields["indicator_value"]
        max_bytes, max_files = evidence_limits()
        self.fields["files"].help_text = _("Ảnh hoặc tệp PDF, tối đa %(files)s tệp, mỗi tệp không quá %(mb)s MB.") % {
            "files": max_files,
            "mb": max_bytes // (1024 * 1024),
        }

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if percent is not None and not 0 <= percent <= 100:
            raise forms.ValidationError(_("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
        return percent

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("Ngày báo cáo %(day)s ở tương lai; chọn ngày hôm nay hoặc trước đó.") % {"day": f"{day:%d/%m/%Y}"}
            )
        return day

    def clean_files(self):
        files = self.cleaned_data["files"]
        evidence_check(files)
        return files
