"""The forms of a plan itself: a new draft, its own fields, a copy, an import."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cooperatives.memberships import units_under
from cooperatives.models import Cooperative, Organization
from cooperatives.registry.queries import rating_label, with_latest_rating
from plans.forms.fields import BoundedModelChoiceField, bounded_formfield
from plans.models import Plan
from plans.services.authoring import PLAN_FIELDS

ADDITIONAL_REASON_HELP = _(
    "Cơ quan đã có kế hoạch cùng năm; ghi vì sao cần thêm kế hoạch này, ví dụ: kế hoạch bổ sung về chuyển đổi số."
)


BODY_HELP = _("Để một dòng trống giữa hai đoạn; dòng bắt đầu bằng “- ” là gạch đầu dòng, “+ ” là ý nhỏ hơn.")


def cooperatives_for(issuer):
    """The cooperatives a plan of this issuer may target: those in its unit and below."""
    return Cooperative.objects.filter(organization__unit__in=units_under({issuer.unit_id})).select_related(
        "organization"
    )


def _with_rating_labels(field, queryset) -> None:
    """The targeted cooperatives' choices, each with its latest rating from the registry."""
    field.queryset = with_latest_rating(queryset)
    field.label_from_instance = lambda coop: f"{coop} — {rating_label(coop) or _('chưa xếp loại')}"


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

    issuer = BoundedModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)

    class Meta:
        model = Plan
        formfield_callback = bounded_formfield
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
        _with_rating_labels(
            self.fields["cooperatives"],
            Cooperative.objects.filter(organization__unit__in=units_under({o.unit_id for o in issuers})).select_related(
                "organization"
            ),
        )
        self.fields["cooperatives"].label = _("Hợp tác xã được hỗ trợ")
        self.fields["cooperatives"].help_text = ""


class PlanForm(PlanTitleYearMixin, forms.ModelForm):
    """The plan's own fields; carries the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Plan
        formfield_callback = bounded_formfield
        fields = [*PLAN_FIELDS, "cooperatives", "additional_reason"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "funding_body": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            # Two lines are usual ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"): an input would join them.
            "signer_authority": forms.Textarea(attrs={"rows": 2}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
            "cooperatives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown in the tasks' card; a form posted without them keeps what the plan has.
        for name in ("task_listing", "task_appendix_title"):
            self.fields[name].required = False
        self.fields["task_listing"].help_text = _(
            "Phụ lục in sau chữ ký, trang ngang: mỗi nhiệm vụ một dòng với cơ quan chủ trì, phối hợp, thời gian. "
            "Chọn “chỉ trong phụ lục” thì nội dung không in phần nhiệm vụ; "
            "có thể thêm một mục khác dẫn chiếu đến phụ lục."
        )
        self.fields["version"].initial = self.instance.version
        self.fields["version"].widget.attrs["id"] = "plan-version"
        # The fields sit beside the parts they introduce, outside the form
        # element, and join it through the HTML form="" attribute.
        for field in self.fields.values():
            field.widget.attrs["form"] = "plan-form"
        _with_rating_labels(self.fields["cooperatives"], cooperatives_for(self.instance.issuer))
        self.fields["cooperatives"].help_text = ""
        for name in ("preamble", "funding_body", "closing"):
            self.fields[name].help_text = BODY_HELP
        self.fields["title"].label = _("Trích yếu (tên kế hoạch)")
        self.fields["title"].error_messages["required"] = _("Hãy nhập trích yếu (tên) của kế hoạch.")
        self.fields["additional_reason"] = additional_reason_field()
        self.fields["additional_reason"].widget.attrs["form"] = "plan-form"

    def clean_task_listing(self):
        return self.cleaned_data.get("task_listing") or self.instance.task_listing

    def clean_task_appendix_title(self):
        if self.add_prefix("task_appendix_title") not in self.data:  # a form of before the field
            return self.instance.task_appendix_title
        return self.cleaned_data.get("task_appendix_title") or "Phân công thực hiện"


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


# Text pasted into the import form: as much as a text file may hold.
TEXT_MAX_CHARS = 2_000_000


class PlanImportForm(forms.Form):
    """Step one of importing a plan: the file, or its text pasted from a web
    page, and the organisation it is for."""

    file = forms.FileField(
        required=False,
        label=_("Tệp kế hoạch"),
        help_text=_(
            "Word (.docx, .doc), PDF có lớp chữ (.pdf), văn bản (.txt) hoặc tệp JSON xuất từ hệ thống; "
            "tối đa 20 MB (tệp văn bản, JSON: 5 MB)."
        ),
        error_messages={"required": _("Hãy chọn tệp kế hoạch cần nhập."), "empty": _("Tệp rỗng.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.doc,.pdf,.txt,.md,.json"}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=TEXT_MAX_CHARS,
        label=_("Hoặc dán nội dung kế hoạch"),
        help_text=_("Ví dụ: nội dung sao chép từ trang thư viện văn bản pháp luật, cả phần đầu và phần ký."),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        error_messages={"max_length": _("Nội dung dán vào quá dài (tối đa %(limit_value)s ký tự).")},
    )
    issuer = BoundedModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organization.objects.filter(pk__in=[o.pk for o in issuers]).select_related(
            "unit", "parent"
        )
        if len(issuers) == 1:
            self.fields["issuer"].initial = issuers[0].pk

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp kế hoạch cần nhập, hoặc dán nội dung kế hoạch vào ô bên dưới."))
        return data

    def clean_file(self):
        from plans.imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if not upload:
            return upload
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
