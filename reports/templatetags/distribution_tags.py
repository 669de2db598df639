from django import template

from plans.models import Plan
from reports import access as report_access
from reports import distribution
from reports.distribution_forms import PlanRecipientLinkForm, ReportRecipientLinkForm

register = template.Library()


@register.simple_tag
def inbox_unread(user) -> int | None:
    """Unread documents of the user's organisations for the navbar; None
    for a user with no membership (no inbox link at all)."""
    if not getattr(user, "is_authenticated", False) or not report_access.member_organization_ids(user):
        return None
    return report_access.deliveries_received_by(user).filter(first_read_at__isnull=True).count()


@register.filter
def is_reviewer(user) -> bool:
    """Whether the navbar shows the district dashboard."""
    return report_access.is_reviewer(user)


@register.inclusion_tag("reports/includes/_delivery_table.html", takes_context=True)
def delivery_table(context, document):
    """Who received an issued document, for its issuer's editors and approvers.

    The plan page is the plans app's, and plans knows nothing of deliveries,
    so the table is loaded here, by the include, in a fixed number of queries."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not document.is_issued or not report_access.can_manage_deliveries(user, document.issuer_id):
        return {"show": False}
    deliveries = list(
        document.deliveries.order_by("id")
        .select_related("organization", "first_read_by", "confirmed_by")
        .prefetch_related("downloads__user")
    )
    pending = distribution.document_pending_recipients(document, deliveries)
    is_plan = isinstance(document, Plan)
    organizations = distribution.linkable_organizations(document.issuer) if pending else None
    for i, item in enumerate(pending):
        auto_id = f"noi-nhan-{i}-%s"
        if is_plan:
            initial = {"recipient": item["recipient"].pk}
            item["form"] = PlanRecipientLinkForm(initial=initial, organizations=organizations, auto_id=auto_id)
        else:
            initial = {"label": item["label"], "organization": item["organization"]}
            item["form"] = ReportRecipientLinkForm(initial=initial, organizations=organizations, auto_id=auto_id)
    return {
        "show": True,
        "document": document,
        "is_plan": is_plan,
        "deliveries": deliveries,
        "pending": pending,
        "csrf_token": context.get("csrf_token"),
        "confirmed_count": sum(1 for d in deliveries if d.confirmed_at),
    }
