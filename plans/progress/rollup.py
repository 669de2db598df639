"""The progress of tasks and plans, computed from the updates alone.

Everything here can be recomputed by hand from the updates and the dates: a
task's progress is its newest update on or before a date (by report date,
then by the moment it was recorded); its work status follows its percent
(0 not started, 1-99 in progress, 100 done); its state against the deadline
follows the percent and the dates (TaskState). A plan's percent is the mean
of its tasks' latest percents weighted by Task.weight. The plan page, the
dashboard, my tasks, the reminders and the progress report (reports app) all
read it from here, so they never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, ProgressUpdate, Task

Status = ProgressUpdate.Status


class TaskState(models.TextChoices):
    """A task against its deadline, in the colours Vietnamese task tools
    use (see plans/templatetags/progress_tags.py); most urgent first."""

    OVERDUE = "overdue", _("Quá hạn")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DONE_LATE = "done_late", _("Hoàn thành trễ hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")


DONE_STATES = (TaskState.DONE_LATE, TaskState.DONE_ON_TIME)


def stale_days() -> int:
    return int(getattr(settings, "PROGRESS_STALE_DAYS", 30))


def at_risk_margin() -> int:
    return int(getattr(settings, "PROGRESS_AT_RISK_MARGIN", 20))


def at_risk_days() -> int:
    return int(getattr(settings, "PROGRESS_AT_RISK_DAYS", 7))


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
    # One probe of the (task, -reported_on, -created_at, -id) index per task,
    # not per update row: the id of the newest update of each task (ties on
    # the day broken by the moment of recording, then by id, as the model
    # orders), as a LATERAL ... LIMIT 1 would, on SQLite too; then those rows
    # by primary key.
    newest = _newest_first(candidates).values("pk")[:1]
    latest_ids = Task.objects.filter(pk__in=ids).order_by().annotate(latest=Subquery(newest)).values("latest")
    rows = ProgressUpdate.objects.filter(InOnce(F("pk"), latest_ids)).order_by().select_related("author")
    return {update.task_id: update for update in rows}


def _newest_first(updates: QuerySet) -> QuerySet:
    """The updates of the outer query's task, newest first (by report date,
    then by the moment of recording, then by id, as the model orders)."""
    return updates.filter(task_id=OuterRef("pk")).order_by("-reported_on", "-created_at", "-id")


def latest_percent() -> Subquery:
    """For a query of tasks, each one's percent as latest_updates gives it
    (NULL before the first update), to filter on in SQL: done is 100."""
    return Subquery(_newest_first(ProgressUpdate.objects.all()).values("percent")[:1])


class InOnce(In):
    """`IN (subquery)` that PostgreSQL runs once, as `= ANY(ARRAY(subquery))`:
    as a plain IN it hashes the whole update table to join the ids (0.4 s
    against 0.08 s for 7,300 tasks and 490,000 updates). SQLite already
    probes the primary key for each id of an IN list."""

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql":
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)


def completed_on(history: Iterable[tuple[datetime.date, int]]) -> datetime.date | None:
    """The day a task was reported done, from its updates oldest first as
    (report date, percent): the first 100% since it was last below 100%. A
    later 100% (more evidence, a correction) does not move the day; a task
    reopened and finished again counts from its second finish."""
    since = None
    for reported_on, percent in history:
        if percent < 100:
            since = None
        elif since is None:
            since = reported_on
    return since


def completion_dates(task_ids: list[int], as_of: datetime.date | None = None) -> dict[int, datetime.date]:
    """completed_on for each of the given (done) tasks, in one query."""
    if not task_ids:
        return {}
    rows = ProgressUpdate.objects.filter(task_id__in=task_ids)
    if as_of is not None:
        rows = rows.filter(reported_on__lte=as_of)
    history: dict[int, list[tuple[datetime.date, int]]] = {pk: [] for pk in task_ids}
    ordered = rows.order_by("task_id", "reported_on", "created_at", "id")
    for task_id, reported_on, percent in ordered.values_list("task_id", "reported_on", "percent"):
        history[task_id].append((reported_on, percent))
    return {pk: day for pk, items in history.items() if (day := completed_on(items)) is not None}


def time_gone(task: Task, plan: Plan, today: datetime.date) -> float | None:
    """The share of the task's time gone by `today`, 0-100, from its start
    (its own start date, else the plan's issue date, else 1 January of the
    plan's year) to its due date; None without a due date."""
    if task.due_on is None:
        return None
    start = task.start_on or plan.issued_on or datetime.date(plan.year, 1, 1)
    total = (task.due_on - start).days
    if total <= 0:
        return 100.0 if today >= task.due_on else 0.0
    return min(max((today - start).days / total, 0.0), 1.0) * 100


def task_state(
    task: Task, percent: int, today: datetime.date, gone: float | None, done_on: datetime.date | None
) -> TaskState:
    """Done on time or late (by the day it was reported done), else overdue
    past the due date, else at risk when the deadline is near or the time
    gone leads the work done by more than the margin, else not started or in
    progress. A task at 0% that is at risk shows as at risk: that is what
    must be seen."""
    due = task.due_on
    if percent >= 100:
        late = due is not None and done_on is not None and done_on > due
        return TaskState.DONE_LATE if late else TaskState.DONE_ON_TIME
    if due is not None and due < today:
        return TaskState.OVERDUE
    if due is not None and ((due - today).days <= at_risk_days() or gone - percent > at_risk_margin()):
        return TaskState.AT_RISK
    return TaskState.NOT_STARTED if percent <= 0 else TaskState.IN_PROGRESS


@dataclass
class TaskProgress:
    task: Task
    latest: ProgressUpdate | None
    percent: int
    status: str
    state: str
    is_stale: bool
    time_gone: float | None = None
    completed_on: datetime.date | None = None

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def state_label(self) -> str:
        return TaskState(self.state).label

    @property
    def is_done(self) -> bool:
        return self.status == Status.DONE

    @property
    def is_late(self) -> bool:
        """Past its due date and not done (overdue)."""
        return self.state == TaskState.OVERDUE

    @property
    def is_at_risk(self) -> bool:
        return self.state == TaskState.AT_RISK


@dataclass
class PlanProgress:
    tasks: list[TaskProgress] = field(default_factory=list)
    percent: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    state_counts: dict[str, int] = field(default_factory=dict)
    late: list[TaskProgress] = field(default_factory=list)
    at_risk: list[TaskProgress] = field(default_factory=list)
    stale: list[TaskProgress] = field(default_factory=list)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        """(work status, label, count) in the order of the statuses, for templates."""
        return [(value, label, self.counts.get(value, 0)) for value, label in Status.choices]

    @property
    def state_rows(self) -> list[tuple[str, str, int]]:
        """(state, label, count) of the states some task is in, most urgent first."""
        return [(value, label, n) for value, label in TaskState.choices if (n := self.state_counts.get(value, 0))]


def _today(as_of: datetime.date | None, today: datetime.date | None) -> datetime.date:
    # A report "as of" a past date judges lateness on that date, not today.
    return today or as_of or timezone.localdate()


def task_progress(
    task: Task,
    plan: Plan,
    latest: ProgressUpdate | None,
    today: datetime.date,
    done_on: datetime.date | None = None,
) -> TaskProgress:
    """One task's progress from its newest update; `done_on` is the day it
    was reported done (completed_on), the newest update's day when not given."""
    percent = latest.percent if latest else 0
    status = Status.for_percent(percent)
    done = status == Status.DONE
    if done and done_on is None:
        done_on = latest.reported_on
    gone = time_gone(task, plan, today)
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
        percent=percent,
        status=status.value,
        state=task_state(task, percent, today, gone, done_on if done else None).value,
        is_stale=is_stale,
        time_gone=gone,
        completed_on=done_on if done else None,
    )


def tasks_progress(
    tasks: Iterable[Task], as_of: datetime.date | None = None, today: datetime.date | None = None
) -> list[TaskProgress]:
    """The progress of the given tasks (each with its plan loaded), in their
    order: one query for the newest updates and, when some task is done, one
    for the day each was done, whatever the number of tasks."""
    tasks = list(tasks)
    latest = latest_updates(tasks, as_of)
    done = [pk for pk, update in latest.items() if update.percent >= 100]
    done_on = completion_dates(done, as_of)
    day = _today(as_of, today)
    return [task_progress(t, t.plan, latest.get(t.pk), day, done_on.get(t.pk)) for t in tasks]


def _roll_up(items: list[TaskProgress]) -> PlanProgress:
    total_weight = sum(tp.task.weight for tp in items)
    percent = sum(tp.task.weight * tp.percent for tp in items) / total_weight if total_weight else 0.0
    counts = dict.fromkeys(Status.values, 0)
    state_counts = dict.fromkeys(TaskState.values, 0)
    for tp in items:
        counts[tp.status] += 1
        state_counts[tp.state] += 1
    return PlanProgress(
        tasks=items,
        percent=percent,
        counts=counts,
        state_counts=state_counts,
        late=[tp for tp in items if tp.is_late],
        at_risk=[tp for tp in items if tp.is_at_risk],
        stale=[tp for tp in items if tp.is_stale],
    )


def plan_progress(plan: Plan, as_of: datetime.date | None = None, today: datetime.date | None = None) -> PlanProgress:
    """The progress of one plan; uses the plan's prefetched tasks when present."""
    tasks = list(plan.tasks.all())
    for t in tasks:
        t.plan = plan
    return _roll_up(tasks_progress(tasks, as_of, today))


def plans_progress(
    plans: Iterable[Plan] | QuerySet, as_of: datetime.date | None = None, today: datetime.date | None = None
) -> dict[int, PlanProgress]:
    """The progress of many plans keyed by plan id, in two or three queries
    (tasks, latest updates, the days done tasks were done) whatever the
    number of plans."""
    plans = list(plans)
    if not plans:
        return {}
    by_id = {p.pk: p for p in plans}
    tasks = list(Task.objects.filter(plan_id__in=by_id).select_related("cooperative__organization"))
    for t in tasks:
        t.plan = by_id[t.plan_id]
    grouped: dict[int, list[TaskProgress]] = {pk: [] for pk in by_id}
    for tp in tasks_progress(tasks, as_of, today):
        grouped[tp.task.plan_id].append(tp)
    return {pk: _roll_up(items) for pk, items in grouped.items()}
