"""What a cooperative's profile page shows: its figures and ratings, its
OCOP products, what other apps add (registry/panels.py: the plans app's
plans and tasks of a year with their progress), the proposals and the
change history. The number of queries does not grow with the products."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cooperatives.models import Cooperative, CooperativeProposal
from cooperatives.registry import access
from cooperatives.registry.history import cooperative_history
from cooperatives.registry.panels import cooperative_page_parts
from cooperatives.registry.services import proposal_values


def url_or_empty(name: str, *args) -> str:
    """The URL named, or "" while that page does not exist in this build."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


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
    products = list(cooperative.ocop_products.select_related("group").order_by("-stars", "name"))
    return {
        "cooperative": cooperative,
        "organization": cooperative.organization,
        "perms": perms,
        "ratings": list(cooperative.ratings.order_by("-year")),
        "rating_list_url": url_or_empty("cooperatives:rating_list", cooperative.pk),
        "products": products,
        "today": timezone.localdate(),
        "proposals": _proposals(user, cooperative, perms),
        "parts": cooperative_page_parts(request, "profile", cooperative),
        "history": cooperative_history(cooperative) if perms["decide"] or perms["propose"] else [],
    }
