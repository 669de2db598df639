"""One form per user action."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cooperatives.memberships import units_under
from cooperatives.models import Cooperative, Organization
from plans.models import ExtraSection, LegalBasis, Objective, Plan, Recipient, Remark, Solution, Task
from plans.search import search_plans
from plans.services.authoring import PLAN_FIELDS
from plans.services.parts import PART_FIELDS

ADDITIONAL_REASON_HELP = _(
    "Cơ quan đã có kế hoạch cùng năm; ghi vì sao cần thêm kế hoạch này, ví dụ: kế hoạch bổ sung về chuyển đổi số."
)

BODY_HELP = _("Để một dòng trống giữa hai đoạn; dòng bắt đầu bằng “- ” là gạch đầu dòng, “+ ” là ý nhỏ hơn.")


# What the work queue's "need" lists hold (plans/dashboard.py counts the same).
NEEDS = {
    "returned": Q(status=Plan.Status.DRAFT) & ~Q(return_reason=""),
    "remarks": Q(pk__in=Remark.objects.filter(resolved_at__isnull=True).values("plan")),
}


class PlanFilterForm(forms.Form):
    """The list's filters; every field optional, bad values simply ignored."""

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    cooperative = forms.ModelChoiceField(label=_("Hợp tác xã"), required=False, queryset=None)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), required=False, queryset=None)
    # The lists the dashboard's work queue links to.
    need = forms.ChoiceField(
        label=_("Cần xử lý"),
        required=False,
        choices=[("", _("Tất cả")), ("returned", _("Bị trả lại, cần sửa")), ("remarks", _("Có góp ý chưa xử lý"))],
    )

    def __init__(self, *args, plans, **kwargs):
        """`plans`: those the user sees; the choices offer only what they hold."""
        super().__init__(*args, **kwargs)
        years = plans.order_by("-year").values_list("year", flat=True).distinct()
        cooperatives = Cooperative.objects.filter(
            pk__in=Plan.cooperatives.through.objects.filter(plan__in=plans).values("cooperative")
        ).select_related("organization")
        issuers = Organization.objects.filter(pk__in=plans.values("issuer"))
        self.fields["q"].widget.attrs["placeholder"] = _("Trích yếu, số, hợp tác xã… (có dấu hay không dấu đều được)")
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(y, y) for y in years]
        self.fields["status"].choices = [("", _("Mọi trạng thái"))] + list(Plan.Status.choices)
        self.fields["cooperative"].queryset = cooperatives
        self.fields["cooperative"].empty_label = _("Mọi hợp tác xã")
        self.fields["issuer"].queryset = issuers
        self.fields["issuer"].empty_label = _("Mọi cơ quan")

    def filter(self, plans):
        """The plans that pass the chosen filters (all of them on invalid input)."""
        if not self.is_valid():
            return plans
        data = self.cleaned_data
        if data["q"]:
            plans = search_plans(plans, data["q"])
        if data["year"]:
            plans = plans.filter(year=data["year"])
        if data["status"]:
            plans = plans.filter(status=data["status"])
        if data["cooperative"]:
            plans = plans.filter(cooperatives=data["cooperative"])
        if data["issuer"]:
            plans = plans.filter(issuer=data["issuer"])
        if data["need"]:
            plans = plans.filter(NEEDS[data["need"]])
        return plans


def cooperatives_for(issuer):
    """The cooperatives a plan of this issuer may target: those in its unit and below."""
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


def additional_reason_field() -> forms.CharField:
    """The reason of an additional plan, asked where the issuer already has a
    plan of that year (services.live_plan_check holds the rule)."""
    return forms.CharField(
        label=_("Lý do kế hoạch bổ sung"),
        required=False,
        help_text=ADDITIONAL_REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanCreateForm(PlanTitleYearMixin, forms.ModelForm):
    """`ask_reason`: the issuer already has a plan of that year, so the form
    also asks why this one is needed (services.live_plan_check)."""

    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)

    class Meta:
        model = Plan
        fields = ["issuer", "year", "title", "cooperatives", "additional_reason"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "cooperatives": forms.CheckboxSelectMultiple,
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
        }
        help_texts = {"title": _("Ví dụ: Củng cố, nâng chất hoạt động hợp tác xã năm 2022")}

    def __init__(self, *args, issuers, ask_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_reason:
            self.fields["additional_reason"] = additional_reason_field()
        else:
            del self.fields["additional_reason"]
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
        fields = [*PLAN_FIELDS, "cooperatives", "additional_reason"]
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
        self.fields["additional_reason"] = additional_reason_field()
        self.fields["additional_reason"].widget.attrs["form"] = "plan-form"


class PlanCopyForm(forms.Form):
    """ "Sao chép sang năm sau": the year of the new draft, proposed by
    services.copy_year_proposal and changeable; the reason if that year
    already has a plan."""

    year = forms.IntegerField(
        label=_("Năm của kế hoạch mới"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
        error_messages={"required": _("Hãy ghi năm của kế hoạch mới."), "invalid": _("Năm phải là một số, ví dụ 2027.")}
        | dict.fromkeys(("min_value", "max_value"), _("Năm phải trong khoảng 2000–2100.")),
    )
    additional_reason = additional_reason_field()


class PlanImportSaveForm(forms.Form):
    """Step two of importing a plan: save the previewed draft, with the
    reason if the issuer already has a plan of that year."""

    token = forms.CharField(widget=forms.HiddenInput)
    additional_reason = additional_reason_field()


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
        # A saved task dated outside its plan's year says so beside the date
        # (Task.date_warnings); the save itself is never refused for it.
        if self.instance.pk is not None:
            for name, message in self.instance.date_warnings.items():
                self.fields[name].help_text = format_html('<span class="text-warning-emphasis">⚠ {}</span>', message)

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
