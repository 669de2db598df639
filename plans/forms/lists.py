"""The plan list's filters, and the named lists the work queue links to."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Organization
from plans.forms.fields import BoundedModelChoiceField
from plans.models import Plan, Remark
from plans.search import search_plans

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
    cooperative = BoundedModelChoiceField(label=_("Hợp tác xã"), required=False, queryset=None)
    issuer = BoundedModelChoiceField(label=_("Cơ quan ban hành"), required=False, queryset=None)
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
