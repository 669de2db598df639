"""Progress reminders by e-mail, sent from cron (`send_progress_reminders`).

Cooperative staff get their tasks due within the week or late; the editors
and approvers of each issuing committee a weekly digest. Safe to run as
often as wanted: each (user, kind, day) is recorded in SentReminder under a
unique constraint, in the same transaction as the sending, so a rerun the
same day sends nothing and a failed send is retried on the next run. The
digest goes out on the first run of each week (Monday, or the first day
cron ran after it).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cooperatives.models import Membership
from plans.models import Plan, ProgressUpdate, SentReminder
from plans.progress.rollup import PlanProgress, TaskProgress, plans_progress

REMINDER_DAYS_AHEAD = 7


def _active_plans(today: datetime.date):
    """Issued plans still being carried out: of this year or the last (a
    year's plan is reported on into the next), and not replaced by an issued
    amendment."""
    return (
        Plan.objects.filter(status=Plan.Status.ISSUED, year__gte=today.year - 1, year__lte=today.year)
        .exclude(superseded_by__status=Plan.Status.ISSUED)
        .select_related("issuer")
    )


def progress_reminders_send(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """E-mail the reminders of `today`, in Vietnamese; the counts sent."""
    today = today or timezone.localdate()
    plans = list(_active_plans(today))
    by_plan = plans_progress(plans, as_of=today, today=today)
    outbox = _Outbox(today=today, dry_run=dry_run)
    for user, items in _reporters_due(by_plan, today).values():
        _send_tasks_due(outbox, user, items)
    officials = _officials(plans)
    if officials:
        _send_digests(outbox, officials, by_plan, _recent_updates(plans, today))
    return outbox.sent


def _reporters_due(by_plan: dict[int, PlanProgress], today: datetime.date) -> dict[int, list]:
    """user id -> [user, open tasks of their cooperatives due within the week or late]."""
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    due_by_org: dict[int, list[TaskProgress]] = {}
    for item in by_plan.values():
        for tp in item.tasks:
            task = tp.task
            if task.cooperative_id and task.due_on and task.due_on <= horizon and not tp.is_done:
                due_by_org.setdefault(task.cooperative.organization_id, []).append(tp)
    reporters: dict[int, list] = {}
    members = Membership.objects.filter(
        role=Membership.Role.REPORTER, organization__in=due_by_org, user__is_active=True
    )
    for membership in members.select_related("user"):
        reporters.setdefault(membership.user_id, [membership.user, []])[1].extend(
            due_by_org[membership.organization_id]
        )
    return reporters


def _officials(plans: list[Plan]) -> dict[int, list]:
    """user id -> [user, the plans of the committees they edit or approve for]."""
    plans_by_issuer: dict[int, list[Plan]] = {}
    for plan in plans:
        plans_by_issuer.setdefault(plan.issuer_id, []).append(plan)
    officials: dict[int, list] = {}
    members = Membership.objects.filter(
        role__in=[Membership.Role.EDITOR, Membership.Role.APPROVER],
        organization__in=plans_by_issuer,
        user__is_active=True,
    )
    for membership in members.select_related("user"):
        entry = officials.setdefault(membership.user_id, [membership.user, []])
        entry[1].extend(p for p in plans_by_issuer[membership.organization_id] if p not in entry[1])
    return officials


def _recent_updates(plans: list[Plan], today: datetime.date) -> dict[int, list[ProgressUpdate]]:
    """plan id -> the updates of the past seven days."""
    week_ago = today - datetime.timedelta(days=7)
    recent: dict[int, list[ProgressUpdate]] = {}
    updates = ProgressUpdate.objects.filter(task__plan__in=plans, reported_on__gt=week_ago, reported_on__lte=today)
    for update in updates.select_related("task", "author"):
        recent.setdefault(update.task.plan_id, []).append(update)
    return recent


class _Outbox:
    """Sends each reminder at most once per user, kind and day, and counts."""

    def __init__(self, *, today: datetime.date, dry_run: bool):
        self.today = today
        self.dry_run = dry_run
        self.sent = {"tasks_due": 0, "weekly_digest": 0, "skipped_no_email": 0}

    def deliver(self, user, kind: str, count: int, subject: str, template: str, ctx: dict) -> None:
        if not user.email:
            self.sent["skipped_no_email"] += 1
            return
        with translation.override("vi"):
            body = render_to_string(template, {**ctx, "user": user, "site_url": settings.SITE_URL, "today": self.today})
        if self.dry_run:
            self.sent[kind] += 1
            return
        with transaction.atomic():
            _, created = SentReminder.objects.get_or_create(
                user=user, kind=kind, sent_on=self.today, defaults={"task_count": count}
            )
            if not created:
                return
            # Sent inside the transaction: if the mail server refuses, the
            # record is rolled back and the next run tries again.
            mail.send_mail(subject, body, None, [user.email])
        self.sent[kind] += 1


def _send_tasks_due(outbox: _Outbox, user, items: list[TaskProgress]) -> None:
    items.sort(key=lambda tp: (tp.task.due_on, tp.task.plan_id, tp.task.position))
    late = [tp for tp in items if tp.is_late]
    soon = [tp for tp in items if not tp.is_late]
    subject = f"[HTX Plan] {len(late)} nhiệm vụ trễ hạn, {len(soon)} nhiệm vụ sắp đến hạn"
    if not late:
        subject = f"[HTX Plan] {len(soon)} nhiệm vụ sắp đến hạn trong {REMINDER_DAYS_AHEAD} ngày"
    ctx = {"late": late, "soon": soon, "days": REMINDER_DAYS_AHEAD}
    outbox.deliver(user, SentReminder.Kind.TASKS_DUE, len(items), subject, "plans/progress/email/tasks_due.txt", ctx)


def _send_digests(outbox: _Outbox, officials: dict[int, list], by_plan: dict, recent: dict) -> None:
    today = outbox.today
    week_start = today - datetime.timedelta(days=today.weekday())
    had_digest = set(
        SentReminder.objects.filter(
            kind=SentReminder.Kind.WEEKLY_DIGEST, sent_on__gte=week_start, sent_on__lte=today
        ).values_list("user_id", flat=True)
    )
    for user_id, (user, user_plans) in officials.items():
        if user_id in had_digest:
            continue
        rows = [(p, by_plan[p.pk], recent.get(p.pk, [])) for p in user_plans]
        late_count = sum(len(pp.late) for _, pp, _ in rows)
        subject = f"[HTX Plan] Tổng hợp tiến độ tuần {today:%d/%m/%Y}: {late_count} nhiệm vụ trễ hạn"
        outbox.deliver(
            user,
            SentReminder.Kind.WEEKLY_DIGEST,
            sum(len(pp.tasks) for _, pp, _ in rows),
            subject,
            "plans/progress/email/weekly_digest.txt",
            {"rows": rows, "week_start": week_start},
        )
