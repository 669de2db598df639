"""What the reports app adds to the dashboard's work queue (plans/dashboard.py):
unread notifications and documents, reports waiting for approval, plans
due a progress report, and for a district reviewer the communes with no
issued plan for the year."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.memberships import Role, is_reviewer, member_organization_ids, organization_ids_with_role
from plans.dashboard import QueueItem
from plans.models import Plan
from reports import access as report_access
from reports.models import ProgressReport

# A plan being carried out is reported on at least once a quarter.
REPORT_EVERY_DAYS = 90


def _reports_due(user) -> list[QueueItem]:
    """The editor's issued plans of this year or the last with no progress
    report as of the past REPORT_EVERY_DAYS days, once issued that long."""
    editor_of = organization_ids_with_role(user, Role.EDITOR)
    if not editor_of:
        return []
    today = timezone.localdate()
    since = today - datetime.timedelta(days=REPORT_EVERY_DAYS)
    reported = ProgressReport.objects.filter(as_of__gt=since).values("plan")
    due = (
        Plan.objects.filter(
            issuer__in=editor_of,
            status=Plan.Status.ISSUED,
            year__gte=today.year - 1,
            issued_on__lte=since,
        )
        .exclude(superseded_by__status=Plan.Status.ISSUED)
        .exclude(pk__in=reported)
        .order_by("-year", "pk")
    )
    plans = list(due[:2])
    if not plans:
        return []
    count = due.count() if len(plans) > 1 else 1
    url = reverse("reports:report-list", args=[plans[0].pk]) if count == 1 else _issued_list()
    return [
        QueueItem(_("Kế hoạch cần lập báo cáo kết quả (quá %(days)s ngày)") % {"days": REPORT_EVERY_DAYS}, count, url)
    ]


def _issued_list() -> str:
    return f"{reverse('plans:plan-list')}?status={Plan.Status.ISSUED}"


def reports_queue_key(user) -> list:
    """What reports_queue reads that no unit version covers: the unread
    notifications and documents, counted for the navbar anyway."""
    return [report_access.notifications_unread_count(user), report_access.inbox_unread_count(user)]


def reports_queue(user) -> list[QueueItem]:
    items = _reports_due(user)
    unread = report_access.notifications_unread_count(user)
    if unread:
        items.append(QueueItem(_("Thông báo chưa xem"), unread, reverse("reports:notification-list")))
    waiting = report_access.reports_waiting_for(user).count() if user.is_authenticated else 0
    if waiting:
        url = f"{reverse('reports:report-index')}?status=submitted"
        items.append(QueueItem(_("Báo cáo chờ bạn duyệt"), waiting, url))
    if member_organization_ids(user):
        documents = report_access.inbox_unread_count(user)
        items.append(QueueItem(_("Văn bản đến chưa xem"), documents, f"{reverse('reports:inbox')}?show=unread"))
    if is_reviewer(user):
        year = timezone.localdate().year
        with_plan = Plan.objects.filter(status=Plan.Status.ISSUED, year=year).values("issuer__unit")
        missing = report_access.district_communes(user).exclude(pk__in=with_plan).count()
        label = _("Xã chưa có kế hoạch ban hành năm %(year)s") % {"year": year}
        items.append(QueueItem(label, missing, f"{reverse('reports:district')}?year={year}"))
        if not report_access.deadlines_of(report_access.summary_units_own(user)).filter(year=year).exists():
            label = _("Chưa đặt hạn trình kế hoạch năm %(year)s cho các xã") % {"year": year}
            items.append(QueueItem(label, 1, reverse("reports:plan-deadlines")))
    return items
