"""What the dashboard shows a user: the plans they see by state, the latest
ones, and the late and quiet tasks of the issued plans among them."""

from __future__ import annotations

from plans import access
from plans.models import Plan
from plans.progress import plans_progress


def dashboard_overview(user) -> dict:
    plans = access.plans_visible_to(user).select_related("issuer")
    return {
        "recent_plans": plans[:10],
        "counts": {status: plans.filter(status=status).count() for status in Plan.Status.values},
        "statuses": Plan.Status.choices,
        "progress_flags": _progress_flags(user, plans),
    }


def _progress_flags(user, plans) -> dict:
    """Late and quiet tasks of the issued plans the user sees (only the tasks
    the user may open), and each plan's overall percent."""
    issued = plans.filter(status=Plan.Status.ISSUED).exclude(superseded_by__status=Plan.Status.ISSUED)
    issued = list(issued.select_related("issuer"))
    by_plan = plans_progress(issued)
    visible = set(access.tasks_visible_to(user).filter(plan__in=[p.pk for p in issued]).values_list("pk", flat=True))
    late, stale = [], []
    for item in by_plan.values():
        late += [tp for tp in item.late if tp.task.pk in visible]
        stale += [tp for tp in item.stale if tp.task.pk in visible]
    return {
        "plans": [(p, by_plan[p.pk]) for p in issued[:10]],
        "late": sorted(late, key=lambda tp: tp.task.due_on)[:20],
        "late_count": len(late),
        "stale": stale[:20],
        "stale_count": len(stale),
    }
