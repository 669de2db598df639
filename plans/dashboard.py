"""What the dashboard shows a user: what they must do next ("Việc cần xử
lý"), the plans they see by state, the latest ones, and the late and quiet
tasks of the issued plans among them.

The work queue is open to other apps as the plan page is: the reports app
adds its items (unread documents, notifications, communes without a plan)
from ReportsConfig.ready(), so plans never imports reports.

The dashboard's body is cached as HTML (cooperatives/versions.py) on the
user's memberships, the versions of every unit it reads (the units of the
plans the user sees, and the user's own units with those below them), the
language, the day and what other apps register with dashboard_key_register
(the unread counts the navbar reads anyway): a repeat view costs one query
for the versions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cooperatives import versions
from cooperatives.memberships import Role, memberships, organization_ids_with_role
from cooperatives.models import AdministrativeUnit
from cooperatives.rating.dashboard import rating_links
from plans import access
from plans.forms.lists import NEEDS
from plans.models import Plan
from plans.progress import latest_updates, plans_progress


@dataclass(frozen=True)
class QueueItem:
    """One line of "Việc cần xử lý": what, how many, where the list is."""

    label: str
    count: int
    url: str


QueuePart = Callable[..., list[QueueItem]]
_QUEUE_PARTS: list[QueuePart] = []
KeyPart = Callable[..., list]
_KEY_PARTS: list[KeyPart] = []


def dashboard_queue_register(part: QueuePart) -> None:
    if part not in _QUEUE_PARTS:
        _QUEUE_PARTS.append(part)


def dashboard_key_register(part: KeyPart) -> None:
    """part(user) -> what a queue part reads that no unit version covers."""
    if part not in _KEY_PARTS:
        _KEY_PARTS.append(part)


def _plan_list(**query) -> str:
    return f"{reverse('plans:plan-list')}?{urlencode(query)}"


def _plans_queue(user, plans) -> list[QueueItem]:
    """The approver's plans waiting, the editor's returned plans and open remarks."""
    approver_of = organization_ids_with_role(user, Role.APPROVER)
    editor_of = organization_ids_with_role(user, Role.EDITOR)
    items = []
    if approver_of:
        waiting = plans.filter(status=Plan.Status.SUBMITTED, issuer__in=approver_of).count()
        items.append(QueueItem(_("Kế hoạch chờ bạn duyệt"), waiting, _plan_list(status=Plan.Status.SUBMITTED)))
        approved = plans.filter(status=Plan.Status.APPROVED, issuer__in=approver_of).count()
        if approved:
            label = _("Kế hoạch đã duyệt, chờ bạn ban hành")
            items.append(QueueItem(label, approved, _plan_list(status=Plan.Status.APPROVED)))
    if editor_of:
        returned = plans.filter(issuer__in=editor_of).filter(NEEDS["returned"]).count()
        items.append(QueueItem(_("Kế hoạch bị trả lại, cần sửa"), returned, _plan_list(need="returned")))
    if editor_of or approver_of:
        open_remarks = plans.filter(issuer__in=editor_of | approver_of).filter(NEEDS["remarks"]).count()
        items.append(QueueItem(_("Kế hoạch có góp ý chưa xử lý"), open_remarks, _plan_list(need="remarks")))
    return items


def _tasks_queue(user) -> list[QueueItem]:
    """Cooperative staff: the open tasks of current plans."""
    tasks = list(access.current_my_tasks(user))
    if not tasks:
        return []
    latest = latest_updates(tasks)
    open_tasks = sum(1 for t in tasks if t.pk not in latest or latest[t.pk].percent < 100)
    return [QueueItem(_("Nhiệm vụ cần cập nhật tiến độ"), open_tasks, reverse("plans:my-tasks"))]


def work_queue(user, plans) -> list[QueueItem]:
    items = _plans_queue(user, plans) + _tasks_queue(user)
    for part in _QUEUE_PARTS:
        items += part(user)
    return items


def dashboard_units(user, plans) -> QuerySet:
    """Every unit the dashboard reads: those of the plans the user sees, and
    the user's own units with the units below them (a commune with no plan
    yet, a district's deadlines)."""
    own = {m.organization.unit_id for m in memberships(user)}
    return AdministrativeUnit.objects.filter(
        Q(pk__in=plans.values("issuer__unit")) | Q(pk__in=own) | Q(parent__in=own) | Q(parent__parent__in=own)
    )


def cached_dashboard_html(request) -> SafeString:
    user = request.user
    plans = access.plans_visible_to(user).select_related("issuer")
    parts = [versions.user_signature(user), versions.versions(dashboard_units(user, plans)), get_language()]
    parts += [part(user) for part in _KEY_PARTS]

    def render() -> SafeString:
        html = render_to_string("plans/includes/_dashboard_body.html", dashboard_overview(user, plans), request=request)
        return mark_safe(html)

    return versions.cached_rollup("dashboard-html", parts, render)


def dashboard_overview(user, plans) -> dict:
    flags = cached_progress_flags(user, plans)
    queue = work_queue(user, plans)
    if flags["late_count"]:
        queue.append(
            QueueItem(_("Nhiệm vụ quá hạn trong các kế hoạch bạn theo dõi"), flags["late_count"], "#can-chu-y")
        )
    return {
        "queue": queue,
        "queue_empty": not any(item.count for item in queue),
        "recent_plans": plans[:10],
        "counts": status_counts(plans),
        "statuses": Plan.Status.choices,
        "progress_flags": flags,
        "rating_links": rating_links(user),
    }


def status_counts(plans) -> dict[str, int]:
    """How many of the plans are in each state: one query."""
    counts = plans.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Plan.Status.values}
    )
    return {status: counts[status] or 0 for status in Plan.Status.values}


def cached_progress_flags(user, plans) -> dict:
    """_progress_flags, cached on the user and on the versions of every unit
    whose plans the user sees (cooperatives/versions.py): a repeat view
    costs two small queries, and any write to those plans shows at once."""
    parts = [versions.user_signature(user), versions.versions(plans.values("issuer__unit"))]
    return versions.cached_rollup("dashboard-flags", parts, lambda: _progress_flags(user, plans))


def _progress_flags(user, plans) -> dict:
    """Late and quiet tasks of the current issued plans the user sees (only
    the tasks the user may open), and each plan's overall percent. Current:
    this year's plans and later ones, and the tasks of earlier plans still
    due this year; a task of a past year does not stay late forever, its
    plan is one click away in the plan list."""
    since = datetime.date(timezone.localdate().year, 1, 1)
    issued = plans.filter(status=Plan.Status.ISSUED).exclude(superseded_by__status=Plan.Status.ISSUED)
    issued = issued.filter(Q(year__gte=since.year) | Q(tasks__due_on__gte=since)).distinct()
    issued = list(issued.select_related("issuer"))
    by_plan = plans_progress(issued)
    visible = set(
        access.tasks_visible_to(user)
        .filter(plan__in=[p.pk for p in issued])
        .filter(Q(plan__year__gte=since.year) | Q(due_on__gte=since))
        .values_list("pk", flat=True)
    )
    late, at_risk, stale = [], [], []
    for item in by_plan.values():
        late += [tp for tp in item.late if tp.task.pk in visible]
        at_risk += [tp for tp in item.at_risk if tp.task.pk in visible]
        stale += [tp for tp in item.stale if tp.task.pk in visible]
    return {
        "plans": [(p, by_plan[p.pk]) for p in issued[:10]],
        "late": sorted(late, key=lambda tp: tp.task.due_on)[:20],
        "late_count": len(late),
        "at_risk": sorted(at_risk, key=lambda tp: (tp.task.due_on is None, tp.task.due_on))[:20],
        "at_risk_count": len(at_risk),
        "stale": stale[:20],
        "stale_count": len(stale),
        "since_year": since.year,
        "past_url": _plan_list(status=Plan.Status.ISSUED),
    }
