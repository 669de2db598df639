"""The filter of the district dashboard."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DistrictFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    commune = forms.TypedChoiceField(label=_("Xã"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["commune"].choices = [("", _("Tất cả các xã"))] + [(c.pk, c.name) for c in communes]
