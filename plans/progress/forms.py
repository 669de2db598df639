"""The progress form cooperative staff fill in, often on a phone."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from htxplan.uploads.fields import DecimalCommaField, MultipleFileField, MultipleFileInput
from plans.models import ProgressUpdate, Task
from plans.progress.evidence import evidence_check, evidence_limits
from plans.progress.rollup import TaskProgress, TaskState

# The fields live with the other upload helpers; their old names here still work.
__all__ = ["DecimalCommaField", "MultipleFileField", "MultipleFileInput", "MyTasksFilterForm", "ProgressForm"]


class ProgressForm(forms.ModelForm):
    """Log progress on a task: the percent and what was done. The status is
    not asked: it follows from the percent (0 not started, 1-99 in progress,
    100 done), so the two cannot disagree. The rules live in
    services.progress_log; the form turns input into values and shows the
    service's refusals beside the fields, keeping everything typed."""

    # Two inputs, both optional, whose files are sent together. A single
    # input with capture="environment" opens the camera straight away on
    # most phones but then hides the gallery and the files, so a photo taken
    # earlier or a scanned PDF could no longer be chosen; without capture,
    # some phones (Android's photo picker) offer no camera at all. Hence the
    # picker for existing photos and PDFs, and a second input that asks for
    # the camera; on a computer the second one opens the file dialog too.
    files = MultipleFileField(
        label=_("Chọn ảnh hoặc tệp PDF có sẵn"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    camera = forms.FileField(
        label=_("Chụp ảnh mới"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Mở máy ảnh của điện thoại; mỗi lần lưu gửi kèm một ảnh chụp."),
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
        limits = _("Ảnh hoặc tệp PDF, tối đa %(files)s tệp, mỗi tệp không quá %(mb)s MB.") % {
            "files": max_files,
            "mb": max_bytes // (1024 * 1024),
        }
        quota = _("Mỗi người gửi tối đa %(quota)s MB mỗi ngày.") % {"quota": settings.PROGRESS_UPLOAD_QUOTA_MB_PER_DAY}
        kept = _(
            "Ảnh hiển thị trên trang được bỏ thông tin ẩn (vị trí GPS, thông tin máy ảnh); "
            "ảnh gốc được lưu để người xem nhiệm vụ tải về làm bằng chứng."
        )
        self.fields["files"].help_text = f"{limits} {quota} {kept}"

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

    def clean(self):
        cleaned = super().clean()
        # The photo just taken joins the chosen files: one list, one set of limits.
        files = list(cleaned.get("files") or [])
        if cleaned.get("camera"):
            files.append(cleaned["camera"])
        try:
            # Checked once: the service takes the checked files (photos already cleaned) as they are.
            cleaned["files"] = evidence_check(files)
        except forms.ValidationError as error:
            self.add_error("files", error)
        return cleaned


class MyTasksFilterForm(forms.Form):
    """The filters of "Việc của tôi" (a GET form): plan, year and state,
    offering only what the user's own tasks have: the plans and states of
    the tasks listed (`rows`), every year some task of theirs is in
    (`years`; none chosen is the current tasks). A value that is none of
    them (an old link, a typed address) switches that filter off instead of
    showing an error: the list is then unfiltered by it (the page says why
    for a year)."""

    plan = forms.TypedChoiceField(label=_("Kế hoạch"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("Tình trạng"), required=False)

    def __init__(self, data=None, *, rows: list[TaskProgress], years: list[int]):
        super().__init__(data)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        plans = sorted({tp.task.plan for tp in rows}, key=lambda p: (-p.year, p.number or 0, p.pk))
        self.fields["plan"].choices = [("", _("Tất cả kế hoạch"))] + [
            (p.pk, f"{p.number_label or p.title[:40]} ({p.year}) · {p.issuer.short_name}") for p in plans
        ]
        self.fields["year"].choices = [("", _("Nhiệm vụ hiện hành"))] + [(y, str(y)) for y in years]
        present = {tp.state for tp in rows}
        self.fields["state"].choices = [("", _("Mọi tình trạng"))] + [
            (value, label) for value, label in TaskState.choices if value in present
        ]

    def chosen(self) -> dict:
        """The valid filters given, by name; the bad ones are left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, rows: list[TaskProgress]) -> list[TaskProgress]:
        chosen = self.chosen()
        return [
            tp
            for tp in rows
            if chosen.get("plan", tp.task.plan_id) == tp.task.plan_id
            and chosen.get("year", tp.task.plan.year) == tp.task.plan.year
            and chosen.get("state", tp.state) == tp.state
        ]
