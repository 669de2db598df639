"""Who is reminded of what, and when again.

A reminder is a Notification (reports/notifications), so it shows under the
bell and is e-mailed as each person chose. The same reminder goes to a
person at most once every REMIND_EVERY_DAYS days, however often cron runs.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cooperatives.memberships import units_under
from cooperatives.models import AdministrativeUnit, Membership, Organization
from plans.models import Plan
from plans.progress import plans_progress
from reports.models import Notification, PlanDeadline
from reports.notifications.services import members_of, notifications_create

REMIND_EVERY_DAYS = 7
Kind = Notification.Kind
Role = Membership.Role


@transaction.atomic
def plan_deadline_set(*, unit: AdministrativeUnit, year: int, due_on: datetime.date, user) -> PlanDeadline:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải trong khoảng 2000–2100.")})
    if due_on.year not in (year - 1, year):
        raise ValidationError(
            {"due_on": _("Hạn trình kế hoạch năm %(year)s phải trong năm %(year)s hoặc năm trước đó.") % {"year": year}}
        )
    deadline, _created = PlanDeadline.objects.update_or_create(
        unit=unit, year=year, defaults={"due_on": due_on, "set_by": user}
    )
    return deadline


def _recently_told(kind: str, subject: str) -> set[int]:
    # Real time, not the `today` a run may be given: a rerun for another day must not resend.
    since = timezone.now() - datetime.timedelta(days=REMIND_EVERY_DAYS) + datetime.timedelta(hours=1)
    told = Notification.objects.filter(kind=kind, subject=subject, created_at__gte=since)
    return set(told.values_list("user_id", flat=True))


def _remind(*, users, kind: str, subject: str, detail: str, url: str) -> int:
    told = _recently_told(kind, subject)
    fresh = [user for user in users if user.pk not in told]
    return len(notifications_create(users=fresh, kind=kind, subject=subject, detail=detail, url=url))


def _committees_without_plan(deadline: PlanDeadline):
    """The people's committees of the communes under the deadline's unit with
    no plan of the year submitted, approved or issued."""
    communes = AdministrativeUnit.objects.filter(
        pk__in=units_under({deadline.unit_id}), level=AdministrativeUnit.Level.COMMUNE
    )
    submitted = Plan.objects.filter(year=deadline.year).exclude(status=Plan.Status.DRAFT).values("issuer")
    return Organization.objects.filter(unit__in=communes, kind=Organization.Kind.PEOPLES_COMMITTEE).exclude(
        pk__in=submitted
    )


def plans_missing_remind(*, today: datetime.date) -> int:
    """Committees past their district's deadline with no plan submitted."""
    sent = 0
    for deadline in PlanDeadline.objects.filter(due_on__lt=today).select_related("unit"):
        if deadline.year < today.year - 1:
            continue  # a deadline of long ago is history, not a task
        for committee in _committees_without_plan(deadline):
            with override("vi"):
                subject = _("Kế hoạch năm %(year)s của %(name)s") % {
                    "year": deadline.year,
                    "name": committee.short_name,
                }
                detail = _("Hạn trình là ngày %(date)s (do %(unit)s đặt); kế hoạch chưa được trình.") % {
                    "date": f"{deadline.due_on:%d/%m/%Y}",
                    "unit": deadline.unit.name,
                }
            users = members_of(committee.pk, (Role.EDITOR, Role.APPROVER))
            sent += _remind(
                users=users,
                kind=Kind.PLAN_MISSING,
                subject=subject,
                detail=detail,
                url=reverse("plans:plan-create"),
            )
    return sent


def tasks_quiet_remind(*, today: datetime.date) -> int:
    """Cooperative staff whose tasks in current plans have had no update for the stale period."""
    plans = Plan.objects.filter(status=Plan.Status.ISSUED, year__gte=today.year - 1, year__lte=today.year).exclude(
        superseded_by__status=Plan.Status.ISSUED
    )
    quiet_by_org: dict[int, list] = {}
    for item in plans_progress(list(plans.select_related("issuer")), as_of=today, today=today).values():
        for tp in item.stale:
            if tp.task.cooperative_id and not tp.is_done:
                quiet_by_org.setdefault(tp.task.cooperative.organization_id, []).append(tp.task)
    sent = 0
    for org_id, tasks in quiet_by_org.items():
        with override("vi"):
            subject = _("Nhiệm vụ lâu chưa cập nhật tiến độ")
            detail = _("%(n)s nhiệm vụ: %(titles)s") % {
                "n": len(tasks),
                "titles": "; ".join(" ".join(t.title.split())[:80] for t in tasks[:5]),
            }
        sent += _remind(
            users=members_of(org_id, (Role.REPORTER,)),
            kind=Kind.TASKS_QUIET,
            subject=subject,
            detail=detail,
            url=reverse("plans:my-tasks"),
        )
    return sent


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {"plan_missing": plans_missing_remind(today=today), "tasks_quiet": tasks_quiet_remind(today=today)}
