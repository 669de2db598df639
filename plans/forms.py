"""One form per user action."""

from __future__ import annotations

import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from plans.models import ExtraSection, LegalBasis, Objective, Plan, ProgressUpdate, Recipient, Solution, Task
from plans.services import PART_FIELDS


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
    """Log progress on a task. The rules live in services.progress_log; the
    form turns input into values and shows the service's refusals beside the
    fields, keeping everything typed."""

    files = MultipleFileField(
        label=_("Minh chứng (ảnh, PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    # One token per rendered form: a second submit of the same form stores nothing new.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "percent", "status", "work_done", "indicator_value"]
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
        self.fields["percent"].help_text = _("Từ 0 đến 100; “Hoàn thành” nghĩa là 100.")
        # The range is checked in clean_percent, with one message for both ends.
        self.fields["percent"].validators = []
        self.fields["work_done"].label = _("Việc đã làm")
        self.fields["work_done"].error_messages["required"] = _("Hãy ghi những việc đã làm trong kỳ này.")
        self.fields["status"].initial = ProgressUpdate.Status.ON_TRACK
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
        from plans.services import evidence_limits

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
        from plans.services import evidence_check

        files = self.cleaned_data["files"]
        evidence_check(files)
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ProgressUpdate.Status.DONE and cleaned.get("percent") not in (None, 100):
            self.add_error("percent", _("Trạng thái “Hoàn thành” nghĩa là 100%; hãy nhập 100 hoặc đổi trạng thái."))
        return cleaned


# --- Plan authoring -------------------------------------------------------------

BODY_HELP = _("Để một dòng trống giữa hai đoạn; dòng bắt đầu bằng “- ” là gạch đầu dòng, “+ ” là ý nhỏ hơn.")


class PlanFilterForm(forms.Form):
    """The list's filters; every field optional, bad values simply ignored."""

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    cooperative = forms.ModelChoiceField(label=_("Hợp tác xã"), required=False, queryset=None)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), required=False, queryset=None)

    def __init__(self, *args, years, cooperatives, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Trích yếu, số, hợp tác xã… (có dấu hay không dấu đều được)")
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(y, y) for y in years]
        self.fields["status"].choices = [("", _("Mọi trạng thái"))] + list(Plan.Status.choices)
        self.fields["cooperative"].queryset = cooperatives
        self.fields["cooperative"].empty_label = _("Mọi hợp tác xã")
        self.fields["issuer"].queryset = issuers
        self.fields["issuer"].empty_label = _("Mọi cơ quan")


def cooperatives_for(issuer):
    """The cooperatives a plan of this issuer may target: those in its unit and below."""
    from cooperatives.models import Cooperative
    from plans.access import units_under

    return Cooperative.objects.filter(organization__unit__in=units_under({issuer.unit_id})).select_related(
        "organization"
    )


class PlanTitleYearMixin:
    """The title and year checks shared by the create and edit forms."""

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Hãy nhập trích yếu (tên) của kế hoạch."))
        return title

    def clean_year(self):
        # Without this the database constraint speaks instead, in English and away from the field.
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Năm phải trong khoảng 2000–2100."))
        return year


class PlanCreateForm(PlanTitleYearMixin, forms.ModelForm):
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)

    class Meta:
        model = Plan
        fields = ["issuer", "year", "title", "cooperatives"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "cooperatives": forms.CheckboxSelectMultiple,
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
        }
        help_texts = {"title": _("Ví dụ: Củng cố, nâng chất hoạt động hợp tác xã năm 2022")}

    def __init__(self, *args, issuers, **kwargs):
        from cooperatives.models import Cooperative, Organization
        from plans.access import units_under

        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organization.objects.filter(pk__in=[o.pk for o in issuers])
        if len(issuers) == 1:
            self.fields["issuer"].initial = issuers[0].pk
            self.fields["issuer"].widget = forms.HiddenInput()
        self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["title"].label = _("Trích yếu (tên kế hoạch)")
        self.fields["title"].error_messages["required"] = _("Hãy nhập trích yếu (tên) của kế hoạch.")
        self.fields["cooperatives"].queryset = Cooperative.objects.filter(
            organization__unit__in=units_under({o.unit_id for o in issuers})
        ).select_related("organization")
        self.fields["cooperatives"].label = _("Hợp tác xã được hỗ trợ")
        self.fields["cooperatives"].help_text = ""


class PlanForm(PlanTitleYearMixin, forms.ModelForm):
    """The plan's own fields; carries the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Plan
        fields = [
            "title",
            "year",
            "governing_body",
            "issuer_name",
            "place",
            "cooperatives",
            "preamble",
            "objectives_heading",
            "tasks_heading",
            "solutions_heading",
            "funding_heading",
            "funding_body",
            "closing",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "funding_body": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "cooperatives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["version"].widget.attrs["id"] = "plan-version"
        # The fields sit beside the parts they introduce, outside the form
        # element, and join it through the HTML form="" attribute.
        for field in self.fields.values():
            field.widget.attrs["form"] = "plan-form"
        self.fields["cooperatives"].queryset = cooperatives_for(self.instance.issuer)
        self.fields["cooperatives"].help_text = ""
        for name in ("preamble", "funding_body", "closing"):
            self.fields[name].help_text = BODY_HELP
        self.fields["title"].label = _("Trích yếu (tên kế hoạch)")
        self.fields["title"].error_messages["required"] = _("Hãy nhập trích yếu (tên) của kế hoạch.")


class LegalBasisForm(forms.ModelForm):
    class Meta:
        model = LegalBasis
        fields = PART_FIELDS["legal-basis"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"text": _("Ví dụ: Căn cứ Kế hoạch số 18/KH-PNN ngày … của Phòng NN&PTNT huyện …")}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = PART_FIELDS["objective"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": BODY_HELP}


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = PART_FIELDS["task"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 3}),
            "partner_units": forms.Textarea(attrs={"rows": 2}),
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "indicator_target": forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
            "weight": forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}),
        }
        help_texts = {"body": BODY_HELP}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = cooperatives_for(plan.issuer)
        self.fields["cooperative"].empty_label = _("— Không giao hợp tác xã —")
        self.fields["title"].error_messages["required"] = _("Hãy nhập tên nhiệm vụ.")
        self.fields["weight"].help_text = _("Nhiệm vụ quan trọng hơn có trọng số lớn hơn khi tính tiến độ chung.")
        # The model's own bounds (0 to 32767) speak of the column, not of the task.
        self.fields["weight"].validators = [
            MinValueValidator(1, message=_("Trọng số phải từ 1 trở lên.")),
            MaxValueValidator(100, message=_("Trọng số tối đa là 100.")),
        ]
        self.fields["indicator_target"].validators.append(
            MinValueValidator(0, message=_("Giá trị mục tiêu không được âm."))
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Hãy nhập tên nhiệm vụ."))
        return title

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is None or weight < 1:
            raise forms.ValidationError(_("Trọng số phải từ 1 trở lên."))
        return weight

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_on"), cleaned.get("due_on")
        if start and due and due < start:
            self.add_error(
                "due_on",
                _("Hạn hoàn thành (%(due)s) không được trước ngày bắt đầu (%(start)s).")
                % {"due": f"{due:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"},
            )
        if cleaned.get("indicator_target") is not None and not cleaned.get("indicator_name"):
            self.add_error("indicator_name", _("Có giá trị mục tiêu thì hãy ghi tên chỉ tiêu."))
        return cleaned


class SolutionForm(forms.ModelForm):
    class Meta:
        model = Solution
        fields = PART_FIELDS["solution"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": BODY_HELP}


class ExtraSectionForm(forms.ModelForm):
    class Meta:
        model = ExtraSection
        fields = PART_FIELDS["extra"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"after": _("Đặt mục này")}
        help_texts = {
            "heading": _("Ví dụ: Tổ chức thực hiện"),
            "after": _("Vị trí của mục trong văn bản; số La Mã của các mục được đánh lại theo thứ tự này."),
            "body": BODY_HELP,
        }


class RecipientForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = PART_FIELDS["recipient"]
        help_texts = {
            "organization": _("Chọn một cơ quan trong danh sách, hoặc để trống và gõ tên ở ô dưới."),
            "label": _("Để trống thì lấy tên cơ quan đã chọn. Ví dụ dòng lưu: “Lưu: VT, VP”."),
        }

    def __init__(self, *args, **kwargs):
        from cooperatives.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("short_name")
        self.fields["organization"].empty_label = _("— Không chọn, gõ tên bên dưới —")
        self.fields["label"].required = False

    def clean(self):
        cleaned = super().clean()
        label = " ".join((cleaned.get("label") or "").split())
        organization = cleaned.get("organization")
        if not label and organization is not None:
            label = organization.short_name
        if not label and "label" not in self.errors:
            self.add_error("label", _("Hãy chọn một cơ quan hoặc gõ tên nơi nhận."))
        cleaned["label"] = label
        return cleaned


class IssueForm(forms.Form):
    """The approver confirms the issue and the date written on the document."""

    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        help_text=_("Để trống là hôm nay."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày ban hành không hợp lệ.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()

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


class PlanImportForm(forms.Form):
    """Step one of importing a plan: the file and the organisation it is for."""

    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_("Word (.docx), văn bản (.txt) hoặc tệp JSON xuất từ hệ thống; tối đa 5 MB."),
        error_messages={"required": _("Hãy chọn tệp kế hoạch cần nhập."), "empty": _("Tệp rỗng.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.json"}),
    )
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)

    def __init__(self, *args, issuers, **kwargs):
        from cooperatives.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organization.objects.filter(pk__in=[o.pk for o in issuers]).select_related(
            "unit", "parent"
        )
        if len(issuers) == 1:
            self.fields["issuer"].initial = issuers[0].pk

    def clean_file(self):
        from plans.imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        # Refused before reading, so a huge upload costs no memory.
        if upload.size > MAX_BYTES:
            # Written in the reader's language: "5,7 MB" in Vietnamese, "5.7 MB" in English.
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(limit)s MB.")
                % {
                    # number_format cuts the digits off; round first so 5.69… reads 5,7.
                    "size": number_format(round(upload.size / 1024 / 1024, 1), 1),
                    "limit": number_format(MAX_BYTES // 1024 // 1024),
                }
            )
        return upload
