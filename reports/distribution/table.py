"""The table of who received an issued document, for its issuer's editors
and approvers: on the plan page (a part reports adds to it) and on the
report page. Built here, by a view helper, in a fixed number of queries."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from plans.models import Plan
from reports import access as report_access
from reports import distribution
from reports.distribution.forms import PlanRecipientLinkForm, ReportRecipientLinkForm


def delivery_table(request, document) -> SafeString | str:
    """The table's HTML, or "" for a draft or a user who does not follow deliveries."""
    user = request.user
    if not document.is_issued or not report_access.can_manage_deliveries(user, document.issuer_id):
        return ""
    deliveries = list(
        document.deliveries.order_by("id")
        .select_related("organization", "first_read_by", "confirmed_by")
        .prefetch_related("downloads__user")
    )
    pending = distribution.document_pending_recipients(document, deliveries)
    is_plan = isinstance(document, Plan)
    organizations = distribution.linkable_organizations(document.issuer) if pending else None
    choices = None  # the organisations are read once, for the first row's list, not once per row
    for i, item in enumerate(pending):
        auto_id = f"noi-nhan-{i}-%s"
        if is_plan:
            initial = {"recipient": item["recipient"].pk}
            item["form"] = PlanRecipientLinkForm(initial=initial, organizations=organizations, auto_id=auto_id)
        else:
            initial = {"label": item["label"], "organization": item["organization"]}
            item["form"] = ReportRecipientLinkForm(initial=initial, organizations=organizations, auto_id=auto_id)
        field = item["form"].fields["organization"]
        if choices is None:
            choices = list(iter(field.choices))  # iter: no COUNT query for a length hint
        field.choices = choices
    ctx = {
        "show": True,
        "document": document,
        "is_plan": is_plan,
        "deliveries": deliveries,
        "pending": pending,
        "confirmed_count": sum(1 for d in deliveries if d.confirmed_at),
    }
    return render_to_string("reports/includes/_delivery_table.html", ctx, request=request)
