"""The figures of the year (the points are read per item by the view:
their number depends on the criteria set)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from htxplan.numbers import AmountField

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class FiguresForm(forms.Form):
    member_count = forms.IntegerField(label=_("Số thành viên"), min_value=0, max_value=10_000_000, required=False)
    revenue = AmountField(label=_("Tổng doanh thu trong năm (đồng)"), required=False)
    capital = AmountField(label=_("Tổng nguồn vốn (đồng)"), required=False)
    stopped_from = forms.DateField(
        label=_("Tạm ngừng hoạt động từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    stopped_until = forms.DateField(
        label=_("đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        for name in ("member_count", "revenue", "capital"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["member_count"].widget.attrs["data-figure"] = "members"
        self.fields["revenue"].widget.attrs["data-figure"] = "revenue"
        self.fields["capital"].widget.attrs["data-figure"] = "capital"
