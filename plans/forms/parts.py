"""One form per part of a plan's text, edited in place."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cooperatives.addressing import addressable_organizations
from cooperatives.models import OcopProduct, Organization
from plans.forms.fields import bounded_formfield
from plans.forms.plan import BODY_HELP, cooperatives_for
from plans.models import Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task
from plans.periods import period_dates, whole_year
from plans.services.parts import PART_FIELDS


class LegalBasisForm(forms.ModelForm):
    class Meta:
        model = LegalBasis
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["legal-basis"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"text": _("Ví dụ: Căn cứ Kế hoạch số 18/KH-PNN ngày … của Phòng NN&PTNT huyện …")}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["objective"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": BODY_HELP}


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["task"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 3}),
            "partner_units": forms.Textarea(attrs={"rows": 2}),
            "product": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "indicator_target": forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
            "weight": forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}),
        }
        help_texts = {"body": BODY_HELP}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["period_text"].help_text = _(
            "Như văn bản ghi, ví dụ: Quý II/2026, Trước 30/6/2026; ngày bắt đầu và hạn để trống được điền theo đó."
        )
        self.fields["cooperative"].queryset = cooperatives_for(plan.issuer)
        self.fields["cooperative"].empty_label = _("— Không giao hợp tác xã —")
        # Only the products of the cooperatives the plan's issuer may target (its commune's).
        self.fields["ocop_product"].queryset = OcopProduct.objects.filter(
            cooperative__in=cooperatives_for(plan.issuer)
        ).select_related("cooperative__organization")
        self.fields["ocop_product"].label_from_instance = lambda p: f"{p.name} ({p.cooperative}, {p.stars}★)"
        self.fields["ocop_product"].empty_label = _("— Không gắn sản phẩm OCOP —")
        self.fields["ocop_product"].error_messages["invalid_choice"] = _(
            "Sản phẩm OCOP này không thuộc hợp tác xã nào của xã; hãy chọn trong danh sách."
        )
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
        self._dates_from_period(cleaned)
        start, due = cleaned.get("start_on"), cleaned.get("due_on")
        if start and due and due < start:
            self.add_error(
                "due_on",
                _("Hạn hoàn thành (%(due)s) không được trước ngày bắt đầu (%(start)s).")
                % {"due": f"{due:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"},
            )
        product, cooperative = cleaned.get("ocop_product"), cleaned.get("cooperative")
        if product is not None and cooperative is not None and product.cooperative_id != cooperative.pk:
            self.add_error(
                "ocop_product",
                _("Sản phẩm “%(product)s” là của %(owner)s, không phải của hợp tác xã báo cáo nhiệm vụ.")
                % {"product": product.name, "owner": product.cooperative},
            )
        if cleaned.get("indicator_target") is not None and not cleaned.get("indicator_name"):
            self.add_error("indicator_name", _("Có giá trị mục tiêu thì hãy ghi tên chỉ tiêu."))
        return cleaned

    def _dates_from_period(self, data: dict) -> None:
        """A time written as the plan writes it ("Quý II/2026", "Trước
        30/6/2026") gives the dates left empty; a whole year ("Thường
        xuyên", "Năm 2026") is the plan's own period and leaves them empty."""
        period = (data.get("period_text") or "").strip()
        if period and not data.get("start_on") and not data.get("due_on") and not self.has_error("start_on"):
            start, due = period_dates(period, self.plan.year)
            if not whole_year(start, due):
                data["start_on"], data["due_on"] = start, due


class SolutionForm(forms.ModelForm):
    class Meta:
        model = Solution
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["solution"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": BODY_HELP}


class ExtraSectionForm(forms.ModelForm):
    class Meta:
        model = ExtraSection
        formfield_callback = bounded_formfield
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
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["recipient"]
        help_texts = {
            "organization": _("Chọn một cơ quan trong danh sách, hoặc để trống và gõ tên ở ô dưới."),
            "label": _("Để trống thì lấy tên cơ quan đã chọn. Ví dụ dòng lưu: “Lưu: VT, VP”."),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only whom the issuer may address (cooperatives/addressing.py), and a choice made earlier.
        allowed = addressable_organizations(plan.issuer) if plan is not None else Organization.objects.none()
        if self.instance.organization_id:
            allowed = allowed | Organization.objects.filter(pk=self.instance.organization_id)
        self.fields["organization"].queryset = allowed.order_by("short_name")
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


class AppendixForm(forms.ModelForm):
    class Meta:
        model = Appendix
        formfield_callback = bounded_formfield
        fields = PART_FIELDS["appendix"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 2}),
            "table": forms.Textarea(attrs={"rows": 6, "class": "font-monospace", "spellcheck": "false"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"title": _("Ví dụ: Danh mục các công trình hỗ trợ hợp tác xã năm 2026")}
        error_messages = {"title": {"required": _("Hãy nhập tên phụ lục.")}}

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Hãy nhập tên phụ lục."))
        return title
