"""Forms of the distribution pages: one per action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Organization
from plans.forms.fields import BoundedModelChoiceField
from plans.models import Recipient


class PlanRecipientLinkForm(forms.Form):
    """Deliver one recipient line of an issued plan, linking it to an organisation if it is free text."""

    recipient = BoundedModelChoiceField(queryset=Recipient.objects.none(), widget=forms.HiddenInput)
    organization = BoundedModelChoiceField(
        label=_("Cơ quan nhận"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— chọn cơ quan —"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, organizations=None, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        if recipients is not None:
            self.fields["recipient"].queryset = recipients


class ReportRecipientLinkForm(forms.Form):
    """Deliver one free-text recipient line of an issued report to the organisation it means."""

    label = forms.CharField(widget=forms.HiddenInput, max_length=255)
    organization = BoundedModelChoiceField(
        label=_("Cơ quan nhận"),
        queryset=Organization.objects.none(),
        empty_label=_("— chọn cơ quan —"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"required": _("Hãy chọn cơ quan nhận.")},
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
