"""Who sees and who changes progress reports.

Built on plans/access.py: a report is seen by whoever sees its plan, except
that cooperative staff (who see only issued plans) see only issued reports.
Editors of the issuing organisation write drafts; its approvers approve,
return and issue, as for plans.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, IntegerField, Max, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cooperatives.memberships import (
    Role,
    has_role,
    member_organization_ids,
    organization_ids_with_role,
    reviewer_unit_ids,
    units_under,
    visible_unit_ids,
)
from cooperatives.models import AdministrativeUnit
from plans import access as plan_access
from plans.services.lifecycle import step_permissions
from plans.services.remarks import REMARKABLE
from reports.models import Delivery, Notification, NotificationSetting, PlanDeadline, ProgressReport


def reports_visible_to(user, queryset: QuerySet | None = None, *, status: str = "") -> QuerySet:
    """The reports the user sees (of one status if given), newest first."""
    queryset = ProgressReport.objects.all() if queryset is None else queryset
    if status:
        queryset = queryset.filter(status=status)
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    units = visible_unit_ids(user)
    condition = Q(plan__in=plan_access.plans_visible_to(user).values("pk")) & (
        Q(issuer__unit__in=units) | Q(status=ProgressReport.Status.ISSUED)
    )
    member_orgs = member_organization_ids(user)
    if member_orgs:
        # Nơi nhận: the organisations an issued report was delivered to read it.
        delivered = Delivery.objects.filter(organization__in=member_orgs, report__isnull=False).values("report")
        condition |= Q(status=ProgressReport.Status.ISSUED, pk__in=delivered)
    return queryset.filter(condition)


def can_create_report(user, plan) -> bool:
    """Progress is logged on issued plans only, so only they are reported on."""
    return plan.is_issued and (user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR))


def can_edit_report(user, report: ProgressReport) -> bool:
    return report.is_editable and is_report_editor(user, report)


def is_report_editor(user, report: ProgressReport) -> bool:
    return user.is_superuser or has_role(user, report.issuer_id, Role.EDITOR)


def can_approve_report(user, report: ProgressReport) -> bool:
    return user.is_superuser or has_role(user, report.issuer_id, Role.APPROVER)


_NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này.")

REPORT_RULES: dict[str, tuple[plan_access.Rule, ...]] = {
    "view": (),
    "edit": ((can_edit_report, _("Bạn không có quyền sửa báo cáo này.")),),
    "recompile": ((can_edit_report, _NOT_ALLOWED),),
    "submit": ((is_report_editor, _NOT_ALLOWED),),
    "approve": ((can_approve_report, _NOT_ALLOWED),),
    "return": ((can_approve_report, _("Bạn không có quyền trả lại báo cáo này.")),),
    "issue": ((can_approve_report, _("Bạn không có quyền ban hành báo cáo.")),),
    # Remarks, as on plans: the district above the issuer writes, the commune resolves.
    "review": ((plan_access.can_review_plan, _("Chỉ phòng chuyên môn cấp trên góp ý được.")),),
    "resolve-remark": (
        (plan_access.is_commune_member, _("Chỉ cán bộ, lãnh đạo của xã đánh dấu đã xử lý góp ý được.")),
    ),
}


def get_report_for_user(user, pk: int, *, may: str = "view") -> ProgressReport:
    """The report if the user may see it (404 otherwise) and holds the right
    `may` on it (403 otherwise)."""
    report = reports_visible_to(user).select_related("plan", "issuer", "issuer__unit").filter(pk=pk).first()
    if report is None:
        raise Http404("Không tìm thấy báo cáo.")
    return plan_access.require(user, report, REPORT_RULES, may)


def reports_waiting_for(user) -> QuerySet:
    """Submitted reports of the organisations the user approves for."""
    approver_of = organization_ids_with_role(user, Role.APPROVER)
    return ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED, issuer__in=approver_of)


def reports_of_plan(user, plan) -> QuerySet:
    return reports_visible_to(user).filter(plan=plan)


def get_plan_for_report(user, pk: int):
    """The plan a new report is made for: 404 if the user cannot see it, 403
    if they may not report on it."""
    plan = plan_access.get_plan_for_user(user, pk)
    rules = {"report": ((can_create_report, _("Bạn không có quyền lập báo cáo cho kế hoạch này.")),)}
    return plan_access.require(user, plan, rules, "report")


def report_permissions(user, report: ProgressReport) -> dict[str, bool]:
    """What the report page may offer: the right and the report's state."""
    may_submit, may_decide = is_report_editor(user, report), can_approve_report(user, report)
    commune, district = plan_access.is_commune_member(user, report), plan_access.can_review_plan(user, report)
    return {
        "edit": can_edit_report(user, report),
        **step_permissions(report, may_submit=may_submit, may_decide=may_decide),
        "see_remarks": commune or district,
        "add_remark": report.status in REMARKABLE and district,
        "resolve_remark": commune,
    }


def get_report_remark(report: ProgressReport, pk: int):
    remark = report.remarks.filter(pk=pk).first()
    if remark is None:
        raise Http404("Không tìm thấy góp ý.")
    return remark


def summary_units_for(user) -> QuerySet:
    """Districts and provinces whose summary the user may read: the units of
    the user's reviewer memberships and those below them (a superuser: all)."""
    units = AdministrativeUnit.objects.filter(level__in=["district", "province"])
    if not user.is_authenticated:
        return units.none()
    if user.is_superuser:
        return units
    return units.filter(pk__in=units_under(reviewer_unit_ids(user)))


def summary_units_own(user) -> QuerySet:
    """The districts and provinces of the user's own reviewer memberships,
    whose summaries the district page links (not the units below them)."""
    return AdministrativeUnit.objects.filter(
        pk__in=reviewer_unit_ids(user),
        level__in=[AdministrativeUnit.Level.DISTRICT, AdministrativeUnit.Level.PROVINCE],
    )


def get_summary_unit_for_user(user, code: str):
    """The district or province with this code if the user reviews it; 404 otherwise."""
    unit = summary_units_for(user).filter(code=code).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


# --- Distribution: inboxes, delivery tables, the district dashboard ---------------


def deliveries_received_by(user) -> QuerySet:
    """The inbox: deliveries to the user's organisations (a superuser has none of their own)."""
    orgs = member_organization_ids(user)
    if not orgs:
        return Delivery.objects.none()
    return Delivery.objects.filter(organization__in=orgs)


# The inbox's views: all, not yet opened, not yet confirmed.
INBOX_FILTERS = {
    "unread": Q(first_read_at__isnull=True),
    "unconfirmed": Q(confirmed_at__isnull=True),
}


def inbox_for(user, show: str = "") -> tuple[QuerySet, dict[str, int]]:
    """The deliveries of the inbox view `show` ("" for all), newest first,
    and the count of each view."""
    received = deliveries_received_by(user)
    counts = received.aggregate(
        total=Count("pk"),
        unread=Count("pk", filter=INBOX_FILTERS["unread"]),
        unconfirmed=Count("pk", filter=INBOX_FILTERS["unconfirmed"]),
        # With the counts, the newest delivery tells any change of the list apart:
        # a delivery is only ever added, read once, confirmed once or deleted.
        newest=Max("pk"),
    )
    shown = received.filter(INBOX_FILTERS[show]) if show in INBOX_FILTERS else received
    shown = shown.select_related("organization", "plan__issuer", "report__issuer", "first_read_by", "confirmed_by")
    return shown.order_by("-created_at", "-id"), counts


def inbox_unread_count(user) -> int:
    """Read once per request (the navbar and the work queue both show it)."""
    if getattr(user, "_htx_inbox_unread", None) is None:
        _read_unread_counts(user)
    return user._htx_inbox_unread


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of the queryset as a scalar subquery (no GROUP BY)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(counted.values("n"))


def _read_unread_counts(user) -> None:
    """The bell's and the inbox's unread counts in one query: the navbar of
    every page shows both."""
    bell = _count(Notification.objects.filter(user=user, read_at__isnull=True))
    inbox = (
        _count(deliveries_received_by(user).filter(INBOX_FILTERS["unread"]))
        if member_organization_ids(user)
        else Value(0)
    )
    row = get_user_model().objects.filter(pk=user.pk).values_list(bell, inbox).first() or (0, 0)
    user._htx_bell, user._htx_inbox_unread = row[0] or 0, row[1] or 0


def get_delivery_for_recipient(user, pk: int) -> Delivery:
    """A delivery to one of the user's organisations; 404 otherwise."""
    delivery = (
        deliveries_received_by(user)
        .select_related("organization", "plan__issuer", "report__issuer", "report__plan")
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        raise Http404("Không tìm thấy văn bản.")
    return delivery


def can_manage_deliveries(user, issuer_id: int) -> bool:
    """The issuing committee's editors and approvers follow and redo its deliveries."""
    return user.is_superuser or has_role(user, issuer_id, Role.EDITOR, Role.APPROVER)


def _manages_deliveries(user, document) -> bool:
    return can_manage_deliveries(user, document.issuer_id)


DELIVER_RULES = {"deliver": ((_manages_deliveries, _("Chỉ cơ quan ban hành mới gửi văn bản cho nơi nhận.")),)}


def get_plan_for_delivering(user, pk: int):
    """An issued plan's recipient lines are delivered by its issuer: 404 to
    those who cannot see the plan, 403 to the others who can."""
    return plan_access.require(user, plan_access.get_plan_for_user(user, pk), DELIVER_RULES, "deliver")


def get_report_for_delivering(user, pk: int) -> ProgressReport:
    return plan_access.require(user, get_report_for_user(user, pk), DELIVER_RULES, "deliver")


def get_delivery_for_issuer(user, pk: int) -> Delivery:
    """A delivery of a document the user sees: 404 otherwise, 403 to those
    who see the document but do not belong to its issuer."""
    delivery = Delivery.objects.select_related("organization", "plan", "report").filter(pk=pk).first()
    if delivery is None:
        raise Http404("Không tìm thấy văn bản đã gửi.")
    if delivery.plan_id:
        visible = plan_access.plans_visible_to(user).filter(pk=delivery.plan_id).exists()
    else:
        visible = reports_visible_to(user).filter(pk=delivery.report_id).exists()
    if not visible:
        raise Http404("Không tìm thấy văn bản đã gửi.")
    if not can_manage_deliveries(user, delivery.document.issuer_id):
        raise PermissionDenied(_("Chỉ cơ quan ban hành mới theo dõi việc gửi văn bản."))
    return delivery


def district_communes(user) -> QuerySet:
    """The communes a reviewer supervises: every commune below the units of
    the user's reviewer memberships, whether under a district (as in 2021)
    or directly under a province (since July 2025). A superuser: all."""
    communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
    if not user.is_authenticated:
        return communes.none()
    if user.is_superuser:
        return communes
    own = reviewer_unit_ids(user)
    if not own:
        return communes.none()
    return communes.filter(pk__in=units_under(own))


# --- Notifications ------------------------------------------------------------------


def notifications_of(user) -> QuerySet:
    return Notification.objects.filter(user=user).select_related("actor")


def notifications_unread_count(user) -> int:
    """Read once per request (the bell and the work queue both show it)."""
    if getattr(user, "_htx_bell", None) is None:
        _read_unread_counts(user)
    return user._htx_bell


def get_notification_for_user(user, pk: int) -> Notification:
    """One of the user's own notifications; 404 for anybody else's."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    return notification


def notification_modes(user) -> dict[str, str]:
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "mode"))


# --- Plan deadlines -------------------------------------------------------------------


def get_units_for_deadlines(user) -> QuerySet:
    """The districts and provinces whose deadline the user sets; 404 to those who review none."""
    units = summary_units_for(user) if user.is_superuser else summary_units_own(user)
    if not units.exists():
        raise Http404("Không tìm thấy trang.")
    return units.order_by("name")


def deadlines_of(units) -> QuerySet:
    return PlanDeadline.objects.filter(unit__in=units).select_related("unit", "set_by")


def summary_unit_from_query(request) -> AdministrativeUnit:
    """The unit of a summary page (?unit=<code>, within the user's scope, else
    404); without one, the reviewer's own district or province first (a
    provincial department must not land on some district below it), else any
    unit they may see."""
    code = request.GET.get("unit", "").strip()
    if code:
        return get_summary_unit_for_user(request.user, code)
    unit = (
        summary_units_own(request.user).order_by("name").first()
        or summary_units_for(request.user).order_by("level", "name").first()
    )
    if unit is None:
        raise Http404(_("Bạn không theo dõi đơn vị nào."))
    return unit


def year_from_query(request, default: Callable[[], int]) -> int:
    """?year=, else default(); ValueError with the message to show when it is not a year."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ValueError(_("Năm “%(year)s” không hợp lệ: hãy nhập một năm từ 2000 đến 2100.") % {"year": raw})
    return int(raw)
