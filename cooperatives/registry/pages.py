"""What a cooperative's profile page shows: its figures and ratings, its
plans and tasks of a year with their progress (plans' own queries and
roll-up), its OCOP products, the proposals and the change history. The
number of queries does not grow with the plans, tasks or products."""

from __future__ import annotations

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cooperatives.models import Cooperative, CooperativeProposal
from cooperatives.registry import access
from cooperatives.registry.history import cooperative_history
from cooperatives.registry.services import proposal_values
from plans.access import plans_visible_to, tasks_visible_to
from plans.models import Plan
from plans.progress.rollup import tasks_progress


def url_or_empty(name: str, *args) -> str:
    """The URL named, or "" while that page does not exist in this build."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _plans_by_year(user, cooperative: Cooperative) -> list[Plan]:
    named = Plan.objects.filter(Q(cooperatives=cooperative) | Q(tasks__cooperative=cooperative)).values("pk")
    return list(plans_visible_to(user).filter(pk__in=named).select_related("issuer").order_by("-year", "-pk"))


def _year_chosen(request, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def _proposals(user, cooperative: Cooperative, perms: dict) -> list[CooperativeProposal]:
    if not (perms["decide"] or access.is_staff_of(user, cooperative)):
        return []
    proposals = list(cooperative.proposals.select_related("proposed_by", "decided_by")[:10])
    fields = {f.name: f for f in Cooperative._meta.concrete_fields}
    for proposal in proposals:
        values = proposal_values(proposal)
        proposal.rows = [
            (fields[name].verbose_name, getattr(cooperative, name), value) for name, value in values.items()
        ]
    return proposals


def profile_context(request, cooperative: Cooperative) -> dict:
    user = request.user
    perms = access.permissions(user, cooperative)
    plans = _plans_by_year(user, cooperative)
    years = sorted({plan.year for plan in plans}, reverse=True)
    year = _year_chosen(request, years)
    tasks = (
        tasks_visible_to(user)
        .filter(cooperative=cooperative, plan__year=year)
        .select_related("plan", "plan__issuer", "ocop_product")
        .order_by("plan_id", "position", "pk")
    )
    products = list(cooperative.ocop_products.select_related("group").order_by("-stars", "name"))
    return {
        "cooperative": cooperative,
        "organization": cooperative.organization,
        "perms": perms,
        "ratings": list(cooperative.ratings.order_by("-year")),
        "rating_list_url": url_or_empty("cooperatives:rating_list", cooperative.pk),
        "plans": [plan for plan in plans if plan.year == year],
        "years": years,
        "year": year,
        "task_progress": tasks_progress(tasks, today=timezone.localdate()) if year else [],
        "products": products,
        "today": timezone.localdate(),
        "proposals": _proposals(user, cooperative, perms),
        "history": cooperative_history(cooperative) if perms["decide"] or perms["propose"] else [],
    }
