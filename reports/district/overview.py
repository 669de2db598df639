"""The district office's page over its communes: what each commune has
planned this year, how far it has got and what it has reported.

Read-only; everything is read in a fixed number of queries whatever the
number of communes, plans and tasks (the progress roll-up comes from
plans/progress.py, as on the plan page and in the reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating
from plans import access
from plans.models import Plan
from plans.progress import PlanProgress, TaskProgress, plans_progress
from reports import access as report_access
from reports.district.figures import combined_percent, plans_counted
from reports.models import ProgressReport


@dataclass
class CommuneRow:
    unit: AdministrativeUnit
    cooperatives: list[Cooperative] = field(default_factory=list)
    # The plans in force (issued, not replaced by an issued amendment) with their progress.
    plans: list[tuple[Plan, PlanProgress]] = field(default_factory=list)
    # The others, listed apart and outside every figure: (plan, the amendment replacing it or None).
    pending: list[tuple[Plan, Plan | None]] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)
    late: list[TaskProgress] = field(default_factory=list)
    percent: float | None = None

    @property
    def issued_count(self) -> int:
        return len(self.plans)


def district_years(user, communes: list[AdministrativeUnit]) -> list[int]:
    """The years that have plans in these communes, newest first."""
    years = (
        access.plans_visible_to(user)
        .filter(issuer__unit__in=[c.pk for c in communes])
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


def district_overview(*, user, communes: list[AdministrativeUnit], year: int) -> list[CommuneRow]:
    """One row per commune: its cooperatives (with last year's rating), the
    year's plans with their status and progress, the late tasks and the
    issued progress reports."""
    rows = {c.pk: CommuneRow(unit=c) for c in communes}
    if not rows:
        return []
    ratings = CooperativeRating.objects.filter(year=year - 1)
    cooperatives = (
        Cooperative.objects.filter(organization__unit__in=rows)
        .select_related("organization")
        .prefetch_related(Prefetch("ratings", queryset=ratings, to_attr="last_ratings"))
    )
    for coop in cooperatives:
        rows[coop.organization.unit_id].cooperatives.append(coop)

    plans = list(
        access.plans_visible_to(user)
        .filter(issuer__unit__in=rows, year=year)
        .select_related("issuer")
        .order_by("issuer__short_name", "-id")
    )
    current, replaced_by = plans_counted(plans)
    progress = plans_progress(current)
    for plan in plans:
        row = rows[plan.issuer.unit_id]
        if plan.pk in progress:
            row.plans.append((plan, progress[plan.pk]))
            row.late += progress[plan.pk].late
        else:
            row.pending.append((plan, replaced_by.get(plan.pk)))
    for row in rows.values():
        row.percent = combined_percent(p for _plan, p in row.plans)
        row.late.sort(key=lambda tp: tp.task.due_on)

    reports = (
        report_access.reports_visible_to(user)
        .filter(plan__in=[p.pk for p in plans], status=ProgressReport.Status.ISSUED)
        .select_related("issuer")
        .order_by("-issued_on", "-id")
    )
    for report in reports:
        rows[report.issuer.unit_id].reports.append(report)
    return list(rows.values())
