"""Progress on a plan's tasks: the roll-up (rollup.py), logging an update
with its evidence (services.py, evidence.py), reminders (reminders.py), and
the pages cooperative staff work in (views.py, urls.py, forms.py;
templates/plans/progress/).

The roll-up is what other parts of the portal read, so it is named here.
"""

from plans.progress.rollup import (
    PlanProgress,
    TaskProgress,
    TaskState,
    latest_updates,
    plan_progress,
    plans_progress,
    stale_days,
    task_progress,
    tasks_progress,
)

__all__ = [
    "PlanProgress",
    "TaskProgress",
    "TaskState",
    "latest_updates",
    "plan_progress",
    "plans_progress",
    "stale_days",
    "task_progress",
    "tasks_progress",
]
