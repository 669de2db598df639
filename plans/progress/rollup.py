"""The progress of tasks and plans, computed from the updates alone.

Everything here can be recomputed by hand from the updates: a task's
progress is its newest update on or before a date (by report date, then by
the moment it was recorded); a plan's percent is the mean of its tasks'
latest percents weighted by Task.weight. The plan page, the dashboard, the
reminders and the progress report (reports app) all read it from here, so
they never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from plans.models import Plan, ProgressUpdate, Task

Status = ProgressUpdate.Status


def stale_days() -> int:
    return int(getattr(settings, "PROGRESS_STALE_DAYS", 30))


def _task_ids(tasks: Iterable[Task | int] | QuerySet) -> list[int] | QuerySet:
    if isinstance(tasks, QuerySet):
        return tasks.values("pk") if tasks.model is Task else tasks
    return [t if isinstance(t, int) else t.pk for t in tasks]


def latest_updates(
    tasks: Iterable[Task | int] | QuerySet, as_of: datetime.date | None = None
) -> dict[int, ProgressUpdate]:
    """The newest update of each task reported on or before `as_of`
    (all updates when None), keyed by task id; one query whatever the number
    of tasks. Tasks without an update are absent from the result."""
    ids = _task_ids(tasks)
    if isinstance(ids, list) and not ids:
        return {}
    candidates = ProgressUpdate.objects.all()
    if as_of is not None:
        candidates = candidates.filter(reported_on__lte=as_of)
    # A correlated subquery picks the newest row per task; ties on the day
    # are broken by the moment of recording, then by id, as the model orders.
    newest = (
        candidates.filter(task_id=OuterRef("task_id")).order_by("-reported_on", "-created_at", "-id").values("pk")[:1]
    )
    rows = candidates.filter(task_id__in=ids, pk=Subquery(newest)).select_related("author")
    return {update.task_id: update for update in rows}


@dataclass
class TaskProgress:
    task: Task
    latest: ProgressUpdate | None
    percent: int
    status: str
    is_late: bool
    is_stale: bool

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_done(self) -> bool:
        return self.status == Status.DONE


@dataclass
class PlanProgress:
    tasks: list[TaskProgress] = field(default_factory=list)
    percent: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    late: list[TaskProgress] = field(default_factory=list)
    stale: list[TaskProgress] = field(default_factory=list)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of the statuses, for templates."""
        return [(value, label, self.counts.get(value, 0)) for value, label in Status.choices]


def _today(as_of: datetime.date | None, today: datetime.date | None) -> datetime.date:
    # A report "as of" a past date judges lateness on that date, not today.
    return today or as_of or timezone.localdate()


def task_progress(task: Task, plan: Plan, latest: ProgressUpdate | None, today: datetime.date) -> TaskProgress:
    status = latest.status if latest else Status.NOT_STARTED.value
    done = status == Status.DONE
    is_late = bool(task.due_on and task.due_on < today and not done)
    is_stale = False
    if plan.is_issued and not done:
        # "No update for N days": counted from the last update, or, before
        # the first one, from when the task could start (issue or start date).
        if latest is not None:
            since = latest.reported_on
        else:
            since = max(d for d in (plan.issued_on, task.start_on, datetime.date.min) if d is not None)
        is_stale = since != datetime.date.min and (today - since).days >= stale_days()
    return TaskProgress(
        task=task,
        latest=latest,
        percent=latest.percent if latest else 0,
        status=status,
        is_late=is_late,
        is_stale=is_stale,
    )


def _roll_up(items: list[TaskProgress]) -> PlanProgress:
    total_weight = sum(tp.task.weight for tp in items)
    percent = sum(tp.task.weight * tp.percent for tp in items) / total_weight if total_weight else 0.0
    counts = dict.fromkeys(Status.values, 0)
    for tp in items:
        counts[tp.status] += 1
    return PlanProgress(
        tasks=items,
        percent=percent,
        counts=counts,
        late=[tp for tp in items if tp.is_late],
        stale=[tp for tp in items if tp.is_stale],
    )


def plan_progress(plan: Plan, as_of: datetime.date | None = None, today: datetime.date | None = None) -> PlanProgress:
    """The progress of one plan; uses the plan's prefetched tasks when present."""
    tasks = list(plan.tasks.all())
    latest = latest_updates(tasks, as_of)
    day = _today(as_of, today)
    return _roll_up([task_progress(t, plan, latest.get(t.pk), day) for t in tasks])


def plans_progress(
    plans: Iterable[Plan] | QuerySet, as_of: datetime.date | None = None, today: datetime.date | None = None
) -> dict[int, PlanProgress]:
    """The progress of many plans keyed by plan id, in two queries (tasks and
    latest updates) whatever the number of plans."""
    plans = list(plans)
    if not plans:
        return {}
    by_id = {p.pk: p for p in plans}
    tasks = list(Task.objects.filter(plan_id__in=by_id).select_related("cooperative__organization"))
    latest = latest_updates(tasks, as_of)
    day = _today(as_of, today)
    grouped: dict[int, list[TaskProgress]] = {pk: [] for pk in by_id}
    for t in tasks:
        t.plan = by_id[t.plan_id]
        grouped[t.plan_id].append(task_progress(t, by_id[t.plan_id], latest.get(t.pk), day))
    return {pk: _roll_up(items) for pk, items in grouped.items()}
