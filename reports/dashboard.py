"""What the reports app adds to the dashboard's work queue (plans/dashboard.py):
unread notifications and documents, and for a district reviewer the
communes with no issued plan for the year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.memberships import is_reviewer, member_organization_ids
from plans.dashboard import QueueItem
from plans.models import Plan
from reports import access as report_access


def reports_queue(user) -> list[QueueItem]:
    items = []
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
