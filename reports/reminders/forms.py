from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.forms.fields import BoundedModelChoiceField


class PlanDeadlineForm(forms.Form):
    unit = BoundedModelChoiceField(label=_("Địa bàn"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Kế hoạch năm"), min_value=2000, max_value=2100)
    due_on = forms.DateField(
        label=_("Hạn trình"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Sau ngày này, cán bộ và lãnh đạo UBND các xã chưa trình kế hoạch được nhắc mỗi tuần."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year
