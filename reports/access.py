"""Who sees and who changes progress reports.

Built on plans/access.py: a report is seen by whoever sees its plan, except
that cooperative staff (who see only issued plans) see only issued reports.
Editors of the issuing organisation write drafts; its approvers approve,
return and issue, as for plans.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from plans import access as plan_access
from plans.access import Role, has_role
from reports.models import ProgressReport


def reports_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = ProgressReport.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    queryset = queryset.filter(plan__in=plan_access.plans_visible_to(user).values("pk"))
    units = plan_access.visible_unit_ids(user)
    return queryset.filter(Q(issuer__unit__in=units) | Q(status=ProgressReport.Status.ISSUED))


def get_report_for_user(user, pk: int) -> ProgressReport:
    """The report if the user may see it; 404 otherwise."""
    report = reports_visible_to(user).select_related("plan", "issuer", "issuer__unit").filter(pk=pk).first()
    if report is None:
        raise Http404("Không tìm thấy báo cáo.")
    return report


def can_create_report(user, plan) -> bool:
    """Progress is logged on issued plans only, so only they are reported on."""
    return plan.is_issued and (user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR))


def can_edit_report(user, report: ProgressReport) -> bool:
    return report.is_editable and (user.is_superuser or has_role(user, report.issuer_id, Role.EDITOR))


def can_approve_report(user, report: ProgressReport) -> bool:
    return user.is_superuser or has_role(user, report.issuer_id, Role.APPROVER)


def get_report_for_edit(user, pk: int) -> ProgressReport:
    """404 to outsiders, 403 to those who may read it but not change it."""
    report = get_report_for_user(user, pk)
    if not can_edit_report(user, report):
        raise PermissionDenied("Bạn không có quyền sửa báo cáo này.")
    return report
