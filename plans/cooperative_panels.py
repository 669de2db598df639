"""What plans adds to a cooperative's pages (cooperatives/registry/panels.py),
registered from PlansConfig.ready(): on a cooperative's profile, the plans
and tasks of a year that name it, with their progress (the plans' own access
rules and roll-up); on an OCOP product's page, the tasks that work for it.
The number of queries does not grow with the plans or tasks."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cooperatives.models import Cooperative, OcopProduct
from plans.access import plans_visible_to, tasks_visible_to
from plans.models import Plan
from plans.progress.rollup import tasks_progress


def _plans_by_year(user, cooperative: Cooperative) -> list[Plan]:
    named = Plan.objects.filter(Q(cooperatives=cooperative) | Q(tasks__cooperative=cooperative)).values("pk")
    return list(plans_visible_to(user).filter(pk__in=named).select_related("issuer").order_by("-year", "-pk"))


def _year_chosen(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def cooperative_plans(request: HttpRequest, cooperative: Cooperative) -> str:
    """The profile's "plans and tasks" block: a year's plans naming the
    cooperative (?year=, the latest by default) and its tasks' progress."""
    user = request.user
    plans = _plans_by_year(user, cooperative)
    years = sorted({plan.year for plan in plans}, reverse=True)
    year = _year_chosen(request, years)
    tasks = (
        tasks_visible_to(user)
        .filter(cooperative=cooperative, plan__year=year)
        .select_related("plan", "plan__issuer", "ocop_product")
        .order_by("plan_id", "position", "pk")
    )
    ctx = {
        "plans": [plan for plan in plans if plan.year == year],
        "years": years,
        "year": year,
        "task_progress": tasks_progress(tasks, today=timezone.localdate()) if year else [],
    }
    return render_to_string("plans/includes/_cooperative_plans.html", ctx, request=request)


def product_tasks(request: HttpRequest, product: OcopProduct) -> str:
    """The product page's list of the tasks, among those the user sees, that work for it."""
    tasks = list(
        tasks_visible_to(request.user)
        .filter(ocop_product=product)
        .select_related("plan", "plan__issuer")
        .order_by("-plan__year", "plan_id", "position")
    )
    return render_to_string("plans/includes/_product_tasks.html", {"tasks": tasks}, request=request)
