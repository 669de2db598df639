"""The registry's forms: the commune's edit of a profile, the cooperative's
proposal, and the reason of a refused proposal."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, CooperativeRating
from cooperatives.people.phones import phone_clean
from cooperatives.registry.services import REGISTRY_FIELDS
from htxplan.numbers import AmountField

WIDGETS = {
    "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "services": forms.Textarea(attrs={"rows": 3}),
    "member_count": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    "revenue_year": forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}),
    "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
}


class ProfileFieldsMixin:
    """The checks of the profile's figures, shared by the edit and the proposal."""

    def _setup(self) -> None:
        for name in ("charter_capital", "revenue"):
            self.fields[name] = AmountField(label=self.fields[name].label, required=False)
        for name in ("charter_capital", "revenue", "member_count"):
            self.fields[name].validators.append(MinValueValidator(0, message=_("Giá trị không được âm.")))
        self.fields["revenue_year"].validators += [
            MinValueValidator(2000, message=_("Năm phải trong khoảng 2000–2100.")),
            MaxValueValidator(2100, message=_("Năm phải trong khoảng 2000–2100.")),
        ]
        self.fields["charter_capital"].help_text = _("Đơn vị: đồng, ví dụ 1.500.000.000.")
        self.fields["revenue"].help_text = _("Doanh thu năm gần nhất, đơn vị đồng.")

    def clean_founded_on(self):
        founded = self.cleaned_data.get("founded_on")
        if founded and founded > timezone.localdate():
            raise forms.ValidationError(_("Ngày thành lập không được sau hôm nay."))
        return founded

    def clean_phone(self):
        return phone_clean(self.cleaned_data.get("phone") or "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("revenue") is not None and not cleaned.get("revenue_year"):
            self.add_error("revenue_year", _("Có doanh thu thì hãy ghi năm của doanh thu."))
        return cleaned


class CooperativeForm(ProfileFieldsMixin, forms.ModelForm):
    """The commune's edit; carries the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Cooperative
        fields = list(REGISTRY_FIELDS)
        widgets = WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()
        self.fields["version"].initial = self.instance.version


class ProposalForm(ProfileFieldsMixin, forms.ModelForm):
    """The cooperative's proposal: the same fields, never saved by the form."""

    note = forms.CharField(
        label=_("Ghi chú gửi UBND xã"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    class Meta:
        model = Cooperative
        fields = list(REGISTRY_FIELDS)
        widgets = WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không chấp nhận"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Hãy ghi lý do không chấp nhận để hợp tác xã biết.")


class RegistryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Mọi tình trạng")), *Cooperative.Status.choices]
    )
    commune = forms.TypedChoiceField(label=_("Xã"), required=False, coerce=int, empty_value=None)
    rating = forms.ChoiceField(label=_("Xếp loại gần nhất"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("Mọi xã")), *((u.pk, u.name) for u in communes)]
        self.fields["rating"].choices = [
            ("", _("Mọi xếp loại")),
            *CooperativeRating.Rating.choices,
            ("none", _("Chưa có xếp loại")),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
