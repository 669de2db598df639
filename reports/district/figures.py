"""What the district's figures count, and the year its pages open on.

The dashboard over the communes (overview.py) and the summary (summary.py:
page, PDF, XLSX) both ask here, so they never disagree on a figure or on
the year they show first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max
from django.utils import timezone

from plans.models import Plan
from plans.progress import PlanProgress


def plans_counted(plans: Iterable[Plan]) -> tuple[list[Plan], dict[int, Plan]]:
    """The plans the figures count, in the given order, and the issued
    amendment that replaces each plan it supersedes.

    Only an issued plan is in force: a draft, a submitted or an approved
    plan may still change or never be issued, and progress is logged on
    issued plans only. An issued amendment replaces the plan it supersedes,
    so the pair counts once, as the amendment (a chain counts its last link).
    A draft amendment replaces nothing yet."""
    plans = list(plans)
    replaced_by = {p.supersedes_id: p for p in plans if p.is_issued and p.supersedes_id}
    counted = [p for p in plans if p.is_issued and p.pk not in replaced_by]
    return counted, replaced_by


def default_year(communes, *, today: datetime.date | None = None) -> int:
    """The year /district/ and /reports/summary/ open on without ?year=: the
    latest year, up to the current one, with an issued plan in `communes`
    (units or their ids); the current year where none is issued.

    Why this rule: the figures count issued plans only, so opening on a year
    whose plans are all still drafts or waiting for approval (the demo's
    approved plan of this year beside its issued 2021 plans; the copy for
    next year a commune makes in December) would show an empty table while
    the real results sit one year back; and a plan issued ahead for next
    year must not move both pages away from the year being carried out."""
    this_year = (today or timezone.localdate()).year
    latest = (
        Plan.objects.filter(issuer__unit__in=communes, status=Plan.Status.ISSUED, year__lte=this_year)
        .aggregate(latest=Max("year"))
        .get("latest")
    )
    return latest or this_year


def combined_percent(progress: Iterable[PlanProgress]) -> float | None:
    """The progress of several plans together (a commune's plans, a
    district's): each plan's percent weighted by its number of tasks, so a
    plan of one task does not weigh as much as a plan of twenty. None when
    none of them has a task."""
    weighted = [(p.percent, len(p.tasks)) for p in progress if p.tasks]
    weight = sum(n for _percent, n in weighted)
    return sum(percent * n for percent, n in weighted) / weight if weight else None
